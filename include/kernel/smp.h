/*
 * Many CPUs (Linux's include/linux/smp.h): which CPU this is, and running a
 * function on other CPUs.
 *
 * smp_call_function*() and on_each_cpu() run func in interrupt context on the
 * target CPUs (an IPI), with interrupts off there: func must be short and
 * must not sleep or wait for another CPU.  run_on_each_cpu() runs a function
 * in process context (interrupts on) on every online CPU at once, for work
 * that takes long, such as a stress test.
 */
#ifndef ATLAS_KERNEL_SMP_H
#define ATLAS_KERNEL_SMP_H

#include <kernel/cpumask.h>
#include <kernel/percpu.h>

typedef void (*smp_call_func_t)(void *info);

#ifdef ATLAS_HOST
#define smp_processor_id() 0U
#else
DECLARE_PER_CPU(unsigned int, cpu_number);
/* This CPU's number, 0 to nr_cpu_ids - 1 (the boot CPU is 0). */
#define smp_processor_id() this_cpu_read(cpu_number)
#endif
#define raw_smp_processor_id() smp_processor_id()
#define get_cpu() smp_processor_id()
#define put_cpu() do { } while (0)

/*
 * Run func(info) on every other online CPU; with wait, return only when all
 * have finished.  Call with interrupts on (a CPU waiting with them off could
 * deadlock against one sending it an IPI).
 */
void smp_call_function(smp_call_func_t func, void *info, int wait);

/* Run func(info) on cpu (this one: directly, interrupts off).  0 or -ENXIO (offline). */
int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait);

/* smp_call_function, then func(info) here with interrupts off. */
void on_each_cpu(smp_call_func_t func, void *info, int wait);

/* As smp_call_function, for the online CPUs of mask (this one left out). */
void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func,
			    void *info, bool wait);

/* As on_each_cpu, for the online CPUs of mask (this one included if in mask). */
void on_each_cpu_mask(const struct cpumask *mask, smp_call_func_t func, void *info, bool wait);

/*
 * Stop every other CPU (REBOOT_VECTOR): each leaves cpu_online_mask and halts
 * with interrupts off.  Waits up to a second, then says how many did not stop.
 * Called by panic and before power-off or restart.
 */
void smp_send_stop(void);

/* ms an IPI may go unanswered before csd_lock_wait reports it (smp.csd_lock_timeout=). */
extern unsigned long csd_lock_timeout;

/* Leave cpu_online_mask and halt for good, interrupts off (panic on a second CPU). */
__noreturn void panic_smp_self_stop(void);

/*
 * Run fn(info) on every online CPU at the same time, in process context with
 * interrupts on, this CPU included, and return when all have returned
 * (Linux's schedule_on_each_cpu(), without workqueues).
 */
void run_on_each_cpu(void (*fn)(void *info), void *info);

/*
 * Run fn(par) on cpu in process context (its idle loop, interrupts on) and
 * wait; returns fn's result, -ENXIO (offline), -EBUSY (still busy with other
 * work after 10 s, or cpu is the boot CPU asked from another), or -ETIMEDOUT
 * (reported: it did not start in 10 s or finish in 2 min).
 */
int smp_call_on_cpu(unsigned int cpu, int (*fn)(void *), void *par, bool phys);

/* Wake cpu with RESCHEDULE_VECTOR (its idle loop looks for work). */
void smp_send_reschedule(int cpu);

#endif
