/*
 * Reading directories (Linux's fs/readdir.c and libfs.c's dcache_readdir):
 * getdents64 hands a dir_context to the directory's iterate op, whose
 * dir_emit() calls write one struct linux_dirent64 each into the user buffer
 * until it is full.  The position is an entry index: 0 is ".", 1 is "..",
 * 2 + n the n-th listed child.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/kernel.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <uapi/linux/dirent.h>

#include "internal.h"

/* The d_type of a mode (Linux's fs_umode_to_dtype). */
unsigned int fs_umode_to_dtype(umode_t mode)
{
	return (mode & S_IFMT) >> 12;
}

int dcache_readdir(struct file *f, void *arg)
{
	struct dir_context *ctx = arg;
	struct dentry *dir = f->f_dentry;

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, dir->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct dentry *parent = dir->d_parent == dir && dir->d_covers ?
					dir->d_covers->d_parent : dir->d_parent;

		if (!dir_emit(ctx, "..", 2, parent->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	for (;;) {
		struct dentry *d = d_nth_child(dir, ctx->pos - 2);
		bool more;

		if (!d)
			return 0;
		more = dir_emit(ctx, d->d_name, strlen(d->d_name), d->d_inode->i_ino,
				fs_umode_to_dtype(d->d_inode->i_mode));
		dput(d);
		if (!more)
			return 0;
		ctx->pos++;
	}
}

struct getdents_callback64 {
	struct dir_context ctx;
	struct file *file;
	char *buf;                      /* user (or kernel) buffer, where the next goes */
	int count;                      /* room left */
	int error;
};

static bool filldir64(struct dir_context *ctx, const char *name, int namelen,
		      loff_t pos, u64 ino, unsigned int d_type)
{
	struct getdents_callback64 *cb = container_of(ctx, struct getdents_callback64, ctx);
	int reclen = ALIGN(__builtin_offsetof(struct linux_dirent64, d_name) + namelen + 1, sizeof(u64));
	struct {
		struct linux_dirent64 d;
		char name[NAME_MAX + 1 + 8];
	} rec;

	if (reclen > cb->count) {
		cb->error = -EINVAL;    /* no room: only an error if nothing fitted */
		return false;
	}
	memset(&rec, 0, reclen);
	rec.d.d_ino = ino;
	rec.d.d_off = pos + 1;
	rec.d.d_reclen = reclen;
	rec.d.d_type = d_type;
	memcpy(rec.d.d_name, name, namelen);
	if (fs_copy_to_buf(cb->file, cb->buf, &rec, reclen)) {
		cb->error = -EFAULT;
		return false;
	}
	cb->buf += reclen;
	cb->count -= reclen;
	return true;
}

/* getdents64 into buf[count] (user, or kernel inside kernel_getdents64): bytes, 0 at the end. */
long iterate_dir_getdents64(struct file *f, char *buf, unsigned int count)
{
	struct getdents_callback64 cb = {
		.ctx.actor = filldir64, .ctx.pos = f->f_pos,
		.file = f, .buf = buf, .count = count,
	};
	int err;

	if (!S_ISDIR(f->f_inode->i_mode))
		return -ENOTDIR;
	if (!f->f_op || !f->f_op->iterate)
		return -ENOTDIR;
	err = f->f_op->iterate(f, &cb.ctx);
	f->f_pos = cb.ctx.pos;
	if (err)
		return err;
	if (cb.buf != buf || cb.error == 0)
		return cb.buf - buf;
	return cb.error;
}

long kernel_getdents64(struct file *f, void *buf, unsigned int count)
{
	struct task_struct *t = current;
	bool was = t->kernel_io;
	long r;

	t->kernel_io = true;
	r = iterate_dir_getdents64(f, buf, count);
	t->kernel_io = was;
	return r;
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd, void __user *, dirent, unsigned int, count)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	if (!access_ok(dirent, count))
		r = -EFAULT;
	else
		r = iterate_dir_getdents64(f, (char *)dirent, count);
	fput(f);
	return r;
}
