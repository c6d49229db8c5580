/*
 * vmalloc and the vmalloc-range allocator (Linux's mm/vmalloc.c, with sorted
 * lists where Linux has augmented red-black trees).
 *
 * Two lists cover [VMALLOC_START, VMALLOC_END]: the free ranges and the busy
 * areas, both sorted by address.  Allocation is first fit from the free list;
 * freeing puts the range back and merges it with the free neighbours on either
 * side, so the space is reused and does not fragment into slivers.  Every area
 * gets one unmapped guard page at its end.
 *
 * vfree() is lazy about the TLB, as Linux's: it clears the page-table entries
 * and frees the pages, but keeps the virtual range out of use on a purge list;
 * once LAZY_MAX_PAGES have piled up (or space runs out, or vm_unmap_aliases()
 * is called), one full TLB flush covers them all and the ranges become free.
 * One flush instead of one per page is most of what makes vfree cheap.
 *
 * Locks, as Linux's: vmap_area_lock guards the busy list,
 * free_vmap_area_lock the free ranges, purge_vmap_area_lock the purge list;
 * each is taken with spin_lock_irqsave and never two at once.  vfree from an
 * interrupt handler is deferred, as Linux's vfree_atomic: the area goes on a
 * lock-free list (threaded through its own first bytes) and is freed by the
 * next vmalloc, vfree or vm_unmap_aliases in process context.
 */
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <mm/mm.h>
#include <errno.h>
#include <fs/proc_fs.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/monitor.h>
#include <kernel/panic.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

/* A free range of the vmalloc space (Linux keeps free ones as vmap_areas too). */
struct vmap_area {
	struct list_head list;
	unsigned long start, end;               /* [start, end) */
};

#define LAZY_MAX_PAGES (32UL << (20 - PAGE_SHIFT))     /* 32 MiB, Linux's lazy_max_pages */

static LIST_HEAD(free_list);
static LIST_HEAD(busy_list);
static LIST_HEAD(purge_list);                   /* vfree'd, not yet flushed from the TLB */
static unsigned long lazy_pages;
static DEFINE_SPINLOCK(vmap_area_lock);         /* busy_list */
static DEFINE_SPINLOCK(free_vmap_area_lock);    /* free_list */
static DEFINE_SPINLOCK(purge_vmap_area_lock);   /* purge_list, lazy_pages */
static void *deferred_vfree;                    /* vfree'd in interrupts: each holds the next */
static struct vmap_area whole_range;            /* the first one needs no kmalloc */

void vmalloc_init(void)
{
	whole_range.start = VMALLOC_START;
	whole_range.end = VMALLOC_END + 1;
	list_add(&whole_range.list, &free_list);
}

/*
 * Take r off the free list (used up, or merged into a neighbour) and free it.
 * (__unused: lab 5's starter code has no caller.)
 */
static void __unused drop_free_area(struct vmap_area *r)
{
	list_del(&r->list);
	if (r != &whole_range)
		kfree(r);
}

/*
 * First fit: carve size bytes from the start of the first free range that
 * holds them; 0 if none does.  Under free_vmap_area_lock.
 */
static unsigned long alloc_range(unsigned long size)
{
#ifndef LAB5_STARTER	/* LAB 5 BEGIN: first fit in the free ranges */
	struct vmap_area *r;

	list_for_each_entry(r, &free_list, list) {
		unsigned long start = r->start;

		if (r->end - r->start < size)
			continue;
		r->start += size;
		if (r->start == r->end)
			drop_free_area(r);
		return start;
	}
	return 0;
#else			/* LAB 5 STARTER */
	/*
	 * TODO (lab 5, exercise 2): first fit, as Linux's __alloc_vmap_area
	 * (find_vmap_lowest_match, then adjust_va_to_fit_type): walk free_list,
	 * sorted by address, to the first range [r->start, r->end) that holds
	 * size bytes; carve them from its start (the range now begins size
	 * bytes later) and return the old start.  A range used up exactly leaves
	 * the list through drop_free_area().  No range big enough: return 0.
	 * Every ioremap at boot comes here first, so the kernel cannot boot
	 * without it.
	 */
	lab_panic_not_implemented(5, "vmalloc: finding a free range (first fit)");
#endif			/* LAB 5 END */
}

