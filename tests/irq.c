/*
 * irq suite: Linux's irq numbers and what hangs off them.  A GSI line and
 * an MSI irq are requested through the real API; their interrupts are
 * raised by a self-IPI on the vector the irq got (the same path through
 * do_irq as the device's message or the IOAPIC's), so the cases run on any
 * machine.  Then PCI's INTx routing (pci_intx_gsi, pcibios_enable_irq) on
 * the edu device, and a real MSI and a real INTx from edu, borrowed from
 * the edu driver for the case and given back.  Without "-device edu"
 * those cases skip.
 */
#include <asm/apic.h>
#include <asm/atomic.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/irq.h>
#include <kernel/irqflags.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>

#define WAIT_NS         (1000 * NSEC_PER_MSEC)  /* an interrupt that has not come by then will not */
#define EDU_VENDOR      0x1234
#define EDU_DEVICE      0x11e8
#define EDU_IRQ_STATUS  0x24
#define EDU_IRQ_RAISE   0x60
#define EDU_IRQ_ACK     0x64

/* One handler's record of what it saw. */
struct probe {
	atomic_t calls;
	int last_irq;
	enum irqreturn ret;             /* what the handler answers */
	void __iomem *edu;              /* set: read and ack edu's status */
	u32 status;
};

static enum irqreturn probe_handler(int irq, void *dev)
{
	struct probe *p = dev;

	WRITE_ONCE(p->last_irq, irq);
	if (p->edu) {
		u32 status = readl(p->edu + EDU_IRQ_STATUS);

		if (!status)
			return IRQ_NONE;
		writel(status, p->edu + EDU_IRQ_ACK);
		WRITE_ONCE(p->status, status);
		atomic_inc(&p->calls);
		return IRQ_HANDLED;
	}
	atomic_inc(&p->calls);
	return p->ret;
}

static void probe_init(struct probe *p, enum irqreturn ret)
{
	memset(p, 0, sizeof(*p));
	atomic_set(&p->calls, 0);
	p->last_irq = -1;
	p->ret = ret;
}

/* Raise vector on this CPU and wait until do_irq has taken it. */
static bool raise_vector(unsigned int vector)
{
	unsigned long before = irq_vector_count(vector);
	u64 end = local_clock() + WAIT_NS;

	apic_send_IPI_self((int)vector);
	while (irq_vector_count(vector) == before)
		if (local_clock() > end)
			return false;
	return true;
}

/* Wait until calls reaches want (a device's interrupt takes a moment under TCG). */
static bool wait_calls(atomic_t *calls, int want)
{
	u64 end = local_clock() + WAIT_NS;

	while (atomic_read(calls) < want)
		if (local_clock() > end)
			return false;
	return true;
}

static char view[8192];

/* The /proc/interrupts line of irq (without its newline) into line, or false. */
static bool interrupts_line(unsigned int irq, char *line, size_t size)
{
	struct seq_file m;
	char head[16];
	const char *p, *nl;

	seq_file_init(&m, view, sizeof(view) - 1);
	if (monitor_exec_seq(&m, "interrupts"))
		return false;
	view[m.count] = '\0';
	snprintf(head, sizeof(head), "\n%3u: ", irq);
	p = strstr(view, head);
	if (!p)
		return false;
	p++;
	nl = strchr(p, '\n');
	if (!nl || (size_t)(nl - p) >= size)
		return false;
	memcpy(line, p, (size_t)(nl - p));
	line[nl - p] = '\0';
	return true;
}

/* Whether s ends with tail. */
static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

/* Set up and request a free GSI line (16 and up, none taken): its irq, or skip. */
static unsigned int request_free_gsi(struct kunit *test, struct probe *p, const char *name)
{
	for (u32 gsi = ioapic_gsi_end(); gsi-- > NR_ISA_IRQS;) {
		int irq = irq_setup_gsi(gsi, true, false);

		if (irq < 0)
			continue;
		if (!request_irq((unsigned int)irq, probe_handler, 0, name, p))
			return (unsigned int)irq;
	}
	kunit_skip(test, "no free IOAPIC pin from GSI 16 (no IOAPIC, or every line in use)");
}

