/*
 * Host tests of mm/buddy.c (contract in mm/internal.h) over a fake vmemmap:
 * a calloc'd array of struct page, every page PG_reserved at first, as boot
 * leaves them; RAM is handed to a zone with buddy_free_range().
 *
 * Splitting and coalescing are checked by per-order counts: a buddy allocator
 * that merges fully always holds the "canonical" decomposition of its free
 * pages, each page in the largest naturally aligned all-free block (of at most
 * MAX_ORDER) that contains it, so the counts can be computed from a plain
 * bitmap model (canonical_counts below).  Also: page states, the Bad page state
 * reports (double, wrong-order, tail and never-allocated frees), holes and
 * zone edges that must not merge, buddy_check_zone catching corruption, and a
 * seeded random run of alloc/free against the model.  Then mm/page_pcp.c's
 * per-CPU lists on one CPU: batch and high, a batch in and out, a double free
 * caught on the list, and a busy list bypassed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mm/gfp.h>
#include <mm/mmzone.h>
#include <mm/page.h>

#include "../../mm/internal.h"
#include "hosttest.h"

#define NR_PAGES  16384UL               /* 64 MiB of fake struct pages */
#define CALLER    (FAKE_FUNC_ADDR + 0x10)
#define CALLER_S  "fake_func+0x10/0x40"

/* The standard zone: all of the fake vmemmap, with holes as a PC has them. */
static const unsigned long ram[][2] = {
	{ 0x001, 0x09f },               /* page 0 and the 640K-1M hole excluded */
	{ 0x100, 0x2b3d },
	{ 0x2b40, 0x3ffe },             /* a 3-page hole below, 2 pages above */
};

static struct zone z;

/* A fresh vmemmap of nr pages, all reserved, zone 0 (the last test's is freed). */
static void vmemmap_init(unsigned long nr)
{
	free(host_vmemmap);
	host_vmemmap = calloc(nr, sizeof(struct page));
	for (unsigned long i = 0; i < nr; i++)
		SetPageReserved(&host_vmemmap[i]);
	printk_capture_reset();
}

/* The standard zone [0, NR_PAGES) with the RAM ranges above freed into it. */
static void std_zone_init(void)
{
	vmemmap_init(NR_PAGES);
	buddy_init_zone(&z, "Normal", ZONE_NORMAL, 0, NR_PAGES);
	for (size_t i = 0; i < ARRAY_SIZE(ram); i++)
		buddy_free_range(&z, ram[i][0], ram[i][1]);
}

static unsigned long std_ram_pages(void)
{
	unsigned long n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ram); i++)
		n += ram[i][1] - ram[i][0];
	return n;
}

static void counts_of(const struct zone *zone, unsigned long *counts)
{
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		counts[o] = zone->free_area[o].nr_free;
}

/*
 * The canonical per-order counts of the free pages free[start..end): walk up,
 * taking at each free page the largest aligned block that is all free.  (The
 * canonical block holding the first uncovered free page starts at it: an
 * earlier start would have been taken, larger, by an earlier step.)
 */
static void canonical_counts(const bool *is_free, unsigned long start, unsigned long end,
			     unsigned long *counts)
{
	unsigned long *run = calloc(end + 1, sizeof(*run));

	for (unsigned long p = end; p-- > start;)
		run[p] = is_free[p] ? run[p + 1] + 1 : 0;
	memset(counts, 0, NR_PAGE_ORDERS * sizeof(*counts));
	for (unsigned long p = start; p < end;) {
		unsigned int o = MAX_ORDER;

		if (!is_free[p]) {
			p++;
			continue;
		}
		while ((p & ((1UL << o) - 1)) || run[p] < (1UL << o))
			o--;
		counts[o]++;
		p += 1UL << o;
	}
	free(run);
}

/* free[] for the standard zone before any allocation. */
static bool *std_free_map(void)
{
	bool *is_free = calloc(NR_PAGES, sizeof(bool));

	for (size_t i = 0; i < ARRAY_SIZE(ram); i++)
		for (unsigned long p = ram[i][0]; p < ram[i][1]; p++)
			is_free[p] = true;
	return is_free;
}

static bool counts_are(const char *file, int line, const unsigned long *got,
		       const unsigned long *want)
{
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		if (got[o] != want[o]) {
			host_fail(file, line, "nr_free[%u] is %lu, expected %lu", o, got[o], want[o]);
			return false;
		}
	}
	return true;
}

#define CHECK_COUNTS(got, want) counts_are(__FILE__, __LINE__, got, want)

/* The zone's counts must equal want, and buddy_check_zone must pass quietly. */
static bool zone_is(const char *file, int line, const unsigned long *want)
{
	unsigned long got[NR_PAGE_ORDERS], pages = 0;
	int before = printk_capture_lines();

	counts_of(&z, got);
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		pages += want[o] << o;
	return counts_are(file, line, got, want) &&
	       host_check_u64(z.free_pages, pages, "z.free_pages", "expected", file, line) &&
	       host_check_int(buddy_check_zone(&z), 0, "buddy_check_zone(&z)", "0", file, line) &&
	       host_check_int(printk_capture_lines(), before, "lines printed", "before", file, line);
}

#define CHECK_ZONE(want) zone_is(__FILE__, __LINE__, want)

/* Page state of an allocated block head (internal.h). */
static bool is_allocated_head(const char *file, int line, const struct page *p, unsigned int order)
{
	if (page_ref_count(p) == 1 && p->private == order && !PageBuddy(p) &&
	    PageHead(p) == (order > 0) && !PageReserved(p))
		return true;
	host_fail(file, line, "pfn %#lx: refcount %d, private %lu, flags %#lx; expected an order-%u head",
		  page_to_pfn(p), page_ref_count(p), p->private, p->flags, order);
	return false;
}