/*
 * Give [start, end) back, merging with the free ranges on either side.
 * Under free_vmap_area_lock.
 */
static void free_range(unsigned long start, unsigned long end)
{
#ifndef LAB5_STARTER	/* LAB 5 BEGIN: give a range back, merged with its free neighbours */
	struct vmap_area *r, *prev = NULL, *next = NULL;

	list_for_each_entry(r, &free_list, list) {
		if (r->start >= end) {
			next = r;
			break;
		}
		prev = r;
	}
	if (prev && prev->end == start && next && next->start == end) {
		/* the gap closes: keep one node (the static one, if it is one of them) */
		if (next == &whole_range) {
			next->start = prev->start;
			drop_free_area(prev);
		} else {
			prev->end = next->end;
			drop_free_area(next);
		}
		return;
	}
	if (prev && prev->end == start) {
		prev->end = end;
		return;
	}
	if (next && next->start == end) {
		next->start = start;
		return;
	}
	r = kmalloc(sizeof(*r), GFP_ATOMIC);
	if (!r) {
		pr_err("vmalloc: no memory to record free range %#lx-%#lx: it is lost\n", start, end);
		return;
	}
	r->start = start;
	r->end = end;
	list_add(&r->list, prev ? &prev->list : &free_list);
#else			/* LAB 5 STARTER */
	/*
	 * TODO (lab 5, exercise 3): as Linux's merge_or_add_vmap_area: find
	 * the free ranges just below (prev) and just above (next) [start, end)
	 * in the sorted free_list.  If prev ends at start, grow it; if next
	 * begins at end, grow it down; if both, the gap closes: keep one node
	 * and drop_free_area() the other (never the static whole_range, which
	 * was not kmalloc'd).  If neither, kmalloc(GFP_ATOMIC) a new vmap_area
	 * and insert it after prev, keeping the list sorted.
	 * Until then the range is lost: the vmalloc space only shrinks.
	 */
	lab_not_implemented(5, "vmalloc: giving a freed range back (merging with its neighbours)");
#endif			/* LAB 5 END */
}

/* The span of every area on list: one flush covers them (Linux's __purge_vmap_area_lazy). */
static void purge_span(struct list_head *list, unsigned long *start, unsigned long *end)
{
	struct vm_struct *vm;

	*start = ~0UL;
	*end = 0;
	list_for_each_entry(vm, list, list) {
		*start = min(*start, vm->addr);
		*end = max(*end, vm->addr + vm->size);
	}
}

/* Give [start, end) back to the free ranges, under their lock. */
static void free_range_locked(unsigned long start, unsigned long end)
{
	unsigned long flags;

	mm_spin_lock_irqsave(&free_vmap_area_lock, flags);
	free_range(start, end);
	mm_spin_unlock_irqrestore(&free_vmap_area_lock, flags);
}

/* Flush the TLB once and free every lazily vfree'd range. */
static void purge_lazy_areas(void)
{
	struct vm_struct *vm, *n;
	unsigned long flags, start, end;
	LIST_HEAD(purge);

	mm_spin_lock_irqsave(&purge_vmap_area_lock, flags);
	list_splice_init(&purge_list, &purge);
	lazy_pages = 0;
	mm_spin_unlock_irqrestore(&purge_vmap_area_lock, flags);
	if (list_empty(&purge))
		return;
	purge_span(&purge, &start, &end);
	flush_tlb_kernel_range(start, end);     /* every CPU, before the range is reused */
	list_for_each_entry_safe(vm, n, &purge, list) {
		list_del(&vm->list);
		free_empty_tables(vm->addr, vm->size);
		free_range_locked(vm->addr, vm->addr + vm->size);
		kfree(vm);
	}
}

static void __vfree(const void *addr, unsigned long caller);

