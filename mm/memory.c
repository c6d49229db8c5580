/*
 * A process's page tables: faulting pages in, sharing them at fork, taking
 * them out (Linux's mm/memory.c: handle_mm_fault, do_anonymous_page,
 * do_wp_page, copy_page_range, zap_page_range, free_pgtables; and
 * mm/mprotect.c change_protection).
 *
 * The user half of a PGD starts empty; a page appears only when touched:
 *
 *   touch 0x601000 (in a VMA, not present)  -> a zeroed page (anonymous) or
 *                                              a private copy of the file's page
 *   write a read-only PTE in a writable VMA -> copy on write: a private copy,
 *                                              or the page itself if we are
 *                                              its only user (page_count 1)
 *
 * Upper-level entries of user tables carry _PAGE_USER|_PAGE_RW; what a page
 * allows is decided in its PTE alone (SDM vol 3A §4.6: the access rights
 * combine, the most restrictive wins).  mm->mmap_lock is held by every caller.
 */
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <errno.h>
#include <kernel/irqflags.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <mm/vmstat.h>
#include <fs/fs.h>
#include <kernel/signal.h>

#define USER_PGD_ENTRIES 256            /* PGD entries 0-255: the user half */
#define USER_HALF_END    (1UL << 47)
#define _PAGE_USER_TABLE (_PAGE_TABLE | _PAGE_USER)
#define GFP_USER_PAGE    (GFP_HIGHUSER | __GFP_ZERO)    /* a page a process gets */

u64 vm_get_page_prot(unsigned long vm_flags)
{
	u64 prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (vm_flags & VM_WRITE)
		prot |= _PAGE_RW | _PAGE_DIRTY;
	if (!(vm_flags & VM_EXEC))
		prot |= _PAGE_NX;
	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		prot &= ~(_PAGE_PRESENT | _PAGE_RW);    /* PROT_NONE: nothing present */
	return massage_pgprot(prot);
}

static u64 *table_of(u64 e)
{
	return __va(e & PTE_PFN_MASK);
}

/*
 * The PTE for addr in mm, building missing tables when create; NULL if a
 * table is missing (then *next, if given, is where the next table's range
 * starts: nothing is mapped before it) or no page could be had.
 */
static u64 *walk(struct mm_struct *mm, unsigned long addr, bool create, unsigned long *next)
{
	u64 *table = mm->pgd;

	for (enum pg_level l = PG_LEVEL_512G; l > PG_LEVEL_4K; l--) {
		u64 *e = &table[pt_index(addr, l)];

		if (!(*e & _PAGE_PRESENT)) {
			u64 *t = create ? (u64 *)get_zeroed_page(GFP_KERNEL) : NULL;

			if (!t) {
				if (next)
					*next = ALIGN_DOWN(addr, pt_level_size(l)) + pt_level_size(l);
				return NULL;
			}
			mm->pgtables_bytes += PAGE_SIZE;
			*e = __pa(t) | _PAGE_USER_TABLE;
		}
		table = table_of(*e);
	}
	return &table[pte_index(addr)];
}

u64 user_pte_value(struct mm_struct *mm, unsigned long addr)
{
	u64 *pte = addr < USER_HALF_END ? walk(mm, addr, false, NULL) : NULL;

	return pte ? *pte : 0;
}

static struct page *pte_page(u64 pte)
{
	return pfn_to_page((pte & PTE_PFN_MASK) >> PAGE_SHIFT);
}

/* One page-table entry changed from present: forget it on every CPU that has mm. */
static void flush_one(struct mm_struct *mm, unsigned long addr)
{
	flush_tlb_mm_range(mm, addr, addr + PAGE_SIZE);
}

static unsigned int do_anonymous_page(struct vm_area_struct *vma, unsigned long addr, u64 *pte)
{
	struct page *page = alloc_page(GFP_USER_PAGE);

	if (!page)
		return VM_FAULT_OOM;
	*pte = page_to_phys(page) | vm_get_page_prot(vma->vm_flags);
	vma->vm_mm->rss_anon++;
	mod_node_page_state(NR_ANON_MAPPED, 1);
	return 0;
}

/* A private copy of the file's page at addr (bytes past the end of the file are zero). */
static unsigned int do_file_page(struct vm_area_struct *vma, unsigned long addr, u64 *pte)
{
	struct page *page = alloc_page(GFP_USER_PAGE);
	loff_t pos = ((loff_t)vma->vm_pgoff << PAGE_SHIFT) + (addr - vma->vm_start);
	long n;

	if (!page)
		return VM_FAULT_OOM;
	n = kernel_read(vma->vm_file, page_address(page), PAGE_SIZE, &pos);
	if (n < 0) {
		put_page(page);
		return VM_FAULT_SIGBUS;
	}
	*pte = page_to_phys(page) | vm_get_page_prot(vma->vm_flags);
	vma->vm_mm->rss_file++;
	return 0;
}

