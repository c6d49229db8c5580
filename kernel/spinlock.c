/*
 * Lock debugging (Linux's kernel/locking/spinlock_debug.c, and lockdep's list
 * of held locks): with debug_locks on, spin_lock/spin_unlock come here, where
 * each lock records its holder (CPU and call site) and each CPU keeps a small
 * stack of the locks it holds.  The reports are Linux's:
 *
 *     BUG: spinlock recursion on CPU#0, swapper/0/0
 *      lock: test_lock, .owner: swapper/0/0, .owner_cpu: 0
 *      taken at: spinlock_reports_recursion+0x3c/0x1a0
 *      locked again at: spinlock_reports_recursion+0x5d/0x1a0
 *     Call Trace: ...
 *
 * What happens after each report, so that the kernel keeps running:
 *  - recursion (this CPU takes a lock it holds; the ticket lock would wait
 *    forever): the lock is not taken again.  The held-lock stack records a
 *    "recursive" entry, and the matching unlock only removes that entry, so
 *    the outer holder still holds the lock until its own unlock.
 *  - wrong CPU (an unlock by a CPU that does not hold it): reported, then
 *    released as asked (Linux does the same).  The holder's stale entry is
 *    dropped when that CPU next checks its held locks.
 *  - already unlocked: reported, and the ticket is left alone (releasing a
 *    free ticket lock would break it for good).
 *  - lockup suspected (a wait longer than spin_lockup_ms of TSC time):
 *    reported once per wait, and the wait goes on.
 * Unlike Linux, a report does not turn debug_locks off: each is a test case.
 *
 * spin_lock counts in preempt_count (kernel/preempt.h); where a misuse leaves
 * the count unbalanced (an unlock that takes nothing, locks released for the
 * caller), the count is put back as if the lock and unlock had matched.
 */
#include <asm/processor.h>
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/monitor.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/time.h>

/* A wait this long is a lockup: generous, for vCPUs descheduled under TCG (Linux: 1 s). */
#define SPIN_LOCKUP_MS      5000
#define MAX_LOCK_DEPTH      16          /* nested locks per CPU (Linux's lockdep: 48) */

struct held_lock {
	spinlock_t *instance;
	unsigned long acquire_ip;
	bool recursive;                 /* a recursive spin_lock: not really taken */
};

struct held_locks {
	unsigned int depth;
	struct held_lock locks[MAX_LOCK_DEPTH];
};

bool debug_locks;
unsigned int spin_lockup_ms = SPIN_LOCKUP_MS;
static DEFINE_PER_CPU(struct held_locks, held_locks);

KERNEL_PARAM("debug_locks", "debug_locks=1 checks every spinlock (default: on under selftest)");

void debug_locks_init(void)
{
	const char *val = cmdline_get(&boot_cmdline, "debug_locks");

	if (val)
		debug_locks = strcmp(val, "0") != 0;
	else
		debug_locks = cmdline_find(&boot_cmdline, "selftest");
	if (debug_locks)
		pr_info("spinlock: lock debugging on (recursion, wrong-CPU unlock, lockups, held locks)\n");
}

/* Linux's spin_dump: what the lock knows of its holder, then both sites and the stack. */
static void spin_dump(spinlock_t *lock, const char *msg, const char *what, unsigned long ip)
{
	unsigned int cpu = smp_processor_id();
	int owner = READ_ONCE(lock->owner_cpu);
	unsigned long flags;

	printk_cpu_sync_get_irqsave(flags);     /* one report, not mixed with others */
	printk(KERN_EMERG "BUG: spinlock %s on CPU#%u, swapper/%u/0\n", msg, cpu, cpu);
	if (owner >= 0)
		printk(KERN_EMERG " lock: %s, .owner: swapper/%d/0, .owner_cpu: %d\n",
		       lock->name, owner, owner);
	else
		printk(KERN_EMERG " lock: %s, .owner: <none>/-1, .owner_cpu: -1\n", lock->name);
	printk(KERN_EMERG " %s at: %pS\n", owner >= 0 ? "taken" : "last taken",
	       (void *)lock->owner_ip);
	printk(KERN_EMERG " %s at: %pS\n", what, (void *)ip);
	dump_stack();
	printk_cpu_sync_put_irqrestore(flags);
}

