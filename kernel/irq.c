/*
 * Interrupt dispatch (Linux's kernel/irq/ and arch/x86/kernel/irq.c, much
 * reduced).  Two tables:
 *
 *   - vectors: the system vectors (the tick, the function-call and stop IPIs,
 *     as Linux's apic_idts[]; the bring-up requests RESCHEDULE_VECTOR for its
 *     idle loop) have a handler of their own (request_vector);
 *   - irqs, by Linux's numbers: 0-15 the ISA IRQs at vector 0x30 + irq, then
 *     one per IOAPIC pin from GSI 16 (irq = GSI, made by irq_setup_gsi for a
 *     PCI INTx line), then the MSIs from the first number after the last GSI
 *     (irq_alloc_msi).  An irq other than an ISA one gets a vector from
 *     FIRST_DYNAMIC_VECTOR-LAST_DYNAMIC_VECTOR; vector_irq[] leads back.
 *
 * Each irq has a chain of actions (IRQF_SHARED: several devices on one
 * line); each handler says whether the interrupt was its device's.  An irq
 * whose handlers all say IRQ_NONE nearly every time is stuck (a level line
 * nobody acknowledges): it is reported as Linux's note_interrupt does ("irq
 * 20: nobody cared") and disabled, so that it cannot hold a CPU for ever.
 *
 * Requests and frees run in process context, from any CPU, under
 * irq_desc_lock.  Handlers run without the lock: each descriptor counts the
 * handlers running on any CPU, and free_irq waits for that count to drop to
 * zero after unhooking the action (Linux's synchronize_irq), so the caller
 * may then free what dev points to.  Every interrupt from the local APIC is
 * acknowledged with an EOI, except the spurious vector, which the APIC does
 * not count as in service.  /proc/interrupts is kernel/irq_proc.c's.
 */
#include <asm/apic.h>
#include <asm/hardirq.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/tlbflush.h>
#include <errno.h>
#include <kernel/irq.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/tick.h>
#include <kernel/traps.h>
#include <mm/slab.h>

#include "irq_internal.h"

/* ---- system vectors (request_vector) ---- */

struct vector_desc {
	irq_handler_t handler;
	void *dev;
	const char *name;
	atomic_t in_progress;           /* handlers running now, on any CPU */
};

#define SYSTEM_VECTOR(fn, n) { .handler = (fn), .name = (n) }

static struct vector_desc vector_descs[NR_VECTORS] = {
	[CALL_FUNCTION_SINGLE_VECTOR] = SYSTEM_VECTOR(smp_call_function_interrupt, "CAL"),
	[CALL_FUNCTION_VECTOR] = SYSTEM_VECTOR(smp_call_function_interrupt, "CAL"),
	[REBOOT_VECTOR] = SYSTEM_VECTOR(smp_reboot_interrupt, "reboot"),
	[LOCAL_TIMER_VECTOR] = SYSTEM_VECTOR(local_apic_timer_interrupt, "LOC"),
};

/* ---- irqs ---- */

/* One request_irq (Linux's struct irqaction). */
struct irqaction {
	irq_handler_t handler;
	void *dev;
	const char *name;
	unsigned long flags;
	struct irqaction *next;
};

enum irq_kind {
	IRQ_KIND_NONE,                  /* not set up: request_irq refuses it */
	IRQ_KIND_IOAPIC,                /* an ISA IRQ or a GSI: an IOAPIC pin */
	IRQ_KIND_MSI,                   /* one MSI message, irq_alloc_msi's */
};

struct irq_desc {
	struct irqaction *action;       /* the handlers, in request order */
	enum irq_kind kind;
	bool level, active_low;         /* IOAPIC: trigger and polarity */
	bool setup;                     /* irq_setup_gsi said level/active_low (ISA: else the MADT) */
	u32 gsi;                        /* IOAPIC: the pin's GSI, shown as the hwirq */
	unsigned long hwirq;            /* MSI: Linux's hwirq, for /proc/interrupts */
	u8 vector;                      /* 0 while none is assigned */
	unsigned int depth;             /* disable_irq nesting (the storm check adds one) */
	bool pending;                   /* an edge came while disabled: resent on enable */
	bool spurious_disabled;         /* disabled by the storm check */
	unsigned int irq_count;         /* interrupts in this storm-check window */
	unsigned int irqs_unhandled;    /* of those, the ones nobody handled */
	u64 last_unhandled;             /* jiffies of the last one nobody handled */
	atomic_t in_progress;           /* handlers running now, on any CPU */
};