#define CHECK_ALLOCATED(p, order) is_allocated_head(__FILE__, __LINE__, p, order)

/* ---- init and free_range ---- */

TEST(buddy_init_zone_is_empty)
{
	vmemmap_init(NR_PAGES);
	memset(&z, 0xa5, sizeof(z));
	buddy_init_zone(&z, "DMA32", ZONE_DMA32, 0x100, 0x900);
	CHECK_STR(z.name, "DMA32");
	CHECK_EQ_INT(z.type, ZONE_DMA32);
	CHECK_EQ_U64(z.zone_start_pfn, 0x100);
	CHECK_EQ_U64(z.spanned_pages, 0x800);
	CHECK_EQ_U64(zone_end_pfn(&z), 0x900);
	CHECK_EQ_U64(z.managed_pages, 0);
	CHECK_EQ_U64(z.free_pages, 0);
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		CHECK(list_empty(&z.free_area[o].free_list));
		CHECK_EQ_U64(z.free_area[o].nr_free, 0);
	}
	CHECK_EQ_INT(buddy_check_zone(&z), 0);
	CHECK(buddy_alloc(&z, 0) == NULL);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(buddy_free_range_takes_largest_aligned_blocks)
{
	/* 0x3 o0, 0x4 o2, 0x8 o3 ... 0x200 o9, 0x400 o3, 0x408 o2, 0x40c o0 */
	unsigned long want[NR_PAGE_ORDERS] = { 2, 0, 2, 2, 1, 1, 1, 1, 1, 1, 0 };

	vmemmap_init(NR_PAGES);
	buddy_init_zone(&z, "Normal", ZONE_NORMAL, 0, NR_PAGES);
	buddy_free_range(&z, 0x3, 0x40d);
	CHECK_ZONE(want);
	CHECK_EQ_U64(z.managed_pages, 0x40a);
	CHECK(PageReserved(pfn_to_page(0x2)) && PageReserved(pfn_to_page(0x40d)));
	for (unsigned long p = 0x3; p < 0x40d; p++) {
		struct page *page = pfn_to_page(p);

		if (!CHECK_MSG(!PageReserved(page) && page_zonenum(page) == ZONE_NORMAL &&
			       page_ref_count(page) == 0, "pfn %#lx flags %#lx", p, page->flags))
			break;
	}
	CHECK(PageBuddy(pfn_to_page(0x200)) && pfn_to_page(0x200)->private == 9);
	CHECK(PageBuddy(pfn_to_page(0x40c)) && pfn_to_page(0x40c)->private == 0);
	CHECK(!PageBuddy(pfn_to_page(0x201)));
}

TEST(buddy_merge_free_range_with_free_neighbours)
{
	unsigned long want[NR_PAGE_ORDERS] = { [MAX_ORDER] = 2 };

	vmemmap_init(NR_PAGES);
	buddy_init_zone(&z, "Normal", ZONE_NORMAL, 0, NR_PAGES);
	buddy_free_range(&z, 0x200, 0x400);
	buddy_free_range(&z, 0x401, 0x800);
	buddy_free_range(&z, 0x400, 0x401);     /* the missing page: all merges */
	buddy_free_range(&z, 0, 0x200);
	CHECK_ZONE(want);
	CHECK_EQ_U64(z.managed_pages, 0x800);
}

TEST(buddy_free_range_matches_the_canonical_decomposition)
{
	unsigned long want[NR_PAGE_ORDERS];
	bool *ram_map = std_free_map();

	std_zone_init();
	canonical_counts(ram_map, 0, NR_PAGES, want);
	CHECK_ZONE(want);
	CHECK_EQ_U64(z.managed_pages, std_ram_pages());
	CHECK_EQ_U64(z.free_pages, std_ram_pages());
	free(ram_map);
}

TEST(buddy_free_range_refuses_pages_not_reserved_or_outside)
{
	unsigned long before[NR_PAGE_ORDERS];

	std_zone_init();
	counts_of(&z, before);
	printk_capture_reset();
	buddy_free_range(&z, 0x90, 0xa0);       /* 0x90..0x9e are already free */
	CHECK_ONE_LINE("zone Normal", "pfn 0x90 is not reserved");
	CHECK_ZONE(before);
	CHECK_EQ_U64(z.managed_pages, std_ram_pages());
	printk_capture_reset();
	buddy_free_range(&z, NR_PAGES - 1, NR_PAGES + 1);
	CHECK_ONE_LINE("outside the zone");
	CHECK(PageReserved(pfn_to_page(NR_PAGES - 1)));
}

/* ---- alloc: alignment, splitting, coalescing ---- */

TEST(buddy_alloc_each_order_is_aligned_and_inside_the_zone)
{
	bool *is_free = std_free_map();
	struct page *pages[NR_PAGE_ORDERS];
	unsigned long start[NR_PAGE_ORDERS], used = 0;

	std_zone_init();
	counts_of(&z, start);
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		unsigned long pfn;

		pages[o] = buddy_alloc(&z, o);
		if (!CHECK_MSG(pages[o], "order %u: NULL", o))
			return;
		pfn = page_to_pfn(pages[o]);
		CHECK_MSG(pfn % (1UL << o) == 0, "order %u at pfn %#lx: not aligned", o, pfn);
		CHECK_MSG(pfn + (1UL << o) <= NR_PAGES, "order %u at pfn %#lx: past the end", o, pfn);
		for (unsigned long p = pfn; p < pfn + (1UL << o) && p < NR_PAGES; p++) {
			if (!CHECK_MSG(is_free[p], "order %u at pfn %#lx: page %#lx not free", o, pfn, p))
				break;
			is_free[p] = false;     /* so an overlap would fail too */
		}
		CHECK_ALLOCATED(pages[o], o);
		used += 1UL << o;
		CHECK_EQ_U64(z.free_pages, std_ram_pages() - used);
	}
	CHECK_EQ_INT(buddy_check_zone(&z), 0);
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		CHECK_EQ_INT(buddy_free(&z, pages[o], o, CALLER), 0);
	CHECK_ZONE(start);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	free(is_free);
}

