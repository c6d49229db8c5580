/*
 * mm_stress suite: every allocator on every CPU at once, while an interrupt
 * handler allocates too.
 *
 * run_on_each_cpu() runs stress_worker on each online CPU in process
 * context; each keeps windows of live objects and, at random,
 *   kmalloc/kfree of 8 B to 32 KiB (half of them from caches of its own that
 *   are never debugged, so the lock-free per-CPU fast path is exercised even
 *   under slub_debug), each object filled with a pattern of its own that is
 *   checked before the free;
 *   alloc_pages/__free_pages of orders 0-10, first and last word marked;
 *   vmalloc/vfree of 1-16 pages, every page marked;
 *   ioremap/iounmap of the HPET's registers, read through the mapping.
 * Meanwhile the HPET's periodic interrupt (1000 Hz) allocates and frees with
 * GFP_ATOMIC: kmalloc, kmem_cache_alloc and alloc_pages of orders 0-3.
 *
 * Afterwards: every pattern was intact, no allocation failed (orders above 8
 * may, and are counted), the free page count is back where it started once
 * the per-CPU slabs and page lists are drained, every buddy free list,
 * per-CPU page list and slab passes its check, and the log has no "BUG".
 *
 * The operations in all: mm_stress=N on the command line, shared among the
 * CPUs (default 240,000 on up to 2 CPUs; 480,000 / CPUs beyond, a quarter
 * of that beyond 4: TCG on a 2-core host spends the rest waiting for
 * descheduled vCPUs).  With mm_debug_nolock (never in a normal run) the
 * allocators take no locks, and this suite fails: see README.
 */
#include <asm/io.h>
#include <errno.h>
#include <drivers/hpet.h>
#include <kernel/cmdline.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <mm/gfp.h>
#include <mm/mm.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "../mm/internal.h"
#include "../mm/slab.h"

#define STRESS_OPS_DEFAULT 240000UL
#define KM_WINDOW   48
#define PG_WINDOW   4
#define VM_WINDOW   2
#define IRQ_WINDOW  8
#define STRESS_HZ   1000
#define HPET_BASE   0xfed00000UL
#define NR_FAST     6

KERNEL_PARAM("mm_stress", "operations the mm_stress suite runs in all, over every CPU (default 240000)");

struct stress_obj {
	void *p;
	size_t size;
	struct kmem_cache *cache;       /* NULL: kmalloc */
	u8 pat;
};

struct stress_block {
	struct page *page;
	unsigned int order;
	u64 mark;
};

struct stress_worker {
	u64 rng;
	unsigned long ops, bad, failed, big_failed;
	struct stress_obj km[KM_WINDOW];
	struct stress_block pg[PG_WINDOW];
	struct stress_obj vm[VM_WINDOW];
};

/* The interrupt handler's state, one per CPU (the HPET may be routed anywhere). */
struct stress_irq {
	u64 rng;
	unsigned long ops, bad, failed;
	struct stress_obj km[IRQ_WINDOW];
	struct stress_block pg[IRQ_WINDOW];
};

static const unsigned int fast_sizes[NR_FAST] = { 16, 64, 192, 512, 2048, 8192 };
static struct kmem_cache *fast_caches[NR_FAST];
static struct stress_worker *workers;
static struct stress_irq *irqs;
static unsigned long ops_per_cpu;
static u32 hpet_id;                     /* the HPET's capabilities, as read at the start */

/* num_online_cpus(), counted (no libgcc popcount in the kernel) */
static unsigned int online_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
		n++;
	return n;
}

static u64 next_rand(u64 *s)            /* xorshift64 */
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Fill p with pat: all of a small object; of a large one, its first
 * FILL_HEAD and last FILL_TAIL bytes (enough to see an overlap with a
 * neighbour, at a bounded cost per operation).  intact() checks the same.
 */
#define FILL_HEAD 512
#define FILL_TAIL 64

static bool intact_bytes(const void *p, size_t n, u8 pat);

