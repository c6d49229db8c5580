/*
 * The proc file system mounted on /proc (Linux's fs/proc/root.c): a root
 * directory whose listed entries are the PROC_SHOW views (generic.c) and the
 * self symlink, and whose lookup and readdir add one directory per process
 * (base.c), made when asked for: they come and go with the tasks, so they
 * are never kept in the dentry cache.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/printk.h>
#include <mm/slab.h>

#include "../internal.h"
#include "internal.h"

struct super_block *proc_sb;

struct inode *proc_new_inode(umode_t mode, const struct file_operations *fops, void *private)
{
	struct inode *inode = new_inode(proc_sb);

	if (!inode)
		return NULL;
	inode->i_mode = mode;
	inode->i_fop = fops;
	inode->i_private = private;
	if (S_ISDIR(mode))
		inode->i_nlink = 2;
	return inode;
}

struct dentry *proc_lookup_dentry(struct dentry *parent, const char *name, struct inode *inode)
{
	struct dentry *d;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	d = d_alloc(parent, name);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d->d_inode = inode;             /* not listed: freed by its last dput */
	return d;
}

static struct dentry *proc_root_lookup(struct inode *dir, struct dentry *parent, const char *name)
{
	return proc_pid_dir_lookup(parent, name);
}

/* ., .., the views and self, then a directory per process. */
static int proc_root_readdir(struct file *f, void *arg)
{
	struct dir_context *ctx = arg;

	if (ctx->pos < PROC_PID_POS) {
		struct dentry *next;

		dcache_readdir(f, ctx);
		next = d_nth_child(f->f_dentry, ctx->pos - 2);
		if (next) {             /* the buffer filled up before the end */
			dput(next);
			return 0;
		}
		ctx->pos = PROC_PID_POS;
	}
	proc_pid_readdir(ctx);
	return 0;
}

static const struct inode_operations proc_root_inode_operations = {
	.lookup = proc_root_lookup,
};

static const struct file_operations proc_root_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_root_readdir,
};

void proc_root_init(void)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;

	if (!sb)
		goto fail;
	sb->s_type = "proc";
	sb->s_dev = PROC_DEV;
	proc_sb = sb;
	root = proc_new_inode(S_IFDIR | 0555, &proc_root_operations, NULL);
	if (!root)
		goto fail;
	root->i_op = &proc_root_inode_operations;
	sb->s_root = d_alloc(NULL, "/");
	if (!sb->s_root) {
		iput(root);
		goto fail;
	}
	d_add(sb->s_root, root);
	proc_create_views(sb->s_root);
	proc_create_self(sb->s_root);
	if (!mount_at("/proc", sb))
		return;
fail:
	pr_err("proc: cannot mount /proc\n");
}
