/*
 * mmap suite: a process address space built by hand on the running kernel
 * thread.  Each case makes an mm with anonymous VMAs, takes it as its own (kthread_use_mm)
 * and reaches it through the uaccess functions, so the page-fault handler
 * runs as it will for a process: demand-zero pages, copy on write after
 * dup_mm, stack growth, -EFAULT outside every VMA, and (with SMAP) an oops
 * for a plain kernel access.  One case calls handle_mm_fault as the fault
 * handler does, to check each of its decisions (lab 6, exercise 1).  The suite's exit switches back to the
 * kernel's tables and frees the mm even when a case stops early.
 */
#include <asm/processor.h>
#include <asm/smap.h>
#include <errno.h>
#include <kernel/kunit.h>
#include <kernel/string.h>
#include <kernel/traps.h>
#include <kernel/uaccess.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#define AREA     0x10000000UL   /* the test's anonymous VMA */
#define AREA_PGS 4
#define HOLE     0x20000000UL   /* in no VMA */
#define STK_TOP  0x7ffffffff000UL

struct mmap_ctx {
	struct mm_struct *mm, *child;
};

static struct vm_area_struct *add_vma(struct mm_struct *mm, unsigned long start,
				      unsigned long len, unsigned long flags)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return NULL;
	vma->vm_start = start;
	vma->vm_end = start + len;
	vma->vm_flags = flags;
	if (insert_vm_struct(mm, vma)) {
		vm_area_free(vma);
		return NULL;
	}
	return vma;
}

#define RW (VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE)

/* Every case starts with its own mm, loaded, holding one RW area. */
static int mmap_init(struct kunit *test)
{
	struct mmap_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	test->priv = c;
	c->mm = mm_alloc();
	if (!c->mm || !add_vma(c->mm, AREA, AREA_PGS * PAGE_SIZE, RW))
		return -ENOMEM;
	kthread_use_mm(c->mm);
	return 0;
}

static void mmap_exit(struct kunit *test)
{
	struct mmap_ctx *c = test->priv;

	kthread_unuse_mm(c->mm);
	if (c->child)
		mmput(c->child);
	if (c->mm)
		mmput(c->mm);
	kfree(c);
}

static struct mm_struct *ctx_mm(struct kunit *test)
{
	return ((struct mmap_ctx *)test->priv)->mm;
}

static void mmap_pgd_shares_kernel_half(struct kunit *test)
{
	u64 *pgd = ctx_mm(test)->pgd;

	for (int i = 0; i < 256; i++)
		KUNIT_EXPECT_EQ(test, pgd[i], 0);
	for (int i = 256; i < 512; i++)
		KUNIT_EXPECT_EQ(test, pgd[i], init_top_pgt[i]);
	KUNIT_EXPECT_EQ(test, read_cr3() & PTE_PFN_MASK, __pa(pgd));
	KUNIT_EXPECT_PTR_EQ(test, this_cpu_loaded_mm(), ctx_mm(test));
	/* the vmalloc range's PUD tables exist from boot: no later kernel PGD entry */
	KUNIT_EXPECT_TRUE(test, init_top_pgt[pgd_index(VMALLOC_START)] & _PAGE_PRESENT);
	KUNIT_EXPECT_TRUE(test, init_top_pgt[pgd_index(VMALLOC_END)] & _PAGE_PRESENT);
}

static void mmap_demand_zero_page(struct kunit *test)
{
	struct mm_struct *mm = ctx_mm(test);
	char buf[16] = "xxxxxxxxxxxxxxx", msg[] = "hello, user";
	u64 pte;

	KUNIT_EXPECT_EQ(test, user_pte_value(mm, AREA + PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, copy_from_user(buf, (void __user *)(AREA + PAGE_SIZE + 100), 8), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "\0\0\0\0\0\0\0\0xxxxxxx", 16), 0);
	pte = user_pte_value(mm, AREA + PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, pte & _PAGE_PRESENT);
	KUNIT_EXPECT_TRUE(test, pte & _PAGE_USER);
	KUNIT_EXPECT_TRUE(test, pte & _PAGE_RW);
	if (cpu_has_nx)
		KUNIT_EXPECT_TRUE(test, pte & _PAGE_NX);
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 1);
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)(AREA + 5), msg, sizeof(msg)), 0);
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, copy_from_user(buf, (void __user *)(AREA + 5), sizeof(msg)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "hello, user");
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 2);
	KUNIT_EXPECT_EQ(test, user_pte_value(mm, AREA + 2 * PAGE_SIZE), 0);  /* untouched */
}

