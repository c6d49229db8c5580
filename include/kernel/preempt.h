/*
 * The context this CPU runs in (Linux's include/linux/preempt.h and
 * hardirq.h): a per-CPU count whose bits say how many interrupt handlers are
 * running (nested) on this CPU.  Atlas's kernel is never preempted, so only
 * the interrupt bits exist.
 */
#ifndef ATLAS_KERNEL_PREEMPT_H
#define ATLAS_KERNEL_PREEMPT_H

#include <kernel/percpu.h>

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
/* Atlas has no preemption to disable and spinlocks leave the count alone: interrupts only. */
#define in_atomic()      (preempt_count() != 0)

/* Entering and leaving an interrupt handler on this CPU (do_irq calls them). */
#define irq_enter()      this_cpu_add(__preempt_count, HARDIRQ_OFFSET)
#define irq_exit()       this_cpu_sub(__preempt_count, HARDIRQ_OFFSET)
#define nmi_enter()      this_cpu_add(__preempt_count, NMI_OFFSET)
#define nmi_exit()       this_cpu_sub(__preempt_count, NMI_OFFSET)

/* No kernel preemption: these only mark where Linux would count. */
#define preempt_disable() barrier()
#define preempt_enable()  barrier()

#endif
