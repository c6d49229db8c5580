/*
 * GFP ("get free pages") flags and the page allocator's interface, as Linux's
 * include/linux/gfp.h and gfp_types.h (same bit values as Linux 6.1).
 *
 * Two namespaces, as in Linux: alloc_page*() return a struct page *,
 * __get_free_page*() and get_zeroed_page() return a direct-map address.
 * Every allocation can fail: NULL (or 0), with a one-line warning per call
 * site unless __GFP_NOWARN.
 */
#ifndef ATLAS_MM_GFP_H
#define ATLAS_MM_GFP_H

#include <kernel/types.h>

typedef unsigned int gfp_t;

/* zone modifiers: where the pages may come from */
#define __GFP_DMA            0x01u      /* below 16 MiB (ISA DMA) */
#define __GFP_HIGHMEM        0x02u      /* no highmem on x86-64: any zone */
#define __GFP_DMA32          0x04u      /* below 4 GiB (32-bit DMA) */
#define __GFP_MOVABLE        0x08u
/* how hard to try (Atlas never reclaims; kept for Linux's compositions) */
#define __GFP_HIGH           0x20u
#define __GFP_IO             0x40u
#define __GFP_FS             0x80u
#define __GFP_ZERO           0x100u     /* return zeroed memory */
#define __GFP_ATOMIC         0x200u
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_NOWARN         0x2000u    /* no warning on failure */
#define __GFP_COMP           0x40000u
#define __GFP_HARDWALL       0x100000u
#define __GFP_RECLAIM        (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC    (__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL    (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT    (__GFP_KSWAPD_RECLAIM)
#define GFP_USER      (GFP_KERNEL | __GFP_HARDWALL)
#define GFP_HIGHUSER  (GFP_USER | __GFP_HIGHMEM)
#define GFP_DMA       __GFP_DMA
#define GFP_DMA32     __GFP_DMA32

struct page;

struct page *alloc_pages(gfp_t gfp, unsigned int order);
/*
 * Fill the NULL entries of page_array[0..nr_pages) with order-0 pages, as
 * Linux's alloc_pages_bulk_array: most from this CPU's page list in one go,
 * the rest one by one.  Returns how many entries are filled from the start
 * (nr_pages unless memory ran out).  vmalloc uses it.
 */
unsigned long alloc_pages_bulk_array(gfp_t gfp, unsigned long nr_pages, struct page **page_array);
#define alloc_page(gfp) alloc_pages(gfp, 0)
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages(page, 0)

unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages(addr, 0)

struct zone;
/*
 * Give this CPU's per-CPU page lists of zone (NULL: of every zone) back to
 * the zone (Linux's drain_local_pages); drain_all_pages does it on every
 * online CPU (by IPI; from interrupt context or with interrupts off, only
 * here).  Afterwards nr_free_pages() counts every free page.
 */
void drain_local_pages(struct zone *zone);
void drain_all_pages(struct zone *zone);

#endif
