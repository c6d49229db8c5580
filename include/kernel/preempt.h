/*
 * The context this CPU runs in (Linux's include/linux/preempt.h and
 * hardirq.h): a per-CPU count whose low byte counts the preempt_disable()s
 * (spin_lock takes one) and whose higher bits count the interrupt handlers
 * running (nested) on this CPU.
 *
 * The kernel is preemptible (Linux's CONFIG_PREEMPT): when the tick or a
 * wake-up sets TIF_NEED_RESCHED on the running task, the task is switched out
 * on the way back from the interrupt if the interrupted code had interrupts on
 * and preempt_count() == 0, or at the preempt_enable() that brings the count
 * back to 0.  Code that uses this CPU's data across several instructions (the
 * allocators' per-CPU lists, a this_cpu_ptr() kept in a variable) runs between
 * preempt_disable() and preempt_enable(), or with interrupts off.
 *
 * The count is per CPU; kernel/sched_core.c saves it in the task at a switch
 * and restores the next task's.
 */
#ifndef ATLAS_KERNEL_PREEMPT_H
#define ATLAS_KERNEL_PREEMPT_H

#include <kernel/percpu.h>

#define PREEMPT_MASK   0xffU            /* preempt_disable() depth */
#define PREEMPT_OFFSET 1U
#define HARDIRQ_SHIFT  16
#define HARDIRQ_OFFSET (1U << HARDIRQ_SHIFT)
#define HARDIRQ_MASK   (0xfU << HARDIRQ_SHIFT)
#define NMI_SHIFT      20
#define NMI_OFFSET     (1U << NMI_SHIFT)
#define NMI_MASK       (0xfU << NMI_SHIFT)

#ifdef ATLAS_HOST
#define preempt_count() 0U
#else
DECLARE_PER_CPU(unsigned int, __preempt_count);
#define preempt_count() this_cpu_read(__preempt_count)
#endif

#define hardirq_count()  (preempt_count() & HARDIRQ_MASK)
#define in_hardirq()     (hardirq_count() != 0)
#define in_irq()         in_hardirq()
#define in_nmi()         ((preempt_count() & NMI_MASK) != 0)
#define in_interrupt()   ((preempt_count() & (HARDIRQ_MASK | NMI_MASK)) != 0)
#define in_task()        (!in_interrupt())
/* preemption off, a spinlock held, or in an interrupt handler */
#define in_atomic()      (preempt_count() != 0)
#define preemptible()    (preempt_count() == 0 && !irqs_disabled())

/* Entering and leaving an interrupt handler on this CPU (do_irq calls them). */
#define irq_enter()      this_cpu_add(__preempt_count, HARDIRQ_OFFSET)
#define irq_exit()       this_cpu_sub(__preempt_count, HARDIRQ_OFFSET)
#define nmi_enter()      this_cpu_add(__preempt_count, NMI_OFFSET)
#define nmi_exit()       this_cpu_sub(__preempt_count, NMI_OFFSET)

#ifdef ATLAS_HOST
#define preempt_disable() barrier()
#define preempt_enable()  barrier()
#define preempt_enable_no_resched() barrier()
#else
/*
 * Switch to another task if this one was asked to give way (TIF_NEED_RESCHED)
 * and may (interrupts on, count 0): what preempt_enable() calls when the
 * count comes back to 0.  kernel/sched_core.c.
 */
void preempt_schedule(void);

/* Decrement the count; true if it is now 0 (one instruction and a flag). */
static __always_inline bool __preempt_count_dec_and_test(void)
{
	bool zero;

	__asm__ volatile("decl %%gs:%0" : "+m"(__preempt_count), "=@ccz"(zero) : : "memory");
	return zero;
}

#define preempt_disable() do { this_cpu_inc(__preempt_count); barrier(); } while (0)
#define preempt_enable_no_resched() do { barrier(); this_cpu_dec(__preempt_count); } while (0)
#define preempt_enable() do { \
	barrier(); \
	if (unlikely(__preempt_count_dec_and_test())) \
		preempt_schedule(); \
} while (0)
#endif

#endif
