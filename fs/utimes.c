/*
 * utimensat (Linux's fs/utimes.c): set a file's modification time, to now
 * (times NULL, or UTIME_NOW) or to the given one; UTIME_OMIT leaves it.
 * Atlas keeps one time per inode (stat shows it as atime, mtime and ctime),
 * so the access time given (times[0]) changes nothing of its own.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/syscalls.h>
#include <kernel/timekeeping.h>
#include <kernel/uaccess.h>
#include <mm/slab.h>
#include <uapi/linux/time_types.h>

#define UTIME_NOW  ((1L << 30) - 1)     /* include/uapi/linux/stat.h */
#define UTIME_OMIT ((1L << 30) - 2)
#define NSEC_PER_SEC_L 1000000000L

static bool nsec_valid(long long nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT || (nsec >= 0 && nsec < NSEC_PER_SEC_L);
}

static void set_mtime(struct inode *inode, const struct __kernel_timespec *times)
{
	if (!times || times[1].tv_nsec == UTIME_NOW)
		inode->i_mtime = ktime_get_real_seconds();
	else if (times[1].tv_nsec != UTIME_OMIT)
		inode->i_mtime = times[1].tv_sec;
}

long do_utimes(int dfd, const char *name, const struct __kernel_timespec *times, int flags)
{
	struct dentry *d;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (times && (!nsec_valid(times[0].tv_nsec) || !nsec_valid(times[1].tv_nsec)))
		return -EINVAL;
	if (!name || (!*name && (flags & AT_EMPTY_PATH))) {
		struct file *f = fget(dfd);     /* futimens: the fd's own file */

		if (!f)
			return -EBADF;
		set_mtime(f->f_inode, times);
		fput(f);
		return 0;
	}
	err = kern_path_at(dfd, name, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &d);
	if (err)
		return err;
	set_mtime(d->d_inode, times);
	dput(d);
	return 0;
}

SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, filename,
		struct __kernel_timespec __user *, utimes, int, flags)
{
	struct __kernel_timespec t[2];
	char *name = NULL;
	long r;

	if (utimes && copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	if (filename) {
		name = getname(filename);
		if (IS_ERR(name))
			return PTR_ERR(name);
	}
	r = do_utimes(dfd, name, utimes ? t : NULL, flags);
	kfree(name);
	return r;
}
