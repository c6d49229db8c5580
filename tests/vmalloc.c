/*
 * vmalloc suite: large virtually contiguous buffers from scattered pages,
 * the guard page after each area, and the reuse and merging of freed ranges.
 */
#include <errno.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/traps.h>
#include <kernel/uaccess.h>
#include <mm/gfp.h>
#include <mm/mm.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

/* Every free page, those on the per-CPU lists too (drained first). */
static unsigned long free_pages_now(void)
{
	drain_all_pages(NULL);
	return nr_free_pages();
}

#define BIG (64UL << 20)

/* 64 MiB: 16 times the largest block the buddy allocator can give (4 MiB). */
static void vmalloc_64m_from_scattered_pages(struct kunit *test)
{
	unsigned long free = free_pages_now();
	u64 *p = vmalloc(BIG);
	size_t n = BIG / sizeof(u64);

	if (!p && free < (BIG >> PAGE_SHIFT) + 4096)
		kunit_skip(test, "needs 64 MiB free, the machine has %lu KiB", free << 2);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(p));
	KUNIT_EXPECT_LE(test, free_pages_now(), free - (BIG >> PAGE_SHIFT));
	for (size_t i = 0; i < n; i += 512)
		p[i] = i * 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < n; i += 512)
		if (p[i] != i * 0x9e3779b97f4a7c15ULL) {
			KUNIT_FAIL(test, "vmalloc contents changed");
			break;
		}
	vfree(p);
}

/* Every page: vmalloc_to_page agrees with a page-table walk, and with its contents. */
static void vmalloc_to_page_agrees_with_the_tables(struct kunit *test)
{
	unsigned int pages = 37;
	u8 *p = vmalloc(pages * PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (unsigned int i = 0; i < pages; i++) {
		struct page *pg = vmalloc_to_page(p + i * PAGE_SIZE + 5);

		p[i * PAGE_SIZE + 5] = i;
		KUNIT_ASSERT_NOT_NULL(test, pg);
		KUNIT_EXPECT_EQ(test, page_to_phys(pg),
				slow_virt_to_phys((unsigned long)p + i * PAGE_SIZE));
		KUNIT_EXPECT_EQ(test, ((u8 *)page_address(pg))[5], i);
	}
	KUNIT_EXPECT_NULL(test, vmalloc_to_page(p + pages * PAGE_SIZE));   /* the guard */
	vfree(p);
}

static void read_byte(void *addr)
{
	(void)*(volatile u8 *)addr;
}

/* Reading one byte past the end faults, and the oops says whose guard page it is. */
static void vmalloc_guard_page_faults_and_is_named(struct kunit *test)
{
	u8 *p = vmalloc(2 * PAGE_SIZE);
	struct fault_record rec;
	size_t pos;
	u8 v;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, p + 2 * PAGE_SIZE - 1), 0);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, p + 2 * PAGE_SIZE), -EFAULT);
	pos = log_buf_pos();
	KUNIT_EXPECT_EQ(test, try_catch_fault(read_byte, p + 2 * PAGE_SIZE, &rec, true), -EFAULT);
	KUNIT_EXPECT_EQ(test, rec.address, (unsigned long)p + 2 * PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "is the guard page after the vmalloc area"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		"(allocated by vmalloc_guard_page_faults_and_is_named+"));
	vfree(p);
}

/* First fit reuses a freed range; freeing everything merges the free list back. */
static void vmalloc_freed_ranges_are_reused_and_merged(struct kunit *test)
{
	unsigned long bytes0, bytes1, n0;
	void *a, *b, *c;

	vm_unmap_aliases();             /* ranges vfree'd earlier become free now */
	n0 = vmalloc_free_ranges(&bytes0);
	a = vmalloc(3 * PAGE_SIZE);
	b = vmalloc(PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, (unsigned long)b, (unsigned long)a + 4 * PAGE_SIZE);  /* + guard */
	vfree(a);
	vm_unmap_aliases();             /* vfree is lazy: reuse comes after the purge */
	c = vmalloc(2 * PAGE_SIZE);                     /* fits where a was */
	KUNIT_EXPECT_PTR_EQ(test, c, a);
	vfree(b);
	vfree(c);
	vm_unmap_aliases();
	KUNIT_EXPECT_EQ(test, vmalloc_free_ranges(&bytes1), n0);
	KUNIT_EXPECT_EQ(test, bytes1, bytes0);
}

/* Reserve size bytes of address space (no pages, nothing mapped). */
static struct vm_struct *reserve(struct kunit *test, unsigned long size)
{
	struct vm_struct *vm = get_vm_area_caller(size, 0, _THIS_IP_);

	KUNIT_ASSERT_NOT_NULL(test, vm);
	return vm;
}

/* Give back what reserve() took: the range goes straight to the free ranges. */
static void unreserve(struct vm_struct *vm)
{
	kfree(remove_vm_area((void *)vm->addr));
}

/* The free ranges' count and bytes are n and bytes. */
#define EXPECT_FREE_RANGES(test, n, bytes) do {                         \
	unsigned long __b, __n = vmalloc_free_ranges(&__b);             \
									\
	KUNIT_EXPECT_EQ(test, __n, (unsigned long)(n));                 \
	KUNIT_EXPECT_EQ(test, __b, (unsigned long)(bytes));             \
} while (0)

