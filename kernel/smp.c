/*
 * Running functions on other CPUs.  One CPU for now: every call runs here.
 */
#include <errno.h>
#include <kernel/irqflags.h>
#include <kernel/smp.h>

void smp_call_function(smp_call_func_t func, void *info, int wait)
{
	(void)func;
	(void)info;
	(void)wait;
}

int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait)
{
	unsigned long flags;

	if (cpu != (int)smp_processor_id())
		return -ENXIO;
	local_irq_save(flags);
	func(info);
	local_irq_restore(flags);
	return 0;
}

void on_each_cpu(smp_call_func_t func, void *info, int wait)
{
	smp_call_function_single((int)smp_processor_id(), func, info, wait);
}
