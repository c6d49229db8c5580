/*
 * Weak stand-ins for other lanes' functions that mm/ calls, so the tree
 * links before they land (the integrator deletes this file once they have):
 * files are never shared (get_file/fput do nothing), kernel_read reads
 * nothing, force_sig does nothing, and current is NULL.
 */
#include <errno.h>
#include <kernel/compiler.h>
#include <kernel/err.h>
#include <kernel/percpu.h>
#include <kernel/sched.h>
#include "internal_user.h"

__weak struct file *get_file(struct file *f) { return f; }
__weak void fput(struct file *f) { (void)f; }
/* Until lane fs lands: straight to the file's read with a kernel buffer (tests' own files). */
__weak long kernel_read(struct file *f, void *buf, size_t count, loff_t *pos)
{
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, buf, count, pos);
}
__weak char *file_path(struct file *f, char *buf, int len)
{
	(void)f; (void)buf; (void)len;
	return ERR_PTR(-ENOENT);
}
__weak struct file *fget(unsigned int fd) { (void)fd; return NULL; }
__weak void force_sig(int sig) { (void)sig; }
__weak DEFINE_PER_CPU(struct task_struct *, current_task);
