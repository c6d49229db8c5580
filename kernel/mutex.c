/*
 * Sleeping locks (Linux's kernel/locking/mutex.c without the optimistic
 * spinning): the owner is set under wait_lock; a task that finds an owner
 * sleeps on the wait queue until mutex_unlock wakes one waiter, which then
 * tries again.
 */
#include <errno.h>
#include <kernel/mutex.h>
#include <kernel/sched.h>
#include <kernel/signal.h>

void mutex_init(struct mutex *lock)
{
	spin_lock_init(&lock->wait_lock);
	lock->owner = NULL;
	init_waitqueue_head(&lock->wait);
}

int mutex_trylock(struct mutex *lock)
{
	unsigned long flags;
	int took = 0;

	spin_lock_irqsave(&lock->wait_lock, flags);
	if (!lock->owner) {
		lock->owner = current;
		took = 1;
	}
	spin_unlock_irqrestore(&lock->wait_lock, flags);
	return took;
}

void mutex_lock(struct mutex *lock)
{
	might_sleep();
	while (!mutex_trylock(lock))
		wait_event(lock->wait, !READ_ONCE(lock->owner));
}

int mutex_lock_interruptible(struct mutex *lock)
{
	might_sleep();
	while (!mutex_trylock(lock))
		if (wait_event_interruptible(lock->wait, !READ_ONCE(lock->owner)))
			return -EINTR;
	return 0;
}

void mutex_unlock(struct mutex *lock)
{
	unsigned long flags;

	spin_lock_irqsave(&lock->wait_lock, flags);
	WRITE_ONCE(lock->owner, NULL);
	spin_unlock_irqrestore(&lock->wait_lock, flags);
	wake_up(&lock->wait);
}

bool mutex_is_locked(struct mutex *lock)
{
	return READ_ONCE(lock->owner) != NULL;
}
