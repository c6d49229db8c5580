/*
 * A process's address space: mm_struct life cycle, VMAs, page faults
 * (Linux's include/linux/mm.h, sched/mm.h and mmu_context.h, the parts Atlas
 * uses).  The types are in include/mm/mm_types.h.
 *
 *   mm_alloc()          a new, empty address space: its own PGD whose user
 *                       half (entries 0-255) is empty and whose kernel half
 *                       (256-511) points at the kernel's own PUD tables
 *   mmget / mmput       users (tasks); the last mmput frees every VMA, page
 *                       and user page table
 *   dup_mm              fork: every VMA copied, private pages shared
 *                       copy-on-write (write-protected on both sides)
 *   switch_mm           load next's PGD into CR3 on this CPU
 *   find_vma            the first VMA ending above an address
 *   handle_mm_fault     make one page present (demand zero, file page, COW)
 *
 * Locking: mm->mmap_lock guards the VMA list and the user page tables
 * (Linux's mmap_lock).  Linux's is a sleeping rw_semaphore; Atlas has no
 * sleeping lock below the scheduler, so this one is exclusive and waits by
 * spinning with cpu_relax().  It is taken with interrupts on and never in an
 * interrupt handler; nothing that may fault on user memory runs under it.
 */
#ifndef ATLAS_MM_MMAP_H
#define ATLAS_MM_MMAP_H

#include <kernel/compiler.h>
#include <asm/pgtable.h>
#include <kernel/types.h>
#include <mm/mm_types.h>

struct task_struct;
struct pt_regs;

/* Linux's x86-64 user layout (arch/x86/include/asm/page_64_types.h, mm/util.c). */
#define TASK_SIZE               0x00007ffffffff000UL    /* = TASK_SIZE_MAX */
#define STACK_TOP               TASK_SIZE               /* [stack] ends here */
#define MMAP_GAP_MIN            (128UL << 20)           /* Linux's gap below the stack */
/* mmap_base without randomisation: TASK_SIZE - the 128 MiB gap = 0x7ffff7fff000 */
#define MMAP_BASE_DEFAULT       (TASK_SIZE - MMAP_GAP_MIN)
#define MMAP_MIN_ADDR           0x10000UL               /* vm.mmap_min_addr: 64 KiB */

/* The kernel's own address space: no user half; kernel threads borrow others'. */
extern struct mm_struct init_mm;

/* ---- life cycle (mm/mmu_context.c) ---- */

/* A new empty mm with one user (mm_users 1), or NULL without memory. */
struct mm_struct *mm_alloc(void);
/* Take a user reference. */
void mmget(struct mm_struct *mm);
/* Drop a user reference; the last one frees the address space. */
void mmput(struct mm_struct *mm);
/*
 * Hold / drop the mm_struct itself, not its contents (a lazy kernel thread's
 * active_mm): the last mmdrop frees the PGD once no CPU has it in CR3.
 */
void mmgrab(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
/* task's mm with a user reference taken (mmput it), or NULL for a kernel thread. */
struct mm_struct *get_task_mm(struct task_struct *task);
/*
 * fork's copy of oldmm for task: the same VMAs, private pages shared
 * copy-on-write (both PTEs read-only, page refcounts up), shared ones shared.
 * Returns the new mm (mm_users 1) or NULL without memory.
 */
struct mm_struct *dup_mm(struct task_struct *task, struct mm_struct *oldmm);
/*
 * Load next's page tables on this CPU (CR3) and note the CPU in next's
 * cpu_vm_mask (TLB shootdowns reach it); prev leaves. Interrupts may be on.
 */
void switch_mm(struct mm_struct *prev, struct mm_struct *next, struct task_struct *tsk);
/* The mm this CPU has in CR3 (&init_mm when none of a process's). */
struct mm_struct *this_cpu_loaded_mm(void);
/*
 * A kernel thread takes mm as its own (current->mm, CR3): its uaccess calls
 * then reach mm's user half, faults included (Linux's kthread_use_mm);
 * kthread_unuse_mm gives it back and loads the kernel's tables.
 */
void kthread_use_mm(struct mm_struct *mm);
void kthread_unuse_mm(struct mm_struct *mm);
/*
 * Flush [start, end) of mm from the TLB of every CPU that has mm loaded,
 * waiting for them (Linux's flush_tlb_mm_range).
 */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end);

