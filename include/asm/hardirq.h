/*
 * Per-CPU interrupt counts that are not per vector (Linux's asm/hardirq.h
 * irq_cpustat_t): the rows of /proc/interrupts below the IRQ lines.
 */
#ifndef ATLAS_ASM_HARDIRQ_H
#define ATLAS_ASM_HARDIRQ_H

#include <kernel/percpu.h>

typedef struct {
	unsigned int __nmi_count;               /* NMI */
	unsigned int apic_timer_irqs;           /* LOC */
	unsigned int irq_spurious_count;        /* SPU */
	unsigned int irq_resched_count;         /* RES */
	unsigned int irq_call_count;            /* CAL */
	unsigned int irq_tlb_count;             /* TLB */
} irq_cpustat_t;

DECLARE_PER_CPU(irq_cpustat_t, irq_stat);

#define inc_irq_stat(member) this_cpu_inc(irq_stat.member)

#endif
