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
#include <kernel/types.h>

#define MAX_ORDER        10             /* largest block: 2^10 pages = 4 MiB */
#define NR_PAGE_ORDERS   (MAX_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_ORDER)

enum zone_type { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, MAX_NR_ZONES };

#define MAX_DMA_PFN      (SZ_16M >> PAGE_SHIFT)
#define MAX_DMA32_PFN    (SZ_4G >> PAGE_SHIFT)

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
	struct free_area free_area[NR_PAGE_ORDERS];
};

extern struct zone zones[MAX_NR_ZONES];

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

#endif
