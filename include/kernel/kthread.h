/*
 * Kernel threads (Linux's include/linux/kthread.h): a task that runs a
 * function in the kernel, with no user address space, named like Linux's
 * ("kworker/1", ...) in ps.  It ends when the function returns (do_exit with
 * its value) and is released at once: nobody waits for it.
 */
#ifndef ATLAS_KERNEL_KTHREAD_H
#define ATLAS_KERNEL_KTHREAD_H

#include <kernel/compiler.h>
#include <kernel/err.h>

struct task_struct;

/*
 * A kernel thread that will run threadfn(data) on cpu (-1: the least busy
 * online CPU) when started with wake_up_new_task; named by namefmt.
 * ERR_PTR(-ENOMEM or -EAGAIN) on failure.  Take a reference
 * (get_task_struct) before starting it to use the task after it may end.
 */
__printf(4, 5) struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
							 int cpu, const char *namefmt, ...);

/* As kthread_create_on_cpu(fn, data, -1, ...), started at once (Linux's kthread_run). */
#define kthread_run(threadfn, data, namefmt, ...) \
	kthread_run_on_cpu(threadfn, data, -1, namefmt, ##__VA_ARGS__)

/* Create on cpu and start; the task or ERR_PTR. */
__printf(4, 5) struct task_struct *kthread_run_on_cpu(int (*threadfn)(void *data), void *data,
						      int cpu, const char *namefmt, ...);

#endif