static void fill(void *p, size_t n, u8 pat)
{
	if (n <= FILL_HEAD + FILL_TAIL) {
		memset(p, pat, n);
		return;
	}
	memset(p, pat, FILL_HEAD);
	memset((char *)p + n - FILL_TAIL, pat, FILL_TAIL);
}

static bool intact(const void *p, size_t n, u8 pat)
{
	if (n <= FILL_HEAD + FILL_TAIL)
		return intact_bytes(p, n, pat);
	return intact_bytes(p, FILL_HEAD, pat) &&
	       intact_bytes((const char *)p + n - FILL_TAIL, FILL_TAIL, pat);
}

/* Whether the n bytes at p all hold pat (words, then the tail). */
static bool intact_bytes(const void *p, size_t n, u8 pat)
{
	const u64 *w = p, want = 0x0101010101010101ULL * pat;
	const u8 *b = p;
	size_t i;

	for (i = 0; i < n / 8; i++)
		if (w[i] != want)
			return false;
	for (i = n & ~7UL; i < n; i++)
		if (b[i] != pat)
			return false;
	return true;
}

/* A size: mostly small, as a kernel's are; now and then above kmalloc-8k. */
static size_t random_size(u64 *rng, size_t max)
{
	u64 r = next_rand(rng);
	unsigned int pct = r % 100;
	size_t size = pct < 60 ? 8 + (r >> 8) % 249 : pct < 90 ? 257 + (r >> 8) % 1792 :
		      pct < 98 ? 2049 + (r >> 8) % 6144 : 8193 + (r >> 8) % 24576;

	return size > max ? max : size;
}

/* Free obj after checking its pattern; counts a damaged one in *bad. */
static void obj_free(struct stress_obj *o, unsigned long *bad)
{
	if (!o->p)
		return;
	if (!intact(o->p, o->size, o->pat))
		(*bad)++;
	if (o->cache)
		kmem_cache_free(o->cache, o->p);
	else
		kfree(o->p);
	o->p = NULL;
}

/* Allocate into o (kmalloc or one of the fast caches) and fill it. */
static void obj_alloc(struct stress_obj *o, u64 *rng, gfp_t gfp, size_t max,
		      unsigned long *failed)
{
	u64 r = next_rand(rng);

	o->size = random_size(rng, max);
	o->cache = NULL;
	if (r & 1) {
		for (int i = 0; i < NR_FAST; i++)
			if (o->size <= fast_sizes[i] && fast_caches[i]) {
				o->cache = fast_caches[i];
				break;
			}
	}
	o->p = o->cache ? kmem_cache_alloc(o->cache, gfp) : kmalloc(o->size, gfp);
	if (!o->p) {
		(*failed)++;
		return;
	}
	o->pat = (u8)(r >> 16) | 1;
	fill(o->p, o->size, o->pat);
}

static void block_free(struct stress_block *b, unsigned long *bad)
{
	u64 *first, *last;

	if (!b->page)
		return;
	first = page_address(b->page);
	last = (u64 *)((char *)first + (PAGE_SIZE << b->order)) - 1;
	if (*first != b->mark || *last != ~b->mark)
		(*bad)++;
	__free_pages(b->page, b->order);
	b->page = NULL;
}

static void block_alloc(struct stress_block *b, u64 *rng, gfp_t gfp, unsigned int order,
			unsigned long *failed)
{
	u64 *first;

	b->order = order;
	b->page = alloc_pages(gfp | __GFP_NOWARN, order);
	if (!b->page) {
		(*failed)++;
		return;
	}
	b->mark = next_rand(rng);
	first = page_address(b->page);
	*first = b->mark;
	*((u64 *)((char *)first + (PAGE_SIZE << order)) - 1) = ~b->mark;
}

/* An order of 0-10, the small ones far more often (as a kernel asks). */
static unsigned int random_order(u64 *rng)
{
	unsigned int r = next_rand(rng) % 100;

	return r < 70 ? r % 4 : r < 95 ? 4 + r % 4 : 8 + r % 3;
}

