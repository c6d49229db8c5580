/*
 * The binary buddy allocator's core (contract in mm/internal.h), after Linux's
 * mm/page_alloc.c: Knowlton's 1965 buddy system as Knuth describes it (TAOCP
 * vol 1 §2.5), without Linux's migratetypes.  The per-CPU page lists in
 * front of it and the zone lock around it are mm/page_alloc.c's: every
 * function here expects its caller to hold zone->lock (or to be the only
 * user, as the host tests are).
 *
 * A zone keeps one free list per order 0..MAX_ORDER.  Allocating an order-k
 * block takes the first block of the smallest order >= k that has one and
 * splits it: the upper half goes back to the list one order down, until the
 * lower half is 2^k pages (expand()).  Freeing looks at the block's buddy, the
 * other half of the block twice the size (__find_buddy_pfn), and while the
 * buddy is free and of the same order takes it off its list and goes up one
 * order (__free_one_page()).  Lists are LIFO: a block just freed is the next
 * one handed out, warm in the cache.
 *
 *   order 2 block at pfn 8:   [ 8  9 10 11 ]      buddy at order 2: 8 ^ 4 = 12
 *   split for an order 0:     [8][9] [10 11]      free: 9 on list 0, 10 on list 1
 *
 * Pure code: only struct page (through pfn_to_page) and struct zone, never the
 * memory the pages describe, so tests/host/test_buddy.c compiles this file.
 */
#define pr_fmt(fmt) "buddy: " fmt

#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>

#include <mm/mm.h>

#include "internal.h"

/* include/mm/mm.h: the allocators skip their locks (set by kmem_cache_init; a demonstration) */
bool mm_debug_nolock;

static bool pfn_in_zone(const struct zone *z, unsigned long pfn)
{
	return pfn >= z->zone_start_pfn && pfn < zone_end_pfn(z);
}

static void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	SetPageBuddy(page);
}

static void add_to_free_list(struct zone *z, struct page *page, unsigned int order)
{
	struct free_area *area = &z->free_area[order];

	set_buddy_order(page, order);
	list_add(&page->lru, &area->free_list);
	area->nr_free++;
}

/* __unused: no caller in lab 3's starter code, until exercises 1 and 3 are done */
static void __unused del_page_from_free_list(struct zone *z, struct page *page, unsigned int order)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	z->free_area[order].nr_free--;
}

/*
 * Whether the page at buddy_pfn is the head of a free block of this order in
 * z: only then may the block of that order beside it merge with it.  Outside
 * the span (a zone edge) or on a reserved page (a hole) it never is.
 */
static bool page_is_buddy(const struct zone *z, unsigned long buddy_pfn, unsigned int order)
{
	const struct page *buddy = pfn_to_page(buddy_pfn);

	return pfn_in_zone(z, buddy_pfn) && PageBuddy(buddy) && buddy->private == order;
}

/*
 * Put the free block at pfn of 2^order pages on z's lists, merging it with
 * its buddy for as long as the buddy is free and of the same order.  The
 * merged block starts at the lower of the two: pfn & buddy_pfn clears the
 * one bit in which they differ.
 */
static void __free_one_page(struct zone *z, unsigned long pfn, unsigned int order)
{
#ifndef LAB3_STARTER	/* LAB 3 BEGIN: merge a freed block with its buddy */
	while (order < MAX_ORDER) {
		unsigned long buddy_pfn = __find_buddy_pfn(pfn, order);

		if (!page_is_buddy(z, buddy_pfn, order))
			break;
		del_page_from_free_list(z, pfn_to_page(buddy_pfn), order);
		pfn &= buddy_pfn;
		order++;
	}
#else			/* LAB 3 STARTER */
	/*
	 * TODO (lab 3, exercise 3): while order < MAX_ORDER and the block's
	 * buddy (__find_buddy_pfn) is a free block of the same order in z
	 * (page_is_buddy), take the buddy off its free list
	 * (del_page_from_free_list) and go on with the merged block: it starts
	 * at the lower of the two pfns and has order + 1.  Linux's coalescing
	 * loop in __free_one_page(), mm/page_alloc.c.
	 */
	lab_not_implemented(3, "merging a freed block with its buddy");
#endif			/* LAB 3 END */
	add_to_free_list(z, pfn_to_page(pfn), order);
}

/* Mark page the head of an allocated block (see the page states in internal.h). */
static void prep_new_page(struct page *page, unsigned int order)
{
	page->_refcount = 1;
	page->private = order;
	if (order)
		SetPageHead(page);
}

void buddy_init_zone(struct zone *z, const char *name, enum zone_type type,
		     unsigned long start_pfn, unsigned long end_pfn)
{
	*z = (struct zone){
		.name = name,
		.type = type,
		.zone_start_pfn = start_pfn,
		.spanned_pages = end_pfn - start_pfn,
	};
	for (unsigned int order = 0; order <= MAX_ORDER; order++)
		INIT_LIST_HEAD(&z->free_area[order].free_list);
}

