/*
 * The slab allocator: caches of equal-sized objects carved from pages of the
 * buddy allocator.  The idea is Bonwick's ("The Slab Allocator: An
 * Object-Caching Kernel Memory Allocator", USENIX 1994); the shape is Linux's
 * SLUB (mm/slub.c) without per-CPU slabs: free objects are linked through
 * themselves, the slab's struct page holds the list head and counts, and the
 * cache keeps a list of partial slabs.  See mm/slab.h for the layout and the
 * fast paths (slab_alloc, slab_free), mm/slab_debug.c for poisoning and
 * redzones, mm/kmalloc.c for kmalloc.
 *
 *   kmem_cache_alloc  first free object of the first partial slab; if there
 *                     is no partial slab, a new one (new_slab)
 *   kmem_cache_free   push the object on its slab's list; a full slab becomes
 *                     partial again; an empty one is kept (up to min_partial
 *                     of them) or goes back to the buddy allocator
 *
 * With debugging on (slub_debug), min_partial is 0: a slab goes back the
 * moment its last object does, so the pages in use are exactly the slabs
 * with objects (the self-tests count pages to catch leaks).
 */
#define pr_fmt(fmt) "slab: " fmt

#include <kernel/cmdline.h>
#include <mm/mm.h>
#include <kernel/kernel.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>

#include "slab.h"

LIST_HEAD(slab_caches);
bool slub_debug;
unsigned long slab_max_pfn;

/* The cache the kmem_cache structures come from; itself static (Linux's boot_kmem_cache). */
static struct kmem_cache kmem_cache_boot;
static struct kmem_cache *kmem_cache;

/*
 * The slab order for objects of this stride (SLUB's calc_slab_order): the
 * smallest that holds MIN_OBJECTS objects (fewer for large objects) and wastes
 * at most 1/16 of the slab at its end, else 1/8, else 1/4.
 */
static unsigned int calculate_order(unsigned int size)
{
	unsigned int min_order = get_order(size);
	unsigned int max_order = max(min_order, (unsigned int)MAX_SLAB_ORDER);
	unsigned long min_objects = (PAGE_SIZE << max_order) / size;

	if (min_objects > MIN_OBJECTS)
		min_objects = MIN_OBJECTS;
	for (unsigned int fraction = 16; fraction >= 4; fraction /= 2) {
		for (unsigned int order = min_order; order <= max_order; order++) {
			unsigned long slab_size = PAGE_SIZE << order;

			if (slab_size / size >= min_objects && slab_size % size <= slab_size / fraction)
				return order;
		}
	}
	return max_order;
}

/*
 * The alignment of a cache's objects (Linux's calculate_alignment): at least
 * 8 (a pointer); SLAB_HWCACHE_ALIGN asks for the 64-byte cache line, or half
 * of it, a quarter ... for objects that small.
 */
static unsigned int calculate_alignment(unsigned int flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = 64;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	return ALIGN(max(align, 8u), 8u);
}

static gfp_t cache_allocflags(unsigned int flags)
{
	if (flags & SLAB_CACHE_DMA)
		return __GFP_DMA;
	if (flags & SLAB_CACHE_DMA32)
		return __GFP_DMA32;
	return 0;
}

/*
 * The object layout (see mm/slab.h): red_left_pad, inuse, offset and the
 * stride size, for s's object_size, align, flags and ctor (SLUB's
 * calculate_sizes).  The free pointer lives inside a free object unless the
 * object must keep its bytes while free: poisoned, or built by a ctor.
 */