/*
 * Linux's note_interrupt counts 100000 interrupts and disables the irq when
 * more than 99900 were not handled.  Atlas runs under TCG, where a stuck
 * line takes that many interrupts a few seconds: it uses the same ratio on
 * a window of 1000, so a storm ends in milliseconds.  As Linux, unhandled
 * interrupts more than HZ/10 apart start the count again.
 */
#define SPURIOUS_WINDOW         1000
#define SPURIOUS_UNHANDLED_MAX  999

static struct irq_desc irq_descs[NR_IRQS];
/*
 * vector -> irq for the dynamic range, -1: none (Linux's per-CPU
 * vector_irq; one table, as every device interrupt goes to CPU 0).  The ISA
 * IRQs' vectors are fixed: irq_of_vector works them out.
 */
static s16 vector_irq[NR_VECTORS] = { [0 ... NR_VECTORS - 1] = -1 };
static DEFINE_SPINLOCK(irq_desc_lock);
/* Interrupts taken per vector, per CPU (Linux's kstat_irqs_cpu). */
static DEFINE_PER_CPU(unsigned int[NR_VECTORS], vector_irqs);
/* Interrupts handled per irq, per CPU (Linux's desc->kstat_irqs). */
static DEFINE_PER_CPU(unsigned int[NR_IRQS], irq_counts);
DEFINE_PER_CPU(irq_cpustat_t, irq_stat);
bool irqs_ready;

/* The irq a vector raises, or -1 (a system vector, or nothing). */
static int irq_of_vector(unsigned int v)
{
	if (v >= ISA_IRQ_VECTOR(0) && v < ISA_IRQ_VECTOR(NR_ISA_IRQS))
		return (int)(v - ISA_IRQ_VECTOR(0));
	return READ_ONCE(vector_irq[v]);
}

/* The first irq after the last IOAPIC pin: the MSIs' first number (24 on QEMU). */
static unsigned int first_msi_irq(void)
{
	u32 end = ioapic_gsi_end();

	return end > NR_ISA_IRQS ? end : NR_ISA_IRQS;
}

/* A free vector from the dynamic range, now irq's; 0 if none.  Under irq_desc_lock. */
static u8 assign_vector(unsigned int irq)
{
	for (unsigned int v = FIRST_DYNAMIC_VECTOR; v <= LAST_DYNAMIC_VECTOR; v++)
		if (vector_irq[v] < 0 && !vector_descs[v].handler) {
			vector_irq[v] = (s16)irq;
			return (u8)v;
		}
	return 0;
}

static void release_vector(struct irq_desc *d)
{
	if (d->vector >= FIRST_DYNAMIC_VECTOR && d->vector <= LAST_DYNAMIC_VECTOR)
		vector_irq[d->vector] = -1;
	d->vector = 0;
}

static bool is_isa(unsigned int irq)
{
	return irq < NR_ISA_IRQS;
}

/* Mask or unmask d's line at its source, when it has one Atlas can mask (IOAPIC pins). */
static void mask_line(struct irq_desc *d, bool masked)
{
	if (d->kind == IRQ_KIND_IOAPIC && d->vector)
		ioapic_mask_gsi(d->gsi, masked);
}

/* ---- request and free ---- */

/* Hook handler to a system vector; the caller holds irq_desc_lock. */
static int __request_vector(unsigned int vector, irq_handler_t handler, const char *name,
			    void *dev)
{
	struct vector_desc *d;

	if (vector < FIRST_EXTERNAL_VECTOR || vector >= NR_VECTORS || !handler)
		return -EINVAL;
	d = &vector_descs[vector];
	if (d->handler || irq_of_vector(vector) >= 0)
		return -EBUSY;
	d->dev = dev;
	d->name = name;
	smp_store_release(&d->handler, handler);        /* the fields before the handler */
	return 0;
}

int request_vector(unsigned int vector, irq_handler_t handler, const char *name, void *dev)
{
	unsigned long flags;
	int err;

	spin_lock_irqsave(&irq_desc_lock, flags);
	err = __request_vector(vector, handler, name, dev);
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	return err;
}

/*
 * Route the first action's line (Linux's irq_startup): the ISA IRQs at
 * their fixed vector as the MADT (or irq_setup_gsi) says, a GSI at a new
 * vector, an MSI as allocated.  Under irq_desc_lock.
 */
