/*
 * buddy suite: the page allocator on the real machine's memory.  Blocks are
 * naturally aligned and in the zone the GFP flags ask for; __GFP_ZERO zeroes;
 * exhausting memory and freeing it all restores every free list exactly;
 * misuse is reported and leaves the allocator sound; random use keeps every
 * live block's contents intact.
 */
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/memblock.h>
#include <mm/slab.h>

#include "../mm/internal.h"

/* Every free page, those on the per-CPU lists too (drained first). */
static unsigned long free_pages_now(void)
{
	drain_all_pages(NULL);
	return nr_free_pages();
}

struct free_snapshot {
	unsigned long nr_free[MAX_NR_ZONES][NR_PAGE_ORDERS];
};

static void snapshot(struct free_snapshot *s)
{
	drain_all_pages(NULL);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			s->nr_free[z][o] = zones[z].free_area[o].nr_free;
}

static void expect_snapshot(struct kunit *test, const struct free_snapshot *before)
{
	struct free_snapshot now;

	snapshot(&now);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		KUNIT_EXPECT_EQ(test, buddy_check_zone(&zones[z]), 0);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			KUNIT_EXPECT_EQ(test, now.nr_free[z][o], before->nr_free[z][o]);
	}
}

static void buddy_blocks_are_naturally_aligned(struct kunit *test)
{
	for (unsigned int order = 0; order <= MAX_ORDER; order++) {
		struct page *p = alloc_pages(GFP_KERNEL, order);

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, page_to_pfn(p) & ((1UL << order) - 1), 0);
		KUNIT_EXPECT_EQ(test, page_ref_count(p), 1);
		KUNIT_EXPECT_FALSE(test, PageBuddy(p));
		__free_pages(p, order);
	}
}

static enum zone_type highest_populated_zone(void)
{
	enum zone_type z = ZONE_NORMAL;

	while (z > ZONE_DMA && !zones[z].managed_pages)
		z--;
	return z;
}

static void buddy_zone_modifiers_are_honoured(struct kunit *test)
{
	struct page *dma = alloc_pages(GFP_DMA, 2), *dma32 = alloc_page(GFP_DMA32);
	struct page *any = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, dma);
	KUNIT_ASSERT_NOT_NULL(test, dma32);
	KUNIT_ASSERT_NOT_NULL(test, any);
	KUNIT_EXPECT_LT(test, page_to_phys(dma) + 4 * PAGE_SIZE, SZ_16M + 1);
	KUNIT_EXPECT_EQ(test, page_zonenum(dma), ZONE_DMA);
	KUNIT_EXPECT_LT(test, page_to_phys(dma32), SZ_4G);
	KUNIT_EXPECT_LE(test, page_zonenum(dma32), ZONE_DMA32);
	/* GFP_KERNEL prefers the highest zone that has memory (DMA alone below 16 MiB) */
	KUNIT_EXPECT_EQ(test, page_zonenum(any), highest_populated_zone());
	__free_pages(dma, 2);
	__free_page(dma32);
	__free_page(any);
}

static void buddy_gfp_zero_zeroes(struct kunit *test)
{
	struct page *p = alloc_pages(GFP_KERNEL, 3);
	u8 *mem;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(page_address(p), 0xaa, 8 * PAGE_SIZE);
	__free_pages(p, 3);
	p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 3);    /* LIFO: most likely the same block */
	KUNIT_ASSERT_NOT_NULL(test, p);
	mem = page_address(p);
	for (size_t i = 0; i < 8 * PAGE_SIZE; i++)
		if (mem[i]) {
			KUNIT_FAIL(test, "__GFP_ZERO block has a nonzero byte");
			break;
		}
	__free_pages(p, 3);
}

/*
 * Allocate blocks of one order until none is left (each block holds the
 * address of the previous one, so no other memory is needed), then free them
 * all: every zone's free lists must be exactly as before.
 */
static void exhaust(struct kunit *test, unsigned int order, bool first)
{
	struct free_snapshot before;
	void *chain = NULL;
	unsigned long n = 0;
	size_t pos = log_buf_pos();
	struct page *p;

	snapshot(&before);
	while ((p = alloc_pages(GFP_KERNEL, order)) != NULL) {
		*(void **)page_address(p) = chain;
		chain = page_address(p);
		n++;
	}
	/* exhausted: no zone has a free block of this order or larger */
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = order; o <= MAX_ORDER; o++)
			KUNIT_EXPECT_EQ(test, zones[z].free_area[o].nr_free, 0);
	/* the failure is reported once per call site: the first time only */
	KUNIT_EXPECT_EQ(test, log_contains_since(pos, "exhaust+"), first);
	while (chain) {
		void *next = *(void **)chain;

		free_pages((unsigned long)chain, order);
		chain = next;
	}
	KUNIT_EXPECT_GT(test, n, 0);
	expect_snapshot(test, &before);
}

