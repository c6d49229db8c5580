/*
 * slab suite: kmem_cache and kmalloc on the real machine (mm/slab.c,
 * mm/kmalloc.c, mm/slab_debug.c).  Size classes, alignment and ksize;
 * zeroing; kcalloc's overflow check; krealloc; large kmallocs; GFP_DMA;
 * caches with a ctor, refused and accepted destroys; random use with every
 * live object's contents checked; and, with debugging on (selftest turns it
 * on), each kind of misuse reported in one line naming the cache, the object
 * and the caller, after which the allocator still works.  The runner fails a
 * case that leaks pages: with debugging on a slab goes back to the buddy
 * allocator as soon as it is empty, so every case must end as it began.
 */
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <mm/slab.h>

#include "../mm/slab.h"

/* Every free page, those on the per-CPU lists too (drained first). */
static unsigned long free_pages_now(void)
{
	drain_all_pages(NULL);
	return nr_free_pages();
}

static const unsigned int class_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};

/* The class a kmalloc of size should use: the smallest class that holds it. */
static unsigned int class_of(size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(class_sizes); i++)
		if (class_sizes[i] >= size && (class_sizes[i] != 96 || size > 64) &&
		    (class_sizes[i] != 192 || size > 128))
			return class_sizes[i];
	return 0;
}

static bool all_bytes(const void *p, u8 val, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != val)
			return false;
	return true;
}

static struct kmem_cache *cache_of(const void *p)
{
	return virt_to_page(p)->slab_cache;
}

static void slab_kmalloc_classes_fit_and_align(struct kunit *test)
{
	size_t pos = log_buf_pos();

	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size += size < 256 ? 1 : 61) {
		unsigned int cls = class_of(size);
		u8 *p = kmalloc(size, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, ksize(p), cls);
		/* powers of two are aligned to themselves, 96 and 192 to 8 */
		KUNIT_EXPECT_EQ(test, (unsigned long)p % ((cls & (cls - 1)) ? 8 : cls), 0);
		KUNIT_EXPECT_TRUE(test, PageSlab(virt_to_page(p)));
		memset(p, 0x11, ksize(p));      /* the whole class is usable */
		kfree(p);
	}
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BUG"));
}

static void slab_kmalloc_class_names_match_linux(struct kunit *test)
{
	static const char *const names[] = {
		"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96",
		"kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1k",
		"kmalloc-2k", "kmalloc-4k", "kmalloc-8k",
	};

	for (size_t i = 0; i < ARRAY_SIZE(class_sizes); i++) {
		void *p = kmalloc(class_sizes[i], GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_STREQ(test, cache_of(p)->name, names[i]);
		KUNIT_EXPECT_EQ(test, cache_of(p)->object_size, class_sizes[i]);
		kfree(p);
	}
}

static void slab_kmalloc_zero_and_null(struct kunit *test)
{
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_PTR_EQ(test, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, ksize(ZERO_SIZE_PTR), 0);
	KUNIT_EXPECT_EQ(test, ksize(NULL), 0);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	kfree_sensitive(NULL);
	kmem_cache_destroy(NULL);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BUG"));
}

static void slab_kzalloc_zeroes(struct kunit *test)
{
	for (size_t i = 0; i < ARRAY_SIZE(class_sizes); i++) {
		unsigned int n = class_sizes[i];
		u8 *p = kmalloc(n, GFP_KERNEL), *q;

		KUNIT_ASSERT_NOT_NULL(test, p);
		memset(p, 0xe7, n);
		kfree(p);
		q = kzalloc(n, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, q);
		KUNIT_EXPECT_TRUE(test, all_bytes(q, 0, n));
		kfree(q);
	}
}

static void slab_kcalloc_overflow_returns_null(struct kunit *test)
{
	u32 *a;

	KUNIT_EXPECT_NULL(test, kcalloc(SIZE_MAX / 2 + 1, 2, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, kcalloc(2, SIZE_MAX / 2 + 1, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, kmalloc_array(1UL << 33, 1UL << 31, GFP_KERNEL));
	a = kcalloc(100, sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, ksize(a), 512);
	KUNIT_EXPECT_TRUE(test, all_bytes(a, 0, 400));
	kfree(a);
	a = kmalloc_array(3, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, ksize(a), 32);
	kfree(a);
}

static void slab_krealloc_keeps_contents(struct kunit *test)
{
	u8 *p = krealloc(NULL, 40, GFP_KERNEL), *q;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, ksize(p), 64);
	for (int i = 0; i < 40; i++)
		p[i] = i;
	KUNIT_EXPECT_PTR_EQ(test, krealloc(p, 60, GFP_KERNEL), p);     /* fits: in place */
	KUNIT_EXPECT_PTR_EQ(test, krealloc(p, 10, GFP_KERNEL), p);     /* shrinks in place */
	q = krealloc(p, 1000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_EQ(test, ksize(q), 1024);
	for (int i = 0; i < 40; i++)
		KUNIT_EXPECT_EQ(test, q[i], i);
	p = krealloc(q, 20000, GFP_KERNEL | __GFP_ZERO);                /* to a large kmalloc */
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, ksize(p), 8 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, p[39], 39);
	KUNIT_EXPECT_TRUE(test, all_bytes(p + 1024, 0, 20000 - 1024));
	KUNIT_EXPECT_PTR_EQ(test, krealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR);   /* frees */
}

static void slab_large_kmalloc_round_trip(struct kunit *test)
{
	static const size_t sizes[] = { 8193, 12288, 16385, 100000, 1 << 20 };
	unsigned long free = free_pages_now();

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		u8 *p = kmalloc(sizes[i], GFP_KERNEL);
		size_t want = PAGE_SIZE;

		while (want < sizes[i])
			want <<= 1;
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, ksize(p), want);
		KUNIT_EXPECT_EQ(test, (unsigned long)p % PAGE_SIZE, 0);
		KUNIT_EXPECT_FALSE(test, PageSlab(virt_to_page(p)));
		KUNIT_EXPECT_LT(test, free_pages_now(), free);
		memset(p, 0x3c, want);
		KUNIT_EXPECT_EQ(test, p[want - 1], 0x3c);
		kfree(p);
		KUNIT_EXPECT_EQ(test, free_pages_now(), free);
	}
	KUNIT_EXPECT_NULL(test, kmalloc(PAGE_SIZE << (MAX_ORDER + 1), GFP_KERNEL | __GFP_NOWARN));
}

