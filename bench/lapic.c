/*
 * Local APIC benchmark (not in the reference Linux module): 100,000 reads of
 * the LAPIC's ID register through the kernel's mapping.  Each read traps into
 * QEMU's APIC model, as a readl of the HPET does: compare the two.
 */
#include <asm/apic.h>
#include <kernel/bench.h>

#define PIO_N 100000

/* The local APIC's ID register: another trap into the emulator per read. */
static void bench_lapic(void)
{
	struct bench_time t, total = { 0, 0 };
	u32 sum = 0;

	bench_start(&t);
	for (int i = 0; i < PIO_N; i++)
		sum += lapic_read(APIC_ID);
	bench_stop(&t, &total);
	HIDE(sum);
	bench_report("readl_lapic_id", &total, PIO_N);
}
BENCH_CASE("readl_lapic_id", bench_lapic);