static void irq_gsi_is_its_own_irq_with_a_dynamic_vector(struct kunit *test)
{
	struct probe p;
	unsigned int irq;
	int vector;
	u64 rte;
	char line[256], tail[64];

	probe_init(&p, IRQ_NONE);       /* IRQ_NONE: a real stuck line would be caught, not loop */
	irq = request_free_gsi(test, &p, "irqtest");
	vector = irq_vector_of(irq);
	KUNIT_EXPECT_GE(test, vector, FIRST_DYNAMIC_VECTOR);
	KUNIT_EXPECT_LE(test, vector, LAST_DYNAMIC_VECTOR);
	rte = ioapic_read_entry(irq);
	KUNIT_EXPECT_EQ(test, rte & 0xff, (u64)vector);
	KUNIT_EXPECT_EQ(test, rte & (1 << 15), 1ULL << 15);     /* level */
	KUNIT_EXPECT_EQ(test, rte & (1 << 13), 0ULL);           /* active high */
	KUNIT_EXPECT_EQ(test, rte & (1 << 16), 0ULL);           /* unmasked */
	KUNIT_EXPECT_EQ(test, rte >> 56, (u64)cpu_physical_id(0));

	unsigned long before = kstat_irqs(irq);

	KUNIT_ASSERT_TRUE(test, raise_vector((unsigned int)vector));
	KUNIT_EXPECT_EQ(test, atomic_read(&p.calls), 1);
	KUNIT_EXPECT_EQ(test, p.last_irq, (int)irq);
	KUNIT_EXPECT_EQ(test, kstat_irqs(irq), before + 1);

	/* " 23:          1          0   IO-APIC  23-fasteoi   irqtest" */
	KUNIT_ASSERT_TRUE(test, interrupts_line(irq, line, sizeof(line)));
	snprintf(tail, sizeof(tail), "  IO-APIC %3u-fasteoi   irqtest", irq);
	KUNIT_EXPECT_TRUE(test, ends_with(line, tail));

	free_irq(irq, &p);
	KUNIT_EXPECT_EQ(test, ioapic_read_entry(irq) & (1 << 16), 1ULL << 16);    /* masked */
	KUNIT_EXPECT_EQ(test, irq_vector_of(irq), -ENOENT);    /* the vector went back */
	KUNIT_EXPECT_FALSE(test, interrupts_line(irq, line, sizeof(line)));
}

static void irq_shared_handlers_all_run_and_leave_one_by_one(struct kunit *test)
{
	struct probe a, b, c;
	unsigned int irq, vector;
	char line[256], tail[64];

	probe_init(&a, IRQ_NONE);
	probe_init(&b, IRQ_HANDLED);
	probe_init(&c, IRQ_HANDLED);
	irq = request_free_gsi(test, &a, "irqtest-a");
	/* the first did not ask to share: nobody may join */
	KUNIT_EXPECT_EQ(test, request_irq(irq, probe_handler, IRQF_SHARED, "irqtest-b", &b), -EBUSY);
	free_irq(irq, &a);
	KUNIT_ASSERT_EQ(test, request_irq(irq, probe_handler, IRQF_SHARED, "irqtest-a", &a), 0);
	KUNIT_ASSERT_EQ(test, request_irq(irq, probe_handler, IRQF_SHARED, "irqtest-b", &b), 0);
	/* a newcomer that does not ask to share is refused */
	KUNIT_EXPECT_EQ(test, request_irq(irq, probe_handler, 0, "irqtest-c", &c), -EBUSY);
	KUNIT_ASSERT_GE(test, irq_vector_of(irq), FIRST_DYNAMIC_VECTOR);
	vector = (unsigned int)irq_vector_of(irq);

	KUNIT_ASSERT_TRUE(test, raise_vector(vector));
	KUNIT_EXPECT_EQ(test, atomic_read(&a.calls), 1);        /* every handler runs */
	KUNIT_EXPECT_EQ(test, atomic_read(&b.calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&c.calls), 0);
	KUNIT_ASSERT_TRUE(test, interrupts_line(irq, line, sizeof(line)));
	snprintf(tail, sizeof(tail), "%3u-fasteoi   irqtest-a, irqtest-b", irq);
	KUNIT_EXPECT_TRUE(test, ends_with(line, tail));

	free_irq(irq, &a);
	KUNIT_EXPECT_EQ(test, irq_vector_of(irq), (int)vector);  /* b still holds the line */
	KUNIT_ASSERT_TRUE(test, raise_vector(vector));
	KUNIT_EXPECT_EQ(test, atomic_read(&a.calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&b.calls), 2);
	KUNIT_ASSERT_TRUE(test, interrupts_line(irq, line, sizeof(line)));
	snprintf(tail, sizeof(tail), "%3u-fasteoi   irqtest-b", irq);
	KUNIT_EXPECT_TRUE(test, ends_with(line, tail));
	free_irq(irq, &b);
	KUNIT_EXPECT_EQ(test, irq_vector_of(irq), -ENOENT);
}

