/*
 * HPET driver (IA-PC HPET specification 1.0a §2.3): found in the ACPI HPET
 * table, claimed as "HPET 0" in iomem, mapped with ioremap.  Its main counter
 * is Atlas's nanosecond clock for delays and for calibrating the TSC and the
 * local APIC timer; timer 0, in legacy-replacement mode, can tick on IRQ 0.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <drivers/acpi.h>
#include <drivers/hpet.h>
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/ioport.h>
#include <kernel/irq.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>

#define FSEC_PER_NSEC 1000000UL

static void __iomem *hpet;
static u64 hpet_cap;
static struct resource hpet_resource = { .name = "HPET 0", .flags = IORESOURCE_MEM | IORESOURCE_BUSY };
unsigned long hpet_ticks;

bool hpet_present(void)
{
	return hpet != NULL;
}

u64 hpet_read_counter(void)
{
	return readq(hpet + HPET_COUNTER);
}

u32 hpet_period_fs(void)
{
	return hpet_cap >> 32;
}

unsigned int hpet_comparators(void)
{
	return ((hpet_cap >> 8) & 0x1f) + 1;
}

/* counter * period / 1e6, without overflowing 64 bits for years */
u64 hpet_ns(void)
{
	u64 c = hpet_read_counter(), p = hpet_period_fs();

	return c / FSEC_PER_NSEC * p + c % FSEC_PER_NSEC * p / FSEC_PER_NSEC;
}

KERNEL_PARAM("hpet", "hpet=disable: do not use the HPET (as Linux)");

void hpet_init(void)
{
	const struct acpi_info *acpi = acpi_get_info();
	u64 freq_hz;

	if (!acpi || !acpi->hpet.present) {
		pr_info("hpet: no HPET in the ACPI tables: the TSC keeps the PIT's calibration\n");
		return;
	}
	hpet_resource.start = acpi->hpet.address;
	hpet_resource.end = acpi->hpet.address + 0x3ff;
	insert_resource(&iomem_resource, &hpet_resource);
	hpet = ioremap(acpi->hpet.address, 0x400);
	if (!hpet)
		return;
	hpet_cap = readq(hpet + HPET_ID);
	if (!hpet_period_fs() || hpet_period_fs() > 100000000) {   /* spec: at most 100 ns */
		pr_err("hpet: period %u fs is invalid: not using the HPET\n", hpet_period_fs());
		iounmap(hpet);
		hpet = NULL;
		return;
	}
	writel(readl(hpet + HPET_CFG) | HPET_CFG_ENABLE | HPET_CFG_LEGACY, hpet + HPET_CFG);
	freq_hz = 1000000000000000ULL / hpet_period_fs();
	pr_info("hpet0: at MMIO %#llx, IRQs 2, 8, 0\n", (unsigned long long)acpi->hpet.address);
	pr_info("hpet0: %u comparators, %d-bit %llu.%06llu MHz counter\n", hpet_comparators(),
		(hpet_cap & (1 << 13)) ? 64 : 32, (unsigned long long)(freq_hz / 1000000),
		(unsigned long long)(freq_hz % 1000000));
}

static enum irqreturn hpet_interrupt(int irq, void *dev)
{
	hpet_ticks++;
	return IRQ_HANDLED;
}

/* Linux's hpet_set_periodic: stop, program, load the period twice, start. */
int hpet_periodic(unsigned int hz)
{
	static bool requested;
	u64 delta;
	u32 cfg;

	if (!hpet)
		return -ENODEV;
	if (!requested && request_irq(0, hpet_interrupt, "timer", NULL))
		return -EBUSY;
	requested = true;
	cfg = readl(hpet + HPET_Tn_CFG(0)) & ~(HPET_TN_ENABLE | HPET_TN_PERIODIC);
	if (!hz) {
		writel(cfg, hpet + HPET_Tn_CFG(0));
		return 0;
	}
	delta = 1000000000000000ULL / hpet_period_fs() / hz;
	writel(readl(hpet + HPET_CFG) & ~HPET_CFG_ENABLE, hpet + HPET_CFG);
	cfg |= HPET_TN_ENABLE | HPET_TN_PERIODIC | HPET_TN_SETVAL | HPET_TN_32BIT;
	writel(cfg, hpet + HPET_Tn_CFG(0));
	writel((u32)(hpet_read_counter() + delta), hpet + HPET_Tn_CMP(0));
	writel((u32)delta, hpet + HPET_Tn_CMP(0));
	writel(readl(hpet + HPET_CFG) | HPET_CFG_ENABLE, hpet + HPET_CFG);
	return 0;
}

static int hpet_show(struct seq_file *m, void *v)
{
	if (!hpet) {
		seq_printf(m, "hpet: none on this machine\n");
		return -ENODEV;
	}
	seq_printf(m, "HPET at %#llx: vendor %#06llx, revision %llu, %u comparators, %s counter, legacy routing %s\n",
		   (unsigned long long)hpet_resource.start, (unsigned long long)(hpet_cap >> 16 & 0xffff),
		   (unsigned long long)(hpet_cap & 0xff),
		   hpet_comparators(), (hpet_cap & (1 << 13)) ? "64-bit" : "32-bit",
		   (hpet_cap & (1 << 15)) ? "capable" : "not capable");
	seq_printf(m, "  period %u fs, configuration %#x, counter %#llx (%llu ns)\n", hpet_period_fs(),
		   readl(hpet + HPET_CFG), (unsigned long long)hpet_read_counter(),
		   (unsigned long long)hpet_ns());
	for (unsigned int n = 0; n < hpet_comparators(); n++)
		seq_printf(m, "  timer %u: config %#010llx, comparator %#llx\n", n,
			   (unsigned long long)readq(hpet + HPET_Tn_CFG(n)),
			   (unsigned long long)readq(hpet + HPET_Tn_CMP(n)));
	seq_printf(m, "  timer 0 interrupts: %lu\n", hpet_ticks);
	return 0;
}
MONITOR_SHOW(hpet, "the HPET's capabilities, counter and timers", hpet_show);
