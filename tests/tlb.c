/*
 * tlb suite: TLB shootdown (mm/tlb.c).  The flush counts show the ceiling
 * between page-by-page and whole flushes, on this CPU and on the others; the
 * TLB and CAL rows move on every other CPU.  The stale-read cases are the
 * proof: the other CPUs keep reading a vmalloc (or ioremap) address, so that
 * their TLBs hold its translation, while this CPU frees the area with an
 * immediate purge and reuses its page and its address with new patterns.
 * After the free has returned a reader may fault or see the new area (zero,
 * then its pattern), and must never see anything else: the old pattern, or
 * whatever the page's next owner put there, through the old translation.  A last case turns the remote flush off with
 * tlb_debug_skip_remote_flush and expects the readers to see stale data: the
 * detector detects.  Cases that need a second CPU skip with one.
 */
#include <asm/atomic.h>
#include <asm/hardirq.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <drivers/acpi.h>
#include <drivers/hpet.h>
#include <kernel/kunit.h>
#include <kernel/smp.h>
#include <kernel/time.h>
#include <kernel/traps.h>
#include <mm/gfp.h>
#include <mm/page.h>
#include <mm/vmalloc.h>

#define PATTERN_OLD    0x01d01d01U      /* the area's contents before the free */
#define PATTERN_REUSED 0x5e5e5e5eU      /* its page, reused by a new owner */
#define PATTERN_FRESH  0xf7e50000U      /* a new area, likely at the same address; + a run number */
#define WARM_READS     1000     /* reads of the old pattern before the free: the TLB holds it */
#define READS_AFTER    2000     /* reads (or faults) each reader makes after the free */
#define STALE_WAIT_MS  3000     /* bound on each wait: vCPUs may be descheduled */

static void need_two_cpus(struct kunit *test)
{
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs, %u online", num_online_cpus());
}

static struct tlb_events events_of(unsigned int cpu)
{
	return per_cpu(tlb_events, cpu);
}

/*
 * Run fn(arg) on this CPU while every other online CPU spins in process
 * context (interrupts on, not idle): shootdowns then reach them by IPI.
 */
struct busy_run {
	void (*fn)(void *arg);
	void *arg;
	int runner, done;
	atomic_t spinning;
};

static void busy_run_on_cpu(void *p)
{
	struct busy_run *b = p;

	if ((int)smp_processor_id() != b->runner) {
		atomic_inc(&b->spinning);
		while (!READ_ONCE(b->done))
			cpu_relax();
		return;
	}
	while (atomic_read(&b->spinning) < (int)num_online_cpus() - 1)
		cpu_relax();
	b->fn(b->arg);
	WRITE_ONCE(b->done, 1);
}

static void run_with_others_busy(void (*fn)(void *arg), void *arg)
{
	struct busy_run b = { .fn = fn, .arg = arg, .runner = (int)smp_processor_id() };

	run_on_each_cpu(busy_run_on_cpu, &b);
}

struct ceiling_counts {
	struct tlb_events before[NR_CPUS], at_ceiling[NR_CPUS], above[NR_CPUS];
};

static void flush_at_and_above_ceiling(void *arg)
{
	struct ceiling_counts *c = arg;
	unsigned long ceil = tlb_single_page_flush_ceiling;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		c->before[cpu] = events_of(cpu);
	flush_tlb_kernel_range(VMALLOC_START, VMALLOC_START + ceil * PAGE_SIZE);
	for_each_online_cpu(cpu)
		c->at_ceiling[cpu] = events_of(cpu);
	flush_tlb_kernel_range(VMALLOC_START, VMALLOC_START + (ceil + 1) * PAGE_SIZE);
	for_each_online_cpu(cpu)
		c->above[cpu] = events_of(cpu);
}