static void held_lock_push(spinlock_t *lock, unsigned long ip, bool recursive)
{
	struct held_locks *h = this_cpu_ptr(&held_locks);
	unsigned long flags;

	local_irq_save(flags);          /* a handler on this CPU pushes and pops too */
	if (h->depth < MAX_LOCK_DEPTH)
		h->locks[h->depth++] = (struct held_lock){ lock, ip, recursive };
	else
		printk_once(KERN_WARNING "spinlock: more than %d locks held; not tracking more\n",
			    MAX_LOCK_DEPTH);
	local_irq_restore(flags);
}

/* Remove this CPU's newest entry for lock; returns whether it was a recursive one. */
static bool held_lock_pop(spinlock_t *lock, bool *found)
{
	struct held_locks *h = this_cpu_ptr(&held_locks);
	unsigned long flags;
	bool recursive = false;

	*found = false;
	local_irq_save(flags);
	for (unsigned int i = h->depth; i-- > 0;) {
		if (h->locks[i].instance != lock)
			continue;
		recursive = h->locks[i].recursive;
		memmove(&h->locks[i], &h->locks[i + 1], (h->depth - i - 1) * sizeof(h->locks[0]));
		h->depth--;
		*found = true;
		break;
	}
	local_irq_restore(flags);
	return recursive;
}

/* Wait for our ticket; report once if the wait lasts far too long. */
static void debug_spin_lock_wait(spinlock_t *lock, unsigned long ip)
{
	u16 me = __atomic_fetch_add(&lock->tickets.next, 1, __ATOMIC_ACQUIRE);
	u64 start = rdtsc();
	u64 limit = (u64)READ_ONCE(spin_lockup_ms) * tsc_khz;
	bool reported = false;

	while (__atomic_load_n(&lock->tickets.owner, __ATOMIC_ACQUIRE) != me) {
		cpu_relax();
		/* look again after the clock: a vCPU descheduled here may find it free */
		if (!reported && limit && rdtsc() - start > limit &&
		    __atomic_load_n(&lock->tickets.owner, __ATOMIC_ACQUIRE) != me) {
			spin_dump(lock, "lockup suspected", "waiting", ip);
			reported = true;
		}
	}
}

void do_raw_spin_lock(spinlock_t *lock)
{
	unsigned long ip = _RET_IP_;
	int cpu = (int)smp_processor_id();

	if (READ_ONCE(lock->owner_cpu) == cpu && spin_is_locked(lock)) {
		spin_dump(lock, "recursion", "locked again", ip);
		held_lock_push(lock, ip, true);         /* not taken: see the top */
		return;
	}
	debug_spin_lock_wait(lock, ip);
	lock->owner_cpu = cpu;
	lock->owner_ip = ip;
	held_lock_push(lock, ip, false);
}

bool do_raw_spin_trylock(spinlock_t *lock)
{
	unsigned long ip = _RET_IP_;

	if (!arch_spin_trylock(lock))
		return false;
	lock->owner_cpu = (int)smp_processor_id();
	lock->owner_ip = ip;
	held_lock_push(lock, ip, false);
	return true;
}

void do_raw_spin_unlock(spinlock_t *lock)
{
	unsigned long ip = _RET_IP_;
	int cpu = (int)smp_processor_id();
	int owner = READ_ONCE(lock->owner_cpu);
	bool found;

	if (!spin_is_locked(lock)) {
		spin_dump(lock, "already unlocked", "unlocked", ip);
		held_lock_pop(lock, &found);    /* a stale entry of ours, if any */
		if (!found)
			this_cpu_inc(__preempt_count);  /* spin_unlock's enable: no disable matched it */
		return;
	}
	if (held_lock_pop(lock, &found))
		return;                         /* the end of a recursive spin_lock */
	/* owner -1: taken before debug_locks was on; nobody to blame */
	if (owner >= 0 && owner != cpu) {
		spin_dump(lock, "wrong CPU", "unlocked", ip);
		if (!found)
			this_cpu_inc(__preempt_count);  /* the holder's disable was on its CPU */
	}
	lock->owner_cpu = -1;
	arch_spin_unlock(lock);
}

unsigned int lockdep_depth(void)
{
	return debug_locks ? this_cpu_read(held_locks.depth) : 0;
}

