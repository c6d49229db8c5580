/*
 * The periodic tick (Linux's kernel/time/tick-common.c and the local APIC
 * clock event of arch/x86/kernel/apic/apic.c, reduced): each CPU's local
 * APIC timer, in periodic mode, interrupts that CPU HZ times a second on
 * LOCAL_TIMER_VECTOR.  Every CPU counts its ticks (the LOC row of
 * /proc/interrupts); the boot CPU alone advances jiffies, as Linux's
 * tick_do_timer_cpu, so that jiffies counts time and not CPUs.
 *
 * The timer's rate was calibrated once, on the boot CPU (lapic.c); the other
 * CPUs' timers run from the same bus clock, so one figure serves them all.
 */
#include <asm/apic.h>
#include <asm/hardirq.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/tick.h>

#define TICK_DO_TIMER_CPU 0             /* the CPU that advances jiffies */

u64 jiffies;

enum irqreturn local_apic_timer_interrupt(int irq, void *dev)
{
	inc_irq_stat(apic_timer_irqs);
	if (smp_processor_id() == TICK_DO_TIMER_CPU)
		WRITE_ONCE(jiffies, jiffies + 1);
	scheduler_tick();               /* time slices and sleepers (kernel/sched_core.c) */
	return IRQ_HANDLED;
}

void tick_setup_this_cpu(void)
{
	lapic_timer_periodic(HZ);
}
