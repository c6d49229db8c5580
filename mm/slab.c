/*
 * The slab allocator: caches of equal-sized objects carved from pages of the
 * buddy allocator.  The idea is Bonwick's ("The Slab Allocator: An
 * Object-Caching Kernel Memory Allocator", USENIX 1994); the shape is Linux's
 * SLUB (mm/slub.c): free objects are linked through themselves, the slab's
 * struct page holds the list head and counts, each CPU allocates from a slab
 * of its own without a lock, and the cache's node keeps a list of partial
 * slabs under its list_lock.  See mm/slab.h for the layout and the fast
 * paths (slab_alloc, slab_free), mm/slab_cpu.c for the slow paths behind
 * them and the node's partial list, mm/slab_debug.c for poisoning and
 * redzones, mm/kmalloc.c for kmalloc.
 *
 *   kmem_cache_alloc  pop this CPU's list (no lock); when it is empty
 *                     (__slab_alloc): take the objects freed
 *                     to this CPU's slab by other CPUs, else give that slab
 *                     back and take the first partial slab, else a new one
 *   kmem_cache_free   push onto this CPU's list if the object is of this
 *                     CPU's slab; else onto its slab's own list under
 *                     list_lock (__slab_free): a full slab becomes partial
 *                     again; an empty one is kept (up to min_partial of
 *                     them) or goes back to the buddy allocator
 *
 * With debugging on (slub_debug), min_partial is 0: a slab goes back the
 * moment its last object does, so the pages in use are exactly the slabs
 * with objects (the self-tests count pages to catch leaks).
 */
#define pr_fmt(fmt) "slab: " fmt

#include <errno.h>
#include <fs/proc_fs.h>
#include <kernel/cmdline.h>
#include <kernel/cpumask.h>
#include <kernel/smp.h>
#include <mm/mm.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/vmstat.h>

#include "slab.h"

LIST_HEAD(slab_caches);
DEFINE_SPINLOCK(slab_caches_lock);
bool slub_debug;
unsigned long slab_max_pfn;
const unsigned long *slab_valid_blocks;

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
	unsigned long flags_irq;

	*s = (struct kmem_cache){
		.name = name, .object_size = size, .ctor = ctor,
		.flags = flags | (slub_debug && !(flags & SLAB_NO_DEBUG) ? SLAB_DEBUG_FLAGS : 0),
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
	s->cpu_slab = alloc_percpu(struct kmem_cache_cpu);
	if (!s->cpu_slab)
		return -1;
	spin_lock_init(&s->node[0].list_lock);
	INIT_LIST_HEAD(&s->node[0].partial);
	spin_lock_irqsave(&slab_caches_lock, flags_irq);
	list_add(&s->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags_irq);
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
		pr_err("kmem_cache_create(%s, size %u): objects too large for a slab, or no per-CPU memory\n",
		       name, size);
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
#ifndef LAB4_STARTER	/* LAB 4 BEGIN: carve a new slab into a free list of objects */
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
#else			/* LAB 4 STARTER */
	/*
	 * TODO (lab 4, exercise 1): link the slab's s->objects objects into
	 * slab->freelist in address order, as Linux's allocate_slab
	 * (mm/slub.c) does.  Object i starts at slab_address(slab) +
	 * s->red_left_pad + i * s->size; each free object holds the address of
	 * the next at s->offset (set_freepointer), the last one NULL.  Before
	 * linking an object, give it its debug bytes if the cache is debugged
	 * (s->flags & SLAB_DEBUG_FLAGS: slab_debug_init_free) and run the
	 * cache's constructor on it if it has one (s->ctor).
	 */
	lab_panic_not_implemented(4, "carving a new slab into its free list (slab_init_objects)");
#endif			/* LAB 4 END */
}

struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	gfp_t zone = __GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM | __GFP_MOVABLE;
	struct page *slab = alloc_pages((gfp & ~(zone | __GFP_ZERO)) | s->allocflags, s->order);

	if (!slab)
		return NULL;
	slab_set_pages(slab, s->order, s);
	slab->inuse = 0;
	slab->frozen = 0;
	slab->objects = s->objects;
	slab_init_objects(s, slab);
	atomic_long_inc(&get_node(s, 0)->nr_slabs);
	mod_node_page_state(NR_SLAB_UNRECLAIMABLE, 1L << s->order);
	return slab;
}

