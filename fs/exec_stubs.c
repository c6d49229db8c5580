/*
 * Weak stand-ins for what exec needs from lanes fs, sched and signals, so
 * the tree links before they land (the integrator deletes this file once
 * they have): no file can be opened; kernel_read reads through f_op->read
 * into a kernel buffer; the rest does nothing.
 */
#include <errno.h>
#include <kernel/compiler.h>
#include <kernel/err.h>
#include <kernel/sched.h>
#include "exec_stubs.h"

__weak struct file *filp_open(const char *path, int flags, umode_t mode)
{
	(void)path; (void)flags; (void)mode;
	return ERR_PTR(-ENOENT);
}

__weak void do_close_on_exec(struct files_struct *files) { (void)files; }
__weak void flush_signal_handlers(struct task_struct *t, int force_default)
{
	(void)t; (void)force_default;
}
__weak void __set_task_comm(struct task_struct *t, const char *name) { (void)t; (void)name; }
__weak void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	(void)regs; (void)ip; (void)sp;
}
__weak void vfork_release(struct task_struct *t) { (void)t; }
