/*
 * stat and friends (Linux's fs/stat.c): fstat, stat, lstat, newfstatat, and
 * readlink/readlinkat.  struct stat is Linux's x86-64 layout
 * (include/uapi/asm/stat.h); device numbers go out in Linux's user encoding
 * (new_encode_dev); everything is owned by root; blocks are counted in 512s
 * of the 4 KiB pages the size needs.
 */
#include <errno.h>
#include <asm/page.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <mm/slab.h>
#include <uapi/asm/stat.h>

#include "internal.h"

/* dev_t as user space sees it (Linux's new_encode_dev: glibc's makedev). */
static unsigned long new_encode_dev(dev_t dev)
{
	unsigned int major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((unsigned long)(minor & ~0xffu) << 12);
}

void generic_fillattr(struct inode *inode, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = new_encode_dev(inode->i_sb ? inode->i_sb->s_dev : 0);
	st->st_ino = inode->i_ino;
	st->st_nlink = inode->i_nlink;
	st->st_mode = inode->i_mode;
	st->st_rdev = new_encode_dev(inode->i_rdev);
	st->st_size = inode->i_size;
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = DIV_ROUND_UP(inode->i_size, PAGE_SIZE) * (PAGE_SIZE / 512);
	st->st_atime = st->st_mtime = st->st_ctime = inode->i_mtime;
}

static long copy_stat(struct inode *inode, struct stat __user *ubuf)
{
	struct stat st;

	generic_fillattr(inode, &st);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* stat of a kernel name (vfs_fstatat): 0 or -errno; st filled. */
int vfs_fstatat(int dfd, const char *name, struct stat *st, int flags)
{
	struct dentry *d;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!*name && (flags & AT_EMPTY_PATH)) {
		struct file *f = fget(dfd);

		if (!f)
			return -EBADF;
		generic_fillattr(f->f_inode, st);
		fput(f);
		return 0;
	}
	err = kern_path_at(dfd, name, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &d);
	if (err)
		return err;
	generic_fillattr(d->d_inode, st);
	dput(d);
	return 0;
}

static long user_fstatat(int dfd, const char __user *filename, struct stat __user *ubuf,
			 int flags)
{
	char *name = getname(filename);
	struct stat st;
	long r;

	if (IS_ERR(name))
		return PTR_ERR(name);
	r = vfs_fstatat(dfd, name, &st, flags);
	kfree(name);
	if (!r && copy_to_user(ubuf, &st, sizeof(st)))
		r = -EFAULT;
	return r;
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct stat __user *, statbuf)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	r = copy_stat(f->f_inode, statbuf);
	fput(f);
	return r;
}

SYSCALL_DEFINE2(stat, const char __user *, filename, struct stat __user *, statbuf)
{
	return user_fstatat(AT_FDCWD, filename, statbuf, 0);
}

SYSCALL_DEFINE2(lstat, const char __user *, filename, struct stat __user *, statbuf)
{
	return user_fstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename,
		struct stat __user *, statbuf, int, flag)
{
	return user_fstatat(dfd, filename, statbuf, flag);
}

/*
 * The target of the symlink name into buf[size] (not NUL-terminated, as
 * readlink(2)): its length, or -EINVAL if name is not a symlink.
 */
long vfs_readlinkat(int dfd, const char *name, char *kbuf, int size)
{
	struct dentry *d;
	char *made = NULL;
	const char *target;
	long len;
	int err = kern_path_at(dfd, name, 0, &d);

	if (err)
		return err;
	target = d->d_inode->i_link;
	if (S_ISLNK(d->d_inode->i_mode) && !target && d->d_inode->i_op &&
	    d->d_inode->i_op->get_link) {
		made = d->d_inode->i_op->get_link(d);
		target = IS_ERR(made) ? NULL : made;
	}
	if (!S_ISLNK(d->d_inode->i_mode) || !target) {
		len = IS_ERR(made) ? PTR_ERR(made) : -EINVAL;
	} else {
		len = min((long)strlen(target), (long)size);
		memcpy(kbuf, target, len);
	}
	if (!IS_ERR(made))
		kfree(made);
	dput(d);
	return len;
}

static long user_readlinkat(int dfd, const char __user *pathname, char __user *buf, int size)
{
	char *name, *kbuf;
	long r;

	if (size <= 0)
		return -EINVAL;
	name = getname(pathname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	size = min(size, PATH_MAX);
	kbuf = kmalloc(size, GFP_KERNEL);
	r = kbuf ? vfs_readlinkat(dfd, name, kbuf, size) : -ENOMEM;
	if (r > 0 && copy_to_user(buf, kbuf, r))
		r = -EFAULT;
	kfree(kbuf);
	kfree(name);
	return r;
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, pathname, char __user *, buf,
		int, bufsiz)
{
	return user_readlinkat(dfd, pathname, buf, bufsiz);
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int, bufsiz)
{
	return user_readlinkat(AT_FDCWD, path, buf, bufsiz);
}