/* The largest order of a naturally aligned block at pfn that ends by end. */
static unsigned int max_block_order(unsigned long pfn, unsigned long end)
{
	/* a pfn's lowest set bit is the largest alignment it has */
	unsigned int order = pfn ? (unsigned int)__builtin_ctzl(pfn) : MAX_ORDER;

	if (order > MAX_ORDER)
		order = MAX_ORDER;

	while (pfn + (1UL << order) > end)
		order--;
	return order;
}

/* Whether every page of [start, end) is in z and still PG_reserved; else one line. */
static bool range_is_reserved(const struct zone *z, unsigned long start, unsigned long end)
{
	if (start > end || start < z->zone_start_pfn || end > zone_end_pfn(z)) {
		pr_err("zone %s: cannot free pfns [%#lx-%#lx): outside the zone\n",
		       z->name, start, end);
		return false;
	}
	for (unsigned long pfn = start; pfn < end; pfn++) {
		if (!PageReserved(pfn_to_page(pfn))) {
			pr_err("zone %s: cannot free pfns [%#lx-%#lx): pfn %#lx is not reserved\n",
			       z->name, start, end, pfn);
			return false;
		}
	}
	return true;
}

void buddy_free_range(struct zone *z, unsigned long start_pfn, unsigned long end_pfn)
{
	if (!range_is_reserved(z, start_pfn, end_pfn))
		return;
	for (unsigned long pfn = start_pfn; pfn < end_pfn; pfn++) {
		ClearPageReserved(pfn_to_page(pfn));
		set_page_zone(pfn_to_page(pfn), z->type);
	}
	for (unsigned long pfn = start_pfn; pfn < end_pfn;) {
		unsigned int order = max_block_order(pfn, end_pfn);

		__free_one_page(z, pfn, order);
		pfn += 1UL << order;
	}
	z->managed_pages += end_pfn - start_pfn;
	z->free_pages += end_pfn - start_pfn;
}

#ifndef LAB3_STARTER	/* LAB 3 BEGIN: allocate: take the smallest free block that fits, split it */
/*
 * Split the free block at pfn of 2^high pages down to 2^low: each time, the
 * upper half goes to the free list one order down (Linux's expand()).
 */
static void expand(struct zone *z, unsigned long pfn, unsigned int low, unsigned int high)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(z, pfn_to_page(pfn + size), high);
	}
}

struct page *__rmqueue_smallest(struct zone *z, unsigned int order)
{
	for (unsigned int high = order; high <= MAX_ORDER; high++) {
		struct free_area *area = &z->free_area[high];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		del_page_from_free_list(z, page, high);
		expand(z, page_to_pfn(page), order, high);
		z->free_pages -= 1UL << order;
		return page;
	}
	return NULL;
}
#else			/* LAB 3 STARTER */
struct page *__rmqueue_smallest(struct zone *z, unsigned int order)
{
	/*
	 * TODO (lab 3, exercise 1): find the smallest order high >= order whose
	 * free list is not empty, take its first block off the list
	 * (del_page_from_free_list), split it down to 2^order pages, the upper
	 * half going to the free list one order down each time
	 * (add_to_free_list), take 2^order off z->free_pages and return the
	 * block's first page; NULL if no list has a block large enough.  Linux's
	 * __rmqueue_smallest() and expand() in mm/page_alloc.c.
	 */
	lab_panic_not_implemented(3, "alloc_pages");     /* the kernel cannot go on without it */
}
#endif			/* LAB 3 END */

void buddy_prep_new_page(struct page *page, unsigned int order)
{
	prep_new_page(page, order);
}

struct page *buddy_alloc(struct zone *z, unsigned int order)
{
	struct page *page = __rmqueue_smallest(z, order);

	if (page)
		prep_new_page(page, order);
	return page;
}

/*
 * Whether page can be freed as a block of this order in z: it must be the
 * head of a block allocated with exactly this order.  If not, one line names
 * the pfn, the problem and the caller (Linux's bad_page()), and nothing else
 * happens.  Returns 0 or -EINVAL.
 */
static int check_free_page(const struct zone *z, const struct page *page,
			   unsigned int order, unsigned long caller)
{
	unsigned long pfn = page_to_pfn(page);
	char why[80];

	if (order > MAX_ORDER)
		snprintf(why, sizeof(why), "freed with order %u, above MAX_ORDER", order);
	else if (!pfn_in_zone(z, pfn))
		snprintf(why, sizeof(why), "not in zone %s", z->name);
	else if (page_ref_count(page) != 1)
		snprintf(why, sizeof(why), "double free or not allocated");
	else if (page->private != order)
		snprintf(why, sizeof(why), "freed with order %u, allocated with order %lu",
			 order, page->private);
	else
		return 0;
	printk(KERN_ALERT "BUG: Bad page state: pfn %#lx: %s, caller %pS\n",
	       pfn, why, (void *)caller);
	return -EINVAL;
}

