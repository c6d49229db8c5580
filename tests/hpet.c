/*
 * hpet suite: the HPET read through its registers, the delays built on it,
 * its timer interrupt arriving at the programmed rate through the IOAPIC, its
 * claim in iomem, and what happens when its counter stops.  Time is measured
 * on the HPET, which QEMU keeps as the guest's time; where a busy host can
 * still stretch a delay, or make QEMU drop ticks it was too late for, the
 * bounds allow it and a "#" line says so.
 * On a machine without an HPET (-machine ...,hpet=off), or with hpet=disable,
 * every case skips; where ACPI describes one the driver did not take, all fail.
 */
#include <asm/processor.h>
#include <drivers/acpi.h>
#include <drivers/hpet.h>
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/ioport.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/time.h>

/* Longer than any busy host holds QEMU back, shorter than a delay gone wrong */
#define HOST_DELAY_MAX_NS (500 * NSEC_PER_MSEC)

static u64 diff(u64 a, u64 b)
{
	return a > b ? a - b : b - a;
}

static u64 tsc_to_ns(u64 cycles)
{
	return cycles * NSEC_PER_USEC / (tsc_khz / 1000);
}

/*
 * Skip where there is no HPET to test (none in the ACPI tables, or
 * hpet=disable); where the tables describe one, the driver must have taken
 * it: a probe that failed fails every case.
 */
static int need_hpet(struct kunit *test)
{
	const struct acpi_info *acpi = acpi_get_info();
	const char *opt = cmdline_get(&boot_cmdline, "hpet");

	if (hpet_present())
		return 0;
	if (!acpi || !acpi->hpet.present)
		kunit_skip(test, "no HPET on this machine (hpet=off?)");
	if (opt && !strcmp(opt, "disable"))
		kunit_skip(test, "the HPET is left alone (hpet=disable)");
	KUNIT_FAIL(test, "the ACPI tables describe an HPET, but the driver did not take it");
	return -ENODEV;
}

static void hpet_capabilities_come_from_the_chip(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, hpet_period_fs(), 10000000);      /* QEMU: 100 MHz */
	KUNIT_EXPECT_EQ(test, hpet_comparators(), 3);
}

static void hpet_counter_advances_monotonically(struct kunit *test)
{
	u64 last = hpet_read_counter();

	for (int i = 0; i < 1000; i++) {
		u64 now = hpet_read_counter();

		KUNIT_ASSERT_GE(test, now, last);
		last = now;
	}
	udelay(100);
	KUNIT_EXPECT_GT(test, hpet_read_counter(), last);
}

/*
 * mdelay(10) lasts 10 ms of the HPET's time (QEMU's virtual clock): never
 * less (1% for the calibration).  The HPET is read in TSC brackets, and the
 * TSC's count over the same span agrees with it within 2%.  It should return
 * within 11 ms; a busy host may take the CPU away at the end and make that
 * far longer, which a "#" line reports, so only a delay beyond what any host
 * takes (half a second) fails.
 */
static void hpet_mdelay_takes_as_long_as_asked(struct kunit *test)
{
	u64 h0, h1, t0, t1, t2, ns;

	t0 = tsc_read_refs(&h0);
	mdelay(10);
	t1 = rdtsc();
	t2 = tsc_read_refs(&h1);
	KUNIT_ASSERT_TRUE(test, t0 != ~0ULL && t2 != ~0ULL);
	KUNIT_EXPECT_GE(test, h1 - h0, 9900000);
	KUNIT_EXPECT_LE(test, diff(h1 - h0, tsc_to_ns(t2 - t0)), (h1 - h0) / 50);
	ns = tsc_to_ns(t1 - t0);
	if (ns > 11000000)
		kunit_log_diag(test, "mdelay(10) returned after %llu us: the host was busy?",
			       (unsigned long long)(ns / NSEC_PER_USEC));
	KUNIT_EXPECT_LE(test, ns, HOST_DELAY_MAX_NS);
}

/*
 * Timer 0 at 100 Hz for 200 ms of HPET time.  The rate is the comparator's:
 * it steps by exactly one period (1,000,000 ticks of 10 ns) and stays ahead
 * of the counter by at most one, as the hardware keeps it; QEMU may update it
 * late when the host holds it back, so the case waits (bounded by the TSC)
 * for it to catch up.  No more interrupts arrive than periods passed; fewer
 * may (QEMU skips the ticks it was too late for), so at least one must, and
 * a "#" line says how many were lost.
 */
