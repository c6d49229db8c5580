/*
 * Page allocator benchmarks, with the loop shapes and counts of the
 * reference Linux module (kbench.c: bench_pages), so that each BENCH line
 * compares with Linux's on the same QEMU machine:
 *   alloc_pages_pair_oN   alloc then free at once, 100,000 times (10,000 for o9)
 *   alloc_pages_batch_oN  1,000 allocations (64 for o9) then their frees, 100 times;
 *                         also _alloc and _free alone.  Cost per alloc+free.
 */
#include <kernel/bench.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <mm/gfp.h>

#define PG_PAIR_N       100000
#define PG_PAIR_N_O9    10000
#define PG_BATCH        1000
#define PG_BATCH_O9     64              /* 1,000 order-9 blocks would not fit in 512 MiB */
#define PG_BATCH_REPS   100

static struct page *pages[PG_BATCH];

static void bench_pair(unsigned int order, int n)
{
	struct bench_time t, total = { 0, 0 };
	char name[48];

	for (int i = 0; i < 100; i++)               /* warm up, as the module does */
		__free_pages(alloc_pages(GFP_KERNEL, order), order);
	bench_start(&t);
	for (int i = 0; i < n; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, order);

		HIDE(p);
		if (p)
			__free_pages(p, order);
	}
	bench_stop(&t, &total);
	snprintf(name, sizeof(name), "alloc_pages_pair_o%u", order);
	bench_report(name, &total, n);
}

static void bench_batch(unsigned int order, int batch)
{
	struct bench_time t, a = { 0, 0 }, f = { 0, 0 }, sum;
	int got = batch;
	char name[48];

	for (int r = 0; r < PG_BATCH_REPS; r++) {
		bench_start(&t);
		for (int i = 0; i < batch; i++)
			pages[i] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
		bench_stop(&t, &a);
		bench_start(&t);
		for (int i = 0; i < batch; i++)
			if (pages[i])
				__free_pages(pages[i], order);
			else
				got = min(got, i);
		bench_stop(&t, &f);
	}
	pr_info("BENCHINFO alloc_pages_batch_o%u batch=%d reps=%d first_failure_index=%d\n",
		order, batch, PG_BATCH_REPS, got == batch ? -1 : got);
	sum = (struct bench_time){ a.cycles + f.cycles, a.ns + f.ns };
	snprintf(name, sizeof(name), "alloc_pages_batch_o%u", order);
	bench_report(name, &sum, (u64)batch * PG_BATCH_REPS);
	snprintf(name, sizeof(name), "alloc_pages_batch_o%u_alloc", order);
	bench_report(name, &a, (u64)batch * PG_BATCH_REPS);
	snprintf(name, sizeof(name), "alloc_pages_batch_o%u_free", order);
	bench_report(name, &f, (u64)batch * PG_BATCH_REPS);
}

static void bench_pages(void)
{
	static const unsigned int orders[] = { 0, 3, 9 };

	for (size_t o = 0; o < ARRAY_SIZE(orders); o++) {
		bench_pair(orders[o], orders[o] == 9 ? PG_PAIR_N_O9 : PG_PAIR_N);
		bench_batch(orders[o], orders[o] == 9 ? PG_BATCH_O9 : PG_BATCH);
	}
}
BENCH_CASE("alloc_pages", bench_pages);
