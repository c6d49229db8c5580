/*
 * The slab allocator and kmalloc, as Linux's include/linux/slab.h.
 *
 * A kmem_cache hands out objects of one size, carved from slabs: pages from
 * the buddy allocator whose struct page records the cache (page->slab_cache),
 * so kfree(p) finds it from the address alone.  kmalloc uses caches of fixed
 * sizes (kmalloc-8 ... kmalloc-8k, with 96 and 192 as Linux); above 8 KiB it
 * takes pages from the buddy allocator directly.  kmalloc with GFP_DMA or
 * GFP_DMA32 uses caches of its own ("dma-kmalloc-64", "dma32-kmalloc-64"),
 * made at boot, whose slabs come from that zone.
 *
 * Debugging (slub_debug on the command line, and always under selftest): fresh
 * objects are filled with 0x5a, freed ones with 0x6b, redzones (0xcc while
 * the object is allocated, 0xbb while it is free) guard each object; a double
 * free, a free of a pointer that is not an object, a redzone overwrite and a
 * write to a freed object are reported with the cache, the object and the
 * caller's symbol, and the kernel goes on.  The details: mm/slab.h.
 */
#ifndef ATLAS_MM_SLAB_H
#define ATLAS_MM_SLAB_H

#include <kernel/types.h>
#include <mm/gfp.h>

#define SLAB_RED_ZONE      0x00000400u   /* debug: redzones around objects */
#define SLAB_POISON        0x00000800u   /* debug: poison objects */
#define SLAB_HWCACHE_ALIGN 0x00002000u   /* align objects to the cache line (64 bytes) */
#define SLAB_CACHE_DMA     0x00004000u   /* slabs from ZONE_DMA (below 16 MiB) */
#define SLAB_CACHE_DMA32   0x00008000u   /* slabs from ZONE_DMA32 (below 4 GiB) */

#define KMALLOC_MAX_CACHE_SIZE 8192     /* larger kmallocs go to the buddy allocator */
#define ZERO_SIZE_PTR ((void *)16)      /* kmalloc(0): not NULL, but faults if used */
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache;

/* Set up the kmalloc caches; after the buddy allocator, before anything kmallocs. */
void kmem_cache_init(void);

/*
 * Linux's "SLUB: HWalign=64, ..., CPUs=N, Nodes=1" line.  Printed once the
 * possible CPUs are known (setup_per_cpu_areas, after the MADT): Linux knows
 * them before its slab starts, Atlas only after ACPI, which needs kmalloc.
 */
void kmem_cache_print_banner(void);

/*
 * A cache of objects of size bytes aligned to align (0: the natural alignment,
 * at least 8), ctor (may be NULL) run on each object when its slab is made.
 * NULL (with a message) on a bad size or no memory.  name must stay valid
 * for the cache's life (it is not copied, as in Linux).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned int flags, void (*ctor)(void *));
/* An object of s, or NULL (no memory).  __GFP_ZERO zeroes it. */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp);
/* Give obj back to s; NULL does nothing.  Misuse is reported, never followed. */
void kmem_cache_free(struct kmem_cache *s, void *obj);
/* Refused (with a message, objects kept) while the cache has objects in use. */
void kmem_cache_destroy(struct kmem_cache *s);
/* Give s's empty slabs back to the buddy allocator; returns the pages freed. */
unsigned long kmem_cache_shrink(struct kmem_cache *s);
/* kmem_cache_shrink() on every cache; returns the pages freed. */
unsigned long kmem_cache_shrink_all(void);
/* Bytes of objects in use in every cache; exact after kmem_cache_shrink_all(). */
unsigned long kmem_cache_bytes_in_use(void);

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);          /* NULL if n * size overflows */
void *kmalloc_array(size_t n, size_t size, gfp_t gfp);    /* likewise */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
void kfree(const void *p);                                 /* kfree(NULL) does nothing */
void kfree_sensitive(const void *p);                       /* zero, then free */
size_t ksize(const void *p);                               /* usable size of an object */

#endif