/*
 * handle_mm_fault's decision, called as the fault handler calls it (mmap_lock
 * held, the VMA found): each kind of fault and its answer.
 */
static void mmap_fault_decides_by_vma_and_pte(struct kunit *test)
{
	struct mm_struct *mm = ctx_mm(test);
	unsigned long ro_at = AREA + 0x100000, rx_at = ro_at + PAGE_SIZE, dev_at = rx_at + PAGE_SIZE;
	struct vm_area_struct *rw = find_vma(mm, AREA);
	struct vm_area_struct *ro = add_vma(mm, ro_at, PAGE_SIZE, VM_READ | VM_MAYREAD);
	struct vm_area_struct *rx = add_vma(mm, rx_at, PAGE_SIZE,
					    VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYEXEC);
	struct vm_area_struct *dev = add_vma(mm, dev_at, PAGE_SIZE,
					     VM_READ | VM_WRITE | VM_IO | VM_PFNMAP);
	u64 pte;

	KUNIT_ASSERT_NOT_NULL(test, rw);
	KUNIT_ASSERT_NOT_NULL(test, ro);
	KUNIT_ASSERT_NOT_NULL(test, rx);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	mmap_write_lock(mm);
	/* a read of an untouched anonymous page: a zeroed page, mapped as the VMA allows */
	KUNIT_EXPECT_EQ(test, handle_mm_fault(rw, AREA + 123, FAULT_FLAG_USER, NULL), 0);
	pte = user_pte_value(mm, AREA);
	KUNIT_EXPECT_TRUE(test, pte & _PAGE_PRESENT);
	KUNIT_EXPECT_TRUE(test, pte & _PAGE_USER);
	KUNIT_EXPECT_TRUE(test, pte & _PAGE_RW);
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 1);
	/* again, for a write: present and allowed (a stale TLB entry), nothing new */
	KUNIT_EXPECT_EQ(test, handle_mm_fault(rw, AREA, FAULT_FLAG_USER | FAULT_FLAG_WRITE, NULL), 0);
	KUNIT_EXPECT_EQ(test, user_pte_value(mm, AREA), pte);
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 1);
	/* a write needs VM_WRITE, an instruction fetch VM_EXEC: refused, nothing mapped */
	KUNIT_EXPECT_EQ(test, handle_mm_fault(ro, ro_at, FAULT_FLAG_USER | FAULT_FLAG_WRITE, NULL),
			VM_FAULT_SIGSEGV);
	KUNIT_EXPECT_EQ(test, user_pte_value(mm, ro_at), 0);
	KUNIT_EXPECT_EQ(test, handle_mm_fault(rw, AREA + PAGE_SIZE,
					      FAULT_FLAG_USER | FAULT_FLAG_INSTRUCTION, NULL),
			VM_FAULT_SIGSEGV);
	KUNIT_EXPECT_EQ(test, user_pte_value(mm, AREA + PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, handle_mm_fault(rx, rx_at, FAULT_FLAG_USER | FAULT_FLAG_INSTRUCTION,
					      NULL), 0);
	pte = user_pte_value(mm, rx_at);
	KUNIT_EXPECT_TRUE(test, pte & _PAGE_PRESENT);
	KUNIT_EXPECT_FALSE(test, pte & _PAGE_RW);
	KUNIT_EXPECT_FALSE(test, pte & _PAGE_NX);
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 2);
	/* device memory never faults in: remap_pfn_range maps all of it up front */
	KUNIT_EXPECT_EQ(test, handle_mm_fault(dev, dev_at, FAULT_FLAG_USER, NULL), VM_FAULT_SIGBUS);
	KUNIT_EXPECT_EQ(test, user_pte_value(mm, dev_at), 0);
	mmap_write_unlock(mm);
}