/*
 * First fit carves each area, guard page included, from the start of the
 * first free range that holds it: two quarters of the space come one after
 * the other, out of the one big range at the end, which shrinks by exactly
 * what they took; half the space then fits nowhere, and asking changes
 * nothing.
 */
static void vmalloc_first_fit_carves_areas_with_a_guard_page(struct kunit *test)
{
	unsigned long q = VMALLOC_SIZE / 4, n0, bytes0;
	struct vm_struct *a, *b;

	vm_unmap_aliases();
	n0 = vmalloc_free_ranges(&bytes0);
	a = reserve(test, q);
	b = reserve(test, q);
	KUNIT_EXPECT_EQ(test, a->size, q + PAGE_SIZE);          /* the guard page */
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(a->addr, PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr((void *)a->addr));
	KUNIT_EXPECT_EQ(test, b->addr, a->addr + q + PAGE_SIZE);
	KUNIT_EXPECT_LE(test, b->addr + b->size - 1, VMALLOC_END);
	EXPECT_FREE_RANGES(test, n0, bytes0 - 2 * (q + PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, get_vm_area_caller(VMALLOC_SIZE / 2, 0, _THIS_IP_));
	EXPECT_FREE_RANGES(test, n0, bytes0 - 2 * (q + PAGE_SIZE));
	unreserve(b);
	unreserve(a);
}

/*
 * A freed range joins the free ranges next to it: a hole between busy areas
 * is a range of its own and first fit fills it again; a range freed next to
 * a free one grows it, and one freed between two free ones closes the gap,
 * until the free ranges are what they were.  1 GiB areas: larger than any
 * hole the other cases leave, so they come from the big range at the end.
 */
static void vmalloc_freed_ranges_merge_with_their_neighbours(struct kunit *test)
{
	unsigned long g = 1UL << 30, s = g + PAGE_SIZE, n0, bytes0;
	struct vm_struct *a, *b, *c, *d;

	vm_unmap_aliases();
	n0 = vmalloc_free_ranges(&bytes0);
	a = reserve(test, g);
	b = reserve(test, g);
	c = reserve(test, g);
	KUNIT_ASSERT_EQ(test, c->addr, a->addr + 2 * s);
	EXPECT_FREE_RANGES(test, n0, bytes0 - 3 * s);
	unreserve(b);                           /* a hole between a and c */
	EXPECT_FREE_RANGES(test, n0 + 1, bytes0 - 2 * s);
	d = reserve(test, g);                   /* fills the hole exactly */
	KUNIT_EXPECT_EQ(test, d->addr, a->addr + s);
	EXPECT_FREE_RANGES(test, n0, bytes0 - 3 * s);
	unreserve(a);                           /* a new range below d */
	EXPECT_FREE_RANGES(test, n0 + 1, bytes0 - 2 * s);
	unreserve(c);                           /* grows the range after it */
	EXPECT_FREE_RANGES(test, n0 + 1, bytes0 - s);
	unreserve(d);                           /* closes the gap: one range again */
	EXPECT_FREE_RANGES(test, n0, bytes0);
}

static void add_area_size(const struct vm_struct *vm, void *arg)
{
	*(unsigned long *)arg += vm->size;
}

/*
 * vmalloc_init made the space one free range at boot: after a purge, the
 * free ranges and the busy areas (guard pages included) cover it exactly.
 */
static void vmalloc_space_is_free_ranges_plus_areas(struct kunit *test)
{
	unsigned long free_bytes, busy = 0;

	vm_unmap_aliases();
	KUNIT_EXPECT_GE(test, vmalloc_free_ranges(&free_bytes), 1);
	vmalloc_for_each_area(add_area_size, &busy);
	KUNIT_EXPECT_GT(test, busy, 0);                 /* the boot's ioremaps, at least */
	KUNIT_EXPECT_EQ(test, free_bytes + busy, VMALLOC_SIZE);
}

static void vmalloc_vzalloc_zeroes_and_bad_frees_are_reported(struct kunit *test)
{
	u64 *p = vzalloc(3 * PAGE_SIZE);
	size_t pos;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (size_t i = 0; i < 3 * PAGE_SIZE / 8; i++)
		if (p[i]) {
			KUNIT_FAIL(test, "vzalloc memory is not zero");
			break;
		}
	pos = log_buf_pos();
	vfree(p + 1);                                   /* not the start */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "is not the start of a vmalloc area"));
	vfree(p);
	vfree(NULL);
	KUNIT_EXPECT_NULL(test, vmalloc(0));
	KUNIT_EXPECT_NULL(test, find_vm_area(p));
}

static struct kunit_case vmalloc_cases[] = {
	KUNIT_CASE(vmalloc_64m_from_scattered_pages),
	KUNIT_CASE(vmalloc_to_page_agrees_with_the_tables),
	KUNIT_CASE(vmalloc_guard_page_faults_and_is_named),
	KUNIT_CASE(vmalloc_first_fit_carves_areas_with_a_guard_page),
	KUNIT_CASE(vmalloc_freed_ranges_merge_with_their_neighbours),
	KUNIT_CASE(vmalloc_freed_ranges_are_reused_and_merged),
	KUNIT_CASE(vmalloc_space_is_free_ranges_plus_areas),
	KUNIT_CASE(vmalloc_vzalloc_zeroes_and_bad_frees_are_reported),
	{}
};

static struct kunit_suite vmalloc_suite = {
	.name = "vmalloc",
	.test_cases = vmalloc_cases,
};
kunit_test_suite(vmalloc_suite);
