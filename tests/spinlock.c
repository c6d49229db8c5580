/*
 * spinlock suite: the ticket lock under contention from every CPU at once
 * (run_on_each_cpu), its FIFO order, trylock and irqsave semantics, each lock
 * debugging report (kernel/spinlock.c) with both of its call sites.  The
 * reports are asserted on the log text; after each, the kernel goes on and
 * the lock works.
 */
#include <asm/processor.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>

/*
 * Each CPU increments until it has done INCREMENTS_PER_CPU or COUNT_MS have
 * passed: with more vCPUs than host cores, a ticket handed to a descheduled
 * vCPU waits for a host timeslice, so the count done in a given time varies
 * a thousandfold; the check (the total equals the sum of what each CPU did)
 * does not depend on it.
 */
#define INCREMENTS_PER_CPU 20000
#define COUNT_MS           200
#define WAIT_LIMIT_MS      10000        /* for another CPU to get somewhere (TCG: generous) */

/* ---- mutual exclusion ---- */

struct counter_work {
	spinlock_t lock;
	unsigned long count;            /* plain: only the lock makes ++ safe */
	bool locked;                    /* false: the racy variant, for a figure only */
	bool arch;                      /* the inline ticket lock alone, without debug_locks' checks */
	unsigned int arrived;           /* the start line: CPUs begin together */
	unsigned long done;             /* increments made, summed atomically */
};

/* Wait until every online CPU has arrived (at most WAIT_LIMIT_MS), so that they overlap. */
static void start_together(unsigned int *arrived)
{
	u64 end = rdtsc() + (u64)WAIT_LIMIT_MS * tsc_khz;

	__atomic_add_fetch(arrived, 1, __ATOMIC_ACQ_REL);
	while (READ_ONCE(*arrived) < num_online_cpus() && rdtsc() < end)
		cpu_relax();
}

static void count_up(void *info)
{
	struct counter_work *w = info;
	unsigned long i, v;
	u64 end;

	start_together(&w->arrived);
	end = rdtsc() + (u64)COUNT_MS * tsc_khz;
	for (i = 0; i < INCREMENTS_PER_CPU && rdtsc() < end; i++) {
		if (w->arch)
			arch_spin_lock(&w->lock);
		else if (w->locked)
			spin_lock(&w->lock);
		/* a load and a store, as ++ on memory is between CPUs; pause widens the gap */
		v = READ_ONCE(w->count);
		cpu_relax();
		WRITE_ONCE(w->count, v + 1);
		if (w->arch)
			arch_spin_unlock(&w->lock);
		else if (w->locked)
			spin_unlock(&w->lock);
	}
	__atomic_add_fetch(&w->done, i, __ATOMIC_RELAXED);
}

static void spinlock_counter_is_exact_under_contention(struct kunit *test)
{
	static struct counter_work w;

	spin_lock_init(&w.lock);
	w.count = w.done = 0;
	w.arrived = 0;
	w.locked = true;
	run_on_each_cpu(count_up, &w);
	KUNIT_EXPECT_GT(test, w.done, 0UL);
	KUNIT_EXPECT_EQ(test, w.count, w.done);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&w.lock));

	/* without the lock: not asserted (it may happen to come out right) */
	if (num_online_cpus() > 1) {
		w.count = w.done = 0;
		w.arrived = 0;
		w.locked = false;
		run_on_each_cpu(count_up, &w);
		kunit_info(test, "without the lock: %lu of %lu increments on %u CPUs", w.count,
			   w.done, num_online_cpus());
	}
}

/* The same with the inline fast path alone (debug_locks aside). */
static void spinlock_ticket_fast_path_is_exact_under_contention(struct kunit *test)
{
	static struct counter_work w;

	spin_lock_init(&w.lock);
	w.count = w.done = 0;
	w.arrived = 0;
	w.locked = w.arch = true;
	run_on_each_cpu(count_up, &w);
	KUNIT_EXPECT_GT(test, w.done, 0UL);
	KUNIT_EXPECT_EQ(test, w.count, w.done);
	KUNIT_EXPECT_EQ(test, w.lock.tickets.owner, w.lock.tickets.next);
}

/* ---- FIFO ---- */

/* Tickets on one CPU: each arrival gets the next number, and is served in that order. */
static void spinlock_tickets_are_served_in_order(struct kunit *test)
{
	DEFINE_SPINLOCK(l);
	u16 first, second;

	spin_lock(&l);
	first = __atomic_fetch_add(&l.tickets.next, 1, __ATOMIC_ACQUIRE);   /* a waiter */
	second = __atomic_fetch_add(&l.tickets.next, 1, __ATOMIC_ACQUIRE);  /* a later one */
	KUNIT_EXPECT_EQ(test, second, (u16)(first + 1));
	spin_unlock(&l);
	KUNIT_EXPECT_EQ(test, l.tickets.owner, first);          /* the first waiter's turn */
	arch_spin_unlock(&l);
	KUNIT_EXPECT_EQ(test, l.tickets.owner, second);
	arch_spin_unlock(&l);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&l));
}