static void mmap_efault_outside_vmas(struct kunit *test)
{
	char buf[8] = "abcdefg";
	u32 v = 7;

	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)HOLE, buf, 8), 8);
	KUNIT_EXPECT_EQ(test, copy_from_user(buf, (void __user *)HOLE, 8), 8);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "\0\0\0\0\0\0\0\0", 8), 0);  /* zero-filled */
	KUNIT_EXPECT_EQ(test, get_user(v, (u32 __user *)HOLE), -EFAULT);
	KUNIT_EXPECT_EQ(test, v, 0);
	KUNIT_EXPECT_EQ(test, put_user(v, (u32 __user *)0), -EFAULT);
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, (const char __user *)HOLE, 8), -EFAULT);
	KUNIT_EXPECT_EQ(test, strnlen_user((const char __user *)HOLE, 8), 0);
	KUNIT_EXPECT_EQ(test, clear_user((void __user *)HOLE, 16), 16);
	/* kernel addresses are refused before any access */
	KUNIT_EXPECT_EQ(test, copy_from_user(buf, (void __user *)init_top_pgt, 8), 8);
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)(TASK_SIZE_MAX - 4), buf, 8), 8);
	/* a copy running off the end of the VMA stops there: the count left */
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)(AREA + AREA_PGS * PAGE_SIZE - 3), "abcdefgh", 8), 5);
	KUNIT_EXPECT_EQ(test, ctx_mm(test)->rss_anon, 1);
}

/* Copies of many quadwords and a tail that run into a hole: exact counts, every byte up to it. */
static void mmap_partial_copies_count_exactly(struct kunit *test)
{
	unsigned long end = AREA + AREA_PGS * PAGE_SIZE;
	char src[100], dst[100];

	for (int i = 0; i < 100; i++)
		src[i] = (char)(i + 1);
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)(end - 37), src, 100), 63);
	memset(dst, 0x55, sizeof(dst));
	KUNIT_EXPECT_EQ(test, copy_from_user(dst, (void __user *)(end - 37), 100), 63);
	KUNIT_EXPECT_EQ(test, memcmp(dst, src, 37), 0);
	KUNIT_EXPECT_EQ(test, dst[37], 0);              /* the rest zero-filled */
	KUNIT_EXPECT_EQ(test, dst[99], 0);
	KUNIT_EXPECT_EQ(test, clear_user((void __user *)(end - 21), 100), 79);
	KUNIT_EXPECT_EQ(test, copy_from_user(dst, (void __user *)(end - 37), 37), 0);
	KUNIT_EXPECT_EQ(test, memcmp(dst, src, 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(dst + 16, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 21), 0);
}

static void mmap_user_strings_and_values(struct kunit *test)
{
	char buf[16];
	u64 q = 0;
	u16 w = 0;

	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)AREA, "atlas\0zz", 8), 0);
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, (const char __user *)AREA, sizeof(buf)), 5);
	KUNIT_EXPECT_STREQ(test, buf, "atlas");
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, (const char __user *)AREA, 3), 3);
	KUNIT_EXPECT_EQ(test, strnlen_user((const char __user *)AREA, 16), 6);
	KUNIT_EXPECT_EQ(test, strnlen_user((const char __user *)AREA, 4), 5);      /* > n */
	KUNIT_EXPECT_EQ(test, put_user(0x1122334455667788ULL, (u64 __user *)(AREA + 64)), 0);
	KUNIT_EXPECT_EQ(test, get_user(q, (u64 __user *)(AREA + 64)), 0);
	KUNIT_EXPECT_EQ(test, q, 0x1122334455667788ULL);
	KUNIT_EXPECT_EQ(test, get_user(w, (u16 __user *)(AREA + 64)), 0);
	KUNIT_EXPECT_EQ(test, w, 0x7788);
	KUNIT_EXPECT_EQ(test, clear_user((void __user *)(AREA + 64), 8), 0);
	KUNIT_EXPECT_EQ(test, get_user(q, (u64 __user *)(AREA + 64)), 0);
	KUNIT_EXPECT_EQ(test, q, 0);
	/* a string that ends where the VMA does, unterminated: -EFAULT */
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)(AREA + AREA_PGS * PAGE_SIZE - 4), "abcd", 4), 0);
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, (const char __user *)(AREA + AREA_PGS * PAGE_SIZE - 4), 16),
			-EFAULT);
}

