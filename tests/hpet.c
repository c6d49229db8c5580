/*
 * hpet suite: the HPET read through its registers, the delays built on it,
 * and its timer interrupt arriving at the programmed rate through the IOAPIC.
 * On a machine without an HPET (-machine ...,hpet=off) every case skips.
 */
#include <asm/processor.h>
#include <drivers/hpet.h>
#include <kernel/ioport.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/time.h>

static int need_hpet(struct kunit *test)
{
	if (!hpet_present())
		kunit_skip(test, "no HPET on this machine (hpet=off?)");
	return 0;
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

/* mdelay(10) against the TSC (calibrated against the HPET): 10 ms +- 10%. */
static void hpet_mdelay_takes_as_long_as_asked(struct kunit *test)
{
	u64 t0 = rdtsc(), h0 = hpet_ns(), us;

	mdelay(10);
	us = (rdtsc() - t0) * 1000 / tsc_khz;
	KUNIT_EXPECT_GE(test, us, 9000);
	KUNIT_EXPECT_LE(test, us, 11000);
	KUNIT_EXPECT_GE(test, hpet_ns() - h0, 9000000);
}

/* Timer 0 at 100 Hz for 200 ms of HPET time: about 20 interrupts. */
static void hpet_periodic_interrupt_fires_at_the_rate(struct kunit *test)
{
	unsigned long before;
	u64 start;

	KUNIT_ASSERT_EQ(test, hpet_periodic(100), 0);
	before = hpet_ticks;
	start = hpet_ns();
	while (hpet_ns() - start < 200 * NSEC_PER_MSEC)
		halt();                         /* wakes on every interrupt */
	hpet_periodic(0);
	KUNIT_EXPECT_GE(test, hpet_ticks - before, 17);
	KUNIT_EXPECT_LE(test, hpet_ticks - before, 23);
}

/* A second claim of the HPET's registers fails and names who has them. */
static void hpet_second_claim_names_the_owner(struct kunit *test)
{
	size_t pos = log_buf_pos();
	struct resource *r = request_mem_region(0xfed00000, 0x400, "hpet-again");

	KUNIT_EXPECT_NULL(test, r);
	if (r)
		release_mem_region(0xfed00000, 0x400);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "\"HPET 0\""));
}

static struct kunit_case hpet_cases[] = {
	KUNIT_CASE(hpet_capabilities_come_from_the_chip),
	KUNIT_CASE(hpet_counter_advances_monotonically),
	KUNIT_CASE(hpet_mdelay_takes_as_long_as_asked),
	KUNIT_CASE(hpet_periodic_interrupt_fires_at_the_rate),
	KUNIT_CASE(hpet_second_claim_names_the_owner),
	{}
};

static struct kunit_suite hpet_suite = {
	.name = "hpet",
	.init = need_hpet,
	.test_cases = hpet_cases,
};
kunit_test_suite(hpet_suite);
