/*
 * buddy suite: the page allocator on the real machine's memory.  Blocks are
 * naturally aligned and in the zone the GFP flags ask for; __GFP_ZERO zeroes;
 * exhausting memory and freeing it all restores every free list exactly;
 * misuse is reported and leaves the allocator sound; random use keeps every
 * live block's contents intact.  The lab 3 cases (labs/03-buddy.md): splitting
 * (buddy_split_*), the buddyinfo view (buddy_buddyinfo_*) and merging
 * (buddy_merge_*), on a private zone over one real 4 MiB block and on a real
 * zone under its lock.
 */
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
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

/* ---- lab 3: split, buddyinfo, merge ---- */

/* KUNIT_EXPECT_EQ with a note (printf format) saying which value it was. */
#define EXPECT_EQ_AT(test, a, b, fmt, ...) do { \
	long long __a = (long long)(a), __b = (long long)(b); \
	if (__a != __b) { \
		char __m[192]; \
		snprintf(__m, sizeof(__m), "Expected %s == %s, but %lld != %lld (" fmt ")", \
			 #a, #b, __a, __b, ##__VA_ARGS__); \
		kunit_fail_msg(test, __FILE__, __LINE__, false, __m); \
	} \
} while (0)

/*
 * A private zone over one real MAX_ORDER block, taken from the highest
 * populated zone under its lock: its pages are made PG_reserved, as boot
 * leaves them, and handed to the private zone, so what the test does there
 * touches no one else's memory.  NULL if the zone has no such block.
 */
struct private_zone {
	struct zone z;
	struct zone *from;
	unsigned long pfn;
};

static struct private_zone *private_zone_init(struct private_zone *pz)
{
	struct page *page;
	unsigned long flags;

	pz->from = &zones[highest_populated_zone()];
	spin_lock_irqsave(&pz->from->lock, flags);
	page = __rmqueue_smallest(pz->from, MAX_ORDER);
	spin_unlock_irqrestore(&pz->from->lock, flags);
	if (!page)
		return NULL;
	pz->pfn = page_to_pfn(page);
	for (unsigned long i = 0; i < MAX_ORDER_NR_PAGES; i++)
		SetPageReserved(page + i);
	buddy_init_zone(&pz->z, "lab3", pz->from->type, pz->pfn, pz->pfn + MAX_ORDER_NR_PAGES);
	buddy_free_range(&pz->z, pz->pfn, pz->pfn + MAX_ORDER_NR_PAGES);
	return pz;
}

/* Every page of the block back in no state, the block back to its zone. */
static void private_zone_exit(struct private_zone *pz)
{
	struct page *page = pfn_to_page(pz->pfn);
	unsigned long flags;

	for (unsigned long i = 0; i < MAX_ORDER_NR_PAGES; i++) {
		ClearPageBuddy(page + i);
		ClearPageHead(page + i);
		ClearPageReserved(page + i);
		page[i]._refcount = 0;
		page[i].private = 0;
	}
	spin_lock_irqsave(&pz->from->lock, flags);
	buddy_free_one(pz->from, page, MAX_ORDER);
	spin_unlock_irqrestore(&pz->from->lock, flags);
}

/* The private zone's free blocks per order are want[], and it passes its check. */
static void expect_counts(struct kunit *test, const struct zone *z, const unsigned long *want)
{
	unsigned long pages = 0;

	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		EXPECT_EQ_AT(test, z->free_area[o].nr_free, want[o], "order %u", o);
		pages += want[o] << o;
	}
	KUNIT_EXPECT_EQ(test, z->free_pages, pages);
	KUNIT_EXPECT_EQ(test, buddy_check_zone(z), 0);
}

/* The pfn of the first block on the free list of this order, relative to base. */
static unsigned long first_free(const struct zone *z, unsigned int order, unsigned long base)
{
	if (list_empty(&z->free_area[order].free_list))
		return ~0UL;
	return page_to_pfn(list_first_entry(&z->free_area[order].free_list, struct page, lru)) - base;
}

/*
 * One 4 MiB block: an order-0 request splits it at every order, the upper
 * halves going to the lists (order k's at offset 2^k); then requests are met
 * from the smallest list that has a block, splitting only when none fits.
 */
