/*
 * mmap_layout suite: mmap, munmap, mprotect and brk on an mm of the test's
 * own, loaded on this kernel thread, checked against Linux's x86-64 layout
 * (as Linux 6.1 places them for a static musl program: a 1 MiB mmap right
 * below [vvar] lands at 0x7ffff7ef9000), Linux's errors, VMA splits and merges,
 * and the /proc/PID/maps text byte for byte.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/monitor.h>
#include <kernel/kunit.h>
#include <kernel/seq_file.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <uapi/asm/mman.h>

#define RW      (PROT_READ | PROT_WRITE)
#define ANON    (MAP_PRIVATE | MAP_ANONYMOUS)
#define PG      PAGE_SIZE
#define MiB     (1UL << 20)

static int layout_init(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();

	test->priv = mm;
	if (!mm)
		return -ENOMEM;
	kthread_use_mm(mm);
	return 0;
}

static void layout_exit(struct kunit *test)
{
	kthread_unuse_mm(test->priv);
	if (test->priv)
		mmput(test->priv);
}

static long map(struct kunit *test, unsigned long addr, unsigned long len,
		unsigned long prot, unsigned long flags)
{
	struct mm_struct *mm = test->priv;
	long r;

	mmap_write_lock(mm);
	r = do_mmap(mm, NULL, addr, len, prot, flags, 0);
	mmap_write_unlock(mm);
	return r;
}

static long unmap(struct kunit *test, unsigned long addr, unsigned long len)
{
	struct mm_struct *mm = test->priv;
	long r;

	mmap_write_lock(mm);
	r = do_munmap(mm, addr, len);
	mmap_write_unlock(mm);
	return r;
}

static long protect(struct kunit *test, unsigned long addr, unsigned long len, unsigned long prot)
{
	struct mm_struct *mm = test->priv;
	long r;

	mmap_write_lock(mm);
	r = do_mprotect(mm, addr, len, prot);
	mmap_write_unlock(mm);
	return r;
}

static void layout_mmap_goes_top_down_below_the_gap(struct kunit *test)
{
	struct mm_struct *mm = test->priv;

	KUNIT_EXPECT_EQ(test, mm->mmap_base, 0x7ffff7fff000UL);
	/* where Linux puts [vdso] and [vvar] (6 pages), then the musl program's 1 MiB */
	KUNIT_EXPECT_EQ(test, map(test, 0, 6 * PG, PROT_READ, ANON), 0x7ffff7ff9000UL);
	KUNIT_EXPECT_EQ(test, map(test, 0, MiB, RW, ANON), 0x7ffff7ef9000UL);
	KUNIT_EXPECT_EQ(test, map(test, 0, 100, RW, ANON), 0x7ffff7ef8000UL);
	/* the two RW anonymous neighbours are one VMA; the read-only one is not */
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	KUNIT_EXPECT_EQ(test, find_vma(mm, 0x7ffff7ef8000UL)->vm_end, 0x7ffff7ff9000UL);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 6 + 256 + 1);
	KUNIT_EXPECT_EQ(test, mm->data_vm, 256 + 1);
	/* a hole left by munmap is reused first */
	KUNIT_EXPECT_EQ(test, unmap(test, 0x7ffff7f00000UL, 2 * PG), 0);
	KUNIT_EXPECT_EQ(test, mm->map_count, 3);
	KUNIT_EXPECT_EQ(test, map(test, 0, 2 * PG, RW, ANON), 0x7ffff7f00000UL);
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
}

