/*
 * Weak stand-ins for what other subsystems provide (the user-space work of
 * issue 10 lands lane by lane): each does nothing or fails, so fs/ links and
 * its kernel-buffer paths run before the real ones exist.  The real
 * definitions, when linked, replace these.
 */
#include <errno.h>
#include <fs/fs.h>
#include <asm/processor.h>
#include <kernel/percpu.h>
#include <kernel/sched.h>
#include <kernel/seq_file.h>
#include <kernel/uaccess.h>

#include "internal.h"
#include "proc/internal.h"

/* kernel/sched.c: no task runs yet, so current is NULL (init_files, init_fs). */
__weak DEFINE_PER_CPU(struct task_struct *, current_task);

/* mm/uaccess.c: no user space yet; every user access fails. */
__weak unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return n;
}

__weak unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return n;
}

__weak long strncpy_from_user(char *dst, const char __user *src, long count)
{
	return -EFAULT;
}

/* kernel/pid.c: no tasks yet. */
__weak struct task_struct *find_get_task_by_vpid(int pid)
{
	return NULL;
}

__weak void put_task_struct(struct task_struct *t)
{
}

/* The /proc/PID views of kernel/ and mm/: empty until they land. */
__weak int proc_pid_maps_show(struct seq_file *m, struct task_struct *task)
{
	return 0;
}

__weak int proc_pid_stat_show(struct seq_file *m, struct task_struct *task)
{
	return 0;
}

__weak int proc_pid_status_show(struct seq_file *m, struct task_struct *task)
{
	return 0;
}

__weak int proc_pid_cmdline_show(struct seq_file *m, struct task_struct *task)
{
	return 0;
}

__weak int __get_user_size(void *val, const void __user *ptr, unsigned long size)
{
	return -EFAULT;
}

/* No scheduler yet: a sleep of one tick is a pause (the caller checks the time). */
__weak long schedule_timeout_interruptible(long timeout)
{
	cpu_relax();
	return 0;
}

__weak int __put_user_size(const void *val, void __user *ptr, unsigned long size)
{
	return -EFAULT;
}