static void calculate_sizes(struct kmem_cache *s)
{
	unsigned int size = ALIGN(s->object_size, (unsigned int)sizeof(void *));
	bool debug = s->flags & SLAB_DEBUG_FLAGS;

	if (s->flags & SLAB_RED_ZONE)   /* at least a word of right redzone */
		size = ALIGN(s->object_size + (unsigned int)sizeof(void *), (unsigned int)sizeof(void *));
	s->inuse = size;
	s->offset = 0;
	if (debug || s->ctor) {
		s->offset = size;
		size += sizeof(void *);
	}
	if (debug)
		size += sizeof(struct slab_track);
	s->red_left_pad = 0;
	if (s->flags & SLAB_RED_ZONE) {
		s->red_left_pad = ALIGN((unsigned int)sizeof(void *), s->align);
		size += s->red_left_pad;
	}
	s->size = ALIGN(size, s->align);
}

/* Fill in s and put it on slab_caches.  Returns 0, or -1 if size cannot be. */
static int kmem_cache_setup(struct kmem_cache *s, const char *name, unsigned int size,
			    unsigned int align, unsigned int flags, void (*ctor)(void *))
{
	*s = (struct kmem_cache){
		.name = name, .object_size = size, .ctor = ctor,
		.flags = flags | (slub_debug ? SLAB_DEBUG_FLAGS : 0),
		.align = calculate_alignment(flags, align, size),
		.allocflags = cache_allocflags(flags),
	};
	/* a debugged cache gives a slab back at once: pages in use = slabs with objects */
	s->min_partial = s->flags & SLAB_DEBUG_FLAGS ? 0 : MIN_PARTIAL;
	calculate_sizes(s);
	s->order = calculate_order(s->size);
	if (s->order > MAX_ORDER)
		return -1;
	s->objects = (PAGE_SIZE << s->order) / s->size;
	INIT_LIST_HEAD(&s->partial);
	list_add(&s->list, &slab_caches);
	return 0;
}

/* Whether name, size, align and flags make a cache kmem_cache_create can make. */
static bool cache_args_valid(const char *name, unsigned int size, unsigned int align,
			     unsigned int flags)
{
	const char *why = NULL;

	if (!name)
		why = "no name";
	else if (size == 0 || size > (PAGE_SIZE << (MAX_ORDER - 1)))
		why = "bad object size";
	else if (align & (align - 1) || align > PAGE_SIZE)
		why = "alignment not a power of two up to PAGE_SIZE";
	else if ((flags & SLAB_CACHE_DMA) && (flags & SLAB_CACHE_DMA32))
		why = "both SLAB_CACHE_DMA and SLAB_CACHE_DMA32";
	if (why)
		pr_err("kmem_cache_create(%s, size %u, align %u): %s\n",
		       name ? name : "(null)", size, align, why);
	return !why;
}

struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size, unsigned int align,
					unsigned int flags, void (*ctor)(void *))
{
	struct kmem_cache *s = slab_alloc(kmem_cache, GFP_KERNEL, _RET_IP_);

	if (!s) {
		pr_err("kmem_cache_create(%s): no memory\n", name);
		return NULL;
	}
	if (kmem_cache_setup(s, name, size, align, flags, ctor)) {
		pr_err("kmem_cache_create(%s, size %u): objects too large for a slab\n", name, size);
		kmem_cache_free(kmem_cache, s);
		return NULL;
	}
	return s;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned int flags, void (*ctor)(void *))
{
	if (!cache_args_valid(name, size, align, flags & ~SLAB_KMALLOC))
		return NULL;
	return __kmem_cache_create(name, size, align, flags & ~SLAB_KMALLOC, ctor);
}

/* ---- slabs ---- */

/* Mark every page of the slab as s's (or, with s NULL, as no slab's). */
static void slab_set_pages(struct page *slab, unsigned int order, struct kmem_cache *s)
{
	for (unsigned long i = 0; i < 1UL << order; i++) {
		slab[i].slab_cache = s;
		if (s)
			SetPageSlab(&slab[i]);
		else
			ClearPageSlab(&slab[i]);
	}
}

