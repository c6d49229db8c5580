/*
 * Weak stand-ins for other lanes' functions the scheduler calls (mm, fs,
 * signals), so that the kernel links and runs before they land.  The
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

__weak void switch_mm(struct mm_struct *prev, struct mm_struct *next, struct task_struct *tsk)
{
	write_cr3(__pa(next->pgd));
}

__weak void mmput(struct mm_struct *mm)
{
}

__weak struct mm_struct *dup_mm(struct task_struct *tsk, struct mm_struct *oldmm)
{
	return NULL;
}

__weak struct files_struct *dup_fd(struct files_struct *oldf)
{
	return NULL;
}

__weak void put_files_struct(struct files_struct *files)
{
}

__weak struct fs_struct *copy_fs_struct(struct fs_struct *fs)
{
	return NULL;
}

__weak void free_fs_struct(struct fs_struct *fs)
{
}

__weak int copy_sighand(unsigned long clone_flags, struct task_struct *t)
{
	return 0;
}

__weak void exit_sighand(struct task_struct *t)
{
}

__weak void flush_signal_handlers(struct task_struct *t, int force_default)
{
}

__weak bool do_notify_parent(struct task_struct *t, int sig)
{
	return false;
}

__weak void arch_do_signal_or_restart(struct pt_regs *regs)
{
	clear_tsk_thread_flag(current, TIF_SIGPENDING);
}

__weak int do_execve(const char *filename, const char __user *const __user *argv,
		     const char __user *const __user *envp)
{
	return -ENOEXEC;
}

__weak int kernel_execve(const char *filename, const char *const *argv, const char *const *envp)
{
	return -ENOEXEC;
}

__weak void force_sig(int sig)
{
	do_exit(sig);
}

/* A user fault with nothing to handle it yet: Linux's segfault line, then SIGSEGV. */
__weak void do_user_addr_fault(struct pt_regs *regs, unsigned long error_code,
			       unsigned long address)
{
	pr_info("%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx\n", current->comm,
		current->pid, address, regs->ip, regs->sp, error_code);
	force_sig(11);
}

__weak struct file *filp_open(const char *filename, int flags, unsigned int mode)
{
	return ERR_PTR(-ENOENT);
}

__weak int get_unused_fd_flags(unsigned int flags)
{
	return -EMFILE;
}

__weak void fd_install(unsigned int fd, struct file *file)
{
}

__weak void fput(struct file *file)
{
}

/*
 * User memory access until lane mm's mm/uaccess.c lands: the range is
 * checked against the user half and the copy goes through the kernel's
 * fault-safe copy, so a bad pointer is -EFAULT here too.
 */
__weak unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!access_ok(from, n))
		return n;
	return copy_from_kernel_nofault(to, (const void *)from, n) ? n : 0;
}

__weak unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return copy_to_kernel_nofault((void *)to, from, n) ? n : 0;
}

__weak unsigned long clear_user(void __user *to, unsigned long n)
{
	static const char zeros[64];
	unsigned long done = 0;

	while (done < n) {
		unsigned long c = n - done < sizeof(zeros) ? n - done : sizeof(zeros);

		if (copy_to_user((char __user *)to + done, zeros, c))
			return n - done;
		done += c;
	}
	return 0;
}

__weak int __get_user_size(void *val, const void __user *ptr, unsigned long size)
{
	return copy_from_user(val, ptr, size) ? -EFAULT : 0;
}

__weak int __put_user_size(const void *val, void __user *ptr, unsigned long size)
{
	return copy_to_user(ptr, val, size) ? -EFAULT : 0;
}

__weak long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;

	for (i = 0; i < count; i++) {
		if (copy_from_user(&dst[i], src + i, 1))
			return -EFAULT;
		if (!dst[i])
			return i;
	}
	return count;
}