void debug_show_held_locks(void)
{
	struct held_locks *h = this_cpu_ptr(&held_locks);
	unsigned int cpu = smp_processor_id();

	printk(KERN_EMERG "%u lock%s held by swapper/%u/0:\n", h->depth,
	       h->depth == 1 ? "" : "s", cpu);
	for (unsigned int i = 0; i < h->depth; i++)
		printk(KERN_EMERG " #%u: %s, at: %pS%s\n", i, h->locks[i].instance->name,
		       (void *)h->locks[i].acquire_ip,
		       h->locks[i].recursive ? " (recursive, not taken)" : "");
}

/* Drop entries for locks another CPU released (reported then as "wrong CPU"). */
static void held_locks_prune(struct held_locks *h, int cpu)
{
	unsigned int j = 0;

	for (unsigned int i = 0; i < h->depth; i++) {
		spinlock_t *l = h->locks[i].instance;

		if (h->locks[i].recursive || (READ_ONCE(l->owner_cpu) == cpu && spin_is_locked(l)))
			h->locks[j++] = h->locks[i];
		else
			this_cpu_dec(__preempt_count);  /* its spin_lock's disable: no unlock here */
	}
	h->depth = j;
}

/* Release what the report listed, newest first, so that the kernel goes on. */
static void held_locks_release_all(struct held_locks *h)
{
	while (h->depth) {
		struct held_lock *hl = &h->locks[--h->depth];

		this_cpu_dec(__preempt_count);  /* each spin_lock's preempt_disable */
		if (hl->recursive)
			continue;
		hl->instance->owner_cpu = -1;
		arch_spin_unlock(hl->instance);
	}
}

int lockdep_check_no_locks_held(const char *where, const char *what)
{
	struct held_locks *h = this_cpu_ptr(&held_locks);
	unsigned int cpu = smp_processor_id();
	unsigned long flags;
	int n;

	if (!debug_locks)
		return 0;
	printk_cpu_sync_get_irqsave(flags);     /* interrupts off, the report whole */
	held_locks_prune(h, (int)cpu);
	n = (int)h->depth;
	if (n) {
		printk(KERN_EMERG "================================================\n");
		printk(KERN_EMERG "WARNING: lock held when returning to the %s!\n", where);
		printk(KERN_EMERG "swapper/%u/0 is leaving '%s' with locks still held!\n", cpu, what);
		debug_show_held_locks();
		dump_stack();
		printk(KERN_EMERG "releasing %d lock%s so that the %s can go on\n", n,
		       n == 1 ? "" : "s", where);
		held_locks_release_all(h);
	}
	printk_cpu_sync_put_irqrestore(flags);
	return n;
}

/* ---- lockbug: misuse a lock on purpose and show the report (as Linux's lkdtm) ---- */

static DEFINE_SPINLOCK(lockbug_lock);

static int lockbug_unlock_on(void *lock)
{
	spin_unlock((spinlock_t *)lock);
	return 0;
}

/* wrongcpu: this CPU takes the lock, another one releases it. */
static int lockbug_wrong_cpu(struct seq_file *m)
{
	unsigned int cpu, me = smp_processor_id();

	for_each_online_cpu(cpu)
		if (cpu != me)
			break;
	if (cpu >= nr_cpu_ids || cpu == me) {
		seq_puts(m, "lockbug: wrongcpu needs a second CPU\n");
		return -ENODEV;
	}
	spin_lock(&lockbug_lock);
	return smp_call_on_cpu(cpu, lockbug_unlock_on, &lockbug_lock, false);
}

static int lockbug_cmd(struct seq_file *m, int argc, char **argv)
{
	if (argc != 2)
		return -EINVAL;
	if (!debug_locks) {
		seq_puts(m, "lockbug: lock debugging is off (boot with debug_locks=1)\n");
		return -EPERM;
	}
	if (!strcmp(argv[1], "recursion")) {
		spin_lock(&lockbug_lock);
		spin_lock(&lockbug_lock);       /* reported, not taken */
		spin_unlock(&lockbug_lock);     /* matches the recursive one */
		spin_unlock(&lockbug_lock);
	} else if (!strcmp(argv[1], "unlocked")) {
		spin_unlock(&lockbug_lock);
	} else if (!strcmp(argv[1], "held")) {
		spin_lock(&lockbug_lock);       /* the monitor reports it after the command */
	} else if (!strcmp(argv[1], "wrongcpu")) {
		return lockbug_wrong_cpu(m);
	} else {
		return -EINVAL;
	}
	return 0;
}
MONITOR_CMD(lockbug, "TYPE",
	    "misuse a spinlock and show the report (TYPE: recursion, unlocked, held, wrongcpu)",
	    lockbug_cmd);
