/*
 * edu suite: the edu driver (drivers/edu.c) on QEMU's edu device: what its
 * probe claimed (BAR 0 busy as "edu" under the function's BAR, decoding and
 * bus mastering on), the identification and liveness registers, the
 * factorial unit for 0..13, one interrupt by MSI and one by INTx (each
 * counted exactly once by kstat_irqs, on the irq each mode must use), DMA
 * both ways with a pattern that changes every run, the transfers the driver
 * must refuse before QEMU sees them (QEMU would stop dead), a DMA whose
 * interrupt comes after the wait gave up, the monitor command, and remove
 * followed by a fresh probe.  Every case leaves the device as it found it,
 * so the suite passes twice in one boot.  Without -device edu, or with edu
 * bound to another driver, every case skips and says why.
 */
#include <asm/io.h>
#include <drivers/edu.h>
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/ioport.h>
#include <kernel/irq.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/tick.h>

static struct pci_dev *need_edu(struct kunit *test)
{
	struct pci_dev *pdev = pci_get_device(PCI_VENDOR_ID_QEMU, PCI_DEVICE_ID_QEMU_EDU, NULL);

	if (!pdev)
		kunit_skip(test, "no edu device on this machine (QEMU's -device edu absent)");
	if (edu_device() != pdev)
		kunit_skip(test, "%s is not bound to edu (driver: %s)", pci_name(pdev),
			   pdev->driver ? pdev->driver->name : "none");
	return pdev;
}

static struct edu_state state(struct kunit *test)
{
	struct edu_state st;

	KUNIT_ASSERT_EQ(test, edu_get_state(&st), 0);
	return st;
}

static void edu_probe_claimed_bar0(struct kunit *test)
{
	struct pci_dev *pdev = need_edu(test);
	struct edu_state st = state(test);
	struct resource *busy;
	u16 cmd;

	KUNIT_EXPECT_STREQ(test, st.slot, pci_name(pdev));
	KUNIT_EXPECT_EQ(test, st.bar_start, pci_resource_start(pdev, 0));
	KUNIT_EXPECT_EQ(test, st.bar_end - st.bar_start + 1, 1024 * 1024);
	KUNIT_EXPECT_PTR_EQ(test, pdev->driver, pci_find_driver("edu"));
	KUNIT_EXPECT_STREQ(test, dev_driver_string(&pdev->dev), "edu");
	/* /proc/iomem: "fea00000-feafffff : edu" nested in "... : 0000:00:04.0" */
	busy = lookup_resource_containing(&iomem_resource, st.bar_start);
	KUNIT_ASSERT_NOT_NULL(test, busy);
	KUNIT_EXPECT_STREQ(test, busy->name, "edu");
	KUNIT_EXPECT_TRUE(test, busy->flags & IORESOURCE_BUSY);
	KUNIT_EXPECT_EQ(test, busy->start, st.bar_start);
	KUNIT_EXPECT_EQ(test, busy->end, st.bar_end);
	KUNIT_ASSERT_NOT_NULL(test, busy->parent);
	KUNIT_EXPECT_STREQ(test, busy->parent->name, pci_name(pdev));
	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	KUNIT_EXPECT_TRUE(test, cmd & PCI_COMMAND_MEMORY);
	KUNIT_EXPECT_TRUE(test, cmd & PCI_COMMAND_MASTER);
	KUNIT_EXPECT_GE(test, pdev->enable_cnt, 1);
	KUNIT_EXPECT_LE(test, st.dma_handle + EDU_DMA_BUF_SIZE - 1, DMA_BIT_MASK(EDU_DMA_BITS));
	KUNIT_EXPECT_EQ(test, dma_get_mask(&pdev->dev), DMA_BIT_MASK(EDU_DMA_BITS));
}

static void edu_identification_and_liveness(struct kunit *test)
{
	static const u32 values[] = { 0, 0xffffffff, 0x12345678, 0xa5a55a5a, 1 };
	void __iomem *regs;

	need_edu(test);
	regs = edu_regs();
	KUNIT_ASSERT_NOT_NULL(test, regs);
	KUNIT_EXPECT_EQ(test, readl(regs + EDU_REG_ID), 0x010000ed);
	KUNIT_EXPECT_EQ(test, state(test).id, 0x010000ed);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		writel(values[i], regs + EDU_REG_LIVENESS);
		KUNIT_EXPECT_EQ(test, readl(regs + EDU_REG_LIVENESS), ~values[i]);
	}
}