/* Free what interrupt handlers vfree'd (process context). */
static void flush_deferred_vfree(void)
{
	void *p;

	if (likely(!READ_ONCE(deferred_vfree)))
		return;
	p = xchg(&deferred_vfree, NULL);
	while (p) {
		void *next = *(void **)p;

		__vfree(p, _RET_IP_);
		p = next;
	}
}

void vm_unmap_aliases(void)
{
	flush_deferred_vfree();
	purge_lazy_areas();
}

/* Insert vm into the busy list, keeping it sorted. */
static void insert_busy(struct vm_struct *vm)
{
	struct vm_struct *v;

	list_for_each_entry(v, &busy_list, list)
		if (v->addr > vm->addr)
			break;
	list_add_tail(&vm->list, &v->list);
}

struct vm_struct *get_vm_area_caller(unsigned long size, unsigned int flags,
				     unsigned long caller)
{
	struct vm_struct *vm;
	unsigned long irqflags, addr;

	if (in_interrupt()) {
		/* Linux's BUG_ON(in_interrupt()): mapping needs page tables and TLB shootdowns */
		pr_err("vmalloc: an area asked for in interrupt context (caller %pS): refused\n",
		       (void *)caller);
		return NULL;
	}
	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm || !size || !IS_ALIGNED(size, PAGE_SIZE) || size > VMALLOC_SIZE / 2) {
		kfree(vm);
		return NULL;
	}
	for (int tries = 0; tries < 2; tries++) {
		mm_spin_lock_irqsave(&free_vmap_area_lock, irqflags);
		addr = alloc_range(size + PAGE_SIZE);
		mm_spin_unlock_irqrestore(&free_vmap_area_lock, irqflags);
		if (addr)
			break;
		purge_lazy_areas();     /* space may be waiting on the purge list */
	}
	if (!addr) {
		kfree(vm);
		return NULL;
	}
	*vm = (struct vm_struct){ .addr = addr, .size = size + PAGE_SIZE,
				  .flags = flags, .caller = caller };
	mm_spin_lock_irqsave(&vmap_area_lock, irqflags);
	insert_busy(vm);
	mm_spin_unlock_irqrestore(&vmap_area_lock, irqflags);
	return vm;
}

/* The busy area holding addr, or NULL; under vmap_area_lock. */
static struct vm_struct *__find_vm_area(const void *addr)
{
	unsigned long a = (unsigned long)addr;
	struct vm_struct *vm;

	list_for_each_entry(vm, &busy_list, list)
		if (a >= vm->addr && a < vm->addr + vm->size)
			return vm;
	return NULL;
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *vm;
	unsigned long flags;

	mm_spin_lock_irqsave(&vmap_area_lock, flags);
	vm = __find_vm_area(addr);
	mm_spin_unlock_irqrestore(&vmap_area_lock, flags);
	return vm;
}

/*
 * Take the area that starts at addr (any area holding addr if !exact) off
 * the busy list, if it has all of want_flags; NULL if there is none.
 */
static struct vm_struct *unlink_vm_area(const void *addr, bool exact, unsigned int want_flags)
{
	struct vm_struct *vm;
	unsigned long flags;

	mm_spin_lock_irqsave(&vmap_area_lock, flags);
	vm = __find_vm_area(addr);
	if (vm && ((exact && vm->addr != (unsigned long)addr) ||
		   (vm->flags & want_flags) != want_flags))
		vm = NULL;
	if (vm)
		list_del(&vm->list);
	mm_spin_unlock_irqrestore(&vmap_area_lock, flags);
	return vm;
}

struct vm_struct *remove_vm_area(const void *addr)
{
	struct vm_struct *vm;

	if (in_interrupt()) {
		/* the unmap waits for every CPU's TLB flush: not from an interrupt handler */
		pr_err("vmalloc: %p unmapped in interrupt context (caller %pS): refused, the area stays\n",
		       addr, (void *)_RET_IP_);
		return NULL;
	}
	vm = unlink_vm_area(addr, false, 0);
	if (!vm)
		return NULL;
	/* unmapped on every CPU before another caller can be given the range */
	kernel_unmap_range(vm->addr, vm->size - PAGE_SIZE);
	free_range_locked(vm->addr, vm->addr + vm->size);
	return vm;
}

