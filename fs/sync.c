/*
 * sync, syncfs, fsync, fdatasync (Linux's fs/sync.c): Atlas's filesystems
 * live in memory, so there is nothing to write back.  fsync succeeds on a
 * regular file or a directory (as Linux's noop_fsync on tmpfs) and is
 * -EINVAL on anything else (a device, a pipe: no fsync op, as Linux).
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/syscalls.h>

SYSCALL_DEFINE0(sync)
{
	return 0;
}

/* The whole of an fsync on a RAM filesystem: -EBADF, -EINVAL, or 0. */
static long fd_sync(unsigned int fd)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	r = S_ISREG(f->f_inode->i_mode) || S_ISDIR(f->f_inode->i_mode) ? 0 : -EINVAL;
	fput(f);
	return r;
}

SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return fd_sync(fd);
}

SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return fd_sync(fd);
}
