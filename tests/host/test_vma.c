/*
 * Host tests of mm/vma.c (include/mm/mmap.h): the sorted VMA list of an mm.
 * find_vma and friends, insert refusing overlaps, split_vma both ways with
 * vm_pgoff following, merging only what agrees (flags, file, contiguous
 * offset, name), vma_detach_range cutting at both ends as munmap does,
 * unmapped_area_topdown; and a seeded random run of inserts, detaches,
 * splits and merges against a model that records, page by page, which flags
 * the page has.  kzalloc/kfree are calloc/free here, counted: a leak fails.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mm/mmap.h>
#include <mm/slab.h>

#include "hosttest.h"

static long live_allocs;

void *kzalloc(size_t size, gfp_t gfp)
{
	void *p = calloc(1, size);

	if (p)
		live_allocs++;
	return p;
}

void kfree(const void *p)
{
	if (p)
		live_allocs--;
	free((void *)p);
}

#define PG 4096UL

static struct vm_area_struct *add(struct mm_struct *mm, unsigned long start, unsigned long end,
				  unsigned long flags)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	if (insert_vm_struct(mm, vma)) {
		vm_area_free(vma);
		return NULL;
	}
	return vma;
}

static void free_list(struct list_head *head)
{
	struct vm_area_struct *vma, *n;

	list_for_each_entry_safe(vma, n, head, vm_list) {
		list_del(&vma->vm_list);
		vm_area_free(vma);
	}
}

static void free_all(struct mm_struct *mm)
{
	free_list(&mm->mmap);
	mm->map_count = 0;
}

/* Sorted, non-empty, non-overlapping, map_count right. */
static bool list_ok(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long prev_end = 0;
	int n = 0;

	for_each_vma(mm, vma) {
		if (!CHECK_MSG(vma->vm_start < vma->vm_end && vma->vm_start >= prev_end,
			       "VMA %#lx-%#lx after %#lx", vma->vm_start, vma->vm_end, prev_end))
			return false;
		prev_end = vma->vm_end;
		n++;
	}
	return CHECK_EQ_INT(n, mm->map_count);
}

TEST(vma_find_and_insert)
{
	struct mm_struct mm;

	mm_vma_init(&mm);
	CHECK(add(&mm, 0x10000, 0x12000, VM_READ));
	CHECK(add(&mm, 0x400000, 0x401000, VM_READ | VM_EXEC));
	CHECK(add(&mm, 0x20000, 0x21000, VM_READ));
	CHECK_EQ_INT(mm.map_count, 3);
	CHECK(list_ok(&mm));
	CHECK_EQ_U64(find_vma(&mm, 0)->vm_start, 0x10000);
	CHECK_EQ_U64(find_vma(&mm, 0x11fff)->vm_start, 0x10000);
	CHECK_EQ_U64(find_vma(&mm, 0x12000)->vm_start, 0x20000);
	CHECK(find_vma(&mm, 0x401000) == NULL);
	CHECK(find_vma_intersection(&mm, 0x12000, 0x20000) == NULL);
	CHECK_EQ_U64(find_vma_intersection(&mm, 0x12000, 0x20001)->vm_start, 0x20000);
	/* overlaps are refused, an empty range too */
	CHECK(add(&mm, 0x11000, 0x13000, VM_READ) == NULL);
	CHECK(add(&mm, 0x3ff000, 0x400001, VM_READ) == NULL);
	CHECK(add(&mm, 0x50000, 0x50000, VM_READ) == NULL);
	CHECK(add(&mm, 0x12000, 0x20000, VM_READ) != NULL);     /* exactly the gap */
	CHECK_EQ_INT(mm.map_count, 4);
	CHECK(vma_prev(find_vma(&mm, 0x10000)) == NULL);
	CHECK_EQ_U64(vma_next(find_vma(&mm, 0x10000))->vm_start, 0x12000);
	CHECK(vma_next(find_vma(&mm, 0x400000)) == NULL);
	free_all(&mm);
	CHECK_EQ_INT(live_allocs, 0);
}