static void irq_free_of_a_free_irq_warns(struct kunit *test)
{
	struct probe p;
	size_t pos = log_buf_pos();
	char want[64];
	unsigned int irq;

	probe_init(&p, IRQ_NONE);
	irq = request_free_gsi(test, &p, "irqtest");
	free_irq(irq, &p);
	snprintf(want, sizeof(want), "Trying to free already-free IRQ %u\n", irq);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, want));
	free_irq(irq, &p);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	/* bad arguments: an irq out of range, no handler, a GSI never set up */
	KUNIT_EXPECT_EQ(test, request_irq(NR_IRQS, probe_handler, 0, "irqtest", &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, request_irq(irq, NULL, 0, "irqtest", &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, irq_setup_gsi(ioapic_gsi_end(), true, false), -EINVAL);
}

/* An MSI irq of our own, requested; skips if none can be had. */
static unsigned int request_msi(struct kunit *test, struct probe *p, unsigned long hwirq,
				u8 *vector)
{
	u32 apicid;
	int irq = irq_alloc_msi(hwirq, vector, &apicid);

	if (irq < 0)
		kunit_skip(test, "no free MSI irq (%d)", irq);
	KUNIT_EXPECT_EQ(test, apicid, cpu_physical_id(0));
	if (request_irq((unsigned int)irq, probe_handler, 0, "irqtest-msi", p)) {
		irq_free_msi((unsigned int)irq);
		KUNIT_ASSERT_TRUE(test, false);
	}
	return (unsigned int)irq;
}

static void irq_msi_numbers_follow_the_last_gsi(struct kunit *test)
{
	struct probe p;
	unsigned int irq;
	u8 vector;
	char line[256];
	unsigned long before;

	probe_init(&p, IRQ_HANDLED);
	irq = request_msi(test, &p, 65536, &vector);
	KUNIT_EXPECT_GE(test, irq, ioapic_gsi_end() > NR_ISA_IRQS ? ioapic_gsi_end() : NR_ISA_IRQS);
	KUNIT_EXPECT_LT(test, irq, NR_IRQS);
	KUNIT_EXPECT_GE(test, vector, FIRST_DYNAMIC_VECTOR);
	KUNIT_EXPECT_LE(test, vector, LAST_DYNAMIC_VECTOR);
	KUNIT_EXPECT_EQ(test, irq_vector_of(irq), (int)vector);

	before = kstat_irqs(irq);
	KUNIT_EXPECT_EQ(test, before, 0);       /* a new MSI starts at 0, even on a reused number */
	KUNIT_ASSERT_TRUE(test, raise_vector(vector));
	KUNIT_EXPECT_EQ(test, atomic_read(&p.calls), 1);
	KUNIT_EXPECT_EQ(test, p.last_irq, (int)irq);
	KUNIT_EXPECT_EQ(test, kstat_irqs(irq), before + 1);
	/* " 24:          1          0   PCI-MSI 65536-edge      irqtest-msi" */
	KUNIT_ASSERT_TRUE(test, interrupts_line(irq, line, sizeof(line)));
	KUNIT_EXPECT_TRUE(test, ends_with(line, "   PCI-MSI 65536-edge      irqtest-msi"));

	free_irq(irq, &p);
	irq_free_msi(irq);
	KUNIT_EXPECT_EQ(test, irq_vector_of(irq), -ENOENT);
	/* freed: no longer an irq anybody may request */
	KUNIT_EXPECT_EQ(test, request_irq(irq, probe_handler, 0, "irqtest-msi", &p), -EINVAL);
}

static void irq_disabled_msi_is_held_and_resent_on_enable(struct kunit *test)
{
	struct probe p;
	unsigned int irq;
	u8 vector;
	unsigned long before;

	probe_init(&p, IRQ_HANDLED);
	irq = request_msi(test, &p, 1, &vector);
	before = kstat_irqs(irq);
	disable_irq(irq);
	disable_irq(irq);               /* nested: two enables to undo */
	KUNIT_ASSERT_TRUE(test, raise_vector(vector));
	KUNIT_EXPECT_EQ(test, atomic_read(&p.calls), 0);
	KUNIT_EXPECT_EQ(test, kstat_irqs(irq), before);
	enable_irq(irq);
	KUNIT_EXPECT_EQ(test, atomic_read(&p.calls), 0);
	enable_irq(irq);                /* the edge that came while disabled is sent again */
	KUNIT_EXPECT_TRUE(test, wait_calls(&p.calls, 1));
	KUNIT_EXPECT_EQ(test, kstat_irqs(irq), before + 1);

	size_t pos = log_buf_pos();
	char want[64];

	enable_irq(irq);                /* one too many */
	snprintf(want, sizeof(want), "Unbalanced enable for IRQ %u\n", irq);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	free_irq(irq, &p);
	irq_free_msi(irq);
}

/*
 * An irq that nobody handles, over and over (a level line no driver
 * acknowledges): after a window of them it is reported as Linux does and
 * disabled, so it cannot hold a CPU; a new request starts it afresh.
 */
static void irq_storm_nobody_cared_disables_the_irq(struct kunit *test)
{
	struct probe p;
	unsigned int irq;
	u8 vector;
	size_t pos = log_buf_pos();
	char want[64];
	int calls;

	probe_init(&p, IRQ_NONE);
	irq = request_msi(test, &p, 2, &vector);
	for (int i = 0; i < 1000 && !log_contains_since(pos, "Disabling IRQ"); i++)
		KUNIT_ASSERT_TRUE(test, raise_vector(vector));
	snprintf(want, sizeof(want), "irq %u: nobody cared (try booting with the \"irqpoll\" option)\n",
		 irq);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "handlers:\n"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "probe_handler"));
	snprintf(want, sizeof(want), "Disabling IRQ #%u\n", irq);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	calls = atomic_read(&p.calls);
	KUNIT_EXPECT_EQ(test, calls, 1000);
	KUNIT_ASSERT_TRUE(test, raise_vector(vector));
	KUNIT_EXPECT_EQ(test, atomic_read(&p.calls), calls);   /* disabled: not called */
	free_irq(irq, &p);
	irq_free_msi(irq);
}

