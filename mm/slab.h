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
 *   page->inuse      objects not on page->freelist
 *   page->objects    objects in the slab
 *   page->frozen     a CPU's slab (below): on no list
 *   page->lru        on the node's partial list while the slab has a free
 *                    object and is not frozen
 *
 * A full slab is on no list: nothing needs to find it until one of its
 * objects is freed, and kfree finds it from the object's address.  Because a
 * slab is naturally aligned, the head of the slab holding any page is the
 * page whose pfn has the low order bits cleared (slab_head()).
 *
 * Per-CPU slabs, SLUB's design.  Each CPU has a struct kmem_cache_cpu per
 * cache (alloc_percpu): the slab it allocates from ("frozen": no other CPU
 * takes objects from it) and that slab's free objects, taken off the slab
 * all at once, as a list of its own:
 *
 *   CPU 0: { freelist -> o3 -> o7 -> NULL, slab A, active 0 }   no lock
 *   CPU 1: { freelist -> o2 -> NULL,       slab B, active 0 }   no lock
 *   node:  list_lock { partial: C <-> D }                         locked
 *
 * Only its CPU touches a kmem_cache_cpu, so the fast paths (slab_alloc,
 * slab_free below) need no lock and no atomic instruction; what remains is
 * an interrupt on the same CPU that uses the same cache (GFP_ATOMIC) in the
 * middle of a fast path.  SLUB's answer is a transaction id bumped by every
 * change and one cmpxchg16b on (freelist, tid); Atlas marks the structure
 * busy instead: the fast path sets c->active (one store), works, clears it;
 * an interrupt handler that finds it set leaves this CPU's slab alone and
 * takes or gives back its object under the node's list_lock.  Interrupts
 * nest, so the handler has finished before the interrupted path goes on,
 * and the check-then-set needs no atomic.  Measured under QEMU's TCG, where
 * the kernel's benchmarks run: a this_cpu cmpxchg16b costs 75 cycles, a
 * local_irq_save/restore pair 73, a locked cmpxchg 33, setting and clearing
 * the flag 6 (see bench/slab.c, percpu_ops) -- the flag keeps kmalloc+kfree
 * under half of Linux's time there, cmpxchg16b did not.
 *
 * A free to a slab that is not this CPU's goes on c->deferred, and every
 * SLAB_DEFER_MAX of them go back to their slabs' own freelists under one
 * list_lock (flush_deferred; Linux's kmem_cache_free_bulk does the same
 * batching, and its detached freelists are the runs here): the list keeps
 * the order of the frees, so one slab's objects mostly lie next to each
 * other, already linked, and each such run is spliced onto its slab with
 * one update of the slab's freelist, inuse and list.  The CPU owning a
 * frozen slab takes such objects back when its list runs out (__slab_alloc).  An interrupt handler's free that finds c
 * busy goes straight to its slab (__slab_free).
 */
#ifndef ATLAS_MM_SLAB_PRIV_H
#define ATLAS_MM_SLAB_PRIV_H

#include <asm/atomic.h>
#include <asm/processor.h>
#include <kernel/percpu.h>
#include <kernel/sched.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <kernel/compiler.h>
#include <kernel/lab.h>
#include <kernel/list.h>
#include <kernel/string.h>
#include <mm/page.h>
#include <mm/slab.h>

#define SLAB_DEBUG_FLAGS   (SLAB_RED_ZONE | SLAB_POISON)
#define SLAB_KMALLOC       0x10000000u  /* one of the kmalloc caches (never destroyed) */
#define SLAB_NO_DEBUG      0x20000000u  /* not debugged under slub_debug: the stress test's fast-path caches */

#define MAX_SLAB_ORDER     3            /* slabs of up to 8 pages, as SLUB's default */
#define MIN_OBJECTS        8            /* aim for at least this many objects per slab */
#define MIN_PARTIAL        5            /* empty slabs a cache keeps (SLUB's MIN_PARTIAL) */

/* Poison and redzone bytes, Linux's include/linux/poison.h. */
#define POISON_INUSE       0x5a         /* a fresh object, not yet written */
#define POISON_FREE        0x6b         /* a freed object */
#define POISON_END         0xa5         /* the last byte of a freed object */
#define SLUB_RED_INACTIVE  0xbb         /* redzone of a free object */
#define SLUB_RED_ACTIVE    0xcc         /* redzone of an allocated object */

