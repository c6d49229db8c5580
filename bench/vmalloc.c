/*
 * vmalloc and ioremap benchmarks, with the reference Linux module's loop
 * shapes (kbench.c: bench_vmalloc, bench_io): 10,000 vmalloc+vfree of 1 and
 * 16 pages, 10,000 ioremap+iounmap of the HPET, 100,000 readl of its counter.
 * The HPET is where the ACPI HPET table puts it, as the driver finds it.
 */
#include <asm/io.h>
#include <drivers/acpi.h>
#include <drivers/hpet.h>
#include <kernel/bench.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <mm/vmalloc.h>

#define VM_N         10000
#define IOREMAP_N    10000
#define PIO_N        100000

static void bench_vmalloc(void)
{
	static const unsigned int npages[] = { 1, 16 };

	for (size_t k = 0; k < ARRAY_SIZE(npages); k++) {
		unsigned long sz = npages[k] * PAGE_SIZE;
		struct bench_time t, total = { 0, 0 };
		char name[48];

		for (int i = 0; i < 100; i++)
			vfree(vmalloc(sz));
		bench_start(&t);
		for (int i = 0; i < VM_N; i++) {
			void *p = vmalloc(sz);

			HIDE(p);
			vfree(p);
		}
		bench_stop(&t, &total);
		snprintf(name, sizeof(name), "vmalloc_vfree_%up", npages[k]);
		bench_report(name, &total, VM_N);
	}
}
BENCH_CASE("vmalloc", bench_vmalloc);

/* The HPET's physical address, as the driver has it (from ACPI), or 0 without one. */
static phys_addr_t hpet_address(void)
{
	const struct acpi_info *acpi = acpi_get_info();

	if (!hpet_present() || !acpi || !acpi->hpet.present) {
		pr_info("BENCHINFO no HPET: ioremap_iounmap_hpet and readl_hpet_counter skipped\n");
		return 0;
	}
	return acpi->hpet.address;
}

static void bench_io(void)
{
	struct bench_time t, total = { 0, 0 };
	phys_addr_t base = hpet_address();
	void __iomem *h;
	u64 sum = 0;

	if (!base)
		return;
	bench_start(&t);
	for (int i = 0; i < IOREMAP_N; i++) {
		h = ioremap(base, 4096);
		if (!h) {
			pr_info("BENCHINFO ioremap(HPET) failed at %d\n", i);
			return;
		}
		HIDE(h);
		iounmap(h);
	}
	bench_stop(&t, &total);
	bench_report("ioremap_iounmap_hpet", &total, IOREMAP_N);

	h = ioremap(base, 4096);
	if (!h)
		return;
	pr_info("BENCHINFO hpet_cap=0x%08x hpet_counter_before=0x%08x\n",
		readl(h + HPET_ID), readl(h + HPET_COUNTER));
	total = (struct bench_time){ 0, 0 };
	bench_start(&t);
	for (int i = 0; i < PIO_N; i++)
		sum += readl(h + HPET_COUNTER);
	bench_stop(&t, &total);
	HIDE(sum);
	bench_report("readl_hpet_counter", &total, PIO_N);
	iounmap(h);
}
BENCH_CASE("ioremap_readl", bench_io);
