/*
 * Mapping memory into a process: mmap, munmap, brk, and the layout they
 * follow (Linux's mm/mmap.c, mm/util.c and arch/x86/mm/mmap.c).
 *
 * Linux's x86-64 layout, with randomisation off (randomize_va_space=0, the
 * default here, so that a student sees the same addresses every run):
 *
 *   0x7ffffffff000  STACK_TOP: [stack] ends here, grows down
 *                   128 MiB gap (the stack's room)
 *   0x7ffff7fff000  mmap_base: [vdso], [vvar], then each mmap, top-down
 *        ...
 *   after the bss   [heap]: brk grows it up
 *   0x400000        the ELF's segments at their link addresses
 *   0x10000         mmap_min_addr: nothing below (a NULL pointer faults)
 *
 * randomize_va_space=1 moves mmap_base and the stack by random pages,
 * =2 the heap too, as Linux's sysctl of the same name.
 */
#define pr_fmt(fmt) fmt

#include <asm/page.h>
#include <asm/processor.h>
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/string.h>
#include <kernel/sched.h>
#include <kernel/syscalls.h>
#include <mm/mmap.h>
#include <mm/slab.h>
#include <uapi/asm/mman.h>
#include <fs/fs.h>
#include <fs/proc_fs.h>
#include <kernel/signal.h>

KERNEL_PARAM("randomize_va_space", "0: fixed user addresses (default); 1: random mmap base and stack; 2: and heap");

#define STACK_GUARD_GAP    (256UL << PAGE_SHIFT)        /* Linux's stack_guard_gap */
#define STACK_RLIMIT       (8UL << 20)                  /* RLIMIT_STACK's default */
#define MMAP_RND_BITS      28                           /* Linux's mmap_rnd_bits on x86-64 */
#define STACK_RND_MASK     0x3fffffUL                   /* 22 bits of pages, Linux's */
#define BRK_RND_RANGE      0x02000000UL                 /* arch_randomize_brk: 32 MiB */
#define USER_HALF_END      (1UL << 47)                  /* the last user page table's end */

int randomize_va_space = -1;            /* -1: not read from the command line yet */

int mm_randomize_va_space(void)
{
	if (randomize_va_space < 0) {
		const char *v = cmdline_get(&boot_cmdline, "randomize_va_space");
		unsigned long n = 0;

		randomize_va_space = v && !kstrtoul(v, 0, &n) && n <= 2 ? (int)n : 0;
	}
	return randomize_va_space;
}

/* /proc/sys/kernel/randomize_va_space: the setting, as Linux's sysctl prints it. */
static int randomize_va_space_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", mm_randomize_va_space());
	return 0;
}
PROC_SHOW("sys/kernel/randomize_va_space", randomize_va_space_show);

unsigned long mm_random_long(void)
{
	u32 a, b, c, d;
	unsigned long r;

	cpuid_count(1, 0, &a, &b, &c, &d);
	if (c & (1U << 30)) {           /* RDRAND (CPUID.1:ECX bit 30) */
		unsigned char ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(r), "=qm"(ok));
		if (ok)
			return r;
	}
	r = rdtsc();
	return r * 0x9e3779b97f4a7c15UL ^ (r >> 29);    /* weak, but varies */
}

void arch_pick_mmap_layout(struct mm_struct *mm)
{
	unsigned long gap = STACK_RLIMIT + STACK_GUARD_GAP, rnd = 0;

	if (mm_randomize_va_space()) {
		gap += STACK_RND_MASK << PAGE_SHIFT;    /* room for the stack's own shift */
		rnd = (mm_random_long() & ((1UL << MMAP_RND_BITS) - 1)) << PAGE_SHIFT;
	}
	if (gap < MMAP_GAP_MIN)
		gap = MMAP_GAP_MIN;
	mm->mmap_base = PAGE_ALIGN(TASK_SIZE - gap - rnd);
}

unsigned long randomize_stack_top(unsigned long stack_top)
{
	if (!mm_randomize_va_space())
		return PAGE_ALIGN(stack_top);
	return PAGE_ALIGN(stack_top) - ((mm_random_long() & STACK_RND_MASK) << PAGE_SHIFT);
}

unsigned long arch_randomize_brk(struct mm_struct *mm)
{
	if (mm_randomize_va_space() < 2)
		return mm->brk;
	return mm->brk + ((mm_random_long() % (BRK_RND_RANGE >> PAGE_SHIFT)) << PAGE_SHIFT);
}