/* A CPU's slab and its free objects (SLUB's struct kmem_cache_cpu); all-zero: none. */
struct kmem_cache_cpu {
	void *freelist;                 /* next object to hand out */
	struct page *slab;              /* the frozen slab the freelist's objects come from */
	unsigned long active;           /* this CPU is in the middle of using it */
	void *deferred;                 /* freed objects of other slabs, not yet given back */
	unsigned long nr_deferred;
};

/* Frees to other slabs are given back SLAB_DEFER_MAX at a time, under one list_lock. */
#define SLAB_DEFER_MAX     64

/* The partial slabs of the (one) NUMA node (SLUB's struct kmem_cache_node). */
struct kmem_cache_node {
	spinlock_t list_lock;           /* partial, nr_partial, nr_empty; each slab's freelist */
	struct list_head partial;       /* slabs with a free object, not frozen */
	unsigned long nr_partial;
	unsigned long nr_empty;         /* slabs on partial with no object in use */
	atomic_long_t nr_slabs;         /* slabs of this cache */
};

struct kmem_cache {
	/* read by the fast paths */
	struct kmem_cache_cpu __percpu *cpu_slab;
	unsigned int flags;             /* SLAB_* */
	unsigned int offset;            /* of the free pointer, from the object's start */
	unsigned int object_size;       /* what the user asked for (kmalloc: the class size) */
	unsigned int min_partial;       /* empty slabs kept before one goes back to buddy */
	unsigned int order;             /* a slab is 2^order pages */
	/* layout */
	unsigned int size;              /* stride: object and its metadata, aligned */
	unsigned int objects;           /* per slab */
	unsigned int align;
	unsigned int inuse;             /* end of the object and right redzone */
	unsigned int red_left_pad;      /* left redzone, before each object */
	gfp_t allocflags;               /* zone modifiers for the slabs' pages */
	void (*ctor)(void *);
	const char *name;
	struct list_head list;          /* on slab_caches */
	struct kmem_cache_node node[1]; /* one node: get_node(s, 0) */
};

static __always_inline struct kmem_cache_node *get_node(struct kmem_cache *s, int node)
{
	return &s->node[node];
}

/* How many slabs s has (any state). */
static inline unsigned long slab_nr_slabs(struct kmem_cache *s)
{
	return (unsigned long)atomic_long_read(&get_node(s, 0)->nr_slabs);
}

/* With debugging, what is stored after the free pointer (SLUB's struct track). */
struct slab_track {
	unsigned long alloc_ip;         /* last allocated by */
	unsigned long free_ip;          /* last freed by */
};

extern struct list_head slab_caches;    /* every cache, newest first (as /proc/slabinfo) */
extern spinlock_t slab_caches_lock;     /* slab_caches (Linux's slab_mutex) */
extern bool slub_debug;                 /* slub_debug or selftest on the command line */
extern unsigned long slab_max_pfn;      /* end of RAM: virt_addr_valid() */
extern const unsigned long *slab_valid_blocks;  /* pfn_valid_blocks(), or NULL */

/* What /proc/slabinfo shows of one cache (Linux's struct slabinfo). */
struct slabinfo {
	unsigned long active_objs, num_objs, active_slabs, num_slabs;
	unsigned int objects_per_slab, cache_order;
};
void get_slabinfo(struct kmem_cache *s, struct slabinfo *info);
/*
 * Check s's partial list and every online CPU's slab of it (their free
 * lists inside their slabs, the counts right).  Only in a quiet moment: no
 * CPU using s.  0, or -EINVAL after one line.
 */
int slab_check_cache(struct kmem_cache *s);

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
 * not in a hole between RAM ranges, which has no struct pages).  pfn_valid's
 * bitmap is tested inline: the call cost kfree a quarter of its time under TCG.
 */
