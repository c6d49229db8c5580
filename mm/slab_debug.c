/*
 * Slab debugging, as Linux's SLUB with slub_debug=PZ (mm/slub.c: init_object,
 * check_object, on_freelist, free_debug_processing): caches with SLAB_POISON
 * or SLAB_RED_ZONE take these slow paths instead of the fast ones in
 * mm/slab.h, always under the node's list_lock and with no per-CPU slab, as
 * Linux's debug caches do.  The layout of a debugged object is drawn there.
 *
 *   new slab   every object: poison 0x6b..0x6b 0xa5, redzones 0xbb
 *   alloc      check poison and redzones are intact (a write after free, or
 *              beyond the object, shows here), then fill the object with
 *              0x5a (unless __GFP_ZERO) and set the redzones to 0xcc
 *   free       check the pointer is an object's start and not already on
 *              the free list, and the redzones still read 0xcc; then poison
 *
 * Every problem is one line, "BUG <cache> (Not tainted): <what>: object
 * 0x<address>, caller <symbol>", and is repaired rather than followed: a bad
 * free frees nothing, damaged poison or redzone bytes are rewritten, a
 * corrupt free pointer cuts the list (the objects past it are lost, never
 * handed out twice).  So the kernel goes on and the cache stays sound.
 * Linux instead keeps an object whose poison was damaged out of use; Atlas
 * hands it out (rewritten), so that a reported bug leaks no page.
 */
#define pr_fmt(fmt) "slab: " fmt

#include <errno.h>
#include <kernel/irqflags.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/monitor.h>
#include <kernel/seq_file.h>
#include <mm/mm.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>

#include "slab.h"

void slab_bug(const struct kmem_cache *s, const char *reason, const void *object,
	      const char *detail, unsigned long caller)
{
	printk(KERN_ERR "BUG %s (Not tainted): %s: object 0x%px%s, caller %pS\n",
	       s->name, reason, object, detail, (void *)caller);
}

static struct slab_track *get_track(const struct kmem_cache *s, void *object)
{
	return (struct slab_track *)((char *)object + s->offset + sizeof(void *));
}

/* Whether the object's bytes are poisoned (no ctor: a ctor's object keeps its state). */
static bool object_poisoned(const struct kmem_cache *s)
{
	return (s->flags & SLAB_POISON) && !s->ctor;
}

/* Set the redzones to val (active or inactive); poison the object if it is free. */
static void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;

	if (s->flags & SLAB_RED_ZONE) {
		memset(p - s->red_left_pad, val, s->red_left_pad);
		memset(p + s->object_size, val, s->inuse - s->object_size);
	}
	if (object_poisoned(s) && val == SLUB_RED_INACTIVE) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
}

void slab_debug_init_free(struct kmem_cache *s, void *object)
{
	init_object(s, object, SLUB_RED_INACTIVE);
	*get_track(s, object) = (struct slab_track){ 0, 0 };
}

/*
 * Whether the n bytes at start all read value; if not, report the first
 * that does not (what: "Poison", "Left Redzone" ...) and rewrite them all.
 */
static bool check_bytes(struct kmem_cache *s, void *object, u8 *start, u8 value, size_t n,
			const char *what, unsigned long caller)
{
	char reason[40], detail[120];
	const struct slab_track *t = get_track(s, object);
	size_t i;
	int n0;

	for (i = 0; i < n && start[i] == value; i++)
		;
	if (i == n)
		return true;
	snprintf(reason, sizeof(reason), "%s overwritten", what);
	n0 = snprintf(detail, sizeof(detail), " at offset %ld: 0x%02x instead of 0x%02x",
		      (long)(start + i - (u8 *)object), start[i], value);
	if (value == POISON_FREE || value == POISON_END)        /* a write after free: by whom? */
		snprintf(detail + n0, sizeof(detail) - n0, " (last freed by %pS)", (void *)t->free_ip);
	slab_bug(s, reason, object, detail, caller);
	memset(start, value, n);
	return false;
}

/* Check the redzones read val and, for a free object, the poison.  Repairs what it reports. */
static bool check_object(struct kmem_cache *s, void *object, u8 val, unsigned long caller)
{
	u8 *p = object;
	bool ok = true;

	if (s->flags & SLAB_RED_ZONE) {
		ok &= check_bytes(s, object, p - s->red_left_pad, val, s->red_left_pad,
				  "Left Redzone", caller);
		ok &= check_bytes(s, object, p + s->object_size, val, s->inuse - s->object_size,
				  "Right Redzone", caller);
	}
	if (object_poisoned(s) && val == SLUB_RED_INACTIVE) {
		ok &= check_bytes(s, object, p, POISON_FREE, s->object_size - 1, "Poison", caller);
		ok &= check_bytes(s, object, p + s->object_size - 1, POISON_END, 1, "Poison", caller);
	}
	return ok;
}

