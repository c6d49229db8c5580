/*
 * Completions (Linux's include/linux/completion.h): one side waits until
 * the other says "done" -- an interrupt handler telling a driver that the
 * device finished a DMA, say.  complete() may be called from an interrupt
 * handler; each complete() lets one wait through.
 */
#ifndef ATLAS_KERNEL_COMPLETION_H
#define ATLAS_KERNEL_COMPLETION_H

#include <kernel/wait.h>

struct completion {
	unsigned int done;              /* completes not yet waited for; under wait.lock */
	wait_queue_head_t wait;
};

#define COMPLETION_INITIALIZER(work) { 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define DECLARE_COMPLETION(work) struct completion work = COMPLETION_INITIALIZER(work)

static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

static inline void reinit_completion(struct completion *x)
{
	WRITE_ONCE(x->done, 0);
}

/* Take one "done" if there is one: under the queue's lock, so two waiters never take the same. */
static inline bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags;
	bool took = false;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done) {
		x->done--;
		took = true;
	}
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return took;
}

static inline void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	x->done++;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	wake_up_all(&x->wait);
}

/* Sleep until complete(): the jiffies left (at least 1), or 0 if timeout passed first. */
static inline unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	return wait_event_timeout(x->wait, try_wait_for_completion(x), (long)timeout);
}

static inline void wait_for_completion(struct completion *x)
{
	wait_event(x->wait, try_wait_for_completion(x));
}

#endif