/* Linux's mmap_lock API, see the top of this file. */
void mmap_write_lock(struct mm_struct *mm);
void mmap_write_unlock(struct mm_struct *mm);
#define mmap_read_lock(mm)      mmap_write_lock(mm)
#define mmap_read_unlock(mm)    mmap_write_unlock(mm)

/* ---- VMAs (mm/vma.c: pure list code, host-tested) ---- */

/* A zeroed VMA for mm, or NULL; vm_area_free frees one that is in no list. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
void vm_area_free(struct vm_area_struct *vma);
/* Initialise mm's VMA list (mm_alloc calls it). */
void mm_vma_init(struct mm_struct *mm);

/* The first VMA with vm_end > addr (it may start above addr), or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* The first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);
/* The VMA before vma in address order, or NULL; next likewise. */
struct vm_area_struct *vma_prev(struct vm_area_struct *vma);
struct vm_area_struct *vma_next(struct vm_area_struct *vma);

/*
 * Put vma (its range, flags and mm set) into mm's sorted list: 0, or -ENOMEM
 * if it overlaps a VMA there (Linux's insert_vm_struct).
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
/*
 * Split vma at addr (page-aligned, strictly inside it) into two VMAs; the new
 * one is the part below addr if new_below, else the part above.  vm_pgoff
 * follows.  0 or -ENOMEM.  Linux's split_vma.
 */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
	      int new_below);
/*
 * Merge vma with its neighbours where they touch and agree (flags, file,
 * contiguous file offset, name): the surviving VMA, which may be prev.
 * Merged-away VMAs are freed.  Linux's vma_merge, after the fact.
 */
struct vm_area_struct *vma_merge_neighbours(struct mm_struct *mm, struct vm_area_struct *vma);
/*
 * Detach every VMA inside [start, end) from mm onto *out (splitting the ones
 * that stick out), in address order.  0 or -ENOMEM (then nothing moved).
 */
int vma_detach_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		     struct list_head *out);
/* Unlink vma from mm's list (no freeing). */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);
/*
 * The highest free range of len bytes in [low, high) (Linux's
 * unmapped_area_topdown): its start, or -ENOMEM.
 */
unsigned long unmapped_area_topdown(struct mm_struct *mm, unsigned long len,
				    unsigned long low, unsigned long high);

/* Iterate mm's VMAs in address order. */
#define for_each_vma(mm, vma) list_for_each_entry(vma, &(mm)->mmap, vm_list)

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> 12;
}

/* ---- page tables and faults (mm/memory.c) ---- */

/* handle_mm_fault flags (Linux's FAULT_FLAG_*) */
#define FAULT_FLAG_WRITE        0x01
#define FAULT_FLAG_USER         0x40
#define FAULT_FLAG_INSTRUCTION  0x100

/* handle_mm_fault results (Linux's vm_fault_t bits) */
#define VM_FAULT_OOM            0x0001
#define VM_FAULT_SIGBUS         0x0002
#define VM_FAULT_SIGSEGV        0x0040
#define VM_FAULT_ERROR          (VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/*
 * Make the page at address present in vma as flags ask (a zero page, a copy
 * of the file's page, or a private copy on write).  mmap_lock held.
 * 0 or VM_FAULT_* (the access is not allowed, or no memory).
 */
unsigned int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			     unsigned int flags, struct pt_regs *regs);
/*
 * Unmap [start, end) of vma (inside it) from mm's page tables, dropping the
 * pages' references, and flush the TLBs.  mmap_lock held.
 */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/*
 * After [start, end) was unmapped: free the user page tables over it that
 * map nothing and lie wholly inside [floor, ceiling) (the gap between the
 * VMAs around it); TLBs flushed first.
 */
void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end,
		   unsigned long floor, unsigned long ceiling);
/*
 * Share every present page of src_vma (in src) with dst (the same range),
 * write-protecting private writable ones on both sides (copy on write).
 * 0 or -ENOMEM.
 */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *src_vma);