struct fifo_work {
	spinlock_t lock;
	u16 base;                       /* lock.tickets.next once the holder had it */
	unsigned int order[NR_CPUS];    /* arrival ranks, in the order they got the lock */
	unsigned int served;
	bool timed_out;
};

/* Wait until lock.tickets.next reaches want, at most WAIT_LIMIT_MS. */
static bool wait_for_next(struct fifo_work *w, u16 want)
{
	u64 end = rdtsc() + (u64)WAIT_LIMIT_MS * tsc_khz;

	while (READ_ONCE(w->lock.tickets.next) != want) {
		if (rdtsc() > end) {
			w->timed_out = true;
			return false;
		}
		cpu_relax();
	}
	return true;
}

/* Rank of this CPU among the online CPUs other than 0. */
static unsigned int other_rank(void)
{
	unsigned int cpu, rank = 0;

	for_each_online_cpu(cpu) {
		if (cpu == smp_processor_id())
			break;
		rank += cpu != 0;
	}
	return rank;
}

/* CPU 0 holds the lock while the others queue one by one, then lets go. */
static void fifo_queue(void *info)
{
	struct fifo_work *w = info;
	unsigned int rank;

	if (smp_processor_id() == 0) {
		wait_for_next(w, (u16)(w->base + num_online_cpus() - 1));
		spin_unlock(&w->lock);
		return;
	}
	rank = other_rank();
	if (!wait_for_next(w, (u16)(w->base + rank)))
		return;
	spin_lock(&w->lock);
	w->order[w->served++] = rank;
	spin_unlock(&w->lock);
}

static void spinlock_waiters_get_the_lock_in_arrival_order(struct kunit *test)
{
	static struct fifo_work w;

	if (num_online_cpus() < 2)
		kunit_skip(test, "one CPU online: nobody to queue");
	KUNIT_ASSERT_EQ(test, smp_processor_id(), 0U);
	memset(&w, 0, sizeof(w));
	spin_lock_init(&w.lock);
	spin_lock(&w.lock);             /* released by fifo_queue on this CPU */
	w.base = w.lock.tickets.next;
	run_on_each_cpu(fifo_queue, &w);
	KUNIT_EXPECT_FALSE(test, w.timed_out);
	KUNIT_ASSERT_EQ(test, w.served, num_online_cpus() - 1);
	for (unsigned int i = 0; i < w.served; i++)
		KUNIT_EXPECT_EQ(test, w.order[i], i);
}

/* ---- trylock, irqsave ---- */

static void spinlock_trylock_fails_only_while_held(struct kunit *test)
{
	DEFINE_SPINLOCK(l);
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_TRUE(test, spin_trylock(&l));
	KUNIT_EXPECT_TRUE(test, spin_is_locked(&l));
	KUNIT_EXPECT_FALSE(test, spin_trylock(&l));     /* held, by us: no report either */
	spin_unlock(&l);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&l));
	KUNIT_EXPECT_TRUE(test, spin_trylock(&l));
	spin_unlock(&l);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BUG: spinlock"));
	KUNIT_EXPECT_EQ(test, lockdep_depth(), 0U);
}

static void spinlock_irqsave_restores_the_interrupt_flag(struct kunit *test)
{
	DEFINE_SPINLOCK(l);
	unsigned long flags, outer;

	KUNIT_ASSERT_FALSE(test, irqs_disabled());
	spin_lock_irqsave(&l, flags);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	spin_unlock_irqrestore(&l, flags);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());

	local_irq_save(outer);          /* already off: must stay off */
	spin_lock_irqsave(&l, flags);
	KUNIT_EXPECT_TRUE(test, irqs_disabled_flags(flags));
	spin_unlock_irqrestore(&l, flags);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	local_irq_restore(outer);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
}

/* ---- lock debugging reports ---- */

static void need_debug_locks(struct kunit *test)
{
	if (!debug_locks)
		kunit_skip(test, "debug_locks is off (debug_locks=0 on the command line)");
}

