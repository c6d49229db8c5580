/*
 * The console tty: /dev/console (5,1) and /dev/tty (5,0) on COM1, with
 * Linux's N_TTY line discipline (drivers/n_tty.c) and its ioctls (TCGETS,
 * TCSETS*, TIOCGWINSZ, TIOCGPGRP, TIOCSPGRP, TIOCSCTTY, FIONREAD...).
 *
 * COM1 has two readers, one at a time.  The monitor reads it while no user
 * program holds the console; tty_console_take(pgrp) (the monitor's `run`,
 * init= at boot) hands it to the tty, and from then on the receive
 * interrupt (serial.c calls tty_serial_rx()) feeds each byte to the line
 * discipline: echo, line editing, ^C -> SIGINT to the foreground process
 * group, readers woken.  The line discipline's buffer full, bytes stay in
 * the serial ring and then in the UART (flow control, as serial.c does for
 * the monitor).  Ctrl-] (TTY_ESCAPE_CHAR) switches between a program started
 * at boot and the monitor; tty_console_release() gives COM1 back for good.
 *
 * Output (write, and echoes) goes to the UART as the line discipline
 * processed it (ONLCR turns \n into \r\n; raw mode sends bytes as they are).
 */
#include <asm/processor.h>
#include <drivers/serial.h>
#include <errno.h>
#include <fs/fs.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/tty.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>

#include "tty_internal.h"

#define TTY_MINOR_TTY      0            /* /dev/tty: the caller's terminal */
#define TTY_MINOR_CONSOLE  1            /* /dev/console */
#define TTY_CHUNK          256          /* bytes copied per step of read/write */

struct tty_struct console_tty = {
	.lock = __SPIN_LOCK_UNLOCKED(console_tty.lock),
	.winsize = { .ws_row = TTY_DEFAULT_ROWS, .ws_col = TTY_DEFAULT_COLS },
};

static void tty_out(void *arg, const char *s, size_t n)
{
	serial_write_raw(s, n);
}

/* A message from the tty itself, whatever the program set the output modes to. */
static void tty_say(const char *s)
{
	serial_write(s, strlen(s));
}

void tty_init(void)
{
	int err;

	n_tty_init(&console_tty.ldisc, tty_out, NULL);
	console_tty.saved_termios = console_tty.ldisc.termios;
	err = register_chrdev(TTYAUX_MAJOR, "tty", &tty_fops);
	if (err)
		pr_err("tty: cannot register major %d: %d\n", TTYAUX_MAJOR, err);
}

bool tty_monitor_owns_console(void)
{
	return !READ_ONCE(console_tty.program_owns);
}

bool tty_console_resume(void)
{
	unsigned long flags;
	bool resumed;

	spin_lock_irqsave(&console_tty.lock, flags);
	resumed = console_tty.boot_program && !console_tty.program_owns;
	if (resumed)
		console_tty.program_owns = true;
	spin_unlock_irqrestore(&console_tty.lock, flags);
	if (resumed)
		tty_serial_rx();
	return resumed;
}

void tty_console_take(int pgrp)
{
	struct tty_struct *tty = &console_tty;
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	/* what the boot program had, for tty_console_release */
	tty->saved_pgrp = tty->pgrp;
	tty->saved_session = tty->session;
	tty->saved_termios = tty->ldisc.termios;
	tty->pgrp = tty->session = pgrp;        /* `run`'s child leads its own session */
	tty->foreground_run = true;
	tty->program_owns = true;
	n_tty_flush_input(&tty->ldisc);
	spin_unlock_irqrestore(&tty->lock, flags);
	tty_serial_rx();                /* what was typed ahead is the program's */
}

/*
 * After what the monitor has not yet read of earlier leftovers comes what
 * the program left: the order it was typed in.  Called with the lock.
 */
static void tty_keep_leftover(struct tty_struct *tty)
{
	size_t old = tty->leftover_len - tty->leftover_pos;

	memmove(tty->leftover, tty->leftover + tty->leftover_pos, old);
	tty->leftover_pos = 0;
	tty->leftover_len = old + n_tty_read_all(&tty->ldisc, tty->leftover + old,
						 sizeof(tty->leftover) - old);
}

void tty_console_release(void)
{
	struct tty_struct *tty = &console_tty;
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	tty->program_owns = false;
	tty->foreground_run = false;
	tty->pgrp = tty->saved_pgrp;
	tty->session = tty->saved_session;
	/* what was typed ahead and not read is the monitor's, as a shell's typeahead */
	tty_keep_leftover(tty);
	n_tty_set_termios(&tty->ldisc, &tty->saved_termios);    /* a raw mode ends with it */
	n_tty_flush_input(&tty->ldisc);
	spin_unlock_irqrestore(&tty->lock, flags);
	tty_wake_monitor();
}

int tty_monitor_getc(void)
{
	struct tty_struct *tty = &console_tty;
	unsigned long flags;
	int c = -1;

	spin_lock_irqsave(&tty->lock, flags);
	if (!tty->program_owns && tty->leftover_pos < tty->leftover_len)
		c = (u8)tty->leftover[tty->leftover_pos++];
	spin_unlock_irqrestore(&tty->lock, flags);
	return c >= 0 ? c : serial_getc();
}

void tty_console_release_boot(void)
{
	unsigned long flags;

	spin_lock_irqsave(&console_tty.lock, flags);
	console_tty.boot_program = false;
	spin_unlock_irqrestore(&console_tty.lock, flags);
}

