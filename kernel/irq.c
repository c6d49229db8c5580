/*
 * Interrupt dispatch (Linux's kernel/irq/ and arch/x86/kernel/irq.c, much
 * reduced): one descriptor per vector with its handler, and per-CPU counts.
 * ISA IRQs are routed through the IOAPIC to vector 0x30 + irq; every
 * interrupt from the local APIC is acknowledged with an EOI, except the
 * spurious vector, which the APIC does not count as in service.
 *
 * The system vectors (the tick, the function-call and stop IPIs) have their
 * handlers from the start, as Linux's apic_idts[]; the bring-up requests
 * RESCHEDULE_VECTOR for its idle loop.  The rest are requested and freed at run
 * time, from any CPU, under irq_desc_lock.  Handlers run without the lock:
 * each descriptor counts the handlers running on any CPU, and free_irq waits
 * for that count to drop to zero after unhooking the handler (Linux's
 * synchronize_irq), so the caller may then free what dev points to.
 */
#include <asm/apic.h>
#include <asm/hardirq.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <errno.h>
#include <fs/proc_fs.h>
#include <kernel/irq.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/traps.h>

struct irq_desc {
	irq_handler_t handler;
	void *dev;
	const char *name;
	int irq;                        /* ISA IRQ, or -1 for a local vector */
	u32 gsi;
	bool level;
	atomic_t in_progress;           /* handlers running now, on any CPU */
};

#define SYSTEM_VECTOR(fn, n) { .handler = (fn), .name = (n), .irq = -1 }

static struct irq_desc descs[NR_VECTORS] = {
	[CALL_FUNCTION_SINGLE_VECTOR] = SYSTEM_VECTOR(smp_call_function_interrupt, "CAL"),
	[CALL_FUNCTION_VECTOR] = SYSTEM_VECTOR(smp_call_function_interrupt, "CAL"),
	[REBOOT_VECTOR] = SYSTEM_VECTOR(smp_reboot_interrupt, "reboot"),
	[LOCAL_TIMER_VECTOR] = SYSTEM_VECTOR(local_apic_timer_interrupt, "LOC"),
};
static DEFINE_SPINLOCK(irq_desc_lock);
/* Interrupts taken per vector, per CPU (Linux's kstat_irqs_cpu). */
static DEFINE_PER_CPU(unsigned int[NR_VECTORS], vector_irqs);
DEFINE_PER_CPU(irq_cpustat_t, irq_stat);
bool irqs_ready;

/* Hook handler to vector; the caller holds irq_desc_lock. */
static int __request_vector(unsigned int vector, irq_handler_t handler, const char *name,
			    void *dev, int irq)
{
	struct irq_desc *d = &descs[vector];

	if (vector < FIRST_EXTERNAL_VECTOR || vector >= NR_VECTORS || !handler)
		return -EINVAL;
	if (d->handler)
		return -EBUSY;
	d->dev = dev;
	d->name = name;
	d->irq = irq;
	smp_store_release(&d->handler, handler);        /* the fields before the handler */
	return 0;
}

int request_vector(unsigned int vector, irq_handler_t handler, const char *name, void *dev)
{
	unsigned long flags;
	int err;

	spin_lock_irqsave(&irq_desc_lock, flags);
	err = __request_vector(vector, handler, name, dev, -1);
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	return err;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev)
{
	unsigned int vector = ISA_IRQ_VECTOR(irq);
	unsigned long irqflags;
	bool level, low;
	u32 gsi;
	int err;

	if (irq >= NR_ISA_IRQS || !handler)
		return -EINVAL;
	if (!nr_ioapics_mapped())
		return -ENODEV;
	gsi = isa_irq_to_gsi(irq, &level, &low);
	spin_lock_irqsave(&irq_desc_lock, irqflags);
	err = __request_vector(vector, handler, name, dev, (int)irq);
	if (!err) {
		descs[vector].gsi = gsi;
		descs[vector].level = level;
		err = ioapic_set_gsi(gsi, vector, level, low, false);
		if (err)
			descs[vector].handler = NULL;   /* not routed: leave the vector free */
	}
	spin_unlock_irqrestore(&irq_desc_lock, irqflags);
	return err;
}

/* Wait until no CPU runs d's handler (Linux's synchronize_irq). */
static void synchronize_desc(struct irq_desc *d)
{
	/*
	 * The handler's NULL must be visible before in_progress is read: x86
	 * lets a load pass an earlier store, and a CPU that read the old
	 * handler after our read would run it after free_irq returned.
	 */
	smp_mb();
	while (atomic_read(&d->in_progress))
		cpu_relax();
}

void free_irq(unsigned int irq, void *dev)
{
	struct irq_desc *d = &descs[ISA_IRQ_VECTOR(irq % NR_ISA_IRQS)];
	unsigned long flags;

	if (irq >= NR_ISA_IRQS)
		return;
	spin_lock_irqsave(&irq_desc_lock, flags);
	if (!d->handler || d->dev != dev) {
		spin_unlock_irqrestore(&irq_desc_lock, flags);
		return;
	}
	ioapic_mask_gsi(d->gsi, true);
	WRITE_ONCE(d->handler, NULL);
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	synchronize_desc(d);
}