static __always_inline bool virt_addr_valid(const void *x)
{
	unsigned long pfn = PHYS_PFN(__pa(x)), b = pfn / MAX_ORDER_NR_PAGES;

	if ((unsigned long)x >= __START_KERNEL_map || pfn >= slab_max_pfn)
		return false;
	if (likely(slab_valid_blocks))
		return slab_valid_blocks[b / BITS_PER_LONG] & (1UL << (b % BITS_PER_LONG));
	return pfn_valid(pfn);
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
#ifndef LAB4_STARTER	/* LAB 4 BEGIN: the size class of a kmalloc */
	if (size <= 192)
		return size_index[(size - 1) / 8];
	return 64 - __builtin_clzl(size - 1);       /* fls(size - 1): 256 -> 8 */
#else			/* LAB 4 STARTER */
	/*
	 * TODO (lab 4, exercise 4): return the index of the smallest kmalloc
	 * cache that holds size bytes, as Linux's kmalloc_slab (mm/slab.h;
	 * mm/slab_common.c before 6.8): index i is the cache kmalloc-2^i,
	 * except 1 (kmalloc-96) and 2 (kmalloc-192).  Sizes up to 192 look
	 * their index up in size_index[] (mm/kmalloc.c) at (size - 1) / 8;
	 * larger ones take fls(size - 1), the position of the highest bit set
	 * (__builtin_clzl counts the zero bits above it).  Meanwhile every
	 * kmalloc takes an 8 KiB object.
	 */
	lab_not_implemented(4, "kmalloc's size classes (kmalloc_index)");
	return KMALLOC_SHIFT_HIGH;
#endif			/* LAB 4 END */
}

/* ---- slow paths (mm/slab.c) ---- */

/* No object on this CPU's list (c, marked active): refill it, take one; or NULL. */
void *__slab_alloc(struct kmem_cache *s, struct kmem_cache_cpu *c, gfp_t gfp);
/* An object from the node's partial slabs under list_lock, this CPU's slab untouched. */
void *slab_alloc_node_locked(struct kmem_cache *s, gfp_t gfp);
/* Free x to slab, which is not this CPU's slab: the slab's list, under list_lock. */
void __slab_free(struct kmem_cache *s, struct page *slab, void *x, unsigned long caller);
/* Free x, of another slab than c's (c marked active): onto c->deferred; releases c. */
void slab_free_deferred(struct kmem_cache *s, struct kmem_cache_cpu *c, void *x,
			unsigned long caller);
/*
 * This CPU's slab and deferred frees of every cache back to the nodes (in
 * an IPI, or in process context: run_on_each_cpu).
 */
void kmem_cache_flush_this_cpu(void);
/* Give c's deferred objects back to their slabs (c marked active, or interrupts off). */
void flush_deferred(struct kmem_cache *s, struct kmem_cache_cpu *c);
/* A new slab of s, off every list, not frozen; NULL if the buddy allocator has none. */
struct page *new_slab(struct kmem_cache *s, gfp_t gfp);
/* Give an empty slab, off every list, back to the buddy allocator. */
void discard_slab(struct kmem_cache *s, struct page *slab);
/* A free of x that is not on s's free list (non-debug check): one line, nothing freed. */
void slab_report_double_free(struct kmem_cache *s, const void *x, unsigned long caller);
/*
 * Give this CPU's slab of s back to its node (objects of its list back onto
 * the slab, unfrozen); c is marked active, or interrupts are off.  Linux's
 * flush_slab.
 */
void flush_slab(struct kmem_cache *s, struct kmem_cache_cpu *c);

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
 * Mark this CPU's c busy: false if it is already (an interrupt on this CPU
 * came in the middle of a fast path on the same cache, or the task switched
 * out in the middle of one: the kernel is preemptible), and then the caller
 * must leave c alone.  mm_debug_nolock ignores the mark, to show the race.
 * Preemption stays on: a task is never moved to another CPU (kernel/
 * sched_core.c), so the c its caller took with this_cpu_ptr stays this
 * CPU's, and the slow paths under the mark may allocate pages that sleep.
 */
static __always_inline bool cpu_slab_get(struct kmem_cache_cpu *c)
{
	if (unlikely(READ_ONCE(c->active)) && !mm_debug_nolock)
		return false;
	WRITE_ONCE(c->active, 1);
	barrier();                      /* set before c is read */
	return true;
}

static __always_inline void cpu_slab_put(struct kmem_cache_cpu *c)
{
	barrier();                      /* c is written before it is released */
	WRITE_ONCE(c->active, 0);
}

/*
 * Take an object from this CPU's list of s (SLUB's slab_alloc_node): pop
 * the first object, with c marked busy.  No lock, no atomic, interrupts on.
 * A task never changes CPU, so this CPU stays this CPU.  The rare cases are
 * calls at the very end.
 */
