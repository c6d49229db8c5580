/*
 * The slab allocator: caches of equal-sized objects carved from pages of the
 * buddy allocator.  The idea is Bonwick's ("The Slab Allocator: An
 * Object-Caching Kernel Memory Allocator", USENIX 1994); the shape is Linux's
 * SLUB (mm/slub.c): free objects are linked through themselves, the slab's
 * struct page holds the list head and counts, each CPU allocates from a slab
 * of its own without a lock, and the cache's node keeps a list of partial
 * slabs under its list_lock.  See mm/slab.h for the layout and the fast
 * paths (slab_alloc, slab_free), mm/slab_debug.c for poisoning and
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
#include <kernel/cmdline.h>
#include <kernel/cpumask.h>
#include <kernel/smp.h>
#include <mm/mm.h>
#include <kernel/kernel.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>

#include "slab.h"

LIST_HEAD(slab_caches);
DEFINE_SPINLOCK(slab_caches_lock);
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
	return slab;
}

void discard_slab(struct kmem_cache *s, struct page *slab)
{
	slab->freelist = NULL;
	slab->objects = 0;
	slab->frozen = 0;
	slab_set_pages(slab, s->order, NULL);
	atomic_long_dec(&get_node(s, 0)->nr_slabs);
	__free_pages(slab, s->order);
}

/* ---- the slow paths: this CPU's slab, the node's partial list ---- */

/* Put slab (not frozen, with a free object) on n's partial list; under list_lock. */
static void add_partial(struct kmem_cache_node *n, struct page *slab)
{
	list_add(&slab->lru, &n->partial);
	n->nr_partial++;
	if (!slab->inuse)
		n->nr_empty++;
}

static void remove_partial(struct kmem_cache_node *n, struct page *slab)
{
	list_del(&slab->lru);
	n->nr_partial--;
	if (!slab->inuse)
		n->nr_empty--;
}

/*
 * slab has just become empty, on n's partial list: whether to give it back
 * (the node keeps min_partial empty slabs).  If so it is off the list, to be
 * discarded once list_lock is dropped.  Under list_lock.
 */
static bool slab_empty_goes_back(struct kmem_cache *s, struct kmem_cache_node *n,
				 struct page *slab)
{
	if (n->nr_empty >= s->min_partial) {
		list_del(&slab->lru);
		n->nr_partial--;
		return true;
	}
	n->nr_empty++;
	return false;
}

/* Take every object of slab's own list, for the CPU that has it frozen; under list_lock. */
static void *take_slab_freelist(struct page *slab)
{
	void *freelist = slab->freelist;

	slab->freelist = NULL;
	slab->inuse = slab->objects;
	return freelist;
}

void flush_slab(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct kmem_cache_node *n = get_node(s, 0);
	struct page *slab = c->slab;
	void *p = c->freelist, *next;
	bool discard = false;
	unsigned long flags;

	c->slab = NULL;
	c->freelist = NULL;
	if (!slab)
		return;
	mm_spin_lock_irqsave(&n->list_lock, flags);
	for (; p; p = next) {           /* this CPU's objects back onto the slab */
		next = get_freepointer(s, p);
		set_freepointer(s, p, slab->freelist);
		slab->freelist = p;
		slab->inuse--;
	}
	slab->frozen = 0;
	if (slab->freelist) {
		add_partial(n, slab);
		if (!slab->inuse) {
			n->nr_empty--;  /* counted again by slab_empty_goes_back */
			discard = slab_empty_goes_back(s, n, slab);
		}
	}
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	if (discard)
		discard_slab(s, slab);
}

/* The first partial slab, taken off the list and frozen, with its objects in *freelist. */
static struct page *get_partial(struct kmem_cache *s, void **freelist)
{
	struct kmem_cache_node *n = get_node(s, 0);
	struct page *slab = NULL;
	unsigned long flags;

	mm_spin_lock_irqsave(&n->list_lock, flags);
	if (!list_empty(&n->partial)) {
		slab = list_first_entry(&n->partial, struct page, lru);
		remove_partial(n, slab);
		slab->frozen = 1;
		*freelist = take_slab_freelist(slab);
	}
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	return slab;
}

/* Objects other CPUs freed to this CPU's frozen slab, taken back; or NULL. */
static void *get_freelist(struct kmem_cache *s, struct page *slab)
{
	struct kmem_cache_node *n = get_node(s, 0);
	unsigned long flags;
	void *freelist;

	mm_spin_lock_irqsave(&n->list_lock, flags);
	freelist = take_slab_freelist(slab);
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	return freelist;
}