int free_pages_prepare(const struct zone *z, struct page *page, unsigned int order,
		       unsigned long caller)
{
	if (check_free_page(z, page, order, caller))
		return -EINVAL;
	page->_refcount = 0;
	page->private = 0;
	ClearPageHead(page);
	return 0;
}

void buddy_free_one(struct zone *z, struct page *page, unsigned int order)
{
	__free_one_page(z, page_to_pfn(page), order);
	z->free_pages += 1UL << order;
}

int buddy_free(struct zone *z, struct page *page, unsigned int order, unsigned long caller)
{
	if (free_pages_prepare(z, page, order, caller))
		return -EINVAL;
	buddy_free_one(z, page, order);
	return 0;
}

const char *buddy_check_pcp_page(const struct zone *z, const struct page *page,
				 unsigned int order)
{
	unsigned long off = (unsigned long)page - (unsigned long)vmemmap;
	unsigned long pfn = off / sizeof(struct page);

	if (off % sizeof(struct page) || !pfn_in_zone(z, pfn))
		return "not a page of the zone";
	if (PageBuddy(page))
		return "also on a buddy free list";
	if (page_ref_count(page) != 0)
		return "on a per-CPU list with a nonzero refcount";
	if (!IS_ALIGNED(pfn, 1UL << order) || pfn + (1UL << order) > zone_end_pfn(z))
		return "not an aligned block inside the zone";
	return NULL;
}

/*
 * The pfn of the struct page whose lru is pos, or ~0UL if pos does not point
 * into z's part of the vmemmap (a corrupted list must not be followed).
 */
static unsigned long lru_to_pfn(const struct zone *z, const struct list_head *pos)
{
	unsigned long off = (unsigned long)list_entry(pos, struct page, lru) -
			    (unsigned long)vmemmap;

	if (off % sizeof(struct page) || !pfn_in_zone(z, off / sizeof(struct page)))
		return ~0UL;
	return off / sizeof(struct page);
}

/* What is wrong with the free block at pfn on list order, or NULL. */
static const char *check_free_block(const struct zone *z, unsigned long pfn, unsigned int order)
{
	const struct page *page = pfn_to_page(pfn);

	if (!PageBuddy(page) || page->private != order)
		return "not a free block head of this order";
	if (page_ref_count(page) != 0)
		return "free with a nonzero refcount";
	if (!IS_ALIGNED(pfn, 1UL << order))
		return "not naturally aligned";
	if (pfn + (1UL << order) > zone_end_pfn(z))
		return "runs past the zone's end";
	if (order < MAX_ORDER && page_is_buddy(z, __find_buddy_pfn(pfn, order), order))
		return "its buddy is free too but not merged";
	return NULL;
}

/*
 * What is wrong with the list entry pos (on the list head of this order), or
 * NULL; *pfn is its pfn.  Neither pos nor its next link is followed unless it
 * points at a struct page of z: a corrupted list is reported, not walked.
 */
static const char *check_list_entry(const struct zone *z, const struct list_head *head,
				    const struct list_head *pos, unsigned int order,
				    unsigned long *pfn)
{
	*pfn = lru_to_pfn(z, pos);
	if (*pfn == ~0UL)
		return "a list entry that is not a page of the zone";
	if (pos->next != head && lru_to_pfn(z, pos->next) == ~0UL)
		return "its next link leads out of the zone";
	if (pos->next->prev != pos)
		return "a broken link";
	return check_free_block(z, *pfn, order);
}

/*
 * Walk the list of one order, adding its pages to *pages.  Returns 0, or
 * -EINVAL after one line.  A list corrupted into a loop ends after
 * spanned_pages steps.
 */
static int check_free_list(const struct zone *z, unsigned int order, unsigned long *pages)
{
	const struct list_head *head = &z->free_area[order].free_list, *pos;
	unsigned long n = 0, pfn = ~0UL;
	const char *why = NULL;

	for (pos = head->next; pos != head; pos = pos->next, n++) {
		why = n < z->spanned_pages ? check_list_entry(z, head, pos, order, &pfn)
					   : "the list loops";
		if (why)
			break;
	}
	if (!why && n != z->free_area[order].nr_free)
		why = "nr_free does not match the list";
	if (why) {
		pr_err("zone %s: order %u free list: pfn %#lx: %s (nr_free %lu, counted %lu)\n",
		       z->name, order, pfn, why, z->free_area[order].nr_free, n);
		return -EINVAL;
	}
	*pages += n << order;
	return 0;
}

int buddy_check_zone(const struct zone *z)
{
	unsigned long pages = 0;

	for (unsigned int order = 0; order <= MAX_ORDER; order++)
		if (check_free_list(z, order, &pages))
			return -EINVAL;
	if (pages != z->free_pages) {
		pr_err("zone %s: free_pages %lu, but the free lists hold %lu\n",
		       z->name, z->free_pages, pages);
		return -EINVAL;
	}
	return 0;
}
