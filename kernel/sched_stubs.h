/*
 * What the scheduler calls in other lanes' subsystems (mm, fs, signals), with
 * Linux's signatures; kernel/sched_stubs.c has weak stand-ins until they land.
 */
#ifndef ATLAS_KERNEL_SCHED_STUBS_H
#define ATLAS_KERNEL_SCHED_STUBS_H

#include <kernel/compiler.h>
#include <kernel/types.h>

struct mm_struct;
struct task_struct;
struct files_struct;
struct fs_struct;
struct pt_regs;
struct file;

void switch_mm(struct mm_struct *prev, struct mm_struct *next, struct task_struct *tsk);
void mmput(struct mm_struct *mm);
struct mm_struct *dup_mm(struct task_struct *tsk, struct mm_struct *oldmm);
struct files_struct *dup_fd(struct files_struct *oldf);
void put_files_struct(struct files_struct *files);
struct fs_struct *copy_fs_struct(struct fs_struct *fs);
void free_fs_struct(struct fs_struct *fs);
int copy_sighand(unsigned long clone_flags, struct task_struct *t);
void exit_sighand(struct task_struct *t);
void flush_signal_handlers(struct task_struct *t, int force_default);
bool do_notify_parent(struct task_struct *t, int sig);
void arch_do_signal_or_restart(struct pt_regs *regs);
int do_execve(const char *filename, const char __user *const __user *argv,
	      const char __user *const __user *envp);
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp);
void force_sig(int sig);
struct file *filp_open(const char *filename, int flags, unsigned int mode);
int get_unused_fd_flags(unsigned int flags);
void fd_install(unsigned int fd, struct file *file);
void fput(struct file *file);
void do_user_addr_fault(struct pt_regs *regs, unsigned long error_code, unsigned long address);

#endif