static __always_inline void *slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache_cpu *c;
	void *object;

	mm_might_alloc(gfp);
	if (unlikely(s->flags & SLAB_DEBUG_FLAGS))
		return slab_alloc_debug(s, gfp, caller);
	c = this_cpu_ptr(s->cpu_slab);
	if (unlikely(!cpu_slab_get(c)))
		return slab_alloc_node_locked(s, gfp);
#ifndef LAB4_STARTER	/* LAB 4 BEGIN: take an object from this CPU's free list */
	object = c->freelist;
	if (unlikely(!object))
		return __slab_alloc(s, c, gfp);
	c->freelist = get_freepointer(s, object);
	cpu_slab_put(c);
#else			/* LAB 4 STARTER */
	/*
	 * TODO (lab 4, exercise 2): pop the first object of this CPU's list
	 * c->freelist (the next one is at the object's free pointer:
	 * get_freepointer), release c (cpu_slab_put) and fall through to the
	 * zeroing below, as Linux's __slab_alloc_node (mm/slub.c).  An empty
	 * list goes to the slow path, __slab_alloc(s, c, gfp), which refills
	 * the list and releases c itself.  Meanwhile every allocation takes
	 * the node's list_lock.
	 */
	lab_not_implemented(4, "allocating from this CPU's free list (slab_alloc)");
	cpu_slab_put(c);
	object = slab_alloc_node_locked(s, gfp & ~__GFP_ZERO);
	if (unlikely(!object))
		return NULL;
#endif			/* LAB 4 END */
	if (unlikely(gfp & __GFP_ZERO))
		return memset(object, 0, s->object_size);
	return object;
}

/*
 * Give x, an object of s in slab, back (SLUB's do_slab_free): onto this
 * CPU's list if slab is this CPU's slab, else to the slab itself under the
 * node's lock (__slab_free).
 */
static __always_inline void slab_free(struct kmem_cache *s, struct page *slab, void *x,
				      unsigned long caller)
{
	struct kmem_cache_cpu *c;

	if (unlikely(s->flags & SLAB_DEBUG_FLAGS)) {
		slab_free_debug(s, slab, x, caller);
		return;
	}
	c = this_cpu_ptr(s->cpu_slab);
	if (unlikely(!cpu_slab_get(c))) {
		__slab_free(s, slab, x, caller);
		return;
	}
#ifndef LAB4_STARTER	/* LAB 4 BEGIN: give an object back to this CPU's free list */
	if (slab != c->slab) {          /* another slab's: batched (slab_cpu.c) */
		void *head = c->deferred;

		if (unlikely(x == head)) {
			slab_free_deferred(s, c, x, caller);    /* reports it */
			return;
		}
		set_freepointer(s, x, head);
		c->deferred = x;
		if (unlikely(++c->nr_deferred >= SLAB_DEFER_MAX))
			flush_deferred(s, c);
		cpu_slab_put(c);
		return;
	}
	if (unlikely(x == c->freelist)) {       /* the cheap double-free check of SLUB's hardening */
		cpu_slab_put(c);
		slab_report_double_free(s, x, caller);
		return;
	}
	set_freepointer(s, x, c->freelist);
	c->freelist = x;
	cpu_slab_put(c);
#else			/* LAB 4 STARTER */
	/*
	 * TODO (lab 4, exercise 3): free x without a lock, as Linux's
	 * do_slab_free (mm/slub.c).  If x is of this CPU's slab (slab ==
	 * c->slab), push it onto c->freelist (set_freepointer), unless it is
	 * already the list's first object: that is a double free, reported
	 * with slab_report_double_free and otherwise ignored.  An object of
	 * another slab goes onto c->deferred the same way (a double free at
	 * its head: slab_free_deferred reports it), counted in
	 * c->nr_deferred, and every SLAB_DEFER_MAX of them go back together
	 * (flush_deferred).  Release c (cpu_slab_put) on every path.
	 * Meanwhile every free takes the node's list_lock.
	 */
	lab_not_implemented(4, "freeing to this CPU's free list (slab_free)");
	cpu_slab_put(c);
	__slab_free(s, slab, x, caller);
#endif			/* LAB 4 END */
}

#endif