static void layout_fixed_hint_and_errors(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	unsigned long v = 0;

	KUNIT_EXPECT_EQ(test, map(test, 0x500000, 2 * PG, RW, ANON | MAP_FIXED), 0x500000);
	KUNIT_ASSERT_EQ(test, put_user(0xabcdUL, (unsigned long __user *)0x501000), 0);
	/* NOREPLACE refuses, FIXED replaces (the old page goes: zero again) */
	KUNIT_EXPECT_EQ(test, map(test, 0x501000, PG, RW, ANON | MAP_FIXED_NOREPLACE), -EEXIST);
	KUNIT_EXPECT_EQ(test, map(test, 0x501000, PG, RW, ANON | MAP_FIXED), 0x501000);
	KUNIT_EXPECT_EQ(test, get_user(v, (unsigned long __user *)0x501000), 0);
	KUNIT_EXPECT_EQ(test, v, 0);
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 1);                 /* the new zero page only */
	/* a free hint is taken as it is; one below mmap_min_addr moves up to it */
	KUNIT_EXPECT_EQ(test, map(test, 0x600000, PG, RW, ANON), 0x600000);
	KUNIT_EXPECT_EQ(test, map(test, 0x1000, PG, RW, ANON), MMAP_MIN_ADDR);
	/* Linux's errors */
	KUNIT_EXPECT_EQ(test, map(test, 0x1000, PG, RW, ANON | MAP_FIXED), -EPERM);
	KUNIT_EXPECT_EQ(test, map(test, 0x500800, PG, RW, ANON | MAP_FIXED), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(test, 0, 0, RW, ANON), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(test, 0, PG, RW, MAP_ANONYMOUS), -EINVAL);  /* no type */
	KUNIT_EXPECT_EQ(test, map(test, TASK_SIZE - PG, 2 * PG, RW, ANON | MAP_FIXED), -ENOMEM);
	KUNIT_EXPECT_EQ(test, map(test, 0, -PG, RW, ANON), -ENOMEM);
	KUNIT_EXPECT_EQ(test, unmap(test, 0x500800, PG), -EINVAL);
	KUNIT_EXPECT_EQ(test, unmap(test, 0x500000, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, unmap(test, 0x900000, PG), 0);   /* nothing there: fine */
}

static void layout_munmap_splits(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	char c = 0;

	KUNIT_ASSERT_EQ(test, map(test, 0x700000, 4 * PG, RW, ANON | MAP_FIXED), 0x700000);
	for (int i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, put_user((char)('a' + i), (char __user *)(0x700000 + i * PG)), 0);
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 4);
	KUNIT_EXPECT_EQ(test, unmap(test, 0x701000, 2 * PG), 0);
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 2);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 2);
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)0x701000), -EFAULT);
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)0x703000), 0);
	KUNIT_EXPECT_EQ(test, c, 'd');
	KUNIT_EXPECT_EQ(test, user_pte_value(mm, 0x702000), 0);
}

static void layout_mprotect_splits_and_merges(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	char c = 0;

	KUNIT_ASSERT_EQ(test, map(test, 0x800000, 4 * PG, RW, ANON | MAP_FIXED), 0x800000);
	KUNIT_ASSERT_EQ(test, put_user('m', (char __user *)0x801000), 0);
	KUNIT_EXPECT_EQ(test, protect(test, 0x801000, PG, PROT_READ), 0);
	KUNIT_EXPECT_EQ(test, mm->map_count, 3);
	KUNIT_EXPECT_EQ(test, find_vma(mm, 0x801000)->vm_flags & (VM_READ | VM_WRITE), VM_READ);
	KUNIT_EXPECT_FALSE(test, user_pte_value(mm, 0x801000) & _PAGE_RW);
	KUNIT_EXPECT_EQ(test, put_user('x', (char __user *)0x801000), -EFAULT);
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)0x801000), 0);
	KUNIT_EXPECT_EQ(test, c, 'm');
	/* PROT_NONE: no access at all, the page kept */
	KUNIT_EXPECT_EQ(test, protect(test, 0x801000, PG, PROT_NONE), 0);
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)0x801000), -EFAULT);
	/* back to RW: one VMA again, the data still there */
	KUNIT_EXPECT_EQ(test, protect(test, 0x801000, PG, RW), 0);
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)0x801000), 0);
	KUNIT_EXPECT_EQ(test, c, 'm');
	KUNIT_EXPECT_EQ(test, put_user('y', (char __user *)0x801000), 0);
	/* errors: a hole, an unaligned start, an unknown bit */
	KUNIT_EXPECT_EQ(test, protect(test, 0x803000, 2 * PG, PROT_READ), -ENOMEM);
	KUNIT_EXPECT_EQ(test, protect(test, 0x800800, PG, PROT_READ), -EINVAL);
	KUNIT_EXPECT_EQ(test, protect(test, 0x800000, PG, 0x80), -EINVAL);
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	/* PROT_EXEC: the PTE loses NX */
	KUNIT_EXPECT_EQ(test, protect(test, 0x800000, PG, PROT_READ | PROT_EXEC), 0);
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)0x800000), 0);
	KUNIT_EXPECT_TRUE(test, user_pte_value(mm, 0x800000) & _PAGE_PRESENT);
	KUNIT_EXPECT_FALSE(test, user_pte_value(mm, 0x800000) & (_PAGE_NX | _PAGE_RW));
	if (cpu_has_nx)
		KUNIT_EXPECT_TRUE(test, user_pte_value(mm, 0x801000) & _PAGE_NX);
	KUNIT_EXPECT_EQ(test, mm->exec_vm, 1);
}

