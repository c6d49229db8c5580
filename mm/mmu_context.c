/*
 * Address spaces: making, sharing, copying and freeing an mm_struct, and
 * loading one into CR3 (Linux's kernel/fork.c mm_alloc/mmput/dup_mm,
 * arch/x86/mm/pgtable.c pgd_alloc, arch/x86/mm/tlb.c switch_mm and
 * flush_tlb_mm_range).
 *
 * Every process has its own PGD (the PML4).  Its entries 0-255 cover the user
 * half and start empty; entries 256-511 are copies of the kernel's, so they
 * point at the same PUD tables and the kernel half is one, shared:
 *
 *   process PGD                     init_top_pgt (the kernel's)
 *   [  0..255] user tables, own
 *   [256..511] ----------------->   the kernel's PUD tables (direct map,
 *                                   vmalloc, vmemmap, image)
 *
 * That holds only while the kernel never adds a PGD entry after a process
 * PGD was copied: paging_init gives every kernel range that can grow after
 * boot (vmalloc/ioremap) its PUD tables up front, as Linux's
 * preallocate_vmalloc_pages, and mm/pgtable.c warns if one is added later.
 *
 * Each CPU remembers which mm is in its CR3 (cpu_loaded_mm), and each mm
 * which CPUs have it (cpu_vm_mask), so a user TLB flush reaches exactly them.
 */
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <fs/fs.h>
#include <kernel/signal.h>

#define KERNEL_PGD_START 256    /* the first PGD entry of the kernel half */
#define PTRS_PER_PGD     512

struct mm_struct init_mm = {
	.mmap = LIST_HEAD_INIT(init_mm.mmap),
	.mm_users = 2,
	.mm_count = 1,
	.mmap_base = MMAP_BASE_DEFAULT,
	.task_size = TASK_SIZE,
};

/* The mm in this CPU's CR3; NULL means init_mm (the kernel's tables). */
static DEFINE_PER_CPU(struct mm_struct *, cpu_loaded_mm);

/*
 * Whether this CPU's CR3 holds mm's PGD.  CR3 is the truth: the scheduler
 * loads the kernel's tables for a kernel thread without telling us, so
 * cpu_loaded_mm may name an mm this CPU has left.
 */
static bool mm_in_cr3(const struct mm_struct *mm)
{
	return mm && (read_cr3() & PTE_PFN_MASK) == __pa(mm->pgd);
}

struct mm_struct *this_cpu_loaded_mm(void)
{
	struct mm_struct *mm = this_cpu_read(cpu_loaded_mm);

	return mm_in_cr3(mm) ? mm : &init_mm;
}

void mmap_write_lock(struct mm_struct *mm)
{
	while (__atomic_exchange_n(&mm->mmap_lock, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
}

void mmap_write_unlock(struct mm_struct *mm)
{
	__atomic_store_n(&mm->mmap_lock, 0, __ATOMIC_RELEASE);
}

/* A PGD: the user half empty, the kernel half the kernel's (see the top). */
static u64 *pgd_alloc(void)
{
	u64 *pgd = (u64 *)get_zeroed_page(GFP_KERNEL);

	if (pgd)
		memcpy(pgd + KERNEL_PGD_START, init_top_pgt + KERNEL_PGD_START,
		       (PTRS_PER_PGD - KERNEL_PGD_START) * sizeof(u64));
	return pgd;
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	mm_vma_init(mm);
	spin_lock_init(&mm->page_table_lock);
	mm->mm_users = 1;
	mm->mm_count = 1;
	mm->task_size = TASK_SIZE;
	mm->mmap_base = MMAP_BASE_DEFAULT;
	return mm;
}

void mmget(struct mm_struct *mm)
{
	__atomic_fetch_add(&mm->mm_users, 1, __ATOMIC_RELAXED);
}

void mmgrab(struct mm_struct *mm)
{
	__atomic_fetch_add(&mm->mm_count, 1, __ATOMIC_RELAXED);
}

/* On a CPU that still has mm in CR3 (a lazy kernel thread): go to the kernel's tables. */
static void leave_mm(void *info)
{
	if (mm_in_cr3(info))
		switch_mm(info, &init_mm, NULL);
	else if (this_cpu_read(cpu_loaded_mm) == info)
		this_cpu_write(cpu_loaded_mm, NULL);    /* left already: forget it */
}

void mmdrop(struct mm_struct *mm)
{
	struct cpumask others = { { 0 } };

	if (__atomic_sub_fetch(&mm->mm_count, 1, __ATOMIC_ACQ_REL))
		return;
	preempt_disable();
	leave_mm(mm);
	others.bits[0] = READ_ONCE(mm->cpu_vm_mask) & ~(1UL << smp_processor_id());
	preempt_enable();
	if (others.bits[0])     /* the PGD page must be in no CR3 before it is freed */
		smp_call_function_many(&others, leave_mm, mm, true);
	free_page((unsigned long)mm->pgd);
	kfree(mm);
}

void mmput(struct mm_struct *mm)
{
	if (__atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL))
		return;
	exit_mmap(mm);
	mmdrop(mm);
}

struct mm_struct *get_task_mm(struct task_struct *task)
{
	struct mm_struct *mm;
	unsigned long flags;

	/* exit_mm and exec change task->mm under tasklist_lock: it cannot go while we take it */
	spin_lock_irqsave(&tasklist_lock, flags);
	mm = (task->flags & PF_KTHREAD) ? NULL : task->mm;
	if (mm)
		mmget(mm);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return mm;
}

void switch_mm(struct mm_struct *prev, struct mm_struct *next, struct task_struct *tsk)
{
	struct mm_struct *loaded = this_cpu_read(cpu_loaded_mm);
	unsigned int cpu = smp_processor_id();
	unsigned long flags;

	(void)prev;
	(void)tsk;
	if (next == &init_mm)
		next = NULL;
	local_irq_save(flags);          /* CR3 and cpu_loaded_mm change together */
	/* in the mask before CR3 is loaded: a flush from now on reaches us */
	if (next)
		set_bit(cpu, &next->cpu_vm_mask);
	/*
	 * CR3 is written even when next looks loaded already: an mm freed and
	 * another allocated at the same address must not inherit the old one's
	 * translations (the write flushes every non-global TLB entry).
	 */
	write_cr3(__pa(next ? next->pgd : init_top_pgt));
	this_cpu_write(cpu_loaded_mm, next);
	if (loaded && loaded != next)
		clear_bit(cpu, &loaded->cpu_vm_mask);
	local_irq_restore(flags);
}

void kthread_use_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	unsigned long flags;

	local_irq_save(flags);          /* a switch in between would load the old tables */
	tsk->mm = tsk->active_mm = mm;
	switch_mm(NULL, mm, tsk);
	local_irq_restore(flags);
}

