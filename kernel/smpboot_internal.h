/*
 * Shared by kernel/smpboot.c (bring-up), kernel/smp_work.c (idle loop, work)
 * and kernel/smpboot_map.c (the pure parts, host-tested).
 */
#ifndef ATLAS_KERNEL_SMPBOOT_INTERNAL_H
#define ATLAS_KERNEL_SMPBOOT_INTERNAL_H

#include <asm/apic.h>
#include <asm/processor.h>
#include <kernel/compiler.h>
#include <kernel/irqflags.h>
#include <kernel/percpu.h>
#include <kernel/time.h>
#include <kernel/types.h>

/*
 * Wait up to ms for cond; true if it came.  With interrupts on and this
 * CPU's tick running, the wait is hlt (the CPU that makes cond true sends a
 * RESCHEDULE_VECTOR IPI; the tick bounds the sleep), so a waiting vCPU leaves
 * its host CPU to the others; else it spins with pause.  cond is checked
 * again with interrupts off before each hlt, so a wake-up is never missed.
 * Once cond is true the wait ends without evaluating it again: cond may
 * claim something (queue_work_on's cmpxchg), true only once.
 */
#define wait_until(cond, ms) ({ \
	u64 __end = local_clock() + (u64)(ms) * NSEC_PER_MSEC; \
	bool __halt = !irqs_disabled() && lapic_timer_ticking(); \
	bool __ok; \
	while (!(__ok = (cond)) && local_clock() < __end) { \
		if (__halt) { \
			local_irq_disable(); \
			if (!(__ok = (cond))) \
				__asm__ volatile("sti; hlt" ::: "memory"); \
			else \
				local_irq_enable(); \
			if (__ok) \
				break; \
		} else { \
			cpu_relax(); \
		} \
	} \
	__ok; })

struct acpi_info;

/* An AP's idle loop: hlt with interrupts on, running the work it is given. */
__noreturn void cpu_idle(void);

/* Register RESCHEDULE_VECTOR's handler (once, from smp_init). */
void smpboot_work_init(void);

/* CPU numbers for the MADT's CPUs (Linux's generic_processor_info and prefill_possible_map). */
struct smp_cpu_map {
	u32 apicid[NR_CPUS];            /* by CPU number; BAD_APICID: none (a hotplug CPU) */
	unsigned int present;           /* enabled CPUs numbered, the boot CPU included */
	unsigned int disabled;          /* the MADT's disabled entries, and CPUs past the limit */
	unsigned int possible;          /* present + disabled, at most limit */
};

/*
 * Number the MADT's CPUs: the boot CPU (boot_apicid) is 0, the enabled
 * others follow in table order while fewer than limit (nr_cpus=; 0: NR_CPUS)
 * are numbered; one beyond is ignored with Linux's APIC: line.  acpi may be
 * NULL (no MADT: the boot CPU alone).
 */
void smp_build_cpu_map(const struct acpi_info *acpi, u32 boot_apicid, unsigned int limit,
		       struct smp_cpu_map *map);

/*
 * Linux's announce_cpu text for cpu (one node): for CPU 1 the ".... node  #0,
 * CPUs:" start and the boot CPU's padding, then " #cpu" padded to the width
 * of the possible count.  Returns what snprintf returns.
 */
int smp_format_announce(char *buf, size_t size, unsigned int possible, unsigned int cpu);

/* The BogoMIPS of a sum of loops_per_jiffy, as Linux's impress_friends: "NNNN.NN". */
int smp_format_bogomips(char *buf, size_t size, unsigned long bogosum);

/*
 * Linux's smp_quirk_init_udelay: the microseconds between INIT and STARTUP
 * for this CPU (CPUID 0's EBX vendor word, CPUID 1's EAX): 0 on Intel family
 * 6, AMD family 0xf and later, Hygon 0x18 and later; else 10 ms.
 */
unsigned int smp_init_udelay(u32 vendor_ebx, u32 cpuid1_eax);

#endif