static void edu_factorial_0_to_13(struct kunit *test)
{
	u32 want = 1, got;

	need_edu(test);
	for (u32 n = 0; n <= 13; n++) {
		if (n)
			want *= n;              /* modulo 2^32 from 13! on, as the device */
		got = 0;
		KUNIT_ASSERT_EQ(test, edu_factorial(n, &got), 0);
		KUNIT_EXPECT_EQ(test, got, want);
	}
	KUNIT_EXPECT_EQ(test, want, 1932053504);        /* 13! = 6227020800 mod 2^32 */
	KUNIT_EXPECT_EQ(test, state(test).last_n, 13);
	KUNIT_EXPECT_EQ(test, state(test).last_factorial, 1932053504);
}

/* Raise one interrupt; the irq it came on counts exactly one more, and so does the driver. */
static void expect_one_interrupt(struct kunit *test, int irq)
{
	unsigned long before = kstat_irqs(irq), handled = state(test).irqs_handled;
	u32 status;

	KUNIT_ASSERT_EQ(test, edu_raise_irq_and_wait(EDU_IRQ_FACTORIAL), 0);
	KUNIT_EXPECT_EQ(test, kstat_irqs(irq), before + 1);
	KUNIT_EXPECT_EQ(test, state(test).irqs_handled, handled + 1);
	status = readl(edu_regs() + EDU_REG_IRQ_STATUS);
	KUNIT_EXPECT_EQ(test, status, 0);       /* the handler acknowledged it */
}

static enum edu_irq_mode mode_at_start;

static int edu_suite_init(struct kunit *test)
{
	struct edu_state st;

	mode_at_start = edu_get_state(&st) ? EDU_IRQ_NONE : st.irq_mode;
	return 0;
}

/* Every case ends in the interrupt mode probe chose. */
static void edu_suite_exit(struct kunit *test)
{
	if (mode_at_start != EDU_IRQ_NONE && edu_device())
		edu_set_irq_mode(mode_at_start);
}

static void edu_msi_interrupt_counted_once(struct kunit *test)
{
	struct pci_dev *pdev = need_edu(test);
	struct edu_state st;
	u16 flags, cmd;

	KUNIT_ASSERT_NE(test, pdev->msi_cap, 0);
	KUNIT_ASSERT_EQ(test, edu_set_irq_mode(EDU_IRQ_MSI), 0);
	st = state(test);
	KUNIT_EXPECT_EQ(test, st.irq_mode, EDU_IRQ_MSI);
	KUNIT_EXPECT_TRUE(test, pdev->msi_enabled);
	KUNIT_EXPECT_EQ(test, st.irq, (int)pdev->msi_irq);
	KUNIT_EXPECT_GE(test, st.irq, 24);              /* after the IOAPIC's 24 GSIs */
	pci_read_config_word(pdev, pdev->msi_cap + PCI_MSI_FLAGS, &flags);
	KUNIT_EXPECT_TRUE(test, flags & PCI_MSI_FLAGS_ENABLE);
	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	KUNIT_EXPECT_TRUE(test, cmd & PCI_COMMAND_INTX_DISABLE);  /* as Linux's pci_intx(0) */
	expect_one_interrupt(test, st.irq);
	expect_one_interrupt(test, st.irq);
}