/*
 * This CPU's list (c, marked active) is empty: a list from its slab, a
 * partial slab or a new one (SLUB's ___slab_alloc).  Interrupts stay on: a
 * handler that allocates meanwhile finds c active and leaves it alone.
 */
void *__slab_alloc(struct kmem_cache *s, struct kmem_cache_cpu *c, gfp_t gfp)
{
	void *object = NULL, *freelist = NULL;
	struct page *slab;

	flush_deferred(s, c);           /* they may make a slab partial, to be used next */
	if (c->slab) {
		freelist = get_freelist(s, c->slab);
		if (!freelist)
			flush_slab(s, c);       /* full: it goes on no list */
	}
	if (!freelist) {
		slab = get_partial(s, &freelist);
		if (!slab) {
			slab = new_slab(s, gfp);
			if (slab) {
				slab->frozen = 1;
				freelist = take_slab_freelist(slab);
			}
		}
		c->slab = slab;
	}
	if (freelist) {
		object = freelist;
		c->freelist = get_freepointer(s, object);
	}
	cpu_slab_put(c);
	if (object && (gfp & __GFP_ZERO))
		memset(object, 0, s->object_size);
	return object;
}

void *slab_alloc_node_locked(struct kmem_cache *s, gfp_t gfp)
{
	struct kmem_cache_node *n = get_node(s, 0);
	struct page *slab;
	unsigned long flags;
	void *object;

	mm_spin_lock_irqsave(&n->list_lock, flags);
	if (list_empty(&n->partial)) {
		mm_spin_unlock_irqrestore(&n->list_lock, flags);
		slab = new_slab(s, gfp);
		if (!slab)
			return NULL;
		mm_spin_lock_irqsave(&n->list_lock, flags);
		add_partial(n, slab);
	}
	slab = list_first_entry(&n->partial, struct page, lru);
	object = slab->freelist;
	slab->freelist = get_freepointer(s, object);
	if (slab->inuse++ == 0)
		n->nr_empty--;
	if (!slab->freelist) {
		list_del(&slab->lru);
		n->nr_partial--;
	}
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	if (gfp & __GFP_ZERO)
		memset(object, 0, s->object_size);
	return object;
}

/*
 * Put x on slab's own freelist, under n's list_lock: a full slab becomes
 * partial, an empty one may go back (true: it is off every list, to be
 * discarded once the lock is dropped).  A double free at the head of the
 * list is reported and ignored.
 */
static bool free_to_slab(struct kmem_cache *s, struct kmem_cache_node *n, struct page *slab,
			 void *x, unsigned long caller)
{
	void *prior = slab->freelist;

	if (unlikely(x == prior)) {
		slab_report_double_free(s, x, caller);
		return false;
	}
	set_freepointer(s, x, prior);
	slab->freelist = x;
	slab->inuse--;
	if (slab->frozen)               /* a frozen slab's CPU takes the object back itself */
		return false;
	if (!prior) {
		add_partial(n, slab);   /* was full */
		return false;
	}
	return !slab->inuse && slab_empty_goes_back(s, n, slab);
}

void __slab_free(struct kmem_cache *s, struct page *slab, void *x, unsigned long caller)
{
	struct kmem_cache_node *n = get_node(s, 0);
	unsigned long flags;
	bool discard;

	mm_spin_lock_irqsave(&n->list_lock, flags);
	discard = free_to_slab(s, n, slab, x, caller);
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	if (discard)
		discard_slab(s, slab);
}

void flush_deferred(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct kmem_cache_node *n = get_node(s, 0);
	void *p = c->deferred, *next;
	struct page *slab, *tmp;
	unsigned long flags;
	LIST_HEAD(discard);

	if (!p)
		return;
	c->deferred = NULL;
	c->nr_deferred = 0;
	mm_spin_lock_irqsave(&n->list_lock, flags);
	for (; p; p = next) {
		next = get_freepointer(s, p);
		slab = slab_head(s, virt_to_page(p));
		if (free_to_slab(s, n, slab, p, _RET_IP_))
			list_add(&slab->lru, &discard);
	}
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	list_for_each_entry_safe(slab, tmp, &discard, lru)
		discard_slab(s, slab);
}

