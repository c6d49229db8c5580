/*
 * Slab and kmalloc benchmarks, with the loop shapes and counts of the
 * reference Linux module (kbench.c: bench_kmalloc, bench_kmem_cache), so
 * that each BENCH line compares with Linux's on the same QEMU machine:
 *   kmalloc_pair_N        kmalloc(N) then kfree at once, 1,000,000 times
 *   kmalloc_batch_N       10,000 kmallocs then their kfrees, 100 times;
 *                         also _alloc and _free alone.  Cost per alloc+free.
 *   kmem_cache64_pair, kmem_cache64_batch   the same on a cache of 64 bytes
 * and the memory overhead, which the module does not measure:
 *   slab_overhead_N       bytes of slab pages per byte of 10,000 live
 *                         objects of N bytes, in a cache of exactly N bytes
 * Debugging must be off (no slub_debug or selftest on the command line),
 * as make bench boots.
 */
#include <kernel/bench.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <mm/mm.h>
#include <mm/slab.h>

#include "../mm/slab.h"          /* the caches' insides, for slab_overhead */

#define KM_PAIR_N       1000000
#define KM_BATCH        10000
#define KM_BATCH_REPS   100
#define OVERHEAD_N      10000

static void *objs[KM_BATCH];

/* Keep the compiler from knowing a value (Linux's OPTIMIZER_HIDE_VAR). */
#define OPTIMIZER_HIDE_VAR(v) __asm__("" : "+r"(v))

static void report_batch(const char *prefix, struct bench_time *a, struct bench_time *f)
{
	struct bench_time sum = { a->cycles + f->cycles, a->ns + f->ns };
	char name[48];

	snprintf(name, sizeof(name), "%s", prefix);
	bench_report(name, &sum, (u64)KM_BATCH * KM_BATCH_REPS);
	snprintf(name, sizeof(name), "%s_alloc", prefix);
	bench_report(name, a, (u64)KM_BATCH * KM_BATCH_REPS);
	snprintf(name, sizeof(name), "%s_free", prefix);
	bench_report(name, f, (u64)KM_BATCH * KM_BATCH_REPS);
}

static void bench_kmalloc_size(size_t sz, size_t label)
{
	struct bench_time t, pair = { 0, 0 }, a = { 0, 0 }, f = { 0, 0 };
	char name[48];

	OPTIMIZER_HIDE_VAR(sz);
	for (int i = 0; i < 1000; i++)          /* warm up */
		kfree(kmalloc(sz, GFP_KERNEL));
	bench_start(&t);
	for (int i = 0; i < KM_PAIR_N; i++) {
		void *p = kmalloc(sz, GFP_KERNEL);

		HIDE(p);
		kfree(p);
	}
	bench_stop(&t, &pair);
	snprintf(name, sizeof(name), "kmalloc_pair_%zu", label);
	bench_report(name, &pair, KM_PAIR_N);
	for (int r = 0; r < KM_BATCH_REPS; r++) {
		bench_start(&t);
		for (int i = 0; i < KM_BATCH; i++)
			objs[i] = kmalloc(sz, GFP_KERNEL);
		bench_stop(&t, &a);
		bench_start(&t);
		for (int i = 0; i < KM_BATCH; i++)
			kfree(objs[i]);
		bench_stop(&t, &f);
	}
	snprintf(name, sizeof(name), "kmalloc_batch_%zu", label);
	report_batch(name, &a, &f);
}

static void bench_kmalloc(void)
{
	static const size_t sizes[] = { 8, 64, 256, 1024, 4096 };

	if (slub_debug)
		pr_info("BENCHINFO slab debugging is on: the slab figures are not comparable\n");
	for (size_t s = 0; s < ARRAY_SIZE(sizes); s++)
		bench_kmalloc_size(sizes[s], sizes[s]);
}
BENCH_CASE("kmalloc", bench_kmalloc);

static void bench_kmem_cache(void)
{
	struct kmem_cache *kc = kmem_cache_create("kbench64", 64, 0, 0, NULL);
	struct bench_time t, pair = { 0, 0 }, a = { 0, 0 }, f = { 0, 0 };

	if (!kc) {
		pr_info("BENCHINFO kmem_cache_create failed\n");
		return;
	}
	for (int i = 0; i < 1000; i++)
		kmem_cache_free(kc, kmem_cache_alloc(kc, GFP_KERNEL));
	bench_start(&t);
	for (int i = 0; i < KM_PAIR_N; i++) {
		void *p = kmem_cache_alloc(kc, GFP_KERNEL);

		HIDE(p);
		kmem_cache_free(kc, p);
	}
	bench_stop(&t, &pair);
	bench_report("kmem_cache64_pair", &pair, KM_PAIR_N);
	for (int r = 0; r < KM_BATCH_REPS; r++) {
		bench_start(&t);
		for (int i = 0; i < KM_BATCH; i++)
			objs[i] = kmem_cache_alloc(kc, GFP_KERNEL);
		bench_stop(&t, &a);
		bench_start(&t);
		for (int i = 0; i < KM_BATCH; i++)
			kmem_cache_free(kc, objs[i]);
		bench_stop(&t, &f);
	}
	report_batch("kmem_cache64_batch", &a, &f);
	kmem_cache_destroy(kc);
}
BENCH_CASE("kmem_cache", bench_kmem_cache);

/*
 * Pages the buddy allocator gave to slabs for OVERHEAD_N objects of size
 * bytes, per byte of those objects, in hundredths.
 */
static void bench_overhead_size(unsigned int size)
{
	char name[32];
	struct kmem_cache *s;
	unsigned long free, bytes, live = (unsigned long)OVERHEAD_N * size, r100;
	int n = 0;

	snprintf(name, sizeof(name), "slab_overhead_%u", size);
	s = kmem_cache_create("bench_overhead", size, 0, 0, NULL);
	if (!s)
		return;
	drain_all_pages(NULL);          /* exact free counts: the per-CPU lists emptied */
	free = nr_free_pages();
	while (n < OVERHEAD_N && (objs[n] = kmem_cache_alloc(s, GFP_KERNEL)) != NULL)
		n++;
	drain_all_pages(NULL);
	bytes = (free - nr_free_pages()) * PAGE_SIZE;
	r100 = (bytes * 100 + live / 2) / live;
	pr_info("BENCHINFO %s objects=%d slabs=%lu order=%u objperslab=%u stride=%u\n",
		name, n, slab_nr_slabs(s), s->order, s->objects, s->size);
	if (n == OVERHEAD_N)
		pr_info("BENCH %s ratio=%lu.%02lu\n", name, r100 / 100, r100 % 100);
	while (n--)
		kmem_cache_free(s, objs[n]);
	kmem_cache_destroy(s);
}

static void bench_slab_overhead(void)
{
	bench_overhead_size(8);
	bench_overhead_size(64);
	bench_overhead_size(1000);
}
BENCH_CASE("slab_overhead", bench_slab_overhead);
