/*
 * /proc/PID and /proc/self (Linux's fs/proc/base.c): a directory per process
 * (thread-group leader), made by the lookup that names it and freed when the
 * walk is done, holding cmdline, maps, stat and status.  Each file is printed
 * by its owner's show function with the task (kernel/ and mm/ write them);
 * the task is looked up again at each fill, so a file of a process that has
 * gone reads as -ESRCH.  /proc/self is a symlink to the reader's own pid.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/sched.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/slab.h>

#include "../internal.h"
#include "internal.h"

struct pid_entry {
	const char *name;
	umode_t mode;
	int (*show)(struct seq_file *m, struct task_struct *task);
};

static const struct pid_entry tgid_base_stuff[] = {
	{ "cmdline", S_IFREG | 0444, proc_pid_cmdline_show },
	{ "maps",    S_IFREG | 0444, proc_pid_maps_show },
	{ "stat",    S_IFREG | 0444, proc_pid_stat_show },
	{ "status",  S_IFREG | 0444, proc_pid_status_show },
};

/* readdir's inode number of /proc/PID's entry i (unique; 0 would hide it) */
#define PROC_PID_INO(pid, i) (((u64)(pid) << 8) + (i) + 1)

/* The pid a /proc/PID directory (or a file in it) stands for. */
static int proc_dir_pid(struct dentry *dir)
{
	return (int)(long)dir->d_inode->i_private;
}

/* A decimal pid without sign or leading zero, or -1. */
static int name_to_pid(const char *name)
{
	int pid = 0;

	if (name[0] < '1' || name[0] > '9')
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || pid >= PID_MAX_DEFAULT)
			return -1;
		pid = pid * 10 + (*name - '0');
	}
	return pid < PID_MAX_DEFAULT ? pid : -1;
}

/* Whether pid is a live thread-group leader (a process). */
static bool pid_is_process(int pid)
{
	struct task_struct *t = find_get_task_by_vpid(pid);
	bool r = t && t->tgid == pid;

	if (t)
		put_task_struct(t);
	return r;
}

static int pid_file_fill(struct file *f, struct seq_file *m)
{
	const struct pid_entry *e = f->f_inode->i_private;
	struct task_struct *t = find_get_task_by_vpid(proc_dir_pid(f->f_dentry->d_parent));
	int err;

	if (!t)
		return -ESRCH;
	err = e->show(m, t);
	put_task_struct(t);
	return err;
}

static long pid_file_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	return proc_seq_read(f, buf, count, pos, pid_file_fill);
}

static const struct file_operations proc_pid_file_operations = {
	.llseek = proc_seq_lseek,
	.read = pid_file_read,
	.release = proc_seq_release,
	.no_splice_read = true,         /* Linux 6.1's seq_read files: no sendfile */
};

static struct dentry *proc_pid_lookup(struct inode *dir, struct dentry *parent, const char *name)
{
	for (unsigned int i = 0; i < sizeof(tgid_base_stuff) / sizeof(tgid_base_stuff[0]); i++) {
		const struct pid_entry *e = &tgid_base_stuff[i];

		if (!strcmp(name, e->name))
			return proc_lookup_dentry(parent, name, proc_new_inode(e->mode,
						  &proc_pid_file_operations, (void *)e));
	}
	return NULL;
}

static int proc_pid_dir_readdir(struct file *f, void *arg)
{
	struct dir_context *ctx = arg;
	const unsigned int n = sizeof(tgid_base_stuff) / sizeof(tgid_base_stuff[0]);

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, f->f_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, f->f_dentry->d_parent->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	for (; ctx->pos - 2 < n; ctx->pos++) {
		const struct pid_entry *e = &tgid_base_stuff[ctx->pos - 2];

		/* readdir skips an entry whose d_ino is 0: give each a number of its own */
		if (!dir_emit(ctx, e->name, strlen(e->name), PROC_PID_INO(proc_dir_pid(f->f_dentry),
			      ctx->pos - 2), fs_umode_to_dtype(e->mode)))
			return 0;
	}
	return 0;
}

static const struct inode_operations proc_pid_dir_inode_operations = {
	.lookup = proc_pid_lookup,
};

static const struct file_operations proc_pid_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_pid_dir_readdir,
};

struct dentry *proc_pid_dir_lookup(struct dentry *parent, const char *name)
{
	int pid = name_to_pid(name);
	struct inode *inode;

	if (pid < 0 || !pid_is_process(pid))
		return NULL;
	inode = proc_new_inode(S_IFDIR | 0555, &proc_pid_dir_operations, (void *)(long)pid);
	if (inode)
		inode->i_op = &proc_pid_dir_inode_operations;
	return proc_lookup_dentry(parent, name, inode);
}

void proc_pid_readdir(struct dir_context *ctx)
{
	for (int pid = ctx->pos - PROC_PID_POS; pid < PID_MAX_DEFAULT; pid++) {
		char name[12];

		if (!pid_is_process(pid))
			continue;
		ctx->pos = PROC_PID_POS + pid;
		if (!dir_emit(ctx, name, snprintf(name, sizeof(name), "%d", pid), pid, DT_DIR))
			return;
	}
	ctx->pos = PROC_PID_POS + PID_MAX_DEFAULT;
}

/* /proc/self: the reader's pid (its thread group's), made at each lookup. */
static char *proc_self_get_link(struct dentry *dentry)
{
	struct task_struct *t = current;
	char *buf;

	if (!t)
		return ERR_PTR(-ENOENT);        /* no process is reading */
	buf = kmalloc(12, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	snprintf(buf, 12, "%d", t->tgid);
	return buf;
}

static const struct inode_operations proc_self_inode_operations = {
	.get_link = proc_self_get_link,
};

void proc_create_self(struct dentry *root)
{
	struct inode *inode = proc_new_inode(S_IFLNK | 0777, NULL, NULL);
	struct dentry *d = inode ? d_alloc(root, "self") : NULL;

	if (!d) {
		iput(inode);
		return;
	}
	inode->i_op = &proc_self_inode_operations;
	d_add(d, inode);
	dput(d);
}
