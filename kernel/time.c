/*
 * Time since boot from the TSC, calibrated against the 8254 PIT at boot as
 * Linux's pit_calibrate_tsc() does (arch/x86/kernel/tsc.c).  Later the HPET
 * takes over the calibration.
 *
 * Once the HPET is up, tsc_refine_calibration() measures the TSC against it,
 * with Linux's precautions (tsc_refine_calibration_work, tsc_read_refs): the
 * HPET must count, each reading of it is bracketed by two TSC reads that lie
 * close together (else the CPU was interrupted, or its host thread
 * descheduled, in between, and the reading is taken again), and the wait
 * for the HPET has a bound.  If any of that fails, the PIT's figure stays.
 *
 * PIT channel 2 counts down at 1.193182 MHz; its gate and output are wired to
 * port 0x61 bits 0 and 5 (the old speaker logic).  We load it with 5 ms worth
 * of ticks, and count TSC cycles until its output goes high.
 */
#include <asm/io.h>
#include <errno.h>
#include <asm/processor.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <drivers/hpet.h>

#define PIT_TICK_RATE   1193182         /* Hz: the PC's 14.31818 MHz crystal / 12 */
#define PIT_CH2         0x42
#define PIT_MODE        0x43
#define PIT_MODE_CH2_ONESHOT 0xb0       /* channel 2, lo/hi byte, mode 0, binary */
#define PORT_61         0x61
#define PORT_61_GATE2   0x01
#define PORT_61_SPEAKER 0x02
#define PORT_61_OUT2    0x20
#define CALIBRATE_MS    5
#define PIT_TRIES       5
#define PIT_MAX_POLLS_PER_MS 100000     /* a port read takes 0.1-1 us: the output never rises */
#define PIT_MAX_UNCERTAINTY  100        /* the two ends may blur 1% of a run, no more */

#define REFINE_MS       20              /* the HPET window: the brackets blur it under 0.3% */
#define REFINE_GIVE_UP  20              /* ... given up after 20 times as long by the TSC */
#define MAX_RETRIES     5               /* Linux's tsc_read_refs: disturbed reads tolerated */
#define TSC_DEFAULT_THRESHOLD 0x20000   /* ... and the bracket before the TSC is known */

#define TSC_KHZ_MIN     100000UL         /* no x86-64 CPU's TSC is slower than 100 MHz */
#define TSC_KHZ_GUESS   2000000UL        /* 2 GHz, a typical figure */

unsigned long tsc_khz;
static unsigned long tsc_pit_khz;       /* the PIT's figure; 0 if that failed */
static u64 tsc_at_boot;
static u64 clock_base_ns, clock_base_tsc;       /* local_clock() at the last (re)calibration */

/*
 * Change the TSC's frequency without a jump in local_clock(): time so far is
 * kept in clock_base_ns and counted from there at the new rate.
 */
static void set_tsc_khz(unsigned long khz)
{
	u64 now = rdtsc();

	if (tsc_khz) {
		clock_base_ns = local_clock();
		clock_base_tsc = now;
	} else {
		clock_base_tsc = tsc_at_boot;   /* the first calibration: time since boot */
	}
	tsc_khz = khz;
}

/*
 * TSC cycles while PIT channel 2 counts down ms milliseconds.  The count
 * started during the write of its high byte, and ended during the last poll
 * of its output: the run is refused (0) if the two took over 1/100 of the
 * whole, since the CPU was away then (an SMI; under TCG, QEMU's thread
 * descheduled by a busy host), as Linux's quick_pit_calibrate() bounds its
 * error by its reads' durations.  What happens between the two ends does not
 * matter: both clocks run on.  Also 0 if the output never rises (no PIT):
 * the polls are bounded.
 */
static u64 pit_measure_tsc(unsigned int ms)
{
	u32 latch = PIT_TICK_RATE * ms / 1000;
	u64 t0, t1, prev, now;
	unsigned long polls = 0;

	outb((inb(PORT_61) & ~PORT_61_SPEAKER) | PORT_61_GATE2, PORT_61);
	outb(PIT_MODE_CH2_ONESHOT, PIT_MODE);
	outb(latch & 0xff, PIT_CH2);
	t0 = rdtsc();
	outb(latch >> 8, PIT_CH2);              /* the count starts with its high byte */
	t1 = rdtsc();
	do {
		if (++polls > PIT_MAX_POLLS_PER_MS * ms)
			return 0;
		prev = rdtsc();
	} while (!(inb(PORT_61) & PORT_61_OUT2));
	now = rdtsc();
	if ((t1 - t0) + (now - prev) > (now - t0) / PIT_MAX_UNCERTAINTY)
		return 0;
	return now - t1;
}

