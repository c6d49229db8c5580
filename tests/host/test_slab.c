/*
 * Host tests of the slab allocator and kmalloc (mm/slab.c, mm/slab_debug.c,
 * mm/kmalloc.c), under AddressSanitizer and UBSan.
 *
 * The three files are in the Makefile's HOST_PURE and linked as every other
 * test links kernel code.  What they call and do not contain is here: a page
 * allocator (alloc_pages, __free_pages), the real buddy core (mm/buddy.c)
 * over a fake vmemmap and a 64 MiB arena that stands for physical memory.
 * host_page_offset points the direct map at the arena, so __va/__pa work
 * unchanged (include/asm/page.h).  Pages free in the buddy allocator are
 * poisoned for ASan: the slab code touching a page it gave back, or running
 * past a slab, is caught.
 *
 * Two zones as on a PC: DMA (pfns 1..4095, below 16 MiB) and Normal above;
 * GFP_DMA takes only the first, others prefer Normal and fall back, as
 * mm/page_alloc.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/asan_interface.h>

#include <asm/page.h>
#include <kernel/cmdline.h>
#include <mm/gfp.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/page.h>

#include "../../mm/internal.h"
#include "../../mm/slab.h"
#include "hosttest.h"

/* ---- the fake machine: an arena for RAM, a vmemmap, two zones ---- */

#define NR_PAGES   16384UL              /* 64 MiB */
#define DMA_PAGES  4096UL               /* 16 MiB */
#define CALLER     (FAKE_FUNC_ADDR + 0x10)
#define CALLER_S   "fake_func+0x10/0x40"

static unsigned long arena;             /* "physical address 0" */
static struct zone fake_zones[2];       /* DMA, Normal */

static void poison_block(struct page *page, unsigned int order, bool poison)
{
	void *p = page_address(page);

	if (poison)
		ASAN_POISON_MEMORY_REGION(p, PAGE_SIZE << order);
	else
		ASAN_UNPOISON_MEMORY_REGION(p, PAGE_SIZE << order);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = NULL;

	if (order > MAX_ORDER)
		return NULL;
	page = buddy_alloc(&fake_zones[1], order);
	if (!page || (gfp & __GFP_DMA)) {
		if (page)
			buddy_free(&fake_zones[1], page, order, 0);
		page = buddy_alloc(&fake_zones[0], order);
	}
	if (!page)
		return NULL;
	poison_block(page, order, false);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

void __free_pages(struct page *page, unsigned int order)
{
	struct zone *z = &fake_zones[page_to_pfn(page) >= DMA_PAGES];

	if (page && buddy_free(z, page, order, (unsigned long)__builtin_return_address(0)) == 0)
		poison_block(page, order, true);
}

static unsigned long fake_free_pages(void)
{
	return fake_zones[0].free_pages + fake_zones[1].free_pages;
}

/* A fresh machine and slab allocator; cmdline as the kernel's ("slub_debug" or ""). */
static void machine_init(const char *cmdline)
{
	void *mem = aligned_alloc(PAGE_SIZE << MAX_ORDER, NR_PAGES * PAGE_SIZE);

	arena = (unsigned long)mem;
	host_page_offset = arena;
	host_vmemmap = calloc(NR_PAGES, sizeof(struct page));
	for (unsigned long i = 0; i < NR_PAGES; i++)
		SetPageReserved(&host_vmemmap[i]);
	ASAN_POISON_MEMORY_REGION(mem, NR_PAGES * PAGE_SIZE);
	buddy_init_zone(&fake_zones[0], "DMA", ZONE_DMA, 0, DMA_PAGES);
	buddy_init_zone(&fake_zones[1], "Normal", ZONE_NORMAL, DMA_PAGES, NR_PAGES);
	buddy_free_range(&fake_zones[0], 1, DMA_PAGES);
	buddy_free_range(&fake_zones[1], DMA_PAGES, NR_PAGES);
	memblock_add(0, NR_PAGES * PAGE_SIZE);
	cmdline_parse(&boot_cmdline, cmdline);
	kmem_cache_init();
	printk_capture_reset();
}

static struct page *slab_of(const void *x)
{
	struct page *page = virt_to_page(x);

	return slab_head(page->slab_cache, page);
}

static bool all_bytes(const void *p, u8 val, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != val)
			return false;
	return true;
}

/* Every cache's slabs: counts match the lists, objects on free lists are valid. */
static bool caches_sound(void)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list)
		if (!CHECK_EQ_INT(slab_check_cache(s), 0))
			return false;
	return CHECK_EQ_INT(buddy_check_zone(&fake_zones[0]), 0) &&
	       CHECK_EQ_INT(buddy_check_zone(&fake_zones[1]), 0);
}

/* ---- layout ---- */

