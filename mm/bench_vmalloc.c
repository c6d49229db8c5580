/*
 * vmalloc and ioremap benchmarks, with the reference Linux module's loop
 * shapes (kbench.c: bench_vmalloc, bench_io): 10,000 vmalloc+vfree of 1 and
 * 16 pages, 10,000 ioremap+iounmap of the HPET, 100,000 readl of its counter;
 * and 100,000 reads of the local APIC ID register (not in the module).
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <kernel/bench.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <mm/vmalloc.h>

#define VM_N         10000
#define IOREMAP_N    10000
#define PIO_N        100000
#define HPET_BASE    0xfed00000UL
#define HPET_COUNTER 0xf0

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

static void bench_io(void)
{
	struct bench_time t, total = { 0, 0 };
	void __iomem *h;
	u64 sum = 0;

	bench_start(&t);
	for (int i = 0; i < IOREMAP_N; i++) {
		h = ioremap(HPET_BASE, 4096);
		if (!h) {
			pr_info("BENCHINFO ioremap(HPET) failed at %d\n", i);
			return;
		}
		HIDE(h);
		iounmap(h);
	}
	bench_stop(&t, &total);
	bench_report("ioremap_iounmap_hpet", &total, IOREMAP_N);

	h = ioremap(HPET_BASE, 4096);
	if (!h)
		return;
	pr_info("BENCHINFO hpet_cap=0x%08x hpet_counter_before=0x%08x\n",
		readl(h), readl(h + HPET_COUNTER));
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

/* The local APIC's ID register: another trap into the emulator per read. */
static void bench_lapic(void)
{
	struct bench_time t, total = { 0, 0 };
	u32 sum = 0;

	bench_start(&t);
	for (int i = 0; i < PIO_N; i++)
		sum += lapic_read(APIC_ID);
	bench_stop(&t, &total);
	HIDE(sum);
	bench_report("readl_lapic_id", &total, PIO_N);
}
BENCH_CASE("readl_lapic_id", bench_lapic);
