/*
 * Host tests of kernel/timeconv.c: mktime64 against dates whose epoch
 * seconds GNU date computed (date -u -d DATE +%s), across leap days, a
 * century that is not a leap year (2100) and the 1999/2000 boundary.
 */
#include <kernel/timekeeping.h>

#include "hosttest.h"

TEST(mktime64_known_dates)
{
	CHECK_EQ_INT(mktime64(1970, 1, 1, 0, 0, 0), 0);
	CHECK_EQ_INT(mktime64(1999, 12, 31, 23, 59, 59), 946684799);
	CHECK_EQ_INT(mktime64(2000, 3, 1, 0, 0, 0), 951868800);
	CHECK_EQ_INT(mktime64(2024, 2, 29, 0, 0, 0), 1709164800);
	CHECK_EQ_INT(mktime64(2026, 12, 2, 12, 34, 56), 1796214896);
	CHECK_EQ_INT(mktime64(2100, 3, 1, 0, 0, 0), 4107542400LL);
}

TEST(mktime64_february_rolls_into_march)
{
	/* the day after 2024-02-29 and the day after 2100-02-28 are both March 1st */
	CHECK_EQ_INT(mktime64(2024, 3, 1, 0, 0, 0) - mktime64(2024, 2, 29, 0, 0, 0), 86400);
	CHECK_EQ_INT(mktime64(2100, 3, 1, 0, 0, 0) - mktime64(2100, 2, 28, 0, 0, 0), 86400);
}

TEST(ns_to_timespec64_splits)
{
	struct timespec64 ts = ns_to_timespec64(3000000007ULL);

	CHECK_EQ_INT(ts.tv_sec, 3);
	CHECK_EQ_INT(ts.tv_nsec, 7);
}