/* A write to a present read-only PTE of a writable VMA: copy on write. */
static unsigned int do_wp_page(struct vm_area_struct *vma, unsigned long addr, u64 *pte)
{
#ifndef LAB6_STARTER   /* LAB 6 BEGIN: copy on write */
	struct page *old = pte_page(*pte), *new;

	if (page_count(old) == 1) {
		/* nobody else maps it any more: it is ours to write (Linux's wp_page_reuse) */
		*pte |= _PAGE_RW | _PAGE_DIRTY;
		flush_one(vma->vm_mm, addr);
		return 0;
	}
	new = alloc_page(GFP_HIGHUSER);
	if (!new)
		return VM_FAULT_OOM;
	memcpy(page_address(new), page_address(old), PAGE_SIZE);
	*pte = page_to_phys(new) | vm_get_page_prot(vma->vm_flags);
	flush_one(vma->vm_mm, addr);    /* no CPU may still write the old page ... */
	put_page(old);                  /* ... before we drop our reference to it */
	return 0;
#else           /* LAB 6 STARTER */
	/*
	 * TODO (lab 6, exercise 4): copy on write, as Linux's do_wp_page
	 * (mm/memory.c).  *pte maps a page read-only in a writable VMA: fork
	 * (copy_page_range) made both sides' PTEs read-only and took a reference.
	 * If page_count() says we are the page's last user, make the PTE writable
	 * (_PAGE_RW | _PAGE_DIRTY) and reuse it (wp_page_reuse); else copy it
	 * into a new page, point the PTE at the copy with the VMA's protection
	 * (vm_get_page_prot), and drop our reference to the old page
	 * (wp_page_copy).  A PTE that changed from present must leave every
	 * TLB (flush_one) before the old page can be freed.  0 or VM_FAULT_OOM.
	 */
	(void)flush_one;                /* yours to call */
	lab_not_implemented(6, "copy on write");
	return VM_FAULT_SIGSEGV;
#endif          /* LAB 6 END */
}

#ifndef LAB6_STARTER   /* LAB 6 BEGIN: the page-fault handler's decision */
/* Whether the VMA allows the access (Linux's access_error, inverted). */
static bool access_allowed(const struct vm_area_struct *vma, unsigned int flags)
{
	if (flags & FAULT_FLAG_WRITE)
		return vma->vm_flags & VM_WRITE;
	if (flags & FAULT_FLAG_INSTRUCTION)
		return vma->vm_flags & VM_EXEC;
	return vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

unsigned int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			     unsigned int flags, struct pt_regs *regs)
{
	unsigned long addr = address & PAGE_MASK;
	u64 *pte;

	(void)regs;
	if (!access_allowed(vma, flags))
		return VM_FAULT_SIGSEGV;
	pte = walk(vma->vm_mm, addr, true, NULL);
	if (!pte)
		return VM_FAULT_OOM;
	if (vma->vm_flags & VM_PFNMAP)
		return VM_FAULT_SIGBUS; /* device memory: remap_pfn_range filled it all, or nothing is there */
	if (!(*pte & _PAGE_PRESENT))
		return vma->vm_file ? do_file_page(vma, addr, pte) : do_anonymous_page(vma, addr, pte);
	if ((flags & FAULT_FLAG_WRITE) && !(*pte & _PAGE_RW))
		return do_wp_page(vma, addr, pte);
	/* present and allowed: another CPU made it so, or our TLB held an old entry */
	__flush_tlb_one(addr);
	return 0;
}
#else           /* LAB 6 STARTER */
/*
 * TODO (lab 6, exercise 1): the page-fault handler's decision, as Linux's
 * handle_mm_fault -> handle_pte_fault (mm/memory.c), with the access check of
 * access_error (arch/x86/mm/fault.c).  The caller found vma, the one that
 * covers address, and holds mmap_lock.  Write:
 *   - the access check: a write needs VM_WRITE, an instruction fetch VM_EXEC,
 *     a read any of VM_READ, VM_WRITE, VM_EXEC; else VM_FAULT_SIGSEGV;
 *   - the PTE for the page (walk(), creating the tables; none: VM_FAULT_OOM);
 *   - a VM_PFNMAP VMA (device memory) takes no faults: VM_FAULT_SIGBUS;
 *   - not present: a new page, do_file_page() for a file VMA, else
 *     do_anonymous_page() (Linux's do_fault / do_anonymous_page);
 *   - a write to a present read-only PTE: copy on write, do_wp_page();
 *   - present and allowed: another CPU did the work, or this CPU's TLB holds
 *     an old entry: flush it (__flush_tlb_one) and return 0.
 * Returns 0 or VM_FAULT_*.
 */
