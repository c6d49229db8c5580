/*
 * kmalloc and friends, as Linux's mm/slab_common.c: a kmem_cache per size
 * class, kmalloc-8 ... kmalloc-8k, and the buddy allocator beyond.
 *
 *   size     1..8  9..16  17..32  33..64  65..96  97..128  129..192  ...  4097..8192  more
 *   cache    -8    -16    -32     -64     -96     -128     -192      ...  -8k         pages
 *
 * Sizes up to 192 find their class in size_index[] (the 96 and 192 classes
 * break the powers of two); larger ones by the position of the highest bit.
 * The power-of-two classes align each object to its size, as Linux promises.
 *
 * A kmalloc beyond 8 KiB is a block of 2^order pages (a "large kmalloc"): its
 * head page has PG_head and private = order (set by the buddy allocator), no
 * PG_slab, which is how kfree and ksize tell it from a slab object.
 *
 * Zone modifiers: GFP_DMA and GFP_DMA32 kmallocs get caches of their own
 * (dma-kmalloc-N, dma32-kmalloc-N, made at boot) whose slabs come from
 * that zone, so an object below 16 MiB never shares a slab with one that
 * need not be.  (Linux has the dma-kmalloc caches but refuses GFP_DMA32.)
 */
#define pr_fmt(fmt) "kmalloc: " fmt

#include <kernel/kernel.h>
#include <mm/mm.h>
#include <kernel/printk.h>
#include <mm/mmzone.h>

#include "slab.h"

struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];

/* The class of sizes 1..192, by (size - 1) / 8: index 1 is kmalloc-96, 2 kmalloc-192. */
const u8 size_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6,         /*   8  16  24  32  40  48  56  64 */
	1, 1, 1, 1, 7, 7, 7, 7,         /*  72  80  88  96 104 112 120 128 */
	2, 2, 2, 2, 2, 2, 2, 2,         /* 136 ... 192 */
};

/* Names and sizes by index (Linux's kmalloc_info). */
static const struct {
	const char *name[NR_KMALLOC_TYPES];
	unsigned int size;
} kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
#define INFO(sz, n) { { "kmalloc-" n, "dma-kmalloc-" n, "dma32-kmalloc-" n }, sz }
	INFO(0, "0"), INFO(96, "96"), INFO(192, "192"), INFO(8, "8"), INFO(16, "16"),
	INFO(32, "32"), INFO(64, "64"), INFO(128, "128"), INFO(256, "256"), INFO(512, "512"),
	INFO(1024, "1k"), INFO(2048, "2k"), INFO(4096, "4k"), INFO(8192, "8k"),
#undef INFO
};

static const unsigned int kmalloc_type_flags[NR_KMALLOC_TYPES] = {
	0, SLAB_CACHE_DMA, SLAB_CACHE_DMA32,
};

/* Make the cache of one type and index; NULL (with a message) if there is no memory. */
static struct kmem_cache *create_kmalloc_cache(enum kmalloc_cache_type type, unsigned int index)
{
	unsigned int size = kmalloc_info[index].size;
	/* power-of-two sizes are aligned to themselves (Linux's create_boot_cache) */
	unsigned int align = (size & (size - 1)) ? 8 : size;
	struct kmem_cache *s;

	s = __kmem_cache_create(kmalloc_info[index].name[type], size, align,
				kmalloc_type_flags[type] | SLAB_KMALLOC, NULL);
	if (!s)
		return NULL;
	kmalloc_caches[type][index] = s;
	return s;
}

void kmalloc_init(void)
{
	/*
	 * Every type at boot, as Linux's create_kmalloc_caches makes its
	 * dma-kmalloc caches: a cache holds no slab until it is used, and one
	 * made at first use would be memory a test case never gives back.
	 * Index 0 is unused; 1 and 2 are kmalloc-96 and -192.
	 */
	for (int type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++)
		for (unsigned int i = 1; i <= KMALLOC_SHIFT_HIGH; i++)
			if (!create_kmalloc_cache(type, i))
				pr_err("no memory for %s\n", kmalloc_info[i].name[type]);
}

/* The cache for a GFP_DMA or GFP_DMA32 kmalloc (kmalloc_init made it; NULL if it had no memory). */
static struct kmem_cache *kmalloc_zone_cache(gfp_t gfp, unsigned int index)
{
	return kmalloc_caches[gfp & __GFP_DMA ? KMALLOC_DMA : KMALLOC_DMA32][index];
}

static void *kmalloc_large(size_t size, gfp_t gfp, unsigned long caller)
{
	struct page *page;

	if (size > PAGE_SIZE << MAX_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("%pS: kmalloc(%zu): larger than the largest block (%lu KiB)\n",
				(void *)caller, size, (PAGE_SIZE << MAX_ORDER) >> 10);
		return NULL;
	}
	page = alloc_pages(gfp | __GFP_COMP, get_order(size));
	return page ? page_address(page) : NULL;
}

/* The kmallocs that are not the common case: 0 bytes, beyond 8 KiB, GFP_DMA/DMA32. */
static __noinline void *kmalloc_slow(size_t size, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache *s;

	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp, caller);
	if (!size)
		return ZERO_SIZE_PTR;
	s = kmalloc_zone_cache(gfp, kmalloc_index(size));
	return s ? slab_alloc(s, gfp, caller) : NULL;
}