static void vm_free(struct stress_worker *w, struct stress_obj *o)
{
	for (size_t i = 0; i < o->size; i += PAGE_SIZE)
		if (*(u64 *)((char *)o->p + i) != o->pat + i)
			w->bad++;
	vfree(o->p);
	o->p = NULL;
}

static void vm_op(struct stress_worker *w)
{
	struct stress_obj *o = &w->vm[next_rand(&w->rng) % VM_WINDOW];
	size_t pages;

	if (o->p) {
		vm_free(w, o);
		return;
	}
	pages = 1 + next_rand(&w->rng) % 16;
	o->size = pages * PAGE_SIZE;
	o->pat = (u8)next_rand(&w->rng);
	o->p = vmalloc(o->size);
	if (!o->p) {
		w->failed++;
		return;
	}
	for (size_t i = 0; i < o->size; i += PAGE_SIZE)
		*(u64 *)((char *)o->p + i) = o->pat + i;
}

static void ioremap_op(struct stress_worker *w)
{
	void __iomem *h;

	if (!hpet_id)
		return;
	h = ioremap(HPET_BASE, 0x400);
	if (!h) {
		w->failed++;
		return;
	}
	if (readl(h) != hpet_id)
		w->bad++;
	iounmap(h);
}

static void page_op(struct stress_worker *w)
{
	struct stress_block *b = &w->pg[next_rand(&w->rng) % PG_WINDOW];
	unsigned int order;

	if (b->page) {
		block_free(b, &w->bad);
		return;
	}
	order = random_order(&w->rng);
	block_alloc(b, &w->rng, GFP_KERNEL, order, order >= 8 ? &w->big_failed : &w->failed);
}

static void stress_worker(void *unused)
{
	struct stress_worker *w = &workers[smp_processor_id()];

	w->rng = 0x9e3779b97f4a7c15ULL * (smp_processor_id() + 1) + local_clock();
	for (w->ops = 0; w->ops < ops_per_cpu; w->ops++) {
		struct stress_obj *o = &w->km[next_rand(&w->rng) % KM_WINDOW];

		if (o->p)
			obj_free(o, &w->bad);
		else
			obj_alloc(o, &w->rng, GFP_KERNEL, SIZE_MAX, &w->failed);
		if (w->ops % 16 == 0)
			page_op(w);
		if (w->ops % 128 == 0)
			vm_op(w);
		if (w->ops % 512 == 0)
			ioremap_op(w);
	}
	for (int i = 0; i < KM_WINDOW; i++)
		obj_free(&w->km[i], &w->bad);
	for (int i = 0; i < PG_WINDOW; i++)
		block_free(&w->pg[i], &w->bad);
	for (int i = 0; i < VM_WINDOW; i++)
		if (w->vm[i].p)
			vm_free(w, &w->vm[i]);
}

/* In the HPET interrupt: one GFP_ATOMIC object and one block, each replacing an old one. */
static void stress_irq_hook(void)
{
	struct stress_irq *q = &irqs[smp_processor_id()];
	unsigned int i;

	if (!q->rng)
		q->rng = 0x2545f4914f6cdd1dULL * (smp_processor_id() + 7);
	i = next_rand(&q->rng) % IRQ_WINDOW;
	obj_free(&q->km[i], &q->bad);
	obj_alloc(&q->km[i], &q->rng, GFP_ATOMIC, 2048, &q->failed);
	block_free(&q->pg[i], &q->bad);
	block_alloc(&q->pg[i], &q->rng, GFP_ATOMIC, next_rand(&q->rng) % 4, &q->failed);
	q->ops++;
}

/* Stop the hook and wait until no handler can be in it (two more ticks, bounded). */
static void stop_irq_hook(void)
{
	unsigned long t = hpet_ticks;
	u64 give_up = local_clock() + 2 * NSEC_PER_SEC;

	hpet_set_tick_hook(NULL);
	while (hpet_ticks - t < 2 && local_clock() < give_up)
		__asm__ volatile("pause");
	hpet_periodic(0);
}