/* Link the slab's objects into its free list in address order, running the ctor on each. */
static void slab_init_objects(struct kmem_cache *s, struct page *slab)
{
	char *p = (char *)slab_address(slab) + s->red_left_pad;
	void **link = &slab->freelist;

	for (unsigned int i = 0; i < s->objects; i++, p += s->size) {
		if (s->flags & SLAB_DEBUG_FLAGS)
			slab_debug_init_free(s, p);
		if (s->ctor)
			s->ctor(p);
		*link = p;
		link = (void **)(p + s->offset);
	}
	*link = NULL;
}

/* A new empty slab for s, on its partial list; NULL if the buddy allocator has none. */
static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	gfp_t zone = __GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM | __GFP_MOVABLE;
	struct page *slab = alloc_pages((gfp & ~(zone | __GFP_ZERO)) | s->allocflags, s->order);

	if (!slab)
		return NULL;
	slab_set_pages(slab, s->order, s);
	slab->inuse = 0;
	slab->objects = s->objects;
	slab_init_objects(s, slab);
	list_add(&slab->lru, &s->partial);
	s->nr_empty++;
	s->nr_slabs++;
	return slab;
}

/* Give an empty slab, already off every list, back to the buddy allocator. */
static void discard_slab(struct kmem_cache *s, struct page *slab)
{
	slab->freelist = NULL;
	slab->objects = 0;
	slab_set_pages(slab, s->order, NULL);
	s->nr_slabs--;
	__free_pages(slab, s->order);
}

struct page *get_partial_or_new(struct kmem_cache *s, gfp_t gfp)
{
	if (!list_empty(&s->partial))
		return list_first_entry(&s->partial, struct page, lru);
	return new_slab(s, gfp);
}

void *slab_alloc_new_slab(struct kmem_cache *s, gfp_t gfp, unsigned long flags)
{
	struct page *slab = new_slab(s, gfp);
	void *object = slab ? slab_take_object(s, slab) : NULL;

	mm_unlock(flags);
	if (object && (gfp & __GFP_ZERO))
		memset(object, 0, s->object_size);
	return object;
}

void slab_discard_empty(struct kmem_cache *s, struct page *slab, unsigned long flags)
{
	s->nr_empty--;
	list_del(&slab->lru);
	discard_slab(s, slab);
	mm_unlock(flags);
}

void slab_report_double_free(struct kmem_cache *s, const void *x, unsigned long caller)
{
	slab_bug(s, "Object already free", x, "", caller);
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp, _RET_IP_);
}

void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp | __GFP_ZERO, _RET_IP_);
}

static __noinline void wrong_cache_free(struct kmem_cache *s, void *x, unsigned long caller)
{
	struct page *page = virt_addr_valid(x) ? virt_to_page(x) : NULL;

	printk(KERN_ERR "kmem_cache_free: Wrong slab cache. %s but object 0x%px is from %s, caller %pS\n",
	       s->name, x, page && PageSlab(page) ? page->slab_cache->name : "no cache",
	       (void *)caller);
}

void kmem_cache_free(struct kmem_cache *s, void *x)
{
	struct page *page = virt_to_page(x);

	if (unlikely(!x))
		return;
	if (unlikely(!virt_addr_valid(x) || !PageSlab(page) || page->slab_cache != s)) {
		wrong_cache_free(s, x, _RET_IP_);
		return;
	}
	slab_free(s, slab_head(s, page), x, _RET_IP_);
}

/* ---- shrinking, destroying, statistics ---- */

/* Discard s's empty slabs, inside mm_lock().  Returns the pages freed. */
static unsigned long shrink_locked(struct kmem_cache *s)
{
	struct page *slab, *next;
	unsigned long pages = 0;

	list_for_each_entry_safe(slab, next, &s->partial, lru) {
		if (slab->inuse)
			continue;
		list_del(&slab->lru);
		discard_slab(s, slab);
		pages += 1UL << s->order;
	}
	s->nr_empty = 0;
	return pages;
}

