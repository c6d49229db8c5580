/*
 * utest suite "time": CLOCK_MONOTONIC, nanosleep, and uname's fields.
 * (No upper bound on how long anything takes: the host may be busy.)
 */
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define NSEC_PER_SEC 1000000000LL
#define SLEEP_NS     20000000LL         /* 20 ms */

static long long ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

/* The monotonic clock is valid and never goes back, read by the system call itself. */
static void clock_gettime_monotonic(void)
{
	struct timespec a, b;

	ASSERT_EQ(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a), 0);
	for (int i = 0; i < 100; i++) {
		ASSERT_EQ(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b), 0);
		EXPECT_TRUE(b.tv_nsec >= 0 && b.tv_nsec < NSEC_PER_SEC);
		if (!EXPECT_TRUE(ns(&b) >= ns(&a)))
			break;
		a = b;
	}
	EXPECT_TRUE(ns(&a) > 0);
	EXPECT_ERRNO(syscall(SYS_clock_gettime, 12345, &a), EINVAL);
}

/* nanosleep sleeps at least as long as asked, and refuses a bad time. */
static void nanosleep_sleeps(void)
{
	struct timespec t0, t1, req = { 0, SLEEP_NS }, bad = { 0, NSEC_PER_SEC };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(nanosleep(&req, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_TRUE(ns(&t1) - ns(&t0) >= SLEEP_NS);
	EXPECT_ERRNO(nanosleep(&bad, NULL), EINVAL);
}

/* uname: Linux's struct new_utsname with Linux's values where programs rely on them. */
static void uname_fields(void)
{
	struct utsname u;

	memset(&u, 0x55, sizeof(u));
	ASSERT_EQ(uname(&u), 0);
	EXPECT_STREQ(u.sysname, "Linux");
	EXPECT_STREQ(u.machine, "x86_64");
	EXPECT_TRUE(u.nodename[0] != '\0' && memchr(u.nodename, 0, sizeof(u.nodename)));
	EXPECT_TRUE(u.release[0] >= '1' && u.release[0] <= '9');        /* "6.1.0-..." */
	EXPECT_TRUE(u.version[0] == '#');                                /* "#1 SMP ..." */
}

UTEST_SUITE(time,
	UTEST_CASE(clock_gettime_monotonic),
	UTEST_CASE(nanosleep_sleeps),
	UTEST_CASE(uname_fields),
);