static void free_irq_objects(void)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		for (int i = 0; i < IRQ_WINDOW; i++) {
			obj_free(&irqs[cpu].km[i], &irqs[cpu].bad);
			block_free(&irqs[cpu].pg[i], &irqs[cpu].bad);
		}
}

/* Every zone's free lists, every CPU's page lists, every cache's slabs. */
static int mm_check_everything(void)
{
	struct kmem_cache *s;
	unsigned long flags;
	int err = check_all_zones();

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(s, &slab_caches, list)
		if (slab_check_cache(s))
			err = -EINVAL;
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return err;
}

static int stress_init(struct kunit *test)
{
	static char names[NR_FAST][24];
	const char *arg = cmdline_get(&boot_cmdline, "mm_stress");
	unsigned long total = STRESS_OPS_DEFAULT;

	if (arg && kstrtoul(arg, 0, &total))
		pr_err("mm_stress=%s: not a number; running %lu operations\n", arg, total);
	/* beyond 2 CPUs the same work in all takes longer (TCG, 2 host cores): halve per doubling */
	if (!arg && online_cpus() > 2)
		total = total * 2 / online_cpus();
	if (!arg && online_cpus() > 4)
		total /= 4;
	ops_per_cpu = total / online_cpus();
	workers = kcalloc(nr_cpu_ids, sizeof(*workers), GFP_KERNEL);
	irqs = kcalloc(nr_cpu_ids, sizeof(*irqs), GFP_KERNEL);
	for (int i = 0; i < NR_FAST; i++) {
		snprintf(names[i], sizeof(names[i]), "mm_stress-%u", fast_sizes[i]);
		fast_caches[i] = kmem_cache_create(names[i], fast_sizes[i], 0, SLAB_NO_DEBUG, NULL);
	}
	return workers && irqs ? 0 : -ENOMEM;
}

static void stress_exit(struct kunit *test)
{
	for (int i = 0; i < NR_FAST; i++) {
		kmem_cache_destroy(fast_caches[i]);
		fast_caches[i] = NULL;
	}
	kfree(workers);
	kfree(irqs);
	workers = NULL;
	irqs = NULL;
}

/* Each CPU gives back its slabs and page lists (in process context, on that CPU). */
static void settle_this_cpu(void *unused)
{
	kmem_cache_flush_this_cpu();
	drain_local_pages(NULL);
}

/*
 * Free pages and page tables (a vmalloc may leave a table), once nothing is
 * cached: each CPU flushes its own per-CPU state (run_on_each_cpu, which
 * needs no IPI function calls), then the empty slabs go back.
 */
static unsigned long settled_pages(void)
{
	vm_unmap_aliases();
	run_on_each_cpu(settle_this_cpu, NULL);
	kmem_cache_shrink_all();
	drain_all_pages(NULL);
	return nr_free_pages() + nr_pagetable_pages;
}

static u32 read_hpet_id(void)
{
	void __iomem *h = hpet_present() ? ioremap(HPET_BASE, 0x400) : NULL;
	u32 id = h ? readl(h) : 0;

	iounmap(h);
	return id;
}

/* Start the interrupt side: the HPET at STRESS_HZ, the hook allocating. */
static bool start_irq_hook(void (*hook)(void))
{
	memset(irqs, 0, nr_cpu_ids * sizeof(*irqs));
	if (!hpet_present())
		return false;
	hpet_set_tick_hook(hook);
	return hpet_periodic(STRESS_HZ) == 0;
}

#define MAX_CACHES 64
static unsigned long slabs_before[MAX_CACHES], active_before[MAX_CACHES];

/*
 * Each cache's slabs and active objects, in slab_caches order: with test
 * NULL, remembered; else compared with what was remembered, each cache that
 * differs named (after a leak).
 */
