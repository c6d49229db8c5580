/*
 * Benchmarks: loops timed with the TSC, printed as the Linux module in the
 * project's reference set prints them, so that the two compare line by line:
 *     BENCH <name> cycles_per_op=<n> ns_per_op=<n>
 * A benchmark registers with BENCH_CASE() in the .bench_cases section and
 * reports with bench_report().  They run on "bench" on the command line
 * (make bench) or the monitor's bench command.
 */
#ifndef ATLAS_KERNEL_BENCH_H
#define ATLAS_KERNEL_BENCH_H

#include <kernel/compiler.h>
#include <kernel/types.h>

struct bench_case {
	const char *name;
	void (*fn)(void);
};

#define BENCH_CASE(cname, cfn) \
	static const struct bench_case __bench_##cfn \
	__section(".bench_cases") __used __aligned(8) = { .name = cname, .fn = cfn }

/* Keep the compiler from optimising a value or a loop away (the module's HIDE). */
#define HIDE(x) __asm__ volatile("" : : "r"(x) : "memory")

/* A timestamp: TSC cycles and nanoseconds. */
struct bench_time {
	u64 cycles;
	u64 ns;
};

void bench_start(struct bench_time *t);
/* Add the time since bench_start(t) to *acc. */
void bench_stop(struct bench_time *t, struct bench_time *acc);
/* Print one BENCH line: the totals divided by n, rounded. */
void bench_report(const char *name, const struct bench_time *total, u64 n);

/*
 * Run the benchmarks whose names contain filter (all when NULL or empty).
 * Returns 0, or -ENOENT after one line if no name contains it.
 */
int bench_run_all(const char *filter);

#endif
