/*
 * Host tests of mm/memblock.c (include/mm/memblock.h): adding and reserving
 * (sorted, overlapping and touching ranges merged, bad ranges refused, a full
 * list), un-reserving, the free-range walk, top-down allocation (alignment,
 * [start, end), current_limit, never reserved memory, reserving what it
 * returns), the queries and totals, and a seeded random comparison with a
 * byte-per-address bitmap model of a small address space.

 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mm/memblock.h>

#include "hosttest.h"

#define MB(x) ((phys_addr_t)(x) << 20)

static void reset(void)
{
	memblock_reset();
	printk_capture_reset();
}

/*
 * type must hold exactly the n regions in want (base, size pairs), in order.
 * The list is passed as a flat array so a test can write it inline.
 */
static bool regions_are(const char *file, int line, const struct memblock_type *type,
			const phys_addr_t *want, unsigned int n)
{
	bool ok = type->cnt == n;

	for (unsigned int i = 0; ok && i < n; i++)
		ok = type->regions[i].base == want[2 * i] && type->regions[i].size == want[2 * i + 1];
	if (ok)
		return true;
	host_fail(file, line, "%s: %u regions, expected %u:", type->name, type->cnt, n);
	for (unsigned int i = 0; i < type->cnt && i < 16; i++)
		host_fail(file, line, "  got [%#llx + %#llx]", (unsigned long long)type->regions[i].base,
			  (unsigned long long)type->regions[i].size);
	for (unsigned int i = 0; i < n; i++)
		host_fail(file, line, "  want [%#llx + %#llx]", (unsigned long long)want[2 * i],
			  (unsigned long long)want[2 * i + 1]);
	return false;
}

#define CHECK_REGIONS(type, ...) \
	regions_are(__FILE__, __LINE__, &memblock.type, (const phys_addr_t[]){ __VA_ARGS__ }, \
		    sizeof((const phys_addr_t[]){ __VA_ARGS__ }) / (2 * sizeof(phys_addr_t)))
