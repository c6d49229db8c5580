/*
 * Sleeping locks (Linux's struct mutex, reduced): one owner at a time; a
 * task that finds it taken sleeps on its wait queue instead of spinning.
 * For process context only (driver binding, sysfs writes, UIO's reads),
 * never in an interrupt handler.  Not recursive: a second mutex_lock by
 * the owner deadlocks, as in Linux.
 */
#ifndef ATLAS_KERNEL_MUTEX_H
#define ATLAS_KERNEL_MUTEX_H

#include <kernel/spinlock.h>
#include <kernel/wait.h>

struct task_struct;

struct mutex {
	spinlock_t wait_lock;           /* owner */
	struct task_struct *owner;      /* NULL: free */
	wait_queue_head_t wait;
};

#define __MUTEX_INITIALIZER(name) { \
	.wait_lock = __SPIN_LOCK_UNLOCKED((name).wait_lock), \
	.wait = __WAIT_QUEUE_HEAD_INITIALIZER((name).wait) }
#define DEFINE_MUTEX(name) struct mutex name = __MUTEX_INITIALIZER(name)

void mutex_init(struct mutex *lock);
void mutex_lock(struct mutex *lock);
/* 0 with the lock, or -EINTR if a signal came while waiting. */
int mutex_lock_interruptible(struct mutex *lock);
/* 1 if it took the lock, 0 if it was taken. */
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);

#endif
