/*
 * ipi suite: smp_call_function_single reaches each online CPU and runs there
 * in interrupt context, on_each_cpu and smp_call_function reach the right
 * sets, calls that do not wait still run, every CPU may call every other at
 * once, and the CAL and RES rows count on the CPU that took the interrupt.
 * With one CPU online the cases that need another are skipped.
 */
#include <asm/atomic.h>
#include <asm/hardirq.h>
#include <asm/processor.h>
#include <errno.h>
#include <kernel/irqflags.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>

#define IPI_WAIT_MS   2000      /* generous: a vCPU may be descheduled for tens of ms */
#define ASYNC_CALLS   100
#define STORM_TOTAL   400       /* calls in ipi_every_cpu_calls_every_other, over all pairs */

struct call_record {
	int cpu;                        /* smp_processor_id() where func ran */
	bool irqs_off, in_irq;
};

static void record_cpu(void *info)
{
	struct call_record *r = info;

	r->cpu = (int)smp_processor_id();
	r->irqs_off = irqs_disabled();
	r->in_irq = in_hardirq();
}

static void need_two_cpus(struct kunit *test)
{
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs, %u online", num_online_cpus());
}

static unsigned int cal_count(unsigned int cpu)
{
	return READ_ONCE(per_cpu(irq_stat, cpu).irq_call_count);
}

/*
 * Each online CPU, this one included, runs the function, and reports its own
 * number with interrupts off; the others run it from the IPI handler, and
 * count a CAL.
 */
static void ipi_call_single_reaches_each_cpu(struct kunit *test)
{
	unsigned int cpu, me = smp_processor_id();

	for_each_online_cpu(cpu) {
		struct call_record r = { .cpu = -1 };
		unsigned int cal = cal_count(cpu);

		KUNIT_EXPECT_EQ(test, smp_call_function_single((int)cpu, record_cpu, &r, 1), 0);
		KUNIT_EXPECT_EQ(test, r.cpu, (int)cpu);
		KUNIT_EXPECT_TRUE(test, r.irqs_off);
		KUNIT_EXPECT_EQ(test, r.in_irq, cpu != me);
		if (cpu != me)
			KUNIT_EXPECT_GE(test, cal_count(cpu), cal + 1);
	}
}

static void ipi_call_to_offline_cpu_fails(struct kunit *test)
{
	struct call_record r = { .cpu = -1 };

	KUNIT_EXPECT_EQ(test, smp_call_function_single(-1, record_cpu, &r, 1), -ENXIO);
	KUNIT_EXPECT_EQ(test, smp_call_function_single(NR_CPUS - 1, record_cpu, &r, 1),
			cpu_online(NR_CPUS - 1) ? 0 : -ENXIO);
	KUNIT_EXPECT_EQ(test, smp_call_function_single(NR_CPUS + 5, record_cpu, &r, 1), -ENXIO);
	if (!cpu_online(NR_CPUS - 1))
		KUNIT_EXPECT_EQ(test, r.cpu, -1);
}

static void mark_cpu(void *info)
{
	__atomic_fetch_or((unsigned long *)info, 1UL << smp_processor_id(), __ATOMIC_SEQ_CST);
}

/* on_each_cpu: every online CPU; smp_call_function: every one but this. */
static void ipi_on_each_cpu_and_smp_call_function_reach_their_sets(struct kunit *test)
{
	unsigned long all = 0, others = 0, online = cpu_online_mask->bits[0];

	on_each_cpu(mark_cpu, &all, 1);
	KUNIT_EXPECT_EQ(test, all, online);
	smp_call_function(mark_cpu, &others, 1);
	KUNIT_EXPECT_EQ(test, others, online & ~(1UL << smp_processor_id()));
}

static void count_call(void *info)
{
	atomic_inc(info);
}

/* Wait, at most IPI_WAIT_MS, for *flag to be set. */
static bool wait_for_flag(int *flag)
{
	u64 give_up = local_clock() + IPI_WAIT_MS * NSEC_PER_MSEC;

	while (!READ_ONCE(*flag) && local_clock() < give_up)
		cpu_relax();
	return READ_ONCE(*flag);
}