static void irq_system_vectors_refuse_device_vectors(struct kunit *test)
{
	struct probe p;

	probe_init(&p, IRQ_HANDLED);
	/* the ISA IRQs' fixed vectors belong to their irqs */
	KUNIT_EXPECT_EQ(test, request_vector(ISA_IRQ_VECTOR(4), probe_handler, "irqtest", &p),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, request_vector(LOCAL_TIMER_VECTOR, probe_handler, "irqtest", &p),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, request_vector(0x10, probe_handler, "irqtest", &p), -EINVAL);
	/* the serial port's ISA IRQ is still where it was, under its old vector */
	KUNIT_EXPECT_EQ(test, irq_vector_of(4), ISA_IRQ_VECTOR(4));
}

/* ---- PCI INTx routing and the edu device ---- */

static struct pci_dev *need_edu(struct kunit *test)
{
	struct pci_dev *dev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);

	if (!dev)
		kunit_skip(test, "no edu device (QEMU_ARGS=\"-device edu\")");
	return dev;
}

static u16 host_bridge(void)
{
	struct pci_dev *h = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));

	return h ? h->device : 0;
}

/* What QEMU's DSDT routes bus-0 slot s, pin p (1-4) to, by the tables in drivers/pci_irq.c. */
static int expected_gsi(unsigned int s, unsigned int p)
{
	if (host_bridge() == PCI_DEVICE_ID_INTEL_Q35_MCH)
		return s < 25 ? 20 + (int)((s + p - 1) & 3) : -1;
	if (host_bridge() == PCI_DEVICE_ID_INTEL_82441) {
		struct pci_dev *piix = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(1, 0));
		u8 route = 0x80;

		if (piix)
			pci_read_config_byte(piix, 0x60 + (int)((s + p - 2) & 3), &route);
		return route & 0x80 ? -ENOENT : route & 0x0f;
	}
	return -1;
}