/*
 * The free list of slab was cut after nr good objects: the rest count as in
 * use for ever (lost, but never handed out twice), and the counts and the
 * partial list follow.
 */
static __unused void freelist_cut(struct kmem_cache *s, struct page *slab, unsigned int nr)
{
	struct kmem_cache_node *n = get_node(s, 0);

	if (slab->inuse == 0)
		n->nr_empty--;
	slab->inuse = slab->objects - nr;
	if (!slab->freelist) {
		list_del(&slab->lru);
		n->nr_partial--;
	}
}

/*
 * Whether search is on slab's free list (SLUB's on_freelist).  A pointer on
 * the list that is not an object of the slab, or a list longer than the
 * slab, is reported and the list cut there.
 */
static bool on_freelist(struct kmem_cache *s, struct page *slab, void *search,
			unsigned long caller)
{
#ifndef LAB4_STARTER	/* LAB 4 BEGIN: is the object already free? */
	void *fp = slab->freelist, *prev = NULL;
	unsigned int nr = 0;

	while (fp) {
		if (fp == search)
			return true;
		if (!object_valid(s, slab, fp) || nr == slab->objects) {
			slab_bug(s, "Freepointer corrupt", prev ? prev : slab_address(slab),
				 " (free list cut)", caller);
			if (prev)
				set_freepointer(s, prev, NULL);
			else
				slab->freelist = NULL;
			freelist_cut(s, slab, nr);
			return false;
		}
		prev = fp;
		fp = get_freepointer(s, fp);
		nr++;
	}
	return false;
#else			/* LAB 4 STARTER */
	/*
	 * TODO (lab 4, exercise 5): walk slab's free list (slab->freelist,
	 * then get_freepointer) and return true if search is on it, as
	 * Linux's on_freelist (mm/slub.c).  Trust no pointer on the list: one
	 * that is not an object of the slab (object_valid), or a list longer
	 * than slab->objects (a loop), is reported with slab_bug(s,
	 * "Freepointer corrupt", the last good object or the slab's address,
	 * " (free list cut)", caller), the list ends at the last good object
	 * (its free pointer, or slab->freelist, set to NULL) and
	 * freelist_cut(s, slab, good objects) fixes the counts.
	 * Meanwhile only a double free of the list's first object is caught.
	 */
	lab_not_implemented(4, "the double-free check (on_freelist)");
	return search == slab->freelist;
#endif			/* LAB 4 END */
}

/*
 * Pop slab's first free object, checking the free pointer it holds: a bad
 * one is reported and the list ends there (the objects past it are lost,
 * counted in use for ever).
 */
static void *take_object(struct kmem_cache *s, struct page *slab, unsigned long caller)
{
	void *object = slab->freelist, *next = get_freepointer(s, object);
	bool cut = next && !object_valid(s, slab, next);

	if (cut) {
		slab_bug(s, "Freepointer corrupt", object, " (free list cut)", caller);
		next = NULL;
	}
	slab->freelist = next;
	if (slab->inuse++ == 0)
		get_node(s, 0)->nr_empty--;
	if (cut)
		slab->inuse = slab->objects;
	if (!next) {
		list_del(&slab->lru);
		get_node(s, 0)->nr_partial--;
	}
	return object;
}

/*
 * The first partial slab of s, under list_lock (taken here; flags: as the
 * caller had them); if there is none, a new one, made with the lock dropped.
 * NULL (lock dropped) if the buddy allocator has none.
 */
static struct page *debug_get_slab(struct kmem_cache *s, gfp_t gfp, unsigned long *flags)
{
	struct kmem_cache_node *n = get_node(s, 0);
	struct page *slab;

	mm_spin_lock_irqsave(&n->list_lock, *flags);
	if (!list_empty(&n->partial))
		return list_first_entry(&n->partial, struct page, lru);
	mm_spin_unlock_irqrestore(&n->list_lock, *flags);
	slab = new_slab(s, gfp);
	if (!slab)
		return NULL;
	mm_spin_lock_irqsave(&n->list_lock, *flags);
	list_add(&slab->lru, &n->partial);
	n->nr_partial++;
	n->nr_empty++;
	return slab;
}

void *slab_alloc_debug(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache_node *n = get_node(s, 0);
	unsigned long flags;
	struct page *slab = debug_get_slab(s, gfp, &flags);
	void *object;

	if (!slab)
		return NULL;
	object = take_object(s, slab, caller);
	get_track(s, object)->alloc_ip = caller;
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
	/* the object is this caller's now: check and poison it outside the lock */
	check_object(s, object, SLUB_RED_INACTIVE, caller);
	init_object(s, object, SLUB_RED_ACTIVE);
	if (object_poisoned(s) && !(gfp & __GFP_ZERO))
		memset(object, POISON_INUSE, s->object_size);
	if (gfp & __GFP_ZERO)
		memset(object, 0, s->object_size);
	return object;
}