#define CHECK_NO_REGIONS(type) \
	host_check_int(memblock.type.cnt, 0, "memblock." #type ".cnt", "0", __FILE__, __LINE__)

/* ---- add and reserve ---- */

TEST(memblock_add_sorts_regions)
{
	reset();
	CHECK_EQ_INT(memblock_add(MB(16), MB(16)), 0);
	CHECK_EQ_INT(memblock_add(0, MB(1)), 0);
	CHECK_EQ_INT(memblock_add(MB(4), MB(2)), 0);
	CHECK_REGIONS(memory, 0, MB(1), MB(4), MB(2), MB(16), MB(16));
	CHECK_NO_REGIONS(reserved);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(memblock_add_merges_overlapping_and_touching_ranges)
{
	reset();
	memblock_add(MB(4), MB(2));
	memblock_add(MB(10), MB(2));
	memblock_add(MB(5), MB(2));             /* overlaps the first: [4M, 7M) */
	CHECK_REGIONS(memory, MB(4), MB(3), MB(10), MB(2));
	memblock_add(MB(7), MB(1));             /* touches it: [4M, 8M) */
	CHECK_REGIONS(memory, MB(4), MB(4), MB(10), MB(2));
	memblock_add(MB(3), MB(1));             /* touches from below: [3M, 8M) */
	CHECK_REGIONS(memory, MB(3), MB(5), MB(10), MB(2));
	memblock_add(MB(8), MB(2));             /* fills the gap: one region */
	CHECK_REGIONS(memory, MB(3), MB(9));
	memblock_add(MB(5), MB(1));             /* inside: nothing changes */
	CHECK_REGIONS(memory, MB(3), MB(9));
	memblock_add(0, MB(64));                /* covers it all */
	CHECK_REGIONS(memory, 0, MB(64));
}

TEST(memblock_add_merging_several_at_once)
{
	reset();
	for (int i = 0; i < 10; i++)
		memblock_add(MB(2 * i), MB(1));
	CHECK_EQ_INT(memblock.memory.cnt, 10);
	memblock_add(MB(1), MB(17));            /* swallows regions 1..8, touches 9 */
	CHECK_REGIONS(memory, 0, MB(19));
}

TEST(memblock_reserve_merges_like_add_and_leaves_memory_alone)
{
	reset();
	memblock_add(0, MB(64));
	CHECK_EQ_INT(memblock_reserve(MB(2), MB(1)), 0);
	CHECK_EQ_INT(memblock_reserve(0, 0x1000), 0);
	CHECK_EQ_INT(memblock_reserve(MB(3), MB(1)), 0);        /* touches [2M, 3M) */
	CHECK_EQ_INT(memblock_reserve(MB(100), MB(1)), 0);      /* outside memory: allowed */
	CHECK_REGIONS(reserved, 0, 0x1000, MB(2), MB(2), MB(100), MB(1));
	CHECK_REGIONS(memory, 0, MB(64));
}

TEST(memblock_refuses_zero_sized_and_wrapping_ranges)
{
	reset();
	CHECK_EQ_INT(memblock_add(0x1000, 0), -EINVAL);
	CHECK_EQ_INT(memblock_reserve(0x1000, 0), -EINVAL);
	CHECK_EQ_INT(memblock_add(0xfffffffffffff000ULL, 0x2000), -EINVAL);
	CHECK_EQ_INT(memblock_reserve(0x1000, ~0ULL), -EINVAL);
	CHECK_EQ_INT(memblock_phys_free(0x1000, 0), -EINVAL);
	CHECK_EQ_INT(memblock_phys_free(0x1000, ~0ULL), -EINVAL);
	CHECK_NO_REGIONS(memory);
	CHECK_NO_REGIONS(reserved);
	/* a range that ends just below the top is fine */
	CHECK_EQ_INT(memblock_add(0xfffffffffffff000ULL, 0xfff), 0);
	CHECK_REGIONS(memory, 0xfffffffffffff000ULL, 0xfff);
}

TEST(memblock_full_list_refuses_a_new_region_with_one_line)
{
	reset();
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
		if (!CHECK_EQ_INT(memblock_add(MB(2 * i), MB(1)), 0))
			return;
	CHECK_EQ_INT(memblock.memory.cnt, MEMBLOCK_MAX_REGIONS);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_INT(memblock_add(MB(1000), MB(1)), -ENOSPC);
	CHECK_ONE_LINE("memblock: memory list is full", "0x000000003e800000");
	CHECK_EQ_INT(memblock.memory.cnt, MEMBLOCK_MAX_REGIONS);
	CHECK_EQ_U64(memblock_end_of_DRAM(), MB(2 * MEMBLOCK_MAX_REGIONS - 1));
	printk_capture_reset();
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
		memblock_reserve(MB(2 * i), 0x1000);
	CHECK_EQ_INT(memblock_reserve(MB(1001), 0x1000), -ENOSPC);
	CHECK_ONE_LINE("memblock: reserved list is full");
}

/*
 * A range that needs no new slot (inside or touching an existing region) is
 * still accepted when the list is full, as in Linux's memblock_add_range();
 * so memblock_phys_alloc() works on a full list where its block merges.
 */
TEST(memblock_full_list_still_merges)
{
	reset();
	memblock_add(0, MB(255));
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
		memblock_reserve(MB(2 * i), MB(1));     /* the last: [254M, 255M) */
	CHECK_EQ_INT(memblock.reserved.cnt, MEMBLOCK_MAX_REGIONS);
	CHECK_EQ_INT(memblock_reserve(0x1000, 0x1000), 0);      /* inside [0, 1M) */
	CHECK_EQ_INT(memblock_reserve(MB(1), 0x1000), 0);       /* touches it */
	/* the top free page touches the last reservation: no new region needed */
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, 0x1000), MB(254) - 0x1000);
	CHECK_EQ_INT(memblock.reserved.cnt, MEMBLOCK_MAX_REGIONS);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

/* ---- un-reserving ---- */

TEST(memblock_phys_free_splits_a_reservation)
{
	reset();
	memblock_reserve(MB(1), MB(4));
	CHECK_EQ_INT(memblock_phys_free(MB(2), MB(1)), 0);
	CHECK_REGIONS(reserved, MB(1), MB(1), MB(3), MB(2));
	CHECK_EQ_INT(memblock_phys_free(MB(1), 0x1000), 0);     /* the bottom edge */
	CHECK_REGIONS(reserved, MB(1) + 0x1000, MB(1) - 0x1000, MB(3), MB(2));
	CHECK_EQ_INT(memblock_phys_free(MB(5) - 0x1000, 0x1000), 0);    /* the top edge */
	CHECK_REGIONS(reserved, MB(1) + 0x1000, MB(1) - 0x1000, MB(3), MB(2) - 0x1000);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(memblock_phys_free_across_several_reservations)
{
	reset();
	memblock_reserve(MB(1), MB(1));
	memblock_reserve(MB(3), MB(1));
	memblock_reserve(MB(5), MB(1));
	memblock_reserve(MB(7), MB(1));
	CHECK_EQ_INT(memblock_phys_free(MB(1) + 0x800, MB(4)), 0);     /* to 5M + 2K */
	CHECK_REGIONS(reserved, MB(1), 0x800, MB(5) + 0x800, MB(1) - 0x800, MB(7), MB(1));
	CHECK_EQ_INT(memblock_phys_free(0, MB(100)), 0);
	CHECK_NO_REGIONS(reserved);
}

TEST(memblock_phys_free_of_unreserved_memory_changes_nothing)
{
	reset();
	memblock_reserve(MB(1), MB(1));
	CHECK_EQ_INT(memblock_phys_free(MB(2), MB(1)), 0);      /* touching only */
	CHECK_EQ_INT(memblock_phys_free(0, MB(1)), 0);
	CHECK_EQ_INT(memblock_phys_free(MB(8), MB(1)), 0);
	CHECK_REGIONS(reserved, MB(1), MB(1));
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(memblock_phys_free_with_a_full_list_cannot_split)
{
	reset();
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
		memblock_reserve(MB(4 * i), MB(2));
	CHECK_EQ_INT(memblock_phys_free(MB(4), 0x1000), 0);     /* an edge: no split */
	CHECK_EQ_INT(memblock.reserved.cnt, MEMBLOCK_MAX_REGIONS);
	CHECK_EQ_INT(memblock_phys_free(MB(8) + 0x1000, 0x1000), -ENOSPC);
	CHECK_ONE_LINE("memblock: reserved list is full");
	CHECK_EQ_INT(memblock.reserved.regions[2].base, MB(8));
	CHECK_EQ_INT(memblock.reserved.regions[2].size, MB(2));
}

/* ---- the free-range walk ---- */

struct ranges {
	int n;
	phys_addr_t r[32][2];
};

static void collect(phys_addr_t start, phys_addr_t end, void *arg)
{
	struct ranges *rs = arg;

	if (rs->n < 32) {
		rs->r[rs->n][0] = start;
		rs->r[rs->n][1] = end;
	}
	rs->n++;
}

static bool free_ranges_are(const char *file, int line, const phys_addr_t *want, int n)
{
	struct ranges rs = { 0 };
	int ret = memblock_for_each_free_range(collect, &rs);
	bool ok = ret == n && rs.n == n;

	for (int i = 0; ok && i < n; i++)
		ok = rs.r[i][0] == want[2 * i] && rs.r[i][1] == want[2 * i + 1];
	if (ok)
		return true;
	host_fail(file, line, "free ranges: %d (returned %d), expected %d:", rs.n, ret, n);
	for (int i = 0; i < rs.n && i < 32; i++)
		host_fail(file, line, "  got [%#llx-%#llx)", (unsigned long long)rs.r[i][0],
			  (unsigned long long)rs.r[i][1]);
	return false;
}

#define CHECK_FREE_RANGES(...) \
	free_ranges_are(__FILE__, __LINE__, (const phys_addr_t[]){ __VA_ARGS__ }, \
			sizeof((const phys_addr_t[]){ __VA_ARGS__ }) / (2 * sizeof(phys_addr_t)))

TEST(memblock_free_ranges_are_memory_minus_reserved_in_order)
{
	struct ranges rs = { 0 };

	reset();
	CHECK_EQ_INT(memblock_for_each_free_range(collect, &rs), 0);
	memblock_add(0, 0x9f000);
	memblock_add(MB(1), MB(127));
	CHECK_FREE_RANGES(0, 0x9f000, MB(1), MB(128));
	memblock_reserve(0, 0x1000);                    /* at a region's start */
	memblock_reserve(MB(2), MB(2));                 /* in the middle */
	memblock_reserve(MB(127), MB(2));               /* over the end */
	memblock_reserve(0x9e000, MB(1) - 0x9e000 + 0x1000);   /* across the hole */
	CHECK_FREE_RANGES(0x1000, 0x9e000, MB(1) + 0x1000, MB(2), MB(4), MB(127));
}

TEST(memblock_free_ranges_skip_reservations_outside_memory)
{
	reset();
	memblock_reserve(0, MB(1));
	memblock_reserve(MB(9), MB(1));
	memblock_reserve(MB(50), MB(1));
	memblock_add(MB(4), MB(2));
	memblock_add(MB(8), MB(4));
	CHECK_FREE_RANGES(MB(4), MB(6), MB(8), MB(9), MB(10), MB(12));
	memblock_reserve(MB(5), MB(4) + 0x1000);        /* spans two memory regions */
	CHECK_FREE_RANGES(MB(4), MB(5), MB(10), MB(12));
	memblock_reserve(0, MB(64));
	CHECK_FREE_RANGES();
}

/* ---- allocation ---- */

TEST(memblock_alloc_is_top_down_and_reserves_what_it_returns)
{
	reset();
	memblock_add(MB(1), MB(15));
	memblock_reserve(MB(15), MB(1));
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, 0x1000), MB(15) - 0x1000);
	CHECK_REGIONS(reserved, MB(15) - 0x1000, MB(1) + 0x1000);
	CHECK_EQ_U64(memblock_phys_alloc(0x3000, 0x1000), MB(15) - 0x4000);
	CHECK_EQ_U64(memblock_phys_alloc(10, 1), MB(15) - 0x4000 - 10);
	CHECK_REGIONS(reserved, MB(15) - 0x4000 - 10, MB(1) + 0x4000 + 10);
	CHECK(memblock_is_reserved(MB(15) - 0x4000 - 10, 10));
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(memblock_alloc_aligns)
{
	reset();
	memblock_add(0, MB(64) + 0x5000);
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, MB(2)), MB(64));
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, MB(2)), MB(62));
	CHECK_EQ_U64(memblock_phys_alloc(MB(3), MB(4)), MB(56));
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, 0), MB(64) + 0x4000);     /* 0: no alignment */
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, 0x3000), 0);   /* not a power of two */
	CHECK_EQ_U64(memblock_phys_alloc(0, 0x1000), 0);        /* nothing to allocate */
}