static void mmap_cow_after_dup_mm(struct kunit *test)
{
	struct mmap_ctx *c = test->priv;
	struct page *shared;
	char v = 0;

	KUNIT_ASSERT_EQ(test, put_user('A', (char __user *)AREA), 0);
	c->child = dup_mm(NULL, c->mm);
	KUNIT_ASSERT_NOT_NULL(test, c->child);
	KUNIT_EXPECT_EQ(test, c->child->map_count, 1);
	/* one page, two read-only PTEs, two references */
	KUNIT_EXPECT_EQ(test, user_pte_value(c->mm, AREA) & PTE_PFN_MASK,
			user_pte_value(c->child, AREA) & PTE_PFN_MASK);
	KUNIT_EXPECT_FALSE(test, user_pte_value(c->mm, AREA) & _PAGE_RW);
	KUNIT_EXPECT_FALSE(test, user_pte_value(c->child, AREA) & _PAGE_RW);
	shared = pfn_to_page((user_pte_value(c->mm, AREA) & PTE_PFN_MASK) >> PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, page_count(shared), 2);
	/* the parent writes: it gets a copy, the child keeps the old page */
	KUNIT_ASSERT_EQ(test, put_user('B', (char __user *)AREA), 0);
	KUNIT_EXPECT_NE(test, user_pte_value(c->mm, AREA) & PTE_PFN_MASK, page_to_phys(shared));
	KUNIT_EXPECT_TRUE(test, user_pte_value(c->mm, AREA) & _PAGE_RW);
	KUNIT_EXPECT_EQ(test, page_count(shared), 1);
	kthread_use_mm(c->child);
	KUNIT_EXPECT_EQ(test, get_user(v, (char __user *)AREA), 0);
	KUNIT_EXPECT_EQ(test, v, 'A');
	/* the child is the only user left: its write takes the page over, no copy */
	KUNIT_ASSERT_EQ(test, put_user('C', (char __user *)AREA), 0);
	KUNIT_EXPECT_EQ(test, user_pte_value(c->child, AREA) & PTE_PFN_MASK, page_to_phys(shared));
	kthread_use_mm(c->mm);
	KUNIT_EXPECT_EQ(test, get_user(v, (char __user *)AREA), 0);
	KUNIT_EXPECT_EQ(test, v, 'B');
}

static void mmap_stack_grows_down(struct kunit *test)
{
	struct mm_struct *mm = ctx_mm(test);
	struct vm_area_struct *stk = add_vma(mm, STK_TOP - 4 * PAGE_SIZE, 4 * PAGE_SIZE,
					     VM_STACK_FLAGS);
	unsigned long below = STK_TOP - 6 * PAGE_SIZE + 8;

	KUNIT_ASSERT_NOT_NULL(test, stk);
	KUNIT_EXPECT_EQ(test, put_user(42UL, (unsigned long __user *)below), 0);
	KUNIT_EXPECT_EQ(test, stk->vm_start, STK_TOP - 6 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	/* beyond RLIMIT_STACK (8 MiB): no growth, -EFAULT */
	KUNIT_EXPECT_EQ(test, put_user(1UL, (unsigned long __user *)(STK_TOP - (9UL << 20))), -EFAULT);
	KUNIT_EXPECT_EQ(test, stk->vm_start, STK_TOP - 6 * PAGE_SIZE);
}

static void mmap_readonly_vma_refuses_writes(struct kunit *test)
{
	struct mm_struct *mm = ctx_mm(test);
	unsigned long ro = AREA + 0x100000;
	char c = 1;

	KUNIT_ASSERT_NOT_NULL(test, add_vma(mm, ro, PAGE_SIZE, VM_READ | VM_MAYREAD));
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)ro), 0);   /* a zero page appears */
	KUNIT_EXPECT_EQ(test, c, 0);
	KUNIT_EXPECT_FALSE(test, user_pte_value(mm, ro) & _PAGE_RW);
	KUNIT_EXPECT_EQ(test, put_user('x', (char __user *)ro), -EFAULT);
	/* PROT_NONE: not even a read */
	KUNIT_ASSERT_NOT_NULL(test, add_vma(mm, ro + PAGE_SIZE, PAGE_SIZE, VM_NONE));
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)(ro + PAGE_SIZE)), -EFAULT);
	KUNIT_EXPECT_EQ(test, user_pte_value(mm, ro + PAGE_SIZE), 0);
}

