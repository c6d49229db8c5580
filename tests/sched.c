/*
 * sched suite: might_sleep() (kernel/sched.c).  Called from an interrupt
 * handler (a self-IPI), with interrupts off, or with a spinlock held, it
 * prints Linux's "BUG: sleeping function called from invalid context" once
 * per call site and counts every call; from task context with interrupts on
 * it says nothing.  Each case checks the first run's report and, on a second
 * run in the same boot, that the site stays quiet while the count still grows.
 */
#include <asm/apic.h>
#include <asm/processor.h>
#include <kernel/irq.h>
#include <kernel/kunit.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/sprintf.h>
#include <kernel/time.h>

/* A vector nothing else uses (Linux gives 0xe1 to devices; Atlas has none there). */
#define TEST_SELF_IPI_VECTOR 0xe1
#define IPI_WAIT_MS          5000               /* for our own interrupt: generous */

struct irq_site {
	bool ran;
	bool in_irq;
	int line;                       /* the might_sleep() in the handler */
};

static struct irq_site irq_site;

static enum irqreturn might_sleep_in_handler(int irq, void *dev)
{
	struct irq_site *s = dev;

	s->in_irq = in_interrupt();
	s->line = __LINE__ + 1;
	might_sleep();
	WRITE_ONCE(s->ran, true);
	return IRQ_HANDLED;
}

/* The report of a site, first time; later times, none.  The count grows each time. */
static void expect_reported_once(struct kunit *test, size_t pos, unsigned long count,
				 bool seen_before, int line, const char *state)
{
	char want[128];

	snprintf(want, sizeof(want), "BUG: sleeping function called from invalid context at %s:%d\n",
		 __FILE__, line);
	KUNIT_EXPECT_EQ(test, might_sleep_bug_count(), count + 1);
	KUNIT_EXPECT_TRUE(test, might_sleep_reported(__FILE__, line));
	if (seen_before) {
		KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BUG: sleeping function"));
		return;
	}
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	snprintf(want, sizeof(want), "%s, non_block: 0, pid: %d, name: %s\n", state,
		 current->pid, current->comm);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "Call Trace:"));
}

static void might_sleep_reports_interrupt_context(struct kunit *test)
{
	static bool registered, seen;
	size_t pos = log_buf_pos();
	unsigned long count = might_sleep_bug_count();
	u64 end;

	if (!registered) {
		KUNIT_ASSERT_EQ(test, request_vector(TEST_SELF_IPI_VECTOR, might_sleep_in_handler,
						     "might_sleep test", &irq_site), 0);
		registered = true;
	}
	KUNIT_ASSERT_FALSE(test, irqs_disabled());
	irq_site.ran = false;
	apic_send_IPI_self(TEST_SELF_IPI_VECTOR);     /* xAPIC or x2APIC */
	end = rdtsc() + (u64)IPI_WAIT_MS * tsc_khz;
	while (!READ_ONCE(irq_site.ran) && rdtsc() < end)
		cpu_relax();
	KUNIT_ASSERT_TRUE(test, READ_ONCE(irq_site.ran));
	KUNIT_EXPECT_TRUE(test, irq_site.in_irq);
	expect_reported_once(test, pos, count, seen, irq_site.line,
			     "in_atomic(): 1, irqs_disabled(): 1");
	seen = true;
}

static void might_sleep_reports_interrupts_off(struct kunit *test)
{
	static bool seen;
	size_t pos = log_buf_pos();
	unsigned long count = might_sleep_bug_count(), flags;
	int line;

	local_irq_save(flags);
	line = __LINE__ + 1;
	might_sleep();
	local_irq_restore(flags);
	expect_reported_once(test, pos, count, seen, line, "in_atomic(): 0, irqs_disabled(): 1");
	seen = true;
}

static void might_sleep_reports_a_held_spinlock(struct kunit *test)
{
	static DEFINE_SPINLOCK(sleepy_lock);
	static bool seen;
	size_t pos = log_buf_pos();
	unsigned long count = might_sleep_bug_count();
	int line;

	if (!debug_locks)
		kunit_skip(test, "debug_locks is off: held spinlocks are not tracked");
	spin_lock(&sleepy_lock);
	line = __LINE__ + 1;
	might_sleep();
	spin_unlock(&sleepy_lock);
	expect_reported_once(test, pos, count, seen, line, "in_atomic(): 1, irqs_disabled(): 0");
	if (!seen)
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " #0: sleepy_lock, at: "
							   "might_sleep_reports_a_held_spinlock+0x"));
	seen = true;
}

static void might_sleep_is_quiet_in_task_context(struct kunit *test)
{
	size_t pos = log_buf_pos();
	unsigned long count = might_sleep_bug_count();

	KUNIT_ASSERT_FALSE(test, irqs_disabled());
	KUNIT_ASSERT_FALSE(test, in_interrupt());
	might_sleep();
	might_alloc(GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, might_sleep_bug_count(), count);
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BUG: sleeping function"));
}

static struct kunit_case sched_cases[] = {
	KUNIT_CASE(might_sleep_reports_interrupt_context),
	KUNIT_CASE(might_sleep_reports_interrupts_off),
	KUNIT_CASE(might_sleep_reports_a_held_spinlock),
	KUNIT_CASE(might_sleep_is_quiet_in_task_context),
	{}
};

static struct kunit_suite sched_suite = {
	.name = "sched",
	.test_cases = sched_cases,
};
kunit_test_suite(sched_suite);