/* What /proc/PID/status counts (Linux's vm_stat_account). */
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages)
{
	mm->total_vm += npages;
	if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
		mm->exec_vm += npages;
	else if (flags & VM_STACK)
		mm->stack_vm += npages;
	else if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE)
		mm->data_vm += npages;
}

static unsigned long calc_vm_prot_bits(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/*
 * A new VMA [addr, addr + len) with these flags (the range is free), its
 * file referenced; merged with a neighbour that agrees.  0 or -ENOMEM.
 */
static int mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
		       unsigned long len, unsigned long vm_flags, unsigned long pgoff,
		       const char *name)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);
	int err;

	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	vma->vm_name = name;
	if (file) {
		vma->vm_file = get_file(file);
		if (file->f_op && file->f_op->mmap && (err = file->f_op->mmap(file, vma))) {
			fput(file);
			vm_area_free(vma);
			return err;     /* the driver refused (a device's own checks) */
		}
	}
	err = insert_vm_struct(mm, vma);
	if (err) {
		if (file)
			fput(file);
		vm_area_free(vma);
		return err;
	}
	vm_stat_account(mm, vma->vm_flags, len >> PAGE_SHIFT);
	if (!(vma->vm_flags & (VM_PFNMAP | VM_IO)))
		vma_merge_neighbours(mm, vma);
	return 0;
}

unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
				unsigned long flags)
{
	unsigned long low = MMAP_MIN_ADDR > PAGE_SIZE ? MMAP_MIN_ADDR : PAGE_SIZE;

	if (len > TASK_SIZE)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		return addr < MMAP_MIN_ADDR ? (unsigned long)-EPERM : addr;
	}
	addr = PAGE_ALIGN(addr);
	if (addr && addr >= MMAP_MIN_ADDR && addr <= TASK_SIZE - len &&
	    !find_vma_intersection(mm, addr, addr + len))
		return addr;            /* the hint is free: take it */
	return unmapped_area_topdown(mm, len, low, mm->mmap_base);
}

/* The end of the VMA below addr (0 if none): page tables below it may be in use. */
static unsigned long gap_floor(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma, *below = NULL;

	for_each_vma(mm, vma) {
		if (vma->vm_end > addr)
			break;
		below = vma;
	}
	return below ? below->vm_end : 0;
}

/* The start of the VMA at or above addr (the user half's end if none). */
static unsigned long gap_ceiling(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma ? vma->vm_start : USER_HALF_END;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma, *n;
	unsigned long end;
	LIST_HEAD(gone);
	int err;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;
	err = vma_detach_range(mm, start, end, &gone);
	if (err)
		return err;
	list_for_each_entry_safe(vma, n, &gone, vm_list) {
		list_del(&vma->vm_list);
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vm_stat_account(mm, vma->vm_flags, -(long)vma_pages(vma));
		if (vma->vm_file)
			fput(vma->vm_file);
		vm_area_free(vma);
	}
	free_pgtables(mm, start, end, gap_floor(mm, start), gap_ceiling(mm, end));
	return 0;
}

/* Whether f was opened for reading / writing (Linux's FMODE_READ/WRITE, from f_flags). */
static bool file_readable(const struct file *f)
{
	return (f->f_flags & O_ACCMODE) != O_WRONLY;
}

static bool file_writable(const struct file *f)
{
	return (f->f_flags & O_ACCMODE) == O_WRONLY || (f->f_flags & O_ACCMODE) == O_RDWR;
}

/* The VMA flags of a new mapping, or a negative errno (Linux's do_mmap checks). */
static long mmap_vm_flags(struct file *file, unsigned long prot, unsigned long flags)
{
	unsigned long vm_flags = calc_vm_prot_bits(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_SHARED_VALIDATE:
		if (file && (prot & PROT_WRITE) && !file_writable(file))
			return -EACCES;
		if (file && !file_writable(file))
			vm_flags &= ~VM_MAYWRITE;
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		break;
	case MAP_PRIVATE:
		break;
	default:
		return -EINVAL;
	}
	if (file && !file_readable(file))
		return -EACCES;
	return vm_flags;
}

