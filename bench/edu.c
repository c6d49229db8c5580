/*
 * edu benchmarks (the edu driver, drivers/edu.c, on QEMU's -device edu):
 *
 *   readl_edu_id_kernel     one readl of the identification register through
 *                           the driver's pci_iomap mapping: a trap into QEMU,
 *                           the figure user space's /dev/mem and UIO mappings
 *                           (user/eduuio --bench) should come within 10% of
 *   edu_factorial_mmio      edu_factorial(12): write, poll the status until
 *                           QEMU's worker thread is done, read
 *   edu_irq_roundtrip_msi   edu_raise_irq_and_wait: raise through 0x60, the
 *   edu_irq_roundtrip_intx  handler acks through 0x64 and completes, the
 *                           waiter wakes; by MSI (LAPIC only) and by INTx
 *                           (IOAPIC, level-triggered, EOI'd)
 *   edu_dma_4k_to_device    4 KiB less one byte (all QEMU 7.2 accepts, see
 *                           include/drivers/edu.h) RAM -> device with the
 *                           completion interrupt; QEMU finishes a transfer
 *                           100 ms of virtual time after it starts, so this
 *                           measures that timer, and runs only a few times
 *
 * Without an edu bound to the driver each prints one BENCHINFO line instead.
 */
#include <asm/io.h>
#include <drivers/edu.h>
#include <kernel/bench.h>
#include <kernel/printk.h>

#define READ_N  100000
#define FACT_N  2000
#define IRQ_N   2000
#define DMA_N   3

static bool have_edu(const char *name)
{
	if (edu_device())
		return true;
	pr_info("BENCHINFO %s: skipped, no edu device bound to the edu driver\n", name);
	return false;
}

static void bench_readl_edu(void)
{
	struct bench_time t, total = { 0, 0 };
	void __iomem *regs;
	u32 sum = 0;

	if (!have_edu("readl_edu_id_kernel"))
		return;
	regs = edu_regs();
	/*
	 * A warm-up round first: the first reads after boot pay for QEMU
	 * translating the loop and its MMIO path (about half again as much),
	 * which the user-space figures, taken later, do not.
	 */
	for (int i = 0; i < READ_N / 10; i++)
		sum += readl(regs + EDU_REG_ID);
	bench_start(&t);
	for (int i = 0; i < READ_N; i++)
		sum += readl(regs + EDU_REG_ID);
	bench_stop(&t, &total);
	HIDE(sum);
	bench_report("readl_edu_id_kernel", &total, READ_N);
}
BENCH_CASE("readl_edu_id_kernel", bench_readl_edu);

static void bench_factorial(void)
{
	struct bench_time t, total = { 0, 0 };
	u32 r = 0;

	if (!have_edu("edu_factorial_mmio"))
		return;
	bench_start(&t);
	for (int i = 0; i < FACT_N; i++)
		if (edu_factorial(12, &r))
			break;
	bench_stop(&t, &total);
	if (r != 479001600) {
		pr_info("BENCHINFO edu_factorial_mmio: 12! came back as %u\n", r);
		return;
	}
	bench_report("edu_factorial_mmio", &total, FACT_N);
}
BENCH_CASE("edu_factorial_mmio", bench_factorial);

/* IRQ_N raise-handle-ack-wake round trips in mode; the driver's mode is restored after. */
static void irq_roundtrips(const char *name, enum edu_irq_mode mode)
{
	struct bench_time t, total = { 0, 0 };
	struct edu_state st;
	int ret = 0, i;

	if (!have_edu(name) || edu_get_state(&st))
		return;
	if (edu_set_irq_mode(mode)) {
		pr_info("BENCHINFO %s: skipped, the device cannot use this mode\n", name);
		return;
	}
	bench_start(&t);
	for (i = 0; i < IRQ_N && !ret; i++)
		ret = edu_raise_irq_and_wait(EDU_IRQ_FACTORIAL);
	bench_stop(&t, &total);
	if (st.irq_mode != mode)
		edu_set_irq_mode(st.irq_mode);
	if (ret)
		pr_info("BENCHINFO %s: round trip %d failed: %d\n", name, i, ret);
	else
		bench_report(name, &total, IRQ_N);
}

static void bench_irq_msi(void)
{
	irq_roundtrips("edu_irq_roundtrip_msi", EDU_IRQ_MSI);
}
BENCH_CASE("edu_irq_roundtrip_msi", bench_irq_msi);

static void bench_irq_intx(void)
{
	irq_roundtrips("edu_irq_roundtrip_intx", EDU_IRQ_INTX);
}
BENCH_CASE("edu_irq_roundtrip_intx", bench_irq_intx);

static void bench_dma(void)
{
	struct bench_time t, total = { 0, 0 };
	int ret = 0;

	if (!have_edu("edu_dma_4k_to_device"))
		return;
	bench_start(&t);
	for (int i = 0; i < DMA_N && !ret; i++)
		ret = edu_dma_to_device(0, EDU_DMA_XFER_MAX);
	bench_stop(&t, &total);
	if (ret)
		pr_info("BENCHINFO edu_dma_4k_to_device: failed: %d\n", ret);
	else
		bench_report("edu_dma_4k_to_device", &total, DMA_N);
}
BENCH_CASE("edu_dma_4k_to_device", bench_dma);