void slab_free_debug(struct kmem_cache *s, struct page *slab, void *x, unsigned long caller)
{
	struct kmem_cache_node *n = get_node(s, 0);
	unsigned long flags;
	char detail[96];
	void *prior;

	if (!object_valid(s, slab, x)) {
		slab_bug(s, "Invalid object pointer", x, " (not the start of an object)", caller);
		return;
	}
	mm_spin_lock_irqsave(&n->list_lock, flags);
	if (on_freelist(s, slab, x, caller)) {
		mm_spin_unlock_irqrestore(&n->list_lock, flags);
		snprintf(detail, sizeof(detail), " (freed before by %pS)",
			 (void *)get_track(s, x)->free_ip);
		slab_bug(s, "Object already free", x, detail, caller);
		return;
	}
	check_object(s, x, SLUB_RED_ACTIVE, caller);
	init_object(s, x, SLUB_RED_INACTIVE);
	get_track(s, x)->free_ip = caller;
	prior = slab->freelist;
	set_freepointer(s, x, prior);
	slab->freelist = x;
	if (!prior) {
		list_add(&slab->lru, &n->partial);
		n->nr_partial++;
	}
	if (--slab->inuse == 0 && n->nr_empty++ >= s->min_partial) {
		n->nr_empty--;
		list_del(&slab->lru);
		n->nr_partial--;
		mm_spin_unlock_irqrestore(&n->list_lock, flags);
		discard_slab(s, slab);
		return;
	}
	mm_spin_unlock_irqrestore(&n->list_lock, flags);
}

/*
 * ---- slabbug: misuse the slab allocator on purpose and show the report ----
 * (as Linux's lkdtm SLAB_FREE_DOUBLE, SLAB_LINEAR_OVERFLOW, SLAB_USE_AFTER_FREE)
 *
 *   double    kfree the same kmalloc-64 object twice in a row: reported with
 *             or without slub_debug (it is the first object of the free list)
 *   deep      free a, b, then a again in a debugged cache of its own: a is
 *             second on the list, and only on_freelist's walk finds it
 *   redzone   write one byte past an object of that cache, then free it
 *   uaf       write into a freed object of that cache, then allocate it again
 *
 * The last three use the cache "slabbug", made with SLAB_POISON and
 * SLAB_RED_ZONE, so they show slub_debug's reports whatever the boot and
 * leave the kmalloc caches alone.  Interrupts stay off across the double
 * kfree, so nothing else frees to kmalloc-64 in between on this CPU.
 */
static void slabbug_debugged(struct kmem_cache *s, const char *type)
{
	u8 *keep = kmem_cache_alloc(s, GFP_KERNEL);     /* holds the slab */
	u8 *a = kmem_cache_alloc(s, GFP_KERNEL), *b = kmem_cache_alloc(s, GFP_KERNEL);

	if (!keep || !a || !b) {
		kmem_cache_free(s, keep);
		kmem_cache_free(s, a);
		kmem_cache_free(s, b);
		return;
	}
	if (!strcmp(type, "deep")) {
		kmem_cache_free(s, a);
		kmem_cache_free(s, b);                  /* the list: b -> a -> ... */
		kmem_cache_free(s, a);                  /* reported: a is on the list */
		a = b = NULL;
	} else if (!strcmp(type, "redzone")) {
		a[s->object_size] = 0x42;               /* one byte past the end */
	} else {
		kmem_cache_free(s, a);
		a[8] = 0x42;                            /* a write after free */
		a = kmem_cache_alloc(s, GFP_KERNEL);    /* a again: its poison is checked */
	}
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_free(s, keep);
}

static int slabbug_cmd(struct seq_file *m, int argc, char **argv)
{
	struct kmem_cache *s;
	unsigned long flags;
	void *p;

	if (argc != 2)
		return -EINVAL;
	if (!strcmp(argv[1], "double")) {
		p = kmalloc(64, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		local_irq_save(flags);
		kfree(p);
		kfree(p);                               /* reported, not freed again */
		local_irq_restore(flags);
		return 0;
	}
	if (strcmp(argv[1], "deep") && strcmp(argv[1], "redzone") && strcmp(argv[1], "uaf"))
		return -EINVAL;
	s = kmem_cache_create("slabbug", 64, 0, SLAB_POISON | SLAB_RED_ZONE, NULL);
	if (!s)
		return -ENOMEM;
	slabbug_debugged(s, argv[1]);
	kmem_cache_destroy(s);
	return 0;
}
MONITOR_CMD(slabbug, "TYPE",
	    "misuse the slab allocator and show the report (TYPE: double, deep, redzone, uaf)",
	    slabbug_cmd);
