/*
 * Stand-ins for what other lanes of issue 10 provide, so that the console
 * tty links before they land; each is weak, so the real one wins.  This file
 * goes once register_chrdev (fs), kill_pgrp (signals) and the uaccess
 * functions (mm) are on main.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/compiler.h>
#include <kernel/percpu.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>

#include "tty_internal.h"

__weak int register_chrdev(unsigned int major, const char *name,
			   const struct file_operations *fops)
{
	return -ENOSYS;
}

__weak int kill_pgrp(int pgrp, int sig)
{
	return -ENOSYS;
}

__weak unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return n;
}

__weak unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
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

/* lane sched's: NULL (no task) until the scheduler is on main */
__weak DEFINE_PER_CPU(struct task_struct *, current_task);