static void irq_pci_intx_gsi_follows_qemus_prt(struct kunit *test)
{
	struct pci_dev *dev = need_edu(test), *host;
	bool level = false, low = true;
	int gsi;

	KUNIT_ASSERT_EQ(test, dev->pin, 1);     /* edu: INTA# */
	gsi = pci_intx_gsi(dev, &level, &low);
	KUNIT_EXPECT_TRUE(test, level);
	KUNIT_EXPECT_FALSE(test, low);
	if (dev->bus->number == 0)
		KUNIT_EXPECT_EQ(test, gsi, expected_gsi(PCI_SLOT(dev->devfn), 1));
	if (host_bridge() == PCI_DEVICE_ID_INTEL_Q35_MCH && dev->bus->number == 0 &&
	    dev->devfn == PCI_DEVFN(4, 0))
		KUNIT_EXPECT_EQ(test, gsi, 20);         /* Linux's reference machine: GSIE */
	host = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));
	if (host && !host->pin)
		KUNIT_EXPECT_EQ(test, pci_intx_gsi(host, &level, &low), -ENOENT);
}

/* Behind a bridge, the pin turns with the slot (pci_swizzle_interrupt_pin) up to bus 0. */
static void irq_pci_intx_gsi_swizzles_behind_bridges(struct kunit *test)
{
	struct pci_dev *dev;
	bool level, low;

	for_each_pci_dev(dev) {
		struct pci_dev *up = dev;
		unsigned int pin = dev->pin;

		if (!dev->pin || !dev->bus->parent)
			continue;
		while (up->bus->parent && up->bus->self) {
			pin = ((pin - 1 + PCI_SLOT(up->devfn)) % 4) + 1;
			up = up->bus->self;
		}
		KUNIT_EXPECT_EQ(test, pci_intx_gsi(dev, &level, &low),
				expected_gsi(PCI_SLOT(up->devfn), pin));
		return;
	}
	kunit_skip(test, "no function with a pin behind a bridge (QEMU_ARGS=\"-device pci-bridge,"
		   "chassis_nr=1,id=b1 -device e1000,bus=b1,addr=1\")");
}

/* PIIX3's link (0: LNKA) for dev's INTx: its pin swizzled up to bus 0, (slot + pin - 2) & 3. */
static int pc_link(const struct pci_dev *dev)
{
	const struct pci_dev *up = dev;
	unsigned int pin = dev->pin;

	while (up->bus->parent && up->bus->self) {
		pin = ((pin - 1 + PCI_SLOT(up->devfn)) % 4) + 1;
		up = up->bus->self;
	}
	return (int)((PCI_SLOT(up->devfn) + pin - 2) & 3);
}

