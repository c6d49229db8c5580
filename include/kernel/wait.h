/*
 * Wait queues (Linux's include/linux/wait.h): a list of tasks sleeping until
 * something happens.  A waiter puts itself on the queue, sets its state,
 * checks its condition and calls schedule() only if the condition is still
 * false; whoever makes the condition true calls wake_up() afterwards.  The
 * order (state set before the check, the wake-up after the change) is what
 * makes a wake-up between the check and schedule() impossible to lose.
 *
 *     wait_event(q, done);                 the waiter
 *     done = true; wake_up(&q);            the waker
 */
#ifndef ATLAS_KERNEL_WAIT_H
#define ATLAS_KERNEL_WAIT_H

#include <kernel/list.h>
#include <kernel/spinlock.h>
#include <kernel/types.h>

struct task_struct;
struct wait_queue_entry;

typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned int mode,
				 int flags, void *key);

#define WQ_FLAG_EXCLUSIVE 0x01          /* wake_up wakes one exclusive waiter */

struct wait_queue_entry {
	unsigned int flags;
	void *private;                  /* the task */
	wait_queue_func_t func;
	struct list_head entry;
};

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

typedef struct wait_queue_head wait_queue_head_t;
typedef struct wait_queue_entry wait_queue_entry_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) { \
	.lock = __SPIN_LOCK_UNLOCKED(name.lock), .head = { &(name).head, &(name).head } }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

/* An empty queue. */
void init_waitqueue_head(wait_queue_head_t *wq_head);

/* The wake function of an ordinary waiter: wake_up_state(entry's task, mode). */
int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			  void *key);
/* As default_wake_function, and the entry leaves the queue (woken once). */
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			     void *key);

#define DEFINE_WAIT(name) \
	struct wait_queue_entry name = { \
		.private = current, .func = autoremove_wake_function, \
		.entry = { &(name).entry, &(name).entry } }

void add_wait_queue(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry);
void remove_wait_queue(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry);

/* Put the entry on the queue (if not on it) and set the task's state. */
void prepare_to_wait(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry, int state);
/*
 * As prepare_to_wait, for wait_event*: -ERESTARTSYS (and the entry off the
 * queue) if state is interruptible and a signal is pending, else 0.
 */
long prepare_to_wait_event(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry,
			   int state);
/* Back to TASK_RUNNING and off the queue. */
void finish_wait(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry);

/*
 * Wake the queue's waiters in the TASK_* states in mode: every non-exclusive
 * one and nr_exclusive exclusive ones (0: all).  Any context.
 */
void __wake_up(wait_queue_head_t *wq_head, unsigned int mode, int nr_exclusive, void *key);

#define wake_up(x)                   __wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_all(x)               __wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_interruptible(x)     __wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_all(x) __wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)

/* Whether anyone waits on the queue (a hint: the waker still calls wake_up). */
static inline bool waitqueue_active(wait_queue_head_t *wq_head)
{
	return !list_empty(&wq_head->head);
}

/*
 * The loop behind every wait_event*: sleep in state until condition, or a
 * signal (interruptible states: -ERESTARTSYS), or the timeout (jiffies: the
 * result is what is left, at least 1 if condition came true, 0 on time out).
 */
#define ___wait_event(wq_head, condition, state, ret, cmd) ({ \
	long __ret = ret; \
	DEFINE_WAIT(__wq_entry); \
	for (;;) { \
		long __int = prepare_to_wait_event(&(wq_head), &__wq_entry, state); \
		if (condition) \
			break; \
		if (__int) { \
			__ret = __int; \
			break; \
		} \
		cmd; \
	} \
	finish_wait(&(wq_head), &__wq_entry); \
	__ret; })

/* Sleep until condition is true (only the condition's wake_up ends it). */
#define wait_event(wq_head, condition) do { \
	if (!(condition)) \
		(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, schedule()); \
} while (0)

/* Sleep until condition: 0, or -ERESTARTSYS if a signal came first. */
#define wait_event_interruptible(wq_head, condition) ({ \
	long __r = 0; \
	if (!(condition)) \
		__r = ___wait_event(wq_head, condition, TASK_INTERRUPTIBLE, 0, schedule()); \
	(int)__r; })

/* Inside ___wait_event: condition, or the time (__ret) ran out; __ret >= 1 if condition. */
#define ___wait_cond_timeout(condition) ({ \
	bool __cond = (condition); \
	if (__cond && !__ret) \
		__ret = 1; \
	__cond || !__ret; })

/*
 * Sleep until condition or timeout jiffies: 0 if the time ran out with
 * condition false, else the jiffies left (at least 1).
 */
#define wait_event_timeout(wq_head, condition, timeout) ({ \
	long __t = (timeout); \
	if (!(condition)) \
		__t = ___wait_event(wq_head, ___wait_cond_timeout(condition), \
				    TASK_UNINTERRUPTIBLE, __t, __ret = schedule_timeout(__ret)); \
	__t; })

/* As wait_event_timeout, interruptible: also -ERESTARTSYS on a signal. */
#define wait_event_interruptible_timeout(wq_head, condition, timeout) ({ \
	long __t = (timeout); \
	if (!(condition)) \
		__t = ___wait_event(wq_head, ___wait_cond_timeout(condition), \
				    TASK_INTERRUPTIBLE, __t, __ret = schedule_timeout(__ret)); \
	__t; })

/* the macros above use current, schedule() and the TASK_* states */
#include <kernel/sched.h>

#endif