static void slab_gfp_dma_is_below_16m(struct kunit *test)
{
	void *small = kmalloc(64, GFP_DMA), *big = kmalloc(20000, GFP_DMA);
	void *d32 = kzalloc(100, GFP_DMA32);

	KUNIT_ASSERT_NOT_NULL(test, small);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_ASSERT_NOT_NULL(test, d32);
	KUNIT_EXPECT_LT(test, __pa(small) + 64, SZ_16M + 1);
	KUNIT_EXPECT_LT(test, __pa(big) + ksize(big), SZ_16M + 1);
	KUNIT_EXPECT_LT(test, __pa(d32), SZ_4G);
	KUNIT_EXPECT_STREQ(test, cache_of(small)->name, "dma-kmalloc-64");
	KUNIT_EXPECT_STREQ(test, cache_of(d32)->name, "dma32-kmalloc-128");
	KUNIT_EXPECT_EQ(test, ksize(small), 64);
	KUNIT_EXPECT_TRUE(test, all_bytes(d32, 0, 100));
	kfree(small);
	kfree(big);
	kfree(d32);
}

static void slab_kfree_sensitive_zeroes(struct kunit *test)
{
	u8 *big = kmalloc(10000, GFP_KERNEL), *p = kmalloc(64, GFP_KERNEL);
	struct kmem_cache *s;

	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_ASSERT_NOT_NULL(test, p);
	s = cache_of(p);
	memset(big, 0xe7, 16384);
	memset(p, 0xe7, 64);
	kfree_sensitive(big);
	kfree_sensitive(p);
	/*
	 * The freed memory is still mapped (pages on a free list, an object on
	 * its slab's list) and nobody ran in between.  The large one is all
	 * zeroes; a slab object then gets the free pointer in its first word
	 * without poisoning, or poison over the zeroes with it: either way no
	 * byte of the secret is left.
	 */
	KUNIT_EXPECT_TRUE(test, all_bytes(big, 0, 16384));
	if (s->flags & SLAB_POISON) {
		KUNIT_EXPECT_TRUE(test, all_bytes(p, POISON_FREE, 63));
		KUNIT_EXPECT_EQ(test, p[63], POISON_END);
	} else {
		KUNIT_EXPECT_EQ(test, s->offset, 0);
		KUNIT_EXPECT_TRUE(test, all_bytes(p + 8, 0, 56));
	}
}

/* ---- kmem_cache ---- */

static int ctor_calls;

static void ctor_fill(void *obj)
{
	memset(obj, 0x77, 24);
	ctor_calls++;
}