unsigned int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			     unsigned int flags, struct pt_regs *regs)
{
	(void)do_anonymous_page;        /* the helpers above are yours to call */
	(void)do_file_page;
	(void)do_wp_page;
	lab_not_implemented(6, "handling a page fault in a user address space");
	return VM_FAULT_SIGSEGV;
}
#endif          /* LAB 6 END */

/* Pages unmapped but not yet freed: freed only after the TLB flush (Linux's mmu_gather). */
struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;       /* the range whose PTEs were cleared */
	unsigned int nr;
	struct page *pages[64];
};

static void tlb_flush_and_free(struct mmu_gather *tlb)
{
	if (tlb->end > tlb->start)
		flush_tlb_mm_range(tlb->mm, tlb->start, tlb->end);
	for (unsigned int i = 0; i < tlb->nr; i++)
		put_page(tlb->pages[i]);
	tlb->nr = 0;
	tlb->start = tlb->end = 0;
}

static void tlb_remove_page(struct mmu_gather *tlb, struct page *page, unsigned long addr)
{
	if (tlb->end == tlb->start)
		tlb->start = addr;
	tlb->end = addr + PAGE_SIZE;
	tlb->pages[tlb->nr++] = page;
	if (tlb->nr == ARRAY_SIZE(tlb->pages))
		tlb_flush_and_free(tlb);
}

void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mmu_gather tlb = { .mm = vma->vm_mm };
	unsigned long addr = start;

	while (addr < end) {
		unsigned long next = addr + PAGE_SIZE;
		u64 *pte = walk(vma->vm_mm, addr, false, &next), old;

		if (pte && (old = *pte) != 0) {
			*pte = 0;
			if (!(vma->vm_flags & VM_PFNMAP)) {
				if (vma->vm_file) {
					vma->vm_mm->rss_file--;
				} else {
					vma->vm_mm->rss_anon--;
					mod_node_page_state(NR_ANON_MAPPED, -1);
				}
				tlb_remove_page(&tlb, pte_page(old), addr);
			}
		}
		addr = next;
	}
	tlb.start = start;              /* device pages too: flush the whole range */
	tlb.end = end;
	tlb_flush_and_free(&tlb);
}

static bool table_empty(const u64 *t)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (t[i])
			return false;
	return true;
}

/* What free_pgtables looks at: the unmapped range, and the gap around it. */
struct pgtable_range {
	unsigned long start, end;       /* only tables under it can have emptied */
	unsigned long floor, ceiling;   /* a table must lie wholly inside to go */
};

/*
 * Free, onto *freed, the tables below the entries of table (at level) that
 * cover part of [start, end), lie wholly inside [floor, ceiling) and map
 * nothing.  A table that also covers a VMA's addresses stays even when
 * empty: the VMA's next fault would only build it again (Linux's
 * free_pgtables floor and ceiling).  Only entries over [start, end) are
 * visited, so a munmap costs what it unmapped, not the size of the gap.
 */
static void free_tables_below(u64 *table, enum pg_level level, unsigned long base,
			      const struct pgtable_range *r, struct list_head *freed)
{
	unsigned long size = pt_level_size(level);
	unsigned int first, last;

	if (level == PG_LEVEL_4K || r->end <= base)
		return;
	first = r->start > base ? (r->start - base) / size : 0;
	last = (r->end - 1 - base) / size;
	if (level == PG_LEVEL_512G && last >= USER_PGD_ENTRIES)
		last = USER_PGD_ENTRIES - 1;
	else if (last >= PTRS_PER_TABLE)
		last = PTRS_PER_TABLE - 1;
	for (unsigned int i = first; i <= last; i++) {
		unsigned long va = base + i * size;
		u64 *child;

		if (!(table[i] & _PAGE_PRESENT))
			continue;
		child = table_of(table[i]);
		free_tables_below(child, level - 1, va, r, freed);
		if (va >= r->floor && va + size - 1 <= r->ceiling - 1 && table_empty(child)) {
			table[i] = 0;
			list_add(&virt_to_page(child)->lru, freed);
		}
	}
}