/* A zone of exactly one order-10 block at pfn 0. */
static void one_block_zone_init(void)
{
	vmemmap_init(MAX_ORDER_NR_PAGES);
	buddy_init_zone(&z, "DMA", ZONE_DMA, 0, MAX_ORDER_NR_PAGES);
	buddy_free_range(&z, 0, MAX_ORDER_NR_PAGES);
}

TEST(buddy_split_order0_leaves_one_block_at_each_lower_order)
{
	unsigned long want[NR_PAGE_ORDERS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 };
	struct page *p;

	one_block_zone_init();
	p = buddy_alloc(&z, 0);
	if (!CHECK(p))
		return;
	CHECK_EQ_U64(page_to_pfn(p), 0);
	CHECK_ALLOCATED(p, 0);
	CHECK_ZONE(want);
	/* expand(): the upper half at each step, so order k's block is at pfn 2^k */
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct page *head = list_first_entry(&z.free_area[o].free_list, struct page, lru);

		CHECK_EQ_U64(page_to_pfn(head), 1UL << o);
		CHECK(PageBuddy(head) && head->private == o && page_ref_count(head) == 0);
	}
}

TEST(buddy_merge_coalesces_to_max_order)
{
	unsigned long want[NR_PAGE_ORDERS] = { [MAX_ORDER] = 1 };
	struct page *p;

	one_block_zone_init();
	p = buddy_alloc(&z, 0);
	if (!CHECK(p))
		return;
	CHECK_EQ_INT(buddy_free(&z, p, 0, CALLER), 0);
	CHECK_ZONE(want);
	CHECK(!PageHead(p) && page_ref_count(p) == 0 && PageBuddy(p) && p->private == MAX_ORDER);
	for (unsigned long pfn = 1; pfn < MAX_ORDER_NR_PAGES; pfn++)
		if (!CHECK_MSG(!PageBuddy(pfn_to_page(pfn)) && pfn_to_page(pfn)->private == 0,
			       "pfn %#lx still looks free", pfn))
			break;
}

TEST(buddy_split_order3_leaves_the_upper_halves)
{
	unsigned long split[NR_PAGE_ORDERS] = { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0 };
	struct page *p;

	one_block_zone_init();
	p = buddy_alloc(&z, 3);
	if (!CHECK(p))
		return;
	CHECK_EQ_U64(page_to_pfn(p), 0);
	CHECK_ALLOCATED(p, 3);
	CHECK_ZONE(split);
	/* the halves split off: order k's block at pfn 2^k, for k = 3..9 */
	for (unsigned int o = 3; o < MAX_ORDER; o++) {
		struct page *head = list_first_entry(&z.free_area[o].free_list, struct page, lru);

		CHECK_EQ_U64(page_to_pfn(head), 1UL << o);
		CHECK(PageBuddy(head) && head->private == o && page_ref_count(head) == 0);
	}
	/* the block's tail pages are in no state at all */
	for (unsigned long pfn = 1; pfn < 8; pfn++)
		CHECK(page_ref_count(pfn_to_page(pfn)) == 0 && !PageHead(pfn_to_page(pfn)) &&
		      !PageBuddy(pfn_to_page(pfn)));
}

/*
 * Free blocks of order 2 (at 4) and 5 (at 32) only: an order-1 request splits
 * the order-2 block, not the order-5 one; an order-3 request then splits the
 * order-5 block; an order-5 request finds nothing and changes nothing.
 */
TEST(buddy_split_takes_the_smallest_order_that_has_a_block)
{
	unsigned long start[NR_PAGE_ORDERS] = { [2] = 1, [5] = 1 };
	unsigned long after1[NR_PAGE_ORDERS] = { [1] = 1, [5] = 1 };
	unsigned long after3[NR_PAGE_ORDERS] = { [1] = 1, [3] = 1, [4] = 1 };
	struct page *p;

	vmemmap_init(64);
	buddy_init_zone(&z, "DMA", ZONE_DMA, 0, 64);
	buddy_free_range(&z, 4, 8);
	buddy_free_range(&z, 32, 64);
	CHECK_ZONE(start);
	p = buddy_alloc(&z, 1);
	if (!CHECK(p))
		return;
	CHECK_EQ_U64(page_to_pfn(p), 4);
	CHECK_ALLOCATED(p, 1);
	CHECK_ZONE(after1);
	CHECK(PageBuddy(pfn_to_page(6)) && pfn_to_page(6)->private == 1);
	p = buddy_alloc(&z, 3);
	if (!CHECK(p))
		return;
	CHECK_EQ_U64(page_to_pfn(p), 32);
	CHECK_ALLOCATED(p, 3);
	CHECK_ZONE(after3);
	CHECK(PageBuddy(pfn_to_page(40)) && pfn_to_page(40)->private == 3);
	CHECK(PageBuddy(pfn_to_page(48)) && pfn_to_page(48)->private == 4);
	CHECK(buddy_alloc(&z, 5) == NULL);
	CHECK_ZONE(after3);
}

