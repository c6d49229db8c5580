/*
 * Kernel threads (Linux's kernel/kthread.c, without kthreadd): made straight
 * from kernel_clone with the function in the new stack's switch frame; when
 * it returns, ret_from_kernel_thread calls do_exit with its value.  Their
 * exit_signal is -1, so they are released as they exit.
 */
#include <kernel/kthread.h>
#include <kernel/sched.h>
#include <kernel/sprintf.h>

#include "sched_internal.h"

static struct task_struct *kthread_create_va(int (*threadfn)(void *), void *data, int cpu,
					     const char *namefmt, va_list ap)
{
	char name[TASK_COMM_LEN];
	struct kernel_clone_args args = {
		.flags = CLONE_VM | CLONE_UNTRACED,
		.exit_signal = -1,
		.fn = threadfn,
		.fn_arg = data,
		.name = name,
		.cpu = cpu,
	};

	vsnprintf(name, sizeof(name), namefmt, ap);
	return copy_process(&args);
}

struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data, int cpu,
					  const char *namefmt, ...)
{
	struct task_struct *t;
	va_list ap;

	va_start(ap, namefmt);
	t = kthread_create_va(threadfn, data, cpu, namefmt, ap);
	va_end(ap);
	return t;
}

struct task_struct *kthread_run_on_cpu(int (*threadfn)(void *data), void *data, int cpu,
				       const char *namefmt, ...)
{
	struct task_struct *t;
	va_list ap;

	va_start(ap, namefmt);
	t = kthread_create_va(threadfn, data, cpu, namefmt, ap);
	va_end(ap);
	if (!IS_ERR(t))
		wake_up_new_task(t);
	return t;
}