static int startup_irq(unsigned int irq, struct irq_desc *d)
{
	if (d->kind == IRQ_KIND_MSI)
		return 0;
	if (!nr_ioapics_mapped())
		return -ENODEV;
	if (is_isa(irq)) {
		bool level, low;
		u32 gsi = isa_irq_to_gsi(irq, &level, &low);

		d->kind = IRQ_KIND_IOAPIC;
		d->gsi = gsi;
		if (!d->setup) {
			d->level = level;
			d->active_low = low;
		}
		d->vector = ISA_IRQ_VECTOR(irq);
	} else if (!d->vector) {
		d->vector = assign_vector(irq);
		if (!d->vector)
			return -ENOSPC;
	}
	if (ioapic_set_gsi(d->gsi, d->vector, d->level, d->active_low, false)) {
		if (!is_isa(irq))
			release_vector(d);
		return -ENODEV;
	}
	return 0;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev)
{
	struct irqaction *new, **link;
	struct irq_desc *d;
	unsigned long irqflags, old_flags = 0;
	const char *old_name = "";
	int err = 0;

	if (irq >= NR_IRQS || !handler)
		return -EINVAL;
	if (is_isa(irq) && !nr_ioapics_mapped())
		return -ENODEV;
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->handler = handler;
	new->dev = dev;
	new->name = name;
	new->flags = flags;

	d = &irq_descs[irq];
	spin_lock_irqsave(&irq_desc_lock, irqflags);
	if (!is_isa(irq) && d->kind == IRQ_KIND_NONE) {
		err = -EINVAL;                  /* neither irq_setup_gsi nor irq_alloc_msi made it */
	} else if (d->action) {
		/* Linux's __setup_irq: both the old and the new must ask to share */
		if (!(d->action->flags & flags & IRQF_SHARED)) {
			err = -EBUSY;
			/* for the message: once unlocked, the action may be freed */
			old_flags = d->action->flags;
			old_name = d->action->name;
		} else {
			for (link = &d->action; *link; link = &(*link)->next)
				;
			smp_store_release(link, new);
		}
	} else {
		d->depth = 0;
		d->pending = false;
		d->spurious_disabled = false;
		d->irq_count = 0;
		d->irqs_unhandled = 0;
		err = startup_irq(irq, d);
		if (!err)
			smp_store_release(&d->action, new);     /* the fields before the action */
	}
	spin_unlock_irqrestore(&irq_desc_lock, irqflags);
	if (err) {
		if (err == -EBUSY)
			pr_err("genirq: Flags mismatch irq %u. %08lx (%s) vs. %08lx (%s)\n", irq,
			       flags, name, old_flags, old_name);
		kfree(new);
	}
	return err;
}

/* Wait until no CPU runs a handler counted by in_progress (Linux's synchronize_irq). */
static void synchronize_count(atomic_t *in_progress)
{
	/*
	 * The unhooking store must be visible before in_progress is read: x86
	 * lets a load pass an earlier store, and a CPU that read the old
	 * handler after our read would run it after free_irq returned.
	 */
	smp_mb();
	while (atomic_read(in_progress))
		cpu_relax();
}

