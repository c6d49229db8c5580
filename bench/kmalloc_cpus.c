/*
 * kmalloc_pair_64 on one CPU and on every CPU at once, as the reference
 * Linux module's bench_kmalloc_cpus (kbench.c): one op = kmalloc(64,
 * GFP_KERNEL) + kfree, KM_CPUS_N times on each CPU of the set (onecpu: CPU 0
 * alone; allcpus: every online CPU), each after a warm-up and a spin barrier
 * so that the loops run at the same time.  Reported: the mean over the CPUs
 * of each one's own cycles per op; the BENCHINFO line gives each CPU's
 * figure and how far apart the loops started and ended, to show they
 * overlapped:
 *
 *   BENCHINFO kmalloc_pair_64_allcpus cpus=2 n=1000000 cycles_per_op: cpu0=658 cpu1=584 start_spread_us=36 end_spread_us=35139
 *   BENCH kmalloc_pair_64_allcpus cycles_per_op=621 ns_per_op=296
 *
 * The loops run in process context on each CPU (run_on_each_cpu).  A
 * per-CPU slab makes the fast path touch nothing shared, so each CPU's
 * figure should stay near the one-CPU one.
 */
#include <asm/atomic.h>
#include <kernel/bench.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <mm/slab.h>

#define KM_CPUS_N       1000000
#define KM_WARMUP       1000
#define BARRIER_WAIT_NS (10ULL * NSEC_PER_SEC)  /* a CPU that never comes: give up */

#define OPTIMIZER_HIDE_VAR(v) __asm__("" : "+r"(v))

struct km_worker {
	u64 cycles, ns, t0, t1;         /* own loop; local_clock at its start and end */
	bool ran;
};

static struct km_worker km_workers[NR_CPUS];
static atomic_t km_ready;
static unsigned int km_nr;
static bool km_onecpu;

static void km_worker_fn(void *unused)
{
	struct km_worker *w = &km_workers[smp_processor_id()];
	u64 give_up = local_clock() + BARRIER_WAIT_NS;
	struct bench_time t, acc = { 0, 0 };
	size_t sz = 64;

	if (km_onecpu && smp_processor_id() != 0)
		return;
	OPTIMIZER_HIDE_VAR(sz);
	for (int i = 0; i < KM_WARMUP; i++)
		kfree(kmalloc(sz, GFP_KERNEL));
	atomic_inc(&km_ready);
	while ((unsigned int)atomic_read(&km_ready) < km_nr && local_clock() < give_up)
		__asm__ volatile("pause");
	bench_start(&t);
	for (int i = 0; i < KM_CPUS_N; i++) {
		void *p = kmalloc(sz, GFP_KERNEL);

		HIDE(p);
		kfree(p);
	}
	bench_stop(&t, &acc);
	*w = (struct km_worker){ acc.cycles, acc.ns, t.ns, t.ns + acc.ns, true };
}

/* The BENCHINFO and BENCH lines for the CPUs that ran. */
static void km_report(const char *name)
{
	u64 cycles = 0, ns = 0, t0_min = ~0ULL, t0_max = 0, t1_min = ~0ULL, t1_max = 0;
	char line[512];
	unsigned int cpu, n = 0;
	int len;

	len = snprintf(line, sizeof(line), "BENCHINFO %s cpus=%u n=%d cycles_per_op:", name, km_nr,
		       KM_CPUS_N);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct km_worker *w = &km_workers[cpu];

		if (!w->ran)
			continue;
		n++;
		cycles += w->cycles / KM_CPUS_N;
		ns += w->ns / KM_CPUS_N;
		t0_min = min(t0_min, w->t0);
		t0_max = max(t0_max, w->t0);
		t1_min = min(t1_min, w->t1);
		t1_max = max(t1_max, w->t1);
		if (len < (int)sizeof(line))
			len += snprintf(line + len, sizeof(line) - len, " cpu%u=%llu", cpu,
					(unsigned long long)(w->cycles / KM_CPUS_N));
	}
	if (!n)
		return;
	pr_info("%s start_spread_us=%llu end_spread_us=%llu\n", line,
		(unsigned long long)((t0_max - t0_min) / 1000),
		(unsigned long long)((t1_max - t1_min) / 1000));
	pr_info("BENCH %s cycles_per_op=%llu ns_per_op=%llu\n", name,
		(unsigned long long)(cycles / n), (unsigned long long)(ns / n));
}

static void km_run(bool onecpu, const char *name)
{
	unsigned int cpu;

	memset(km_workers, 0, sizeof(km_workers));
	atomic_set(&km_ready, 0);
	km_onecpu = onecpu;
	km_nr = 0;
	for_each_online_cpu(cpu)
		km_nr++;
	if (onecpu)
		km_nr = 1;
	run_on_each_cpu(km_worker_fn, NULL);
	km_report(name);
}

static void bench_kmalloc_cpus(void)
{
	km_run(true, "kmalloc_pair_64_onecpu");
	km_run(false, "kmalloc_pair_64_allcpus");
}
BENCH_CASE("kmalloc_pair_64_cpus", bench_kmalloc_cpus);