static void irq_pcibios_enable_irq_sets_dev_irq_and_logs_the_link(struct kunit *test)
{
	struct pci_dev *dev = need_edu(test);
	unsigned int old = dev->irq;
	bool level, low;
	int gsi = pci_intx_gsi(dev, &level, &low);
	char want[64];

	KUNIT_ASSERT_GE(test, gsi, 0);
	KUNIT_ASSERT_EQ(test, pcibios_enable_irq(dev), 0);
	KUNIT_EXPECT_EQ(test, dev->irq, (unsigned int)gsi);    /* irq = GSI on x86 */
	if (host_bridge() == PCI_DEVICE_ID_INTEL_Q35_MCH)
		snprintf(want, sizeof(want), "ACPI: \\_SB_.GSI%c: Enabled at IRQ %d\n",
			 'A' + gsi - 16, gsi);
	else
		snprintf(want, sizeof(want), "ACPI: \\_SB_.LNK%c: Enabled at IRQ %d\n",
			 'A' + pc_link(dev), gsi);
	if (log_holds_boot())
		KUNIT_EXPECT_TRUE(test, log_contains_since(0, want));
	else
		kunit_log_diag(test, "the log no longer holds the boot: link line not checked");
	if (!dev->driver)
		dev->irq = old;         /* pci_enable_device's to set, not this test's */
}

/*
 * edu on loan from its driver: a case that needs the device itself takes
 * it from the edu driver (as the pci_driver suite does), and the suite's
 * exit hook gives everything back, whatever the case did or where it
 * stopped: the irq, the vectors, the command register, dev->irq, the
 * mapping, and the driver binding.
 */
static struct edu_loan {
	struct pci_dev *dev;
	struct pci_driver *drv;         /* the driver it had, to give it back to */
	void __iomem *bar;
	u16 cmd;
	unsigned int old_irq;
	int irq;                        /* requested with &probe, or -1 */
	struct probe probe;
} loan = { .irq = -1 };