static void slab_cache_ctor_runs_once_per_object(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slab_test_ctor", 24, 0, 0, ctor_fill);
	void *objs[40];

	KUNIT_ASSERT_NOT_NULL(test, s);
	ctor_calls = 0;
	for (int i = 0; i < 40; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		KUNIT_EXPECT_TRUE(test, all_bytes(objs[i], 0x77, 24));  /* ctor's state, not poison */
		KUNIT_EXPECT_EQ(test, (unsigned long)objs[i] % 8, 0);
	}
	/* the ctor ran when each slab was made, for all of its objects */
	KUNIT_EXPECT_EQ(test, ctor_calls, slab_nr_slabs(s) * s->objects);
	for (int i = 0; i < 40; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
}

static void slab_cache_alignment_is_honoured(struct kunit *test)
{
	struct kmem_cache *a = kmem_cache_create("slab_test_al", 40, 256, 0, NULL);
	struct kmem_cache *h = kmem_cache_create("slab_test_hw", 100, 0, SLAB_HWCACHE_ALIGN, NULL);
	void *p[8], *q[8];

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, h);
	for (int i = 0; i < 8; i++) {
		p[i] = kmem_cache_alloc(a, GFP_KERNEL);
		q[i] = kmem_cache_zalloc(h, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		KUNIT_ASSERT_NOT_NULL(test, q[i]);
		KUNIT_EXPECT_EQ(test, (unsigned long)p[i] % 256, 0);
		KUNIT_EXPECT_EQ(test, (unsigned long)q[i] % 64, 0);
		KUNIT_EXPECT_TRUE(test, all_bytes(q[i], 0, 100));
	}
	for (int i = 0; i < 8; i++) {
		kmem_cache_free(a, p[i]);
		kmem_cache_free(h, q[i]);
	}
	kmem_cache_destroy(a);
	kmem_cache_destroy(h);
}

static void slab_cache_create_rejects_bad_arguments(struct kunit *test)
{
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_NULL(test, kmem_cache_create("slab_test_bad", 0, 0, 0, NULL));
	KUNIT_EXPECT_NULL(test, kmem_cache_create("slab_test_bad", 64, 48, 0, NULL));
	KUNIT_EXPECT_NULL(test, kmem_cache_create(NULL, 64, 0, 0, NULL));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "kmem_cache_create(slab_test_bad, size 0"));
}

static bool cache_listed(const struct kmem_cache *c)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list)
		if (s == c)
			return true;
	return false;
}

static void slab_destroy_in_use_is_refused(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slab_test_busy", 128, 0, 0, NULL);
	struct slabinfo info;
	size_t pos;
	void *obj, *obj2;

	KUNIT_ASSERT_NOT_NULL(test, s);
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	pos = log_buf_pos();
	kmem_cache_destroy(s);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		"kmem_cache_destroy slab_test_busy: Slab cache still has objects when called from slab_destroy_in_use_is_refused+"));
	KUNIT_EXPECT_TRUE(test, cache_listed(s));
	obj2 = kmem_cache_alloc(s, GFP_KERNEL);         /* still a working cache */
	KUNIT_ASSERT_NOT_NULL(test, obj2);
	kmem_cache_shrink(s);           /* this CPU's list back to its slab: not counted active */
	get_slabinfo(s, &info);
	KUNIT_EXPECT_EQ(test, info.active_objs, 2);
	KUNIT_EXPECT_EQ(test, info.num_objs, s->objects);
	KUNIT_EXPECT_EQ(test, info.num_slabs, 1);
	kmem_cache_free(s, obj);
	kmem_cache_free(s, obj2);
	pos = log_buf_pos();
	kmem_cache_destroy(s);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "kmem_cache_destroy"));
	KUNIT_EXPECT_FALSE(test, cache_listed(s));
}

static void slab_kmalloc_cache_is_never_destroyed(struct kunit *test)
{
	void *p = kmalloc(32, GFP_KERNEL);
	struct kmem_cache *s;
	size_t pos = log_buf_pos();

	KUNIT_ASSERT_NOT_NULL(test, p);
	s = cache_of(p);
	kfree(p);
	kmem_cache_destroy(s);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "kmem_cache_destroy kmalloc-32"));
	KUNIT_EXPECT_TRUE(test, cache_listed(s));
}