static void buddy_exhaust_then_free_restores_every_list(struct kunit *test)
{
	static int runs;                /* the warning comes once per boot, not per run */
	unsigned long free = free_pages_now();

	exhaust(test, 0, runs++ == 0);
	exhaust(test, 4, false);
	exhaust(test, MAX_ORDER, false);
	KUNIT_EXPECT_EQ(test, free_pages_now(), free);
}

static void buddy_misuse_is_reported_and_harmless(struct kunit *test)
{
	struct free_snapshot before;
	struct page *p = alloc_pages(GFP_KERNEL, 2), *q;
	size_t pos;

	KUNIT_ASSERT_NOT_NULL(test, p);
	pos = log_buf_pos();
	__free_pages(p, 1);                             /* wrong order */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: Bad page state"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "buddy_misuse_is_reported_and_harmless+"));
	__free_pages(p, 2);
	snapshot(&before);
	pos = log_buf_pos();
	__free_pages(p, 2);                             /* double free */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: Bad page state"));
	pos = log_buf_pos();
	__free_page(p + 1);                             /* a page never handed out */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: Bad page state"));
	expect_snapshot(test, &before);
	q = alloc_pages(GFP_KERNEL, MAX_ORDER + 1);     /* impossible order */
	KUNIT_EXPECT_NULL(test, q);
}

/* A page-aligned address in a hole between RAM ranges, with no struct page: 0 if none. */
static unsigned long hole_address(void)
{
	for (unsigned int i = 0; i + 1 < memblock.memory.cnt; i++) {
		phys_addr_t end = memblock.memory.regions[i].base + memblock.memory.regions[i].size;
		unsigned long pfn = ALIGN(PHYS_PFN(end), MAX_ORDER_NR_PAGES) + 1;

		if (PFN_PHYS(pfn) < memblock.memory.regions[i + 1].base && !pfn_valid(pfn))
			return (unsigned long)__va(PFN_PHYS(pfn));
	}
	return 0;
}

