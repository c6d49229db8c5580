/*
 * The console tty: /dev/console and /dev/tty on COM1 (drivers/tty.c), and
 * its line discipline, Linux's N_TTY (drivers/n_tty.c, pure code, also
 * built for the host tests).
 *
 * Who reads COM1: the monitor, until a user program is given the console
 * (the monitor's `run`, or init= at boot); from then the receive interrupt
 * hands each byte to the line discipline, which echoes it, edits the line
 * (canonical mode), turns ^C/^\/^Z into signals for the foreground process
 * group and wakes readers.  Ctrl-] (TTY_ESCAPE_CHAR, telnet's escape) takes
 * the console back to the monitor from a program started at boot (init=),
 * and gives it back again.
 */
#ifndef ATLAS_KERNEL_TTY_H
#define ATLAS_KERNEL_TTY_H

#include <kernel/types.h>
#include <uapi/asm/termios.h>

#define TTY_ESCAPE_CHAR   0x1d          /* Ctrl-]: to the monitor and back */
#define TTY_ESCAPE_NAME   "Ctrl-]"
#define TTY_DEFAULT_ROWS  24
#define TTY_DEFAULT_COLS  80

/* ---- the line discipline (drivers/n_tty.c) ---- */

#define N_TTY_BUF_SIZE 4096             /* Linux's read buffer size */

struct n_tty_data {
	struct termios termios;
	char read_buf[N_TTY_BUF_SIZE];
	size_t read_head;               /* counters, taken modulo N_TTY_BUF_SIZE */
	size_t canon_head;              /* canonical: the end of the last complete line */
	size_t read_tail;
	/* bit (pos % N_TTY_BUF_SIZE): that byte ends a line (\n, EOL or EOF) */
	unsigned long line_end[N_TTY_BUF_SIZE / (8 * sizeof(unsigned long))];
	/* where echoes and written output go, already processed (OPOST) */
	void (*out)(void *arg, const char *s, size_t n);
	void *out_arg;
};

/* Linux's tty_std_termios for a 115200 serial console: canonical, echo, ^C. */
void n_tty_init(struct n_tty_data *ld, void (*out)(void *arg, const char *s, size_t n),
		void *out_arg);

/*
 * Take one received byte: edit the line, echo, store.  Returns VINTR, VQUIT
 * or VSUSP when the byte is that character and ISIG is set (the caller sends
 * SIGINT, SIGQUIT or SIGTSTP to the foreground process group), else -1.
 */
int n_tty_receive_char(struct n_tty_data *ld, u8 c);

/* Free bytes in the read buffer: a receiver stops when it is 0 (flow control). */
size_t n_tty_room(const struct n_tty_data *ld);

/*
 * Whether a read of n bytes can return now: canonical, a whole line (or
 * EOF) is there; raw, min(VMIN, n) bytes are (VMIN 0: always; VTIME is
 * not implemented).
 */
bool n_tty_readable(const struct n_tty_data *ld, size_t n);

/*
 * Copy what a read returns into buf (a kernel buffer): canonical, at most one
 * line, with its \n, without an EOF character; raw, what is there.  Returns
 * the count (0 at EOF: ^D at the start of a line).
 */
size_t n_tty_read(struct n_tty_data *ld, char *buf, size_t n);

/*
 * Take every unread byte, the line being edited too, as typed (after input
 * processing; an EOF character stays in): what a program left for the next
 * reader.  Returns the count.
 */
size_t n_tty_read_all(struct n_tty_data *ld, char *buf, size_t n);

/* Bytes a read would find (FIONREAD): canonical, those of complete lines. */
size_t n_tty_chars_in_buffer(const struct n_tty_data *ld);

/* Drop all input (TCSETSF, TCIFLUSH, and ^C unless NOFLSH). */
void n_tty_flush_input(struct n_tty_data *ld);

/* Write s to out with output processing (OPOST: ONLCR, OCRNL, ONLRET...). */
void n_tty_write(struct n_tty_data *ld, const char *s, size_t n);

/* New settings (TCSETS); leaving canonical mode makes the partial line readable. */
void n_tty_set_termios(struct n_tty_data *ld, const struct termios *t);

/* ---- the console tty (drivers/tty.c) ---- */

/* Set up the console tty and register /dev/tty and /dev/console (major 5); at boot. */
void tty_init(void);

/*
 * The monitor's `run`: hand the console to the session and process group
 * pgrp (the child leads both) until tty_console_release(), which gives it
 * back to the monitor with the settings, foreground group and session it
 * had before (a boot program's, to which Ctrl-] then returns), dropping
 * unread input.
 */
void tty_console_take(int pgrp);
void tty_console_release(void);

/*
 * init=: the console belongs to the program started at boot, process group
 * pgrp, for good; Ctrl-] switches between it and the monitor.
 */
void tty_console_take_boot(int pgrp);
/* The escape key does nothing any more (no monitor to switch to); the program keeps the console. */
void tty_console_release_boot(void);

/* Whether the monitor owns COM1's input now (no program holds the console). */
bool tty_monitor_owns_console(void);

/*
 * The monitor's Ctrl-]: give the console back to the program started at
 * boot that the escape key took it from.  false if there is none.
 */
bool tty_console_resume(void);

/* The monitor: sleep until COM1's input is its own and a byte is waiting. */
void tty_monitor_wait_input(void);
/* The monitor: sleep until COM1's input is its own (Ctrl-] in a program started at boot). */
void tty_monitor_wait_console(void);

/*
 * The monitor's next input byte, or -1: first what the last `run` program
 * left unread (typed ahead), then COM1's.
 */
int tty_monitor_getc(void);

/* COM1's receive interrupt: bytes are waiting in the serial ring. */
void tty_serial_rx(void);

#endif