static void edu_intx_interrupt_counted_once(struct kunit *test)
{
	struct pci_dev *pdev = need_edu(test);
	bool level = false, active_low = true;
	struct edu_state st;
	u16 flags, cmd;
	int gsi;

	KUNIT_ASSERT_EQ(test, edu_set_irq_mode(EDU_IRQ_INTX), 0);
	st = state(test);
	KUNIT_EXPECT_EQ(test, st.irq_mode, EDU_IRQ_INTX);
	KUNIT_EXPECT_FALSE(test, pdev->msi_enabled);
	KUNIT_EXPECT_EQ(test, st.irq, (int)pdev->irq);
	gsi = pci_intx_gsi(pdev, &level, &active_low);
	KUNIT_ASSERT_GE(test, gsi, 0);
	KUNIT_EXPECT_EQ(test, st.irq, gsi);             /* x86: a GSI's irq is the GSI */
	KUNIT_EXPECT_TRUE(test, level);
	KUNIT_EXPECT_FALSE(test, active_low);
	if (pdev->bus->number == 0 && PCI_SLOT(pdev->devfn) == 4 && gsi >= 16)
		KUNIT_EXPECT_EQ(test, gsi, 20);         /* q35: slot 4 INTA -> PIRQE -> GSI 20 */
	pci_read_config_word(pdev, pdev->msi_cap + PCI_MSI_FLAGS, &flags);
	KUNIT_EXPECT_FALSE(test, flags & PCI_MSI_FLAGS_ENABLE);
	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	KUNIT_EXPECT_FALSE(test, cmd & PCI_COMMAND_INTX_DISABLE);
	expect_one_interrupt(test, st.irq);
	expect_one_interrupt(test, st.irq);
}

static void edu_raise_of_nothing_refused(struct kunit *test)
{
	need_edu(test);
	KUNIT_EXPECT_EQ(test, edu_raise_irq_and_wait(0), -EINVAL);
}

static u8 pattern(unsigned int seed, size_t i)
{
	return (u8)((i * 31 + seed) ^ (i >> 8));
}

/* A pattern to the device and back, whole and in part, in whichever mode the device is. */
static void dma_roundtrip(struct kunit *test)
{
	u8 *buf = edu_dma_buffer();
	unsigned int seed = (unsigned int)READ_ONCE(jiffies);
	unsigned long done = state(test).dma_transfers;
	size_t bad = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (size_t i = 0; i < EDU_DMA_BUF_SIZE; i++)
		buf[i] = pattern(seed, i);
	KUNIT_ASSERT_EQ(test, edu_dma_to_device(0, EDU_DMA_XFER_MAX), 0);
	memset(buf, 0, EDU_DMA_BUF_SIZE);
	KUNIT_ASSERT_EQ(test, edu_dma_from_device(0, EDU_DMA_XFER_MAX), 0);
	for (size_t i = 0; i < EDU_DMA_BUF_SIZE; i++)
		bad += buf[i] != (i < EDU_DMA_XFER_MAX ? pattern(seed, i) : 0);
	KUNIT_EXPECT_EQ(test, bad, 0);

	/* bytes 100..299 only: the rest of the RAM buffer stays untouched */
	memset(buf, 0, EDU_DMA_BUF_SIZE);
	KUNIT_ASSERT_EQ(test, edu_dma_from_device(100, 200), 0);
	bad = 0;
	for (size_t i = 0; i < EDU_DMA_BUF_SIZE; i++)
		bad += buf[i] != (i >= 100 && i < 300 ? pattern(seed, i) : 0);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, state(test).dma_transfers, done + 3);
}

static void edu_dma_both_ways_msi(struct kunit *test)
{
	unsigned long before;
	int irq;

	need_edu(test);
	KUNIT_ASSERT_EQ(test, edu_set_irq_mode(EDU_IRQ_MSI), 0);
	irq = state(test).irq;
	before = kstat_irqs(irq);
	dma_roundtrip(test);
	KUNIT_EXPECT_EQ(test, kstat_irqs(irq), before + 3);     /* one per transfer */
}

static void edu_dma_both_ways_intx(struct kunit *test)
{
	unsigned long before;
	int irq;

	need_edu(test);
	KUNIT_ASSERT_EQ(test, edu_set_irq_mode(EDU_IRQ_INTX), 0);
	irq = state(test).irq;
	before = kstat_irqs(irq);
	dma_roundtrip(test);
	KUNIT_EXPECT_GE(test, kstat_irqs(irq), before + 3);     /* the line may be shared */
}

/* Each refusal: -EINVAL, its log line, and the engine never started. */
static void expect_refused(struct kunit *test, dma_addr_t ram, u32 dev_addr, size_t len,
			   enum dma_data_direction dir, const char *why)
{
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_EQ(test, edu_dma_xfer(ram, dev_addr, len, dir, EDU_TIMEOUT_MS), -EINVAL);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, why));
}

