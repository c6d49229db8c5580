/*
 * Spinlocks (Linux's include/linux/spinlock.h): a ticket lock.  spin_lock
 * takes the next ticket with one atomic add and waits until the owner field
 * reaches it, so CPUs get the lock in the order they asked (no starvation).
 *
 * A lock that an interrupt handler may take must be taken everywhere else
 * with spin_lock_irqsave: otherwise the handler, arriving on the CPU that
 * holds the lock, would spin forever on it.
 *
 * Lock debugging (debug_locks: on under selftest, or debug_locks=1;
 * kernel/spinlock.c) checks each lock and unlock and reports recursion on one
 * CPU, an unlock by a CPU that does not hold the lock, an unlock of a free
 * lock, a wait that lasts far too long, and a lock held on return to the
 * monitor, with both call sites.  Each lock records where it was taken and by
 * which CPU; each CPU keeps the list of the locks it holds.  What happens
 * after each report, so that the kernel goes on, is in kernel/spinlock.c.
 */
#ifndef ATLAS_KERNEL_SPINLOCK_H
#define ATLAS_KERNEL_SPINLOCK_H

#include <asm/atomic.h>
#include <kernel/compiler.h>
#include <kernel/irqflags.h>
#include <kernel/preempt.h>
#include <kernel/types.h>

typedef struct spinlock {
	union {
		u32 val;
		struct {
			u16 owner;              /* the ticket being served */
			u16 next;               /* the next ticket to hand out */
		} tickets;
	};
	/* debugging: who holds it (owner_cpu -1: nobody) */
	s32 owner_cpu;
	unsigned long owner_ip;         /* where it was taken */
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname) { .val = 0, .owner_cpu = -1, .name = #lockname }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

/* Set up a lock in memory (it is named after the expression, for reports). */
#define spin_lock_init(lock) (*(lock) = (spinlock_t)__SPIN_LOCK_UNLOCKED(lock))

#ifdef ATLAS_HOST
/* The host unit tests are one thread: no lock debugging. */
#define debug_locks false
static inline void do_raw_spin_lock(spinlock_t *lock) { }
static inline bool do_raw_spin_trylock(spinlock_t *lock) { return false; }
static inline void do_raw_spin_unlock(spinlock_t *lock) { }
#else
/*
 * Lock debugging (kernel/spinlock.c): with debug_locks on, every spin_lock,
 * spin_trylock and spin_unlock goes through these instead of the inline
 * ticket code, which they use themselves.  The call site they record is
 * their return address: the spin_lock() in the caller (they are never inlined).
 */
extern bool debug_locks;
/* A wait longer than this is reported as a lockup (5000; a test lowers it). */
extern unsigned int spin_lockup_ms;
void do_raw_spin_lock(spinlock_t *lock);
bool do_raw_spin_trylock(spinlock_t *lock);
void do_raw_spin_unlock(spinlock_t *lock);
#endif

static __always_inline void arch_spin_lock(spinlock_t *lock)
{
	u16 me = __atomic_fetch_add(&lock->tickets.next, 1, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&lock->tickets.owner, __ATOMIC_ACQUIRE) != me)
		__asm__ volatile("pause" ::: "memory");
}

static __always_inline bool arch_spin_trylock(spinlock_t *lock)
{
	u32 old = READ_ONCE(lock->val);
	u32 new = old + (1U << 16);     /* next + 1 */

	if ((old & 0xffff) != old >> 16)
		return false;
	return __atomic_compare_exchange_n(&lock->val, &old, new, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static __always_inline void arch_spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->tickets.owner, lock->tickets.owner + 1, __ATOMIC_RELEASE);
}

static __always_inline bool spin_is_locked(spinlock_t *lock)
{
	u32 v = READ_ONCE(lock->val);

	return (v & 0xffff) != v >> 16;
}

/* The fast path is the inline ticket lock; one predicted branch leads to the checks. */
static __always_inline void __spin_lock(spinlock_t *lock)
{
	if (unlikely(debug_locks))
		do_raw_spin_lock(lock);
	else
		arch_spin_lock(lock);
}

static __always_inline bool __spin_trylock(spinlock_t *lock)
{
	if (unlikely(debug_locks))
		return do_raw_spin_trylock(lock);
	return arch_spin_trylock(lock);
}

static __always_inline void __spin_unlock(spinlock_t *lock)
{
	if (unlikely(debug_locks))
		do_raw_spin_unlock(lock);
	else
		arch_spin_unlock(lock);
}

/* As Linux's: holding a spinlock disables preemption (the task stays on this CPU). */
#define spin_lock(lock) do { preempt_disable(); __spin_lock(lock); } while (0)
#define spin_unlock(lock) do { __spin_unlock(lock); preempt_enable(); } while (0)
#define spin_trylock(lock) ({ \
	bool __got; \
	preempt_disable(); \
	__got = __spin_trylock(lock); \
	if (!__got) \
		preempt_enable(); \
	__got; })

#define spin_lock_irqsave(lock, flags) \
	do { local_irq_save(flags); preempt_disable(); __spin_lock(lock); } while (0)
#define spin_unlock_irqrestore(lock, flags) \
	do { __spin_unlock(lock); local_irq_restore(flags); preempt_enable(); } while (0)
#define spin_lock_irq(lock) \
	do { local_irq_disable(); preempt_disable(); __spin_lock(lock); } while (0)
#define spin_unlock_irq(lock) \
	do { __spin_unlock(lock); local_irq_enable(); preempt_enable(); } while (0)

#define lockdep_assert_held(lock) do { (void)(lock); } while (0)

#ifndef ATLAS_HOST
/*
 * The locks this CPU holds, as lockdep's held_locks (debug_locks only).  At a
 * point where none may be held (the monitor's prompt, the end of a test
 * case), lockdep_check_no_locks_held(where, what) reports each one still held
 * ("WARNING: lock held when returning to the monitor!", where it was taken,
 * and the stack of the check), then releases it so that the kernel can go on.
 * Returns how many there were (0 when debug_locks is off).
 */
int lockdep_check_no_locks_held(const char *where, const char *what);

/* How many debug-locks this CPU holds now (0 when debug_locks is off). */
unsigned int lockdep_depth(void);

/* Print this CPU's held locks, one " #N: NAME, at: SITE" line each (Linux's). */
void debug_show_held_locks(void);

/* debug_locks from the command line: debug_locks=0/1, else on under selftest. */
void debug_locks_init(void);
#endif

#endif
