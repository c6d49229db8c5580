/*
 * The time of day and the clock system calls (Linux's kernel/time/timekeeping.c,
 * posix-timers.c and time.c, reduced to one clock source).
 *
 * CLOCK_MONOTONIC and CLOCK_BOOTTIME are local_clock(): the TSC's nanoseconds
 * since boot.  CLOCK_REALTIME is the CMOS clock (drivers/rtc.c), read once at
 * the first use, plus the local_clock() time elapsed since that reading.  The
 * CMOS clock counts whole seconds, so the time of day is right to within a
 * second; what matters more for a teaching kernel is that it is the host's
 * date (QEMU starts the clock from the host's UTC time).  Without a usable
 * CMOS clock the time of day starts at the epoch, 1970-01-01, as Linux's does.
 * The time of day cannot be set (no settimeofday).
 */
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/syscalls.h>
#include <kernel/tick.h>
#include <kernel/time.h>
#include <kernel/timekeeping.h>
#include <kernel/uaccess.h>
#include <uapi/linux/time_types.h>

#define TICK_NSEC       (NSEC_PER_SEC / HZ)     /* one tick: 4 ms at HZ 250 */
#define USER_HZ         100                     /* clock_t's unit in times(2), as Linux's */
#define HRTIMER_RES_NS  1                       /* what clock_getres reports for fine clocks */

static DEFINE_SPINLOCK(wall_lock);      /* the two below */
static bool wall_valid;
static s64 wall_at_boot_ns;             /* CLOCK_REALTIME - CLOCK_MONOTONIC */

/* Read the CMOS clock the first time the time of day is asked for. */
static s64 wall_offset_ns(void)
{
	unsigned long flags;

	if (READ_ONCE(wall_valid))
		return wall_at_boot_ns;
	spin_lock_irqsave(&wall_lock, flags);
	if (!wall_valid) {
		time64_t cmos = mach_get_cmos_time();

		wall_at_boot_ns = (cmos < 0 ? 0 : cmos * (s64)NSEC_PER_SEC) - (s64)local_clock();
		__atomic_store_n(&wall_valid, true, __ATOMIC_RELEASE);
	}
	spin_unlock_irqrestore(&wall_lock, flags);
	return wall_at_boot_ns;
}

void ktime_get_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(local_clock());
}

void ktime_get_real_ts64(struct timespec64 *ts)
{
	s64 ns = wall_offset_ns() + (s64)local_clock();

	*ts = ns_to_timespec64(ns < 0 ? 0 : (u64)ns);
}

time64_t ktime_get_real_seconds(void)
{
	struct timespec64 ts;

	ktime_get_real_ts64(&ts);
	return ts.tv_sec;
}

/* CPU time of a task so far, from its tick counts (tick-based, as Linux's without VIRT_CPU_ACCOUNTING). */
static u64 task_cputime_ns(const struct task_struct *t)
{
	return t ? (t->utime + t->stime) * TICK_NSEC : 0;
}

/*
 * The value of clock which_clock now (Linux's posix_get_*): 0, or -EINVAL for
 * a clock Atlas does not have.  Used by clock_gettime and the tests.
 */
int do_clock_gettime(int which_clock, struct timespec64 *ts)
{
	switch (which_clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:                 /* no leap-second table: TAI is taken as UTC */
		ktime_get_real_ts64(ts);
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		ktime_get_ts64(ts);
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ts = ns_to_timespec64(task_cputime_ns(current));
		return 0;
	default:
		return -EINVAL;
	}
}

/* The resolution of which_clock (Linux's posix_get_hrtimer_res and _coarse_res). */
int do_clock_getres(int which_clock, struct timespec64 *ts)
{
	struct timespec64 dummy;
	int ret = do_clock_gettime(which_clock, &dummy);

	if (ret)
		return ret;
	switch (which_clock) {
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ts = ns_to_timespec64(TICK_NSEC);
		break;
	default:
		*ts = ns_to_timespec64(HRTIMER_RES_NS);
	}
	return 0;
}

static int put_timespec64(const struct timespec64 *ts, struct __kernel_timespec __user *uts)
{
	struct __kernel_timespec kts = { .tv_sec = ts->tv_sec, .tv_nsec = ts->tv_nsec };

	return copy_to_user(uts, &kts, sizeof(kts)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(clock_gettime, int, which_clock, struct __kernel_timespec __user *, tp)
{
	struct timespec64 ts;
	int ret = do_clock_gettime(which_clock, &ts);

	return ret ? ret : put_timespec64(&ts, tp);
}

/* A NULL tp is allowed: then only whether the clock exists is answered. */
SYSCALL_DEFINE2(clock_getres, int, which_clock, struct __kernel_timespec __user *, tp)
{
	struct timespec64 ts;
	int ret = do_clock_getres(which_clock, &ts);

	if (ret || !tp)
		return ret;
	return put_timespec64(&ts, tp);
}

/* gettimeofday(tv, tz): either may be NULL; the zone is always UTC (0, 0). */
SYSCALL_DEFINE2(gettimeofday, struct __kernel_old_timeval __user *, tv,
		struct timezone __user *, tz)
{
	if (tv) {
		struct timespec64 ts;
		struct __kernel_old_timeval ktv;

		ktime_get_real_ts64(&ts);
		ktv.tv_sec = ts.tv_sec;
		ktv.tv_usec = ts.tv_nsec / NSEC_PER_USEC;
		if (copy_to_user(tv, &ktv, sizeof(ktv)))
			return -EFAULT;
	}
	if (tz) {
		struct timezone ktz = { 0, 0 };

		if (copy_to_user(tz, &ktz, sizeof(ktz)))
			return -EFAULT;
	}
	return 0;
}

/* time(tloc): the seconds of the time of day, also stored at tloc if not NULL. */
SYSCALL_DEFINE1(time, long __user *, tloc)
{
	long t = (long)ktime_get_real_seconds();

	if (tloc && put_user(t, tloc))
		return -EFAULT;
	return t;
}

static long ticks_to_clock_t(u64 ticks)
{
	return (long)(ticks * USER_HZ / HZ);
}

/*
 * times(tbuf): the caller's user and system time in clock ticks of USER_HZ
 * (100 a second, as Linux's ABI); children's times are not kept (0).  Returns
 * the ticks since boot, also in USER_HZ.  tbuf may be NULL.
 */
SYSCALL_DEFINE1(times, struct tms __user *, tbuf)
{
	if (tbuf) {
		struct task_struct *t = current;
		struct tms tms = {
			.tms_utime = t ? ticks_to_clock_t(t->utime) : 0,
			.tms_stime = t ? ticks_to_clock_t(t->stime) : 0,
		};

		if (copy_to_user(tbuf, &tms, sizeof(tms)))
			return -EFAULT;
	}
	return ticks_to_clock_t(READ_ONCE(jiffies));
}