TEST(memblock_alloc_range_respects_start_end_and_the_limit)
{
	reset();
	memblock_add(0, MB(64));
	CHECK_EQ_U64(memblock_phys_alloc_range(0x1000, 0x1000, MB(1), MB(16)), MB(16) - 0x1000);
	CHECK_EQ_U64(memblock_phys_alloc_range(MB(2), 0x1000, MB(4), MB(6)), MB(4));
	CHECK_EQ_U64(memblock_phys_alloc_range(0x1000, 0x1000, MB(4), MB(6)), 0);  /* full */
	CHECK_EQ_U64(memblock_phys_alloc_range(MB(3), 0x1000, MB(7), MB(9)), 0);   /* too small */
	memblock_set_current_limit(MB(32));
	CHECK_EQ_U64(memblock.current_limit, MB(32));
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, 0x1000), MB(32) - 0x1000);
	CHECK_EQ_U64(memblock_phys_alloc_range(0x1000, 0x1000, MB(40), MB(48)), 0);
	CHECK_EQ_U64(memblock_phys_alloc_range(0x1000, 0x1000, MB(20), MB(48)), MB(32) - 0x2000);
	memblock_reset();
	CHECK_EQ_U64(memblock.current_limit, ~0ULL);
}

TEST(memblock_alloc_never_returns_reserved_memory_or_zero)
{
	reset();
	memblock_add(0, MB(1));
	memblock_reserve(0x1000, MB(1) - 0x1000);
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, 0x1000), 0);   /* only page 0 is free */
	memblock_phys_free(MB(1) - 0x3000, 0x1000);
	memblock_phys_free(0x5000, 0x2000);
	CHECK_EQ_U64(memblock_phys_alloc(0x2000, 0x1000), 0x5000);  /* the only 8K hole */
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, 0x1000), MB(1) - 0x3000);
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, 0x1000), 0);
	CHECK_EQ_U64(memblock_reserved_size(), MB(1) - 0x1000);
}

