/*
 * Time since boot from the TSC, calibrated against the 8254 PIT at boot as
 * Linux's pit_calibrate_tsc() does (arch/x86/kernel/tsc.c).  Later the HPET
 * takes over the calibration.
 *
 * Once the HPET is up, tsc_refine_calibration() measures the TSC against it.
 *
 * PIT channel 2 counts down at 1.193182 MHz; its gate and output are wired to
 * port 0x61 bits 0 and 5 (the old speaker logic).  We load it with 5 ms worth
 * of ticks, and count TSC cycles until its output goes high.
 */
#include <asm/io.h>
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

#define TSC_KHZ_MIN     100000UL         /* no x86-64 CPU's TSC is slower than 100 MHz */
#define TSC_KHZ_GUESS   2000000UL        /* 2 GHz, a typical figure */

unsigned long tsc_khz;
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

static u64 pit_measure_tsc(unsigned int ms)
{
	u32 latch = PIT_TICK_RATE * ms / 1000;
	u64 t1, t2;

	outb((inb(PORT_61) & ~PORT_61_SPEAKER) | PORT_61_GATE2, PORT_61);
	outb(PIT_MODE_CH2_ONESHOT, PIT_MODE);
	outb(latch & 0xff, PIT_CH2);
	outb(latch >> 8, PIT_CH2);
	t1 = rdtsc();
	/* a port read takes about 1 us: give up after some 20 times the wait */
	for (unsigned long n = 0; !(inb(PORT_61) & PORT_61_OUT2); n++)
		if (n > 20UL * 1000 * ms)
			return 0;
	t2 = rdtsc();
	return t2 - t1;
}

void tsc_early_init(void)
{
	tsc_at_boot = rdtsc();
}

void tsc_init(void)
{
	u64 best = ~0ULL;

	/* the shorter of two runs is the one less disturbed; the HPET refines it later */
	for (int i = 0; i < 2; i++) {
		u64 d = pit_measure_tsc(CALIBRATE_MS);
		if (d < best)
			best = d;
	}
	if (!best || best == ~0ULL || best / CALIBRATE_MS < TSC_KHZ_MIN) {
		/* no PIT (pit=off) or a broken one: assume a speed, the HPET corrects it */
		pr_warn("tsc: PIT calibration failed: assuming %lu MHz until the HPET measures it\n",
			TSC_KHZ_GUESS / 1000);
		set_tsc_khz(TSC_KHZ_GUESS);
		return;
	}
	set_tsc_khz(best / CALIBRATE_MS);
	pr_info("tsc: Fast TSC calibration using PIT\n");
	pr_info("tsc: Detected %lu.%03lu MHz processor\n", tsc_khz / 1000, tsc_khz % 1000);
}

/* Measure the TSC again over 5 ms of the HPET, a better clock than the PIT. */
void tsc_refine_calibration(void)
{
	u64 t0, h0, t1, h1;

	if (!hpet_present())
		return;
	h0 = hpet_ns();
	t0 = rdtsc();
	while (hpet_ns() - h0 < 5 * NSEC_PER_MSEC)
		cpu_relax();
	h1 = hpet_ns();
	t1 = rdtsc();
	set_tsc_khz((t1 - t0) * NSEC_PER_MSEC / (h1 - h0));
	pr_info("tsc: Refined TSC clocksource calibration: %lu.%03lu MHz\n",
		tsc_khz / 1000, tsc_khz % 1000);
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