void slab_free_deferred(struct kmem_cache *s, struct kmem_cache_cpu *c, void *x,
			unsigned long caller)
{
	if (unlikely(x == c->deferred)) {
		cpu_slab_put(c);
		slab_report_double_free(s, x, caller);
		return;
	}
	set_freepointer(s, x, c->deferred);
	c->deferred = x;
	if (++c->nr_deferred >= SLAB_DEFER_MAX)
		flush_deferred(s, c);
	cpu_slab_put(c);
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
	kmem_cache_shrink(s);
	if (atomic_long_read(&get_node(s, 0)->nr_slabs)) {
		printk(KERN_ERR "kmem_cache_destroy %s: Slab cache still has objects when called from %pS\n",
		       s->name, (void *)_RET_IP_);
		return;
	}
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_del(&s->list);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	free_percpu(s->cpu_slab);
	kmem_cache_free(kmem_cache, s);
}

/* What is wrong with a free list of slab (count objects), or NULL; *n: its length. */
static const char *check_freelist(struct kmem_cache *s, struct page *slab, void *fp,
				  unsigned int *n)
{
	for (*n = 0; fp; fp = get_freepointer(s, fp), ++*n)
		if (!object_valid(s, slab, fp) || *n >= slab->objects)
			return "a free object outside its slab, or a list longer than the slab";
	return NULL;
}

/* What is wrong with n's partial list, or NULL; under list_lock. */
static const char *check_partial(struct kmem_cache *s, struct kmem_cache_node *n)
{
	unsigned long nr = 0, empty = 0;
	struct page *slab;
	unsigned int nfree;
	const char *why;

	list_for_each_entry(slab, &n->partial, lru) {
		if (++nr > slab_nr_slabs(s) || slab->frozen)
			return "a frozen slab, or more partial slabs than slabs";
		why = check_freelist(s, slab, slab->freelist, &nfree);
		if (why)
			return why;
		if (!nfree || nfree + slab->inuse != slab->objects)
			return "a partial slab's inuse does not match its free list";
		empty += !slab->inuse;
	}
	if (nr != n->nr_partial || empty != n->nr_empty)
		return "nr_partial or nr_empty does not match the list";
	return NULL;
}

/* What is wrong with cpu's slab of s, or NULL (its owner must not be using it). */
static const char *check_cpu_slab(struct kmem_cache *s, unsigned int cpu)
{
	struct kmem_cache_cpu *c = per_cpu_ptr(s->cpu_slab, cpu);
	unsigned int on_cpu, on_slab;
	const char *why;

	unsigned long nr = 0;

	for (void *p = c->deferred; p; p = get_freepointer(s, p)) {
		struct page *page = virt_addr_valid(p) ? virt_to_page(p) : NULL;

		if (!page || !PageSlab(page) || page->slab_cache != s ||
		    !object_valid(s, slab_head(s, page), p) || ++nr > c->nr_deferred)
			return "a deferred free that is not an object of this cache";
	}
	if (nr != c->nr_deferred)
		return "nr_deferred does not match the list";
	if (!c->slab)
		return c->freelist ? "a CPU list without a CPU slab" : NULL;
	if (!c->slab->frozen || !PageSlab(c->slab) || c->slab->slab_cache != s)
		return "a CPU slab that is not frozen, or not this cache's";
	why = check_freelist(s, c->slab, c->freelist, &on_cpu);
	if (!why)
		why = check_freelist(s, c->slab, c->slab->freelist, &on_slab);
	if (!why && on_cpu > c->slab->inuse)
		why = "a CPU list longer than the slab's objects in use";
	if (!why && on_slab + c->slab->inuse != c->slab->objects)
		why = "a CPU slab's inuse does not match its own free list";
	return why;
}

int slab_check_cache(struct kmem_cache *s)
{
	struct kmem_cache_node *n = get_node(s, 0);
	const char *why;
	unsigned long flags;
	unsigned int cpu;
	int bad_cpu = -1;

	mm_spin_lock_irqsave(&n->list_lock, flags);
	why = check_partial(s, n);
	for_each_online_cpu(cpu) {
		if (why || (s->flags & SLAB_DEBUG_FLAGS))
			break;
		why = check_cpu_slab(s, cpu);
		bad_cpu = (int)cpu;
	}
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	if (why && bad_cpu >= 0)
		pr_err("slab %s: cpu %d: %s\n", s->name, bad_cpu, why);
	else if (why)
		pr_err("slab %s: partial list: %s\n", s->name, why);
	return why ? -EINVAL : 0;
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
	kmem_cache = &kmem_cache_boot;
	kmem_cache_setup(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 0,
			 SLAB_HWCACHE_ALIGN, NULL);
	kmalloc_init();
	printk(KERN_INFO "SLUB: HWalign=64, Order=0-%d, MinObjects=%d, CPUs=%u, Nodes=1, debug %s\n",
		MAX_SLAB_ORDER, MIN_OBJECTS, nr_cpu_ids, slub_debug ? "on (poison, redzones)" : "off");
}