static void edu_dma_refusals(struct kunit *test)
{
	dma_addr_t h;
	unsigned long done;
	size_t pos;

	need_edu(test);
	h = state(test).dma_handle;
	done = state(test).dma_transfers;
	expect_refused(test, 0x10000000, EDU_DMA_BUF_ADDR, 64, DMA_TO_DEVICE,
		       "DMA address 0x10000000+64 beyond the device's DMA mask 0xfffffff");
	expect_refused(test, 0x0ffff800, EDU_DMA_BUF_ADDR, EDU_DMA_XFER_MAX, DMA_FROM_DEVICE,
		       "DMA address 0xffff800+4095 beyond");
	expect_refused(test, ~0ULL - 10, EDU_DMA_BUF_ADDR, 64, DMA_TO_DEVICE, "beyond");
	expect_refused(test, h, EDU_DMA_BUF_ADDR + EDU_DMA_BUF_SIZE, 1, DMA_TO_DEVICE,
		       "outside its buffer 0x40000-0x40ffe");
	/* the spec's whole buffer, which QEMU 7.2 would stop dead on */
	expect_refused(test, h, EDU_DMA_BUF_ADDR, EDU_DMA_BUF_SIZE, DMA_TO_DEVICE,
		       "(QEMU 7.2 refuses the last byte)");
	expect_refused(test, h, EDU_DMA_BUF_ADDR + EDU_DMA_BUF_SIZE - 1, 1, DMA_FROM_DEVICE,
		       "outside its buffer");
	expect_refused(test, h, EDU_DMA_BUF_ADDR + 2048, 4096, DMA_FROM_DEVICE,
		       "outside its buffer");
	expect_refused(test, h, EDU_DMA_BUF_ADDR - 1, 2, DMA_TO_DEVICE, "outside its buffer");
	expect_refused(test, h, EDU_DMA_BUF_ADDR, 0, DMA_TO_DEVICE, "outside its buffer");
	expect_refused(test, h, EDU_DMA_BUF_ADDR, 64, DMA_BIDIRECTIONAL, "only to or from");
	pos = log_buf_pos();
	KUNIT_EXPECT_EQ(test, edu_dma_to_device(4000, 200), -EINVAL);
	KUNIT_EXPECT_EQ(test, edu_dma_from_device(4097, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, edu_dma_from_device(0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, edu_dma_from_device(0, EDU_DMA_BUF_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, edu_dma_from_device(EDU_DMA_XFER_MAX, 1), -EINVAL);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "past the 4095 bytes a transfer may cover"));
	KUNIT_EXPECT_EQ(test, readl(edu_regs() + EDU_REG_DMA_CMD) & EDU_DMA_CMD_START, 0);
	KUNIT_EXPECT_EQ(test, state(test).dma_transfers, done);
}

/*
 * A wait shorter than the device's 100 ms gives up and says so; the driver
 * then lets the transfer end and takes its interrupt, so the next one works.
 * A host that stalls QEMU past those 100 ms inside the 10 ms wait lets the
 * transfer finish first: that attempt succeeds, and the case tries again.
 */
static void edu_dma_timeout_reported(struct kunit *test)
{
	struct edu_state st;
	unsigned long completed = 0;
	size_t pos;
	int r = 0;

	need_edu(test);
	st = state(test);
	for (int attempt = 0; attempt < 3; attempt++) {
		pos = log_buf_pos();
		r = edu_dma_xfer(st.dma_handle, EDU_DMA_BUF_ADDR, 64, DMA_TO_DEVICE, 10);
		if (r != 0)
			break;
		completed++;
		kunit_log_diag(test, "the transfer beat a 10 ms wait (a stalled host): again");
	}
	KUNIT_EXPECT_EQ(test, r, -ETIMEDOUT);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "DMA timed out after 10 ms"));
	KUNIT_EXPECT_EQ(test, state(test).dma_timeouts, st.dma_timeouts + 1);
	KUNIT_EXPECT_EQ(test, readl(edu_regs() + EDU_REG_DMA_CMD) & EDU_DMA_CMD_START, 0);
	KUNIT_EXPECT_EQ(test, readl(edu_regs() + EDU_REG_IRQ_STATUS), 0);
	KUNIT_EXPECT_EQ(test, edu_dma_to_device(0, 64), 0);
	KUNIT_EXPECT_EQ(test, state(test).dma_transfers, st.dma_transfers + completed + 1);
}

