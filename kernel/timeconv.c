/*
 * Calendar arithmetic, pure (no hardware): Linux's mktime64 from
 * kernel/time/time.c.  Compiled for the host tests too.
 *
 * Gauss's trick: count March as the first month, so February, with its leap
 * day, comes last and the month lengths before any month follow one formula,
 * 367 * mon / 12.  Worked example: 2000-03-01 becomes year 2000, mon 1:
 * days = 2000/4 - 2000/100 + 2000/400 + 367/12 + 1 + 2000*365 - 719499
 *      = 500 - 20 + 5 + 30 + 1 + 730000 - 719499 = 11017,
 * and 11017 * 86400 = 951868800, which is date -u -d 2000-03-01 +%s.
 */
#include <kernel/timekeeping.h>
#include <kernel/time.h>

#define DAYS_BEFORE_EPOCH_GAUSS 719499  /* the formula's day count for 1970-01-01 */

time64_t mktime64(unsigned int year, unsigned int mon, unsigned int day,
		  unsigned int hour, unsigned int min, unsigned int sec)
{
	if ((int)(mon -= 2) <= 0) {     /* 1..12 -> 11,12,1..10: Feb is last */
		mon += 12;
		year -= 1;
	}
	return ((((time64_t)(year / 4 - year / 100 + year / 400 + 367 * mon / 12 + day) +
		  year * 365 - DAYS_BEFORE_EPOCH_GAUSS) * 24 + hour) * 60 + min) * 60 + sec;
}

struct timespec64 ns_to_timespec64(u64 ns)
{
	struct timespec64 ts = {
		.tv_sec = (time64_t)(ns / NSEC_PER_SEC),
		.tv_nsec = (long)(ns % NSEC_PER_SEC),
	};

	return ts;
}
