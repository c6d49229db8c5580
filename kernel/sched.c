/*
 * The check behind might_sleep() (Linux's kernel/sched/core.c
 * __might_resched): a function that may sleep, called where sleeping is not
 * allowed (an interrupt handler, interrupts off, a spinlock held), is a bug.
 * Atlas's allocators never sleep, so nothing hangs there, but the caller is
 * wrong all the same (wait_event would hang it) and Linux would stop there:
 *
 *     BUG: sleeping function called from invalid context at mm/slab.c:123
 *     in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 1, name: init
 *     preempt_count: 10000, expected: 0
 *     Call Trace: ...
 *
 * "Once": Linux rate-limits the report to one per second.  Atlas prints it
 * once per call site (FILE:LINE) for the whole boot, so that one bad caller
 * cannot flood the log and a second bad caller is still seen; every bad call
 * is counted (might_sleep_bug_count()).  Beyond MIGHT_SLEEP_SITES sites only
 * the count grows.  Nothing is reported while system_state is BOOTING
 * (start_kernel runs with interrupts off until the CPUs are up), as in Linux.
 */
#include <asm/atomic.h>
#include <kernel/irqflags.h>
#include <kernel/kernel.h>
#include <kernel/panic.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>

#define MIGHT_SLEEP_SITES 32            /* call sites remembered as reported */

struct might_sleep_site {
	const char *file;
	int line;
};

static struct might_sleep_site reported[MIGHT_SLEEP_SITES];
static unsigned int nr_reported;
static DEFINE_SPINLOCK(might_sleep_lock);      /* guards reported[] */
static unsigned long bug_count;

unsigned long might_sleep_bug_count(void)
{
	return __atomic_load_n(&bug_count, __ATOMIC_RELAXED);
}

/* Whether file:line was reported before; remembers it if not (false: print now). */
static bool site_seen(const char *file, int line)
{
	unsigned long flags;
	bool seen = false;

	spin_lock_irqsave(&might_sleep_lock, flags);
	for (unsigned int i = 0; i < nr_reported && !seen; i++)
		seen = reported[i].line == line && !strcmp(reported[i].file, file);
	if (!seen && nr_reported < MIGHT_SLEEP_SITES)
		reported[nr_reported++] = (struct might_sleep_site){ file, line };
	else
		seen = true;            /* the table is full: count only */
	spin_unlock_irqrestore(&might_sleep_lock, flags);
	return seen;
}

bool might_sleep_reported(const char *file, int line)
{
	unsigned long flags;
	bool seen = false;

	spin_lock_irqsave(&might_sleep_lock, flags);
	for (unsigned int i = 0; i < nr_reported && !seen; i++)
		seen = reported[i].line == line && !strcmp(reported[i].file, file);
	spin_unlock_irqrestore(&might_sleep_lock, flags);
	return seen;
}

void __might_sleep(const char *file, int line, unsigned long ip)
{
	bool irqs_off = irqs_disabled();
	unsigned int locks = lockdep_depth();
	unsigned long flags;

	(void)ip;                       /* the stack trace shows the caller */
	/* held spinlocks count in preempt_count; the held-lock list says which (debug_locks) */
	if (!in_atomic() && !irqs_off && !locks)
		return;
	if (system_state != SYSTEM_RUNNING)
		return;                 /* boot runs with interrupts off: as Linux, no report */
	__atomic_fetch_add(&bug_count, 1, __ATOMIC_RELAXED);
	if (site_seen(file, line))
		return;
	printk_cpu_sync_get_irqsave(flags);
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, non_block: 0, pid: %d, name: %s\n",
	       in_atomic() || locks, irqs_off, current->pid, current->comm);
	pr_err("preempt_count: %x, expected: 0\n", preempt_count());
	if (locks)
		debug_show_held_locks();
	dump_stack();
	printk_cpu_sync_put_irqrestore(flags);
}