void discard_slab(struct kmem_cache *s, struct page *slab)
{
	slab->freelist = NULL;
	slab->objects = 0;
	slab->frozen = 0;
	slab_set_pages(slab, s->order, NULL);
	atomic_long_dec(&get_node(s, 0)->nr_slabs);
	mod_node_page_state(NR_SLAB_UNRECLAIMABLE, -(1L << s->order));
	__free_pages(slab, s->order);
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

/* Give this CPU's slab of s back to the node (in an IPI, or here: interrupts off). */
static void flush_cpu_slab(void *cache)
{
	struct kmem_cache *s = cache;

	struct kmem_cache_cpu *c = this_cpu_ptr(s->cpu_slab);

	/* busy: an IPI in the middle of this CPU's fast path, which keeps its slab */
	if (!(s->flags & SLAB_DEBUG_FLAGS) && cpu_slab_get(c)) {
		flush_deferred(s, c);
		flush_slab(s, c);
		cpu_slab_put(c);
	}
}

void kmem_cache_flush_this_cpu(void)
{
	struct kmem_cache *s;
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(s, &slab_caches, list)
		flush_cpu_slab(s);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

static void flush_all_cpu_slabs(void *unused)
{
	kmem_cache_flush_this_cpu();
}

/*
 * Every CPU's slab of s back to the node (Linux's flush_all): by IPI to the
 * other CPUs (on_each_cpu), so the node's lists then hold every free object.
 */
static void flush_all(struct kmem_cache *s)
{
	on_each_cpu(flush_cpu_slab, s, 1);
}

/* Discard s's empty partial slabs.  Returns the pages freed. */
static unsigned long shrink_node(struct kmem_cache *s)
{
	struct kmem_cache_node *n = get_node(s, 0);
	struct page *slab, *next;
	unsigned long pages = 0, flags;
	LIST_HEAD(discard);

	mm_spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry_safe(slab, next, &n->partial, lru) {
		if (slab->inuse)
			continue;
		list_move(&slab->lru, &discard);
		n->nr_partial--;
	}
	n->nr_empty = 0;
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	list_for_each_entry_safe(slab, next, &discard, lru) {
		discard_slab(s, slab);
		pages += 1UL << s->order;
	}
	return pages;
}

unsigned long kmem_cache_shrink(struct kmem_cache *s)
{
	flush_all(s);
	return shrink_node(s);
}

unsigned long kmem_cache_shrink_all(void)
{
	struct kmem_cache *s;
	unsigned long pages = 0, flags;

	on_each_cpu(flush_all_cpu_slabs, NULL, 1);
	/* a cache destroyed meanwhile is off the list: its slabs were shrunk */
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(s, &slab_caches, list)
		pages += shrink_node(s);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return pages;
}

/* Take s, a cache with no slab, off slab_caches and free it. */
static void kmem_cache_release(struct kmem_cache *s)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_del(&s->list);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	free_percpu(s->cpu_slab);
	kmem_cache_free(kmem_cache, s);
}

void kmem_cache_destroy(struct kmem_cache *s)
{

	if (!s)
		return;
	if (s->flags & SLAB_KMALLOC || s == kmem_cache) {
		pr_err("kmem_cache_destroy %s: a boot cache is never destroyed (caller %pS)\n",
		       s->name, (void *)_RET_IP_);
		return;
	}
	kmem_cache_shrink(s);
	if (atomic_long_read(&get_node(s, 0)->nr_slabs)) {
		printk(KERN_ERR "kmem_cache_destroy %s: Slab cache still has objects when called from %pS\n",
		       s->name, (void *)_RET_IP_);
		return;
	}
	kmem_cache_release(s);
}

/*
 * Bytes of objects allocated now from every cache (object_size each).  Exact
 * once kmem_cache_shrink_all() has brought the CPUs' slabs back to their
 * caches.  The self-test runner's leak check counts this, not slab pages: a
 * case that frees an old object and allocates a new one (a driver bound
 * afresh) may leave it in another slab page without leaking anything.
 */
unsigned long kmem_cache_bytes_in_use(void)
{
	unsigned long bytes = 0, flags;
	struct kmem_cache *s;
	struct slabinfo info;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(s, &slab_caches, list) {
		get_slabinfo(s, &info);
		bytes += info.active_objs * s->object_size;
	}
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return bytes;
}

/*
 * As Linux's SLUB counts: objects on partial slabs' own lists are free;
 * every other object, those on a CPU's list included, is active.
 */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *info)
{
	struct kmem_cache_node *n = get_node(s, 0);
	unsigned long flags, free = 0, nr_slabs;
	struct page *slab;

	mm_spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry(slab, &n->partial, lru)
		free += slab->objects - slab->inuse;
	nr_slabs = atomic_long_read(&n->nr_slabs);
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	*info = (struct slabinfo){
		.num_slabs = nr_slabs, .active_slabs = nr_slabs,
		.num_objs = nr_slabs * s->objects,
		.objects_per_slab = s->objects, .cache_order = s->order,
	};
	info->active_objs = info->num_objs - free;
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
	unsigned long flags;

	print_slabinfo_header(m);
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(s, &slab_caches, list)
		cache_show(m, s);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return 0;
}
MONITOR_SHOW(slabinfo, "slab caches and their use, as /proc/slabinfo", slabinfo_show);
PROC_SHOW("slabinfo", slabinfo_show);

/* ---- boot ---- */

KERNEL_PARAM("slub_debug", "poison and redzone every slab object (on with selftest)");
KERNEL_PARAM("mm_debug_nolock",
	     "allocators skip their locks and the per-CPU busy marks (to show the stress test failing; never in normal use)");

void kmem_cache_init(void)
{
	slub_debug = cmdline_find(&boot_cmdline, "slub_debug") ||
		     cmdline_find(&boot_cmdline, "selftest");
	mm_debug_nolock = cmdline_find(&boot_cmdline, "mm_debug_nolock");
	if (mm_debug_nolock)
		pr_warn("mm_debug_nolock: the allocators take no locks (a demonstration: they will break)\n");
	slab_max_pfn = PHYS_PFN(memblock_end_of_DRAM());
	slab_valid_blocks = pfn_valid_blocks();
	kmem_cache = &kmem_cache_boot;
	kmem_cache_setup(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 0,
			 SLAB_HWCACHE_ALIGN, NULL);
	kmalloc_init();
}

void kmem_cache_print_banner(void)
{
	printk(KERN_INFO "SLUB: HWalign=64, Order=0-%d, MinObjects=%d, CPUs=%u, Nodes=1, debug %s\n",
		MAX_SLAB_ORDER, MIN_OBJECTS, nr_cpu_ids, slub_debug ? "on (poison, redzones)" : "off");
}