static void layout_brk_grows_and_shrinks(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	unsigned long top;

	/* as exec leaves it for the musl program: the bss ends in the last file page */
	mm->start_brk = mm->brk = 0x40a000;
	mmap_write_lock(mm);
	top = do_brk(mm, 0x40a000 + 100000);
	mmap_write_unlock(mm);
	KUNIT_EXPECT_EQ(test, top, 0x40a000 + 100000);
	KUNIT_EXPECT_EQ(test, find_vma(mm, 0x40a000)->vm_start, 0x40a000);
	KUNIT_EXPECT_EQ(test, find_vma(mm, 0x40a000)->vm_end, 0x423000);
	KUNIT_EXPECT_EQ(test, put_user('h', (char __user *)0x422fff), 0);
	mmap_write_lock(mm);
	KUNIT_EXPECT_EQ(test, do_brk(mm, 0x40a000 + 200000), 0x40a000 + 200000);
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);                /* grown, not a new VMA */
	KUNIT_EXPECT_EQ(test, do_brk(mm, 0x40b000), 0x40b000);  /* shrink */
	KUNIT_EXPECT_EQ(test, do_brk(mm, 0x400000), 0x40b000);  /* below start_brk: no */
	KUNIT_EXPECT_EQ(test, do_brk(mm, 0), 0x40b000);         /* the query */
	mmap_write_unlock(mm);
	KUNIT_EXPECT_EQ(test, find_vma(mm, 0x40a000)->vm_end, 0x40b000);
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 0);                 /* the touched page went */
	/* the heap stops short of a mapping above it */
	KUNIT_ASSERT_EQ(test, map(test, 0x500000, PG, RW, ANON | MAP_FIXED), 0x500000);
	mmap_write_lock(mm);
	KUNIT_EXPECT_EQ(test, do_brk(mm, 0x500000), 0x40b000);
	mmap_write_unlock(mm);
}

static void layout_shared_anonymous_survives_dup(struct kunit *test)
{
	struct mm_struct *mm = test->priv, *child;
	unsigned long a = map(test, 0, PG, RW, MAP_SHARED | MAP_ANONYMOUS);
	char c = 0;

	KUNIT_ASSERT_EQ(test, put_user('p', (char __user *)a), 0);
	child = dup_mm(NULL, mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_TRUE(test, user_pte_value(mm, a) & _PAGE_RW);     /* no COW for shared */
	kthread_use_mm(child);
	KUNIT_EXPECT_EQ(test, put_user('c', (char __user *)a), 0);
	kthread_use_mm(mm);
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)a), 0);
	KUNIT_EXPECT_EQ(test, c, 'c');                         /* the child's write shows */
	mmput(child);
}

static void layout_maps_text_is_linux(struct kunit *test)
{
	static char buf[1024];
	struct mm_struct *mm = test->priv;
	struct vm_area_struct *stk = vm_area_alloc(mm);
	struct seq_file m;

	mm->start_brk = mm->brk = 0x40a000;
	mmap_write_lock(mm);
	KUNIT_EXPECT_EQ(test, do_brk(mm, 0x423000), 0x423000);
	mmap_write_unlock(mm);
	KUNIT_ASSERT_EQ(test, map(test, 0, 6 * PG, PROT_READ, ANON), 0x7ffff7ff9000UL);
	KUNIT_ASSERT_EQ(test, map(test, 0, MiB, RW, ANON), 0x7ffff7ef9000UL);
	KUNIT_ASSERT_NOT_NULL(test, stk);
	stk->vm_start = 0x7ffffffde000UL;
	stk->vm_end = STACK_TOP;
	stk->vm_flags = VM_STACK_FLAGS;
	mm->start_stack = 0x7fffffffede0UL;
	KUNIT_ASSERT_EQ(test, insert_vm_struct(mm, stk), 0);
	seq_file_init(&m, buf, sizeof(buf) - 1);
	show_mm_maps(&m, mm);
	buf[m.count] = '\0';
	KUNIT_EXPECT_STREQ(test, buf,
		"0040a000-00423000 rw-p 00000000 00:00 0                                  [heap]\n"
		"7ffff7ef9000-7ffff7ff9000 rw-p 00000000 00:00 0 \n"
		"7ffff7ff9000-7ffff7fff000 r--p 00000000 00:00 0 \n"
		"7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n");
}

