/*
 * The benchmark runner (see kernel/bench.h) and the benchmarks that need no
 * subsystem: the empty loop and port reads.  Loop shapes and counts are those
 * of the reference Linux module (PIO_N = 100,000).
 */
#include <asm/io.h>
#include <drivers/serial.h>
#include <errno.h>
#include <kernel/bench.h>
#include <kernel/cmdline.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/time.h>

#define LOOP_N 1000000
#define PIO_N  100000

extern const struct bench_case __bench_cases_start[];
extern const struct bench_case __bench_cases_end[];

/* rdtsc is not ordered with earlier instructions; lfence makes it so (Linux's rdtsc_ordered). */
static u64 rdtsc_ordered(void)
{
	u32 lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((u64)hi << 32) | lo;
}

void bench_start(struct bench_time *t)
{
	t->ns = local_clock();
	t->cycles = rdtsc_ordered();
}

void bench_stop(struct bench_time *t, struct bench_time *acc)
{
	u64 c = rdtsc_ordered(), ns = local_clock();

	acc->cycles += c - t->cycles;
	acc->ns += ns - t->ns;
}

void bench_report(const char *name, const struct bench_time *total, u64 n)
{
	pr_info("BENCH %s cycles_per_op=%llu ns_per_op=%llu\n", name,
		(unsigned long long)((total->cycles + n / 2) / n),
		(unsigned long long)((total->ns + n / 2) / n));
}

static bool bench_selected(const struct bench_case *b, const char *filter)
{
	return !filter || !*filter || strstr(b->name, filter);
}

int bench_run_all(const char *filter)
{
	const struct bench_case *b;

	for (b = __bench_cases_start; b < __bench_cases_end; b++)
		if (bench_selected(b, filter))
			break;
	if (b == __bench_cases_end) {
		pr_err("bench: no benchmark name contains '%s'\n", filter);
		return -ENOENT;
	}
	pr_info("BENCHINFO start tsc_khz=%lu\n", tsc_khz);
	for (; b < __bench_cases_end; b++)
		if (bench_selected(b, filter))
			b->fn();
	pr_info("BENCHINFO end\n");
	return 0;
}

KERNEL_PARAM("bench", "run the benchmarks at boot (bench=TEXT: those whose names contain it)");

/* bench [FILTER]: the BENCH lines go to the kernel log, as at boot. */
static int bench_cmd(struct seq_file *m, int argc, char **argv)
{
	if (argc > 2)
		return -EINVAL;
	return bench_run_all(argc == 2 ? argv[1] : NULL);
}
MONITOR_CMD(bench, "[FILTER]", "run the benchmarks (BENCH lines)", bench_cmd);

static void bench_loop_overhead(void)
{
	struct bench_time t, total = { 0, 0 };

	bench_start(&t);
	for (int i = 0; i < LOOP_N; i++)
		HIDE(i);
	bench_stop(&t, &total);
	bench_report("loop_overhead", &total, LOOP_N);
}
BENCH_CASE("loop_overhead", bench_loop_overhead);

static void bench_inb(const char *name, u16 port)
{
	struct bench_time t, total = { 0, 0 };
	unsigned int sum = 0;

	bench_start(&t);
	for (int i = 0; i < PIO_N; i++)
		sum += inb(port);
	bench_stop(&t, &total);
	HIDE(sum);
	bench_report(name, &total, PIO_N);
}

/* Port 0x80: the POST-code port, decoded by no device: the bare cost of an I/O exit. */
static void bench_inb_0x80(void)
{
	bench_inb("inb_0x80", 0x80);
}
BENCH_CASE("inb_0x80", bench_inb_0x80);

/* The UART's line status register: an emulated device register. */
static void bench_inb_uart_lsr(void)
{
	bench_inb("inb_0x3fd_uart_lsr", COM1_BASE + 5);
}
BENCH_CASE("inb_0x3fd_uart_lsr", bench_inb_uart_lsr);
