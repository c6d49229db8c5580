/*
 * ioctl (Linux's fs/ioctl.c): the commands every file answers (FIOCLEX,
 * FIONCLEX, FIONBIO), then the file's own unlocked_ioctl (the tty's TCGETS,
 * TIOCGWINSZ, ...); a file without one is not a terminal: -ENOTTY, which is
 * how isatty() learns the answer.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>

#include "internal.h"

/* include/uapi/asm-generic/ioctls.h */
#define FIONCLEX 0x5450
#define FIOCLEX  0x5451
#define FIONBIO  0x5421

/* The file's own ioctl: its result, or -ENOTTY. */
long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (!f->f_op || !f->f_op->unlocked_ioctl)
		return -ENOTTY;
	return f->f_op->unlocked_ioctl(f, cmd, arg);
}

static long do_vfs_ioctl(struct file *f, unsigned int fd, unsigned int cmd, unsigned long arg)
{
	int on;

	switch (cmd) {
	case FIOCLEX:
		return set_close_on_exec(fd, true);
	case FIONCLEX:
		return set_close_on_exec(fd, false);
	case FIONBIO:
		if (get_user(on, (int __user *)arg))
			return -EFAULT;
		if (on)
			f->f_flags |= O_NONBLOCK;
		else
			f->f_flags &= ~O_NONBLOCK;
		return 0;
	default:
		return vfs_ioctl(f, cmd, arg);
	}
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	r = do_vfs_ioctl(f, fd, cmd, arg);
	fput(f);
	return r;
}