static __always_inline void *__kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache *s;

	if (unlikely(size - 1 >= KMALLOC_MAX_CACHE_SIZE || (gfp & (__GFP_DMA | __GFP_DMA32))))
		return kmalloc_slow(size, gfp, caller);
	s = kmalloc_caches[KMALLOC_NORMAL][kmalloc_index(size)];
	if (unlikely(!s))
		return NULL;
	return slab_alloc(s, gfp, caller);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp, _RET_IP_);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp | __GFP_ZERO, _RET_IP_);
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __kmalloc(bytes, gfp, _RET_IP_);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __kmalloc(bytes, gfp | __GFP_ZERO, _RET_IP_);
}

/* ---- freeing ---- */

static __noinline void bad_kfree(const void *x, const char *why, unsigned long caller)
{
	printk(KERN_ERR "BUG: kfree(0x%px): %s, caller %pS\n", x, why, (void *)caller);
}

/*
 * The head of the allocated block that holds page, if any: blocks are
 * naturally aligned, so it is the page with the low bits of the pfn cleared
 * for some order.  Only for reports: the search is slow.
 */
static struct page *find_block_head(struct page *page)
{
	unsigned long pfn = page_to_pfn(page);

	for (unsigned int order = 1; order <= MAX_ORDER; order++) {
		struct page *head = pfn_to_page(pfn & ~((1UL << order) - 1));

		if (PageHead(head) && page_ref_count(head) == 1 && head->private >= order)
			return head;
	}
	return NULL;
}

/*
 * The large kmalloc whose first byte is x, as its head page; NULL (after a
 * report) if x is not one.
 */
static struct page *large_kmalloc_page(const void *x, unsigned long caller)
{
	struct page *page = virt_to_page(x);

	if (PageHead(page) && page_ref_count(page) == 1 && page_address(page) == x)
		return page;
	if (PageHead(page) && page_ref_count(page) == 1)
		bad_kfree(x, "not the start of a kmalloc object", caller);
	else if (!page_ref_count(page) && find_block_head(page))
		bad_kfree(x, "not the start of a kmalloc object (inside a block of pages)", caller);
	else
		bad_kfree(x, "not a kmalloc object (or freed already)", caller);
	return NULL;
}

/* A kfree of something that is not a slab object: a large kmalloc, or a mistake. */
static __noinline void kfree_large(const void *x, unsigned long caller)
{
	struct page *page;

	if (!virt_addr_valid(x)) {
		bad_kfree(x, "not an address of the direct map", caller);
		return;
	}
	page = large_kmalloc_page(x, caller);
	if (page)
		__free_pages(page, page->private);
}

static __always_inline void __kfree(const void *x, unsigned long caller)
{
	struct page *page;
	struct kmem_cache *s;

	if (unlikely(ZERO_OR_NULL_PTR(x)))
		return;
	page = virt_to_page(x);
	if (unlikely(!virt_addr_valid(x) || !PageSlab(page))) {
		kfree_large(x, caller);
		return;
	}
	s = page->slab_cache;
	slab_free(s, slab_head(s, page), (void *)x, caller);
}

void kfree(const void *x)
{
	__kfree(x, _RET_IP_);
}

/* The usable size of x; 0 (after a report, with caller) if x is not a kmalloc object. */
static size_t __ksize(const void *x, unsigned long caller)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(x))
		return 0;
	if (!virt_addr_valid(x)) {
		printk(KERN_ERR "BUG: ksize(0x%px): not an address of the direct map, caller %pS\n",
		       x, (void *)caller);
		return 0;
	}
	page = virt_to_page(x);
	if (PageSlab(page))
		return page->slab_cache->object_size;
	page = large_kmalloc_page(x, caller);
	return page ? PAGE_SIZE << page->private : 0;
}

size_t ksize(const void *x)
{
	return __ksize(x, _RET_IP_);
}

void kfree_sensitive(const void *x)
{
	size_t n = __ksize(x, _RET_IP_);

	if (n) {
		memset((void *)x, 0, n);
		barrier();              /* the zeroing must happen, though the memory dies next */
	}
	__kfree(x, _RET_IP_);
}

/*
 * Linux's krealloc: p's object if new_size still fits in it, else a new
 * object with p's contents, p freed.  krealloc(NULL, n) is kmalloc(n);
 * krealloc(p, 0) frees p and returns ZERO_SIZE_PTR.  On failure p is kept
 * and NULL returned.
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	size_t ks;
	void *ret;

	if (unlikely(!new_size)) {
		__kfree(p, _RET_IP_);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(p))
		return __kmalloc(new_size, gfp, _RET_IP_);
	ks = __ksize(p, _RET_IP_);
	if (!ks)
		return NULL;
	if (new_size <= ks)
		return (void *)p;
	ret = __kmalloc(new_size, gfp, _RET_IP_);
	if (ret) {
		memcpy(ret, p, ks);
		__kfree(p, _RET_IP_);
	}
	return ret;
}