static void mmap_vma_split_and_merge(struct kunit *test)
{
	struct mm_struct *mm = ctx_mm(test);
	struct vm_area_struct *vma = find_vma(mm, AREA);
	LIST_HEAD(gone);

	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_ASSERT_EQ(test, put_user('m', (char __user *)(AREA + PAGE_SIZE)), 0);
	KUNIT_EXPECT_EQ(test, split_vma(mm, vma, AREA + PAGE_SIZE, 0), 0);
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	KUNIT_EXPECT_EQ(test, vma->vm_end, AREA + PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, find_vma(mm, AREA + PAGE_SIZE)->vm_start, AREA + PAGE_SIZE);
	/* the page stays mapped across the split, and the merge */
	vma = vma_merge_neighbours(mm, find_vma(mm, AREA + PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	KUNIT_EXPECT_EQ(test, vma->vm_start, AREA);
	KUNIT_EXPECT_EQ(test, vma->vm_end, AREA + AREA_PGS * PAGE_SIZE);
	/* take out the second page, as munmap does: the rest still works, the hole faults */
	KUNIT_ASSERT_EQ(test, vma_detach_range(mm, AREA + PAGE_SIZE, AREA + 2 * PAGE_SIZE, &gone), 0);
	KUNIT_ASSERT_FALSE(test, list_empty(&gone));
	vma = list_first_entry(&gone, struct vm_area_struct, vm_list);
	zap_page_range(vma, vma->vm_start, vma->vm_end);
	list_del(&vma->vm_list);
	vm_area_free(vma);
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	KUNIT_EXPECT_EQ(test, mm->rss_anon, 0);
	KUNIT_EXPECT_EQ(test, user_pte_value(mm, AREA + PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, put_user('x', (char __user *)(AREA + PAGE_SIZE)), -EFAULT);
	KUNIT_EXPECT_EQ(test, put_user('x', (char __user *)(AREA + 2 * PAGE_SIZE)), 0);
	KUNIT_EXPECT_EQ(test, find_vma(mm, AREA + 2 * PAGE_SIZE)->vm_pgoff, 2);  /* pages from the split start */
}

static void smap_touch(void *arg)
{
	*(volatile char *)arg = 1;
}

/* With SMAP, a kernel access to a user page that bypasses uaccess oopses, as in Linux. */
static void mmap_smap_stops_plain_kernel_access(struct kunit *test)
{
	struct fault_record rec;

	if (!cpu_has_smap)
		kunit_skip(test, "the CPU has no SMAP (-cpu max has)");
	KUNIT_ASSERT_EQ(test, put_user('s', (char __user *)AREA), 0);   /* present now */
	KUNIT_EXPECT_EQ(test, try_catch_fault(smap_touch, (void *)AREA, &rec, false), -EFAULT);
	KUNIT_EXPECT_EQ(test, rec.vector, X86_TRAP_PF);
	KUNIT_EXPECT_EQ(test, rec.address, AREA);
	KUNIT_EXPECT_EQ(test, rec.error_code & (X86_PF_PROT | X86_PF_USER), X86_PF_PROT);
	KUNIT_EXPECT_TRUE(test, read_cr4() & X86_CR4_SMAP);
}

static struct kunit_case mmap_cases[] = {
	KUNIT_CASE(mmap_pgd_shares_kernel_half),
	KUNIT_CASE(mmap_demand_zero_page),
	KUNIT_CASE(mmap_fault_decides_by_vma_and_pte),
	KUNIT_CASE(mmap_efault_outside_vmas),
	KUNIT_CASE(mmap_partial_copies_count_exactly),
	KUNIT_CASE(mmap_user_strings_and_values),
	KUNIT_CASE(mmap_cow_after_dup_mm),
	KUNIT_CASE(mmap_stack_grows_down),
	KUNIT_CASE(mmap_readonly_vma_refuses_writes),
	KUNIT_CASE(mmap_vma_split_and_merge),
	KUNIT_CASE(mmap_smap_stops_plain_kernel_access),
	{}
};

static struct kunit_suite mmap_suite = {
	.name = "mmap",
	.init = mmap_init,
	.exit = mmap_exit,
	.test_cases = mmap_cases,
};
kunit_test_suite(mmap_suite);
