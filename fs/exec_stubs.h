/*
 * What exec calls in other subsystems, declared as their owners declare them
 * (include/fs/fs.h, include/kernel/sched.h, include/kernel/signal.h);
 * fs/exec_stubs.c has weak stand-ins until they land.
 */
#ifndef ATLAS_FS_EXEC_STUBS_H
#define ATLAS_FS_EXEC_STUBS_H

#include <asm/ptrace.h>
#include <fs/fs.h>
#include <kernel/types.h>

struct pt_regs;
struct task_struct;

struct file *filp_open(const char *path, int flags, umode_t mode);
long kernel_read(struct file *f, void *buf, size_t count, loff_t *pos);
struct file *get_file(struct file *f);
void fput(struct file *f);
void do_close_on_exec(struct files_struct *files);
void flush_signal_handlers(struct task_struct *t, int force_default);
void __set_task_comm(struct task_struct *t, const char *name);
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);
void vfork_release(struct task_struct *t);

#ifndef task_pt_regs
/* The user registers at the top of t's kernel stack (lane sched's definition). */
#define task_pt_regs(t) \
	((struct pt_regs *)((unsigned long)(t)->stack + THREAD_SIZE) - 1)
#endif

#endif