/* /proc/sys/kernel/randomize_va_space prints want while the setting is value. */
static void read_randomize_va_space(struct kunit *test, const char *want, int value)
{
	struct file *f = filp_open("/proc/sys/kernel/randomize_va_space", O_RDONLY, 0);
	char buf[8] = "";
	loff_t pos = 0;

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	randomize_va_space = value;
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf) - 1, &pos), (long)strlen(want));
	KUNIT_EXPECT_STREQ(test, buf, want);
	fput(f);
}

static void layout_randomize_va_space_moves_the_base(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	int saved = mm_randomize_va_space();
	unsigned long b1, b2;

	randomize_va_space = 2;
	arch_pick_mmap_layout(mm);
	b1 = mm->mmap_base;
	arch_pick_mmap_layout(mm);
	b2 = mm->mmap_base;
	randomize_va_space = saved;
	KUNIT_EXPECT_NE(test, b1, b2);          /* 28 random bits: equal once in 2^28 */
	KUNIT_EXPECT_EQ(test, b1 & ~PAGE_MASK, 0);
	KUNIT_EXPECT_LT(test, b1, MMAP_BASE_DEFAULT);
	KUNIT_EXPECT_GE(test, b1, MMAP_BASE_DEFAULT - (1UL << 40) - (16UL << 30));
	arch_pick_mmap_layout(mm);
	KUNIT_EXPECT_EQ(test, mm->mmap_base, MMAP_BASE_DEFAULT);        /* off again */
	KUNIT_EXPECT_EQ(test, randomize_stack_top(STACK_TOP), STACK_TOP);
	read_randomize_va_space(test, "2\n", 2);
	read_randomize_va_space(test, "0\n", 0);
	randomize_va_space = saved;
}

/* MAP_PRIVATE of a real file: its bytes appear, a write stays private (copy on write). */
static void layout_private_file_mapping(struct kunit *test)
{
	static char buf[512];
	struct mm_struct *mm = test->priv;
	struct file *f = filp_open("/bin/busybox", O_RDONLY, 0);
	char head[4] = { 0 };
	struct seq_file m;
	loff_t pos = 0;
	long addr;

	if (IS_ERR(f))
		kunit_skip(test, "no /bin/busybox in the initramfs");
	mmap_write_lock(mm);
	addr = do_mmap(mm, f, 0, 2 * PG, PROT_READ, MAP_PRIVATE, 0);
	KUNIT_EXPECT_EQ(test, (long)do_mmap(mm, f, 0, PG, RW, MAP_SHARED, 0), -EACCES);  /* opened read-only */
	mmap_write_unlock(mm);
	KUNIT_ASSERT_EQ(test, addr, 0x7ffff7ffd000L);
	KUNIT_EXPECT_EQ(test, copy_from_user(head, (void __user *)addr, 4), 0);
	KUNIT_EXPECT_EQ(test, memcmp(head, "\177ELF", 4), 0);
	KUNIT_EXPECT_EQ(test, mm->rss_file, 1);
	KUNIT_EXPECT_EQ(test, put_user('X', (char __user *)addr), -EFAULT);      /* PROT_READ */
	KUNIT_ASSERT_EQ(test, protect(test, addr, PG, RW), 0);
	KUNIT_EXPECT_EQ(test, put_user('X', (char __user *)addr), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(f, head, 4, &pos), 4);
	KUNIT_EXPECT_EQ(test, memcmp(head, "\177ELF", 4), 0);      /* the file is untouched */
	seq_file_init(&m, buf, sizeof(buf) - 1);
	show_mm_maps(&m, mm);
	buf[m.count] = '\0';
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "7ffff7ffe000-7ffff7fff000 r--p 00001000 00:02 "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " /bin/busybox\n"));
	fput(f);
}

