/*
 * Weak stand-ins for what the monitor's `run` needs from lanes sched and mm
 * (kernel/monitor_run.h), so that it links before they land: `run` then
 * says it cannot start the program.  This file goes once they are on main.
 */
#include <errno.h>
#include <kernel/compiler.h>
#include <kernel/panic.h>

#include "monitor_run.h"

__weak int kernel_thread(int (*fn)(void *), void *arg, unsigned long flags)
{
	return -ENOSYS;
}

__weak int kernel_wait4(int pid, int *status, int options)
{
	return -ECHILD;
}

__weak void do_exit(long code)
{
	panic("do_exit: no scheduler yet");
}

__weak int kernel_execve(const char *filename, const char *const *argv,
			 const char *const *envp)
{
	return -ENOSYS;
}
