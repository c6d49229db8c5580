/*
 * The PC's CMOS real-time clock (MC146818, Linux's arch/x86/kernel/rtc.c
 * mach_get_cmos_time and drivers/rtc/rtc-mc146818-lib.c): the time of day
 * that survives power-off, read once so that CLOCK_REALTIME starts from it.
 *
 * The clock sits behind an index port (0x70) and a data port (0x71).  Its
 * registers 0x00 seconds, 0x02 minutes, 0x04 hours, 0x07 day, 0x08 month,
 * 0x09 year and (ACPI FADT's default) 0x32 century hold BCD unless register
 * B's DM bit says binary.  While register A's UIP bit is set the clock is
 * updating and the values may be torn, so we wait for it to clear and read
 * until two readings agree, as Linux's mc146818_get_time.
 *
 * The ports are the "rtc0" range already in /proc/ioports (mm/e820_resources.c
 * inserts it as Linux's rtc-cmos claims it); this file is that clock's driver,
 * so it claims nothing further.  Register 0x70's bit 7 masks NMIs on old PCs;
 * Linux writes the plain index, and so do we.
 */
#include <asm/io.h>
#include <errno.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/timekeeping.h>

#define RTC_PORT_INDEX  0x70
#define RTC_PORT_DATA   0x71
#define RTC_SECONDS     0x00
#define RTC_MINUTES     0x02
#define RTC_HOURS       0x04
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH       0x08
#define RTC_YEAR        0x09
#define RTC_REG_A       0x0a
#define RTC_REG_B       0x0b
#define RTC_CENTURY     0x32            /* the FADT's default century register */
#define RTC_UIP         0x80            /* register A: update in progress */
#define RTC_DM_BINARY   0x04            /* register B: values are binary, not BCD */
#define RTC_24H         0x02            /* register B: 24-hour mode */
#define RTC_PM          0x80            /* hours in 12-hour mode: PM */
#define RTC_UIP_POLLS   1000000         /* an update lasts ~2 ms: far more than enough */
#define RTC_READ_TRIES  5

struct cmos_time {
	unsigned int sec, min, hour, mday, mon, year, century;
};

static DEFINE_SPINLOCK(rtc_lock);       /* the index/data port pair */

static unsigned int cmos_read(unsigned int reg)
{
	outb(reg, RTC_PORT_INDEX);
	return inb(RTC_PORT_DATA);
}

static unsigned int bcd2bin(unsigned int v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* One reading, after the clock leaves its update cycle; false if it never does. */
static bool cmos_read_once(struct cmos_time *t)
{
	unsigned int polls = 0;

	while (cmos_read(RTC_REG_A) & RTC_UIP)
		if (++polls == RTC_UIP_POLLS)
			return false;
	t->sec = cmos_read(RTC_SECONDS);
	t->min = cmos_read(RTC_MINUTES);
	t->hour = cmos_read(RTC_HOURS);
	t->mday = cmos_read(RTC_DAY_OF_MONTH);
	t->mon = cmos_read(RTC_MONTH);
	t->year = cmos_read(RTC_YEAR);
	t->century = cmos_read(RTC_CENTURY);
	return true;
}

/* BCD and the 12-hour clock to plain numbers; the full year. */
static void cmos_normalise(struct cmos_time *t, unsigned int reg_b)
{
	bool pm = !(reg_b & RTC_24H) && (t->hour & RTC_PM);

	t->hour &= ~RTC_PM;
	if (!(reg_b & RTC_DM_BINARY)) {
		t->sec = bcd2bin(t->sec);
		t->min = bcd2bin(t->min);
		t->hour = bcd2bin(t->hour);
		t->mday = bcd2bin(t->mday);
		t->mon = bcd2bin(t->mon);
		t->year = bcd2bin(t->year);
		t->century = bcd2bin(t->century);
	}
	if (!(reg_b & RTC_24H))
		t->hour = t->hour % 12 + (pm ? 12 : 0);
	/* No century register (0 or garbage): years 70-99 are 19xx, as Linux guesses. */
	if (t->century >= 19 && t->century <= 30)
		t->year += t->century * 100;
	else
		t->year += t->year < 70 ? 2000 : 1900;
}

time64_t mach_get_cmos_time(void)
{
	struct cmos_time a, b;
	unsigned long flags;
	unsigned int reg_b, tries = 0;
	bool ok;

	spin_lock_irqsave(&rtc_lock, flags);
	do {
		ok = cmos_read_once(&a) && cmos_read_once(&b);
	} while (ok && __builtin_memcmp(&a, &b, sizeof(a)) && ++tries < RTC_READ_TRIES);
	reg_b = cmos_read(RTC_REG_B);
	spin_unlock_irqrestore(&rtc_lock, flags);
	if (!ok || tries == RTC_READ_TRIES) {
		pr_warn("rtc_cmos: the clock never held still; the time of day starts at 1970\n");
		return -EIO;
	}
	cmos_normalise(&a, reg_b);
	if (a.mon < 1 || a.mon > 12 || a.mday < 1 || a.mday > 31 || a.hour > 23 ||
	    a.min > 59 || a.sec > 59) {
		pr_warn("rtc_cmos: impossible date %u-%02u-%02u %02u:%02u:%02u; the time of day starts at 1970\n",
			a.year, a.mon, a.mday, a.hour, a.min, a.sec);
		return -EIO;
	}
	return mktime64(a.year, a.mon, a.mday, a.hour, a.min, a.sec);
}
