/*
 * Boot timings, measured on every boot but printed only when benchmarking:
 *   mm_init          memblock to the resource trees (mm/init.c)
 *   boot_to_prompt   the kernel's clock at the monitor's first prompt; a
 *                    "bench" boot powers off before the prompt, so only the
 *                    monitor's bench command has it
 */
#include <kernel/bench.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <mm/mm.h>

static void bench_boot(void)
{
	pr_info("BENCH mm_init ms=%llu\n", (unsigned long long)(mm_init_ns / NSEC_PER_MSEC));
	if (boot_to_prompt_ns)
		pr_info("BENCH boot_to_prompt ms=%llu\n",
			(unsigned long long)(boot_to_prompt_ns / NSEC_PER_MSEC));
	else
		pr_info("BENCHINFO boot_to_prompt: no prompt yet (a bench= boot)\n");
}
BENCH_CASE("boot", bench_boot);