void tsc_early_init(void)
{
	tsc_at_boot = rdtsc();
}

void tsc_init(void)
{
	u64 best = ~0ULL;
	int good = 0;

	/* the shortest of two undisturbed runs; the HPET refines it later */
	for (int i = 0; i < PIT_TRIES && good < 2; i++) {
		u64 d = pit_measure_tsc(CALIBRATE_MS);

		if (!d)
			continue;
		good++;
		best = d < best ? d : best;
	}
	if (!good || best / CALIBRATE_MS < TSC_KHZ_MIN) {
		/* no PIT (pit=off), a broken one, or a host too busy: the HPET corrects it */
		pr_warn("tsc: PIT calibration failed: assuming %lu MHz until the HPET measures it\n",
			TSC_KHZ_GUESS / 1000);
		set_tsc_khz(TSC_KHZ_GUESS);
		return;
	}
	tsc_pit_khz = best / CALIBRATE_MS;
	set_tsc_khz(tsc_pit_khz);
	pr_info("tsc: Fast TSC calibration using PIT\n");
	pr_info("tsc: Detected %lu.%03lu MHz processor\n", tsc_khz / 1000, tsc_khz % 1000);
}

bool tsc_reading_undisturbed(u64 t1, u64 t2)
{
	return t2 - t1 < (tsc_khz ? tsc_khz >> 5 : TSC_DEFAULT_THRESHOLD);
}

u64 tsc_read_refs(u64 *hpet_ns_out)
{
	for (int i = 0; i < MAX_RETRIES; i++) {
		u64 t1 = rdtsc(), t2;

		*hpet_ns_out = hpet_ns();
		t2 = rdtsc();
		if (tsc_reading_undisturbed(t1, t2))
			return t2;
	}
	return ~0ULL;
}

/* The TSC's rate over REFINE_MS of the HPET, into *khz; -EIO if the HPET fails us. */
static int tsc_calibrate_hpet(unsigned long *khz)
{
	u64 t0, h0, t1, h1, give_up;

	if (!hpet_counting())
		return -EIO;
	t0 = tsc_read_refs(&h0);
	if (t0 == ~0ULL)
		return -EIO;
	give_up = t0 + (u64)REFINE_GIVE_UP * REFINE_MS * tsc_khz;
	while (hpet_ns() - h0 < REFINE_MS * NSEC_PER_MSEC) {
		if (rdtsc() > give_up)
			return -EIO;    /* the counter stopped on the way */
		cpu_relax();
	}
	t1 = tsc_read_refs(&h1);
	if (t1 == ~0ULL || h1 <= h0)
		return -EIO;
	*khz = (t1 - t0) * NSEC_PER_MSEC / (h1 - h0);
	return 0;
}

int tsc_refine_calibration(void)
{
	unsigned long khz;

	if (!hpet_present())
		return -ENODEV;
	if (tsc_calibrate_hpet(&khz)) {
		if (!tsc_pit_khz) {
			pr_warn("tsc: HPET/PMTIMER calibration failed\n");
			return -EIO;    /* the assumed figure stays: there is no better */
		}
		pr_warn("tsc: HPET/PMTIMER calibration failed. Using PIT calibration.\n");
		set_tsc_khz(tsc_pit_khz);
		return -EIO;
	}
	set_tsc_khz(khz);
	pr_info("tsc: Refined TSC clocksource calibration: %lu.%03lu MHz\n",
		tsc_khz / 1000, tsc_khz % 1000);
	return 0;
}

u64 local_clock(void)
{
	u64 cycles;

	if (!tsc_khz)
		return 0;
	cycles = rdtsc() - clock_base_tsc;
	/* cycles * 1e6 / khz overflows after ~5 hours at 1 GHz; split it */
	return clock_base_ns + cycles / tsc_khz * NSEC_PER_MSEC +
	       cycles % tsc_khz * NSEC_PER_MSEC / tsc_khz;
}

void udelay(unsigned long usecs)
{
	u64 end;

	if (!tsc_khz) {
		while (usecs--)
			io_delay();     /* ~1 us each on PC hardware */
		return;
	}
	end = rdtsc() + (u64)usecs * tsc_khz / 1000;
	while (rdtsc() < end)
		cpu_relax();
}

void mdelay(unsigned long msecs)
{
	u64 end;

	if (!tsc_khz) {
		while (msecs--)
			udelay(1000);
		return;
	}
	end = rdtsc() + (u64)msecs * tsc_khz;   /* one deadline: no error piling up */
	while (rdtsc() < end)
		cpu_relax();
}
