/*
 * The console tty's ioctls, with Linux's numbers and structures
 * (include/uapi/asm/ioctls.h, termbits.h, termios.h; Linux's
 * drivers/tty/tty_io.c and tty_ioctl.c): the settings (TCGETS, TCSETS,
 * TCSETSW, TCSETSF), the window size (80x24 until someone sets another),
 * the foreground process group and the session (job control), FIONREAD.
 * An unknown request is -ENOTTY, as Linux's.
 */
#include <errno.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>

#include "tty_internal.h"

static long tty_get_termios(void __user *arg)
{
	struct termios t;
	unsigned long flags;

	spin_lock_irqsave(&console_tty.lock, flags);
	t = console_tty.ldisc.termios;
	spin_unlock_irqrestore(&console_tty.lock, flags);
	return copy_to_user(arg, &t, sizeof(t)) ? -EFAULT : 0;
}

/* TCSETS now; TCSETSW after output drained (it always has: output is synchronous); TCSETSF also flushes input. */
static long tty_set_termios(void __user *arg, bool flush)
{
	struct termios t;
	unsigned long flags;

	if (copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	spin_lock_irqsave(&console_tty.lock, flags);
	if (flush)
		n_tty_flush_input(&console_tty.ldisc);
	n_tty_set_termios(&console_tty.ldisc, &t);
	spin_unlock_irqrestore(&console_tty.lock, flags);
	tty_wake_readers();             /* leaving canonical mode may make input readable */
	return 0;
}

static long tty_winsize(unsigned int cmd, void __user *arg)
{
	struct winsize ws;

	if (cmd == TIOCGWINSZ)
		return copy_to_user(arg, &console_tty.winsize, sizeof(ws)) ? -EFAULT : 0;
	if (copy_from_user(&ws, arg, sizeof(ws)))
		return -EFAULT;
	console_tty.winsize = ws;
	return 0;
}

/* TIOCSCTTY: the caller, a session leader, takes the console as its terminal. */
static long tty_set_ctty(unsigned long steal)
{
	struct task_struct *t = current;

	if (t->session != t->pid)
		return -EPERM;
	if (console_tty.session && console_tty.session != t->session && !steal)
		return -EPERM;
	console_tty.session = t->session;
	console_tty.pgrp = t->pgrp;
	return 0;
}

static long tty_set_pgrp(int __user *arg)
{
	int pgrp;

	if (get_user(pgrp, arg))
		return -EFAULT;
	if (pgrp <= 0)
		return -EINVAL;
	console_tty.pgrp = pgrp;
	return 0;
}

static long tty_flush(unsigned long which)
{
	unsigned long flags;

	if (which > TCIOFLUSH)
		return -EINVAL;
	spin_lock_irqsave(&console_tty.lock, flags);
	if (which != TCOFLUSH)
		n_tty_flush_input(&console_tty.ldisc);
	spin_unlock_irqrestore(&console_tty.lock, flags);
	return 0;
}

long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case TCGETS:
		return tty_get_termios(p);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_set_termios(p, cmd == TCSETSF);
	case TIOCGWINSZ:
	case TIOCSWINSZ:
		return tty_winsize(cmd, p);
	case TIOCSCTTY:
		return tty_set_ctty(arg);
	case TIOCNOTTY:
		if (console_tty.session == current->session)
			console_tty.session = 0;
		return 0;
	case TIOCGPGRP:
		return put_user(console_tty.pgrp, (int __user *)p);
	case TIOCSPGRP:
		return tty_set_pgrp((int __user *)p);
	case TIOCGSID:
		return console_tty.session ? put_user(console_tty.session, (int __user *)p) : -ENOTTY;
	case FIONREAD:
		return put_user((int)n_tty_chars_in_buffer(&console_tty.ldisc), (int __user *)p);
	case TIOCOUTQ:
		return put_user(0, (int __user *)p);    /* output is written synchronously */
	case TCFLSH:
		return tty_flush(arg);
	default:
		return -ENOTTY;
	}
}
