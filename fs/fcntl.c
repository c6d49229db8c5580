/*
 * fcntl (Linux's fs/fcntl.c), the commands busybox and libc use: duplicate
 * an fd (F_DUPFD, F_DUPFD_CLOEXEC), its close-on-exec flag (F_GETFD,
 * F_SETFD), and the open file's status flags (F_GETFL, F_SETFL: only
 * O_APPEND and O_NONBLOCK change, as Linux's SETFL_MASK without the flags
 * Atlas has no use for).  Any other command is -EINVAL.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/syscalls.h>

#include "internal.h"

#define SETFL_MASK (O_APPEND | O_NONBLOCK)

/* fcntl on an open file: the result, or -errno. */
long do_fcntl(int fd, unsigned int cmd, unsigned long arg, struct file *f)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		/* the lowest fd is an unsigned int, as Linux's f_dupfd: 2^32 means 0 */
		return f_dupfd((unsigned int)arg, f, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
	case F_GETFD:
		return get_close_on_exec(fd);
	case F_SETFD:
		return set_close_on_exec(fd, arg & FD_CLOEXEC);
	case F_GETFL:
		return f->f_flags;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	r = do_fcntl(fd, cmd, arg, f);
	fput(f);
	return r;
}
