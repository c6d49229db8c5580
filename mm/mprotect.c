/*
 * Changing what a mapped range allows, and advice about it (Linux's
 * mm/mprotect.c mprotect_fixup and mm/madvise.c MADV_DONTNEED).
 *
 * mprotect splits the VMAs at the range's ends, gives the ones inside the
 * new flags, re-writes their present PTEs (change_protection) and merges
 * neighbours that now agree again:
 *
 *   [rw- 0x10000 ---------- 0x14000)  mprotect(0x11000, 0x1000, PROT_READ)
 *   [rw- 0x10000-0x11000)[r-- -0x12000)[rw- 0x12000-0x14000)
 *   mprotect(0x11000, 0x1000, PROT_READ|PROT_WRITE): one VMA again
 */
#include <asm/page.h>
#include <errno.h>
#include <kernel/sched.h>
#include <kernel/syscalls.h>
#include <mm/mmap.h>
#include <uapi/asm/mman.h>

#define VM_RWX          (VM_READ | VM_WRITE | VM_EXEC)
#define PROT_ALLOWED    (PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP)

static unsigned long prot_to_vm(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/*
 * Check [start, end) is mapped without holes and each VMA may take newrwx
 * (its VM_MAY* bits): 0, -ENOMEM (a hole) or -EACCES.
 */
static int mprotect_check(struct mm_struct *mm, unsigned long start, unsigned long end,
			  unsigned long newrwx)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long covered = start;

	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (; vma && vma->vm_start < end; vma = vma_next(vma)) {
		if (vma->vm_start > covered)
			return -ENOMEM;
		/* VM_MAYREAD is VM_READ << 4, and so on */
		if (newrwx & ~(vma->vm_flags >> 4) & VM_RWX)
			return -EACCES;
		covered = vma->vm_end;
	}
	return covered >= end ? 0 : -ENOMEM;
}

static void mprotect_apply(struct mm_struct *mm, unsigned long start, unsigned long end,
			   unsigned long newrwx)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma_next(vma)) {
		unsigned long newflags = (vma->vm_flags & ~VM_RWX) | newrwx;

		if (newflags == vma->vm_flags)
			continue;
		vm_stat_account(mm, vma->vm_flags, -(long)vma_pages(vma));
		vm_stat_account(mm, newflags, vma_pages(vma));
		vma->vm_flags = newflags;
		change_protection(vma, vma->vm_start, vma->vm_end);
	}
	/* neighbours that agree again become one VMA */
	for (unsigned long a = start ? start - 1 : 0; ; ) {
		vma = find_vma(mm, a);
		if (!vma || vma->vm_start > end)
			break;
		vma = vma_merge_neighbours(mm, vma);
		if (vma->vm_end > end)
			break;
		a = vma->vm_end;
	}
}

int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot)
{
	unsigned long end, newrwx = prot_to_vm(prot);
	struct vm_area_struct *vma;
	int err;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~PROT_ALLOWED)
		return -EINVAL;
	err = mprotect_check(mm, start, end, newrwx);
	if (err)
		return err;
	vma = find_vma(mm, start);
	if (vma->vm_start < start && split_vma(mm, vma, start, 1))
		return -ENOMEM;
	vma = find_vma(mm, end - 1);
	if (vma->vm_end > end && split_vma(mm, vma, end, 0))
		return -ENOMEM;
	mprotect_apply(mm, start, end, newrwx);
	return 0;
}

static struct mm_struct *current_mm(void)
{
	struct task_struct *t = current;

	return t ? t->mm : NULL;
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len, unsigned long, prot)
{
	struct mm_struct *mm = current_mm();
	int ret;

	if (!mm)
		return -ENOMEM;
	mmap_write_lock(mm);
	ret = do_mprotect(mm, start, len, prot);
	mmap_write_unlock(mm);
	return ret;
}

/* MADV_DONTNEED: drop the pages of [start, end); the next touch sees zeroes (or the file). */
static int madvise_dontneed(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma;
	unsigned long covered = start;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma_next(vma)) {
		unsigned long s = vma->vm_start > start ? vma->vm_start : start;
		unsigned long e = vma->vm_end < end ? vma->vm_end : end;

		if (vma->vm_start > covered)
			return -ENOMEM;
		if (!(vma->vm_flags & (VM_PFNMAP | VM_IO)))
			zap_page_range(vma, s, e);
		covered = e;
	}
	return covered >= end ? 0 : -ENOMEM;
}

SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len, int, behavior)
{
	struct mm_struct *mm = current_mm();
	unsigned long end;
	int ret = 0;

	if ((start & ~PAGE_MASK) || !mm)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (behavior != MADV_DONTNEED && behavior != MADV_FREE)
		return behavior >= 0 && behavior <= 25 ? 0 : -EINVAL;  /* advice we may ignore */
	mmap_write_lock(mm);
	ret = madvise_dontneed(mm, start, end);
	mmap_write_unlock(mm);
	return ret;
}