static void spinlock_reports_recursion(struct kunit *test)
{
	static DEFINE_SPINLOCK(recursion_lock);
	size_t pos = log_buf_pos();

	need_debug_locks(test);
	spin_lock(&recursion_lock);
	spin_lock(&recursion_lock);     /* reported; not taken */
	KUNIT_EXPECT_EQ(test, lockdep_depth(), 2U);
	spin_unlock(&recursion_lock);   /* the recursive one's: still held */
	KUNIT_EXPECT_TRUE(test, spin_is_locked(&recursion_lock));
	spin_unlock(&recursion_lock);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&recursion_lock));
	KUNIT_EXPECT_EQ(test, lockdep_depth(), 0U);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: spinlock recursion on CPU#0, swapper/0/0\n"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		" lock: recursion_lock, .owner: swapper/0/0, .owner_cpu: 0\n"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " taken at: spinlock_reports_recursion+0x"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " locked again at: spinlock_reports_recursion+0x"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "Call Trace:"));
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "wrong CPU"));
}

static void spinlock_reports_unlock_of_a_free_lock(struct kunit *test)
{
	static DEFINE_SPINLOCK(free_lock);
	size_t pos = log_buf_pos();

	need_debug_locks(test);
	spin_lock(&free_lock);
	spin_unlock(&free_lock);
	spin_unlock(&free_lock);        /* reported; the ticket is left alone */
	KUNIT_EXPECT_EQ(test, free_lock.tickets.owner, free_lock.tickets.next);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: spinlock already unlocked on CPU#0"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " lock: free_lock, .owner: <none>/-1, .owner_cpu: -1\n"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		" last taken at: spinlock_reports_unlock_of_a_free_lock+0x"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		" unlocked at: spinlock_reports_unlock_of_a_free_lock+0x"));
	KUNIT_EXPECT_TRUE(test, spin_trylock(&free_lock));      /* and it still works */
	spin_unlock(&free_lock);
}

static DEFINE_SPINLOCK(wrong_cpu_lock);

static int unlock_wrong_cpu_lock(void *unused)
{
	spin_unlock(&wrong_cpu_lock);
	return 0;
}

static void spinlock_reports_unlock_by_another_cpu(struct kunit *test)
{
	size_t pos = log_buf_pos();
	unsigned int cpu;
	char want[64];

	need_debug_locks(test);
	if (num_online_cpus() < 2)
		kunit_skip(test, "one CPU online: no other CPU to unlock");
	for_each_online_cpu(cpu)
		if (cpu != smp_processor_id())
			break;
	spin_lock(&wrong_cpu_lock);
	KUNIT_ASSERT_EQ(test, smp_call_on_cpu(cpu, unlock_wrong_cpu_lock, NULL, false), 0);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&wrong_cpu_lock));     /* released as asked */
	snprintf(want, sizeof(want), "BUG: spinlock wrong CPU on CPU#%u, swapper/%u/0\n", cpu, cpu);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	snprintf(want, sizeof(want), " lock: wrong_cpu_lock, .owner: swapper/%u/0, .owner_cpu: %u\n",
		 smp_processor_id(), smp_processor_id());
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		" taken at: spinlock_reports_unlock_by_another_cpu+0x"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " unlocked at: unlock_wrong_cpu_lock+0x"));
	/* our entry for it is stale: the check drops it without a report */
	KUNIT_EXPECT_EQ(test, lockdep_check_no_locks_held("test", "wrong CPU case"), 0);
}

static void spinlock_reports_a_lock_held_on_return_to_the_monitor(struct kunit *test)
{
	static char out[512];
	struct seq_file m;
	size_t pos = log_buf_pos();

	need_debug_locks(test);
	seq_file_init(&m, out, sizeof(out));
	KUNIT_EXPECT_EQ(test, monitor_exec_seq(&m, "lockbug held"), 0);
	KUNIT_EXPECT_EQ(test, lockdep_depth(), 0U);     /* reported, then released */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "WARNING: lock held when returning to the monitor!\n"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		"swapper/0/0 is leaving 'lockbug held' with locks still held!\n"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "1 lock held by swapper/0/0:\n"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " #0: lockbug_lock, at: lockbug_cmd+0x"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " monitor_exec_seq+0x"));  /* the check's stack */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "releasing 1 lock so that the monitor can go on\n"));
	/* the lock was really released: a command that takes it again works */
	pos = log_buf_pos();
	KUNIT_EXPECT_EQ(test, monitor_exec_seq(&m, "lockbug recursion"), 0);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BUG: spinlock recursion on CPU#0"));
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "WARNING: lock held"));
}

static void spinlock_held_check_is_quiet_with_nothing_held(struct kunit *test)
{
	DEFINE_SPINLOCK(l);
	size_t pos = log_buf_pos();

	spin_lock(&l);
	spin_unlock(&l);
	KUNIT_EXPECT_EQ(test, lockdep_check_no_locks_held("test", "nothing held"), 0);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "WARNING"));
}

#define LOCKUP_TEST_MS     50           /* the lockup limit during the test */
#define LOCKUP_HOLD_LIMITS 10           /* the holder keeps it at least this many limits */
#define LOCKUP_HOLD_MAX_MS 10000        /* and until the report is in the log, or this long */