void vmalloc_for_each_area(void (*fn)(const struct vm_struct *vm, void *arg), void *arg)
{
	struct vm_struct *vm;
	unsigned long flags;

	mm_spin_lock_irqsave(&vmap_area_lock, flags);
	list_for_each_entry(vm, &busy_list, list)
		fn(vm, arg);
	mm_spin_unlock_irqrestore(&vmap_area_lock, flags);
}

unsigned long vmalloc_free_ranges(unsigned long *bytes)
{
	struct vmap_area *r;
	unsigned long n = 0, flags;

	*bytes = 0;
	mm_spin_lock_irqsave(&free_vmap_area_lock, flags);
	list_for_each_entry(r, &free_list, list) {
		n++;
		*bytes += r->end - r->start;
	}
	mm_spin_unlock_irqrestore(&free_vmap_area_lock, flags);
	return n;
}

/* Free the pages of a VM_ALLOC area (those that were allocated) and its page array. */
static void free_area_pages(struct vm_struct *vm)
{
	for (unsigned int i = 0; i < vm->nr_pages; i++)
		if (vm->pages[i])
			__free_page(vm->pages[i]);
	kfree(vm->pages);
}

/*
 * Reserve an area, allocate its pages in bulk and map them there; on failure
 * undo everything and return NULL (Linux's __vmalloc_node_range).
 */
static void *__vmalloc_caller(unsigned long size, gfp_t gfp, unsigned long caller)
{
#ifndef LAB5_STARTER	/* LAB 5 BEGIN: vmalloc: an area, its pages, the mapping */
	unsigned long nr = PAGE_ALIGN(size) >> PAGE_SHIFT;
	struct vm_struct *vm;

	mm_might_alloc(gfp);
	if (!size || nr > VMALLOC_SIZE / 2 / PAGE_SIZE)
		return NULL;
	flush_deferred_vfree();
	vm = get_vm_area_caller(nr << PAGE_SHIFT, VM_ALLOC, caller);
	if (!vm)
		goto fail;
	vm->pages = kcalloc(nr, sizeof(struct page *), GFP_KERNEL);
	if (!vm->pages)
		goto fail_area;
	/* in bulk, as Linux's vm_area_alloc_pages: one pass over this CPU's page list */
	vm->nr_pages = (unsigned int)alloc_pages_bulk_array(gfp | __GFP_NOWARN, nr, vm->pages);
	if (vm->nr_pages < nr)
		goto fail_pages;
	if (kernel_map_pages(vm->addr, vm->pages, nr, PAGE_KERNEL))
		goto fail_pages;
	return (void *)vm->addr;

fail_pages:
	kernel_unmap_range(vm->addr, vm->nr_pages * PAGE_SIZE);
	free_area_pages(vm);
fail_area:
	kfree(remove_vm_area((void *)vm->addr));
fail:
	pr_warn("vmalloc: allocation failure: %lu bytes (caller %pS)\n", size, (void *)caller);
	return NULL;
#else			/* LAB 5 STARTER */
	/*
	 * TODO (lab 5, exercise 4): as Linux's __vmalloc_node_range and
	 * __vmalloc_area_node.  Refuse size 0 (and more than half the space);
	 * call flush_deferred_vfree(); reserve nr = PAGE_ALIGN(size) / PAGE_SIZE
	 * pages of address space with get_vm_area_caller(..., VM_ALLOC, caller)
	 * (it adds the guard page); kcalloc vm->pages, fill it with
	 * alloc_pages_bulk_array(gfp | __GFP_NOWARN, nr, vm->pages), setting
	 * vm->nr_pages to what it gave; map them with kernel_map_pages(vm->addr,
	 * vm->pages, nr, PAGE_KERNEL) (Linux's vmap_pages_range).  On any failure
	 * undo in reverse order (kernel_unmap_range, free_area_pages,
	 * kfree(remove_vm_area(...))), say "vmalloc: allocation failure" and
	 * return NULL.
	 */
	lab_not_implemented(5, "vmalloc: allocating and mapping an area's pages");
	return NULL;
#endif			/* LAB 5 END */
}