/* Up to the ceiling (33 pages) page by page, above it whole, here and on every busy CPU. */
static void tlb_ceiling_splits_by_page_and_whole_flushes(struct kunit *test)
{
	static struct ceiling_counts c;
	unsigned long ceil = tlb_single_page_flush_ceiling;
	unsigned int cpu;

	KUNIT_ASSERT_EQ(test, ceil, 33);
	run_with_others_busy(flush_at_and_above_ceiling, &c);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, c.at_ceiling[cpu].nr_tlb_local_flush_one,
				c.before[cpu].nr_tlb_local_flush_one + ceil);
		KUNIT_EXPECT_EQ(test, c.at_ceiling[cpu].nr_tlb_local_flush_all,
				c.before[cpu].nr_tlb_local_flush_all);
		KUNIT_EXPECT_EQ(test, c.above[cpu].nr_tlb_local_flush_one,
				c.at_ceiling[cpu].nr_tlb_local_flush_one);
		KUNIT_EXPECT_EQ(test, c.above[cpu].nr_tlb_local_flush_all,
				c.at_ceiling[cpu].nr_tlb_local_flush_all + 1);
	}
}

struct irq_counts {
	unsigned int tlb[NR_CPUS], cal[NR_CPUS];
	unsigned long started;
};

static void read_irq_counts(struct irq_counts *c)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		c->tlb[cpu] = READ_ONCE(per_cpu(irq_stat, cpu).irq_tlb_count);
		c->cal[cpu] = READ_ONCE(per_cpu(irq_stat, cpu).irq_call_count);
	}
	c->started = events_of(smp_processor_id()).nr_tlb_remote_flush;
}

static void flush_all_between_counts(void *arg)
{
	struct irq_counts *c = arg;

	read_irq_counts(&c[0]);
	flush_tlb_all();
	read_irq_counts(&c[1]);
}

/* flush_tlb_all with the others busy: each takes one shootdown (TLB) through a call IPI (CAL). */
static void tlb_flush_all_counts_on_every_other_cpu(struct kunit *test)
{
	static struct irq_counts c[2];
	unsigned int cpu, me = smp_processor_id();

	need_two_cpus(test);
	run_with_others_busy(flush_all_between_counts, c);
	KUNIT_EXPECT_EQ(test, c[1].started, c[0].started + 1);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, c[1].tlb[cpu], c[0].tlb[cpu] + (cpu == me ? 0 : 1));
		if (cpu != me)
			KUNIT_EXPECT_GE(test, c[1].cal[cpu], c[0].cal[cpu] + 1);
	}
}

/*
 * Idle CPUs are not woken for a shootdown, but flush their whole TLB at
 * their next interrupt, before anything else: within a bounded wait every
 * other CPU has counted a whole flush and a TLB shootdown.
 */
static void tlb_idle_cpus_flush_when_they_wake(struct kunit *test)
{
	struct tlb_events before[NR_CPUS];
	unsigned int tlb[NR_CPUS], cpu, me = smp_processor_id(), late;
	u64 give_up;

	need_two_cpus(test);
	mdelay(10);                     /* the others go back to their idle hlt */
	for_each_online_cpu(cpu) {
		before[cpu] = events_of(cpu);
		tlb[cpu] = READ_ONCE(per_cpu(irq_stat, cpu).irq_tlb_count);
	}
	flush_tlb_all();
	give_up = local_clock() + STALE_WAIT_MS * NSEC_PER_MSEC;
	do {
		late = 0;
		for_each_online_cpu(cpu)
			if (cpu != me && READ_ONCE(per_cpu(irq_stat, cpu).irq_tlb_count) == tlb[cpu])
				late++;
	} while (late && local_clock() < give_up);
	KUNIT_EXPECT_EQ(test, late, 0);
	for_each_online_cpu(cpu) {
		if (cpu == me)
			continue;
		KUNIT_EXPECT_EQ(test, READ_ONCE(per_cpu(irq_stat, cpu).irq_tlb_count), tlb[cpu] + 1);
		KUNIT_EXPECT_EQ(test, events_of(cpu).nr_tlb_local_flush_all,
				before[cpu].nr_tlb_local_flush_all + 1);
	}
	kunit_info(test, "IPIs sent: %s (the others flushed on waking)",
		   events_of(me).nr_tlb_remote_flush != before[me].nr_tlb_remote_flush ?
		   "to the CPUs that were awake" : "none, every other CPU was idle");
}