struct lockup_work {
	spinlock_t lock;
	unsigned int waiter;            /* the CPU that waits too long */
	size_t pos;                     /* the log before the test */
	bool timed_out;
};

/* Wait until n CPUs hold or wait for w->lock, at most WAIT_LIMIT_MS. */
static bool wait_for_tickets(struct lockup_work *w, u16 n)
{
	u64 end = rdtsc() + (u64)WAIT_LIMIT_MS * tsc_khz;

	while ((u16)(READ_ONCE(w->lock.tickets.next) - READ_ONCE(w->lock.tickets.owner)) < n) {
		if (rdtsc() > end)
			return false;
		cpu_relax();
	}
	return true;
}

static __noinline void lockup_wait(struct lockup_work *w)
{
	spin_lock(&w->lock);            /* waits many limits: reported once */
	spin_unlock(&w->lock);
}

/*
 * CPU 0 holds the lock while the waiter waits: LOCKUP_HOLD_LIMITS times the
 * lockup limit, and then until the report is in the log (a waiter whose
 * vCPU the host left unscheduled reports late, not never), at most
 * LOCKUP_HOLD_MAX_MS.  The report comes once per wait however long it lasts.
 */
static void lockup_roles(void *info)
{
	struct lockup_work *w = info;

	if (smp_processor_id() == 0) {
		if (!wait_for_tickets(w, 2)) {
			w->timed_out = true;
		} else {
			u64 end = rdtsc() + (u64)LOCKUP_HOLD_MAX_MS * tsc_khz;

			mdelay(LOCKUP_HOLD_LIMITS * spin_lockup_ms);
			while (!log_contains_since(w->pos, "BUG: spinlock lockup suspected") &&
			       rdtsc() < end)
				cpu_relax();
		}
		spin_unlock(&w->lock);
	} else if (smp_processor_id() == w->waiter) {
		lockup_wait(w);
	}
}

/* How many times needle occurs in the log since pos. */
static int log_count_since(size_t pos, const char *needle)
{
	static char text[32768];
	int n = 0;

	log_buf_read(pos, text, sizeof(text));
	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void spinlock_reports_a_lockup_once(struct kunit *test)
{
	static struct lockup_work w;
	unsigned int saved = spin_lockup_ms, cpu;
	size_t pos = log_buf_pos();
	char want[80];

	need_debug_locks(test);
	if (num_online_cpus() < 2)
		kunit_skip(test, "one CPU online: nobody to wait");
	KUNIT_ASSERT_EQ(test, smp_processor_id(), 0U);
	memset(&w, 0, sizeof(w));
	spin_lock_init(&w.lock);
	w.pos = pos;
	for_each_online_cpu(cpu)
		if (cpu != 0)
			break;
	w.waiter = cpu;
	spin_lockup_ms = LOCKUP_TEST_MS;        /* held for 10 limits: one report */
	spin_lock(&w.lock);             /* released by lockup_roles on this CPU */
	run_on_each_cpu(lockup_roles, &w);
	spin_lockup_ms = saved;
	KUNIT_EXPECT_FALSE(test, w.timed_out);
	snprintf(want, sizeof(want), "BUG: spinlock lockup suspected on CPU#%u, swapper/%u/0\n",
		 cpu, cpu);
	KUNIT_EXPECT_EQ(test, log_count_since(pos, want), 1);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		" lock: &w.lock, .owner: swapper/0/0, .owner_cpu: 0\n"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " taken at: spinlock_reports_a_lockup_once+0x"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " waiting at: lockup_wait+0x"));
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&w.lock));
}

static struct kunit_case spinlock_cases[] = {
	KUNIT_CASE(spinlock_counter_is_exact_under_contention),
	KUNIT_CASE(spinlock_ticket_fast_path_is_exact_under_contention),
	KUNIT_CASE(spinlock_tickets_are_served_in_order),
	KUNIT_CASE(spinlock_waiters_get_the_lock_in_arrival_order),
	KUNIT_CASE(spinlock_trylock_fails_only_while_held),
	KUNIT_CASE(spinlock_irqsave_restores_the_interrupt_flag),
	KUNIT_CASE(spinlock_reports_recursion),
	KUNIT_CASE(spinlock_reports_unlock_of_a_free_lock),
	KUNIT_CASE(spinlock_reports_unlock_by_another_cpu),
	KUNIT_CASE(spinlock_reports_a_lock_held_on_return_to_the_monitor),
	KUNIT_CASE(spinlock_held_check_is_quiet_with_nothing_held),
	KUNIT_CASE(spinlock_reports_a_lockup_once),
	{}
};

static struct kunit_suite spinlock_suite = {
	.name = "spinlock",
	.test_cases = spinlock_cases,
};
kunit_test_suite(spinlock_suite);