/* Many objects, freed in another order: every slab goes back, slabinfo counts right. */
static void slab_cache_slabs_come_and_go(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slab_test_many", 200, 0, 0, NULL);
	static void *objs[1000];
	unsigned long free = free_pages_now();
	struct slabinfo info;

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (int i = 0; i < 1000; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		*(int *)objs[i] = i;
	}
	get_slabinfo(s, &info);
	KUNIT_EXPECT_EQ(test, info.active_objs, 1000);
	KUNIT_EXPECT_EQ(test, info.num_slabs, DIV_ROUND_UP(1000, s->objects));
	KUNIT_EXPECT_EQ(test, free - free_pages_now(), info.num_slabs << s->order);
	for (int i = 0; i < 1000; i += 2)
		kmem_cache_free(s, objs[i]);
	for (int i = 1; i < 1000; i += 2) {
		KUNIT_EXPECT_EQ(test, *(int *)objs[i], i);
		kmem_cache_free(s, objs[i]);
	}
	kmem_cache_shrink(s);
	get_slabinfo(s, &info);
	KUNIT_EXPECT_EQ(test, info.active_objs, 0);
	KUNIT_EXPECT_EQ(test, info.num_slabs, 0);
	KUNIT_EXPECT_EQ(test, free_pages_now(), free);
	kmem_cache_destroy(s);
}

static void slab_wrong_cache_free_is_reported(struct kunit *test)
{
	struct kmem_cache *a = kmem_cache_create("slab_test_a", 64, 0, 0, NULL);
	struct kmem_cache *b = kmem_cache_create("slab_test_b", 64, 0, 0, NULL);
	void *obj;
	size_t pos;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	obj = kmem_cache_alloc(a, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	pos = log_buf_pos();
	kmem_cache_free(b, obj);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "Wrong slab cache. slab_test_b but object"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "is from slab_test_a, caller slab_wrong_cache_free_is_reported+"));
	kmem_cache_free(a, obj);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
}

/* ---- random use ---- */

static u64 rnd(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Mostly small sizes, sometimes large ones (past 8 KiB: pages). */
static size_t random_size(u64 *seed)
{
	u64 r = rnd(seed);

	switch (r % 8) {
	case 0:
		return 1 + (r >> 8) % 24000;
	case 1: case 2:
		return 1 + (r >> 8) % 2048;
	default:
		return 1 + (r >> 8) % 256;
	}
}

struct live_obj {
	u8 *p;
	size_t size;
	u8 tag;
};

static void fill(struct live_obj *o)
{
	for (size_t i = 0; i < o->size; i++)
		o->p[i] = (u8)(o->tag + i * 7);
}

static bool intact(const struct live_obj *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (o->p[i] != (u8)(o->tag + i * 7))
			return false;
	return true;
}

#define LIVE 200

static void random_step(struct kunit *test, struct live_obj *o, u64 *seed)
{
	size_t size = random_size(seed);

	if (!o->p) {
		o->p = kmalloc(size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o->p);
		KUNIT_EXPECT_GE(test, ksize(o->p), size);
	} else if (rnd(seed) % 3 == 0) {
		u8 *q = krealloc(o->p, size, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, q);
		o->p = q;
		KUNIT_EXPECT_TRUE(test, intact(o, min(o->size, size)));
	} else {
		KUNIT_EXPECT_TRUE(test, intact(o, o->size));
		kfree(o->p);
		o->p = NULL;
		return;
	}
	o->size = size;
	o->tag = (u8)rnd(seed);
	fill(o);
}

static void slab_random_use_keeps_contents(struct kunit *test)
{
	static struct live_obj live[LIVE];
	u64 seed = 0x2545f4914f6cdd1dULL;
	size_t pos = log_buf_pos();

	memset(live, 0, sizeof(live));
	for (int round = 0; round < 6000; round++)
		random_step(test, &live[rnd(&seed) % LIVE], &seed);
	for (int i = 0; i < LIVE; i++) {
		if (live[i].p) {
			KUNIT_EXPECT_TRUE(test, intact(&live[i], live[i].size));
			kfree(live[i].p);
		}
	}
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BUG"));
}

/* ---- misuse ---- */

static void slab_bad_kfree_is_reported(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	u8 *big = kmalloc(20000, GFP_KERNEL);
	static int in_image;            /* not the direct map (a task's stack is: buddy pages) */
	size_t pos = log_buf_pos();

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, big);
	kfree(&in_image);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "not an address of the direct map, caller slab_bad_kfree_is_reported+"));
	pos = log_buf_pos();
	kfree(page_address(page));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: kfree("));
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);         /* not freed */
	pos = log_buf_pos();
	kfree(big + PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "not the start of a kmalloc object"));
	kfree(big);
	pos = log_buf_pos();
	kfree(big);                                             /* a large double free */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: kfree("));
	__free_page(page);
}