/* Linux's get_order: the smallest order whose block holds the bytes. */
TEST(get_order_rounds_up_to_whole_blocks)
{
	CHECK_EQ_INT(get_order(1), 0);
	CHECK_EQ_INT(get_order(PAGE_SIZE), 0);
	CHECK_EQ_INT(get_order(PAGE_SIZE + 1), 1);
	CHECK_EQ_INT(get_order(2 * PAGE_SIZE), 1);
	CHECK_EQ_INT(get_order(2 * PAGE_SIZE + 1), 2);
	CHECK_EQ_INT(get_order(PAGE_SIZE << MAX_ORDER), MAX_ORDER);
	CHECK_EQ_INT(get_order((PAGE_SIZE << MAX_ORDER) + 1), MAX_ORDER + 1);
	CHECK_EQ_INT(get_order(1UL << 63), 63 - PAGE_SHIFT);
}

TEST(slab_orders_and_strides_match_slub)
{
	static const struct { unsigned int size, order, objects; } want[] = {
		{ 8, 0, 512 }, { 64, 0, 64 }, { 96, 0, 42 }, { 192, 0, 21 }, { 512, 0, 8 },
		{ 1024, 1, 8 }, { 2048, 2, 8 }, { 4096, 3, 8 }, { 8192, 3, 4 },
	};
	struct kmem_cache *s1000, *s40000;

	machine_init("");
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct kmem_cache *s = kmalloc_caches[KMALLOC_NORMAL][kmalloc_index(want[i].size)];

		CHECK_EQ_INT(s->object_size, want[i].size);
		CHECK_EQ_INT(s->size, want[i].size);            /* no per-object overhead */
		CHECK_EQ_INT(s->order, want[i].order);
		CHECK_EQ_INT(s->objects, want[i].objects);
		CHECK_EQ_INT(s->offset, 0);
	}
	/* calculate_order, through caches whose stride is their object size */
	s1000 = kmem_cache_create("order1000", 1000, 0, 0, NULL);
	s40000 = kmem_cache_create("order40000", 40000, 0, 0, NULL);
	if (!CHECK(s1000 && s1000->size == 1000 && s40000 && s40000->size == 40000))
		return;
	CHECK_EQ_INT(s1000->order, 1);
	CHECK_EQ_INT(s40000->order, 4);                         /* one object, 2^4 pages */
	kmem_cache_destroy(s1000);
	kmem_cache_destroy(s40000);
}

TEST(slab_overhead_of_10000_objects_is_small)
{
	static const unsigned int sizes[] = { 8, 64, 1000 };
	static void *objs[10000];

	machine_init("");
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct kmem_cache *s = kmem_cache_create("overhead", sizes[i], 0, 0, NULL);
		unsigned long before = fake_free_pages(), bytes;

		for (int n = 0; n < 10000; n++)
			objs[n] = kmem_cache_alloc(s, GFP_KERNEL);
		bytes = (before - fake_free_pages()) * PAGE_SIZE;
		CHECK_MSG(bytes * 100 <= 10000UL * sizes[i] * 103, "size %u: %lu bytes of slabs",
			  sizes[i], bytes);
		for (int n = 0; n < 10000; n++)
			kmem_cache_free(s, objs[n]);
		kmem_cache_destroy(s);
	}
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(slab_debug_layout_has_redzones_and_track)
{
	struct kmem_cache *s;

	machine_init("slub_debug");
	s = kmalloc_caches[KMALLOC_NORMAL][kmalloc_index(64)];
	CHECK_EQ_INT(s->red_left_pad, 64);              /* keeps 64-byte alignment */
	CHECK_EQ_INT(s->inuse, 72);                     /* a word of right redzone */
	CHECK_EQ_INT(s->offset, 72);                    /* free pointer outside the object */
	CHECK_EQ_INT(s->size, 192);
	CHECK_EQ_INT(s->min_partial, 0);
	s = kmalloc_caches[KMALLOC_NORMAL][kmalloc_index(8192)];
	CHECK_EQ_INT(s->red_left_pad, 8192);
	CHECK_EQ_INT(s->objects, 1);
}

/* ---- kmalloc ---- */