/* ---- the stale-read detector ---- */

struct stale_test {
	void *addr;                     /* what the readers read */
	bool io;                        /* through readl (an ioremap) */
	u32 old;                        /* the value before the free */
	u32 fresh_pattern;              /* the new area's: differs from run to run */
	int writer;                     /* the CPU that frees */
	int go, freed, stop;
	atomic_t warm;                  /* readers that have read old WARM_READS times */
	atomic_t done_after;            /* readers that have made READS_AFTER reads since */
	atomic_t stale, faults, fresh, after;
	u32 stale_value;                /* the last stale value read */
	void (*free_and_reuse)(struct stale_test *t);
	void *fresh_area;               /* freed by the test once the readers stop */
	struct page *old_page, *reused;
};

struct reader_state {
	struct stale_test *t;
	unsigned long reads, after;
	bool warm, done;
};

static u32 read_addr(const struct stale_test *t)
{
	return t->io ? readl((void __iomem *)t->addr) : READ_ONCE(*(u32 *)t->addr);
}

/* One read, classified by whether the free had returned before it began. */
static void reader_step(struct reader_state *r)
{
	struct stale_test *t = r->t;
	int freed = READ_ONCE(t->freed);
	u32 v;

	barrier();                      /* x86 keeps the two loads in order */
	v = read_addr(t);
	if (!freed) {
		if (v == t->old && ++r->reads == WARM_READS && !r->warm) {
			r->warm = true;
			atomic_inc(&t->warm);
		}
		return;
	}
	r->after++;
	if (v == t->fresh_pattern || v == 0) {
		atomic_inc(&t->fresh);  /* the new area: zeroed before it was mapped, then filled */
	} else {
		atomic_inc(&t->stale);  /* the old page: its old data, or its new owner's */
		WRITE_ONCE(t->stale_value, v);
	}
}

static void reader_loop(void *arg)
{
	struct reader_state *r = arg;

	while (!READ_ONCE(r->t->stop)) {
		reader_step(r);
		if (r->after >= READS_AFTER && !r->done) {
			r->done = true;
			atomic_inc(&r->t->done_after);
		}
	}
}

/* A reader: read until told to stop; a fault (the address unmapped) counts and reading goes on. */
static void stale_reader(struct stale_test *t)
{
	struct reader_state r = { .t = t };

	while (!READ_ONCE(t->go))
		cpu_relax();
	while (!READ_ONCE(t->stop)) {
		struct fault_record rec;

		if (try_catch_fault(reader_loop, &r, &rec, false)) {
			atomic_inc(&t->faults);
			if (READ_ONCE(t->freed))
				r.after++;
			if (r.after >= READS_AFTER && !r.done) {
				r.done = true;
				atomic_inc(&t->done_after);
			}
		}
	}
	atomic_add((int)r.after, &t->after);
}

static void fill32(void *p, u32 v)
{
	for (size_t i = 0; i < PAGE_SIZE / 4; i++)
		((u32 *)p)[i] = v;
}

static bool wait_count(atomic_t *v, int want)
{
	u64 give_up = local_clock() + STALE_WAIT_MS * NSEC_PER_MSEC;

	while (atomic_read(v) < want && local_clock() < give_up)
		cpu_relax();
	return atomic_read(v) >= want;
}

static void stale_writer(struct stale_test *t)
{
	int readers = (int)num_online_cpus() - 1;

	WRITE_ONCE(t->go, 1);
	wait_count(&t->warm, readers);
	t->free_and_reuse(t);
	wait_count(&t->done_after, readers);
	WRITE_ONCE(t->stop, 1);
}

/* run_on_each_cpu: the writer on the test's CPU, a reader on every other. */
static void stale_test_on_cpu(void *arg)
{
	struct stale_test *t = arg;

	if ((int)smp_processor_id() == t->writer)
		stale_writer(t);
	else
		stale_reader(t);
}