void free_irq(unsigned int irq, void *dev)
{
	struct irqaction *action = NULL, **link;
	struct irq_desc *d;
	unsigned long flags;

	if (irq >= NR_IRQS) {
		pr_warn("Trying to free IRQ %u that does not exist\n", irq);
		return;
	}
	d = &irq_descs[irq];
	spin_lock_irqsave(&irq_desc_lock, flags);
	for (link = &d->action; *link; link = &(*link)->next)
		if ((*link)->dev == dev) {
			action = *link;
			WRITE_ONCE(*link, action->next);
			break;
		}
	if (action && !d->action) {
		/* the last one: mask the line (Linux's irq_shutdown), give a GSI's vector back */
		mask_line(d, true);
		if (d->kind == IRQ_KIND_IOAPIC && !is_isa(irq))
			release_vector(d);
		d->depth = 0;
		d->pending = false;
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	if (!action) {
		/* Linux's __free_irq WARN, one line */
		pr_warn("Trying to free already-free IRQ %u\n", irq);
		return;
	}
	synchronize_count(&d->in_progress);
	kfree(action);
}

void disable_irq(unsigned int irq)
{
	struct irq_desc *d;
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	d = &irq_descs[irq];
	spin_lock_irqsave(&irq_desc_lock, flags);
	if (d->depth++ == 0)
		mask_line(d, true);
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	if (!in_interrupt())
		synchronize_count(&d->in_progress);
}

void enable_irq(unsigned int irq)
{
	struct irq_desc *d;
	unsigned long flags;
	u8 resend = 0;

	if (irq >= NR_IRQS)
		return;
	d = &irq_descs[irq];
	spin_lock_irqsave(&irq_desc_lock, flags);
	if (d->depth == 0) {
		spin_unlock_irqrestore(&irq_desc_lock, flags);
		pr_warn("Unbalanced enable for IRQ %u\n", irq);
		return;
	}
	if (--d->depth == 0) {
		d->spurious_disabled = false;
		if (d->action) {
			mask_line(d, false);
			/* an edge lost while disabled comes again (Linux's check_irq_resend) */
			if (d->pending && !d->level && d->vector)
				resend = d->vector;
		}
		d->pending = false;
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	if (resend)
		apic_send_IPI_self(resend);
}

/* ---- setting irqs up: GSIs and MSIs ---- */

int irq_setup_gsi(u32 gsi, bool level, bool active_low)
{
	struct irq_desc *d;
	unsigned long flags;
	unsigned int irq = gsi;
	int err = 0;

	if (!nr_ioapics_mapped())
		return -ENODEV;
	if (gsi >= ioapic_gsi_end() || gsi >= NR_IRQS) {
		pr_err("irq: GSI %u has no IOAPIC pin\n", gsi);
		return -EINVAL;
	}
	if (gsi < NR_ISA_IRQS) {
		/* a legacy pin (a pc's PCI link at IRQ 10 or 11): the ISA IRQ that reaches it */
		for (unsigned int i = 0; i < NR_ISA_IRQS; i++) {
			bool l, lo;

			if (isa_irq_to_gsi(i, &l, &lo) == gsi) {
				irq = i;
				break;
			}
		}
	}
	d = &irq_descs[irq];
	spin_lock_irqsave(&irq_desc_lock, flags);
	if (d->action && (d->level != level || d->active_low != active_low)) {
		err = -EBUSY;                   /* in use with another trigger */
	} else if (!d->action) {
		d->kind = IRQ_KIND_IOAPIC;
		d->gsi = gsi;
		d->level = level;
		d->active_low = active_low;
		d->setup = true;
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	if (err) {
		pr_err("irq: GSI %u is in use as %s, active %s\n", gsi,
		       d->level ? "level" : "edge", d->active_low ? "low" : "high");
		return err;
	}
	return (int)irq;
}

int irq_alloc_msi(unsigned long hwirq, u8 *vector, u32 *apicid)
{
	unsigned long flags;
	unsigned int cpu;
	int irq = -ENOSPC;

	spin_lock_irqsave(&irq_desc_lock, flags);
	for (unsigned int i = first_msi_irq(); i < NR_IRQS; i++) {
		struct irq_desc *d = &irq_descs[i];

		if (d->kind != IRQ_KIND_NONE)
			continue;
		d->vector = assign_vector(i);
		if (!d->vector)
			break;
		d->kind = IRQ_KIND_MSI;
		d->hwirq = hwirq;
		d->level = false;
		d->active_low = false;
		d->depth = 0;
		d->pending = false;
		/* a new descriptor in Linux (msi_domain_alloc): its counts start at 0 */
		for_each_possible_cpu(cpu)
			per_cpu(irq_counts, cpu)[i] = 0;
		*vector = d->vector;
		*apicid = cpu_physical_id(0);   /* CPU 0 takes device interrupts (drivers/ioapic.c) */
		irq = (int)i;
		break;
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	if (irq < 0)
		pr_err("irq: no free irq number or vector for an MSI\n");
	return irq;
}

void irq_free_msi(unsigned int irq)
{
	struct irq_desc *d = irq < NR_IRQS ? &irq_descs[irq] : NULL;
	unsigned long flags;
	bool busy = false, bad = false;

	if (!d)
		return;
	spin_lock_irqsave(&irq_desc_lock, flags);
	if (d->kind != IRQ_KIND_MSI) {
		bad = true;
	} else if (d->action) {
		busy = true;
	} else {
		release_vector(d);
		d->kind = IRQ_KIND_NONE;
		d->hwirq = 0;
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	if (bad)
		pr_warn("irq: irq_free_msi(%u): not an MSI irq\n", irq);
	else if (busy)
		pr_warn("irq: irq_free_msi(%u): still requested (free_irq first)\n", irq);
}

int irq_vector_of(unsigned int irq)
{
	return irq < NR_IRQS && irq_descs[irq].vector ? irq_descs[irq].vector : -ENOENT;
}

/* ---- counts ---- */

unsigned long kstat_irqs(unsigned int irq)
{
	unsigned long sum = 0;
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		sum += kstat_irqs_cpu(irq, cpu);
	return sum;
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

/* ---- dispatch ---- */

/*
 * Linux's note_interrupt: count what nobody handled; an irq stuck firing
 * (a level line no handler acknowledges) is reported and disabled.
 */
static void note_interrupt(unsigned int irq, struct irq_desc *d, int ret)
{
	u64 now = READ_ONCE(jiffies);
	unsigned long flags;

	if (ret == IRQ_NONE) {
		if (now > d->last_unhandled + HZ / 10)
			d->irqs_unhandled = 1;
		else
			d->irqs_unhandled++;
		d->last_unhandled = now;
	}
	if (++d->irq_count < SPURIOUS_WINDOW)
		return;
	d->irq_count = 0;
	if (d->irqs_unhandled >= SPURIOUS_UNHANDLED_MAX) {
		irq_handler_t handlers[IRQ_LINE_MAX_NAMES];
		unsigned int n = 0;

		spin_lock_irqsave(&irq_desc_lock, flags);
		for (struct irqaction *a = d->action; a && n < IRQ_LINE_MAX_NAMES; a = a->next)
			handlers[n++] = a->handler;
		d->spurious_disabled = true;
		if (d->depth++ == 0)
			mask_line(d, true);
		spin_unlock_irqrestore(&irq_desc_lock, flags);
		/* Linux's __report_bad_irq, then note_interrupt's last word */
		printk(KERN_ERR "irq %u: nobody cared (try booting with the \"irqpoll\" option)\n", irq);
		dump_stack();
		printk(KERN_ERR "handlers:\n");
		for (unsigned int i = 0; i < n; i++)
			printk(KERN_ERR "[<%px>] %ps\n", (void *)handlers[i], (void *)handlers[i]);
		printk(KERN_EMERG "Disabling IRQ #%u\n", irq);
	}
	d->irqs_unhandled = 0;
}

/* Run irq's handlers (Linux's handle_fasteoi_irq / handle_edge_irq, then note_interrupt). */
static void handle_irq(unsigned int irq)
{
	struct irq_desc *d = &irq_descs[irq];
	int ret = IRQ_NONE;
	struct irqaction *a;

	atomic_inc(&d->in_progress);
	a = smp_load_acquire(&d->action);
	if (!a || READ_ONCE(d->depth)) {
		/* disabled (or freed): keep a level line masked, remember an edge */
		WRITE_ONCE(d->pending, true);
		atomic_dec(&d->in_progress);
		return;
	}
	this_cpu_inc(irq_counts[irq]);
	irq_enter();
	for (; a; a = smp_load_acquire(&a->next))
		ret |= a->handler((int)irq, a->dev);
	irq_exit();
	note_interrupt(irq, d, ret);
	atomic_dec(&d->in_progress);
}

/* Run a system vector's handler, counted as running so that nothing frees it under us. */
static void handle_vector(struct vector_desc *d, unsigned long vector)
{
	irq_handler_t handler;

	atomic_inc(&d->in_progress);
	handler = smp_load_acquire(&d->handler);
	if (handler) {
		irq_enter();
		handler(-1, d->dev);
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
	int irq;

	tlb_leave_idle();               /* before anything: a shootdown may wait for this CPU */
	this_cpu_inc(vector_irqs[v]);
	if (v == SPURIOUS_APIC_VECTOR) {
		inc_irq_stat(irq_spurious_count);
		return;                 /* no EOI: the APIC has nothing in service */
	}
	if (v < PIC_VECTOR_BASE + 16 && v >= PIC_VECTOR_BASE)
		return;                 /* a spurious 8259 IRQ 7/15: the PICs are masked */
	irq = irq_of_vector((unsigned int)v);
	if (irq >= 0)
		handle_irq((unsigned int)irq);
	else
		handle_vector(&vector_descs[v], v);
	lapic_eoi();
}

/* ---- what /proc/interrupts shows (kernel/irq_proc.c) ---- */

bool irq_describe(unsigned int irq, struct irq_line *line)
{
	const struct irq_desc *d;
	unsigned long flags;

	if (irq >= NR_IRQS)
		return false;
	d = &irq_descs[irq];
	line->nr_names = 0;
	spin_lock_irqsave(&irq_desc_lock, flags);
	for (struct irqaction *a = d->action; a && line->nr_names < IRQ_LINE_MAX_NAMES; a = a->next)
		line->names[line->nr_names++] = a->name;
	line->chip = d->kind == IRQ_KIND_MSI ? "PCI-MSI" : "IO-APIC";
	line->hwirq = d->kind == IRQ_KIND_MSI ? d->hwirq : d->gsi;
	line->level = d->level;
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	return line->nr_names > 0;
}

unsigned int kstat_irqs_cpu(unsigned int irq, unsigned int cpu)
{
	return irq < NR_IRQS && cpu < NR_CPUS ? per_cpu(irq_counts, cpu)[irq] : 0;
}
