/* Between kernel/irq.c and kernel/irq_proc.c: what one /proc/interrupts line shows. */
#ifndef ATLAS_KERNEL_IRQ_INTERNAL_H
#define ATLAS_KERNEL_IRQ_INTERNAL_H

#include <kernel/types.h>

/* The most handlers one line lists (the storm report too): more never share one here. */
#define IRQ_LINE_MAX_NAMES 8

struct irq_line {
	const char *chip;               /* "IO-APIC" or "PCI-MSI" (Linux's irq_chip names) */
	unsigned long hwirq;            /* the GSI, or the MSI's Linux hwirq */
	bool level;                     /* the flow: fasteoi (level) or edge */
	unsigned int nr_names;
	const char *names[IRQ_LINE_MAX_NAMES];  /* request_irq's names, in request order */
};

/* Fill line for irq, copied under the descriptors' lock; false if nobody requested it. */
bool irq_describe(unsigned int irq, struct irq_line *line);

/* Interrupts of irq handled on cpu (Linux's kstat_irqs_cpu). */
unsigned int kstat_irqs_cpu(unsigned int irq, unsigned int cpu);

#endif
