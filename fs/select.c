/*
 * poll (Linux's fs/select.c): which of a set of fds can be read or written
 * without blocking.  Each file answers through f_op->poll (a file without
 * one is always ready, Linux's DEFAULT_POLLMASK); a bad fd is POLLNVAL.
 * When none is ready, the caller sleeps one tick and asks again, until one
 * is, the timeout passes, or a signal comes.  (Linux's poll sleeps on each
 * file's wait queue instead; Atlas's f_op->poll takes no poll_table, so it
 * asks again each tick: at most 1/HZ late, never a missed event.)
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/sched.h>
#include <kernel/syscalls.h>
#include <kernel/tick.h>
#include <kernel/uaccess.h>
#include <mm/slab.h>
#include <uapi/linux/poll.h>

#include "internal.h"

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
#define POLL_MAX_FDS     1024           /* Linux's default RLIMIT_NOFILE */
#define MSEC_PER_SEC     1000

/* One fd's revents. */
static short poll_one(struct pollfd *p)
{
	struct file *f;
	unsigned int mask;

	if (p->fd < 0)
		return 0;
	f = fget(p->fd);
	if (!f)
		return POLLNVAL;
	mask = f->f_op && f->f_op->poll ? f->f_op->poll(f) : DEFAULT_POLLMASK;
	fput(f);
	return mask & (p->events | POLLERR | POLLHUP);
}

long do_sys_poll(struct pollfd *fds, unsigned int nfds, long timeout_jiffies)
{
	u64 end = READ_ONCE(jiffies) + (timeout_jiffies > 0 ? timeout_jiffies : 0);

	for (;;) {
		int ready = 0;

		for (unsigned int i = 0; i < nfds; i++) {
			fds[i].revents = poll_one(&fds[i]);
			ready += fds[i].revents != 0;
		}
		if (ready || timeout_jiffies == 0 ||
		    (timeout_jiffies > 0 && READ_ONCE(jiffies) >= end))
			return ready;
		if (current && signal_pending(current))
			return -ERESTARTNOHAND;
		schedule_timeout_interruptible(1);
	}
}

SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds, int, timeout_msecs)
{
	size_t size = (size_t)nfds * sizeof(struct pollfd);
	struct pollfd *fds;
	long timeout = -1, r;

	if (nfds > POLL_MAX_FDS)
		return -EINVAL;
	if (timeout_msecs >= 0)
		timeout = ((long)timeout_msecs * HZ + MSEC_PER_SEC - 1) / MSEC_PER_SEC;
	fds = kmalloc(size ? size : 1, GFP_KERNEL);
	if (!fds)
		return -ENOMEM;
	r = copy_from_user(fds, ufds, size) ? -EFAULT : do_sys_poll(fds, nfds, timeout);
	for (unsigned int i = 0; r >= 0 && i < nfds; i++)
		if (put_user(fds[i].revents, &ufds[i].revents))
			r = -EFAULT;
	kfree(fds);
	return r;
}