static void __iomem *edu_borrow(struct kunit *test, struct pci_dev *dev)
{
	if (dev->driver && strcmp(dev->driver->name, "edu"))
		kunit_skip(test, "edu is bound to %s: not ours to borrow", dev->driver->name);
	if (!(dev->resource[0].flags & IORESOURCE_MEM) || !dev->resource[0].start)
		kunit_skip(test, "edu's BAR0 is not assigned");
	loan.dev = dev;
	loan.drv = dev->driver;
	if (loan.drv)
		pci_device_release_driver(dev);
	KUNIT_ASSERT_TRUE(test, !dev->driver);
	loan.old_irq = dev->irq;
	pci_read_config_word(dev, PCI_COMMAND, &loan.cmd);
	loan.bar = ioremap(dev->resource[0].start, 4096);
	KUNIT_ASSERT_NOT_NULL(test, loan.bar);
	/* decoding for the BAR, mastering for the MSI write */
	pci_write_config_word(dev, PCI_COMMAND, loan.cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	KUNIT_ASSERT_EQ(test, readl(loan.bar), 0x010000edU);
	probe_init(&loan.probe, IRQ_HANDLED);
	loan.probe.edu = loan.bar;
	return loan.bar;
}

static void irq_suite_exit(struct kunit *test)
{
	struct pci_dev *dev = loan.dev;

	(void)test;
	if (!dev)
		return;
	if (loan.irq >= 0)
		free_irq((unsigned int)loan.irq, &loan.probe);
	pci_free_irq_vectors(dev);
	pci_write_config_word(dev, PCI_COMMAND, loan.cmd);
	dev->irq = loan.old_irq;
	if (loan.bar)
		iounmap(loan.bar);
	if (loan.drv && pci_driver_attach(loan.drv, dev))
		pr_err("irq test: could not give %s back to %s\n", pci_name(dev), loan.drv->name);
	memset(&loan, 0, sizeof(loan));
	loan.irq = -1;
}

static void irq_edu_msi_arrives_as_its_irq(struct kunit *test)
{
	struct pci_dev *dev = need_edu(test);
	void __iomem *bar;
	u16 control, data;
	unsigned long before;
	u32 addr;
	int irq;

	if (!pci_find_capability(dev, PCI_CAP_ID_MSI))
		kunit_skip(test, "pci_find_capability() finds no MSI capability on edu (no driver core?)");
	bar = edu_borrow(test, dev);
	KUNIT_ASSERT_EQ(test, pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	KUNIT_EXPECT_TRUE(test, dev->msi_enabled);
	irq = pci_irq_vector(dev, 0);
	KUNIT_EXPECT_EQ(test, irq, (int)dev->msi_irq);
	KUNIT_EXPECT_GE(test, irq, (int)ioapic_gsi_end());
	KUNIT_ASSERT_NE(test, dev->msi_cap, 0);
	pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS, &control);
	pci_read_config_dword(dev, dev->msi_cap + PCI_MSI_ADDRESS_LO, &addr);
	pci_read_config_word(dev, dev->msi_cap + PCI_MSI_DATA_64, &data);
	KUNIT_EXPECT_EQ(test, control & (PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE),
			PCI_MSI_FLAGS_ENABLE);
	KUNIT_EXPECT_TRUE(test, control & PCI_MSI_FLAGS_64BIT);  /* QEMU's edu: 64bit+ */
	KUNIT_EXPECT_EQ(test, addr, 0xfee00000U | cpu_physical_id(0) << 12);
	KUNIT_EXPECT_EQ(test, (int)data, irq_vector_of((unsigned int)irq));
	KUNIT_ASSERT_EQ(test, request_irq((unsigned int)irq, probe_handler, 0, "irqtest-edu",
					  &loan.probe), 0);
	loan.irq = irq;

	before = kstat_irqs((unsigned int)irq);
	writel(0x5, bar + EDU_IRQ_RAISE);
	KUNIT_EXPECT_TRUE(test, wait_calls(&loan.probe.calls, 1));
	KUNIT_EXPECT_EQ(test, loan.probe.status, 0x5U);
	KUNIT_EXPECT_EQ(test, kstat_irqs((unsigned int)irq), before + 1);
	KUNIT_EXPECT_EQ(test, readl(bar + EDU_IRQ_STATUS), 0U);

	free_irq((unsigned int)irq, &loan.probe);
	loan.irq = -1;
	pci_free_irq_vectors(dev);
	KUNIT_EXPECT_FALSE(test, dev->msi_enabled);
	pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS, &control);
	KUNIT_EXPECT_EQ(test, control & PCI_MSI_FLAGS_ENABLE, 0);
}

static void irq_edu_intx_arrives_on_its_gsi(struct kunit *test)
{
	struct pci_dev *dev = need_edu(test);
	void __iomem *bar = edu_borrow(test, dev);
	unsigned long before;
	u16 now;

	KUNIT_ASSERT_EQ(test, pcibios_enable_irq(dev), 0);
	KUNIT_ASSERT_EQ(test, pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_LEGACY), 1);
	KUNIT_EXPECT_FALSE(test, dev->msi_enabled);
	KUNIT_EXPECT_EQ(test, pci_irq_vector(dev, 0), (int)dev->irq);
	/* pci_intx(dev, 1) is the driver core's: make sure INTx is on whichever one runs */
	pci_read_config_word(dev, PCI_COMMAND, &now);
	pci_write_config_word(dev, PCI_COMMAND, now & ~PCI_COMMAND_INTX_DISABLE);
	KUNIT_ASSERT_EQ(test, request_irq(dev->irq, probe_handler, IRQF_SHARED, "irqtest-edu",
					  &loan.probe), 0);
	loan.irq = (int)dev->irq;

	before = kstat_irqs(dev->irq);
	writel(0x3, bar + EDU_IRQ_RAISE);
	KUNIT_EXPECT_TRUE(test, wait_calls(&loan.probe.calls, 1));
	KUNIT_EXPECT_EQ(test, loan.probe.status, 0x3U);
	KUNIT_EXPECT_EQ(test, kstat_irqs(dev->irq), before + 1);       /* acked: no second one */
}

