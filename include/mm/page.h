/*
 * struct page: one per physical page frame, in the virtually contiguous array
 * vmemmap at VMEMMAP_START (Linux's include/linux/mm_types.h, page-flags.h,
 * and the sparse-vmemmap memory model).  pfn_to_page(pfn) is plain array
 * indexing; only the parts of the array that describe RAM have backing pages.
 *
 *   pfn  <->  struct page *   pfn_to_page, page_to_pfn
 *   virt <->  struct page *   virt_to_page, page_to_virt / page_address
 *   phys <->  virt            __pa, __va (asm/page.h)
 */
#ifndef ATLAS_MM_PAGE_H
#define ATLAS_MM_PAGE_H

#include <asm/page.h>
#include <kernel/list.h>
#include <kernel/types.h>

struct kmem_cache;

struct page {
	unsigned long flags;            /* PG_* bits; the zone number in the top byte */
	struct list_head lru;           /* buddy free list, or a slab list */
	unsigned long private;          /* buddy: the order of a free or allocated block */
	struct kmem_cache *slab_cache;  /* slab: the cache this page belongs to */
	void *freelist;                 /* slab: first free object */
	unsigned int inuse;             /* slab: objects in use */
	unsigned int objects;           /* slab: objects in the slab */
	int _refcount;                  /* 0: free (or reserved); 1: allocated */
	unsigned int frozen;           /* slab: a CPU's slab (mm/slab.h) */
};

/* Page flags (Linux's enum pageflags, the ones Atlas uses). */
enum pageflags {
	PG_reserved,    /* not managed by the buddy allocator (firmware, kernel, holes) */
	PG_buddy,       /* the first page of a free block on a buddy free list */
	PG_head,        /* the first page of an allocated block of order > 0 */
	PG_slab,        /* owned by the slab allocator */
	NR_PAGEFLAGS
};

#define ZONES_SHIFT 56                  /* the zone number lives in flags' top byte */

/* PageReserved(), SetPageReserved(), ClearPageReserved(), ... as Linux's PAGEFLAG(). */
#define PAGEFLAG(uname, lname) \
	static inline bool Page##uname(const struct page *p) { return p->flags & (1UL << PG_##lname); } \
	static inline void SetPage##uname(struct page *p) { p->flags |= 1UL << PG_##lname; } \
	static inline void ClearPage##uname(struct page *p) { p->flags &= ~(1UL << PG_##lname); }
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Buddy, buddy)
PAGEFLAG(Head, head)
PAGEFLAG(Slab, slab)
#undef PAGEFLAG

static inline unsigned int page_zonenum(const struct page *p)
{
	return p->flags >> ZONES_SHIFT;
}

static inline void set_page_zone(struct page *p, unsigned int zone)
{
	p->flags = (p->flags & ((1UL << ZONES_SHIFT) - 1)) | ((unsigned long)zone << ZONES_SHIFT);
}

static inline int page_ref_count(const struct page *p)
{
	return p->_refcount;
}

/*
 * References to an allocated order-0 page (Linux's get_page/put_page): the
 * allocator hands it out with one; a page mapped by several processes after
 * fork has one per mapping.  Atomic: two CPUs may fault or unmap at once.
 */
static inline int page_count(const struct page *p)
{
	return __atomic_load_n(&p->_refcount, __ATOMIC_RELAXED);
}

static inline void get_page(struct page *p)
{
	__atomic_fetch_add(&p->_refcount, 1, __ATOMIC_RELAXED);
}

/*
 * Drop a reference; the last one frees the page.  The buddy allocator takes
 * back a page whose count is 1 (its "allocated" state, mm/internal.h), so the
 * count the last holder brought to 0 is set back to 1 first: nobody else can
 * see the page any more.
 */
void __free_pages(struct page *page, unsigned int order);
static inline void put_page(struct page *p)
{
	if (__atomic_sub_fetch(&p->_refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		p->_refcount = 1;
		__free_pages(p, 0);
	}
}

/* The array of struct page.  Host tests point it at an ordinary array. */
#ifdef ATLAS_HOST
extern struct page *host_vmemmap;
#define vmemmap host_vmemmap
#else
#define vmemmap ((struct page *)VMEMMAP_START)
#endif

/*
 * Whether pfn has a struct page: RAM, rounded out to the MAX_ORDER blocks the
 * vmemmap is backed for (mm/page_alloc.c; a hole between RAM ranges has none).
 */
bool pfn_valid(unsigned long pfn);
/*
 * pfn_valid's answer as a bitmap, one bit per MAX_ORDER block below the end
 * of RAM, for a fast path to test inline; NULL if the boot could not make it.
 */
const unsigned long *pfn_valid_blocks(void);

#define pfn_to_page(pfn)     (vmemmap + (pfn))
#define page_to_pfn(page)    ((unsigned long)((page) - vmemmap))
#define PFN_PHYS(pfn)        ((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(phys)       ((unsigned long)((phys) >> PAGE_SHIFT))
#define PFN_UP(x)            ((unsigned long)(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define PFN_DOWN(x)          ((unsigned long)((x) >> PAGE_SHIFT))

#define page_to_phys(page)   PFN_PHYS(page_to_pfn(page))
#define phys_to_page(phys)   pfn_to_page(PHYS_PFN(phys))
#define virt_to_page(v)      pfn_to_page(PHYS_PFN(__pa(v)))
#define page_to_virt(page)   __va(page_to_phys(page))
#define page_address(page)   page_to_virt(page)
#define virt_to_pfn(v)       PHYS_PFN(__pa(v))

#endif