/* Re-write the PTEs of [start, end) in vma with vma's (new) flags; TLBs flushed. */
void change_protection(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/*
 * The PTE value mapping addr in mm (0 if none): for tests, /proc and the
 * monitor's walk.  Takes no lock.
 */
u64 user_pte_value(struct mm_struct *mm, unsigned long addr);
/* What the user's page permissions are for vm_flags (Linux's vm_get_page_prot). */
u64 vm_get_page_prot(unsigned long vm_flags);
/*
 * Map the physical pages from pfn on (device memory: no struct page, no
 * reference counts) at [addr, addr + size) of vma with prot, for a driver's
 * f_op->mmap (Linux's remap_pfn_range).  vma becomes VM_IO | VM_PFNMAP.
 * mmap_lock held.  0, -EINVAL, -ENOMEM, or -EBUSY if a page is there.
 */
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size, u64 prot);
/* prot for device registers: uncached (Linux's pgprot_noncached: PCD | PWT). */
#define pgprot_noncached(prot)  ((prot) | _PAGE_PCD | _PAGE_PWT)

/* Free every VMA of mm, with its pages and page tables (exit_mmap). */
void exit_mmap(struct mm_struct *mm);

/* ---- mappings (mm/mmap.c, mm/mprotect.c) ---- */

/* The randomize_va_space parameter: 0 (default), 1 (mmap base, stack), 2 (and brk). */
int mm_randomize_va_space(void);
extern int randomize_va_space;          /* -1 until the command line is read */
/* Random bits for the layout (RDRAND where the CPU has it). */
unsigned long mm_random_long(void);
/* Set mm->mmap_base for a new program (randomised when asked). */
void arch_pick_mmap_layout(struct mm_struct *mm);
/* The stack's top for a new program: stack_top, or randomly below it. */
unsigned long randomize_stack_top(unsigned long stack_top);
/* Where the heap starts for a new program: mm->brk, or randomly above with =2. */
unsigned long arch_randomize_brk(struct mm_struct *mm);
/* Count npages (negative: uncount) of a mapping with flags in mm's *_vm totals. */
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages);
/*
 * Where a mapping of len bytes goes: addr itself with MAP_FIXED (checked),
 * the hint addr if free, else the highest free range below mm->mmap_base.
 * An address or -errno.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
				unsigned long flags);
/*
 * Map len bytes of file at pgoff (or anonymous memory, file NULL) into mm
 * as mmap(2) does (Linux's do_mmap, with the mm explicit so exec can fill a
 * new one).  mmap_lock held.  The address, or -errno.
 */
unsigned long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
		      unsigned long len, unsigned long prot, unsigned long flags,
		      unsigned long pgoff);
/* Unmap [start, start + len) of mm (munmap(2)); mmap_lock held.  0 or -errno. */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
/* Anonymous zeroed memory at addr (the ELF's bss, brk's growth).  0 or -ENOMEM. */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long flags);
/*
 * brk(2) on mm (Linux's brk body): move the break to brk, mapping or
 * unmapping whole pages above start_brk; the new break, or the old one if it
 * cannot move.  mmap_lock held.
 */
unsigned long do_brk(struct mm_struct *mm, unsigned long brk);
/*
 * A named anonymous mapping ("[vvar]", "[vdso]"; Linux's
 * _install_special_mapping): never merged with a neighbour.  0 or -errno.
 */
int install_special_mapping(struct mm_struct *mm, unsigned long addr, unsigned long len,
			    unsigned long vm_flags, const char *name);
/* mprotect(2) on mm; mmap_lock held.  0 or -errno. */
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot);

/* ---- /proc/PID/maps (mm/task_mmu.c) ---- */

struct seq_file;
/* Linux's /proc/PID/maps text for task (nothing for a kernel thread). */
int proc_pid_maps_show(struct seq_file *m, struct task_struct *task);
/* The same for an mm (the monitor, tests). */
int show_mm_maps(struct seq_file *m, struct mm_struct *mm);

/* ---- the page-fault entry (mm/fault.c) ---- */

/*
 * A page fault in user mode (Linux's do_user_addr_fault; the entry code
 * calls it with the exception's registers): the page is made present, or
 * Linux's segfault line is printed and SIGSEGV forced on the process.
 */
void do_user_addr_fault(struct pt_regs *regs, unsigned long error_code, unsigned long address);
/*
 * A page fault in kernel mode at a user address (a uaccess copy reaching a
 * page not present yet, or read-only for COW), called by do_exception before
 * the exception table: true if the page is now there and the instruction may
 * run again; false for the exception table or the oops (outside every VMA,
 * forbidden, or with SMAP a kernel access that bypassed uaccess).
 */
bool fault_in_user_address(struct pt_regs *regs, unsigned long error_code, unsigned long address);

#endif
