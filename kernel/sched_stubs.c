/*
 * Weak stand-ins for other lanes' functions the scheduler calls, so that the
 * kernel links and runs before they land: lane mm's exec (fs/exec.c), lane
 * signals' user FPU state (kernel/fpu.c).  The
 * integrator deletes this file once the real ones are on main.
 */
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <errno.h>
#include <fs/fs.h>
#include <kernel/compiler.h>
#include <kernel/err.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <mm/mm_types.h>
#include <mm/page.h>

#include "sched_stubs.h"

__weak int do_execve(const char *filename, const char __user *const __user *argv,
		     const char __user *const __user *envp)
{
	return -ENOEXEC;
}

__weak int kernel_execve(const char *filename, const char *const *argv, const char *const *envp)
{
	return -ENOEXEC;
}

__weak void fpu_flush_thread(struct task_struct *t)
{
}