TEST(buddy_merge_order3_back_into_one_block)
{
	unsigned long split[NR_PAGE_ORDERS] = { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0 };
	unsigned long whole[NR_PAGE_ORDERS] = { [MAX_ORDER] = 1 };
	struct page *p;

	one_block_zone_init();
	p = buddy_alloc(&z, 3);
	if (!CHECK(p))
		return;
	CHECK_ZONE(split);
	CHECK_EQ_INT(buddy_free(&z, p, 3, CALLER), 0);
	CHECK(!PageHead(p));
	CHECK_ZONE(whole);
	/* only the head of the merged block is PG_buddy */
	CHECK(PageBuddy(p) && p->private == MAX_ORDER);
	for (unsigned int o = 3; o < MAX_ORDER; o++)
		CHECK(!PageBuddy(pfn_to_page(1UL << o)));
}

/*
 * Pages 0 and 1 out as two order-0 blocks: freeing 0 cannot merge while its
 * buddy 1 is allocated; freeing 1 then merges all the way up to MAX_ORDER.
 */
TEST(buddy_merge_waits_for_the_buddy)
{
	unsigned long one_out[NR_PAGE_ORDERS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 };
	unsigned long whole[NR_PAGE_ORDERS] = { [MAX_ORDER] = 1 };
	struct page *a, *b;

	one_block_zone_init();
	a = buddy_alloc(&z, 0);
	b = buddy_alloc(&z, 0);
	if (!CHECK(a && b))
		return;
	CHECK_EQ_U64(page_to_pfn(a), 0);
	CHECK_EQ_U64(page_to_pfn(b), 1);
	CHECK_EQ_INT(buddy_free(&z, a, 0, CALLER), 0);
	CHECK_ZONE(one_out);            /* 0 is free at order 0, its buddy 1 is not */
	CHECK(PageBuddy(a) && a->private == 0);
	CHECK_EQ_INT(buddy_free(&z, b, 0, CALLER), 0);
	CHECK_ZONE(whole);
	CHECK(PageBuddy(a) && a->private == MAX_ORDER && !PageBuddy(b));
}