/* Wait, at most IPI_WAIT_MS, for *v to reach want. */
static bool wait_for_count(atomic_t *v, int want)
{
	u64 give_up = local_clock() + IPI_WAIT_MS * NSEC_PER_MSEC;

	while (atomic_read(v) < want && local_clock() < give_up)
		cpu_relax();
	return atomic_read(v) >= want;
}

/*
 * Calls that do not wait share this CPU's csd: each waits for the one
 * before to be taken, and every one runs.
 */
static void ipi_calls_without_wait_all_run(struct kunit *test)
{
	atomic_t n = ATOMIC_INIT(0);
	unsigned int target;

	need_two_cpus(test);
	target = cpumask_next_from(smp_processor_id() + 1, cpu_online_mask);
	if (target >= NR_CPUS)
		target = cpumask_next_from(0, cpu_online_mask);
	for (int i = 0; i < ASYNC_CALLS; i++)
		KUNIT_ASSERT_EQ(test, smp_call_function_single((int)target, count_call, &n, 0), 0);
	KUNIT_EXPECT_TRUE(test, wait_for_count(&n, ASYNC_CALLS));
	KUNIT_EXPECT_EQ(test, atomic_read(&n), ASYNC_CALLS);
	atomic_set(&n, 0);
	smp_call_function(count_call, &n, 0);
	KUNIT_EXPECT_TRUE(test, wait_for_count(&n, (int)num_online_cpus() - 1));
	/* the many-call csds are free again before n leaves scope */
	smp_call_function(count_call, &n, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&n), 2 * ((int)num_online_cpus() - 1));
}

struct storm {
	atomic_t calls;
	atomic_t errors;
	int per_pair;                   /* calls from each CPU to each other one */
};

/* On every CPU at once: call every other CPU per_pair times, waiting each time. */
static void storm_one_cpu(void *arg)
{
	struct storm *s = arg;
	unsigned int cpu;

	for (int i = 0; i < s->per_pair; i++)
		for_each_online_cpu(cpu)
			if (cpu != smp_processor_id() &&
			    smp_call_function_single((int)cpu, count_call, &s->calls, 1))
				atomic_inc(&s->errors);
}

/* Every CPU calls every other at the same time: the queues take concurrent adds. */
static void ipi_every_cpu_calls_every_other(struct kunit *test)
{
	struct storm s = { ATOMIC_INIT(0), ATOMIC_INIT(0), 0 };
	int n = (int)num_online_cpus();

	need_two_cpus(test);
	s.per_pair = max(STORM_TOTAL / (n * (n - 1)), 10);     /* 8 vCPUs share 2 host cores */
	run_on_each_cpu(storm_one_cpu, &s);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.errors), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.calls), n * (n - 1) * s.per_pair);
}

#define BUSY_MS          400    /* how long the target keeps interrupts off */
#define SHORT_TIMEOUT_MS 100    /* csd_lock_timeout for the case below */

static void busy_irqs_off(void *info)
{
	WRITE_ONCE(*(int *)info, 1);
	mdelay(BUSY_MS);
}

/*
 * A CPU that does not answer is reported, Linux's way, while the caller
 * waits: once the target has started an earlier call that keeps interrupts
 * off for BUSY_MS,
 * the report names it, the call it is running and the one waiting; the call
 * still completes afterwards.
 */
static void ipi_unanswered_call_is_reported(struct kunit *test)
{
	unsigned long saved = csd_lock_timeout;
	struct call_record r = { .cpu = -1 };
	size_t pos = log_buf_pos();
	unsigned int target;
	static int busy;                /* static: the call may outlive a failed case */
	char want[64];

	need_two_cpus(test);
	WRITE_ONCE(busy, 0);
	target = cpumask_next_from(smp_processor_id() + 1, cpu_online_mask);
	if (target >= NR_CPUS)
		target = cpumask_next_from(0, cpu_online_mask);
	KUNIT_ASSERT_EQ(test, smp_call_function_single((int)target, busy_irqs_off, &busy, 0), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_flag(&busy));          /* it runs the first call now */
	WRITE_ONCE(csd_lock_timeout, SHORT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, smp_call_function_single((int)target, record_cpu, &r, 1), 0);
	WRITE_ONCE(csd_lock_timeout, saved);
	KUNIT_EXPECT_EQ(test, r.cpu, (int)target);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "csd: Detected non-responsive CSD lock (#"));
	snprintf(want, sizeof(want), "for CPU#%02u record_cpu+", target);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, ") handling prior busy_irqs_off+"));
}

