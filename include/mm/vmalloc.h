/*
 * vmalloc: virtually contiguous kernel memory from pages that need not be
 * physically contiguous, and the address-range allocator that ioremap shares
 * (Linux's include/linux/vmalloc.h).  Areas live in
 * [VMALLOC_START, VMALLOC_END] (1 TiB); each is followed by an unmapped guard
 * page, so running off the end of one faults instead of corrupting the next.
 */
#ifndef ATLAS_MM_VMALLOC_H
#define ATLAS_MM_VMALLOC_H

#include <asm/page.h>
#include <kernel/list.h>
#include <kernel/types.h>
#include <mm/gfp.h>

#define VM_IOREMAP 0x00000001u          /* ioremap: device memory, no pages of ours */
#define VM_ALLOC   0x00000002u          /* vmalloc: pages from the buddy allocator */

struct page;

/* One area, as Linux's struct vm_struct (size includes the guard page). */
struct vm_struct {
	struct list_head list;          /* the busy list, sorted by address */
	unsigned long addr;
	unsigned long size;
	unsigned int flags;
	struct page **pages;            /* VM_ALLOC */
	unsigned int nr_pages;
	phys_addr_t phys_addr;          /* VM_IOREMAP */
	unsigned long caller;
};

/*
 * Make the whole of [VMALLOC_START, VMALLOC_END] one free range (Linux's
 * vmalloc_init); mm_init calls it once, after kmem_cache_init.  Until then
 * every vmalloc and ioremap fails.
 */
void vmalloc_init(void);

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *addr);            /* vfree(NULL) does nothing */
struct page *vmalloc_to_page(const void *addr);

static inline bool is_vmalloc_addr(const void *x)
{
	unsigned long a = (unsigned long)x;

	return a >= VMALLOC_START && a <= VMALLOC_END;
}

/*
 * Reserve an area of size bytes (page-aligned; a guard page is added) in the
 * vmalloc range, first fit, for the caller to map.  NULL if none fits.
 */
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned int flags,
				     unsigned long caller);

/*
 * Unlink the area containing addr, unmap it on every CPU and free its range;
 * return it (Linux's remove_vm_area), NULL if none.  Its pages are the caller's.
 */
struct vm_struct *remove_vm_area(const void *addr);

/* The area containing addr, its guard page included; NULL if none. */
struct vm_struct *find_vm_area(const void *addr);

/* Call fn for each area in address order (vmallocinfo, the fault explainer). */
void vmalloc_for_each_area(void (*fn)(const struct vm_struct *vm, void *arg), void *arg);

/*
 * Flush the TLB for every lazily vfree'd range and make those ranges free
 * (Linux's name: it also drops "aliases", stale translations of freed pages).
 */
void vm_unmap_aliases(void);

/* The free virtual ranges: how many, and the bytes in them (for tests). */
unsigned long vmalloc_free_ranges(unsigned long *bytes);

#endif
