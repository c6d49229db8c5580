/*
 * Opening and closing (Linux's fs/open.c): open/openat/creat, close, access,
 * chdir/fchdir, and the kernel's filp_open.  An open is a lookup (namei.c's
 * open_lookup, which creates for O_CREAT), then a struct file with the
 * inode's file operations, whose open op may change them (a character device
 * picks its driver's), then an fd for it.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/sched.h>
#include <kernel/syscalls.h>
#include <mm/slab.h>

#include "internal.h"

struct file *dentry_open(struct dentry *dentry, int flags)
{
	struct inode *inode = dentry->d_inode;
	struct file *f;
	int err = 0;

	if (S_ISDIR(inode->i_mode) && (flags & O_ACCMODE) != O_RDONLY)
		return ERR_PTR(-EISDIR);
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return ERR_PTR(-ENOTDIR);
	f = alloc_empty_file(flags);
	if (IS_ERR(f))
		return f;
	f->f_dentry = dget(dentry);
	f->f_inode = igrab(inode);
	f->f_op = inode->i_fop;
	if (flags & O_PATH) {
		f->f_op = NULL;
		f->f_mode = 0;
		return f;
	}
	if (!f->f_op)
		err = -ENXIO;           /* a device nobody registered, a FIFO */
	else if (f->f_op->open)
		err = f->f_op->open(inode, f);
	if (!err && (flags & O_TRUNC) && (f->f_mode & FMODE_WRITE) && S_ISREG(inode->i_mode) &&
	    inode->i_op && inode->i_op->truncate)
		err = inode->i_op->truncate(inode, 0);
	if (err) {
		f->f_op = NULL;         /* no release for an open that failed */
		fput(f);
		return ERR_PTR(err);
	}
	return f;
}

static struct file *do_filp_open(int dfd, const char *path, int flags, umode_t mode)
{
	struct dentry *d;
	struct file *f;
	int err = open_lookup(dfd, path, flags, mode, &d);

	if (err)
		return ERR_PTR(err);
	f = dentry_open(d, flags);
	dput(d);
	return f;
}

struct file *filp_open(const char *path, int flags, umode_t mode)
{
	return do_filp_open(AT_FDCWD, path, flags, mode);
}

long do_sys_openat(int dfd, const char *path, int flags, umode_t mode)
{
	int fd = get_unused_fd_flags(flags);
	struct file *f;

	if (fd < 0)
		return fd;
	f = do_filp_open(dfd, path, flags | O_LARGEFILE, mode);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	fd_install(fd, f);
	return fd;
}

static long user_openat(int dfd, const char __user *filename, int flags, umode_t mode)
{
	char *name = getname(filename);
	long r;

	if (IS_ERR(name))
		return PTR_ERR(name);
	r = do_sys_openat(dfd, name, flags, mode);
	kfree(name);
	return r;
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, umode_t, mode)
{
	return user_openat(dfd, filename, flags, mode);
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)
{
	return user_openat(AT_FDCWD, filename, flags, mode);
}

SYSCALL_DEFINE2(creat, const char __user *, filename, umode_t, mode)
{
	return user_openat(AT_FDCWD, filename, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	return close_fd(fd);
}

/*
 * access: everyone is root, so a file that exists may be read and written;
 * X_OK needs an execute bit on a non-directory (Linux's rule for root).
 */
long do_faccessat(int dfd, const char *name, int mode, int flags)
{
	struct dentry *d;
	int err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	err = kern_path_at(dfd, name, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &d);
	if (err)
		return err;
	if ((mode & X_OK) && !S_ISDIR(d->d_inode->i_mode) && !(d->d_inode->i_mode & 0111))
		err = -EACCES;
	dput(d);
	return err;
}

static long user_faccessat(int dfd, const char __user *filename, int mode, int flags)
{
	char *name = getname(filename);
	long r;

	if (IS_ERR(name))
		return PTR_ERR(name);
	r = do_faccessat(dfd, name, mode, flags);
	kfree(name);
	return r;
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, filename, int, mode)
{
	return user_faccessat(dfd, filename, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char __user *, filename, int, mode, int, flags)
{
	return user_faccessat(dfd, filename, mode, flags);
}

SYSCALL_DEFINE2(access, const char __user *, filename, int, mode)
{
	return user_faccessat(AT_FDCWD, filename, mode, 0);
}

/* chdir with a kernel name: 0 or -errno. */
long do_chdir(const char *name)
{
	struct dentry *d;
	int err = kern_path(name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &d);

	if (err)
		return err;
	set_fs_pwd(current_fs_struct(), d);
	dput(d);
	return 0;
}

SYSCALL_DEFINE1(chdir, const char __user *, filename)
{
	char *name = getname(filename);
	long r;

	if (IS_ERR(name))
		return PTR_ERR(name);
	r = do_chdir(name);
	kfree(name);
	return r;
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
	struct dentry *d;
	int err = fd_dir_dentry(fd, &d);

	if (err)
		return err;
	set_fs_pwd(current_fs_struct(), d);
	dput(d);
	return 0;
}

/* chmod's core: the permission bits (07777) of the inode at dentry. */
static void chmod_common(struct inode *inode, umode_t mode)
{
	spin_lock(&inode->i_lock);
	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & 07777);
	spin_unlock(&inode->i_lock);
}

/* chmod/fchmodat with a kernel name (a symlink is followed): 0 or -errno. */
long do_fchmodat(int dfd, const char *name, umode_t mode)
{
	struct dentry *d;
	int err = kern_path_at(dfd, name, LOOKUP_FOLLOW, &d);

	if (err)
		return err;
	chmod_common(d->d_inode, mode);
	dput(d);
	return 0;
}

static long user_fchmodat(int dfd, const char __user *filename, umode_t mode)
{
	char *name = getname(filename);
	long r;

	if (IS_ERR(name))
		return PTR_ERR(name);
	r = do_fchmodat(dfd, name, mode);
	kfree(name);
	return r;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, filename, umode_t, mode)
{
	return user_fchmodat(dfd, filename, mode);
}

SYSCALL_DEFINE2(chmod, const char __user *, filename, umode_t, mode)
{
	return user_fchmodat(AT_FDCWD, filename, mode);
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, umode_t, mode)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	chmod_common(f->f_inode, mode);
	fput(f);
	return 0;
}

/* truncate's core: a regular file to length bytes (holes read as zeros): 0 or -errno. */
long vfs_truncate(struct inode *inode, loff_t length)
{
	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode) || !inode->i_op || !inode->i_op->truncate)
		return -EINVAL;
	return inode->i_op->truncate(inode, length);
}

SYSCALL_DEFINE2(truncate, const char __user *, path, long, length)
{
	char *name = getname(path);
	struct dentry *d;
	long r;

	if (IS_ERR(name))
		return PTR_ERR(name);
	r = kern_path(name, LOOKUP_FOLLOW, &d);
	kfree(name);
	if (r)
		return r;
	r = vfs_truncate(d->d_inode, length);
	dput(d);
	return r;
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, unsigned long, length)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	r = (f->f_mode & FMODE_WRITE) ? vfs_truncate(f->f_inode, length) : -EINVAL;
	fput(f);
	return r;
}