void tty_console_take_boot(int pgrp)
{
	unsigned long flags;

	spin_lock_irqsave(&console_tty.lock, flags);
	console_tty.boot_program = true;
	console_tty.pgrp = pgrp;
	console_tty.program_owns = true;
	spin_unlock_irqrestore(&console_tty.lock, flags);
	tty_serial_rx();
}

/* Ctrl-]: the console to the monitor, or back to the program (called with the lock). */
static void tty_escape(struct tty_struct *tty)
{
	if (!tty->boot_program || tty->foreground_run) {
		tty_say("\n[" TTY_ESCAPE_NAME ": the monitor is waiting for this program;"
			" Ctrl-C stops it]\n");
		return;
	}
	tty->program_owns = false;
	tty_say("\n[monitor: " TTY_ESCAPE_NAME " returns to the program]\n");
	tty_wake_monitor();
}

/* SIGINT, SIGQUIT, SIGTSTP for the line discipline's VINTR, VQUIT, VSUSP. */
static int tty_signal_of(int cc)
{
	return cc == VINTR ? SIGINT : cc == VQUIT ? SIGQUIT : SIGTSTP;
}

void tty_serial_rx(void)
{
	struct tty_struct *tty = &console_tty;
	unsigned long flags;
	int sig = -1, pgrp;
	bool readable;

	if (!READ_ONCE(tty->program_owns)) {
		tty_wake_monitor();
		return;
	}
	spin_lock_irqsave(&tty->lock, flags);
	while (tty->program_owns && n_tty_room(&tty->ldisc) > 0) {
		int c = serial_getc();
		int cc;

		if (c < 0)
			break;
		if (c == TTY_ESCAPE_CHAR) {
			tty_escape(tty);
			continue;
		}
		cc = n_tty_receive_char(&tty->ldisc, (u8)c);
		if (cc >= 0)
			sig = tty_signal_of(cc);
	}
	readable = n_tty_chars_in_buffer(&tty->ldisc) > 0;
	pgrp = tty->pgrp;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (sig > 0 && pgrp > 0)
		kill_pgrp(pgrp, sig);
	if (readable || sig > 0)
		tty_wake_readers();
}

/*
 * Waiting for input: readers sleep on tty_read_wait until the receive
 * interrupt (tty_serial_rx) or a change of settings wakes them; the monitor
 * sleeps on tty_monitor_wait until COM1's input is its own and has a byte.
 */
static DECLARE_WAIT_QUEUE_HEAD(tty_read_wait);
static DECLARE_WAIT_QUEUE_HEAD(tty_monitor_wait);

static bool tty_input_ready(size_t n)
{
	unsigned long flags;
	bool ready;

	spin_lock_irqsave(&console_tty.lock, flags);
	ready = n_tty_readable(&console_tty.ldisc, n);
	spin_unlock_irqrestore(&console_tty.lock, flags);
	return ready;
}

int tty_wait_input(size_t n)
{
	return wait_event_interruptible(tty_read_wait, tty_input_ready(n));
}

void tty_wake_readers(void)
{
	wake_up_interruptible_all(&tty_read_wait);
}

void tty_wake_monitor(void)
{
	wake_up_all(&tty_monitor_wait);
}

void tty_monitor_wait_console(void)
{
	wait_event(tty_monitor_wait, tty_monitor_owns_console());
}

void tty_monitor_wait_input(void)
{
	wait_event(tty_monitor_wait, tty_monitor_owns_console() &&
		   (serial_rx_pending() || console_tty.leftover_pos < console_tty.leftover_len));
}

/* ---- file operations ---- */

long tty_try_read(char *kbuf, size_t n)
{
	unsigned long flags;
	long got = -EAGAIN;

	spin_lock_irqsave(&console_tty.lock, flags);
	if (n_tty_readable(&console_tty.ldisc, n))
		got = n_tty_read(&console_tty.ldisc, kbuf, n);
	spin_unlock_irqrestore(&console_tty.lock, flags);
	return got;
}

static long tty_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	char kbuf[TTY_CHUNK];
	size_t n = min(count, sizeof(kbuf));
	long got;

	if (count == 0)
		return 0;
	for (;;) {
		got = tty_try_read(kbuf, n);
		if (got != -EAGAIN)
			break;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		got = tty_wait_input(n);
		if (got)
			return got;     /* -ERESTARTSYS: a signal came */
	}
	tty_serial_rx();                /* room again: take what waited in the serial ring */
	if (got > 0 && fs_copy_to_buf(f, buf, kbuf, got))
		return -EFAULT;
	return got;
}

static long tty_write(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	char kbuf[TTY_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = min(count - done, sizeof(kbuf));

		if (fs_copy_from_buf(f, kbuf, buf + done, n))
			return done ? (long)done : -EFAULT;
		n_tty_write(&console_tty.ldisc, kbuf, n);
		done += n;
	}
	return done;
}

static unsigned int tty_poll(struct file *f)
{
	unsigned int mask = POLLOUT | POLLWRNORM;

	if (n_tty_readable(&console_tty.ldisc, 1))
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

static int tty_open(struct inode *inode, struct file *f)
{
	unsigned int minor = MINOR(inode->i_rdev);

	if (minor != TTY_MINOR_TTY && minor != TTY_MINOR_CONSOLE)
		return -ENXIO;
	f->private_data = &console_tty;
	return 0;
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.unlocked_ioctl = tty_ioctl,
	.open = tty_open,
};