static void buddy_split_a_block_of_the_machine(struct kunit *test)
{
	static const unsigned long once[NR_PAGE_ORDERS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 };
	static const unsigned long later[NR_PAGE_ORDERS] = { 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0 };
	struct private_zone pz;
	struct page *p[4];
	unsigned long base;

	KUNIT_ASSERT_NOT_NULL(test, private_zone_init(&pz));
	base = pz.pfn;
	p[0] = buddy_alloc(&pz.z, 0);
	if (p[0]) {
		KUNIT_EXPECT_EQ(test, page_to_pfn(p[0]) - base, 0);
		expect_counts(test, &pz.z, once);
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			EXPECT_EQ_AT(test, first_free(&pz.z, o, base), 1UL << o, "order %u", o);
		p[1] = buddy_alloc(&pz.z, 0);   /* offset 1: on the order-0 list */
		p[2] = buddy_alloc(&pz.z, 1);   /* offset 2: on the order-1 list */
		p[3] = buddy_alloc(&pz.z, 0);   /* none left below order 2: 4 splits */
		if (!p[1] || !p[2] || !p[3]) {
			KUNIT_FAIL(test, "buddy_alloc: NULL from a zone with free blocks");
			goto out;
		}
		KUNIT_EXPECT_EQ(test, page_to_pfn(p[1]) - base, 1);
		KUNIT_EXPECT_EQ(test, page_to_pfn(p[2]) - base, 2);
		KUNIT_EXPECT_EQ(test, page_to_pfn(p[3]) - base, 4);
		KUNIT_EXPECT_EQ(test, first_free(&pz.z, 0, base), 5);
		KUNIT_EXPECT_EQ(test, first_free(&pz.z, 1, base), 6);
		expect_counts(test, &pz.z, later);
		KUNIT_EXPECT_EQ(test, page_ref_count(p[2]), 1);
		KUNIT_EXPECT_TRUE(test, PageHead(p[2]) && !PageBuddy(p[2]));
	} else {
		KUNIT_FAIL(test, "buddy_alloc(order 0) from a zone of one free 4 MiB block: NULL");
	}
out:
	private_zone_exit(&pz);
}

/*
 * In a real zone, under its lock: each order's request takes a block of the
 * smallest order that has one and leaves one block at each order in between
 * (whether any request splits depends on the zone's state; the case above
 * always splits).
 */
static void buddy_split_in_the_zone_takes_the_smallest_order_that_fits(struct kunit *test)
{
	struct zone *z = &zones[highest_populated_zone()];
	static unsigned long before[NR_PAGE_ORDERS][NR_PAGE_ORDERS];
	static unsigned long after[NR_PAGE_ORDERS][NR_PAGE_ORDERS];
	static unsigned long free_before[NR_PAGE_ORDERS], free_after[NR_PAGE_ORDERS];
	struct page *got[NR_PAGE_ORDERS];
	unsigned long flags;

	drain_all_pages(NULL);
	spin_lock_irqsave(&z->lock, flags);
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		for (unsigned int k = 0; k <= MAX_ORDER; k++)
			before[o][k] = z->free_area[k].nr_free;
		free_before[o] = z->free_pages;
		got[o] = __rmqueue_smallest(z, o);
		for (unsigned int k = 0; k <= MAX_ORDER; k++)
			after[o][k] = z->free_area[k].nr_free;
		free_after[o] = z->free_pages;
	}
	for (int o = MAX_ORDER; o >= 0; o--)
		if (got[o])
			buddy_free_one(z, got[o], o);
	spin_unlock_irqrestore(&z->lock, flags);

	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		unsigned int high = o;

		while (high <= MAX_ORDER && !before[o][high])
			high++;
		if (high > MAX_ORDER) {
			EXPECT_EQ_AT(test, got[o] != NULL, 0, "order %u: no block free, yet not NULL", o);
			continue;
		}
		if (!got[o]) {
			EXPECT_EQ_AT(test, got[o] != NULL, 1, "order %u: NULL, with a block of order %u free",
				     o, high);
			continue;
		}
		EXPECT_EQ_AT(test, page_to_pfn(got[o]) & ((1UL << o) - 1), 0, "order %u", o);
		EXPECT_EQ_AT(test, free_before[o] - free_after[o], 1UL << o, "order %u", o);
		for (unsigned int k = 0; k <= MAX_ORDER; k++) {
			long want = (long)before[o][k] - (k == high) + (k >= o && k < high);

			EXPECT_EQ_AT(test, (long)after[o][k], want,
					    "order %u request, order %u list (block of order %u split)",
					    o, k, high);
		}
	}
}