TEST(vma_split_both_ways)
{
	struct mm_struct mm;
	struct vm_area_struct *vma, *lo;
	struct file *f = (struct file *)0x1234;

	mm_vma_init(&mm);
	vma = add(&mm, 0x400000, 0x408000, VM_READ);
	vma->vm_file = f;
	vma->vm_pgoff = 10;
	CHECK_EQ_INT(split_vma(&mm, vma, 0x402000, 1), 0);     /* new below */
	lo = find_vma(&mm, 0x400000);
	CHECK_EQ_U64(lo->vm_end, 0x402000);
	CHECK_EQ_U64(lo->vm_pgoff, 10);
	CHECK(lo->vm_file == f);
	CHECK_EQ_U64(vma->vm_start, 0x402000);
	CHECK_EQ_U64(vma->vm_pgoff, 12);
	CHECK_EQ_INT(split_vma(&mm, vma, 0x405000, 0), 0);     /* new above */
	CHECK_EQ_U64(vma->vm_end, 0x405000);
	CHECK_EQ_U64(find_vma(&mm, 0x405000)->vm_pgoff, 15);
	CHECK_EQ_INT(mm.map_count, 3);
	CHECK(list_ok(&mm));
	/* not strictly inside, or not page-aligned: refused */
	CHECK_EQ_INT(split_vma(&mm, vma, 0x402000, 0), -EINVAL);
	CHECK_EQ_INT(split_vma(&mm, vma, 0x405000, 0), -EINVAL);
	CHECK_EQ_INT(split_vma(&mm, vma, 0x403800, 0), -EINVAL);
	/* and they merge back into one, with the first offset */
	vma = vma_merge_neighbours(&mm, vma);
	CHECK_EQ_INT(mm.map_count, 1);
	CHECK_EQ_U64(vma->vm_start, 0x400000);
	CHECK_EQ_U64(vma->vm_end, 0x408000);
	CHECK_EQ_U64(vma->vm_pgoff, 10);
	free_all(&mm);
	CHECK_EQ_INT(live_allocs, 0);
}

TEST(vma_merge_only_what_agrees)
{
	struct mm_struct mm;
	struct vm_area_struct *a, *b, *c;

	mm_vma_init(&mm);
	a = add(&mm, 0x10000, 0x11000, VM_READ | VM_WRITE);
	b = add(&mm, 0x11000, 0x12000, VM_READ);                /* other flags */
	c = add(&mm, 0x12000, 0x13000, VM_READ | VM_WRITE);
	CHECK(vma_merge_neighbours(&mm, b) == b);
	CHECK_EQ_INT(mm.map_count, 3);
	b->vm_flags = VM_READ | VM_WRITE;                       /* as mprotect would */
	CHECK(vma_merge_neighbours(&mm, b) == a);
	CHECK_EQ_INT(mm.map_count, 1);
	CHECK_EQ_U64(a->vm_end, 0x13000);
	(void)c;
	/* a gap, a name, a file offset out of step: no merge */
	b = add(&mm, 0x14000, 0x15000, VM_READ | VM_WRITE);
	CHECK(vma_merge_neighbours(&mm, b) == b);
	c = add(&mm, 0x13000, 0x14000, VM_READ | VM_WRITE);
	c->vm_name = "[heap]";
	CHECK(vma_merge_neighbours(&mm, c) == c);
	CHECK_EQ_INT(mm.map_count, 3);
	free_all(&mm);
	a = add(&mm, 0x400000, 0x401000, VM_READ);
	b = add(&mm, 0x401000, 0x402000, VM_READ);
	a->vm_file = b->vm_file = (struct file *)0x99;
	a->vm_pgoff = 0;
	b->vm_pgoff = 2;
	CHECK(vma_merge_neighbours(&mm, b) == b);
	b->vm_pgoff = 1;
	CHECK(vma_merge_neighbours(&mm, b) == a);
	CHECK_EQ_INT(mm.map_count, 1);
	free_all(&mm);
	CHECK_EQ_INT(live_allocs, 0);
}

TEST(vma_detach_range_cuts_at_both_ends)
{
	struct mm_struct mm;
	LIST_HEAD(out);
	struct vm_area_struct *vma;
	int n = 0;

	mm_vma_init(&mm);
	add(&mm, 0x10000, 0x14000, VM_READ);
	add(&mm, 0x15000, 0x16000, VM_WRITE);
	add(&mm, 0x17000, 0x1a000, VM_EXEC);
	CHECK_EQ_INT(vma_detach_range(&mm, 0x12000, 0x18000, &out), 0);
	list_for_each_entry(vma, &out, vm_list)
		n++;
	CHECK_EQ_INT(n, 3);
	CHECK_EQ_U64(list_first_entry(&out, struct vm_area_struct, vm_list)->vm_start, 0x12000);
	CHECK_EQ_U64(list_last_entry(&out, struct vm_area_struct, vm_list)->vm_end, 0x18000);
	CHECK_EQ_INT(mm.map_count, 2);
	CHECK_EQ_U64(find_vma(&mm, 0)->vm_end, 0x12000);
	CHECK_EQ_U64(find_vma(&mm, 0x12000)->vm_start, 0x18000);
	CHECK_EQ_U64(find_vma(&mm, 0x12000)->vm_pgoff, 1);
	CHECK(list_ok(&mm));
	/* a range with nothing in it: nothing moves */
	free_list(&out);
	INIT_LIST_HEAD(&out);
	CHECK_EQ_INT(vma_detach_range(&mm, 0x13000, 0x17000, &out), 0);
	CHECK(list_empty(&out));
	/* in the middle of one VMA: the split makes three, the middle goes */
	add(&mm, 0x30000, 0x34000, VM_READ);
	CHECK_EQ_INT(vma_detach_range(&mm, 0x31000, 0x32000, &out), 0);
	CHECK_EQ_INT(mm.map_count, 4);
	CHECK_EQ_U64(find_vma(&mm, 0x31000)->vm_start, 0x32000);
	CHECK_EQ_U64(find_vma(&mm, 0x30000)->vm_end, 0x31000);
	CHECK(list_ok(&mm));
	free_list(&out);
	free_all(&mm);
	CHECK_EQ_INT(live_allocs, 0);
}

