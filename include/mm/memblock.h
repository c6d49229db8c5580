/*
 * memblock: the boot-time physical memory allocator, as Linux's
 * (include/linux/memblock.h).  Two sorted lists of physical ranges: "memory"
 * (the RAM the e820 table reports) and "reserved" (what must never be handed
 * out: the first megabyte, the kernel image, the boot information, and what
 * memblock itself has allocated).  Page tables and the struct page array come
 * from here before the buddy allocator exists; then every free range is handed
 * to the buddy allocator.
 */
#ifndef ATLAS_MM_MEMBLOCK_H
#define ATLAS_MM_MEMBLOCK_H

#include <kernel/types.h>

#define MEMBLOCK_MAX_REGIONS 128

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

struct memblock_type {
	const char *name;               /* "memory" or "reserved" */
	unsigned int cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

struct memblock {
	phys_addr_t current_limit;      /* allocations end below this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

/* Empty both lists and lift the allocation limit (host tests use this too). */
void memblock_reset(void);

/*
 * Add RAM, or reserve a range.  Overlapping and touching ranges merge.
 * Returns 0, -EINVAL for a zero-sized or wrapping range, -ENOSPC when the
 * list is full (with a message).
 */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);

/* Un-reserve a range (the reverse of memblock_reserve; Linux's memblock_phys_free). */
int memblock_phys_free(phys_addr_t base, phys_addr_t size);

/*
 * Allocate size bytes aligned to align (a power of two) from free memory in
 * [start, end) and below current_limit, highest address first, as Linux does.
 * Returns the physical address, or 0 if nothing fits.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);

/* Set the highest address (exclusive) that allocations may use. */
void memblock_set_current_limit(phys_addr_t limit);

/* Whether [base, base + size) lies wholly in memory / overlaps a reservation. */
bool memblock_is_memory(phys_addr_t base, phys_addr_t size);
bool memblock_is_reserved(phys_addr_t base, phys_addr_t size);

/* Totals, in bytes. */
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);

/* The end of the last RAM range. */
phys_addr_t memblock_end_of_DRAM(void);

/*
 * Call fn for each free range (memory minus reserved), in address order;
 * returns the number of ranges.
 */
int memblock_for_each_free_range(void (*fn)(phys_addr_t start, phys_addr_t end, void *arg),
				 void *arg);

#endif