static void slab_counts(struct kunit *test)
{
	struct kmem_cache *s;
	struct slabinfo info;
	int i = 0;

	list_for_each_entry(s, &slab_caches, list) {
		if (i == MAX_CACHES)
			break;
		get_slabinfo(s, &info);
		if (!test) {
			slabs_before[i] = info.num_slabs;
			active_before[i] = info.active_objs;
		} else if (info.num_slabs != slabs_before[i] || info.active_objs != active_before[i]) {
			kunit_info(test, "%s: %lu slabs of %u pages, %lu objects active (before: %lu, %lu)",
				   s->name, info.num_slabs, 1U << s->order, info.active_objs,
				   slabs_before[i], active_before[i]);
		}
		i++;
	}
}

static void count_slabs(void)
{
	slab_counts(NULL);
}

/* After a leak: which caches have more slabs or objects than before, and the zones' counts. */
static void report_slabs(struct kunit *test)
{
	slab_counts(test);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		kunit_info(test, "zone %s: %lu free", zones[z].name, zones[z].free_pages);
	kunit_info(test, "page tables: %lu", nr_pagetable_pages);
}

static void mm_stress_every_cpu_at_once(struct kunit *test)
{
	unsigned long before = settled_pages(), ops = 0, bad = 0, failed = 0, big = 0;
	unsigned long irq_ops = 0, irq_bad = 0, irq_failed = 0;
	size_t pos = log_buf_pos();
	bool irq;
	u64 t0;

	count_slabs();
	hpet_id = read_hpet_id();
	irq = start_irq_hook(stress_irq_hook);
	t0 = local_clock();
	run_on_each_cpu(stress_worker, NULL);
	t0 = local_clock() - t0;
	stop_irq_hook();
	free_irq_objects();
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		ops += workers[cpu].ops;
		bad += workers[cpu].bad;
		failed += workers[cpu].failed;
		big += workers[cpu].big_failed;
		irq_ops += irqs[cpu].ops;
		irq_bad += irqs[cpu].bad;
		irq_failed += irqs[cpu].failed;
	}
	kunit_info(test, "mm_stress: %lu operations on %u CPUs in %llu ms, %lu in interrupts; %lu orders >= 8 failed",
		   ops, online_cpus(), (unsigned long long)(t0 / NSEC_PER_MSEC), irq_ops, big);
	KUNIT_EXPECT_EQ(test, ops, ops_per_cpu * online_cpus());
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, failed, 0);
	KUNIT_EXPECT_EQ(test, irq_bad, 0);
	KUNIT_EXPECT_EQ(test, irq_failed, 0);
	if (irq)
		KUNIT_EXPECT_GT(test, irq_ops, 0);
	KUNIT_EXPECT_EQ(test, settled_pages(), before);
	if (settled_pages() != before)
		report_slabs(test);
	KUNIT_EXPECT_EQ(test, mm_check_everything(), 0);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BUG"));
}

/* The HPET's handler alone allocates with GFP_ATOMIC: at least 50 times, all good. */
static void mm_stress_gfp_atomic_in_the_hpet_interrupt(struct kunit *test)
{
	u64 give_up = local_clock() + 5 * NSEC_PER_SEC;
	unsigned long before = settled_pages();
	struct stress_irq *q;

	if (!start_irq_hook(stress_irq_hook))
		kunit_skip(test, "no HPET periodic timer");
	q = &irqs[0];
	while (READ_ONCE(q->ops) < 50 && local_clock() < give_up)   /* IRQ 0 goes to CPU 0 */
		__asm__ volatile("pause");
	stop_irq_hook();
	KUNIT_EXPECT_GE(test, q->ops, 50);
	KUNIT_EXPECT_EQ(test, q->failed, 0);
	KUNIT_EXPECT_EQ(test, q->bad, 0);
	free_irq_objects();
	KUNIT_EXPECT_EQ(test, settled_pages(), before);
}

static void *irq_kernel_objs[2];
static unsigned int irq_kernel_n, irq_kernel_max;

/* In the interrupt: a GFP_KERNEL kmalloc, which may sleep in Linux: a bug here. */
static void gfp_kernel_hook(void)
{
	if (irq_kernel_n < READ_ONCE(irq_kernel_max))
		irq_kernel_objs[irq_kernel_n++] = kmalloc(64, GFP_KERNEL);
}

