/*
 * Per-CPU variables (Linux's include/linux/percpu-defs.h, asm/percpu.h and
 * mm/percpu.c, much reduced).
 *
 * DEFINE_PER_CPU(type, name) puts name in the section .data..percpu.  That
 * section, in the kernel image, is CPU 0's copy; every other CPU gets a copy
 * of its own when it is brought up, made from the section's contents as they
 * were at boot.  __per_cpu_offset[cpu] is the distance from the section to
 * that CPU's copy (0 for CPU 0), and each CPU keeps its own offset in its GS
 * base register, so
 *
 *   this_cpu_read(x)      is one instruction:  mov %gs:x(%rip), %reg
 *   per_cpu(x, cpu)       is *(&x + __per_cpu_offset[cpu])
 *
 * An access with %gs: is a single instruction, so an interrupt on this CPU
 * cannot come in the middle of this_cpu_inc(x): the this_cpu ops need
 * neither a lock nor cli against this CPU's own interrupt handlers.
 *
 * Dynamic per-CPU memory (alloc_percpu) comes from a reserve at the end of
 * the same section, so a pointer it returns works with per_cpu_ptr and
 * this_cpu_ptr exactly as &x does.  Every CPU's copy is zeroed when it is
 * allocated, and a CPU brought up later starts with zeros: per-CPU
 * structures must take all-zero as their valid empty state.
 */
#ifndef ATLAS_KERNEL_PERCPU_H
#define ATLAS_KERNEL_PERCPU_H

#include <kernel/compiler.h>
#include <kernel/types.h>

#define NR_CPUS 64                      /* the most CPUs Atlas runs (Linux's CONFIG_NR_CPUS) */
#define PERCPU_DYNAMIC_RESERVE (16 * 1024)      /* alloc_percpu's room, in each CPU's copy */

#define __percpu                        /* marks a per-CPU pointer, as Linux's sparse annotation */

#define DEFINE_PER_CPU(type, name) \
	__section(".data..percpu") __typeof__(type) name
#define DEFINE_PER_CPU_ALIGNED(type, name) \
	__section(".data..percpu") __aligned(64) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

extern unsigned long __per_cpu_offset[NR_CPUS];
extern char __per_cpu_start[], __per_cpu_end[];

#define per_cpu_offset(cpu) (__per_cpu_offset[(cpu)])

/* The address of cpu's copy of the per-CPU object at ptr. */
#define per_cpu_ptr(ptr, cpu) \
	((__typeof__(ptr))((unsigned long)(ptr) + per_cpu_offset(cpu)))
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), (cpu)))

#ifdef ATLAS_HOST
/* The host unit tests are one CPU with no GS base: every copy is CPU 0's. */
#define this_cpu_ptr(ptr)          (ptr)
#define this_cpu_read(var)         (var)
#define this_cpu_write(var, v)     ((var) = (v))
#define this_cpu_add(var, v)       ((var) += (v))
#else
DECLARE_PER_CPU(unsigned long, this_cpu_off);

/* One instruction on this CPU's copy of var: mov/add with a %gs: override. */
#define this_cpu_read(var) ({ \
	__typeof__(var) __v; \
	__asm__ volatile("mov %%gs:%1, %0" : "=r"(__v) : "m"(var)); \
	__v; })
#define this_cpu_write(var, v) ({ \
	__typeof__(var) __v = (v); \
	__asm__ volatile("mov%z0 %1, %%gs:%0" : "+m"(var) : "re"(__v)); })
#define this_cpu_add(var, v) ({ \
	__typeof__(var) __v = (v); \
	__asm__ volatile("add%z0 %1, %%gs:%0" : "+m"(var) : "re"(__v) : "cc"); })

/* This CPU's copy of the per-CPU object at ptr. */
#define this_cpu_ptr(ptr) \
	((__typeof__(ptr))((unsigned long)(ptr) + this_cpu_read(this_cpu_off)))
#endif

#define this_cpu_inc(var)    this_cpu_add(var, 1)
#define this_cpu_dec(var)    this_cpu_add(var, -1)
#define this_cpu_sub(var, v) this_cpu_add(var, -(v))
/* Linux's raw_ and __this_cpu_ forms: the same here (no preemption in the kernel). */
#define raw_cpu_ptr(ptr)          this_cpu_ptr(ptr)
#define __this_cpu_read(var)      this_cpu_read(var)
#define __this_cpu_write(var, v)  this_cpu_write(var, v)
#define __this_cpu_inc(var)       this_cpu_inc(var)

/*
 * Point this CPU's GS base at cpu's copy (the boot CPU: at the section
 * itself, before anything touches a per-CPU variable).
 */
void percpu_set_this_cpu(unsigned int cpu);

/* Save the section's boot contents, the template for the other CPUs' copies. */
void percpu_save_template(void);

/*
 * Make cpu's copy: pages from the buddy allocator, filled from the template,
 * dynamic part zeroed.  Returns 0 or -ENOMEM.  The boot CPU has one already.
 */
int percpu_alloc_area(unsigned int cpu);

/*
 * size bytes of per-CPU memory, aligned to align (a power of two up to
 * PAGE_SIZE), zeroed on every CPU; NULL when the reserve is used up or the
 * arguments are impossible.  free_percpu(NULL) does nothing.
 */
void __percpu *__alloc_percpu(size_t size, size_t align);
void free_percpu(void __percpu *ptr);
#define alloc_percpu(type) ((type __percpu *)__alloc_percpu(sizeof(type), __alignof__(type)))

/* Bytes of the dynamic reserve in use (for tests and meminfo's Percpu line). */
size_t percpu_dynamic_used(void);

#endif