/* smp_send_reschedule: the target counts a RES. */
static void ipi_reschedule_counts_res_on_the_target(struct kunit *test)
{
	unsigned int cpu, me = smp_processor_id();

	need_two_cpus(test);
	for_each_online_cpu(cpu) {
		unsigned int before = READ_ONCE(per_cpu(irq_stat, cpu).irq_resched_count);
		u64 give_up = local_clock() + IPI_WAIT_MS * NSEC_PER_MSEC;

		if (cpu == me)
			continue;
		smp_send_reschedule((int)cpu);
		while (READ_ONCE(per_cpu(irq_stat, cpu).irq_resched_count) == before &&
		       local_clock() < give_up)
			cpu_relax();
		KUNIT_EXPECT_EQ(test, READ_ONCE(per_cpu(irq_stat, cpu).irq_resched_count), before + 1);
	}
}

static char view[4096];

/*
 * The interrupts view: a CPUn column per online CPU, and Linux's rows in
 * Linux's order, each with a count per online CPU ("LOC:" then one %10u per CPU).
 */
static void ipi_interrupts_view_has_a_column_per_cpu(struct kunit *test)
{
	static const char *const rows[] = { "NMI:", "LOC:", "SPU:", "RES:", "CAL:", "TLB:", "ERR:" };
	const char *prev = view, *loc;
	struct seq_file m;
	unsigned int cpu, n = 0;
	char col[16];

	seq_file_init(&m, view, sizeof(view) - 1);
	KUNIT_ASSERT_EQ(test, monitor_exec_seq(&m, "interrupts"), 0);
	view[m.count] = '\0';
	KUNIT_EXPECT_EQ(test, strncmp(view, "           CPU0       ", 22), 0);
	for_each_online_cpu(cpu) {
		snprintf(col, sizeof(col), "CPU%-8u", cpu);
		KUNIT_EXPECT_NOT_NULL(test, strstr(view, col));
	}
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *r = strstr(view, rows[i]);

		KUNIT_EXPECT_NOT_NULL(test, r);
		KUNIT_EXPECT_TRUE(test, r > prev);                      /* Linux's order */
		prev = r ? r : prev;
	}
	loc = strstr(view, "LOC: ");
	KUNIT_ASSERT_NOT_NULL(test, loc);
	for (const char *p = loc + 5; *p && *p != '\n'; p += 11) {
		if (p[0] == ' ' && p[1] == ' ' && p[2] != ' ')
			break;                                          /* the description */
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, num_online_cpus());
	KUNIT_EXPECT_NOT_NULL(test, strstr(view, "   Local timer interrupts\n"));
}

static struct kunit_case ipi_cases[] = {
	KUNIT_CASE(ipi_call_single_reaches_each_cpu),
	KUNIT_CASE(ipi_call_to_offline_cpu_fails),
	KUNIT_CASE(ipi_on_each_cpu_and_smp_call_function_reach_their_sets),
	KUNIT_CASE(ipi_calls_without_wait_all_run),
	KUNIT_CASE(ipi_every_cpu_calls_every_other),
	KUNIT_CASE(ipi_reschedule_counts_res_on_the_target),
	KUNIT_CASE(ipi_unanswered_call_is_reported),
	KUNIT_CASE(ipi_interrupts_view_has_a_column_per_cpu),
	{}
};

static struct kunit_suite ipi_suite = {
	.name = "ipi",
	.test_cases = ipi_cases,
};
kunit_test_suite(ipi_suite);
