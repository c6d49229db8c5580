/*
 * SMP benchmarks, with the reference Linux module's shapes (kbench.c:
 * bench_smp_call, bench_vfree_shootdown), run from CPU 0 with CPU 1 idle:
 *
 * smp_call_function_single: one op = smp_call_function_single(1, empty_fn,
 * NULL, wait=1): queue the call for CPU 1, send the IPI, CPU 1 wakes from
 * its idle hlt and runs the function, CPU 0 spins until CPU 1 unlocks the
 * csd: one round trip to another CPU, back to back.
 *
 * vfree_shootdown_1p: one op = vmalloc(PAGE_SIZE), a write on CPU 0, a write
 * on CPU 1 (so that its TLB holds the translation), vfree, then
 * vm_unmap_aliases(), which purges the area at once: flush_tlb_kernel_range
 * of its two pages (page and guard page) here and by IPI on every other
 * online CPU, waited for.
 *
 * Both need a second CPU; with one they print a BENCHINFO line saying so.
 */
#include <errno.h>
#include <kernel/bench.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <mm/vmalloc.h>

#define IPI_N        10000
#define SHOOT_N      10000
#define WARMUP_N     100
#define SMP_DST_CPU  1          /* the target; the benchmarks run on CPU 0 */

static bool smp_bench_possible(const char *name)
{
	if (num_online_cpus() > 1 && cpu_online(SMP_DST_CPU))
		return true;
	pr_info("BENCHINFO %s skipped: needs CPU %d online, %u CPU(s) online\n", name,
		SMP_DST_CPU, num_online_cpus());
	return false;
}

static void empty_fn(void *info)
{
}

static void bench_smp_call(void)
{
	struct bench_time t, total = { 0, 0 };
	int err;

	pr_info("BENCHINFO smp cpu=%u target_cpu=%d online_cpus=%u\n", smp_processor_id(),
		cpu_online(SMP_DST_CPU) ? SMP_DST_CPU : -1, num_online_cpus());
	if (!smp_bench_possible("smp_call_function_single"))
		return;
	for (int i = 0; i < WARMUP_N; i++) {
		err = smp_call_function_single(SMP_DST_CPU, empty_fn, NULL, 1);
		if (err) {
			pr_info("BENCHINFO smp_call_function_single failed: %d\n", err);
			return;
		}
	}
	bench_start(&t);
	for (int i = 0; i < IPI_N; i++)
		smp_call_function_single(SMP_DST_CPU, empty_fn, NULL, 1);
	bench_stop(&t, &total);
	bench_report("smp_call_function_single", &total, IPI_N);
}
BENCH_CASE("smp_call_function_single", bench_smp_call);

static void touch_fn(void *p)
{
	WRITE_ONCE(*(int *)p, 1);
}

static int shootdown_once(void)
{
	int *p = vmalloc(PAGE_SIZE);

	if (!p)
		return -ENOMEM;
	WRITE_ONCE(*p, 0);
	smp_call_function_single(SMP_DST_CPU, touch_fn, p, 1);
	vfree(p);
	vm_unmap_aliases();
	return 0;
}

static void bench_vfree_shootdown(void)
{
	struct bench_time t, total = { 0, 0 };

	if (!smp_bench_possible("vfree_shootdown_1p"))
		return;
	for (int i = 0; i < WARMUP_N; i++)       /* also purges what earlier benchmarks left */
		if (shootdown_once()) {
			pr_info("BENCHINFO vfree_shootdown: vmalloc failed\n");
			return;
		}
	bench_start(&t);
	for (int i = 0; i < SHOOT_N; i++)
		shootdown_once();
	bench_stop(&t, &total);
	bench_report("vfree_shootdown_1p", &total, SHOOT_N);
}
BENCH_CASE("vfree_shootdown_1p", bench_vfree_shootdown);