unsigned long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
		      unsigned long len, unsigned long prot, unsigned long flags,
		      unsigned long pgoff)
{
	long vm_flags;
	int err;

	if (!len)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED) && addr && addr < MMAP_MIN_ADDR)
		addr = MMAP_MIN_ADDR;   /* Linux's round_hint_to_min */
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	vm_flags = mmap_vm_flags(file, prot, flags);
	if (vm_flags < 0)
		return vm_flags;
	/* a shared file mapping that can never be written is a private copy here (ramfs) */
	if (file && (vm_flags & VM_SHARED) && (vm_flags & VM_MAYWRITE) &&
	    !(file->f_op && file->f_op->mmap))
		return -ENODEV;
	addr = get_unmapped_area(mm, addr, len, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if (flags & MAP_FIXED_NOREPLACE) {
		if (find_vma_intersection(mm, addr, addr + len))
			return -EEXIST;
	} else if (flags & MAP_FIXED) {
		err = do_munmap(mm, addr, len);
		if (err)
			return err;
	}
	if (!file)
		pgoff = (flags & MAP_TYPE) == MAP_PRIVATE ? addr >> PAGE_SHIFT : 0;
	err = mmap_region(mm, file, addr, len, vm_flags, pgoff, NULL);
	return err ? (unsigned long)err : addr;
}

/*
 * brk's VMAs carry the name "[heap]" inside the kernel (the maps text decides
 * by Linux's rule, from start_brk and brk): that keeps them from merging with
 * the bss VMA below start_brk, as in Linux, where /proc/PID/maps of busybox
 * shows two [heap] lines.
 */
static const char heap_name[] = "[heap]";

int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long flags)
{
	bool heap = mm->start_brk && addr >= mm->start_brk;
	unsigned long vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | flags;
	struct vm_area_struct *prev;

	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (addr < MMAP_MIN_ADDR || addr > TASK_SIZE - len)
		return -ENOMEM;
	if (find_vma_intersection(mm, addr, addr + len))
		return -ENOMEM;
	/*
	 * Grow the heap VMA when it ends here; as Linux's brk (which looks for it
	 * only above start_brk), never the bss VMA below start_brk.
	 */
	prev = find_vma(mm, addr - 1);
	if (prev && prev->vm_end == addr && prev->vm_start >= mm->start_brk && mm->start_brk &&
	    prev->vm_flags == vm_flags && !prev->vm_file) {
		prev->vm_end += len;
		vm_stat_account(mm, vm_flags, len >> PAGE_SHIFT);
		return 0;
	}
	return mmap_region(mm, NULL, addr, len, vm_flags, addr >> PAGE_SHIFT,
			   heap ? heap_name : NULL) ? -ENOMEM : 0;
}

int install_special_mapping(struct mm_struct *mm, unsigned long addr, unsigned long len,
			    unsigned long vm_flags, const char *name)
{
	return mmap_region(mm, NULL, addr, len, vm_flags, 0, name);
}

/* The mm of the calling process (NULL in a kernel thread). */
static struct mm_struct *current_mm(void)
{
	struct task_struct *t = current;

	return t ? t->mm : NULL;
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, off)
{
	struct mm_struct *mm = current_mm();
	struct file *file = NULL;
	unsigned long ret;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!mm)
		return -ENOMEM;
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget(fd);
		if (!file)
			return -EBADF;
	}
	mmap_write_lock(mm);
	ret = do_mmap(mm, file, addr, len, prot, flags, off >> PAGE_SHIFT);
	mmap_write_unlock(mm);
	if (file)
		fput(file);
	return ret;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	struct mm_struct *mm = current_mm();
	int ret;

	if (!mm)
		return -EINVAL;
	mmap_write_lock(mm);
	ret = do_munmap(mm, addr, len);
	mmap_write_unlock(mm);
	return ret;
}

unsigned long do_brk(struct mm_struct *mm, unsigned long brk)
{
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);
	struct vm_area_struct *next;

	if (brk < mm->start_brk || !mm->start_brk)
		return mm->brk;
	if (oldbrk == newbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {           /* shrink: unmap what is above the new break */
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return mm->brk;
		mm->brk = brk;
		return brk;
	}
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > next->vm_start - (next->vm_flags & VM_GROWSDOWN ? STACK_GUARD_GAP : 0))
		return mm->brk;         /* would run into the next mapping */
	if (vm_brk_flags(mm, oldbrk, newbrk - oldbrk, 0))
		return mm->brk;
	mm->brk = brk;
	return brk;
}

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current_mm();
	unsigned long ret;

	if (!mm)
		return 0;
	mmap_write_lock(mm);
	ret = do_brk(mm, brk);
	mmap_write_unlock(mm);
	return ret;
}