/*
 * A real stuck level line: edu raises INTx and a handler that never
 * acknowledges it says IRQ_NONE, so the line fires again after every EOI.
 * The storm check must stop it (report, mask the IOAPIC pin) rather than
 * let it hold the CPU; acknowledging the device afterwards ends it.
 */
static void irq_edu_stuck_intx_is_disabled_not_hung(struct kunit *test)
{
	struct pci_dev *dev = need_edu(test);
	void __iomem *bar = edu_borrow(test, dev);
	size_t pos = log_buf_pos();
	u64 end = local_clock() + 5 * WAIT_NS;
	char want[64];
	u16 now;

	KUNIT_ASSERT_EQ(test, pcibios_enable_irq(dev), 0);
	KUNIT_ASSERT_EQ(test, pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_LEGACY), 1);
	pci_read_config_word(dev, PCI_COMMAND, &now);
	pci_write_config_word(dev, PCI_COMMAND, now & ~PCI_COMMAND_INTX_DISABLE);
	probe_init(&loan.probe, IRQ_NONE);      /* counts, never acknowledges */
	KUNIT_ASSERT_EQ(test, request_irq(dev->irq, probe_handler, IRQF_SHARED, "irqtest-stuck",
					  &loan.probe), 0);
	loan.irq = (int)dev->irq;
	snprintf(want, sizeof(want), "Disabling IRQ #%u\n", dev->irq);

	writel(0x1, bar + EDU_IRQ_RAISE);
	while (!log_contains_since(pos, want) && local_clock() < end)
		cpu_relax();
	KUNIT_ASSERT_TRUE(test, log_contains_since(pos, want));
	snprintf(want, sizeof(want), "irq %u: nobody cared", dev->irq);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	KUNIT_EXPECT_EQ(test, atomic_read(&loan.probe.calls), 1000);
	KUNIT_EXPECT_EQ(test, ioapic_read_entry(dev->irq) & (1 << 16), 1ULL << 16);    /* masked */
	KUNIT_EXPECT_EQ(test, readl(bar + EDU_IRQ_STATUS), 0x1U);      /* still asserted */
	writel(0x1, bar + EDU_IRQ_ACK);
	KUNIT_EXPECT_EQ(test, readl(bar + EDU_IRQ_STATUS), 0U);
}

static struct kunit_case irq_cases[] = {
	KUNIT_CASE(irq_gsi_is_its_own_irq_with_a_dynamic_vector),
	KUNIT_CASE(irq_shared_handlers_all_run_and_leave_one_by_one),
	KUNIT_CASE(irq_free_of_a_free_irq_warns),
	KUNIT_CASE(irq_msi_numbers_follow_the_last_gsi),
	KUNIT_CASE(irq_disabled_msi_is_held_and_resent_on_enable),
	KUNIT_CASE(irq_storm_nobody_cared_disables_the_irq),
	KUNIT_CASE(irq_system_vectors_refuse_device_vectors),
	KUNIT_CASE(irq_pci_intx_gsi_follows_qemus_prt),
	KUNIT_CASE(irq_pci_intx_gsi_swizzles_behind_bridges),
	KUNIT_CASE(irq_pcibios_enable_irq_sets_dev_irq_and_logs_the_link),
	KUNIT_CASE(irq_edu_msi_arrives_as_its_irq),
	KUNIT_CASE(irq_edu_intx_arrives_on_its_gsi),
	KUNIT_CASE(irq_edu_stuck_intx_is_disabled_not_hung),
	{}
};

static struct kunit_suite irq_suite = {
	.name = "irq",
	.exit = irq_suite_exit,
	.test_cases = irq_cases,
};
kunit_test_suite(irq_suite);
