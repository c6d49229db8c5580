/*
 * What the allocators' per-CPU fast paths could be built from, timed: the
 * measurement behind their design (mm/slab.h, mm/page_pcp.c).  One line:
 *
 *   BENCHINFO percpu_ops cycles_per_op: this_cpu_cmpxchg_double=N
 *             local_irq_save_restore=N cmpxchg=N this_cpu_flag=N cx16=0|1
 *
 * this_cpu_cmpxchg_double is SLUB's fast-path step (cmpxchg16b %gs:, no
 * lock prefix); local_irq_save_restore is Linux 6.1's pcp guard; cmpxchg is
 * a locked compare-and-exchange (a spinlock's cost); this_cpu_flag is the
 * store/store pair that marks a per-CPU structure busy, which Atlas uses.
 */
#include <asm/atomic.h>
#include <asm/cmpxchg.h>
#include <asm/processor.h>
#include <kernel/bench.h>
#include <kernel/irqflags.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>

#define PERCPU_OPS_N 1000000

static DEFINE_PER_CPU_ALIGNED(struct cmpxchg_double_pair, bench_pair);
static DEFINE_PER_CPU(unsigned long, bench_flag);
static unsigned long bench_word;

static u64 time_cmpxchg_double(void)
{
	struct bench_time t, acc = { 0, 0 };

	bench_start(&t);
	for (int i = 0; i < PERCPU_OPS_N; i++) {
		unsigned long o1 = this_cpu_read(bench_pair.w0), o2 = this_cpu_read(bench_pair.w1);

		this_cpu_cmpxchg_double(&bench_pair, o1, o2, o1 + 1, o2 + 1);
	}
	bench_stop(&t, &acc);
	return acc.cycles;
}

static u64 time_irq_save_restore(void)
{
	struct bench_time t, acc = { 0, 0 };
	unsigned long flags;

	bench_start(&t);
	for (int i = 0; i < PERCPU_OPS_N; i++) {
		local_irq_save(flags);
		barrier();
		local_irq_restore(flags);
	}
	bench_stop(&t, &acc);
	return acc.cycles;
}

static u64 time_cmpxchg(void)
{
	struct bench_time t, acc = { 0, 0 };

	bench_start(&t);
	for (int i = 0; i < PERCPU_OPS_N; i++) {
		unsigned long o = READ_ONCE(bench_word);

		cmpxchg(&bench_word, o, o + 1);
	}
	bench_stop(&t, &acc);
	return acc.cycles;
}

static u64 time_flag(void)
{
	struct bench_time t, acc = { 0, 0 };

	bench_start(&t);
	for (int i = 0; i < PERCPU_OPS_N; i++) {
		this_cpu_write(bench_flag, 1);
		barrier();
		this_cpu_write(bench_flag, 0);
	}
	bench_stop(&t, &acc);
	return acc.cycles;
}

static void bench_percpu_ops(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	pr_info("BENCHINFO percpu_ops cycles_per_op: this_cpu_cmpxchg_double=%llu local_irq_save_restore=%llu cmpxchg=%llu this_cpu_flag=%llu cx16=%d\n",
		(unsigned long long)(time_cmpxchg_double() / PERCPU_OPS_N),
		(unsigned long long)(time_irq_save_restore() / PERCPU_OPS_N),
		(unsigned long long)(time_cmpxchg() / PERCPU_OPS_N),
		(unsigned long long)(time_flag() / PERCPU_OPS_N), !!(c & X86_FEATURE_CX16_ECX));
}
BENCH_CASE("percpu_ops", bench_percpu_ops);