unsigned long irq_vector_count_cpu(unsigned int vector, unsigned int cpu)
{
	return vector < NR_VECTORS && cpu < NR_CPUS ? per_cpu(vector_irqs, cpu)[vector] : 0;
}

unsigned long irq_vector_count(unsigned int vector)
{
	unsigned long sum = 0;
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		sum += irq_vector_count_cpu(vector, cpu);
	return sum;
}

/* Run d's handler, counted as running so that free_irq can wait for it. */
static void handle_desc(struct irq_desc *d, unsigned long vector)
{
	irq_handler_t handler;

	atomic_inc(&d->in_progress);
	handler = smp_load_acquire(&d->handler);
	if (handler) {
		irq_enter();
		handler(d->irq, d->dev);
		irq_exit();
	} else {
		printk_once(KERN_WARNING "irq: unexpected interrupt on vector %#lx (CPU%u)\n",
			    vector, smp_processor_id());
	}
	atomic_dec(&d->in_progress);
}

void do_irq(struct pt_regs *regs)
{
	unsigned long v = regs->vector;

	tlb_leave_idle();               /* before anything: a shootdown may wait for this CPU */
	this_cpu_inc(vector_irqs[v]);
	if (v == SPURIOUS_APIC_VECTOR) {
		inc_irq_stat(irq_spurious_count);
		return;                 /* no EOI: the APIC has nothing in service */
	}
	if (v < PIC_VECTOR_BASE + 16 && v >= PIC_VECTOR_BASE)
		return;                 /* a spurious 8259 IRQ 7/15: the PICs are masked */
	handle_desc(&descs[v], v);
	lapic_eoi();
}

/* ---- /proc/interrupts ---- */

#define IRQ_PREC 3              /* Linux's prec: the digits of the largest IRQ, at least 3 */

/* One per-CPU row below the IRQ lines: "LOC:        815        779   Local timer interrupts" */
static void show_cpustat_row(struct seq_file *m, const char *name, size_t offset, const char *desc)
{
	unsigned int cpu;

	seq_printf(m, "%*s: ", IRQ_PREC, name);
	for_each_online_cpu(cpu)
		seq_printf(m, "%10u ", *(unsigned int *)((char *)&per_cpu(irq_stat, cpu) + offset));
	seq_printf(m, "  %s\n", desc);
}

#define CPUSTAT_ROW(m, name, member, desc) \
	show_cpustat_row(m, name, __builtin_offsetof(irq_cpustat_t, member), desc)

/* "  4:          0        371   IO-APIC   4-edge      ttyS0" (Linux's show_interrupts) */
static void show_irq_line(struct seq_file *m, unsigned int irq, const struct irq_desc *d)
{
	unsigned int cpu;

	seq_printf(m, "%*u: ", IRQ_PREC, irq);
	for_each_online_cpu(cpu)
		seq_printf(m, "%10u ", per_cpu(vector_irqs, cpu)[ISA_IRQ_VECTOR(irq)]);
	seq_printf(m, " %8s %*u-%-8s  %s\n", "IO-APIC", IRQ_PREC, d->gsi,
		   d->level ? "fasteoi" : "edge", d->name);
}

/*
 * Linux's /proc/interrupts: a column per online CPU, the IOAPIC's lines, then
 * the per-CPU rows in Linux's order (arch_show_interrupts) for the events
 * Atlas has; ERR is one count for the machine, as Linux's irq_err_count.
 */
static int interrupts_show(struct seq_file *m, void *v)
{
	unsigned long flags;
	unsigned int cpu;

	seq_printf(m, "%*s", IRQ_PREC + 8, "");
	for_each_online_cpu(cpu)
		seq_printf(m, "CPU%-8u", cpu);
	seq_putc(m, '\n');
	for (unsigned int irq = 0; irq < NR_ISA_IRQS; irq++) {
		struct irq_desc d;

		/* a copy, so that the lock is not held while printing */
		spin_lock_irqsave(&irq_desc_lock, flags);
		d = descs[ISA_IRQ_VECTOR(irq)];
		spin_unlock_irqrestore(&irq_desc_lock, flags);
		if (d.handler)
			show_irq_line(m, irq, &d);
	}
	CPUSTAT_ROW(m, "NMI", __nmi_count, "Non-maskable interrupts");
	CPUSTAT_ROW(m, "LOC", apic_timer_irqs, "Local timer interrupts");
	CPUSTAT_ROW(m, "SPU", irq_spurious_count, "Spurious interrupts");
	CPUSTAT_ROW(m, "RES", irq_resched_count, "Rescheduling interrupts");
	CPUSTAT_ROW(m, "CAL", irq_call_count, "Function call interrupts");
	CPUSTAT_ROW(m, "TLB", irq_tlb_count, "TLB shootdowns");
	seq_printf(m, "%*s: %10lu\n", IRQ_PREC, "ERR", irq_vector_count(ERROR_APIC_VECTOR));
	return 0;
}
MONITOR_SHOW(interrupts, "interrupt counts per IRQ and CPU (/proc/interrupts)", interrupts_show);
PROC_SHOW("interrupts", interrupts_show);
