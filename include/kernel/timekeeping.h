/*
 * Wall-clock and monotonic time for the system calls (Linux's
 * include/linux/timekeeping.h, reduced): CLOCK_MONOTONIC is local_clock(),
 * the TSC's nanoseconds since boot; CLOCK_REALTIME is the CMOS clock's reading
 * (taken once, at the first use) carried forward by local_clock().
 */
#ifndef ATLAS_KERNEL_TIMEKEEPING_H
#define ATLAS_KERNEL_TIMEKEEPING_H

#include <kernel/types.h>

typedef s64 time64_t;

struct timespec64 {
	time64_t tv_sec;
	long tv_nsec;                   /* 0..999999999 */
};

/*
 * Seconds since 1970-01-01 00:00:00 UTC of a Gregorian date and time (Linux's
 * mktime64, the Gauss algorithm): year as 2026, mon 1..12, day 1..31.  Pure.
 */
time64_t mktime64(unsigned int year, unsigned int mon, unsigned int day,
		  unsigned int hour, unsigned int min, unsigned int sec);

/* ns nanoseconds as seconds + nanoseconds. */
struct timespec64 ns_to_timespec64(u64 ns);

/* CLOCK_MONOTONIC (and CLOCK_BOOTTIME: Atlas never suspends): time since boot. */
void ktime_get_ts64(struct timespec64 *ts);

/* CLOCK_REALTIME: the time of day, UTC. */
void ktime_get_real_ts64(struct timespec64 *ts);

/* The seconds part of CLOCK_REALTIME (Linux's ktime_get_real_seconds). */
time64_t ktime_get_real_seconds(void);

/*
 * The time of clock which_clock (CLOCK_* of uapi/linux/time_types.h) now, and
 * its resolution: 0, or -EINVAL for a clock Atlas does not have.  The system
 * calls clock_gettime and clock_getres are these plus the copy to user space.
 */
int do_clock_gettime(int which_clock, struct timespec64 *ts);
int do_clock_getres(int which_clock, struct timespec64 *ts);

/*
 * The CMOS clock's time of day in seconds since the epoch (Linux's
 * mach_get_cmos_time, arch/x86/kernel/rtc.c): the clock is read as UTC, as
 * QEMU keeps it by default; -EIO if the clock never left an update cycle or
 * holds an impossible date.  drivers/rtc.c.
 */
time64_t mach_get_cmos_time(void);

#endif