TEST(memblock_alloc_with_no_memory_returns_zero)
{
	reset();
	CHECK_EQ_U64(memblock_phys_alloc(0x1000, 0x1000), 0);
	memblock_add(MB(1), MB(1));
	CHECK_EQ_U64(memblock_phys_alloc(MB(1) + 1, 1), 0);
	CHECK_NO_REGIONS(reserved);
	CHECK_EQ_U64(memblock_phys_alloc(MB(1), MB(1)), MB(1));
	CHECK_EQ_U64(memblock_phys_alloc(1, 1), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

/* ---- queries and totals ---- */

TEST(memblock_is_memory_needs_the_whole_range_in_one_region)
{
	reset();
	memblock_add(0, 0x9f000);
	memblock_add(MB(1), MB(15));
	CHECK(memblock_is_memory(0, 0x9f000));
	CHECK(memblock_is_memory(0x9e000, 0x1000));
	CHECK(!memblock_is_memory(0x9e000, 0x2000));    /* into the hole */
	CHECK(!memblock_is_memory(0xa0000, 0x1000));
	CHECK(!memblock_is_memory(0, MB(16)));          /* spans the hole */
	CHECK(memblock_is_memory(MB(1), MB(15)));
	CHECK(!memblock_is_memory(MB(1), MB(15) + 1));
	CHECK(!memblock_is_memory(MB(16), 1));
	CHECK(!memblock_is_memory(MB(2), 0));           /* empty */
}

TEST(memblock_is_reserved_is_any_overlap)
{
	reset();
	memblock_reserve(MB(1), MB(1));
	CHECK(memblock_is_reserved(MB(1), 1));
	CHECK(memblock_is_reserved(MB(2) - 1, 1));
	CHECK(memblock_is_reserved(0, MB(1) + 1));
	CHECK(memblock_is_reserved(0, MB(8)));
	CHECK(!memblock_is_reserved(0, MB(1)));         /* touching is not overlapping */
	CHECK(!memblock_is_reserved(MB(2), MB(1)));
	CHECK(!memblock_is_reserved(MB(1), 0));
}

/*
 * A query range that wraps past the top of the address space is capped at the
 * top, as Linux's memblock_cap_size(): [base, top] is not all memory, and it
 * does overlap a reservation above base.
 */
TEST(memblock_is_memory_with_a_wrapping_range)
{
	reset();
	memblock_add(0, MB(16));
	CHECK(!memblock_is_memory(0x1000, ~0ULL));     /* base + size == 0xfff */
}

TEST(memblock_is_reserved_with_a_wrapping_range)
{
	reset();
	memblock_reserve(MB(2), MB(1));
	CHECK(memblock_is_reserved(MB(1), ~0ULL - 0x1000));     /* [1M, top] */
}

TEST(memblock_totals_and_end_of_dram)
{
	reset();
	CHECK_EQ_U64(memblock_phys_mem_size(), 0);
	CHECK_EQ_U64(memblock_reserved_size(), 0);
	CHECK_EQ_U64(memblock_end_of_DRAM(), 0);
	memblock_add(MB(4096), MB(1024));
	memblock_add(0, 0x9fc00);
	memblock_add(MB(1), MB(2047));
	memblock_add(MB(1), MB(1));                     /* overlaps: counted once */
	CHECK_EQ_U64(memblock_phys_mem_size(), 0x9fc00 + MB(2047) + MB(1024));
	CHECK_EQ_U64(memblock_end_of_DRAM(), MB(5120));
	memblock_reserve(0, 0x1000);
	memblock_reserve(MB(2), MB(6));
	memblock_reserve(MB(4), MB(8));                 /* overlaps: counted once */
	memblock_reserve(MB(8192), MB(1));              /* outside memory still counts */
	CHECK_EQ_U64(memblock_reserved_size(), 0x1000 + MB(10) + MB(1));
	CHECK_EQ_U64(memblock_end_of_DRAM(), MB(5120));
}

/* ---- random operations against a bitmap model ---- */

#define SPACE        4096               /* model addresses 0..SPACE-1, one byte each */
#define RANDOM_OPS   20000

static struct {
	bool mem[SPACE], res[SPACE];
	phys_addr_t limit;
	int nospc;                      /* -ENOSPC results, each with one line */
} md;

/* Check that type's regions are exactly the maximal runs of set[]. */
static bool model_regions(const char *what, const struct memblock_type *type, const bool *set)
{
	unsigned int i = 0;

	for (unsigned int a = 0; a < SPACE;) {
		unsigned int b = a;

		if (!set[a]) {
			a++;
			continue;
		}
		while (b < SPACE && set[b])
			b++;
		if (!CHECK_MSG(i < type->cnt && type->regions[i].base == a &&
			       type->regions[i].size == b - a,
			       "%s region %u should be [%#x-%#x)", what, i, a, b))
			return false;
		i++;
		a = b;
	}
	return CHECK_MSG(i == type->cnt, "%s: %u regions, model has %u", what, type->cnt, i);
}

struct walk {
	unsigned int next;              /* where the model's next free range may start */
	bool ok;
};

/* Each free range must be the model's next maximal run of mem && !res. */
static void check_walk(phys_addr_t start, phys_addr_t end, void *arg)
{
	struct walk *w = arg;
	unsigned int a = w->next, b;

	while (a < SPACE && !(md.mem[a] && !md.res[a]))
		a++;
	for (b = a; b < SPACE && md.mem[b] && !md.res[b]; b++)
		;
	if (w->ok && !CHECK_MSG(start == a && end == b, "free range [%#llx-%#llx), model [%#x-%#x)",
				(unsigned long long)start, (unsigned long long)end, a, b))
		w->ok = false;
	w->next = b;
}

static bool model_walk_matches(void)
{
	struct walk w = { 0, true };
	unsigned int n = 0;
	int ret = memblock_for_each_free_range(check_walk, &w);

	for (unsigned int a = 0; a < SPACE; a++)
		n += md.mem[a] && !md.res[a] && (a == 0 || !md.mem[a - 1] || md.res[a - 1]);
	return w.ok && CHECK_EQ_INT(ret, n);
}

/* The highest address the model would allocate, or 0. */
static phys_addr_t model_alloc(unsigned int size, unsigned int align, unsigned int start,
			       unsigned int end)
{
	unsigned int hi = md.limit < end ? md.limit : end;
	unsigned int run = 0;

	/* scan down, keeping the length of the free run that starts at a */
	for (unsigned int a = hi < SPACE ? hi : SPACE; a-- > start;) {
		run = md.mem[a] && !md.res[a] ? run + 1 : 0;
		if (run >= size && a % align == 0 && a != 0 && a + size <= hi)
			return a;
	}
	return 0;
}

static void model_set(bool *set, unsigned int base, unsigned int size, bool v)
{
	memset(&set[base], v, size);
}

/* A random range inside the model's space: mostly small, sometimes large. */
static void random_range(unsigned int *base, unsigned int *size)
{
	*base = host_rand_below(SPACE - 1);
	*size = 1 + host_rand_below(host_rand_below(8) ? 64 : SPACE - *base - 1);
	if (*base + *size > SPACE)
		*size = SPACE - *base;
}

static bool random_step(void)
{
	unsigned int base, size, op = host_rand_below(100);
	int ret;

	random_range(&base, &size);
	if (op < 20 || op >= 90) {
		bool *set = op < 20 ? md.mem : md.res;
		struct memblock_type *type = op < 20 ? &memblock.memory : &memblock.reserved;
		unsigned int cnt = type->cnt;

		ret = op < 20 ? memblock_add(base, size) : memblock_reserve(base, size);
		if (ret == -ENOSPC && ++md.nospc)
			return CHECK_EQ_INT(cnt, MEMBLOCK_MAX_REGIONS);
		model_set(set, base, size, true);
		return CHECK_EQ_INT(ret, 0);
	}
	if (op < 40) {
		ret = memblock_phys_free(base, size);
		if (ret == -ENOSPC && ++md.nospc)
			return CHECK_EQ_INT(memblock.reserved.cnt, MEMBLOCK_MAX_REGIONS);
		model_set(md.res, base, size, false);
		return CHECK_EQ_INT(ret, 0);
	}
	/* a full reserved list is memblock_full_list_still_merges' business */
	if (op < 85 && memblock.reserved.cnt < MEMBLOCK_MAX_REGIONS) {
		unsigned int align = 1U << host_rand_below(7);
		unsigned int start = host_rand_below(2) ? 0 : host_rand_below(SPACE);
		unsigned int end = host_rand_below(2) ? SPACE + 100 : host_rand_below(SPACE + 1);
		phys_addr_t want = model_alloc(size % 128 + 1, align, start, end);
		phys_addr_t got = memblock_phys_alloc_range(size % 128 + 1, align, start, end);

		if (got)
			model_set(md.res, got, size % 128 + 1, true);
		return CHECK_MSG(got == want, "alloc(%u, %u, %#x, %#x) = %#llx, model %#llx",
				 size % 128 + 1, align, start, end, (unsigned long long)got,
				 (unsigned long long)want);
	}
	md.limit = host_rand_below(4) ? ~0ULL : host_rand_below(SPACE + 1);
	memblock_set_current_limit(md.limit);
	return true;
}

/* is_memory / is_reserved of one random range against the model. */
static bool random_query(void)
{
	unsigned int base, size;
	bool all_mem = true, any_res = false;

	random_range(&base, &size);
	for (unsigned int a = base; a < base + size; a++) {
		all_mem &= md.mem[a];
		any_res |= md.res[a];
	}
	return CHECK_MSG(memblock_is_memory(base, size) == all_mem, "is_memory(%#x, %#x)", base, size) &&
	       CHECK_MSG(memblock_is_reserved(base, size) == any_res, "is_reserved(%#x, %#x)",
			 base, size);
}

static bool model_totals_match(void)
{
	phys_addr_t mem = 0, res = 0, end = 0;

	for (unsigned int a = 0; a < SPACE; a++) {
		mem += md.mem[a];
		res += md.res[a];
		end = md.mem[a] ? a + 1 : end;
	}
	return CHECK_EQ_U64(memblock_phys_mem_size(), mem) &&
	       CHECK_EQ_U64(memblock_reserved_size(), res) &&
	       CHECK_EQ_U64(memblock_end_of_DRAM(), end);
}

TEST(memblock_random_operations_match_a_bitmap_model)
{
	reset();
	memset(&md, 0, sizeof(md));
	md.limit = ~0ULL;
	host_srand(0x6d656d626c6f636bULL);     /* "memblock" */
	for (unsigned int i = 0; i < RANDOM_OPS; i++) {
		/* now and then start over, so both sparse and full lists are visited */
		if (i % 2000 == 0) {
			memblock_reset();
			memset(&md, 0, sizeof(md));
			md.limit = ~0ULL;
		}
		if (!random_step() || !model_regions("memory", &memblock.memory, md.mem) ||
		    !model_regions("reserved", &memblock.reserved, md.res) ||
		    !model_walk_matches() || !random_query() || !model_totals_match()) {
			host_fail(__FILE__, __LINE__, "at operation %u", i);
			return;
		}
	}
	CHECK_EQ_INT(printk_capture_lines(), md.nospc);
}