void kthread_unuse_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	unsigned long flags;

	local_irq_save(flags);
	tsk->mm = tsk->active_mm = NULL;        /* a kernel thread again: the scheduler's view */
	switch_mm(mm, &init_mm, tsk);
	local_irq_restore(flags);
}

struct mm_flush_info {
	struct mm_struct *mm;
	unsigned long start, end;       /* end TLB_FLUSH_ALL: the whole user half */
};

/* Flush the range here if this CPU has the mm (user pages are never global). */
static void flush_mm_func(void *info)
{
	const struct mm_flush_info *f = info;

	if (!mm_in_cr3(f->mm)) {
		/* left already (a kernel thread, idle): no more shootdowns for us */
		clear_bit(smp_processor_id(), &f->mm->cpu_vm_mask);
		return;
	}
	if (f->end == TLB_FLUSH_ALL) {
		write_cr3(read_cr3());  /* drops every non-global translation */
		return;
	}
	for (unsigned long a = f->start; a < f->end; a += PAGE_SIZE)
		__flush_tlb_one(a);
}

void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct mm_flush_info f = { mm, start & PAGE_MASK, end };
	struct cpumask others = { { 0 } };

	if (end <= start)
		return;
	if (end == TLB_FLUSH_ALL || end - f.start > tlb_single_page_flush_ceiling << PAGE_SHIFT)
		f.end = TLB_FLUSH_ALL;
	smp_mb();               /* the cleared PTEs, before we read who has the mm */
	preempt_disable();
	flush_mm_func(&f);
	others.bits[0] = READ_ONCE(mm->cpu_vm_mask) & ~(1UL << smp_processor_id());
	preempt_enable();
	if (!others.bits[0])
		return;
	if (irqs_disabled()) {
		/* an IPI wait with interrupts off could deadlock: callers must not get here */
		printk_once(KERN_WARNING "WARNING: user TLB flush with interrupts off skipped other CPUs\n");
		return;
	}
	smp_call_function_many(&others, flush_mm_func, &f, true);
}

/* Copy one VMA of oldmm, with its pages shared copy-on-write. */
static int dup_vma(struct mm_struct *mm, struct mm_struct *oldmm, struct vm_area_struct *vma)
{
	struct vm_area_struct *new = vm_area_alloc(mm);

	if (!new)
		return -ENOMEM;
	*new = *vma;
	INIT_LIST_HEAD(&new->vm_list);
	new->vm_mm = mm;
	if (new->vm_file)
		get_file(new->vm_file);
	if (insert_vm_struct(mm, new)) {
		vm_area_free(new);
		return -ENOMEM;
	}
	return copy_page_range(mm, oldmm, vma);
}

/* The fields fork copies as they are (Linux's memcpy of the whole mm, less the lists). */
static void dup_mm_fields(struct mm_struct *mm, const struct mm_struct *oldmm)
{
	mm->mmap_base = oldmm->mmap_base;
	mm->task_size = oldmm->task_size;
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	mm->total_vm = oldmm->total_vm;
	mm->stack_vm = oldmm->stack_vm;
	mm->data_vm = oldmm->data_vm;
	mm->exec_vm = oldmm->exec_vm;
	mm->def_flags = oldmm->def_flags;
	memcpy(mm->saved_auxv, oldmm->saved_auxv, sizeof(mm->saved_auxv));
	mm->exe_file = oldmm->exe_file;
	if (mm->exe_file)
		get_file(mm->exe_file);
}

struct mm_struct *dup_mm(struct task_struct *task, struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;
	int err = 0;

	(void)task;
	if (!mm)
		return NULL;
	dup_mm_fields(mm, oldmm);
	mmap_write_lock(oldmm);
	for_each_vma(oldmm, vma) {
		err = dup_vma(mm, oldmm, vma);
		if (err)
			break;
	}
	mmap_write_unlock(oldmm);
	/* the parent's writable private PTEs are read-only now: its TLB must forget them */
	flush_tlb_mm_range(oldmm, 0, TLB_FLUSH_ALL);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}