static void skip_unless_debug(struct kunit *test)
{
	if (!slub_debug)
		kunit_skip(test, "slab debugging is off (boot with slub_debug or selftest)");
}

static void slab_invalid_pointer_free_is_reported(struct kunit *test)
{
	u8 *p;
	size_t pos;

	skip_unless_debug(test);
	p = kmalloc(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	pos = log_buf_pos();
	kfree(p + 8);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG kmalloc-128 (Not tainted): Invalid object pointer"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "caller slab_invalid_pointer_free_is_reported+"));
	p[0] = 1;                                       /* still allocated */
	pos = log_buf_pos();
	kfree(p);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BUG"));
}

static void slab_redzone_overwrite_is_reported(struct kunit *test)
{
	u8 *p, *q;
	size_t pos;

	skip_unless_debug(test);
	p = kmalloc(64, GFP_KERNEL);
	q = kmalloc(32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, q);
	p[64] = 0;                                      /* one byte past the end */
	q[-1] = 0;                                      /* one byte before the start */
	pos = log_buf_pos();
	kfree(p);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG kmalloc-64 (Not tainted): Right Redzone overwritten"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "at offset 64: 0x00 instead of 0xcc"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "caller slab_redzone_overwrite_is_reported+"));
	pos = log_buf_pos();
	kfree(q);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG kmalloc-32 (Not tainted): Left Redzone overwritten"));
	/* repaired and freed: the next allocation finds nothing wrong */
	pos = log_buf_pos();
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BUG"));
}

/*
 * Two objects of kmalloc-64 in one slab (the first keeps the slab alive
 * while the second is free); the rest allocated on the way are in *extra.
 */
static u8 *second_in_slab(struct kunit *test, void **keep, void **extra, int *n)
{
	void *prev = kmalloc(64, GFP_KERNEL);

	for (*n = 0; *n < 64; (*n)++) {
		void *p = kmalloc(64, GFP_KERNEL);

		if (p && prev && virt_to_page(p) == virt_to_page(prev)) {
			*keep = prev;
			return p;
		}
		extra[*n] = prev;
		prev = p;
	}
	KUNIT_FAIL(test, "no two kmalloc-64 objects in one slab");
	*keep = prev;
	return NULL;
}

static void slab_double_free_is_reported(struct kunit *test)
{
	void *extra[64], *keep, *p, *q, *r;
	size_t pos;
	int n;

	skip_unless_debug(test);
	p = second_in_slab(test, &keep, extra, &n);   /* keep holds the slab while p is free */
	if (p) {
		kfree(p);
		pos = log_buf_pos();
		kfree(p);
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG kmalloc-64 (Not tainted): Object already free"));
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "caller slab_double_free_is_reported+"));
		/* the list is sound: the next two objects differ, and neither is keep */
		q = kmalloc(64, GFP_KERNEL);
		r = kmalloc(64, GFP_KERNEL);
		KUNIT_EXPECT_PTR_NE(test, q, r);
		KUNIT_EXPECT_PTR_NE(test, q, keep);
		KUNIT_EXPECT_PTR_NE(test, r, keep);
		kfree(q);
		kfree(r);
	}
	kfree(keep);
	for (int i = 0; i < n; i++)
		kfree(extra[i]);
}

static void slab_use_after_free_write_is_reported(struct kunit *test)
{
	void *extra[64], *keep, *got[256];
	int n, ngot = 0;
	u8 *p;
	size_t pos;

	skip_unless_debug(test);
	p = second_in_slab(test, &keep, extra, &n);
	if (p) {
		kfree(p);
		KUNIT_EXPECT_TRUE(test, all_bytes(p, POISON_FREE, 63));
		p[8] = 0x42;                            /* a write after free */
		pos = log_buf_pos();
		/* found when the object is handed out again */
		while (ngot < 256 && (got[ngot] = kmalloc(64, GFP_KERNEL)) != p)
			ngot++;
		KUNIT_ASSERT_TRUE(test, got[ngot] == p);
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG kmalloc-64 (Not tainted): Poison overwritten"));
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "at offset 8: 0x42 instead of 0x6b"));
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "caller slab_use_after_free_write_is_reported+"));
		KUNIT_EXPECT_TRUE(test, all_bytes(p, POISON_INUSE, 64));  /* fresh again */
		for (int i = 0; i <= ngot; i++)
			kfree(got[i]);
	}
	kfree(keep);
	for (int i = 0; i < n; i++)
		kfree(extra[i]);
}