/* The buddyinfo text for the free counts in counts[][], as Linux prints it. */
static void buddyinfo_text(char *buf, size_t size,
			   const unsigned long counts[MAX_NR_ZONES][NR_PAGE_ORDERS])
{
	size_t len = 0;

	buf[0] = '\0';
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!zones[z].present_pages)
			continue;
		len += scnprintf(buf + len, size - len, "Node 0, zone %8s ", zones[z].name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			len += scnprintf(buf + len, size - len, "%6lu ", counts[z][o]);
		len += scnprintf(buf + len, size - len, "\n");
	}
}

#define VIEW_MAX 1024

static char view[VIEW_MAX], want_view[VIEW_MAX];

/*
 * Render the view with show() while the counts stand still (snapshots before
 * and after agree; a few tries, as other CPUs allocate too); the text the
 * counts call for goes to want_view.  False if they never stood still.
 */
static bool render_still(bool (*show)(char *buf, size_t size))
{
	static struct free_snapshot a, b;

	for (int tries = 0; tries < 20; tries++) {
		snapshot(&a);
		if (!show(view, VIEW_MAX))
			return false;
		snapshot(&b);
		if (!memcmp(&a, &b, sizeof(a))) {
			buddyinfo_text(want_view, VIEW_MAX, a.nr_free);
			return true;
		}
	}
	return false;
}

static bool show_monitor(char *buf, size_t size)
{
	struct seq_file m;

	seq_file_init(&m, buf, size - 1);
	if (monitor_exec_seq(&m, "buddyinfo") || seq_has_overflowed(&m))
		return false;
	buf[m.count] = '\0';
	return true;
}

static struct file *proc_file;

static bool show_proc(char *buf, size_t size)
{
	loff_t pos = 0;
	size_t len = 0;
	long n = 0;

	while (len < size - 1 && (n = kernel_read(proc_file, buf + len, size - 1 - len, &pos)) > 0)
		len += n;
	buf[len] = '\0';
	return n >= 0;
}

/* The monitor's buddyinfo: one line per zone with memory, Linux's format, the real counts. */
static void buddy_buddyinfo_shows_each_zone_with_memory(struct kunit *test)
{
	int lines = 0, populated = 0;

	KUNIT_ASSERT_TRUE(test, render_still(show_monitor));
	KUNIT_EXPECT_STREQ(test, view, want_view);
	for (const char *p = view; (p = strchr(p, '\n')); p++)
		lines++;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		populated += zones[z].present_pages != 0;
	KUNIT_EXPECT_EQ(test, lines, populated);
	/* as on Linux (/work/shared/reference: "Node 0, zone      DMA      0 ...") */
	KUNIT_EXPECT_EQ(test, strncmp(view, "Node 0, zone      DMA ", 22), 0);
}

/* /proc/buddyinfo is the same view. */
static void buddy_buddyinfo_in_proc_is_the_same_view(struct kunit *test)
{
	proc_file = filp_open("/proc/buddyinfo", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(proc_file));
	KUNIT_EXPECT_TRUE(test, render_still(show_proc));
	fput(proc_file);
	KUNIT_EXPECT_STREQ(test, view, want_view);
	KUNIT_EXPECT_NE(test, strlen(view), 0);
}

/*
 * One 4 MiB block: blocks out at several orders, freed in a scrambled order;
 * a freed block whose buddy is still out stays as it is, and the last free
 * merges everything back into the one MAX_ORDER block.
 */