/* The monitor's maps and walk: a kernel thread has no user half, an unknown PID is said so. */
static void layout_monitor_maps_and_walk_refuse_politely(struct kunit *test)
{
	static char buf[512];
	struct seq_file m;

	seq_file_init(&m, buf, sizeof(buf) - 1);
	KUNIT_EXPECT_EQ(test, monitor_exec_seq(&m, "maps 99999"), -ESRCH);
	KUNIT_EXPECT_EQ(test, monitor_exec_seq(&m, "walk 0x400000 99999"), -ESRCH);
	KUNIT_EXPECT_EQ(test, monitor_exec_seq(&m, "maps"), -EINVAL);
	buf[m.count] = '\0';
	KUNIT_EXPECT_STREQ(test, buf, "maps: no process 99999\n"
			   "walk: no process 99999\n"
			   "usage: maps PID\n");
}

static struct page *pfnmap_page;        /* the "device" page the test's driver maps */

/* A driver's f_op->mmap: its one page at the VMA's start, as /dev/mem's would be. */
static int test_dev_mmap(struct file *f, struct vm_area_struct *vma)
{
	(void)f;
	return remap_pfn_range(vma, vma->vm_start, page_to_pfn(pfnmap_page), PAGE_SIZE,
			       pgprot_noncached(vm_get_page_prot(vma->vm_flags)));
}

static const struct file_operations test_dev_fops = { .mmap = test_dev_mmap };

/* remap_pfn_range: the driver's page appears uncached, shared at fork, never freed by unmap. */
static void layout_remap_pfn_range_maps_device_pages(struct kunit *test)
{
	struct mm_struct *mm = test->priv, *child;
	struct file dev = { .f_op = &test_dev_fops, .f_flags = O_RDWR, .f_count = 1000 };
	struct vm_area_struct *vma;
	u32 v = 0;
	long addr;

	pfnmap_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, pfnmap_page);
	*(u32 *)page_address(pfnmap_page) = 0x8086a201;
	mmap_write_lock(mm);
	addr = do_mmap(mm, &dev, 0, PG, RW, MAP_SHARED, 0);
	mmap_write_unlock(mm);
	KUNIT_ASSERT_EQ(test, addr, 0x7ffff7fff000L - PG);
	vma = find_vma(mm, addr);
	KUNIT_EXPECT_EQ(test, vma->vm_flags & (VM_IO | VM_PFNMAP), VM_IO | VM_PFNMAP);
	KUNIT_EXPECT_TRUE(test, user_pte_value(mm, addr) & _PAGE_PCD);
	KUNIT_EXPECT_EQ(test, get_user(v, (u32 __user *)addr), 0);
	KUNIT_EXPECT_EQ(test, v, 0x8086a201);
	KUNIT_EXPECT_EQ(test, put_user(0x1234U, (u32 __user *)(addr + 4)), 0);
	KUNIT_EXPECT_EQ(test, ((u32 *)page_address(pfnmap_page))[1], 0x1234);
	child = dup_mm(NULL, mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, user_pte_value(child, addr), user_pte_value(mm, addr));
	mmput(child);
	KUNIT_EXPECT_EQ(test, unmap(test, addr, PG), 0);
	KUNIT_EXPECT_EQ(test, page_count(pfnmap_page), 1);     /* the driver's still */
	KUNIT_EXPECT_EQ(test, mm->rss_anon + mm->rss_file, 0);
	__free_page(pfnmap_page);
}

static struct kunit_case layout_cases[] = {
	KUNIT_CASE(layout_remap_pfn_range_maps_device_pages),
	KUNIT_CASE(layout_private_file_mapping),
	KUNIT_CASE(layout_monitor_maps_and_walk_refuse_politely),
	KUNIT_CASE(layout_mmap_goes_top_down_below_the_gap),
	KUNIT_CASE(layout_fixed_hint_and_errors),
	KUNIT_CASE(layout_munmap_splits),
	KUNIT_CASE(layout_mprotect_splits_and_merges),
	KUNIT_CASE(layout_brk_grows_and_shrinks),
	KUNIT_CASE(layout_shared_anonymous_survives_dup),
	KUNIT_CASE(layout_maps_text_is_linux),
	KUNIT_CASE(layout_randomize_va_space_moves_the_base),
	{}
};

static struct kunit_suite layout_suite = {
	.name = "mmap_layout",
	.init = layout_init,
	.exit = layout_exit,
	.test_cases = layout_cases,
};
kunit_test_suite(layout_suite);
