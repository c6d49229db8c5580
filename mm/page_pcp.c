/*
 * The per-CPU page lists in front of each zone (Linux's struct per_cpu_pages
 * in mm/page_alloc.c: rmqueue_pcplist, free_unref_page, free_pcppages_bulk,
 * drain_local_pages, zone_batchsize).
 *
 * Each CPU has, for each zone, one LIFO list per order 0..3.  Only that CPU
 * touches its lists, and the zone lock is taken only to move a batch.  An
 * interrupt handler on the same CPU may allocate too (GFP_ATOMIC): rather
 * than switch interrupts off around every list operation (Linux 6.1's
 * local_irq_save, 73 cycles under QEMU's TCG, where the benchmarks run),
 * the CPU marks its lists busy with one store (pcp->active), and a handler
 * that finds them busy goes to the zone under its lock instead, as Linux
 * 6.2's pcp_spin_trylock does when it fails:
 *
 *   CPU 0  pcp(DMA32) [o0: 12 pages] [o1: 2 blocks] ...  \
 *   CPU 1  pcp(DMA32) [o0: 40 pages] ...                   >  zone->lock  buddy free lists
 *   ...                                                   /
 *
 * Pure code apart from the zones' locks (tests/host/test_buddy.c compiles it,
 * with one CPU).
 *
 * Pages on a per-CPU list are neither free in the zone's count (free_pages,
 * Linux's NR_FREE_PAGES) nor allocated: refcount 0, not PG_buddy.  A page
 * freed twice is caught while it waits there (free_pages_prepare).
 */
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <kernel/preempt.h>
#include <kernel/smp.h>
#include <mm/gfp.h>
#include <mm/mm.h>

#include "internal.h"

#define PCP_HIGH_BATCHES 6              /* high = 6 * batch (Linux's classic pageset_set_batch) */

/*
 * Linux 6.1's zone_batchsize(): a quarter of a thousandth of the zone, at
 * most 1 MiB / 4, then one less than a power of two (to keep batches from
 * falling in step with the zone's buddies), at least 1.
 */
static int zone_batchsize(const struct zone *z)
{
	unsigned long batch = min(z->managed_pages >> 10, (unsigned long)(SZ_1M / PAGE_SIZE)) / 4;

	if (batch < 1)
		batch = 1;
	batch = batch + batch / 2;
	batch = (1UL << (63 - __builtin_clzl(batch))) - 1;     /* rounddown_pow_of_two - 1 */
	return batch ? (int)batch : 1;
}

void setup_per_cpu_pageset(void)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zones[i];

		z->pcp_batch = zone_batchsize(z);
		z->pcp_high = PCP_HIGH_BATCHES * z->pcp_batch;
		z->per_cpu_pageset = alloc_percpu(struct per_cpu_pages);
	}
}

/* Set up this CPU's lists of z at first use (all-zero is the empty state); pcp is busy. */
static __always_inline void pcp_init_once(const struct zone *z, struct per_cpu_pages *pcp)
{
	if (unlikely(!pcp->lists[0].next)) {
		for (int o = 0; o < NR_PCP_LISTS; o++)
			INIT_LIST_HEAD(&pcp->lists[o]);
		pcp->high = z->pcp_high;
		pcp->batch = z->pcp_batch;
	}
}

/* Move up to count blocks of order from z to list, under z's lock.  Returns how many. */
static int rmqueue_bulk(struct zone *z, unsigned int order, int count, struct list_head *list)
{
	unsigned long flags;
	int i;

	mm_spin_lock_irqsave(&z->lock, flags);
	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue_smallest(z, order);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
	}
	mm_spin_unlock_irqrestore(&z->lock, flags);
	return i;
}

/*
 * Give count pages (or all there are) from pcp back to z, under z's lock,
 * the oldest blocks of a list first, the lists in turn from order 1 (order
 * 0, the busiest, last), each until it is empty or count is reached: Linux
 * 6.1's free_pcppages_bulk, one list's loop at a time rather than one page
 * per list per turn.
 */
static void free_pcppages_bulk(struct zone *z, int count, struct per_cpu_pages *pcp)
{
	unsigned int order = 0;
	unsigned long flags;

	mm_spin_lock_irqsave(&z->lock, flags);
	while (count > 0 && pcp->count > 0) {
		struct list_head *list;

		order = (order + 1) % NR_PCP_LISTS;
		list = &pcp->lists[order];
		while (count > 0 && !list_empty(list)) {
			struct page *page = list_entry(list->prev, struct page, lru);

			list_del(&page->lru);
			pcp->count -= 1 << order;
			count -= 1 << order;
			buddy_free_one(z, page, order);
		}
	}
	mm_spin_unlock_irqrestore(&z->lock, flags);
}

/*
 * Mark pcp busy: false if it is already (an interrupt on this CPU came in
 * the middle of an operation on it), and then the caller goes to the zone.
 * Interrupts nest, so check-then-set needs no atomic instruction.
 * mm_debug_nolock ignores the mark, to show the race.  A task switched out
 * in the middle (the kernel is preemptible) is one more such nesting: the
 * task is never moved to another CPU, so its pcp stays this CPU's (as the
 * slab's mark, mm/slab.h cpu_slab_get).
 */
static __always_inline bool pcp_get(struct per_cpu_pages *pcp)
{
	if (unlikely(READ_ONCE(pcp->active)) && !mm_debug_nolock)
		return false;
	WRITE_ONCE(pcp->active, 1);
	barrier();
	return true;
}

