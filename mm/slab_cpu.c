/*
 * The slab allocator's per-CPU side and its node (Linux's mm/slub.c:
 * ___slab_alloc, deactivate_slab, __slab_free, kmem_cache_free_bulk, and the
 * checks of validate_slab): the slow paths behind the fast ones in
 * mm/slab.h, the node's partial list under list_lock, and slab_check_cache.
 *
 *   this CPU's list empty   take back what other CPUs freed to this CPU's
 *                           frozen slab; else give the slab back (flush_slab)
 *                           and freeze the first partial slab, or a new one
 *   free to another slab    onto the CPU's deferred batch; every
 *                           SLAB_DEFER_MAX, all of them to their slabs under
 *                           one list_lock, a run of one slab at a time
 *                           (free_run_to_slab): a full slab becomes
 *                           partial, an empty one may go back to the buddy
 *                           allocator (the node keeps min_partial)
 *
 * A kmem_cache_cpu is touched only by its CPU, marked busy (cpu_slab_get)
 * while it is; list_lock is taken with spin_lock_irqsave, since interrupt
 * handlers that find the CPU's slab busy come here.
 */
#define pr_fmt(fmt) "slab: " fmt

#include <errno.h>
#include <kernel/cpumask.h>
#include <kernel/kernel.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <mm/mm.h>

#include "slab.h"

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

/*
 * Put the run head..tail (cnt objects of slab, linked) on slab's own list
 * at once, under n's list_lock; as free_to_slab, for a whole run.  A run
 * that starts with the slab's first free object, or frees more objects than
 * the slab has in use, is a double free: reported, the run left out.
 */
static bool free_run_to_slab(struct kmem_cache *s, struct kmem_cache_node *n,
			     struct page *slab, void *head, void *tail, unsigned int cnt)
{
	void *prior = slab->freelist;

	if (unlikely(head == prior || cnt > slab->inuse)) {
		slab_report_double_free(s, head, _RET_IP_);
		return false;
	}
	set_freepointer(s, tail, prior);
	slab->freelist = head;
	slab->inuse -= cnt;
	if (slab->frozen)               /* its CPU takes the objects back itself */
		return false;
	if (!prior) {                   /* was full */
		add_partial(n, slab);
		if (slab->inuse)
			return false;
		n->nr_empty--;          /* counted again by slab_empty_goes_back */
	}
	return !slab->inuse && slab_empty_goes_back(s, n, slab);
}

/*
 * The objects at the front of the list p that lie in p's slab (a naturally
 * aligned block of slab_bytes): their count; *tail is the last of them.
 */
static unsigned int deferred_run(struct kmem_cache *s, void *p, unsigned long slab_bytes,
				 void **tail)
{
	unsigned long base = (unsigned long)p & ~(slab_bytes - 1);
	unsigned int cnt = 1;
	void *next;

	for (next = get_freepointer(s, p); next; next = get_freepointer(s, p)) {
		if (((unsigned long)next & ~(slab_bytes - 1)) != base)
			break;
		p = next;
		cnt++;
	}
	*tail = p;
	return cnt;
}

/*
 * Frees go on c->deferred in the order they come, so the objects of one
 * slab are mostly next to each other: each such run goes back with one
 * update of its slab (free_run_to_slab), not one per object.
 */
void flush_deferred(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct kmem_cache_node *n = get_node(s, 0);
	unsigned long slab_bytes = PAGE_SIZE << s->order;
	void *p = c->deferred, *tail, *next;
	struct page *slab, *tmp;
	unsigned long flags;
	unsigned int cnt;
	LIST_HEAD(discard);

	if (!p)
		return;
	c->deferred = NULL;
	c->nr_deferred = 0;
	mm_spin_lock_irqsave(&n->list_lock, flags);
	for (; p; p = next) {
		cnt = deferred_run(s, p, slab_bytes, &tail);
		next = get_freepointer(s, tail);
		slab = slab_head(s, virt_to_page(p));
		if (free_run_to_slab(s, n, slab, p, tail, cnt))
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
 * cpu_slabs: for each cache that has any, how many CPUs have a slab of it,
 * then each CPU's, in the format of Linux's /sys/kernel/slab/<cache>/cpu_slabs
 * ("N C0=n C1=n"), with the objects each CPU holds on its own list and
 * deferred, which Linux's SLUB_STATS would count.  A moment's picture: the
 * CPUs keep allocating while it is taken.
 */
static int cpu_slabs_show(struct seq_file *m, void *v)
{
	struct kmem_cache *s;
	unsigned long flags;
	unsigned int cpu;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(s, &slab_caches, list) {
		unsigned long total = 0;

		for_each_online_cpu(cpu)
			total += READ_ONCE(per_cpu_ptr(s->cpu_slab, cpu)->slab) != NULL;
		if (!total)
			continue;
		seq_printf(m, "%-17s %lu", s->name, total);
		for_each_online_cpu(cpu) {
			struct kmem_cache_cpu *c = per_cpu_ptr(s->cpu_slab, cpu);
			unsigned long nfree = 0;

			if (!READ_ONCE(c->slab))
				continue;
			for (void *p = READ_ONCE(c->freelist); p && nfree < s->objects;
			     p = get_freepointer(s, p))
				nfree++;
			seq_printf(m, " C%u=1(free %lu, deferred %lu)", cpu, nfree,
				   READ_ONCE(c->nr_deferred));
		}
		seq_putc(m, '\n');
	}
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return 0;
}
MONITOR_SHOW(cpu_slabs, "each CPU's slab of each cache (SLUB's /sys/kernel/slab/*/cpu_slabs)",
	     cpu_slabs_show);