/* For each order: allocate until NULL, then free all; no leak, no stray block. */
TEST(buddy_alloc_until_empty_then_free_all_restores_every_count)
{
	static struct page *live[NR_PAGES];
	unsigned long start[NR_PAGE_ORDERS];

	std_zone_init();
	counts_of(&z, start);
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		size_t n = 0;
		unsigned long expect_n = 0;

		for (unsigned int k = o; k <= MAX_ORDER; k++)
			expect_n += start[k] << (k - o);
		while ((live[n] = buddy_alloc(&z, o)))
			n++;
		CHECK_EQ_U64(n, expect_n);
		for (unsigned int k = o; k <= MAX_ORDER; k++)
			CHECK_EQ_U64(z.free_area[k].nr_free, 0);
		CHECK_EQ_INT(buddy_check_zone(&z), 0);
		/* free in an order unlike the allocation's: odd indexes, then even */
		for (size_t i = 1; i < n; i += 2)
			CHECK_EQ_INT(buddy_free(&z, live[i], o, CALLER), 0);
		for (size_t i = 0; i < n; i += 2)
			CHECK_EQ_INT(buddy_free(&z, live[i], o, CALLER), 0);
		if (!CHECK_MSG(zone_is(__FILE__, __LINE__, start), "after order %u", o))
			return;
	}
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(buddy_alloc_too_large_returns_null_and_changes_nothing)
{
	unsigned long want[NR_PAGE_ORDERS] = { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

	vmemmap_init(NR_PAGES);
	buddy_init_zone(&z, "Normal", ZONE_NORMAL, 0, NR_PAGES);
	buddy_free_range(&z, 0x10, 0x12);
	CHECK(buddy_alloc(&z, 2) == NULL);
	CHECK(buddy_alloc(&z, MAX_ORDER) == NULL);
	CHECK(buddy_alloc(&z, MAX_ORDER + 1) == NULL);
	CHECK_ZONE(want);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(buddy_free_lists_are_lifo)
{
	struct page *a, *b;

	std_zone_init();
	a = buddy_alloc(&z, 0);
	b = buddy_alloc(&z, 0);
	CHECK(a && b && a != b);
	CHECK_EQ_INT(buddy_free(&z, b, 0, CALLER), 0);
	CHECK(buddy_alloc(&z, 0) == b);
	CHECK_EQ_INT(buddy_free(&z, a, 0, CALLER), 0);
	CHECK(buddy_alloc(&z, 0) == a);
}

/* ---- bad frees: one Bad page state line, nothing changed ---- */

struct snapshot {
	struct zone z;
	struct page *pages;
	unsigned long nr;
};

static void snap(struct snapshot *s, unsigned long nr)
{
	s->z = z;
	s->nr = nr;
	s->pages = malloc(nr * sizeof(struct page));
	memcpy(s->pages, host_vmemmap, nr * sizeof(struct page));
	printk_capture_reset();
}

/* The zone and every struct page are exactly as in the snapshot. */
static bool unchanged(const char *file, int line, struct snapshot *s)
{
	bool ok = !memcmp(&s->z, &z, sizeof(z)) &&
		  !memcmp(s->pages, host_vmemmap, s->nr * sizeof(struct page));

	if (!ok)
		host_fail(file, line, "the zone or its pages changed");
	free(s->pages);
	return ok && host_check_int(buddy_check_zone(&z), 0, "buddy_check_zone", "0", file, line);
}

#define CHECK_UNCHANGED(s) unchanged(__FILE__, __LINE__, s)

TEST(buddy_double_free_is_reported_and_ignored)
{
	struct snapshot s;
	struct page *p;

	std_zone_init();
	p = buddy_alloc(&z, 2);
	CHECK_EQ_INT(buddy_free(&z, p, 2, CALLER), 0);
	snap(&s, NR_PAGES);
	CHECK_EQ_INT(buddy_free(&z, p, 2, CALLER), -EINVAL);
	CHECK_ONE_LINE("BUG: Bad page state: pfn ", "double free or not allocated", CALLER_S);
	CHECK_UNCHANGED(&s);
}

TEST(buddy_free_with_the_wrong_order_is_reported_and_ignored)
{
	struct snapshot s;
	struct page *p;
	char pfn[32];

	std_zone_init();
	p = buddy_alloc(&z, 0);
	libc_snprintf(pfn, sizeof(pfn), "pfn 0x%lx:", page_to_pfn(p));
	snap(&s, NR_PAGES);
	CHECK_EQ_INT(buddy_free(&z, p, 2, CALLER), -EINVAL);
	CHECK_ONE_LINE("BUG: Bad page state", pfn, "freed with order 2, allocated with order 0",
		       CALLER_S);
	CHECK_UNCHANGED(&s);
	/* and the other way round */
	p = buddy_alloc(&z, 3);
	snap(&s, NR_PAGES);
	CHECK_EQ_INT(buddy_free(&z, p, 0, CALLER), -EINVAL);
	CHECK_ONE_LINE("freed with order 0, allocated with order 3", CALLER_S);
	CHECK_UNCHANGED(&s);
	CHECK_EQ_INT(buddy_free(&z, p, 3, CALLER), 0);
}

TEST(buddy_free_of_a_tail_page_is_reported_and_ignored)
{
	struct snapshot s;
	struct page *p;
	char pfn[32];

	std_zone_init();
	p = buddy_alloc(&z, 3);
	libc_snprintf(pfn, sizeof(pfn), "pfn 0x%lx:", page_to_pfn(p + 1));
	snap(&s, NR_PAGES);
	CHECK_EQ_INT(buddy_free(&z, p + 1, 0, CALLER), -EINVAL);
	CHECK_ONE_LINE("BUG: Bad page state", pfn, "double free or not allocated", CALLER_S);
	CHECK_UNCHANGED(&s);
	snap(&s, NR_PAGES);
	CHECK_EQ_INT(buddy_free(&z, p + 4, 2, CALLER), -EINVAL);
	CHECK_ONE_LINE("BUG: Bad page state", "double free or not allocated");
	CHECK_UNCHANGED(&s);
}

TEST(buddy_free_of_a_never_allocated_page_is_reported_and_ignored)
{
	struct page *free_head, *cases[4];
	struct snapshot s;

	std_zone_init();
	free_head = list_first_entry(&z.free_area[MAX_ORDER].free_list, struct page, lru);
	cases[0] = free_head;
	cases[1] = free_head + 0x123;           /* inside a free block */
	cases[2] = pfn_to_page(0xa0);           /* in the 640K-1M hole */
	cases[3] = pfn_to_page(0);              /* the reserved first page */

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char pfn[32];

		libc_snprintf(pfn, sizeof(pfn), "pfn 0x%lx:", page_to_pfn(cases[i]));
		snap(&s, NR_PAGES);
		CHECK_EQ_INT(buddy_free(&z, cases[i], 0, CALLER), -EINVAL);
		CHECK_ONE_LINE("BUG: Bad page state", pfn, "double free or not allocated", CALLER_S);
		CHECK_UNCHANGED(&s);
	}
}

TEST(buddy_free_outside_the_zone_or_above_max_order_is_reported)
{
	struct snapshot s;
	struct page *p;

	vmemmap_init(2 * MAX_ORDER_NR_PAGES);
	buddy_init_zone(&z, "DMA", ZONE_DMA, 0, MAX_ORDER_NR_PAGES);
	buddy_free_range(&z, 0, MAX_ORDER_NR_PAGES);
	/* a page of the next zone that looks allocated */
	p = pfn_to_page(MAX_ORDER_NR_PAGES);
	ClearPageReserved(p);
	p->_refcount = 1;
	snap(&s, 2 * MAX_ORDER_NR_PAGES);
	CHECK_EQ_INT(buddy_free(&z, p, 0, CALLER), -EINVAL);
	CHECK_ONE_LINE("BUG: Bad page state: pfn 0x400:", "not in zone DMA", CALLER_S);
	CHECK_UNCHANGED(&s);
	p = buddy_alloc(&z, 0);
	snap(&s, 2 * MAX_ORDER_NR_PAGES);
	CHECK_EQ_INT(buddy_free(&z, p, MAX_ORDER + 1, CALLER), -EINVAL);
	CHECK_ONE_LINE("BUG: Bad page state", "above MAX_ORDER", CALLER_S);
	CHECK_UNCHANGED(&s);
}

/* ---- holes and zone edges ---- */

TEST(buddy_merge_never_across_a_hole)
{
	/* [0, 0x100) and [0x101, 0x200): page 0x100 is a reserved hole */
	unsigned long want[NR_PAGE_ORDERS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 };
	static struct page *live[0x200];
	size_t n = 0;

	vmemmap_init(NR_PAGES);
	buddy_init_zone(&z, "Normal", ZONE_NORMAL, 0, NR_PAGES);
	buddy_free_range(&z, 0, 0x100);         /* one order-8 block */
	buddy_free_range(&z, 0x101, 0x200);     /* 0x101 o0, 0x102 o1 ... 0x180 o7 */
	CHECK_ZONE(want);
	/* churn: every page out one at a time, back in reverse; still no merge */
	while ((live[n] = buddy_alloc(&z, 0)))
		n++;
	CHECK_EQ_U64(n, 0x1ff);
	for (size_t i = 0; i < n; i++)
		CHECK(page_to_pfn(live[i]) != 0x100);
	while (n--)
		CHECK_EQ_INT(buddy_free(&z, live[n], 0, CALLER), 0);
	CHECK_ZONE(want);
	CHECK(PageReserved(pfn_to_page(0x100)) && !PageBuddy(pfn_to_page(0x100)));
}

/*
 * Three zones side by side in one vmemmap: [0, 0x200), [0x200, 0x1200) and
 * [0x1200, 0x1400).  The order-9 blocks at 0 and 0x200, and at 0x1000 and
 * 0x1200, are buddies, both free, but in different zones: they must not merge.
 */
TEST(buddy_merge_never_across_a_zone_edge)
{
	struct zone a, c;
	unsigned long want_a[NR_PAGE_ORDERS] = { [9] = 1 };
	unsigned long want_b[NR_PAGE_ORDERS] = { [9] = 2, [10] = 3 };
	unsigned long got[NR_PAGE_ORDERS];
	struct page *p, *q;

	vmemmap_init(0x1400);
	buddy_init_zone(&a, "A", ZONE_DMA, 0, 0x200);
	buddy_init_zone(&z, "B", ZONE_DMA32, 0x200, 0x1200);
	buddy_init_zone(&c, "C", ZONE_NORMAL, 0x1200, 0x1400);
	buddy_free_range(&a, 0, 0x200);
	buddy_free_range(&c, 0x1200, 0x1400);
	buddy_free_range(&z, 0x200, 0x1200);
	CHECK_ZONE(want_b);
	counts_of(&a, got);
	CHECK_COUNTS(got, want_a);
	counts_of(&c, got);
	CHECK_COUNTS(got, want_a);
	CHECK_EQ_INT(buddy_check_zone(&a), 0);
	CHECK_EQ_INT(buddy_check_zone(&c), 0);
	/* take both edge blocks out and put them back: still no merge */
	p = buddy_alloc(&z, 9);
	q = buddy_alloc(&z, 9);
	if (!CHECK(p && q))
		return;
	CHECK_EQ_U64(page_to_pfn(p) + page_to_pfn(q), 0x1200);
	CHECK_EQ_INT(buddy_free(&z, p, 9, CALLER), 0);
	CHECK_EQ_INT(buddy_free(&z, q, 9, CALLER), 0);
	CHECK_ZONE(want_b);
	CHECK(PageBuddy(pfn_to_page(0)) && pfn_to_page(0)->private == 9);
	CHECK(PageBuddy(pfn_to_page(0x1200)) && pfn_to_page(0x1200)->private == 9);
	CHECK_EQ_U64(a.free_area[9].nr_free, 1);
	CHECK_EQ_U64(a.free_pages, 0x200);
	CHECK_EQ_INT(buddy_check_zone(&a), 0);
	CHECK_EQ_INT(buddy_check_zone(&c), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

/* ---- buddy_check_zone finds corruption ---- */

TEST(buddy_check_zone_catches_a_cleared_pg_buddy)
{
	struct page *head;

	std_zone_init();
	head = list_first_entry(&z.free_area[4].free_list, struct page, lru);
	ClearPageBuddy(head);
	CHECK_EQ_INT(buddy_check_zone(&z), -EINVAL);
	CHECK_ONE_LINE("zone Normal: order 4 free list", "not a free block head");
}

TEST(buddy_check_zone_catches_wrong_counts)
{
	std_zone_init();
	z.free_area[3].nr_free++;
	CHECK_EQ_INT(buddy_check_zone(&z), -EINVAL);
	CHECK_ONE_LINE("order 3 free list", "nr_free does not match");
	z.free_area[3].nr_free--;
	printk_capture_reset();
	z.free_pages--;
	CHECK_EQ_INT(buddy_check_zone(&z), -EINVAL);
	CHECK_ONE_LINE("zone Normal: free_pages");
}

TEST(buddy_check_zone_catches_unmerged_buddies)
{
	struct page *head;

	one_block_zone_init();
	buddy_free(&z, buddy_alloc(&z, 0), 0, CALLER);
	/* split the order-10 block by hand into two free order-9 halves */
	head = pfn_to_page(0);
	list_del(&head->lru);
	z.free_area[MAX_ORDER].nr_free--;
	head->private = 9;
	list_add(&head->lru, &z.free_area[9].free_list);
	SetPageBuddy(head + 512);
	(head + 512)->private = 9;
	list_add(&(head + 512)->lru, &z.free_area[9].free_list);
	z.free_area[9].nr_free = 2;
	CHECK_EQ_INT(buddy_check_zone(&z), -EINVAL);
	CHECK_ONE_LINE("order 9 free list", "buddy is free too but not merged");
}

TEST(buddy_check_zone_catches_misaligned_and_foreign_entries)
{
	struct page *head;

	one_block_zone_init();
	head = buddy_alloc(&z, 0);
	buddy_free(&z, head, 0, CALLER);
	/* an order-10 "block" that starts at pfn 1 */
	list_del(&head->lru);
	ClearPageBuddy(head);
	head->private = 0;
	SetPageBuddy(head + 1);
	(head + 1)->private = MAX_ORDER;
	list_add(&(head + 1)->lru, &z.free_area[MAX_ORDER].free_list);
	CHECK_EQ_INT(buddy_check_zone(&z), -EINVAL);
	CHECK_ONE_LINE("pfn 0x1:", "not naturally aligned");
}

TEST(buddy_check_zone_reports_poisoned_links_without_following_them)
{
	struct page *head;

	one_block_zone_init();
	head = pfn_to_page(0);
	head->lru.next = LIST_POISON1;
	CHECK_EQ_INT(buddy_check_zone(&z), -EINVAL);
	CHECK_ONE_LINE("order 10 free list: pfn 0x0:", "next link leads out of the zone");
	printk_capture_reset();
	z.free_area[MAX_ORDER].free_list.next = LIST_POISON2;
	CHECK_EQ_INT(buddy_check_zone(&z), -EINVAL);
	CHECK_ONE_LINE("order 10 free list", "not a page of the zone");
}

TEST(buddy_check_zone_catches_a_list_corrupted_into_a_loop)
{
	struct page *a, *b;

	std_zone_init();
	/* two order-0 blocks whose links point at each other, never at the head */
	a = buddy_alloc(&z, 0);
	b = buddy_alloc(&z, 0);
	buddy_free(&z, a, 0, CALLER);
	buddy_free(&z, b, 0, CALLER);
	if (!CHECK(z.free_area[0].free_list.next == &b->lru))
		return;
	a->lru.next = &b->lru;
	CHECK_EQ_INT(buddy_check_zone(&z), -EINVAL);
	CHECK_EQ_INT(printk_capture_lines(), 1);
}

/* ---- random alloc/free against a bitmap model ---- */

#define RANDOM_STEPS  60000
#define RANDOM_PHASE  6000
#define CHECK_EVERY   500

struct block {
	unsigned long pfn;
	unsigned int order;
};

static struct {
	bool free[NR_PAGES];            /* RAM and not allocated */
	signed char head[NR_PAGES];     /* order of a live block starting here, or -1 */
	struct block live[NR_PAGES];
	size_t nlive;
	unsigned long free_pages;
} m;

/* Whether the model has a free naturally aligned block of this order. */
static bool model_has_block(unsigned int order)
{
	unsigned long run = 0;

	for (unsigned long p = 0; p < NR_PAGES; p++) {
		run = m.free[p] ? run + 1 : 0;
		if (run >= (1UL << order) && ((p + 1) & ((1UL << order) - 1)) == 0)
			return true;
	}
	return false;
}

static bool model_alloc(unsigned int order)
{
	struct page *page = buddy_alloc(&z, order);
	unsigned long pfn, n = 1UL << order;

	if (!page)
		return CHECK_MSG(!model_has_block(order), "order %u: NULL, but the model has one",
				 order);
	pfn = page_to_pfn(page);
	if (!CHECK_MSG(pfn % n == 0 && pfn + n <= NR_PAGES, "order %u at pfn %#lx", order, pfn))
		return false;
	for (unsigned long p = pfn; p < pfn + n; p++)
		if (!CHECK_MSG(m.free[p], "order %u at %#lx: page %#lx is not free", order, pfn, p))
			return false;
	memset(&m.free[pfn], false, n);
	m.head[pfn] = order;
	m.live[m.nlive++] = (struct block){ pfn, order };
	m.free_pages -= n;
	return CHECK_ALLOCATED(page, order);
}

static bool model_free(size_t i)
{
	struct block b = m.live[i];

	m.live[i] = m.live[--m.nlive];
	memset(&m.free[b.pfn], true, 1UL << b.order);
	m.head[b.pfn] = -1;
	m.free_pages += 1UL << b.order;
	return CHECK_EQ_INT(buddy_free(&z, pfn_to_page(b.pfn), b.order, CALLER), 0);
}

/* Every free-list block is all free in the model, and the counts are canonical. */
static bool model_matches(void)
{
	unsigned long want[NR_PAGE_ORDERS];
	struct page *page;

	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		list_for_each_entry(page, &z.free_area[o].free_list, lru) {
			unsigned long pfn = page_to_pfn(page);

			for (unsigned long p = pfn; p < pfn + (1UL << o); p++)
				if (!CHECK_MSG(m.free[p], "order %u block at %#lx holds page %#lx",
					       o, pfn, p))
					return false;
		}
	}
	canonical_counts(m.free, 0, NR_PAGES, want);
	return CHECK_EQ_U64(z.free_pages, m.free_pages) && CHECK_ZONE(want);
}

/* Small orders mostly: order k with probability about 2^-(k+1). */
static unsigned int random_order(void)
{
	return __builtin_ctzll(host_rand() | (1ULL << MAX_ORDER));
}

TEST(buddy_random_alloc_free_matches_a_model)
{
	unsigned long start[NR_PAGE_ORDERS];
	bool *free0 = std_free_map();

	std_zone_init();
	host_srand(0x6275646479);               /* "buddy" */
	memcpy(m.free, free0, sizeof(m.free));
	memset(m.head, -1, sizeof(m.head));
	m.free_pages = std_ram_pages();
	counts_of(&z, start);
	for (unsigned int step = 0; step < RANDOM_STEPS; step++) {
		/* phases that fill memory up and drain it, so both ends are visited */
		unsigned int alloc_pct = (step / RANDOM_PHASE) % 2 ? 25 : 80;
		bool alloc = !m.nlive || host_rand_below(100) < alloc_pct;
		bool ok = alloc ? model_alloc(random_order()) : model_free(host_rand_below(m.nlive));

		if (!ok || (step % CHECK_EVERY == 0 && !model_matches())) {
			host_fail(__FILE__, __LINE__, "at step %u", step);
			return;
		}
	}
	CHECK(model_matches());
	while (m.nlive)
		if (!model_free(host_rand_below(m.nlive)))
			return;
	CHECK_ZONE(start);
	CHECK(!memcmp(m.free, free0, sizeof(m.free)));
	for (unsigned long p = 0; p < NR_PAGES; p++) {
		struct page *page = pfn_to_page(p);

		if (!CHECK_MSG(page_ref_count(page) == 0 && !PageHead(page),
			       "pfn %#lx: refcount %d, flags %#lx", p, page_ref_count(page), page->flags))
			break;
	}
	CHECK_EQ_INT(printk_capture_lines(), 0);
	free(free0);
}

/* ---- the per-CPU page lists (mm/page_pcp.c), one CPU ---- */

struct zone zones[MAX_NR_ZONES];

/* mm/page_alloc.c's: a block straight from the zone (a busy per-CPU list). */
struct page *rmqueue_buddy(struct zone *zone, unsigned int order)
{
	return __rmqueue_smallest(zone, order);
}

/* zones[ZONE_NORMAL] is the standard zone, with its per-CPU lists set up. */
static struct zone *pcp_zone_init(void)
{
	struct zone *zn = &zones[ZONE_NORMAL];

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		free_percpu(zones[i].per_cpu_pageset);
		zones[i].per_cpu_pageset = NULL;
	}
	vmemmap_init(NR_PAGES);
	buddy_init_zone(zn, "Normal", ZONE_NORMAL, 0, NR_PAGES);
	for (size_t i = 0; i < ARRAY_SIZE(ram); i++)
		buddy_free_range(zn, ram[i][0], ram[i][1]);
	spin_lock_init(&zn->lock);
	setup_per_cpu_pageset();
	return zn;
}

/* Linux's zone_batchsize: a quarter of managed/1024, one less than a power of two. */
TEST(pcp_batch_and_high_follow_the_zone_size)
{
	struct zone *zn = pcp_zone_init();

	/* 16,372 pages: >> 10 = 15, / 4 = 3, 3 + 1 = 4, rounded down to 4, less 1 */
	CHECK_EQ_INT(zn->pcp_batch, 3);
	CHECK_EQ_INT(zn->pcp_high, 6 * 3);
	CHECK(zones[ZONE_DMA].per_cpu_pageset != NULL);
}

TEST(pcp_takes_a_batch_and_gives_back_above_high)
{
	struct zone *zn = pcp_zone_init();
	struct per_cpu_pages *pcp = this_cpu_ptr(zn->per_cpu_pageset);
	unsigned long free = zn->free_pages;
	struct page *pages[32];
	int high = zn->pcp_high, batch = zn->pcp_batch;

	pages[0] = rmqueue_pcplist(zn, 0);
	CHECK(pages[0] != NULL);
	CHECK_EQ_INT(pcp->count, batch - 1);            /* a batch came, one went out */
	CHECK_EQ_U64(zn->free_pages, free - batch);     /* pcp pages are not free in the zone */
	buddy_prep_new_page(pages[0], 0);
	for (int i = 1; i < high; i++) {
		pages[i] = rmqueue_pcplist(zn, 0);
		buddy_prep_new_page(pages[i], 0);
	}
	CHECK_EQ_INT(check_per_cpu_pagesets(), 0);
	for (int i = 0; i < high; i++) {
		CHECK_EQ_INT(free_pages_prepare(zn, pages[i], 0, CALLER), 0);
		free_unref_page(zn, pages[i], 0);
		CHECK(pcp->count < high);               /* at high, a batch went back */
	}
	CHECK_EQ_INT(check_per_cpu_pagesets(), 0);
	CHECK_EQ_INT(buddy_check_zone(zn), 0);
	drain_all_pages(zn);
	CHECK_EQ_INT(pcp->count, 0);
	CHECK_EQ_U64(zn->free_pages, free);
	CHECK_EQ_INT(buddy_check_zone(zn), 0);
}

TEST(pcp_double_free_is_caught_while_the_page_waits)
{
	struct zone *zn = pcp_zone_init();
	struct page *p = rmqueue_pcplist(zn, 1);

	buddy_prep_new_page(p, 1);
	CHECK_EQ_INT(free_pages_prepare(zn, p, 1, CALLER), 0);
	free_unref_page(zn, p, 1);
	CHECK_EQ_INT(free_pages_prepare(zn, p, 1, CALLER), -EINVAL);
	CHECK_ONE_LINE("BUG: Bad page state: pfn");
	p->_refcount = 5;               /* a list page in a wrong state: the check says so */
	CHECK_EQ_INT(check_per_cpu_pagesets(), -EINVAL);
	p->_refcount = 0;
	drain_local_pages(NULL);
	CHECK_EQ_INT(buddy_check_zone(zn), 0);
}

/* A busy list (an interrupt in the middle of an operation) is left alone. */
TEST(pcp_busy_list_goes_to_the_zone)
{
	struct zone *zn = pcp_zone_init();
	struct per_cpu_pages *pcp = this_cpu_ptr(zn->per_cpu_pageset);
	unsigned long free = zn->free_pages;
	struct page *p;

	pcp->active = 1;
	p = rmqueue_pcplist(zn, 0);
	CHECK(p != NULL && pcp->count == 0);
	CHECK_EQ_U64(zn->free_pages, free - 1);
	buddy_prep_new_page(p, 0);
	CHECK_EQ_INT(free_pages_prepare(zn, p, 0, CALLER), 0);
	free_unref_page(zn, p, 0);
	CHECK(pcp->count == 0 && zn->free_pages == free);
	pcp->active = 0;
	CHECK_EQ_INT(buddy_check_zone(zn), 0);
}
