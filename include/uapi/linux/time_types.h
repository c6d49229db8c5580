/*
 * Time values at the system call boundary (Linux's include/uapi/linux/time_types.h,
 * include/uapi/linux/time.h): on x86-64 every field is 64 bits.
 */
#ifndef _UAPI_LINUX_TIME_TYPES_H
#define _UAPI_LINUX_TIME_TYPES_H

struct __kernel_timespec {
	long long tv_sec;               /* seconds */
	long long tv_nsec;              /* nanoseconds, 0..999999999 */
};

struct __kernel_old_timeval {
	long tv_sec;
	long tv_usec;                   /* microseconds */
};

struct timezone {
	int tz_minuteswest;             /* minutes west of Greenwich */
	int tz_dsttime;                 /* type of DST correction */
};

/* The clocks (clockid_t), Linux's numbers. */
#define CLOCK_REALTIME                  0
#define CLOCK_MONOTONIC                 1
#define CLOCK_PROCESS_CPUTIME_ID        2
#define CLOCK_THREAD_CPUTIME_ID         3
#define CLOCK_MONOTONIC_RAW             4
#define CLOCK_REALTIME_COARSE           5
#define CLOCK_MONOTONIC_COARSE          6
#define CLOCK_BOOTTIME                  7
#define CLOCK_REALTIME_ALARM            8
#define CLOCK_BOOTTIME_ALARM            9
#define CLOCK_TAI                       11

/* times(2): clock ticks of the process and its waited-for children. */
struct tms {
	long tms_utime;
	long tms_stime;
	long tms_cutime;
	long tms_cstime;
};

#endif