static void mm_stress_gfp_kernel_in_interrupt_warns_once(struct kunit *test)
{
	static const char report[] = "BUG: sleeping function called from invalid context at mm/slab.h";
	u64 give_up = local_clock() + 5 * NSEC_PER_SEC;
	static bool reported_before;    /* by this case's earlier run: once per site, per boot */
	unsigned long count = might_sleep_bug_count();
	size_t pos = log_buf_pos();

	if (!debug_locks)       /* mm_might_alloc checks only then, as CONFIG_DEBUG_ATOMIC_SLEEP */
		kunit_skip(test, "debug_locks is off: boot with selftest or debug_locks=1");
	irq_kernel_n = 0;
	irq_kernel_max = 1;
	if (!start_irq_hook(gfp_kernel_hook))
		kunit_skip(test, "no HPET periodic timer");
	while (READ_ONCE(irq_kernel_n) < 1 && local_clock() < give_up)
		__asm__ volatile("pause");
	stop_irq_hook();
	KUNIT_ASSERT_EQ(test, irq_kernel_n, 1);
	KUNIT_EXPECT_NOT_NULL(test, irq_kernel_objs[0]);        /* it still succeeds */
	KUNIT_EXPECT_GT(test, might_sleep_bug_count(), count);  /* and is counted */
	if (!reported_before)
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, report));
	reported_before = true;
	pos = log_buf_pos();
	count = might_sleep_bug_count();
	irq_kernel_max = 2;
	give_up = local_clock() + 5 * NSEC_PER_SEC;
	start_irq_hook(gfp_kernel_hook);        /* one more, in a later interrupt: no second report */
	while (READ_ONCE(irq_kernel_n) < 2 && local_clock() < give_up)
		__asm__ volatile("pause");
	stop_irq_hook();
	KUNIT_ASSERT_EQ(test, irq_kernel_n, 2);
	KUNIT_EXPECT_NOT_NULL(test, irq_kernel_objs[1]);
	KUNIT_EXPECT_GT(test, might_sleep_bug_count(), count);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, report));
	kfree(irq_kernel_objs[0]);
	kfree(irq_kernel_objs[1]);
}

/* What an interrupt handler tried with vmalloc space (refused) and vfree (deferred). */
static struct {
	void *vmalloc_got, *area;
	void __iomem *regs;
	int step;
} vm_irq;

static void vmalloc_irq_hook(void)
{
	switch (READ_ONCE(vm_irq.step)) {
	case 1:
		vm_irq.vmalloc_got = vmalloc(PAGE_SIZE);        /* refused: NULL */
		iounmap(vm_irq.regs);                           /* refused: stays mapped */
		vfree((void *)vm_irq.regs);                     /* not a vmalloc area: refused */
		vfree(vm_irq.area);                             /* deferred to process context */
		WRITE_ONCE(vm_irq.step, 2);
		break;
	default:
		break;
	}
}

/*
 * An interrupt handler may not map or unmap vmalloc space (Linux's
 * BUG_ON(in_interrupt())): vmalloc returns NULL and iounmap refuses, each
 * with a line; vfree is deferred, and refused for an ioremap address (the
 * deferral writes into the area).  The kernel goes on.
 */