static __always_inline void pcp_put(struct per_cpu_pages *pcp)
{
	barrier();
	WRITE_ONCE(pcp->active, 0);
}

struct page *rmqueue_pcplist(struct zone *z, unsigned int order)
{
	struct per_cpu_pages *pcp = this_cpu_ptr(z->per_cpu_pageset);
	struct page *page = NULL;
	struct list_head *list;

	if (unlikely(!pcp_get(pcp)))
		return rmqueue_buddy(z, order);
	pcp_init_once(z, pcp);
	list = &pcp->lists[order];
	if (unlikely(list_empty(list)))
		pcp->count += rmqueue_bulk(z, order, max(pcp->batch >> order, 2), list) << order;
	if (likely(!list_empty(list))) {
		page = list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp->count -= 1 << order;
	}
	pcp_put(pcp);
	return page;
}

unsigned int rmqueue_pcplist_bulk(struct zone *z, unsigned int nr, struct page **pages)
{
	struct per_cpu_pages *pcp = this_cpu_ptr(z->per_cpu_pageset);
	struct list_head *list;
	unsigned int n = 0;

	if (unlikely(!pcp_get(pcp)))
		return 0;               /* an interrupt in this CPU's own operation: the caller goes page by page */
	pcp_init_once(z, pcp);
	list = &pcp->lists[0];
	while (n < nr) {
		struct page *page;

		if (unlikely(list_empty(list))) {
			int got = rmqueue_bulk(z, 0, max((int)(nr - n), pcp->batch), list);

			if (!got)
				break;
			pcp->count += got;
		}
		page = list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp->count--;
		pages[n++] = page;
	}
	pcp_put(pcp);
	return n;
}

void free_unref_page(struct zone *z, struct page *page, unsigned int order)
{
	struct per_cpu_pages *pcp = this_cpu_ptr(z->per_cpu_pageset);
	unsigned long flags;

	if (unlikely(!pcp_get(pcp))) {
		mm_spin_lock_irqsave(&z->lock, flags);
		buddy_free_one(z, page, order);
		mm_spin_unlock_irqrestore(&z->lock, flags);
		return;
	}
	pcp_init_once(z, pcp);
	list_add(&page->lru, &pcp->lists[order]);
	pcp->count += 1 << order;
	if (unlikely(pcp->count >= pcp->high))
		free_pcppages_bulk(z, pcp->batch, pcp);
	pcp_put(pcp);
}

void drain_local_pages(struct zone *zone)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zones[i];
		struct per_cpu_pages *pcp;

		if ((zone && z != zone) || !z->per_cpu_pageset)
			continue;
		pcp = this_cpu_ptr(z->per_cpu_pageset);
		/* busy: an IPI in the middle of this CPU's own operation, which keeps its pages */
		if (!pcp->count || !pcp_get(pcp))
			continue;
		free_pcppages_bulk(z, pcp->count, pcp);
		pcp_put(pcp);
	}
}

static void drain_local_pages_fn(void *zone)
{
	drain_local_pages(zone);
}

void drain_all_pages(struct zone *zone)
{
	if (in_interrupt() || irqs_disabled())
		drain_local_pages(zone);        /* another CPU cannot be asked from here */
	else
		on_each_cpu(drain_local_pages_fn, zone, 1);
}

/* What is wrong with cpu's lists of z, or NULL (a quiet moment: nobody allocating). */
static const char *check_pcp(const struct zone *z, unsigned int cpu, long *pages)
{
	const struct per_cpu_pages *pcp = per_cpu_ptr(z->per_cpu_pageset, cpu);
	const char *why = NULL;
	long n = 0;

	if (!pcp->lists[0].next)
		return pcp->count ? "count without lists" : NULL;
	for (unsigned int o = 0; o < NR_PCP_LISTS && !why; o++) {
		const struct list_head *pos;
		long steps = 0;

		for (pos = pcp->lists[o].next; pos != &pcp->lists[o] && !why; pos = pos->next) {
			why = buddy_check_pcp_page(z, list_entry(pos, struct page, lru), o);
			if (!why && (++steps > (long)z->spanned_pages || pos->next->prev != pos))
				why = "a broken or looping list";
			n += 1L << o;
		}
	}
	if (!why && n != pcp->count)
		why = "count does not match the lists";
	*pages += n;
	return why;
}

int check_per_cpu_pagesets(void)
{
	unsigned int cpu;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &zones[i];

		if (!z->per_cpu_pageset)
			continue;
		for_each_online_cpu(cpu) {
			long pages = 0;
			const char *why = check_pcp(z, cpu, &pages);

			if (why) {
				pr_err("zone %s: cpu %u pageset: %s\n", z->name, cpu, why);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* cpu's high and batch: its own once set up, else the zone's (a CPU yet to allocate). */
void pcp_show(struct seq_file *m, const struct zone *z)
{
	unsigned int cpu;

	seq_puts(m, "  pagesets\n");
	for_each_online_cpu(cpu) {
		const struct per_cpu_pages *pcp = per_cpu_ptr(z->per_cpu_pageset, cpu);
		bool set = pcp->lists[0].next != NULL;

		seq_printf(m, "    cpu: %u\n", cpu);
		seq_printf(m, "              count: %d\n", pcp->count);
		seq_printf(m, "              high:  %d\n", set ? pcp->high : z->pcp_high);
		seq_printf(m, "              batch: %d\n", set ? pcp->batch : z->pcp_batch);
		seq_printf(m, "  vm stats threshold: %d\n", 0);
	}
}
