/*
 * The slab allocator's insides, private to mm/ (Linux's mm/slab.h).  The
 * public interface is include/mm/slab.h.
 *
 * A slab is a naturally aligned block of 2^order pages from the buddy
 * allocator, cut into s->objects objects of s->size bytes.  Every page of it
 * has PG_slab and slab_cache = s; the first page (the "head") also keeps the
 * slab's free list and counts:
 *
 *   page->freelist   first free object; each free object holds the address
 *                    of the next one at s->offset (NULL ends the list)
 *   page->inuse      objects handed out
 *   page->objects    objects in the slab
 *   page->lru        on s->partial while the slab has a free object
 *
 * A full slab is on no list: nothing needs to find it until one of its
 * objects is freed, and kfree finds it from the object's address.  Because a
 * slab is naturally aligned, the head of the slab holding any page is the
 * page whose pfn has the low order bits cleared (slab_head()).
 *
 * Object layout.  Without debugging an object is just its bytes, and a free
 * one holds the free pointer in its first word (no per-object overhead; a
 * cache with a ctor keeps it in a word after the object instead, so that the
 * constructed state survives a free):
 *
 *   | object (size rounded up to 8 and to the alignment) |
 *
 * With SLAB_RED_ZONE / SLAB_POISON (slub_debug), as Linux's SLUB:
 *
 *   | left redzone | object | right redzone | free ptr | alloc ip | free ip |
 *     red_left_pad   object_size  (to inuse)   at offset   (struct slab_track)
 *
 * The redzones hold 0xcc while the object is allocated and 0xbb while it is
 * free; a free object holds 0x6b with 0xa5 in its last byte, a fresh one 0x5a.
 * s->size is the whole of it, rounded up to the alignment: the stride.
 */
#ifndef ATLAS_MM_SLAB_PRIV_H
#define ATLAS_MM_SLAB_PRIV_H

#include <asm/processor.h>
#include <mm/mm.h>
#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/string.h>
#include <mm/page.h>
#include <mm/slab.h>

#define SLAB_DEBUG_FLAGS   (SLAB_RED_ZONE | SLAB_POISON)
#define SLAB_KMALLOC       0x10000000u  /* one of the kmalloc caches (never destroyed) */

#define MAX_SLAB_ORDER     3            /* slabs of up to 8 pages, as SLUB's default */
#define MIN_OBJECTS        8            /* aim for at least this many objects per slab */
#define MIN_PARTIAL        5            /* empty slabs a cache keeps (SLUB's MIN_PARTIAL) */

/* Poison and redzone bytes, Linux's include/linux/poison.h. */
#define POISON_INUSE       0x5a         /* a fresh object, not yet written */
#define POISON_FREE        0x6b         /* a freed object */
#define POISON_END         0xa5         /* the last byte of a freed object */
#define SLUB_RED_INACTIVE  0xbb         /* redzone of a free object */
#define SLUB_RED_ACTIVE    0xcc         /* redzone of an allocated object */

struct kmem_cache {
	/* read by the fast paths */
	unsigned int flags;             /* SLAB_* */
	unsigned int offset;            /* of the free pointer, from the object's start */
	struct list_head partial;       /* slabs with a free object; allocation takes the first */
	unsigned int nr_empty;          /* slabs on partial with no object in use */
	unsigned int min_partial;       /* empty slabs kept before one goes back to buddy */
	unsigned int order;             /* a slab is 2^order pages */
	unsigned int object_size;       /* what the user asked for (kmalloc: the class size) */
	/* layout */
	unsigned int size;              /* stride: object and its metadata, aligned */
	unsigned int objects;           /* per slab */
	unsigned int align;
	unsigned int inuse;             /* end of the object and right redzone */
	unsigned int red_left_pad;      /* left redzone, before each object */
	gfp_t allocflags;               /* zone modifiers for the slabs' pages */
	void (*ctor)(void *);
	const char *name;
	unsigned long nr_slabs;         /* slabs of this cache */
	struct list_head list;          /* on slab_caches */
};

