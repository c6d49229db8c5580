/*
 * Open files (Linux's fs/file_table.c): a struct file is one open of an
 * inode, with its position and flags, shared by every fd dup'd or inherited
 * from it and counted by f_count.  The last fput() calls the file's release
 * op and drops its dentry and inode.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <mm/slab.h>

#include "internal.h"

struct file *alloc_empty_file(int flags)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return ERR_PTR(-ENOMEM);
	f->f_count = 1;
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	f->f_mode = open_fmode(flags);
	return f;
}

struct file *alloc_file_pseudo(struct inode *inode, int flags,
			       const struct file_operations *fops)
{
	struct file *f = alloc_empty_file(flags);

	if (IS_ERR(f))
		return f;
	f->f_inode = igrab(inode);
	f->f_op = fops;
	return f;
}

struct file *get_file(struct file *f)
{
	__atomic_add_fetch(&f->f_count, 1, __ATOMIC_RELAXED);
	return f;
}

void fput(struct file *f)
{
	if (!f || __atomic_sub_fetch(&f->f_count, 1, __ATOMIC_ACQ_REL))
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	dput(f->f_dentry);
	iput(f->f_inode);
	kfree(f);
}