/* After the free: its page gets a new owner and pattern, its address a new area. */
static void reuse_page_and_address(struct stale_test *t)
{
	u32 *fresh;

	t->reused = alloc_page(GFP_KERNEL);
	if (t->reused)
		fill32(page_address(t->reused), PATTERN_REUSED);
	fresh = vzalloc(PAGE_SIZE);     /* zeroed before it is mapped: never old data */
	if (fresh)
		fill32(fresh, t->fresh_pattern);
	t->fresh_area = fresh;
}

static void vfree_with_purge(struct stale_test *t)
{
	vfree(t->addr);
	vm_unmap_aliases();             /* the lazy purge, now: its flush reaches every CPU */
	WRITE_ONCE(t->freed, 1);
	reuse_page_and_address(t);
}

/* Run the detector on t, whose addr is mapped and reads t->old; report what the readers saw. */
static void run_stale_test(struct kunit *test, struct stale_test *t)
{
	int readers = (int)num_online_cpus() - 1;

	t->writer = (int)smp_processor_id();
	run_on_each_cpu(stale_test_on_cpu, t);
	kunit_info(test, "%d readers: %d warm; after the free %d reads or faults (%d faults, %d of the new area, %d stale, last %#x); page reused: %s, address reused: %s",
		   readers, atomic_read(&t->warm), atomic_read(&t->after), atomic_read(&t->faults),
		   atomic_read(&t->fresh), atomic_read(&t->stale), t->stale_value,
		   t->old_page && t->reused == t->old_page ? "yes" : "no",
		   t->fresh_area == t->addr ? "yes" : "no");
	vfree(t->fresh_area);
	if (t->reused)
		__free_page(t->reused);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->warm), readers);
	KUNIT_EXPECT_GE(test, atomic_read(&t->done_after), readers);
}

/*
 * Each run fills its new area with its own pattern: a stale translation
 * left by an earlier run (to that run's new area) must not pass for this one.
 */
static u32 next_fresh_pattern(void)
{
	static u32 run;

	return PATTERN_FRESH + (++run & 0xffff);
}

static void vmalloc_stale_setup(struct kunit *test, struct stale_test *t)
{
	u32 *p = vmalloc(PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, p);
	fill32(p, PATTERN_OLD);
	*t = (struct stale_test){ .addr = p, .old = PATTERN_OLD, .free_and_reuse = vfree_with_purge,
				  .old_page = vmalloc_to_page(p), .fresh_pattern = next_fresh_pattern() };
}

static void tlb_vfree_purge_leaves_no_stale_reader(struct kunit *test)
{
	struct stale_test t;

	need_two_cpus(test);
	vmalloc_stale_setup(test, &t);
	run_stale_test(test, &t);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.stale), 0);
}

static void iounmap_and_reuse(struct stale_test *t)
{
	iounmap((void __iomem *)t->addr);
	WRITE_ONCE(t->freed, 1);
	reuse_page_and_address(t);
}

/* The HPET's capability register, read through an ioremap that the test unmaps. */
static void tlb_iounmap_leaves_no_stale_reader(struct kunit *test)
{
	const struct acpi_info *acpi = acpi_get_info();
	struct stale_test t;
	void __iomem *h;

	need_two_cpus(test);
	if (!hpet_present() || !acpi || !acpi->hpet.present)
		kunit_skip(test, "needs the HPET's registers to map");
	h = ioremap(acpi->hpet.address, PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, h);
	t = (struct stale_test){ .addr = (void *)h, .io = true, .old = readl(h + HPET_ID),
				 .free_and_reuse = iounmap_and_reuse,
				 .fresh_pattern = next_fresh_pattern() };
	KUNIT_ASSERT_NE(test, t.old, t.fresh_pattern);
	KUNIT_ASSERT_NE(test, t.old, 0);
	run_stale_test(test, &t);
	KUNIT_EXPECT_EQ(test, atomic_read(&t.stale), 0);
}