static void slab_debug_poisons_fresh_and_freed(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slab_test_poison", 48, 0,
						 SLAB_POISON | SLAB_RED_ZONE, NULL);
	u8 *a, *b;

	KUNIT_ASSERT_NOT_NULL(test, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);            /* debugging asked for: on whatever the boot */
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_TRUE(test, all_bytes(a, POISON_INUSE, 48));
	KUNIT_EXPECT_TRUE(test, all_bytes(a - s->red_left_pad, SLUB_RED_ACTIVE, s->red_left_pad));
	KUNIT_EXPECT_TRUE(test, all_bytes(a + 48, SLUB_RED_ACTIVE, s->inuse - 48));
	kmem_cache_free(s, a);
	KUNIT_EXPECT_TRUE(test, all_bytes(a, POISON_FREE, 47));
	KUNIT_EXPECT_EQ(test, a[47], POISON_END);
	KUNIT_EXPECT_TRUE(test, all_bytes(a + 48, SLUB_RED_INACTIVE, s->inuse - 48));
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
}

/* Give back a slab that lost objects to a cut free list (they count as in use for ever). */
static void discard_lost_slab(struct kmem_cache *s, struct page *slab)
{
	list_del(&slab->lru);                   /* it has free objects: on the partial list */
	get_node(s, 0)->nr_partial--;
	for (unsigned long i = 0; i < 1UL << s->order; i++) {
		ClearPageSlab(&slab[i]);
		slab[i].slab_cache = NULL;
	}
	atomic_long_dec(&get_node(s, 0)->nr_slabs);
	__free_pages(slab, s->order);
}

static void slab_corrupt_free_pointer_is_cut(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slab_test_fp", 64, 0, SLAB_RED_ZONE, NULL);
	void *objs[4];
	size_t pos;

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (int i = 0; i < 4; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
	}
	kmem_cache_free(s, objs[1]);
	kmem_cache_free(s, objs[2]);                    /* list: 2 -> 1 -> rest */
	set_freepointer(s, objs[2], (char *)objs[1] + 3);       /* a wild write */
	pos = log_buf_pos();
	KUNIT_EXPECT_PTR_EQ(test, kmem_cache_alloc(s, GFP_KERNEL), objs[2]);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG slab_test_fp (Not tainted): Freepointer corrupt"));
	/* the cut slab is full now; the next object comes from a new slab */
	objs[1] = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs[1]);
	KUNIT_EXPECT_PTR_NE(test, virt_to_page(objs[1]), virt_to_page(objs[0]));
	KUNIT_EXPECT_EQ(test, slab_nr_slabs(s), 2);
	for (int i = 0; i < 4; i++)
		kmem_cache_free(s, objs[i]);
	KUNIT_EXPECT_EQ(test, slab_nr_slabs(s), 1);
	KUNIT_EXPECT_EQ(test, virt_to_page(objs[0])->inuse, s->objects - 3);
	discard_lost_slab(s, virt_to_page(objs[0]));    /* for the runner's leak check */
	kmem_cache_destroy(s);
}

/* ---- lab 4: one group of cases per exercise (labs/04-slab.grade) ---- */

static int carve_ctor_runs;

static void carve_ctor(void *p)
{
	memset(p, 0x3c, 100);
	carve_ctor_runs++;
}

/* new_slab's free list: every object once, in address order, the last one ending it. */
static void expect_carved(struct kunit *test, struct kmem_cache *s, struct page *slab)
{
	char *base = (char *)slab_address(slab) + s->red_left_pad;
	void *p = slab->freelist;
	unsigned int i;

	for (i = 0; p && i < s->objects; i++, p = get_freepointer(s, p))
		KUNIT_ASSERT_EQ(test, (unsigned long)p, (unsigned long)(base + (size_t)i * s->size));
	KUNIT_EXPECT_EQ(test, i, s->objects);
	KUNIT_EXPECT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, slab->inuse, 0);
	KUNIT_EXPECT_EQ(test, slab->objects, s->objects);
}

static void slab_carve_links_every_object(struct kunit *test)
{
	struct kmem_cache *plain = kmem_cache_create("slab_test_carve", 200, 0, 0, NULL);
	struct kmem_cache *built = kmem_cache_create("slab_test_carve_ctor", 100, 0, 0, carve_ctor);
	struct page *slab;

	KUNIT_ASSERT_NOT_NULL(test, plain);
	KUNIT_ASSERT_NOT_NULL(test, built);
	slab = new_slab(plain, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, slab);
	expect_carved(test, plain, slab);
	discard_slab(plain, slab);
	carve_ctor_runs = 0;
	slab = new_slab(built, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, slab);
	expect_carved(test, built, slab);
	KUNIT_EXPECT_EQ(test, carve_ctor_runs, built->objects);
	KUNIT_EXPECT_TRUE(test, all_bytes(slab->freelist, 0x3c, 100));
	discard_slab(built, slab);
	kmem_cache_destroy(plain);
	kmem_cache_destroy(built);
}