/* With debugging, what is stored after the free pointer (SLUB's struct track). */
struct slab_track {
	unsigned long alloc_ip;         /* last allocated by */
	unsigned long free_ip;          /* last freed by */
};

extern struct list_head slab_caches;    /* every cache, newest first (as /proc/slabinfo) */
extern bool slub_debug;                 /* slub_debug or selftest on the command line */
extern unsigned long slab_max_pfn;      /* end of RAM: virt_addr_valid() */

/* What /proc/slabinfo shows of one cache (Linux's struct slabinfo). */
struct slabinfo {
	unsigned long active_objs, num_objs, active_slabs, num_slabs;
	unsigned int objects_per_slab, cache_order;
};
void get_slabinfo(struct kmem_cache *s, struct slabinfo *info);

/* ---- the free list ---- */

static __always_inline void *get_freepointer(const struct kmem_cache *s, void *object)
{
	return *(void **)((char *)object + s->offset);
}

static __always_inline void set_freepointer(const struct kmem_cache *s, void *object, void *fp)
{
	*(void **)((char *)object + s->offset) = fp;
}

/*
 * Whether x lies in the direct map of RAM, where every page has a struct
 * page (not in the kernel image, whose __pa is valid too: no object is there;
 * not in a hole between RAM ranges, which has no struct pages).
 */
static __always_inline bool virt_addr_valid(const void *x)
{
	return (unsigned long)x < __START_KERNEL_map && PHYS_PFN(__pa(x)) < slab_max_pfn &&
	       pfn_valid(PHYS_PFN(__pa(x)));
}

/* The first page of the slab that holds page (a slab is naturally aligned). */
static __always_inline struct page *slab_head(const struct kmem_cache *s, struct page *page)
{
	return page - (page_to_pfn(page) & ((1UL << s->order) - 1));
}

static inline void *slab_address(struct page *slab)
{
	return page_address(slab);
}

/* Whether x is the start of one of slab's objects. */
static inline bool object_valid(const struct kmem_cache *s, struct page *slab, const void *x)
{
	const char *base = (const char *)slab_address(slab) + s->red_left_pad;
	unsigned long off = (const char *)x - base;

	return (const char *)x >= base && off % s->size == 0 && off / s->size < slab->objects;
}

/*
 * ---- the kmalloc caches (mm/kmalloc.c) ----
 * As Linux keeps them in include/linux/slab.h: kmalloc_caches[type][index]
 * is the cache of kmalloc_index(size) for a zone type, NULL until made (the
 * DMA and DMA32 ones at first use).
 */
enum kmalloc_cache_type { KMALLOC_NORMAL, KMALLOC_DMA, KMALLOC_DMA32, NR_KMALLOC_TYPES };

#define KMALLOC_SHIFT_LOW  3            /* kmalloc-8 */
#define KMALLOC_SHIFT_HIGH 13           /* kmalloc-8k */

extern struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
extern const u8 size_index[24];         /* kmalloc_index of sizes 1..192, by (size - 1) / 8 */

/* The size class of 1 <= size <= KMALLOC_MAX_CACHE_SIZE. */
static __always_inline unsigned int kmalloc_index(size_t size)
{
	if (size <= 192)
		return size_index[(size - 1) / 8];
	return 64 - __builtin_clzl(size - 1);       /* fls(size - 1): 256 -> 8 */
}

/* ---- slow paths (mm/slab.c) ---- */

/* A slab of s with a free object (the first partial one, else a new one), or NULL. */
struct page *get_partial_or_new(struct kmem_cache *s, gfp_t gfp);
/*
 * slab_alloc found no partial slab: make one and take an object from it.
 * Called inside mm_lock() (flags from it), and ends it (include/mm/mm.h).
 */
void *slab_alloc_new_slab(struct kmem_cache *s, gfp_t gfp, unsigned long flags);
/*
 * slab has just lost its last object in use and the cache has min_partial
 * empty slabs already (nr_empty counts this one too): give it back.  Called
 * inside mm_lock() (flags from it), and ends it (include/mm/mm.h).
 */