/* Freeing an address in a RAM hole (no struct page there) is reported, not a fault. */
static void buddy_free_of_a_hole_address_is_reported(struct kunit *test)
{
	unsigned long addr = hole_address();
	size_t pos;

	if (!addr)
		kunit_skip(test, "no hole of 4 MiB or more between RAM ranges (q35 with 5G has one)");
	pos = log_buf_pos();
	free_page(addr);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: Bad page"));
	pos = log_buf_pos();
	kfree((void *)addr);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: kfree("));
}

static void buddy_address_api(struct kunit *test)
{
	unsigned long a = __get_free_pages(GFP_KERNEL, 1), z = get_zeroed_page(GFP_KERNEL);

	KUNIT_ASSERT_NE(test, a, 0);
	KUNIT_ASSERT_NE(test, z, 0);
	KUNIT_EXPECT_GE(test, a, PAGE_OFFSET);
	KUNIT_EXPECT_EQ(test, a & (2 * PAGE_SIZE - 1), 0);
	KUNIT_EXPECT_EQ(test, *(u64 *)(z + PAGE_SIZE - 8), 0);
	KUNIT_EXPECT_PTR_EQ(test, page_address(virt_to_page(a)), (void *)a);
	free_pages(a, 1);
	free_page(z);
	free_page(0);                                   /* a no-op, as in Linux */
}

/* A cheap pseudo-random generator: xorshift64 with a fixed seed. */
static u64 rnd(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

#define LIVE 64

static void buddy_random_use_keeps_contents(struct kunit *test)
{
	struct { struct page *p; unsigned int order; u64 tag; } live[LIVE] = { { 0 } };
	u64 seed = 0x9e3779b97f4a7c15ULL;
	unsigned long free = free_pages_now();

	for (int round = 0; round < 4000; round++) {
		int i = rnd(&seed) % LIVE;

		if (live[i].p) {
			u64 *m = page_address(live[i].p);
			size_t words = (PAGE_SIZE << live[i].order) / 8;

			KUNIT_EXPECT_EQ(test, m[0], live[i].tag);
			KUNIT_EXPECT_EQ(test, m[words - 1], ~live[i].tag);
			__free_pages(live[i].p, live[i].order);
			live[i].p = NULL;
		} else {
			live[i].order = rnd(&seed) % 6;
			live[i].p = alloc_pages(GFP_KERNEL, live[i].order);
			KUNIT_ASSERT_NOT_NULL(test, live[i].p);
			live[i].tag = rnd(&seed);
			((u64 *)page_address(live[i].p))[0] = live[i].tag;
			((u64 *)page_address(live[i].p))[(PAGE_SIZE << live[i].order) / 8 - 1] = ~live[i].tag;
		}
	}
	for (int i = 0; i < LIVE; i++)
		if (live[i].p)
			__free_pages(live[i].p, live[i].order);
	KUNIT_EXPECT_EQ(test, free_pages_now(), free);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		KUNIT_EXPECT_EQ(test, buddy_check_zone(&zones[z]), 0);
}

/* The zones Linux reports on the same machines: DMA from pfn 1 (page 0 is the BIOS's). */
/*
 * Zones as Linux draws them: DMA from pfn 1 (page 0 is the BIOS's) to 16 MiB,
 * DMA32 to 4 GiB, Normal above, each cut at the end of RAM; a zone above the
 * end of RAM is empty (a 16 MiB machine has DMA only).
 */
static void buddy_zones_match_linux(struct kunit *test)
{
	unsigned long max_pfn = PHYS_PFN(memblock_end_of_DRAM());

	KUNIT_EXPECT_EQ(test, zones[ZONE_DMA].zone_start_pfn, 1);
	KUNIT_EXPECT_EQ(test, zones[ZONE_DMA].spanned_pages, min(max_pfn, MAX_DMA_PFN) - 1);
	if (max_pfn > MAX_DMA_PFN) {
		KUNIT_EXPECT_EQ(test, zones[ZONE_DMA32].zone_start_pfn, MAX_DMA_PFN);
		KUNIT_EXPECT_EQ(test, zones[ZONE_DMA32].spanned_pages,
				min(max_pfn, MAX_DMA32_PFN) - MAX_DMA_PFN);
	} else {
		KUNIT_EXPECT_EQ(test, zones[ZONE_DMA32].spanned_pages, 0);
	}
	if (max_pfn <= MAX_DMA32_PFN)
		KUNIT_EXPECT_EQ(test, zones[ZONE_NORMAL].spanned_pages, 0);
	KUNIT_EXPECT_LE(test, zones[ZONE_DMA].managed_pages, zones[ZONE_DMA].present_pages);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		KUNIT_EXPECT_LE(test, zones[z].present_pages, zones[z].spanned_pages);
	KUNIT_EXPECT_EQ(test, totalram_pages(), zones[0].managed_pages + zones[1].managed_pages +
			zones[2].managed_pages);
}

#define BULK_N 40                       /* more than a DMA zone's batch: a refill in the middle */

/*
 * alloc_pages_bulk_array (vmalloc's allocator): every NULL entry filled with
 * a distinct order-0 page of the zone asked for, zeroed under __GFP_ZERO, an
 * entry already filled left alone; the count is what was filled.
 */
static void buddy_bulk_array_fills_distinct_pages(struct kunit *test)
{
	static struct page *pages[BULK_N];
	struct page *mine = alloc_page(GFP_KERNEL);
	bool distinct = true, zeroed = true, dma = true;

	KUNIT_ASSERT_NOT_NULL(test, mine);
	memset(pages, 0, sizeof(pages));
	pages[0] = mine;
	KUNIT_ASSERT_EQ(test, alloc_pages_bulk_array(GFP_DMA | __GFP_ZERO, BULK_N, pages), (unsigned long)BULK_N);
	KUNIT_EXPECT_PTR_EQ(test, pages[0], mine);
	for (int i = 1; i < BULK_N; i++) {
		const u8 *p = page_address(pages[i]);

		dma &= page_to_pfn(pages[i]) < PHYS_PFN(SZ_16M);
		for (int j = 0; j < BULK_N; j++)
			distinct &= j == i || pages[j] != pages[i];
		for (size_t b = 0; b < PAGE_SIZE; b += 512)
			zeroed &= p[b] == 0;
	}
	KUNIT_EXPECT_TRUE(test, distinct);
	KUNIT_EXPECT_TRUE(test, zeroed);
	KUNIT_EXPECT_TRUE(test, dma);
	for (int i = 0; i < BULK_N; i++)
		__free_page(pages[i]);          /* the runner's leak check counts them back */
}

static struct kunit_case buddy_cases[] = {
	KUNIT_CASE(buddy_zones_match_linux),
	KUNIT_CASE(buddy_blocks_are_naturally_aligned),
	KUNIT_CASE(buddy_zone_modifiers_are_honoured),
	KUNIT_CASE(buddy_gfp_zero_zeroes),
	KUNIT_CASE(buddy_bulk_array_fills_distinct_pages),
	KUNIT_CASE(buddy_address_api),
	KUNIT_CASE(buddy_free_of_a_hole_address_is_reported),
	KUNIT_CASE(buddy_misuse_is_reported_and_harmless),
	KUNIT_CASE(buddy_random_use_keeps_contents),
	KUNIT_CASE(buddy_exhaust_then_free_restores_every_list),
	{}
};

static struct kunit_suite buddy_suite = {
	.name = "buddy",
	.test_cases = buddy_cases,
};
kunit_test_suite(buddy_suite);