/* A cache on the fast paths whatever the boot (SLAB_NO_DEBUG: never debugged). */
static struct kmem_cache *fast_cache(struct kunit *test, const char *name)
{
	struct kmem_cache *s = kmem_cache_create(name, 64, 0, SLAB_NO_DEBUG, NULL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_EQ(test, s->flags & SLAB_DEBUG_FLAGS, 0);
	return s;
}

/* Give back what a fast cache holds, and the cache (the runner counts the pages). */
static void fast_cache_destroy(struct kmem_cache *s)
{
	kmem_cache_flush_this_cpu();
	kmem_cache_destroy(s);
}

static void slab_fast_alloc_pops_this_cpu_list(struct kunit *test)
{
	struct kmem_cache *s = fast_cache(test, "slab_test_pop");
	struct kmem_cache_cpu *c = this_cpu_ptr(s->cpu_slab);
	u8 *a, *b;

	a = kmem_cache_alloc(s, GFP_KERNEL);            /* the slow path: a slab for this CPU */
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, c->slab);
	KUNIT_EXPECT_PTR_EQ(test, (void *)a, slab_address(c->slab));
	KUNIT_EXPECT_PTR_EQ(test, c->freelist, (void *)(a + 64));
	b = kmem_cache_alloc(s, GFP_KERNEL);            /* the fast path: the next object */
	KUNIT_EXPECT_PTR_EQ(test, (void *)b, (void *)(a + 64));
	KUNIT_EXPECT_PTR_EQ(test, c->freelist, (void *)(a + 128));
	KUNIT_EXPECT_EQ(test, c->slab->inuse, s->objects);
	KUNIT_EXPECT_EQ(test, c->active, 0);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	fast_cache_destroy(s);
}

static void slab_fast_free_pushes_this_cpu_list(struct kunit *test)
{
	struct kmem_cache *s = fast_cache(test, "slab_test_push");
	struct kmem_cache_cpu *c = this_cpu_ptr(s->cpu_slab);
	void *a, *b, *freelist;
	size_t pos;

	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_TRUE(test, virt_to_page(a) == c->slab);
	freelist = c->freelist;
	kmem_cache_free(s, a);                          /* this CPU's slab: onto its list */
	KUNIT_EXPECT_PTR_EQ(test, c->freelist, a);
	KUNIT_EXPECT_PTR_EQ(test, get_freepointer(s, a), freelist);
	KUNIT_EXPECT_EQ(test, c->slab->inuse, s->objects);      /* the slab's count untouched */
	KUNIT_EXPECT_PTR_EQ(test, kmem_cache_alloc(s, GFP_KERNEL), a);  /* last in, first out */
	kmem_cache_free(s, a);
	pos = log_buf_pos();
	kmem_cache_free(s, a);                          /* freed twice: the head of the list */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG slab_test_push (Not tainted): Object already free"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "caller slab_fast_free_pushes_this_cpu_list+"));
	KUNIT_EXPECT_PTR_EQ(test, c->freelist, a);
	KUNIT_EXPECT_PTR_EQ(test, get_freepointer(s, a), freelist);
	KUNIT_EXPECT_EQ(test, c->active, 0);
	kmem_cache_free(s, b);
	fast_cache_destroy(s);
}

/* With debugging asked for, a double free anywhere on the slab's list is found. */
static void slab_on_freelist_finds_a_double_free(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slab_test_dfree", 64, 0,
						 SLAB_POISON | SLAB_RED_ZONE, NULL);
	void *objs[4];
	size_t pos;

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (int i = 0; i < 4; i++) {                   /* objs[3] keeps the slab */
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
	}
	for (int i = 0; i < 3; i++)                     /* the list: 2 -> 1 -> 0 -> the rest */
		kmem_cache_free(s, objs[i]);
	pos = log_buf_pos();
	kmem_cache_free(s, objs[0]);                    /* the third on the list */
	/* not found, the list has a loop: leave the cache alone */
	KUNIT_ASSERT_TRUE(test, log_contains_since(pos, "BUG slab_test_dfree (Not tainted): Object already free"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "(freed before by slab_on_freelist_finds_a_double_free+"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "caller slab_on_freelist_finds_a_double_free+"));
	KUNIT_EXPECT_EQ(test, virt_to_page(objs[3])->inuse, 1);
	KUNIT_EXPECT_EQ(test, slab_check_cache(s), 0);
	for (int i = 2; i >= 0; i--)                    /* each once, last freed first */
		KUNIT_EXPECT_PTR_EQ(test, kmem_cache_alloc(s, GFP_KERNEL), objs[i]);
	for (int i = 0; i < 4; i++)
		kmem_cache_free(s, objs[i]);
	KUNIT_EXPECT_EQ(test, slab_nr_slabs(s), 0);
	kmem_cache_destroy(s);
}

