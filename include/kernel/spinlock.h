/*
 * Spinlocks (Linux's include/linux/spinlock.h): a ticket lock.  spin_lock
 * takes the next ticket with one atomic add and waits until the owner field
 * reaches it, so CPUs get the lock in the order they asked (no starvation).
 *
 * A lock that an interrupt handler may take must be taken everywhere else
 * with spin_lock_irqsave: otherwise the handler, arriving on the CPU that
 * holds the lock, would spin forever on it.
 *
 * Lock debugging (debug_locks, on under selftest; kernel/spinlock.c) checks
 * each lock and unlock and reports recursion on one CPU, an unlock by a CPU
 * that does not hold the lock, and a lock held on return to the monitor, with
 * both call sites.  Each lock records where it was taken and by which CPU.
 */
#ifndef ATLAS_KERNEL_SPINLOCK_H
#define ATLAS_KERNEL_SPINLOCK_H

#include <asm/atomic.h>
#include <kernel/compiler.h>
#include <kernel/irqflags.h>
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
static inline void spin_debug_before_lock(spinlock_t *lock, unsigned long ip) { }
static inline void spin_debug_after_lock(spinlock_t *lock, unsigned long ip) { }
static inline void spin_debug_unlock(spinlock_t *lock, unsigned long ip) { }
#else
/* Lock debugging: kernel/spinlock.c. */
extern bool debug_locks;
void spin_debug_before_lock(spinlock_t *lock, unsigned long ip);
void spin_debug_after_lock(spinlock_t *lock, unsigned long ip);
void spin_debug_unlock(spinlock_t *lock, unsigned long ip);
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

static __always_inline void __spin_lock(spinlock_t *lock, unsigned long ip)
{
	if (unlikely(debug_locks))
		spin_debug_before_lock(lock, ip);
	arch_spin_lock(lock);
	if (unlikely(debug_locks))
		spin_debug_after_lock(lock, ip);
}

static __always_inline void __spin_unlock(spinlock_t *lock, unsigned long ip)
{
	if (unlikely(debug_locks))
		spin_debug_unlock(lock, ip);
	arch_spin_unlock(lock);
}

#define spin_lock(lock)    __spin_lock((lock), _THIS_IP_)
#define spin_unlock(lock)  __spin_unlock((lock), _THIS_IP_)
#define spin_trylock(lock) ({ \
	bool __ok = arch_spin_trylock(lock); \
	if (__ok && unlikely(debug_locks)) \
		spin_debug_after_lock((lock), _THIS_IP_); \
	__ok; })

#define spin_lock_irqsave(lock, flags) \
	do { local_irq_save(flags); __spin_lock((lock), _THIS_IP_); } while (0)
#define spin_unlock_irqrestore(lock, flags) \
	do { __spin_unlock((lock), _THIS_IP_); local_irq_restore(flags); } while (0)
#define spin_lock_irq(lock) \
	do { local_irq_disable(); __spin_lock((lock), _THIS_IP_); } while (0)
#define spin_unlock_irq(lock) \
	do { __spin_unlock((lock), _THIS_IP_); local_irq_enable(); } while (0)

#define lockdep_assert_held(lock) do { (void)(lock); } while (0)

#endif
