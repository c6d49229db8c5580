/*
 * Zones and their buddy free lists (Linux's include/linux/mmzone.h).
 *
 * Physical memory is split into zones by what devices can reach:
 *   ZONE_DMA     below 16 MiB   (ISA DMA's 24 address bits)
 *   ZONE_DMA32   below 4 GiB    (32-bit DMA)
 *   ZONE_NORMAL  the rest
 * Each zone keeps free blocks of 2^order pages, order 0..MAX_ORDER, each on
 * the free list of its order.
 */
#ifndef ATLAS_MM_MMZONE_H
#define ATLAS_MM_MMZONE_H

#include <asm/page.h>
#include <kernel/kernel.h>
#include <kernel/list.h>
#include <kernel/percpu.h>
#include <kernel/spinlock.h>
#include <kernel/types.h>

#define MAX_ORDER        10             /* largest block: 2^10 pages = 4 MiB */
#define NR_PAGE_ORDERS   (MAX_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_ORDER)

enum zone_type { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, MAX_NR_ZONES };

#define MAX_DMA_PFN      (SZ_16M >> PAGE_SHIFT)
#define MAX_DMA32_PFN    (SZ_4G >> PAGE_SHIFT)

/*
 * Per-CPU page lists (Linux's struct per_cpu_pages): each CPU keeps a few
 * free blocks of each order up to PAGE_ALLOC_COSTLY_ORDER in front of the
 * zone, so that most allocations and frees touch only this CPU's lists (no
 * lock; marked active meanwhile, see mm/page_pcp.c), and the zone lock is
 * taken once per batch.  count is
 * in pages; above high, batch pages go back to the zone.  All-zero is the
 * valid empty state (lists not yet set up; high and batch then read as the
 * zone's pcp_high and pcp_batch).  Pages on these lists are not free as the
 * zone counts them (free_pages, NR_FREE_PAGES in Linux).
 */
#define PAGE_ALLOC_COSTLY_ORDER 3
#define NR_PCP_LISTS     (PAGE_ALLOC_COSTLY_ORDER + 1)

struct per_cpu_pages {
	int count;                      /* pages on the lists */
	int high;                       /* give batch back above this */
	int batch;                      /* pages moved to or from the zone at once */
	int active;                     /* this CPU is in the middle of using them */
	struct list_head lists[NR_PCP_LISTS];   /* one per order, LIFO */
};

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;          /* blocks on the list */
};

struct zone {
	const char *name;
	enum zone_type type;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;    /* end - start, holes included */
	unsigned long present_pages;    /* RAM pages in the span */
	unsigned long managed_pages;    /* pages given to the buddy allocator */
	unsigned long free_pages;       /* of those, free now */
	int pcp_high, pcp_batch;        /* every CPU's per_cpu_pages high and batch */
	struct per_cpu_pages __percpu *per_cpu_pageset;
	spinlock_t lock;                /* free_area and free_pages, any CPU */
	struct free_area free_area[NR_PAGE_ORDERS];
};

extern struct zone zones[MAX_NR_ZONES];

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

#endif
