/*
 * The VMA list of an address space (Linux's mm/mmap.c and mm/vma.c: find_vma,
 * insert_vm_struct, split_vma, vma_merge, unmapped_area_topdown).
 *
 * Each mm keeps its vm_area_structs on one list sorted by vm_start; they never
 * overlap.  Linux keeps them in a maple tree for O(log n) lookups; a process
 * here has tens of VMAs, so a list reads better and costs little.  Worked
 * example, munmap(0x11000, 0x1000) of one VMA [0x10000, 0x13000):
 *
 *   [0x10000 --------------- 0x13000)          one VMA
 *   split_vma at 0x11000 (new_below):
 *   [0x10000-0x11000)[0x11000 ------- 0x13000)
 *   split_vma at 0x12000 (new above):
 *   [0x10000-0x11000)[0x11000-0x12000)[0x12000-0x13000)
 *   detach the middle one: two VMAs remain, with a hole between them.
 *
 * Pure list code: no page tables, no locks (the caller holds mmap_lock), so
 * it is also built on the host and tested there (tests/host/test_vma.c).
 */
#include <errno.h>
#include <kernel/list.h>
#include <mm/mmap.h>
#include <mm/slab.h>

#define VMA_PAGE_SHIFT 12

void mm_vma_init(struct mm_struct *mm)
{
	INIT_LIST_HEAD(&mm->mmap);
	mm->map_count = 0;
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (vma) {
		vma->vm_mm = mm;
		INIT_LIST_HEAD(&vma->vm_list);
	}
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	kfree(vma);
}

struct vm_area_struct *vma_next(struct vm_area_struct *vma)
{
	if (vma->vm_list.next == &vma->vm_mm->mmap)
		return NULL;
	return list_next_entry(vma, vm_list);
}

struct vm_area_struct *vma_prev(struct vm_area_struct *vma)
{
	if (vma->vm_list.prev == &vma->vm_mm->mmap)
		return NULL;
	return list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	for_each_vma(mm, vma)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = find_vma(mm, vma->vm_start);

	if (vma->vm_start >= vma->vm_end)
		return -EINVAL;
	if (next && next->vm_start < vma->vm_end)
		return -ENOMEM;         /* overlaps next (Linux's answer too) */
	vma->vm_mm = mm;
	/* before next, or last: the list stays sorted */
	list_add_tail(&vma->vm_list, next ? &next->vm_list : &mm->mmap);
	mm->map_count++;
	return 0;
}

void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	list_del(&vma->vm_list);
	INIT_LIST_HEAD(&vma->vm_list);
	mm->map_count--;
}

int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
	      int new_below)
{
	struct vm_area_struct *new;

	if (addr <= vma->vm_start || addr >= vma->vm_end || (addr & ((1UL << VMA_PAGE_SHIFT) - 1)))
		return -EINVAL;
	new = vm_area_alloc(mm);
	if (!new)
		return -ENOMEM;
	*new = *vma;
	INIT_LIST_HEAD(&new->vm_list);
	if (new_below) {
		new->vm_end = addr;
		vma->vm_pgoff += (addr - vma->vm_start) >> VMA_PAGE_SHIFT;
		vma->vm_start = addr;
		list_add_tail(&new->vm_list, &vma->vm_list);    /* just before vma */
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> VMA_PAGE_SHIFT;
		vma->vm_end = addr;
		list_add(&new->vm_list, &vma->vm_list);         /* just after vma */
	}
	mm->map_count++;
	return 0;
}

/* Whether b may join a (a just below b): same everything, touching, file offsets in step. */
static bool can_merge(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (a->vm_end != b->vm_start || a->vm_flags != b->vm_flags ||
	    a->vm_file != b->vm_file || a->vm_name != b->vm_name)
		return false;
	if (a->vm_file &&
	    a->vm_pgoff + ((a->vm_end - a->vm_start) >> VMA_PAGE_SHIFT) != b->vm_pgoff)
		return false;
	return true;
}

struct vm_area_struct *vma_merge_neighbours(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(vma), *next = vma_next(vma);

	if (next && can_merge(vma, next)) {
		vma->vm_end = next->vm_end;
		vma_unlink(mm, next);
		vm_area_free(next);
	}
	if (prev && can_merge(prev, vma)) {
		prev->vm_end = vma->vm_end;
		vma_unlink(mm, vma);
		vm_area_free(vma);
		vma = prev;
	}
	return vma;
}

int vma_detach_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		     struct list_head *out)
{
	struct vm_area_struct *vma = find_vma_intersection(mm, start, end), *last, *next;

	if (!vma)
		return 0;
	/* split where the range cuts a VMA; on failure nothing has moved yet */
	if (vma->vm_start < start && split_vma(mm, vma, start, 1))
		return -ENOMEM;
	last = find_vma(mm, end - 1);
	if (last && last->vm_start < end && last->vm_end > end && split_vma(mm, last, end, 0))
		return -ENOMEM;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = next) {
		next = vma_next(vma);
		vma_unlink(mm, vma);
		list_add_tail(&vma->vm_list, out);
	}
	return 0;
}

unsigned long unmapped_area_topdown(struct mm_struct *mm, unsigned long len,
				    unsigned long low, unsigned long high)
{
	struct list_head *pos;
	unsigned long gap_end = high;

	if (!len || len > high || high - len < low)
		return (unsigned long)-ENOMEM;
	/* walk down from the highest VMA: each gap is (its vm_end, the gap_end above) */
	for (pos = mm->mmap.prev; ; pos = pos->prev) {
		unsigned long gap_start = low;

		if (pos != &mm->mmap) {
			struct vm_area_struct *vma = list_entry(pos, struct vm_area_struct, vm_list);

			if (vma->vm_start >= high)
				continue;               /* above the window */
			gap_start = vma->vm_end > low ? vma->vm_end : low;
			if (gap_end > gap_start && gap_end - gap_start >= len)
				return gap_end - len;
			gap_end = vma->vm_start < gap_end ? vma->vm_start : gap_end;
			if (gap_end <= low)
				break;
			continue;
		}
		if (gap_end > gap_start && gap_end - gap_start >= len)
			return gap_end - len;
		break;
	}
	return (unsigned long)-ENOMEM;
}