static char out[1024];

static int run_cmd(const char *line)
{
	struct seq_file m;

	seq_file_init(&m, out, sizeof(out));
	return monitor_exec_seq(&m, line);
}

static void edu_monitor_command(struct kunit *test)
{
	struct pci_dev *pdev = need_edu(test);
	char want[64];

	KUNIT_EXPECT_EQ(test, run_cmd("edu"), 0);
	snprintf(want, sizeof(want), "edu %s: bound to edu, version 1.0", pci_name(pdev));
	KUNIT_EXPECT_TRUE(test, strstr(out, want) != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(out, "28-bit mask") != NULL);
	KUNIT_EXPECT_EQ(test, run_cmd("edu fact 10"), 0);
	KUNIT_EXPECT_STREQ(test, out, "10! = 3628800 (modulo 2^32, as the device computes it)\n");
	KUNIT_EXPECT_EQ(test, run_cmd("edu"), 0);
	KUNIT_EXPECT_TRUE(test, strstr(out, "factorial: last 10! = 3628800") != NULL);
	KUNIT_EXPECT_EQ(test, run_cmd("edu fact ten"), -EINVAL);
	KUNIT_EXPECT_EQ(test, run_cmd("edu mode pio"), -EINVAL);
	KUNIT_EXPECT_EQ(test, run_cmd("edu bogus"), -EINVAL);
}

/* remove undoes probe (BAR free again, no driver), and a new probe works as the first. */
static void edu_remove_and_probe_again(struct kunit *test)
{
	struct pci_dev *pdev = need_edu(test);
	struct pci_driver *drv = pci_find_driver("edu");
	struct resource *r;
	u16 cmd;

	KUNIT_ASSERT_NOT_NULL(test, drv);
	pci_device_release_driver(pdev);
	KUNIT_EXPECT_NULL(test, pdev->driver);
	KUNIT_EXPECT_NULL(test, edu_device());
	KUNIT_EXPECT_EQ(test, edu_factorial(3, &(u32){ 0 }), -ENODEV);
	r = lookup_resource_containing(&iomem_resource, pci_resource_start(pdev, 0));
	KUNIT_EXPECT_TRUE(test, r && !strcmp(r->name, pci_name(pdev)));
	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	KUNIT_EXPECT_FALSE(test, cmd & PCI_COMMAND_MASTER);
	KUNIT_EXPECT_EQ(test, run_cmd("edu"), -ENODEV);
	KUNIT_EXPECT_TRUE(test, strstr(out, "has no driver") != NULL);

	KUNIT_ASSERT_EQ(test, pci_driver_attach(drv, pdev), 0);
	KUNIT_ASSERT_TRUE(test, edu_device() == pdev);
	KUNIT_EXPECT_EQ(test, state(test).irq_mode, mode_at_start);
	KUNIT_EXPECT_EQ(test, state(test).irqs_handled, 0);
	KUNIT_EXPECT_EQ(test, edu_raise_irq_and_wait(EDU_IRQ_FACTORIAL), 0);
}

static struct kunit_case edu_cases[] = {
	KUNIT_CASE(edu_probe_claimed_bar0),
	KUNIT_CASE(edu_identification_and_liveness),
	KUNIT_CASE(edu_factorial_0_to_13),
	KUNIT_CASE(edu_msi_interrupt_counted_once),
	KUNIT_CASE(edu_intx_interrupt_counted_once),
	KUNIT_CASE(edu_raise_of_nothing_refused),
	KUNIT_CASE(edu_dma_both_ways_msi),
	KUNIT_CASE(edu_dma_both_ways_intx),
	KUNIT_CASE(edu_dma_refusals),
	KUNIT_CASE(edu_dma_timeout_reported),
	KUNIT_CASE(edu_monitor_command),
	KUNIT_CASE(edu_remove_and_probe_again),
	{}
};

static struct kunit_suite edu_suite = {
	.name = "edu",
	.init = edu_suite_init,
	.exit = edu_suite_exit,
	.test_cases = edu_cases,
};
kunit_test_suite(edu_suite);