void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end,
		   unsigned long floor, unsigned long ceiling)
{
	struct pgtable_range r = { start, end, floor, ceiling };
	LIST_HEAD(freed);
	struct page *p, *n;

	if (start >= end)
		return;
	free_tables_below(mm->pgd, PG_LEVEL_512G, 0, &r, &freed);
	if (list_empty(&freed))
		return;
	/* the CPUs' paging-structure caches may still walk through them: flush first */
	flush_tlb_mm_range(mm, 0, TLB_FLUSH_ALL);
	list_for_each_entry_safe(p, n, &freed, lru) {
		list_del(&p->lru);
		mm->pgtables_bytes -= PAGE_SIZE;
		__free_page(p);
	}
}

int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *src_vma)
{
	/* device memory has no struct page to copy: both sides share it, as Linux's */
	bool cow = !(src_vma->vm_flags & (VM_SHARED | VM_PFNMAP));

	for (unsigned long addr = src_vma->vm_start; addr < src_vma->vm_end; ) {
		unsigned long next = addr + PAGE_SIZE;
		u64 *spte = walk(src, addr, false, &next), *dpte, pte;

		if (spte && (pte = *spte) != 0) {
			dpte = walk(dst, addr, true, NULL);
			if (!dpte)
				return -ENOMEM;
			if (!(src_vma->vm_flags & VM_PFNMAP))
				get_page(pte_page(pte));
			if (cow && (pte & _PAGE_RW)) {
				pte &= ~_PAGE_RW;       /* both sides read-only: copy on write */
				*spte = pte;
			}
			*dpte = pte;
			if (src_vma->vm_file) {
				dst->rss_file++;
			} else {
				dst->rss_anon++;
				mod_node_page_state(NR_ANON_MAPPED, 1);
			}
		}
		addr = next < src_vma->vm_end ? next : src_vma->vm_end;
	}
	return 0;
}

void change_protection(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	u64 prot = vm_get_page_prot(vma->vm_flags) | (vma->vm_flags & VM_PFNMAP ? _PAGE_PCD | _PAGE_PWT : 0);
	bool cow = !(vma->vm_flags & (VM_SHARED | VM_PFNMAP));

	for (unsigned long addr = start; addr < end; ) {
		unsigned long next = addr + PAGE_SIZE;
		u64 *pte = walk(vma->vm_mm, addr, false, &next), new;

		if (pte && *pte) {
			new = (*pte & PTE_PFN_MASK) | prot;
			/* a page still shared after fork stays read-only: the write copies it */
			if (cow && page_count(pte_page(*pte)) > 1)
				new &= ~_PAGE_RW;
			/* PROT_NONE keeps the page, not present; _PAGE_PRESENT comes back with prot */
			*pte = new ? new : (*pte & PTE_PFN_MASK);
		}
		addr = next < end ? next : end;
	}
	flush_tlb_mm_range(vma->vm_mm, start, end);
}

int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size, u64 prot)
{
	unsigned long start = addr, end = addr + PAGE_ALIGN(size);
	int err = 0;

	if ((addr & ~PAGE_MASK) || addr < vma->vm_start || end > vma->vm_end || end < addr)
		return -EINVAL;
	vma->vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND;
	for (; addr < end; addr += PAGE_SIZE, pfn++) {
		u64 *pte = walk(vma->vm_mm, addr, true, NULL);

		if (!pte) {
			err = -ENOMEM;
			break;
		}
		if (*pte) {
			err = -EBUSY;   /* something is mapped there already */
			break;
		}
		*pte = PFN_PHYS(pfn) | massage_pgprot(prot);
	}
	/*
	 * A failure leaves no half mapping (as Linux's remap_pfn_range): the
	 * caller's mmap fails and frees the VMA, and PTEs left behind would
	 * outlive it, to be met by a later mapping of the same addresses.
	 */
	if (err && addr > start)
		zap_page_range(vma, start, addr);
	return err;
}

void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *n;

	mmap_write_lock(mm);
	list_for_each_entry_safe(vma, n, &mm->mmap, vm_list) {
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vma_unlink(mm, vma);
		if (vma->vm_file)
			fput(vma->vm_file);
		vm_area_free(vma);
	}
	free_pgtables(mm, 0, USER_HALF_END, 0, USER_HALF_END);
	mmap_write_unlock(mm);
	if (mm->exe_file) {
		fput(mm->exe_file);
		mm->exe_file = NULL;
	}
}
