/*
 * /proc/uptime (Linux's fs/proc/uptime.c): seconds since boot, then the time
 * the CPUs spent idle, summed over them, each with two decimals.  Atlas does
 * not account idle time yet, so the second number is 0.00.
 */
#include <fs/proc_fs.h>
#include <kernel/monitor.h>
#include <kernel/time.h>

#define NSEC_PER_CSEC 10000000ULL       /* a hundredth of a second */

static int uptime_proc_show(struct seq_file *m, void *v)
{
	u64 ns = local_clock();

	seq_printf(m, "%llu.%02llu 0.00\n", (unsigned long long)(ns / NSEC_PER_SEC),
		   (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_CSEC));
	return 0;
}
MONITOR_SHOW(uptime, "seconds since boot (/proc/uptime)", uptime_proc_show);
PROC_SHOW("uptime", uptime_proc_show);
