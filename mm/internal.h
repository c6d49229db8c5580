/*
 * The buddy allocator's core, private to mm/ (as Linux's mm/internal.h).
 *
 * mm/buddy.c is the algorithm alone: free lists per order, splitting on
 * allocation, coalescing with the buddy on free.  It touches only struct page
 * and struct zone, never the memory the pages describe, so the host tests
 * compile it against a fake vmemmap.  mm/page_alloc.c is the kernel's glue:
 * zones from memblock, GFP flags, zeroing, warnings.
 *
 * A block of 2^order pages starting at pfn is "naturally aligned": pfn is a
 * multiple of 2^order.  Its buddy is the other half of the block of twice the
 * size that contains it: pfn ^ (1 << order) (Linux's __find_buddy_pfn).
 *
 * Page state:
 *   free block head    PG_buddy, private = order, _refcount 0, on free_area[order]
 *   allocated head     _refcount 1, private = order (PG_head too if order > 0)
 *   any other page     _refcount 0, no PG_buddy (tails of blocks, reserved pages)
 * The vmemmap covers RAM rounded out to MAX_ORDER blocks, so a buddy's struct
 * page always exists; pages that are not RAM are PG_reserved and never merge.
 */
#ifndef ATLAS_MM_INTERNAL_H
#define ATLAS_MM_INTERNAL_H

#include <mm/mmzone.h>
#include <mm/page.h>

static inline unsigned long __find_buddy_pfn(unsigned long pfn, unsigned int order)
{
	return pfn ^ (1UL << order);
}

/*
 * Set up an empty zone spanning [start_pfn, end_pfn): empty free lists, all
 * counts 0 (present_pages is the caller's to fill in).
 */
void buddy_init_zone(struct zone *z, const char *name, enum zone_type type,
		     unsigned long start_pfn, unsigned long end_pfn);

/*
 * Give the pages [start_pfn, end_pfn) to z, as the largest naturally aligned
 * blocks that fit, merging with free neighbours.  The pages must lie in z's
 * span and be PG_reserved (as boot leaves every struct page); each becomes a
 * managed page.
 */
void buddy_free_range(struct zone *z, unsigned long start_pfn, unsigned long end_pfn);

/*
 * Take a block of 2^order pages from z, splitting a larger one if needed.
 * Returns its first page (marked allocated), or NULL if z has no block that
 * large.  order <= MAX_ORDER.
 */
struct page *buddy_alloc(struct zone *z, unsigned int order);

/*
 * buddy_alloc in two steps, for the per-CPU lists: __rmqueue_smallest takes
 * the block off z's lists (a page in no state: refcount 0, not PG_buddy, as a
 * page on a per-CPU list is), buddy_prep_new_page marks it allocated.
 */
struct page *__rmqueue_smallest(struct zone *z, unsigned int order);
void buddy_prep_new_page(struct page *page, unsigned int order);

/*
 * Return the block at page, of 2^order pages, to z, coalescing with its buddy
 * while the buddy is free and of the same order.  If page is not the first
 * page of a block allocated with exactly this order (a double free, a wrong
 * order, a page that was never allocated), nothing changes: one line
 * "BUG: Bad page state: ..." names the pfn, the problem and caller (%pS), and
 * the result is -EINVAL.  Otherwise 0.
 */
int buddy_free(struct zone *z, struct page *page, unsigned int order, unsigned long caller);

/*
 * buddy_free in two steps, for the per-CPU lists: free_pages_prepare checks
 * the page as buddy_free does (0, or -EINVAL after the one line) and leaves it
 * in no state (refcount 0: a second free is caught while it waits on a
 * per-CPU list); buddy_free_one then puts it on z's lists, merging.
 */
int free_pages_prepare(const struct zone *z, struct page *page, unsigned int order,
		       unsigned long caller);
void buddy_free_one(struct zone *z, struct page *page, unsigned int order);

/* What is wrong with page, a block of this order on a per-CPU list of z, or NULL. */
const char *buddy_check_pcp_page(const struct zone *z, const struct page *page,
				 unsigned int order);

/*
 * Check z's free lists against their invariants (each block a PG_buddy head of
 * its list's order, naturally aligned, inside z, nr_free and free_pages
 * matching, no two free buddies left unmerged).  Returns 0, or -EINVAL after
 * one line naming the first broken invariant.
 */
int buddy_check_zone(const struct zone *z);

/* ---- the per-CPU page lists (mm/page_pcp.c; kernel only) ---- */

struct seq_file;

/* Each zone's pcp_high, pcp_batch and per_cpu_pageset, after the free ranges are in. */
void setup_per_cpu_pageset(void);
/* A block of z under z's lock, not yet prepped (larger orders; a busy per-CPU list). */
struct page *rmqueue_buddy(struct zone *z, unsigned int order);
/* A block of order <= PAGE_ALLOC_COSTLY_ORDER from this CPU's list of z (a batch from z if empty); not yet prepped. */
struct page *rmqueue_pcplist(struct zone *z, unsigned int order);
/*
 * Up to nr order-0 pages of z from this CPU's list (refilled from z in one
 * locked batch), into pages; not yet prepped.  Returns how many (0 when the
 * list is busy: an interrupt came in the middle of this CPU's own operation).
 */
unsigned int rmqueue_pcplist_bulk(struct zone *z, unsigned int nr, struct page **pages);
/* Put a block, through free_pages_prepare already, on this CPU's list of z; a batch back above high. */
void free_unref_page(struct zone *z, struct page *page, unsigned int order);
/* Check every online CPU's lists of every zone (quiet moment only): 0, or -EINVAL after one line. */
int check_per_cpu_pagesets(void);
/*
 * Every zone's free lists (under its lock) and every online CPU's page lists
 * (a quiet moment: nobody allocating): 0, or -EINVAL after one line.
 */
int check_all_zones(void);
/* zoneinfo's pagesets section for z (Linux's zoneinfo_show_print). */
void pcp_show(struct seq_file *m, const struct zone *z);

#endif
