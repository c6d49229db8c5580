/*
 * The scheduler's system calls (Linux's kernel/sched/core.c sched_yield,
 * kernel/time/hrtimer.c nanosleep, posix-timers.c clock_nanosleep) and the
 * execve system call around the mm code's loader (fs/exec.c do_execve).
 *
 * Sleeps are counted in ticks (HZ = 250: 4 ms), and a sleep always lasts at
 * least what was asked, as Linux's: the deadline is a local_clock() time and
 * the task sleeps tick by tick until it has passed.  A signal ends it early
 * with -EINTR and the time left in *rem.
 */
#include <asm/processor.h>
#include <errno.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/tick.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <mm/slab.h>

#include "sched_internal.h"
#include "sched_deps.h"

#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1
#define CLOCK_BOOTTIME  7
#define TIMER_ABSTIME   0x01
#define TICK_NSEC       (NSEC_PER_SEC / HZ)
#define PATH_MAX        4096

/* Linux's struct __kernel_timespec (include/uapi/linux/time_types.h) */
struct __kernel_timespec {
	s64 tv_sec;
	long long tv_nsec;
};

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

/* Sleep until local_clock() reaches deadline: 0, or -EINTR with a signal pending. */
static long sleep_until_ns(u64 deadline)
{
	u64 now;

	while ((now = local_clock()) < deadline) {
		if (signal_pending(current))
			return -EINTR;
		schedule_timeout_interruptible((long)((deadline - now + TICK_NSEC - 1) / TICK_NSEC));
	}
	return 0;
}

/* A timespec from user space, in ns: 0, -EFAULT, or -EINVAL (Linux's timespec64_valid). */
static int get_timespec_ns(const struct __kernel_timespec __user *uts, u64 *ns)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long long)NSEC_PER_SEC)
		return -EINVAL;
	if ((u64)ts.tv_sec > (~0ULL >> 2) / NSEC_PER_SEC)
		*ns = ~0ULL >> 2;       /* "forever": longer than any boot */
	else
		*ns = (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
	return 0;
}

static long put_timespec_ns(u64 ns, struct __kernel_timespec __user *uts)
{
	struct __kernel_timespec ts = { (s64)(ns / NSEC_PER_SEC), (long long)(ns % NSEC_PER_SEC) };

	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* Sleep for ns (relative) and report the rest in rem on a signal. */
static long do_nanosleep(u64 ns, struct __kernel_timespec __user *rem)
{
	u64 deadline = local_clock() + ns;
	long ret = sleep_until_ns(deadline);

	if (ret == -EINTR && rem) {
		u64 now = local_clock();

		if (put_timespec_ns(deadline > now ? deadline - now : 0, rem))
			return -EFAULT;
	}
	return ret;
}

SYSCALL_DEFINE2(nanosleep, struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	u64 ns;
	int err = get_timespec_ns(rqtp, &ns);

	return err ? err : do_nanosleep(ns, rmtp);
}

/*
 * The monotonic clocks are local_clock() (ns since boot); an absolute
 * CLOCK_REALTIME deadline would have to follow the wall clock (kernel/
 * timekeeping.c) as it is set: Atlas refuses it with -EINVAL.
 */
SYSCALL_DEFINE4(clock_nanosleep, int, which_clock, int, flags,
		struct __kernel_timespec __user *, rqtp, struct __kernel_timespec __user *, rmtp)
{
	u64 ns;
	int err;

	if (which_clock != CLOCK_REALTIME && which_clock != CLOCK_MONOTONIC &&
	    which_clock != CLOCK_BOOTTIME)
		return -EINVAL;
	err = get_timespec_ns(rqtp, &ns);
	if (err)
		return err;
	if (!(flags & TIMER_ABSTIME))
		return do_nanosleep(ns, rmtp);
	if (which_clock == CLOCK_REALTIME)
		return -EINVAL;
	return sleep_until_ns(ns);      /* no rem for an absolute sleep, as Linux's */
}

/*
 * execve: the file name copied in, the rest is the mm code's do_execve (which
 * sets comm, resets the handlers and lets a vfork parent go, as Linux's
 * begin_new_exec).  On success the return goes to the new program.
 */
SYSCALL_DEFINE3(execve, const char __user *, filename,
		const char __user *const __user *, argv, const char __user *const __user *, envp)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len, ret;

	if (!name)
		return -ENOMEM;
	len = strncpy_from_user(name, filename, PATH_MAX);
	if (len < 0 || len == PATH_MAX)
		ret = len < 0 ? len : -ENAMETOOLONG;
	else
		ret = do_execve(name, argv, envp);
	kfree(name);
	return ret;
}