static void buddy_merge_a_block_of_the_machine_back_whole(struct kunit *test)
{
	static const unsigned int orders[] = { 0, 0, 1, 3, 2, 5, 0, 4, 9 };
	static const unsigned int free_order[] = { 1, 4, 8, 6, 2, 7, 5, 3, 0 };
	static const unsigned long whole[NR_PAGE_ORDERS] = { [MAX_ORDER] = 1 };
	struct page *p[ARRAY_SIZE(orders)];
	struct private_zone pz;
	struct page *head;

	KUNIT_ASSERT_NOT_NULL(test, private_zone_init(&pz));
	head = pfn_to_page(pz.pfn);
	for (unsigned int i = 0; i < ARRAY_SIZE(orders); i++) {
		p[i] = buddy_alloc(&pz.z, orders[i]);
		if (!p[i]) {
			EXPECT_EQ_AT(test, p[i] != NULL, 1, "buddy_alloc(order %u)", orders[i]);
			goto out;
		}
	}
	/* p[1] is offset 1, its buddy p[0] (offset 0) still out: no merge */
	KUNIT_EXPECT_EQ(test, page_to_pfn(p[1]) - pz.pfn, 1);
	KUNIT_EXPECT_EQ(test, buddy_free(&pz.z, p[1], 0, _THIS_IP_), 0);
	KUNIT_EXPECT_TRUE(test, PageBuddy(p[1]) && p[1]->private == 0);
	for (unsigned int i = 1; i < ARRAY_SIZE(free_order); i++)
		KUNIT_EXPECT_EQ(test, buddy_free(&pz.z, p[free_order[i]], orders[free_order[i]],
						 _THIS_IP_), 0);
	expect_counts(test, &pz.z, whole);
	KUNIT_EXPECT_TRUE(test, PageBuddy(head) && head->private == MAX_ORDER);
	for (unsigned long i = 1; i < MAX_ORDER_NR_PAGES; i++)
		if (PageBuddy(head + i)) {
			EXPECT_EQ_AT(test, PageBuddy(head + i), 0, "offset %lu: a free block head", i);
			break;
		}
out:
	private_zone_exit(&pz);
}

/*
 * In a real zone, under its lock: a block of every order out, all back in
 * another order; every free list is exactly as before and the zone passes
 * its check (no two free buddies left unmerged).
 */
static void buddy_merge_in_the_zone_restores_every_list(struct kunit *test)
{
	struct zone *z = &zones[highest_populated_zone()];
	static unsigned long before[NR_PAGE_ORDERS], after[NR_PAGE_ORDERS];
	struct page *got[NR_PAGE_ORDERS][2];
	unsigned long flags, free_before, free_after;
	int check, n = 0;

	drain_all_pages(NULL);
	spin_lock_irqsave(&z->lock, flags);
	for (unsigned int k = 0; k <= MAX_ORDER; k++)
		before[k] = z->free_area[k].nr_free;
	free_before = z->free_pages;
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		for (int i = 0; i < 2; i++)
			n += (got[o][i] = __rmqueue_smallest(z, o)) != NULL;
	for (int i = 0; i < 2; i++)
		for (unsigned int o = 0; o <= MAX_ORDER; o++)
			if (got[o][i])
				buddy_free_one(z, got[o][i], o);
	for (unsigned int k = 0; k <= MAX_ORDER; k++)
		after[k] = z->free_area[k].nr_free;
	free_after = z->free_pages;
	check = buddy_check_zone(z);
	spin_unlock_irqrestore(&z->lock, flags);

	KUNIT_EXPECT_GT(test, n, 10);
	KUNIT_EXPECT_EQ(test, free_after, free_before);
	for (unsigned int k = 0; k <= MAX_ORDER; k++)
		EXPECT_EQ_AT(test, after[k], before[k], "order %u", k);
	KUNIT_EXPECT_EQ(test, check, 0);
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
	KUNIT_CASE(buddy_split_a_block_of_the_machine),
	KUNIT_CASE(buddy_split_in_the_zone_takes_the_smallest_order_that_fits),
	KUNIT_CASE(buddy_buddyinfo_shows_each_zone_with_memory),
	KUNIT_CASE(buddy_buddyinfo_in_proc_is_the_same_view),
	KUNIT_CASE(buddy_merge_a_block_of_the_machine_back_whole),
	KUNIT_CASE(buddy_merge_in_the_zone_restores_every_list),
	{}
};

static struct kunit_suite buddy_suite = {
	.name = "buddy",
	.test_cases = buddy_cases,
};
kunit_test_suite(buddy_suite);
