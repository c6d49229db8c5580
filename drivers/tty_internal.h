/* The console tty's insides, shared by drivers/tty.c, tty_ioctl.c and the tests. */
#ifndef ATLAS_DRIVERS_TTY_INTERNAL_H
#define ATLAS_DRIVERS_TTY_INTERNAL_H

#include <fs/fs.h>
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/tty.h>
#include <uapi/linux/poll.h>


struct tty_struct {
	spinlock_t lock;                /* everything below; taken in the receive interrupt */
	struct n_tty_data ldisc;
	struct winsize winsize;
	int pgrp;                       /* the foreground process group: ^C goes to it */
	int session;                    /* the session it is the controlling terminal of, or 0 */
	bool program_owns;              /* COM1's input goes to the tty, not the monitor */
	bool boot_program;              /* init= holds it: Ctrl-] switches to the monitor */
	bool foreground_run;            /* the monitor's `run` holds it: Ctrl-] does not switch */
	int saved_pgrp, saved_session;  /* the boot program's, while `run` holds the console */
	struct termios saved_termios;
	char leftover[N_TTY_BUF_SIZE];  /* input a `run` program left unread: the monitor's */
	size_t leftover_len, leftover_pos;
};

extern struct tty_struct console_tty;
extern const struct file_operations tty_fops;

/* The terminal ioctls (drivers/tty_ioctl.c): 0, a value, or -errno (-ENOTTY: unknown). */
long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg);

/* What a read of n bytes returns now, into kbuf; -EAGAIN if nothing may be read yet. */
long tty_try_read(char *kbuf, size_t n);

/* Sleep until a read of n bytes can return something: 0, or -ERESTARTSYS on a signal. */
int tty_wait_input(size_t n);
/* Wake the readers (input came, or a signal was sent), and the monitor waiting for COM1. */
void tty_wake_readers(void);
void tty_wake_monitor(void);


#endif
