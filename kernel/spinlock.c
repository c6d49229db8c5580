/*
 * Lock debugging (Linux's kernel/locking/spinlock_debug.c): debug_locks turns
 * the checks on.  Until the checks are written, each lock only records its
 * holder.
 */
#include <kernel/smp.h>
#include <kernel/spinlock.h>

bool debug_locks;

void spin_debug_before_lock(spinlock_t *lock, unsigned long ip)
{
	(void)lock;
	(void)ip;
}

void spin_debug_after_lock(spinlock_t *lock, unsigned long ip)
{
	lock->owner_cpu = (s32)smp_processor_id();
	lock->owner_ip = ip;
}

void spin_debug_unlock(spinlock_t *lock, unsigned long ip)
{
	(void)ip;
	lock->owner_cpu = -1;
	lock->owner_ip = 0;
}