/*
 * The detector works: with the remote flush switched off, the readers go on
 * reading the freed page through their stale translations.  A control, not a
 * property of the kernel: where the TLB keeps nothing stale for us to see (a
 * hypervisor with shadow page tables, such as kvm_pvm, rebuilds translations
 * itself; a reader's vCPU may not run in the window), it skips and says so.
 */
static void tlb_skipped_remote_flush_is_caught(struct kunit *test)
{
	struct stale_test t;

	need_two_cpus(test);
	vmalloc_stale_setup(test, &t);
	WRITE_ONCE(tlb_debug_skip_remote_flush, true);
	run_stale_test(test, &t);
	WRITE_ONCE(tlb_debug_skip_remote_flush, false);
	flush_tlb_all();                /* drop the stale entries the case left */
	if (!atomic_read(&t.stale))
		kunit_skip(test, "no stale read even without the remote flush: this machine's TLB "
			   "kept nothing stale in the window, so the detector is not shown here");
	KUNIT_EXPECT_GT(test, atomic_read(&t.stale), 0);
}

struct idle_read {
	void *addr;
	u32 value;
	bool faulted;
};

static void read_one(void *arg)
{
	struct idle_read *r = arg;

	r->value = READ_ONCE(*(u32 *)r->addr);
}

/* On the target, from its IPI handler: one read that may fault. */
static void read_one_caught(void *arg)
{
	struct idle_read *r = arg;
	struct fault_record rec;

	r->faulted = try_catch_fault(read_one, r, &rec, false) != 0;
}

/*
 * An idle CPU whose TLB holds a translation, woken after the area was freed
 * (its shootdown deferred to its wake-up, or sent by IPI if it was awake),
 * must not read through the old translation: the read faults or finds the
 * new area.
 */
static void tlb_woken_idle_cpu_reads_no_stale_translation(struct kunit *test)
{
	struct idle_read r = { 0 };
	struct stale_test t;
	unsigned long ipis;
	unsigned int target;

	need_two_cpus(test);
	target = cpumask_next_from(smp_processor_id() + 1, cpu_online_mask);
	if (target >= NR_CPUS)
		target = cpumask_next_from(0, cpu_online_mask);
	vmalloc_stale_setup(test, &t);
	r.addr = t.addr;
	for (int i = 0; i < WARM_READS; i++)          /* the target's TLB holds it */
		smp_call_function_single((int)target, read_one, &r, 1);
	KUNIT_EXPECT_EQ(test, r.value, PATTERN_OLD);
	mdelay(10);                     /* the target goes back to its idle hlt */
	ipis = events_of(smp_processor_id()).nr_tlb_remote_flush;
	vfree_with_purge(&t);
	ipis = events_of(smp_processor_id()).nr_tlb_remote_flush - ipis;
	r.value = PATTERN_OLD;
	KUNIT_EXPECT_EQ(test, smp_call_function_single((int)target, read_one_caught, &r, 1), 0);
	kunit_info(test, "CPU%u %s; after waking it %s %#x", target,
		   ipis ? "was awake: IPI" : "was idle: flushed on waking",
		   r.faulted ? "faulted, last value" : "read", r.value);
	vfree(t.fresh_area);
	if (t.reused)
		__free_page(t.reused);
	KUNIT_EXPECT_TRUE(test, r.faulted || r.value == t.fresh_pattern || r.value == 0);
}

static struct kunit_case tlb_cases[] = {
	KUNIT_CASE(tlb_ceiling_splits_by_page_and_whole_flushes),
	KUNIT_CASE(tlb_flush_all_counts_on_every_other_cpu),
	KUNIT_CASE(tlb_idle_cpus_flush_when_they_wake),
	KUNIT_CASE(tlb_vfree_purge_leaves_no_stale_reader),
	KUNIT_CASE(tlb_iounmap_leaves_no_stale_reader),
	KUNIT_CASE(tlb_woken_idle_cpu_reads_no_stale_translation),
	KUNIT_CASE(tlb_skipped_remote_flush_is_caught),
	{}
};

static struct kunit_suite tlb_suite = {
	.name = "tlb",
	.test_cases = tlb_cases,
};
kunit_test_suite(tlb_suite);