TEST(kmalloc_every_size_fits_its_class_and_alignment)
{
	machine_init("");
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		u8 *p = kmalloc(size, GFP_KERNEL);
		size_t ks = ksize(p);

		if (!CHECK_MSG(p && ks >= size && ks <= 2 * size + 8, "size %zu: ksize %zu", size, ks))
			return;
		if (!CHECK_MSG((unsigned long)p % ((ks & (ks - 1)) ? 8 : ks) == 0, "size %zu at %p", size, p))
			return;
		memset(p, 0x5c, ks);
		kfree(p);
	}
	CHECK(caches_sound());
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(kmalloc_zero_size_and_kcalloc_overflow)
{
	machine_init("");
	CHECK(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	CHECK(kcalloc(SIZE_MAX / 8 + 1, 8, GFP_KERNEL) == NULL);
	CHECK(kmalloc_array(8, SIZE_MAX / 8 + 1, GFP_KERNEL) == NULL);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	CHECK_EQ_INT(ksize(ZERO_SIZE_PTR), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(kmalloc_large_uses_pages_and_gives_them_back)
{
	unsigned long free;
	u8 *p;

	machine_init("");
	free = fake_free_pages();
	p = kmalloc(8193, GFP_KERNEL);
	CHECK(p && ((unsigned long)p - arena) % PAGE_SIZE == 0);
	CHECK_EQ_INT(ksize(p), 4 * PAGE_SIZE);
	CHECK(PageHead(virt_to_page(p)) && !PageSlab(virt_to_page(p)));
	CHECK_EQ_U64(free - fake_free_pages(), 4);
	memset(p, 1, 4 * PAGE_SIZE);
	kfree(p + 8);                                   /* reported, not freed */
	CHECK_ONE_LINE("BUG: kfree(", "not the start of a kmalloc object");
	kfree(p);
	CHECK_EQ_U64(fake_free_pages(), free);
	printk_capture_reset();
	kfree(p);                                       /* double free */
	CHECK_ONE_LINE("BUG: kfree(", "freed already");
	CHECK(kmalloc(PAGE_SIZE << (MAX_ORDER + 1), GFP_KERNEL | __GFP_NOWARN) == NULL);
}

TEST(kmalloc_gfp_dma_comes_from_the_dma_zone)
{
	void *p[100];

	machine_init("");
	for (int i = 0; i < 100; i++) {
		p[i] = kmalloc(i < 50 ? 64 : 9000 + i, GFP_DMA);
		CHECK(p[i] && virt_to_pfn(p[i]) < DMA_PAGES);
	}
	CHECK_STR(slab_of(p[0])->slab_cache->name, "dma-kmalloc-64");
	for (int i = 0; i < 100; i++)
		kfree(p[i]);
	p[0] = kmalloc(64, GFP_KERNEL);
	CHECK(virt_to_pfn(p[0]) >= DMA_PAGES);
	kfree(p[0]);
}

TEST(krealloc_grows_shrinks_and_frees)
{
	u8 *p, *q;

	machine_init("slub_debug");
	p = krealloc(NULL, 20, GFP_KERNEL);
	memset(p, 7, 20);
	CHECK(krealloc(p, 32, GFP_KERNEL) == p);
	q = krealloc(p, 5000, GFP_KERNEL | __GFP_ZERO);
	CHECK(q != p && all_bytes(q, 7, 20) && all_bytes(q + 32, 0, 5000 - 32));
	CHECK(krealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	CHECK(caches_sound());
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

/* ---- random use against a model ---- */

struct obj {
	u8 *p;
	size_t size;
	struct kmem_cache *cache;       /* NULL: kmalloc */
	u8 tag;
};

static bool objects_disjoint(struct obj *o, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (o[i].p && o[j].p && o[i].p < o[j].p + o[j].size && o[j].p < o[i].p + o[i].size)
				return CHECK_MSG(false, "objects %p and %p overlap", o[i].p, o[j].p);
	return true;
}

static void random_run(const char *cmdline, uint64_t seed)
{
	enum { N = 300 };
	static struct obj o[N];
	struct kmem_cache *caches[3];
	unsigned long free;

	machine_init(cmdline);
	free = fake_free_pages();
	caches[0] = kmem_cache_create("rnd24", 24, 0, 0, NULL);
	caches[1] = kmem_cache_create("rnd200", 200, 64, SLAB_HWCACHE_ALIGN, NULL);
	caches[2] = kmem_cache_create("rnd3000", 3000, 0, 0, NULL);
	host_srand(seed);
	memset(o, 0, sizeof(o));
	for (int step = 0; step < 20000; step++) {
		struct obj *x = &o[host_rand_below(N)];

		if (x->p) {
			if (!CHECK_MSG(all_bytes(x->p, x->tag, x->size), "step %d: object %p changed", step, x->p))
				return;
			if (x->cache)
				kmem_cache_free(x->cache, x->p);
			else
				kfree(x->p);
			x->p = NULL;
			continue;
		}
		x->cache = host_rand_below(3) ? NULL : caches[host_rand_below(3)];
		x->size = x->cache ? x->cache->object_size : 1 + host_rand_below(host_rand_below(8) ? 300 : 20000);
		x->p = x->cache ? kmem_cache_alloc(x->cache, GFP_KERNEL) : kmalloc(x->size, GFP_KERNEL);
		x->tag = (u8)host_rand();
		if (!CHECK(x->p))
			return;
		memset(x->p, x->tag, x->size);
		if (step % 2000 == 0 && !(objects_disjoint(o, N) && caches_sound()))
			return;
	}
	for (int i = 0; i < N; i++)
		if (o[i].p)
			o[i].cache ? kmem_cache_free(o[i].cache, o[i].p) : kfree(o[i].p);
	for (int i = 0; i < 3; i++)
		kmem_cache_destroy(caches[i]);
	kmem_cache_shrink_all();
	CHECK(caches_sound());
	CHECK_EQ_U64(fake_free_pages(), free);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(slab_random_use_matches_the_model)
{
	random_run("", 1);
}

TEST(slab_random_use_matches_the_model_with_debugging)
{
	random_run("slub_debug", 2);
}

/* ---- caches ---- */

static int ctor_runs;

static void ctor(void *p)
{
	memset(p, 0x3e, 40);
	ctor_runs++;
}

TEST(kmem_cache_ctor_and_destroy)
{
	struct kmem_cache *s;
	void *a, *b;
	unsigned long free;

	machine_init("slub_debug");
	free = fake_free_pages();
	s = kmem_cache_create("ctor40", 40, 0, 0, ctor);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(all_bytes(a, 0x3e, 40) && all_bytes(b, 0x3e, 40));
	CHECK_EQ_INT(ctor_runs, s->objects);
	kmem_cache_free(s, a);
	CHECK(all_bytes(a, 0x3e, 40));                  /* a ctor'd object is not poisoned */
	kmem_cache_destroy(s);
	CHECK_ONE_LINE("kmem_cache_destroy ctor40: Slab cache still has objects");
	kmem_cache_free(s, b);
	printk_capture_reset();
	kmem_cache_destroy(s);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_U64(fake_free_pages(), free);
	CHECK(kmem_cache_create("bad", 64, 24, 0, NULL) == NULL);
	CHECK(kmem_cache_create("bad", 0, 0, 0, NULL) == NULL);
}

TEST(slab_empty_slabs_are_kept_up_to_min_partial)
{
	struct kmem_cache *s;
	static void *objs[64 * 8];
	unsigned long free;

	machine_init("");
	s = kmem_cache_create("keep", 64, 0, 0, NULL);
	free = fake_free_pages();
	for (int i = 0; i < 64 * 8; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK_EQ_U64(free - fake_free_pages(), 8);
	for (int i = 0; i < 64 * 8; i++)
		kmem_cache_free(s, objs[i]);
	/* the CPU's slab (the last one) stays frozen, with all its objects on the CPU's list */
	CHECK_EQ_INT(get_node(s, 0)->nr_empty, MIN_PARTIAL);
	CHECK_EQ_U64(free - fake_free_pages(), MIN_PARTIAL + 1);
	CHECK(caches_sound());
	/* the flush gives the CPU's slab back at once (min_partial are kept already) */
	CHECK_EQ_U64(kmem_cache_shrink(s), MIN_PARTIAL);
	CHECK_EQ_U64(fake_free_pages(), free);
	CHECK(caches_sound());
}

/* ---- misuse ---- */

TEST(slab_double_free_without_debugging_is_caught_at_the_head)
{
	struct kmem_cache *s;
	void *a, *b;

	machine_init("");
	s = kmalloc_caches[KMALLOC_NORMAL][kmalloc_index(32)];
	a = kmalloc(32, GFP_KERNEL);
	b = kmalloc(32, GFP_KERNEL);            /* keeps the slab in use */
	slab_free(s, slab_of(a), a, CALLER);
	slab_free(s, slab_of(a), a, CALLER);
	CHECK_ONE_LINE("BUG kmalloc-32 (Not tainted): Object already free", CALLER_S);
	CHECK(kmalloc(32, GFP_KERNEL) == a);
	CHECK(kmalloc(32, GFP_KERNEL) != a);
	CHECK(b != a);
}

TEST(slab_debug_reports_each_misuse_once_and_stays_sound)
{
	struct kmem_cache *s;
	u8 *a, *b, *c, *keep;

	machine_init("slub_debug");
	s = kmalloc_caches[KMALLOC_NORMAL][kmalloc_index(64)];
	keep = kmalloc(64, GFP_KERNEL);         /* the slab stays while the others are freed */
	a = kmalloc(64, GFP_KERNEL);
	b = kmalloc(64, GFP_KERNEL);
	c = kmalloc(64, GFP_KERNEL);
	CHECK(all_bytes(a, POISON_INUSE, 64));

	slab_free(s, slab_of(b), b + 1, CALLER);
	CHECK_ONE_LINE("BUG kmalloc-64 (Not tainted): Invalid object pointer", CALLER_S);

	printk_capture_reset();
	slab_free(s, slab_of(b), b, CALLER);
	slab_free(s, slab_of(b), b, CALLER);
	CHECK_ONE_LINE("BUG kmalloc-64 (Not tainted): Object already free",
		       "freed before by " CALLER_S, "caller " CALLER_S);

	printk_capture_reset();
	c[64] = 1;
	slab_free(s, slab_of(c), c, CALLER);
	CHECK_ONE_LINE("Right Redzone overwritten", "at offset 64: 0x01 instead of 0xcc");

	printk_capture_reset();
	a[-3] = 2;
	kfree(a);
	CHECK_ONE_LINE("Left Redzone overwritten", "at offset -3: 0x02 instead of 0xcc");

	printk_capture_reset();
	a[10] = 3;                                      /* after free */
	CHECK(slab_alloc(s, GFP_KERNEL, CALLER) == a);
	CHECK_ONE_LINE("BUG kmalloc-64 (Not tainted): Poison overwritten",
		       "at offset 10: 0x03 instead of 0x6b", "caller " CALLER_S);
	CHECK(all_bytes(a, POISON_INUSE, 64));
	CHECK(slab_of(a) == slab_of(keep));
	CHECK(caches_sound());
}

TEST(slab_debug_cuts_a_corrupt_free_list)
{
	struct kmem_cache *s;
	void *objs[4];
	struct page *slab;

	machine_init("slub_debug");
	s = kmem_cache_create("cut", 64, 0, 0, NULL);
	for (int i = 0; i < 4; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	slab = slab_of(objs[0]);
	kmem_cache_free(s, objs[1]);
	set_freepointer(s, objs[1], (char *)slab_address(slab) + 5);
	kmem_cache_free(s, objs[2]);                    /* walks the list: finds the bad pointer */
	CHECK(printk_capture_contains("BUG cut (Not tainted): Freepointer corrupt"));
	CHECK(caches_sound());
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == objs[2]);
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == objs[1]);
	CHECK(slab_of(kmem_cache_alloc(s, GFP_KERNEL)) != slab);        /* the rest is lost */
	CHECK(caches_sound());
}

TEST(kfree_of_foreign_pointers_is_reported)
{
	int local;
	struct page *page;

	machine_init("");
	page = alloc_pages(GFP_KERNEL, 0);
	kfree(page_address(page));
	CHECK_ONE_LINE("BUG: kfree(", "not a kmalloc object");
	CHECK_EQ_INT(page_ref_count(page), 1);
	printk_capture_reset();
	kfree(&local);
	CHECK_ONE_LINE("not an address of the direct map");
	printk_capture_reset();
	kmem_cache_free(kmalloc_caches[KMALLOC_NORMAL][3], page_address(page));
	CHECK_ONE_LINE("Wrong slab cache. kmalloc-8 but object");
	__free_pages(page, 0);
}

/* ---- the per-CPU slab: the fast paths and their hand-off to the node ---- */

TEST(slab_cpu_slab_hands_off_to_the_node)
{
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;
	static void *objs[2 * 64];
	struct page *first;
	unsigned int n;

	machine_init("");
	s = kmem_cache_create("handoff", 64, 0, 0, NULL);
	n = s->objects;
	c = this_cpu_ptr(s->cpu_slab);
	for (unsigned int i = 0; i < n; i++)            /* the whole first slab, fast */
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	first = c->slab;
	CHECK(first && first->frozen && c->freelist == NULL);
	objs[n] = kmem_cache_alloc(s, GFP_KERNEL);      /* the slow path: a second slab */
	CHECK(c->slab != first && slab_of(objs[n]) == c->slab);
	CHECK(!first->frozen && first->inuse == n);     /* full: on no list */
	CHECK_EQ_INT(get_node(s, 0)->nr_partial, 0);
	kmem_cache_free(s, objs[0]);                    /* another slab's: deferred */
	CHECK(c->deferred == objs[0] && c->nr_deferred == 1 && first->inuse == n);
	kmem_cache_free(s, objs[n]);                    /* this CPU's slab: its list */
	CHECK(c->freelist == objs[n]);
	CHECK(caches_sound());
	kmem_cache_flush_this_cpu();                    /* deferred and CPU slab back */
	CHECK(c->slab == NULL && c->deferred == NULL);
	CHECK_EQ_INT(first->inuse, n - 1);
	CHECK_EQ_INT(get_node(s, 0)->nr_partial, 2);    /* first (one free), second (empty) */
	CHECK(caches_sound());
	for (unsigned int i = 1; i < n; i++)
		kmem_cache_free(s, objs[i]);
	CHECK(caches_sound());
	kmem_cache_shrink(s);
	CHECK_EQ_INT(slab_nr_slabs(s), 0);
	kmem_cache_destroy(s);
}

/*
 * Deferred frees of several slabs, in runs and interleaved, go back with
 * the counts right: each run of one slab's objects at once (flush_deferred).
 */
TEST(slab_deferred_runs_go_back_to_their_slabs)
{
	static void *objs[4 * 64];
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;
	struct page *a, *b;
	unsigned int n;

	machine_init("");
	s = kmem_cache_create("runs", 64, 0, 0, NULL);
	n = s->objects;
	c = this_cpu_ptr(s->cpu_slab);
	for (unsigned int i = 0; i < 3 * n; i++)        /* slabs a, b full; the third the CPU's */
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	a = slab_of(objs[0]);
	b = slab_of(objs[n]);
	CHECK(a != b && c->slab != a && c->slab != b);
	for (unsigned int i = 0; i < 4; i++) {          /* a, b, a, b: runs of one */
		kmem_cache_free(s, objs[i]);
		kmem_cache_free(s, objs[n + i]);
	}
	for (unsigned int i = 4; i < 12; i++)           /* a run of eight of a */
		kmem_cache_free(s, objs[i]);
	CHECK_EQ_INT(c->nr_deferred, 16);
	CHECK(a->inuse == n && b->inuse == n);          /* nothing given back yet */
	CHECK(caches_sound());
	flush_deferred(s, c);
	CHECK(c->deferred == NULL && c->nr_deferred == 0);
	CHECK_EQ_INT(a->inuse, n - 12);
	CHECK_EQ_INT(b->inuse, n - 4);
	CHECK_EQ_INT(get_node(s, 0)->nr_partial, 2);
	CHECK(caches_sound());
	for (unsigned int i = 12; i < n; i++)           /* the rest of a: batched, a emptied */
		kmem_cache_free(s, objs[i]);
	for (unsigned int i = n + 4; i < 3 * n; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_flush_this_cpu();
	CHECK(caches_sound());
	kmem_cache_shrink(s);
	CHECK_EQ_INT(slab_nr_slabs(s), 0);
	kmem_cache_destroy(s);
}

/* An interrupt that finds this CPU's slab busy uses the node under list_lock instead. */
TEST(slab_busy_cpu_slab_is_left_alone)
{
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;
	void *a, *b, *freelist;
	struct page *slab;

	machine_init("");
	s = kmem_cache_create("busy", 64, 0, 0, NULL);
	c = this_cpu_ptr(s->cpu_slab);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	slab = c->slab;
	freelist = c->freelist;
	c->active = 1;                  /* as if interrupted in the middle of a fast path */
	b = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(b && slab_of(b) != slab && c->freelist == freelist);     /* a node slab's */
	CHECK_EQ_INT(get_node(s, 0)->nr_partial, 1);
	kmem_cache_free(s, a);          /* to the frozen slab's own list, not c's */
	CHECK(c->freelist == freelist && slab->freelist == a);
	c->active = 0;
	kmem_cache_free(s, b);
	CHECK(caches_sound());
	kmem_cache_shrink(s);
	CHECK_EQ_INT(slab_nr_slabs(s), 0);
	kmem_cache_destroy(s);
}

/* ---- lab 4: one group of cases per exercise (labs/04-slab.grade) ---- */

static int carve_ctor_runs;

static void carve_ctor(void *p)
{
	memset(p, 0x3c, 100);
	carve_ctor_runs++;
}

/*
 * new_slab's free list: every object once, in address order from the
 * slab's start (after the left redzone), the last one ending it.
 */
static bool carved_in_address_order(struct kmem_cache *s, struct page *slab)
{
	char *base = (char *)slab_address(slab) + s->red_left_pad;
	void *p = slab->freelist;
	unsigned int i;

	for (i = 0; p && i < s->objects; i++, p = get_freepointer(s, p))
		if (!CHECK_MSG(p == base + (size_t)i * s->size, "%s: object %u at %p, not %p",
			       s->name, i, p, base + (size_t)i * s->size))
			return false;
	return CHECK_MSG(i == s->objects && !p, "%s: %u objects on the list of %u", s->name, i,
			 s->objects) &&
	       CHECK_EQ_INT(slab->inuse, 0) && CHECK_EQ_INT(slab->objects, s->objects);
}

TEST(carve_new_slab_links_objects_in_address_order)
{
	struct kmem_cache *plain, *built, *debug;
	struct page *slab;
	u8 *p;

	machine_init("");
	plain = kmem_cache_create("carve", 200, 0, 0, NULL);
	built = kmem_cache_create("carve_ctor", 100, 0, 0, carve_ctor);
	debug = kmem_cache_create("carve_debug", 48, 0, SLAB_POISON | SLAB_RED_ZONE, NULL);
	if (!CHECK(plain && built && debug))
		return;

	slab = new_slab(plain, GFP_KERNEL);             /* free pointer at offset 0 */
	CHECK(slab && carved_in_address_order(plain, slab));
	discard_slab(plain, slab);

	carve_ctor_runs = 0;                            /* free pointer after the object */
	slab = new_slab(built, GFP_KERNEL);
	CHECK(slab && carved_in_address_order(built, slab));
	CHECK_EQ_INT(carve_ctor_runs, built->objects);
	for (p = slab_address(slab); p < (u8 *)slab_address(slab) + built->objects * built->size;
	     p += built->size)
		CHECK(all_bytes(p, 0x3c, 100));         /* the ctor's bytes kept */
	discard_slab(built, slab);

	slab = new_slab(debug, GFP_KERNEL);             /* poisoned, redzones inactive */
	CHECK(slab && carved_in_address_order(debug, slab));
	for (p = slab->freelist; p; p = get_freepointer(debug, p)) {
		if (!CHECK(all_bytes(p, POISON_FREE, 47) && p[47] == POISON_END &&
			   all_bytes(p - debug->red_left_pad, SLUB_RED_INACTIVE, debug->red_left_pad)))
			break;
	}
	discard_slab(debug, slab);
	kmem_cache_destroy(plain);
	kmem_cache_destroy(built);
	kmem_cache_destroy(debug);
	CHECK(caches_sound());
	CHECK(!printk_capture_contains("BUG"));
}

/* The fast path pops this CPU's list: no slab count changes, no list. */
TEST(fast_alloc_pops_this_cpu_list)
{
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;
	struct page *slab;
	u8 *a, *b, *z;

	machine_init("");
	s = kmem_cache_create("pop", 64, 0, 0, NULL);
	c = this_cpu_ptr(s->cpu_slab);
	a = kmem_cache_alloc(s, GFP_KERNEL);            /* the slow path: a slab for this CPU */
	slab = c->slab;
	if (!CHECK(a && slab && slab == slab_of(a) && slab->frozen))
		return;
	CHECK(a == slab_address(slab));                 /* the first object of the list */
	CHECK(c->freelist == a + 64);
	CHECK_EQ_INT(slab->inuse, s->objects);          /* the CPU holds every object */
	b = kmem_cache_alloc(s, GFP_KERNEL);            /* the fast path: the next one */
	CHECK(b == a + 64 && c->freelist == a + 128);
	CHECK(c->active == 0 && c->slab == slab);
	CHECK_EQ_INT(slab->inuse, s->objects);
	CHECK_EQ_INT(get_node(s, 0)->nr_partial, 0);
	z = kmem_cache_zalloc(s, GFP_KERNEL);           /* its free pointer was in it: zeroed */
	CHECK(z == a + 128 && all_bytes(z, 0, 64) && c->freelist == a + 192);
	CHECK(caches_sound());
	CHECK_EQ_INT(printk_capture_lines(), 0);        /* allocating printed nothing */
	kmem_cache_free(s, a);                          /* the frees are exercise 3's: */
	kmem_cache_free(s, b);                          /* only a report would be wrong */
	kmem_cache_free(s, z);
	kmem_cache_flush_this_cpu();
	kmem_cache_shrink(s);
	CHECK_EQ_INT(slab_nr_slabs(s), 0);
	kmem_cache_destroy(s);
	CHECK(!printk_capture_contains("BUG"));
}

/* The fast path pushes onto this CPU's list, or defers another slab's object. */
TEST(fast_free_pushes_this_cpu_list)
{
	static void *objs[65];
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;
	struct page *first, *slab;
	void *freelist;
	unsigned int n;

	machine_init("");
	s = kmem_cache_create("push", 64, 0, 0, NULL);
	n = s->objects;
	if (!CHECK(n < ARRAY_SIZE(objs)))
		return;
	c = this_cpu_ptr(s->cpu_slab);
	for (unsigned int i = 0; i <= n; i++)           /* the first slab full, a second one the CPU's */
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	first = slab_of(objs[0]);
	slab = c->slab;
	if (!CHECK(slab && slab != first && slab_of(objs[n]) == slab))
		return;
	freelist = c->freelist;
	kmem_cache_free(s, objs[n]);                    /* this CPU's slab: onto its list */
	CHECK(c->freelist == objs[n] && get_freepointer(s, objs[n]) == freelist);
	CHECK_EQ_INT(slab->inuse, n);                   /* the slab's own count untouched */
	CHECK(slab->freelist == NULL && c->active == 0);
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == objs[n]);      /* last in, first out */
	kmem_cache_free(s, objs[n]);
	printk_capture_reset();
	slab_free(s, slab, objs[n], CALLER);            /* freed twice: the head of the list */
	CHECK_ONE_LINE("BUG push (Not tainted): Object already free", "caller " CALLER_S);
	CHECK(c->freelist == objs[n] && get_freepointer(s, objs[n]) == freelist);

	kmem_cache_free(s, objs[0]);                    /* another slab's: deferred */
	kmem_cache_free(s, objs[1]);
	CHECK(c->deferred == objs[1] && get_freepointer(s, objs[1]) == objs[0]);
	CHECK_EQ_INT(c->nr_deferred, 2);
	CHECK_EQ_INT(first->inuse, n);                  /* not given back yet */
	CHECK_EQ_INT(get_node(s, 0)->nr_partial, 0);
	printk_capture_reset();
	slab_free(s, first, objs[1], CALLER);           /* freed twice: the head of the batch */
	CHECK_ONE_LINE("BUG push (Not tainted): Object already free", "caller " CALLER_S);
	CHECK_EQ_INT(c->nr_deferred, 2);
	CHECK(c->active == 0);
	CHECK(caches_sound());
	for (unsigned int i = 2; i < n; i++)            /* past SLAB_DEFER_MAX: a batch goes back */
		kmem_cache_free(s, objs[i]);
	CHECK(c->nr_deferred < SLAB_DEFER_MAX);
	CHECK_EQ_INT(first->inuse, c->nr_deferred);     /* the rest of first went back */
	kmem_cache_flush_this_cpu();
	CHECK(caches_sound());
	kmem_cache_shrink(s);
	CHECK_EQ_INT(slab_nr_slabs(s), 0);
	kmem_cache_destroy(s);
}

/* Linux's classes: the smallest of 8, 16, 32, 64, 96, 128, 192, 256 ... 8192 that holds size. */
static unsigned int expected_class(size_t size)
{
	unsigned int cls = 8;

	if (size > 64 && size <= 96)
		return 96;
	if (size > 128 && size <= 192)
		return 192;
	while (cls < size)
		cls *= 2;
	return cls;
}

TEST(kmalloc_index_picks_the_smallest_class)
{
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		unsigned int i = kmalloc_index(size);
		unsigned int cls = i == 1 ? 96 : i == 2 ? 192 : 1u << i;

		if (!CHECK_MSG(i >= 1 && i <= KMALLOC_SHIFT_HIGH && cls == expected_class(size),
			       "kmalloc_index(%zu) = %u (kmalloc-%u), not kmalloc-%u", size, i, cls,
			       expected_class(size)))
			return;
	}
	CHECK_EQ_INT(kmalloc_index(8), 3);
	CHECK_EQ_INT(kmalloc_index(9), 4);
	CHECK_EQ_INT(kmalloc_index(65), 1);
	CHECK_EQ_INT(kmalloc_index(97), 7);
	CHECK_EQ_INT(kmalloc_index(129), 2);
	CHECK_EQ_INT(kmalloc_index(193), 8);
	CHECK_EQ_INT(kmalloc_index(4097), 13);
}

/* With debugging, a double free anywhere on the slab's list is found (SLUB's on_freelist). */
TEST(on_freelist_finds_a_double_free_deep_in_the_list)
{
	struct kmem_cache *s;
	void *objs[4];
	struct page *slab;

	machine_init("");
	s = kmem_cache_create("dfree", 64, 0, SLAB_POISON | SLAB_RED_ZONE, NULL);
	for (int i = 0; i < 4; i++)                     /* objs[3] keeps the slab */
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	slab = slab_of(objs[0]);
	for (int i = 0; i < 3; i++)                     /* the list: 2 -> 1 -> 0 -> the rest */
		slab_free(s, slab, objs[i], FAKE_FUNC_ADDR + 0x20);
	printk_capture_reset();
	slab_free(s, slab, objs[0], CALLER);            /* the third on the list */
	if (!CHECK_ONE_LINE("BUG dfree (Not tainted): Object already free",
			    "freed before by fake_func+0x20/0x40", "caller " CALLER_S))
		return;                                 /* a list with a loop: stop here */
	CHECK_EQ_INT(slab->inuse, 1);
	CHECK(caches_sound());
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == objs[2]);
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == objs[1]);
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == objs[0]);
	CHECK(slab->freelist != objs[0] && slab->freelist != objs[1] && slab->freelist != objs[2]);
	for (int i = 0; i < 4; i++)
		kmem_cache_free(s, objs[i]);
	CHECK_EQ_INT(slab_nr_slabs(s), 0);
	kmem_cache_destroy(s);
}

/* A free pointer that leaves the slab: reported once, the list cut there, the counts right. */
TEST(on_freelist_cuts_a_list_that_leaves_the_slab)
{
	struct kmem_cache *s;
	void *objs[4], *outside;
	struct page *slab;

	machine_init("");
	s = kmem_cache_create("leave", 64, 0, SLAB_RED_ZONE, NULL);
	for (int i = 0; i < 4; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	slab = slab_of(objs[0]);
	outside = kmalloc(64, GFP_KERNEL);              /* another cache's object */
	kmem_cache_free(s, objs[0]);
	kmem_cache_free(s, objs[1]);                    /* the list: 1 -> 0 -> the rest */
	set_freepointer(s, objs[0], outside);           /* a wild write */
	printk_capture_reset();
	kmem_cache_free(s, objs[2]);                    /* walks the list to the bad pointer */
	if (!CHECK_ONE_LINE("BUG leave (Not tainted): Freepointer corrupt", "(free list cut)"))
		return;
	CHECK(get_freepointer(s, objs[0]) == NULL);     /* cut after the last good object */
	CHECK_EQ_INT(slab->inuse, s->objects - 3);      /* 2, 1, 0 free; the rest lost */
	CHECK(caches_sound());
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == objs[2]);
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == objs[1]);
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == objs[0]);
	CHECK(slab_of(kmem_cache_alloc(s, GFP_KERNEL)) != slab);        /* a new slab */
	CHECK(caches_sound());
	kfree(outside);
}
