/*
 * Bringing up the other CPUs, and running work on them in process context.
 * One CPU for now: the work runs here.
 */
#include <errno.h>
#include <kernel/smp.h>

void run_on_each_cpu(void (*fn)(void *info), void *info)
{
	fn(info);
}

int smp_call_on_cpu(unsigned int cpu, int (*fn)(void *), void *par, bool phys)
{
	(void)phys;
	if (cpu != smp_processor_id())
		return -ENXIO;
	return fn(par);
}
