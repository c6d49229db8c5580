/*
 * Interrupt dispatch (Linux's kernel/irq/ and arch/x86/kernel/irq.c, much
 * reduced): one descriptor per vector with its handler and a count.  ISA IRQs
 * are routed through the IOAPIC to vector 0x30 + irq; every interrupt from the
 * local APIC is acknowledged with an EOI, except the spurious vector, which
 * the APIC does not count as in service.
 */
#include <asm/apic.h>
#include <asm/hardirq.h>
#include <asm/processor.h>
#include <errno.h>
#include <kernel/irq.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/traps.h>

struct irq_desc {
	irq_handler_t handler;
	void *dev;
	const char *name;
	int irq;                        /* ISA IRQ, or -1 for a local vector */
	u32 gsi;
	bool level;
	unsigned long count;
};

static struct irq_desc descs[NR_VECTORS];
DEFINE_PER_CPU(irq_cpustat_t, irq_stat);
bool irqs_ready;

int request_vector(unsigned int vector, irq_handler_t handler, const char *name, void *dev)
{
	if (vector < FIRST_EXTERNAL_VECTOR || vector >= NR_VECTORS)
		return -EINVAL;
	if (descs[vector].handler)
		return -EBUSY;
	descs[vector] = (struct irq_desc){ handler, dev, name, -1, 0, false, descs[vector].count };
	return 0;
}

int request_irq(unsigned int irq, irq_handler_t handler, const char *name, void *dev)
{
	unsigned int vector = ISA_IRQ_VECTOR(irq);
	bool level, low;
	u32 gsi;
	int err;

	if (irq >= NR_ISA_IRQS || !handler)
		return -EINVAL;
	if (!nr_ioapics_mapped())
		return -ENODEV;
	err = request_vector(vector, handler, name, dev);
	if (err)
		return err;
	gsi = isa_irq_to_gsi(irq, &level, &low);
	descs[vector].irq = irq;
	descs[vector].gsi = gsi;
	descs[vector].level = level;
	err = ioapic_set_gsi(gsi, vector, level, low, false);
	if (err)
		descs[vector].handler = NULL;   /* not routed: leave the vector free */
	return err;
}

void free_irq(unsigned int irq, void *dev)
{
	struct irq_desc *d = &descs[ISA_IRQ_VECTOR(irq % NR_ISA_IRQS)];

	if (irq >= NR_ISA_IRQS || !d->handler || d->dev != dev)
		return;
	ioapic_mask_gsi(d->gsi, true);
	d->handler = NULL;
}

unsigned long irq_vector_count(unsigned int vector)
{
	return vector < NR_VECTORS ? descs[vector].count : 0;
}

void do_irq(struct pt_regs *regs)
{
	struct irq_desc *d = &descs[regs->vector];

	d->count++;
	if (regs->vector == SPURIOUS_APIC_VECTOR)
		return;                 /* no EOI: the APIC has nothing in service */
	if (regs->vector < PIC_VECTOR_BASE + 16 && regs->vector >= PIC_VECTOR_BASE)
		return;                 /* a spurious 8259 IRQ 7/15: the PICs are masked */
	if (d->handler) {
		irq_enter();
		d->handler(d->irq, d->dev);
		irq_exit();
	} else
		printk_once(KERN_WARNING "irq: unexpected interrupt on vector %#lx\n", regs->vector);
	lapic_eoi();
}

/* /proc/interrupts: "  0:         48   IO-APIC   2-edge      timer" */
static int interrupts_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%*sCPU%-8d\n", 11, "", 0);
	for (unsigned int irq = 0; irq < NR_ISA_IRQS; irq++) {
		const struct irq_desc *d = &descs[ISA_IRQ_VECTOR(irq)];

		if (d->handler)
			seq_printf(m, "%3u: %10lu  %8s %3u-%-8s  %s\n", irq, d->count, "IO-APIC",
				   d->gsi, d->level ? "fasteoi" : "edge", d->name);
	}
	seq_printf(m, "%3s: %10lu   Non-maskable interrupts\n", "NMI", nmi_count);
	seq_printf(m, "%3s: %10lu   Local timer interrupts\n", "LOC",
		   descs[LOCAL_TIMER_VECTOR].count);
	seq_printf(m, "%3s: %10lu   Spurious interrupts\n", "SPU",
		   descs[SPURIOUS_APIC_VECTOR].count);
	seq_printf(m, "%3s: %10lu\n", "ERR", descs[ERROR_APIC_VECTOR].count);
	return 0;
}
MONITOR_SHOW(interrupts, "interrupt counts per IRQ (/proc/interrupts)", interrupts_show);