TEST(vma_unmapped_area_topdown)
{
	struct mm_struct mm;
	unsigned long base = 0x7ffff7fff000UL, low = 0x10000;

	mm_vma_init(&mm);
	CHECK_EQ_U64(unmapped_area_topdown(&mm, PG, low, base), base - PG);
	add(&mm, base - 2 * PG, base, VM_READ);
	add(&mm, base - 5 * PG, base - 3 * PG, VM_READ);
	CHECK_EQ_U64(unmapped_area_topdown(&mm, PG, low, base), base - 3 * PG);
	CHECK_EQ_U64(unmapped_area_topdown(&mm, 2 * PG, low, base), base - 7 * PG);
	/* a VMA above high (the stack) is not in the way */
	add(&mm, 0x7ffffffde000UL, 0x7ffffffff000UL, VM_READ);
	CHECK_EQ_U64(unmapped_area_topdown(&mm, PG, low, base), base - 3 * PG);
	/* too big, or no room at all */
	CHECK_EQ_U64(unmapped_area_topdown(&mm, base, low, base), (unsigned long)-ENOMEM);
	CHECK_EQ_U64(unmapped_area_topdown(&mm, 0, low, base), (unsigned long)-ENOMEM);
	add(&mm, low, base - 5 * PG, VM_READ);
	CHECK_EQ_U64(unmapped_area_topdown(&mm, PG, low, base), base - 3 * PG);
	CHECK_EQ_U64(unmapped_area_topdown(&mm, 2 * PG, low, base), (unsigned long)-ENOMEM);
	free_all(&mm);
	CHECK_EQ_INT(live_allocs, 0);
}

/* ---- the random run against a page model ---- */

#define MODEL_PAGES 48
#define MODEL_BASE  0x100000UL

static unsigned long model[MODEL_PAGES];       /* flags of each page; 0: no VMA */

static bool model_agrees(struct mm_struct *mm)
{
	for (int i = 0; i < MODEL_PAGES; i++) {
		unsigned long a = MODEL_BASE + i * PG;
		struct vm_area_struct *vma = find_vma(mm, a);
		unsigned long got = vma && vma->vm_start <= a ? vma->vm_flags : 0;

		if (!CHECK_MSG(got == model[i], "page %d: flags %#lx, model %#lx", i, got, model[i]))
			return false;
	}
	return list_ok(mm);
}

static void random_step(struct mm_struct *mm)
{
	int a = host_rand_below(MODEL_PAGES), len = 1 + host_rand_below(6), op = host_rand_below(4);
	unsigned long start = MODEL_BASE + a * PG, end = start + len * PG;
	unsigned long flags = 1 + host_rand_below(3);
	bool free_range = true;
	LIST_HEAD(out);

	if (a + len > MODEL_PAGES)
		return;
	for (int i = a; i < a + len; i++)
		free_range &= !model[i];
	if (op == 0) {
		struct vm_area_struct *vma = add(mm, start, end, flags);

		CHECK_EQ_INT(vma != NULL, free_range);
		if (vma) {
			for (int i = a; i < a + len; i++)
				model[i] = flags;
			vma_merge_neighbours(mm, vma);
		}
	} else if (op == 1) {
		CHECK_EQ_INT(vma_detach_range(mm, start, end, &out), 0);
		free_list(&out);
		for (int i = a; i < a + len; i++)
			model[i] = 0;
	} else {
		struct vm_area_struct *vma = find_vma(mm, start);

		if (vma && vma->vm_start < start)
			CHECK_EQ_INT(split_vma(mm, vma, start, op == 2), 0);
	}
}

TEST(vma_random_against_model)
{
	struct mm_struct mm;

	host_srand(10);
	mm_vma_init(&mm);
	memset(model, 0, sizeof(model));
	for (int step = 0; step < 20000; step++) {
		random_step(&mm);
		if (!model_agrees(&mm))
			break;
	}
	free_all(&mm);
	CHECK_EQ_INT(live_allocs, 0);
}