void slab_discard_empty(struct kmem_cache *s, struct page *slab, unsigned long flags);
/* A free of x that is not on s's free list (non-debug check): one line, nothing freed. */
void slab_report_double_free(struct kmem_cache *s, const void *x, unsigned long caller);

/*
 * kmem_cache_create without the checks of its arguments: kmalloc-8k's
 * objects are aligned to 8 KiB, more than a cache of the interface may ask.
 */
struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size, unsigned int align,
					unsigned int flags, void (*ctor)(void *));

/* Create the kmalloc caches (mm/kmalloc.c); kmem_cache_init calls it. */
void kmalloc_init(void);

/* ---- debugging (mm/slab_debug.c) ---- */

/* Poison and redzone a free object of a new slab. */
void slab_debug_init_free(struct kmem_cache *s, void *object);
void *slab_alloc_debug(struct kmem_cache *s, gfp_t gfp, unsigned long caller);
void slab_free_debug(struct kmem_cache *s, struct page *slab, void *x, unsigned long caller);
/* One line "BUG <cache> (Not tainted): <reason>: object 0x..., caller <symbol>". */
void slab_bug(const struct kmem_cache *s, const char *reason, const void *object,
	      const char *detail, unsigned long caller);

/* ---- the fast paths, inlined into kmem_cache_alloc/free and kmalloc/kfree ---- */

/*
 * Pop the first free object of slab, a slab on s->partial; inside mm_lock().
 * A slab that runs out of free objects leaves the partial list.
 */
static __always_inline void *slab_take_object(struct kmem_cache *s, struct page *slab)
{
	void *object = slab->freelist;

	slab->freelist = get_freepointer(s, object);
	if (unlikely(slab->inuse++ == 0))
		s->nr_empty--;
	if (unlikely(!slab->freelist))
		list_del(&slab->lru);           /* full: off the partial list */
	return object;
}

/*
 * Take an object from s: the first free object of the first partial slab,
 * inside mm_lock() (interrupt handlers never allocate: include/mm/mm.h).
 * The rare cases are calls at the very end (tail calls), which keeps this
 * path free of register saves.
 */
static __always_inline void *slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	unsigned long flags;
	struct page *slab;
	void *object;

	if (unlikely(s->flags & SLAB_DEBUG_FLAGS))
		return slab_alloc_debug(s, gfp, caller);
	flags = mm_lock();
	slab = list_first_entry(&s->partial, struct page, lru);
	if (unlikely(&slab->lru == &s->partial))
		return slab_alloc_new_slab(s, gfp, flags);
	object = slab_take_object(s, slab);
	mm_unlock(flags);
	if (unlikely(gfp & __GFP_ZERO))
		return memset(object, 0, s->object_size);
	return object;
}

/* Give x, an object of s in slab, back: push it on the slab's free list. */
static __always_inline void slab_free(struct kmem_cache *s, struct page *slab, void *x,
				      unsigned long caller)
{
	unsigned long flags;
	void *prior;

	if (unlikely(s->flags & SLAB_DEBUG_FLAGS)) {
		slab_free_debug(s, slab, x, caller);
		return;
	}
	flags = mm_lock();
	prior = slab->freelist;
	if (unlikely(x == prior)) {             /* the cheap double-free check of SLUB's hardening */
		mm_unlock(flags);
		slab_report_double_free(s, x, caller);
		return;
	}
	set_freepointer(s, x, prior);
	slab->freelist = x;
	if (unlikely(!prior))
		list_add(&slab->lru, &s->partial);      /* was full */
	/* an empty slab is kept while the cache has fewer than min_partial */
	if (unlikely(--slab->inuse == 0) && s->nr_empty++ >= s->min_partial) {
		slab_discard_empty(s, slab, flags);
		return;
	}
	mm_unlock(flags);
}

#endif