static void hpet_periodic_timer_runs_at_the_rate(struct kunit *test)
{
	u32 period = 1000000000000000ULL / hpet_period_fs() / 100;     /* ticks */
	u64 give_up = local_clock() + 200 * NSEC_PER_MSEC + 2 * HOST_DELAY_MAX_NS, h0;
	unsigned long before, n, periods;
	u32 c0, c1, now;

	KUNIT_ASSERT_EQ(test, hpet_periodic(100), 0);
	before = hpet_ticks;
	c0 = hpet_read_comparator(0);
	h0 = hpet_ns();
	while (hpet_ns() - h0 < 200 * NSEC_PER_MSEC && local_clock() < give_up)
		cpu_relax();
	do {
		c1 = hpet_read_comparator(0);
		now = hpet_read_counter();
	} while ((s32)(c1 - now) <= 0 && local_clock() < give_up);
	n = hpet_ticks - before;
	hpet_periodic(0);
	periods = (c1 - c0) / period;
	KUNIT_EXPECT_EQ(test, (c1 - c0) % period, 0);
	KUNIT_EXPECT_GT(test, (s32)(c1 - now), 0);
	KUNIT_EXPECT_LE(test, (s32)(c1 - now), (s32)period);
	KUNIT_EXPECT_GE(test, periods, 19);
	KUNIT_EXPECT_GE(test, n, 1);
	KUNIT_EXPECT_LE(test, n, periods + 1);
	if (n + 2 < periods)
		kunit_log_diag(test, "%lu interrupts for %lu periods: QEMU skipped ticks (host busy?)",
			       n, periods);
}

/*
 * "HPET 0" is the platform's range and "PNP0103:00" inside it the ACPI
 * device's claim, neither busy (Linux's pnp clears IORESOURCE_BUSY), so
 * /dev/mem may read the HPET; a further claim nests inside them, as on Linux.
 */
static void hpet_claims_are_not_busy(struct kunit *test)
{
	struct resource *claim = lookup_resource_containing(&iomem_resource, 0xfed000f0);
	struct resource *r;

	KUNIT_ASSERT_NOT_NULL(test, claim);
	KUNIT_EXPECT_STREQ(test, claim->name, "PNP0103:00");
	KUNIT_EXPECT_EQ(test, claim->flags, IORESOURCE_MEM);
	KUNIT_ASSERT_NOT_NULL(test, claim->parent);
	KUNIT_EXPECT_STREQ(test, claim->parent->name, "HPET 0");
	KUNIT_EXPECT_EQ(test, claim->parent->flags, IORESOURCE_MEM);
	KUNIT_EXPECT_EQ(test, claim->parent->start, 0xfed00000);
	KUNIT_EXPECT_EQ(test, claim->parent->end, 0xfed003ff);
	KUNIT_EXPECT_FALSE(test, iomem_is_exclusive(0xfed00000));

	r = request_mem_region(0xfed00000, 0x400, "hpet-again");
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_PTR_EQ(test, r->parent, claim);
	KUNIT_EXPECT_TRUE(test, iomem_is_exclusive(0xfed00000));
	release_mem_region(0xfed00000, 0x400);
	KUNIT_EXPECT_NULL(test, claim->child);
	KUNIT_EXPECT_FALSE(test, iomem_is_exclusive(0xfed00000));
}

/*
 * A stuck main counter (ENABLE_CNF cleared) is found out at once, not waited
 * for: the check says so, the TSC's calibration falls back to the PIT's with
 * Linux's line, all well under a second; started again, the HPET calibrates
 * the TSC again, to within 1% of before.
 */
static void hpet_stuck_counter_falls_back_to_the_pit(struct kunit *test)
{
	unsigned long khz = tsc_khz;
	size_t pos = log_buf_pos();
	bool counting;
	u64 t0, cycles;
	int err;

	hpet_stop_counter();
	t0 = rdtsc();
	counting = hpet_counting();
	err = tsc_refine_calibration();
	cycles = rdtsc() - t0;
	hpet_start_counter();
	KUNIT_EXPECT_FALSE(test, counting);
	KUNIT_EXPECT_EQ(test, err, -EIO);
	KUNIT_EXPECT_LT(test, cycles, (u64)khz * 1000);
	/* "... Using PIT calibration." unless a busy host spoilt the PIT's too, at boot */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "tsc: HPET/PMTIMER calibration failed"));

	KUNIT_EXPECT_TRUE(test, hpet_counting());
	pos = log_buf_pos();
	KUNIT_EXPECT_EQ(test, tsc_refine_calibration(), 0);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "tsc: Refined TSC clocksource calibration: "));
	KUNIT_EXPECT_LE(test, diff(tsc_khz, khz), khz / 100);
}

static struct kunit_case hpet_cases[] = {
	KUNIT_CASE(hpet_capabilities_come_from_the_chip),
	KUNIT_CASE(hpet_counter_advances_monotonically),
	KUNIT_CASE(hpet_mdelay_takes_as_long_as_asked),
	KUNIT_CASE(hpet_periodic_timer_runs_at_the_rate),
	KUNIT_CASE(hpet_claims_are_not_busy),
	KUNIT_CASE(hpet_stuck_counter_falls_back_to_the_pit),
	{}
};

static struct kunit_suite hpet_suite = {
	.name = "hpet",
	.init = need_hpet,
	.test_cases = hpet_cases,
};
kunit_test_suite(hpet_suite);
