/*
 * Weak stand-ins for the other lanes' functions that kernel/signal.c and
 * kernel/sys.c call, so the kernel links before those land (the common
 * brief's rule; the integrator deletes this file once the real ones are on
 * main).  Each one fails safe: no task is found, no user byte is copied.
 */
#include <errno.h>
#include <kernel/compiler.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/sched.h>
#include <kernel/sys.h>
#include <kernel/uaccess.h>

__weak DEFINE_PER_CPU(struct task_struct *, current_task);
__weak int nr_threads = 1;

__weak struct task_struct *find_task_by_vpid(int nr)
{
	return NULL;
}

__weak int wake_up_process(struct task_struct *t)
{
	return 0;
}

__weak void do_exit(long code)
{
	panic("do_exit(%ld) before lane sched's exit landed", code);
}

__weak unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return n;
}

__weak unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return n;
}

__weak int __get_user_size(void *val, const void __user *ptr, unsigned long size)
{
	return -EFAULT;
}

__weak int __put_user_size(const void *val, void __user *ptr, unsigned long size)
{
	return -EFAULT;
}

/* lane sched: the task list, the scheduler, exit */
__weak struct task_struct init_task = { .tasks = LIST_HEAD_INIT(init_task.tasks) };
__weak DEFINE_SPINLOCK(tasklist_lock);

__weak int wake_up_state(struct task_struct *t, unsigned int state)
{
	return 0;
}

__weak void schedule(void)
{
}

__weak void do_group_exit(int exit_code)
{
	do_exit(exit_code);
}