unsigned long kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long flags = mm_lock(), pages = shrink_locked(s);

	mm_unlock(flags);
	return pages;
}

unsigned long kmem_cache_shrink_all(void)
{
	struct kmem_cache *s;
	unsigned long pages = 0;

	list_for_each_entry(s, &slab_caches, list)
		pages += kmem_cache_shrink(s);
	return pages;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags;

	if (!s)
		return;
	if (s->flags & SLAB_KMALLOC || s == kmem_cache) {
		pr_err("kmem_cache_destroy %s: a boot cache is never destroyed (caller %pS)\n",
		       s->name, (void *)_RET_IP_);
		return;
	}
	flags = mm_lock();
	shrink_locked(s);
	if (s->nr_slabs) {
		mm_unlock(flags);
		printk(KERN_ERR "kmem_cache_destroy %s: Slab cache still has objects when called from %pS\n",
		       s->name, (void *)_RET_IP_);
		return;
	}
	list_del(&s->list);
	mm_unlock(flags);
	kmem_cache_free(kmem_cache, s);
}

void get_slabinfo(struct kmem_cache *s, struct slabinfo *info)
{
	unsigned long flags = mm_lock(), free = 0;
	struct page *slab;

	/* full slabs are on no list; only partial ones have free objects */
	list_for_each_entry(slab, &s->partial, lru)
		free += slab->objects - slab->inuse;
	*info = (struct slabinfo){
		.num_slabs = s->nr_slabs, .active_slabs = s->nr_slabs,
		.num_objs = s->nr_slabs * s->objects,
		.objects_per_slab = s->objects, .cache_order = s->order,
	};
	info->active_objs = info->num_objs - free;
	mm_unlock(flags);
}

/*
 * slabinfo: every cache in the format of Linux's /proc/slabinfo, version 2.1
 * (mm/slab_common.c: print_slabinfo_header, cache_show), newest cache first
 * as Linux lists them.  objsize is the stride (object and debug metadata), as
 * SLUB shows it; SLUB has no tunables and no shared arrays, so those columns
 * are 0.
 */
static void print_slabinfo_header(struct seq_file *m)
{
	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		 " : tunables <limit> <batchcount> <sharedfactor>"
		 " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
}

static void cache_show(struct seq_file *m, struct kmem_cache *s)
{
	struct slabinfo info;

	get_slabinfo(s, &info);
	seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d", s->name, info.active_objs, info.num_objs,
		   s->size, info.objects_per_slab, 1 << info.cache_order);
	seq_printf(m, " : tunables %4u %4u %4u", 0, 0, 0);
	seq_printf(m, " : slabdata %6lu %6lu %6lu\n", info.active_slabs, info.num_slabs, 0UL);
}

static int slabinfo_show(struct seq_file *m, void *v)
{
	struct kmem_cache *s;

	print_slabinfo_header(m);
	list_for_each_entry(s, &slab_caches, list)
		cache_show(m, s);
	return 0;
}
MONITOR_SHOW(slabinfo, "slab caches and their use, as /proc/slabinfo", slabinfo_show);

/* ---- boot ---- */

KERNEL_PARAM("slub_debug", "poison and redzone every slab object (on with selftest)");

void kmem_cache_init(void)
{
	slub_debug = cmdline_find(&boot_cmdline, "slub_debug") ||
		     cmdline_find(&boot_cmdline, "selftest");
	slab_max_pfn = PHYS_PFN(memblock_end_of_DRAM());
	kmem_cache = &kmem_cache_boot;
	kmem_cache_setup(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 0,
			 SLAB_HWCACHE_ALIGN, NULL);
	kmalloc_init();
	printk(KERN_INFO "SLUB: HWalign=64, Order=0-%d, MinObjects=%d, CPUs=1, Nodes=1, debug %s\n",
		MAX_SLAB_ORDER, MIN_OBJECTS, slub_debug ? "on (poison, redzones)" : "off");
}