void *vmalloc(unsigned long size)
{
	return __vmalloc_caller(size, GFP_KERNEL, _RET_IP_);
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_caller(size, GFP_KERNEL | __GFP_ZERO, _RET_IP_);
}

static void __vfree(const void *addr, unsigned long caller)
{
	struct vm_struct *vm = unlink_vm_area(addr, true, VM_ALLOC);
	unsigned long flags;
	bool purge;

	if (!vm) {
		pr_err("vfree: %p is not the start of a vmalloc area (caller %pS)\n",
		       addr, (void *)caller);
		return;
	}
	kernel_unmap_range_noflush(vm->addr, vm->nr_pages * PAGE_SIZE);
	free_area_pages(vm);
	vm->pages = NULL;
	mm_spin_lock_irqsave(&purge_vmap_area_lock, flags);
	list_add_tail(&vm->list, &purge_list);
	lazy_pages += vm->nr_pages;
	purge = lazy_pages > LAZY_MAX_PAGES;
	mm_spin_unlock_irqrestore(&purge_vmap_area_lock, flags);
	if (purge)
		purge_lazy_areas();
}

/* vfree in an interrupt handler: onto deferred_vfree, freed later (Linux's vfree_atomic). */
static void vfree_deferred(const void *addr)
{
	struct vm_struct *vm = find_vm_area(addr);
	void *old;

	/* the link is written into the area itself: it must be a vmalloc area, not device memory */
	if (!vm || vm->addr != (unsigned long)addr || !(vm->flags & VM_ALLOC)) {
		pr_err("vfree: %p is not the start of a vmalloc area (caller %pS)\n",
		       addr, (void *)_RET_IP_);
		return;
	}
	do {
		old = READ_ONCE(deferred_vfree);
		*(void **)addr = old;
	} while (cmpxchg(&deferred_vfree, old, (void *)addr) != old);
}

void vfree(const void *addr)
{
	if (!addr)
		return;
	if (in_interrupt()) {
		vfree_deferred(addr);
		return;
	}
	flush_deferred_vfree();
	__vfree(addr, _RET_IP_);
}

struct page *vmalloc_to_page(const void *addr)
{
	phys_addr_t pa;

	if (!is_vmalloc_addr(addr))
		return NULL;
	pa = slow_virt_to_phys((unsigned long)addr);
	return pa == (phys_addr_t)-1 ? NULL : phys_to_page(pa);
}

/* "0xffffc90000000000-0xffffc90000002000    8192 caller+0x12/0x40 pages=1 vmalloc" */
static void show_area(const struct vm_struct *vm, void *m)
{
	seq_printf(m, "0x%016lx-0x%016lx %7lu", vm->addr, vm->addr + vm->size, vm->size);
	if (vm->caller)
		seq_printf(m, " %pS", (void *)vm->caller);
	if (vm->nr_pages)
		seq_printf(m, " pages=%u", vm->nr_pages);
	if (vm->phys_addr)
		seq_printf(m, " phys=0x%016llx", (unsigned long long)vm->phys_addr);
	if (vm->flags & VM_IOREMAP)
		seq_puts(m, " ioremap");
	if (vm->flags & VM_ALLOC)
		seq_puts(m, " vmalloc");
	seq_putc(m, '\n');
}

static int vmallocinfo_show(struct seq_file *m, void *v)
{
	vmalloc_for_each_area(show_area, m);
	return 0;
}
MONITOR_SHOW(vmallocinfo, "vmalloc and ioremap areas (/proc/vmallocinfo)", vmallocinfo_show);
PROC_SHOW("vmallocinfo", vmallocinfo_show);