static void mm_stress_vmalloc_in_interrupt_is_refused(struct kunit *test)
{
	u64 give_up = local_clock() + 5 * NSEC_PER_SEC;
	size_t pos = log_buf_pos();

	vm_irq.area = vmalloc(PAGE_SIZE);
	vm_irq.regs = ioremap(HPET_BASE, PAGE_SIZE);
	vm_irq.vmalloc_got = (void *)1;
	KUNIT_ASSERT_NOT_NULL(test, vm_irq.area);
	KUNIT_ASSERT_NOT_NULL(test, vm_irq.regs);
	WRITE_ONCE(vm_irq.step, 1);
	if (!start_irq_hook(vmalloc_irq_hook)) {
		vfree(vm_irq.area);
		iounmap(vm_irq.regs);
		kunit_skip(test, "no HPET periodic timer");
	}
	while (READ_ONCE(vm_irq.step) != 2 && local_clock() < give_up)
		__asm__ volatile("pause");
	stop_irq_hook();
	KUNIT_ASSERT_EQ(test, vm_irq.step, 2);
	KUNIT_EXPECT_NULL(test, vm_irq.vmalloc_got);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "vmalloc: an area asked for in interrupt context"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "unmapped in interrupt context"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "is not the start of a vmalloc area"));
	/* the registers are still mapped, and the deferred vfree is done by the next vfree */
	KUNIT_EXPECT_EQ(test, readl(vm_irq.regs + HPET_ID) & HPET_ID_VENDOR, 0x80860000U);
	KUNIT_EXPECT_NOT_NULL(test, find_vm_area(vm_irq.area));
	vm_unmap_aliases();
	KUNIT_EXPECT_NULL(test, find_vm_area(vm_irq.area));
	iounmap(vm_irq.regs);
	KUNIT_EXPECT_NULL(test, find_vm_area((void *)vm_irq.regs));
}

/* The check can fail: a CPU list pointing outside its slab is reported. */
static void mm_stress_check_finds_a_bad_cpu_freelist(struct kunit *test)
{
	struct kmem_cache *s = fast_caches[1];
	struct kmem_cache_cpu *c;
	void *obj = kmem_cache_alloc(s, GFP_KERNEL), *saved;
	size_t pos = log_buf_pos();
	unsigned long flags;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, obj);
	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	saved = c->freelist;
	c->freelist = (char *)page_address(c->slab) + PAGE_SIZE * 4 + 8;
	err = slab_check_cache(s);
	c->freelist = saved;
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "slab mm_stress-64: cpu 0: a free object outside its slab"));
	KUNIT_EXPECT_EQ(test, slab_check_cache(s), 0);
	kmem_cache_free(s, obj);
}

/* This CPU's page list takes a batch from the zone, and gives it back on a drain. */
static void mm_stress_pcp_takes_and_drains_a_batch(struct kunit *test)
{
	struct page *page;
	struct per_cpu_pages *pcp;
	struct zone *z;
	unsigned long free;
	int batch;

	drain_all_pages(NULL);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	z = &zones[page_zonenum(page)];
	pcp = this_cpu_ptr(z->per_cpu_pageset);
	batch = pcp->batch;
	KUNIT_EXPECT_EQ(test, batch, z->pcp_batch);
	KUNIT_EXPECT_EQ(test, pcp->count, max(batch, 2) - 1);   /* a batch came, one went out */
	free = z->free_pages;
	__free_page(page);
	KUNIT_EXPECT_EQ(test, pcp->count, max(batch, 2));
	KUNIT_EXPECT_EQ(test, z->free_pages, free);             /* not free in the zone's count */
	drain_local_pages(z);
	KUNIT_EXPECT_EQ(test, pcp->count, 0);
	KUNIT_EXPECT_EQ(test, z->free_pages, free + max(batch, 2));
}

static struct kunit_case mm_stress_cases[] = {
	KUNIT_CASE(mm_stress_pcp_takes_and_drains_a_batch),
	KUNIT_CASE(mm_stress_check_finds_a_bad_cpu_freelist),
	KUNIT_CASE(mm_stress_gfp_atomic_in_the_hpet_interrupt),
	KUNIT_CASE(mm_stress_gfp_kernel_in_interrupt_warns_once),
	KUNIT_CASE(mm_stress_vmalloc_in_interrupt_is_refused),
	KUNIT_CASE(mm_stress_every_cpu_at_once),
	{}
};

static struct kunit_suite mm_stress_suite = {
	.name = "mm_stress",
	.init = stress_init,
	.exit = stress_exit,
	.test_cases = mm_stress_cases,
};
kunit_test_suite(mm_stress_suite);
