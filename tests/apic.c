/*
 * apic suite: the local APIC and the IOAPIC as the kernel set them up, the
 * APIC timer's calibration and its interrupt, and IOAPIC masking.
 */
#include <asm/apic.h>
#include <asm/hardirq.h>
#include <asm/processor.h>
#include <drivers/hpet.h>
#include <errno.h>
#include <kernel/ioport.h>
#include <kernel/irq.h>
#include <kernel/kunit.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/time.h>

static void apic_lapic_is_enabled_and_claimed(struct kunit *test)
{
	struct resource *r = lookup_resource_containing(&iomem_resource, 0xfee00030);

	KUNIT_EXPECT_EQ(test, lapic_phys, 0xfee00000);
	KUNIT_EXPECT_EQ(test, lapic_id(), 0);                   /* the boot CPU */
	KUNIT_EXPECT_EQ(test, lapic_read(APIC_SPIV) & 0x1ff, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	KUNIT_EXPECT_EQ(test, lapic_read(APIC_LVR) & 0xff, 0x14);  /* an integrated APIC */
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_STREQ(test, r->name, "Local APIC");
	KUNIT_EXPECT_EQ(test, r->start, 0xfee00000);
	KUNIT_EXPECT_EQ(test, r->end, 0xfee00fff);
}

/*
 * Two calibrations in a row agree within 2%.  Each brackets its start and end
 * with the TSC and measures again when the CPU was away, so a busy host
 * should not spoil it; if it still does, the pair is measured again (up to
 * three times), with a "#" line saying so.
 */
static void apic_timer_calibration_is_stable(struct kunit *test)
{
	unsigned long a = 0, b = 0;

	for (int try = 0; try < 3; try++) {
		a = lapic_timer_calibrate();
		b = lapic_timer_calibrate();
		if ((a > b ? a - b : b - a) <= a / 50)
			break;
		kunit_log_diag(test, "calibrations of %lu and %lu Hz differ by over 2%%; retried", a, b);
	}
	tick_setup_this_cpu();          /* calibrating stopped the tick's timer */
	KUNIT_EXPECT_GT(test, a, 1000000);
	KUNIT_EXPECT_LE(test, a > b ? a - b : b - a, a / 50);
}

/* This CPU's local timer interrupts (the tick's LOC count). */
static unsigned int loc_count(void)
{
	return READ_ONCE(this_cpu_ptr(&irq_stat)->apic_timer_irqs);
}

/*
 * The tick's timer, stopped and reprogrammed as a one-shot of 2 ms, raises
 * exactly one interrupt (the LOC count moves by one, and not again in the
 * next 5 ms); the tick is restarted afterwards.
 */
static void apic_oneshot_timer_interrupt_arrives(struct kunit *test)
{
	unsigned int before, after_one, after_wait;
	u64 start;

	lapic_timer_periodic(0);
	mdelay(1);                      /* a tick already on its way lands now */
	before = loc_count();
	lapic_timer_oneshot(2000);
	start = local_clock();
	while (loc_count() == before && local_clock() - start < 1000 * NSEC_PER_MSEC)
		cpu_relax();
	after_one = loc_count();
	mdelay(5);                      /* one-shot: no second one */
	after_wait = loc_count();
	tick_setup_this_cpu();
	KUNIT_EXPECT_EQ(test, after_one, before + 1);
	KUNIT_EXPECT_EQ(test, after_wait, before + 1);
	KUNIT_EXPECT_GE(test, irq_vector_count_cpu(LOCAL_TIMER_VECTOR, smp_processor_id()), 1);
}

#define TICK_WAIT_MS 2000            /* generous: a vCPU may be descheduled for tens of ms */

/*
 * Every online CPU's tick runs: each LOC count grows by at least two within
 * TICK_WAIT_MS (at HZ=250 that takes 8 ms), and jiffies advances with CPU
 * 0's.  How fast is not asserted: the host decides that under TCG.
 */
static void apic_tick_runs_on_every_cpu(struct kunit *test)
{
	unsigned int before[NR_CPUS], cpu, late = 0;
	u64 j0 = READ_ONCE(jiffies), give_up = local_clock() + TICK_WAIT_MS * NSEC_PER_MSEC;

	for_each_online_cpu(cpu)
		before[cpu] = READ_ONCE(per_cpu(irq_stat, cpu).apic_timer_irqs);
	do {
		late = 0;
		for_each_online_cpu(cpu)
			if (READ_ONCE(per_cpu(irq_stat, cpu).apic_timer_irqs) - before[cpu] < 2)
				late++;
		cpu_relax();
	} while (late && local_clock() < give_up);
	for_each_online_cpu(cpu)
		if (READ_ONCE(per_cpu(irq_stat, cpu).apic_timer_irqs) - before[cpu] < 2)
			kunit_info(test, "CPU%u: LOC %u -> %u in %u ms", cpu, before[cpu],
				   READ_ONCE(per_cpu(irq_stat, cpu).apic_timer_irqs), TICK_WAIT_MS);
	KUNIT_EXPECT_EQ(test, late, 0);
	KUNIT_EXPECT_GE(test, READ_ONCE(jiffies), j0 + 2);
	KUNIT_EXPECT_EQ(test, lapic_read(APIC_LVTT) & (APIC_LVT_MASKED | APIC_LVT_TIMER_PERIODIC | 0xff),
			APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
}

static void apic_ioapic_matches_its_version_register(struct kunit *test)
{
	u32 ver = ioapic_read_reg(0, 1);
	struct resource *r = lookup_resource_containing(&iomem_resource, 0xfec00010);

	KUNIT_ASSERT_NE(test, nr_ioapics_mapped(), 0);
	/* QEMU's own IOAPIC is version 0x20; KVM's in-kernel one (-accel kvm) is an 82093AA, 0x11 */
	KUNIT_EXPECT_TRUE(test, (ver & 0xff) == 0x20 || (ver & 0xff) == 0x11);
	KUNIT_EXPECT_EQ(test, ((ver >> 16) & 0xff) + 1, 24);
	KUNIT_EXPECT_EQ(test, ioapic_read_entry(24), ~0ULL);    /* no pin 24 */
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_STREQ(test, r->name, "IOAPIC 0");
	KUNIT_EXPECT_EQ(test, r->end, 0xfec003ff);
}

/* IRQ 0 arrives on GSI 2, as the MADT says; the serial port's IRQ 4 is live, to CPU 0. */
static void apic_isa_routing_honours_the_overrides(struct kunit *test)
{
	bool level, low;

	KUNIT_EXPECT_EQ(test, isa_irq_to_gsi(0, &level, &low), 2);
	KUNIT_EXPECT_FALSE(test, level);
	KUNIT_EXPECT_EQ(test, isa_irq_to_gsi(4, &level, &low), 4);
	KUNIT_EXPECT_EQ(test, ioapic_read_entry(4) & 0x100ff, ISA_IRQ_VECTOR(4));  /* unmasked */
	/* device interrupts go to the boot CPU (drivers/ioapic.c says why) */
	KUNIT_ASSERT_EQ(test, smp_processor_id(), 0);
	KUNIT_EXPECT_EQ(test, ioapic_read_entry(4) >> 56, lapic_id());
}

/* Wait, at most ms of TSC time, for timer 0's interrupt count to differ from before. */
static bool hpet_tick_after(unsigned long before, unsigned int ms)
{
	u64 give_up = local_clock() + ms * NSEC_PER_MSEC;

	while (READ_ONCE(hpet_ticks) == before && local_clock() < give_up)
		cpu_relax();
	return READ_ONCE(hpet_ticks) != before;
}

/*
 * The HPET's 100 Hz tick on GSI 2: masked, nothing arrives in 50 ms;
 * unmasked, it resumes.  Arrivals are waited for up to a second, so a busy
 * host only makes the case slower.
 */
static void apic_masking_stops_delivery(struct kunit *test)
{
	unsigned long before;

	if (!hpet_present())
		kunit_skip(test, "needs the HPET's timer as an interrupt source");
	KUNIT_ASSERT_EQ(test, hpet_periodic(100), 0);
	KUNIT_EXPECT_TRUE(test, hpet_tick_after(hpet_ticks, 1000));
	KUNIT_ASSERT_EQ(test, ioapic_mask_gsi(2, true), 0);
	mdelay(1);                      /* one already on its way may still land */
	before = hpet_ticks;
	mdelay(50);
	KUNIT_EXPECT_EQ(test, hpet_ticks, before);
	KUNIT_ASSERT_EQ(test, ioapic_mask_gsi(2, false), 0);
	KUNIT_EXPECT_TRUE(test, hpet_tick_after(before, 1000));
	hpet_periodic(0);
}

static struct kunit_case apic_cases[] = {
	KUNIT_CASE(apic_lapic_is_enabled_and_claimed),
	KUNIT_CASE(apic_timer_calibration_is_stable),
	KUNIT_CASE(apic_oneshot_timer_interrupt_arrives),
	KUNIT_CASE(apic_tick_runs_on_every_cpu),
	KUNIT_CASE(apic_ioapic_matches_its_version_register),
	KUNIT_CASE(apic_isa_routing_honours_the_overrides),
	KUNIT_CASE(apic_masking_stops_delivery),
	{}
};

static struct kunit_suite apic_suite = {
	.name = "apic",
	.test_cases = apic_cases,
};
kunit_test_suite(apic_suite);