/* The monitor's slabbug: each misuse reported in one line, the caches left sound. */
static void slab_slabbug_reports_each_misuse(struct kunit *test)
{
	static const struct { const char *cmd, *report; } bugs[] = {
		{ "slabbug double", "(Not tainted): Object already free: object 0x" },
		{ "slabbug deep", "BUG slabbug (Not tainted): Object already free: object 0x" },
		{ "slabbug redzone", "BUG slabbug (Not tainted): Right Redzone overwritten" },
		{ "slabbug uaf", "BUG slabbug (Not tainted): Poison overwritten" },
	};
	static char out[256];
	struct seq_file m;
	size_t pos;

	for (size_t i = 0; i < ARRAY_SIZE(bugs); i++) {
		seq_file_init(&m, out, sizeof(out));
		pos = log_buf_pos();
		KUNIT_EXPECT_EQ(test, monitor_exec_seq(&m, bugs[i].cmd), 0);
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, bugs[i].report));
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "caller slabbug_cmd+"));
		KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "kmem_cache_destroy"));
	}
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "0x42 instead of 0x6b (last freed by slabbug_cmd+"));
	KUNIT_EXPECT_EQ(test, slab_check_cache(kmalloc_caches[KMALLOC_NORMAL][kmalloc_index(64)]), 0);
}

static struct kunit_case slab_cases[] = {
	KUNIT_CASE(slab_kmalloc_classes_fit_and_align),
	KUNIT_CASE(slab_kmalloc_class_names_match_linux),
	KUNIT_CASE(slab_kmalloc_zero_and_null),
	KUNIT_CASE(slab_kzalloc_zeroes),
	KUNIT_CASE(slab_kcalloc_overflow_returns_null),
	KUNIT_CASE(slab_krealloc_keeps_contents),
	KUNIT_CASE(slab_large_kmalloc_round_trip),
	KUNIT_CASE(slab_gfp_dma_is_below_16m),
	KUNIT_CASE(slab_kfree_sensitive_zeroes),
	KUNIT_CASE(slab_cache_ctor_runs_once_per_object),
	KUNIT_CASE(slab_cache_alignment_is_honoured),
	KUNIT_CASE(slab_cache_create_rejects_bad_arguments),
	KUNIT_CASE(slab_destroy_in_use_is_refused),
	KUNIT_CASE(slab_kmalloc_cache_is_never_destroyed),
	KUNIT_CASE(slab_cache_slabs_come_and_go),
	KUNIT_CASE(slab_wrong_cache_free_is_reported),
	KUNIT_CASE(slab_random_use_keeps_contents),
	KUNIT_CASE(slab_bad_kfree_is_reported),
	KUNIT_CASE(slab_double_free_is_reported),
	KUNIT_CASE(slab_invalid_pointer_free_is_reported),
	KUNIT_CASE(slab_redzone_overwrite_is_reported),
	KUNIT_CASE(slab_use_after_free_write_is_reported),
	KUNIT_CASE(slab_debug_poisons_fresh_and_freed),
	KUNIT_CASE(slab_corrupt_free_pointer_is_cut),
	KUNIT_CASE(slab_carve_links_every_object),
	KUNIT_CASE(slab_fast_alloc_pops_this_cpu_list),
	KUNIT_CASE(slab_fast_free_pushes_this_cpu_list),
	KUNIT_CASE(slab_on_freelist_finds_a_double_free),
	KUNIT_CASE(slab_slabbug_reports_each_misuse),
	{}
};

/*
 * Without debugging a cache keeps a few empty slabs for speed; give them
 * back after each case so that the runner's page count sees only objects.
 */
static void slab_test_exit(struct kunit *test)
{
	kmem_cache_shrink_all();
}

static struct kunit_suite slab_suite = {
	.name = "slab",
	.exit = slab_test_exit,
	.test_cases = slab_cases,
};
kunit_test_suite(slab_suite);
