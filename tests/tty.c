/*
 * tty suite: the console tty (drivers/tty.c) end to end, with the UART in
 * loopback mode (MCR bit 4: what is sent is received, as the serial suite
 * does), so bytes take the real path COM1 -> serial ring -> tty_serial_rx()
 * -> line discipline -> read.  Echo is off while looping back (an echo
 * would come back as input); every case drains what it sent.
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <drivers/serial.h>
#include <errno.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/seq_file.h>
#include <kernel/string.h>
#include <kernel/tty.h>

#include "../drivers/tty_internal.h"

#define UART_TX         0
#define UART_MCR        4
#define UART_LSR        5
#define UART_MCR_LOOP   0x10
#define UART_LSR_THRE   0x20

static u8 saved_mcr;
static struct termios saved_termios;

/* Loopback on, echo off, the console held by a pretend program (pgrp 0: no signals). */
static int tty_loop_start(struct kunit *test)
{
	struct termios t;

	if (serial_rx_pending())
		return -EBUSY;  /* input for the monitor is waiting: leave it alone */
	saved_mcr = inb(COM1_BASE + UART_MCR);
	saved_termios = console_tty.ldisc.termios;
	t = saved_termios;
	t.c_lflag &= ~ECHO;
	n_tty_set_termios(&console_tty.ldisc, &t);
	outb(saved_mcr | UART_MCR_LOOP, COM1_BASE + UART_MCR);
	tty_console_take(0);
	return 0;
}

static void tty_loop_send(const char *s)
{
	for (; *s; s++) {
		while (!(inb(COM1_BASE + UART_LSR) & UART_LSR_THRE))
			;
		outb(*s, COM1_BASE + UART_TX);
		serial_rx_poll();       /* the interrupt handler's work, here */
	}
	tty_serial_rx();
}

/* Everything back as it was: nothing left in the ring for the monitor. */
static void tty_loop_end(void)
{
	serial_rx_poll();
	while (serial_getc() >= 0)
		;
	outb(saved_mcr, COM1_BASE + UART_MCR);
	tty_console_release();
	n_tty_set_termios(&console_tty.ldisc, &saved_termios);
}

static void tty_canonical_line_through_com1(struct kunit *test)
{
	char buf[32] = { 0 };

	if (tty_loop_start(test))
		kunit_skip(test, "input is waiting on COM1");
	KUNIT_EXPECT_FALSE(test, tty_monitor_owns_console());
	tty_loop_send("abc\x7f" "d");
	KUNIT_EXPECT_EQ(test, tty_try_read(buf, sizeof(buf)), -EAGAIN);  /* no line yet */
	tty_loop_send("\r");
	KUNIT_EXPECT_EQ(test, tty_try_read(buf, sizeof(buf)), 4);
	KUNIT_EXPECT_STREQ(test, buf, "abd\n");
	KUNIT_EXPECT_EQ(test, tty_try_read(buf, sizeof(buf)), -EAGAIN);
	tty_loop_end();
	KUNIT_EXPECT_TRUE(test, tty_monitor_owns_console());
}

static void tty_ctrl_c_drops_the_line(struct kunit *test)
{
	char buf[32] = { 0 };

	if (tty_loop_start(test))
		kunit_skip(test, "input is waiting on COM1");
	tty_loop_send("sleep 100\x03");
	KUNIT_EXPECT_EQ(test, tty_try_read(buf, sizeof(buf)), -EAGAIN);
	tty_loop_send("\x04");          /* ^D on an empty line: end of file */
	KUNIT_EXPECT_EQ(test, tty_try_read(buf, sizeof(buf)), 0);
	tty_loop_end();
}

/* Ctrl-] switches to the monitor only for a program started at boot (init=). */
static void tty_escape_key_switches_to_the_monitor(struct kunit *test)
{
	if (tty_loop_start(test))
		kunit_skip(test, "input is waiting on COM1");
	tty_loop_send("\x1d");          /* held by `run`: the program keeps the console */
	KUNIT_EXPECT_FALSE(test, tty_monitor_owns_console());
	KUNIT_EXPECT_FALSE(test, tty_console_resume());
	tty_console_release();
	tty_console_take_boot(1234);    /* as init= does */
	KUNIT_EXPECT_EQ(test, console_tty.pgrp, 1234);
	tty_loop_send("\x1d");
	KUNIT_EXPECT_TRUE(test, tty_monitor_owns_console());
	KUNIT_EXPECT_TRUE(test, tty_console_resume());
	KUNIT_EXPECT_FALSE(test, tty_monitor_owns_console());
	tty_console_take(77);           /* the monitor's `run` meanwhile: then back to init's */
	KUNIT_EXPECT_EQ(test, console_tty.pgrp, 77);
	tty_loop_send("\x1d");
	KUNIT_EXPECT_FALSE(test, tty_monitor_owns_console());
	tty_console_release();
	KUNIT_EXPECT_EQ(test, console_tty.pgrp, 1234);
	KUNIT_EXPECT_TRUE(test, tty_console_resume());
	tty_loop_end();
	KUNIT_EXPECT_TRUE(test, tty_monitor_owns_console());
	/* no boot program any more: the monitor's for good */
	console_tty.boot_program = false;
	console_tty.pgrp = console_tty.session = 0;
}

static void tty_ioctl_errors_and_defaults(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tty_ioctl(NULL, 0x1234, 0), -ENOTTY);
	KUNIT_EXPECT_EQ(test, tty_ioctl(NULL, TCFLSH, 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, tty_ioctl(NULL, TCGETS, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, console_tty.winsize.ws_row, TTY_DEFAULT_ROWS);
	KUNIT_EXPECT_EQ(test, console_tty.winsize.ws_col, TTY_DEFAULT_COLS);
	KUNIT_EXPECT_TRUE(test, console_tty.ldisc.termios.c_lflag & ICANON);
	KUNIT_EXPECT_EQ(test, console_tty.ldisc.termios.c_cc[VINTR], 3);
}

/*
 * The monitor's run: a child that cannot exec says why in one line and the
 * console comes back to the monitor; no argument is a usage error.
 */
static void tty_monitor_run_reports_what_cannot_run(struct kunit *test)
{
	char buf[256];
	struct seq_file m;

	seq_file_init(&m, buf, sizeof(buf));
	KUNIT_EXPECT_LT(test, monitor_exec_seq(&m, "run /no/such/program arg"), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "run: cannot execute /no/such/program: error -"));
	KUNIT_EXPECT_TRUE(test, tty_monitor_owns_console());
	KUNIT_EXPECT_EQ(test, console_tty.pgrp, 0);
	seq_file_init(&m, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, monitor_exec_seq(&m, "run"), -EINVAL);
	KUNIT_EXPECT_STREQ(test, buf, "usage: run PATH [ARGS]\n");
}

static struct kunit_case tty_cases[] = {
	KUNIT_CASE(tty_canonical_line_through_com1),
	KUNIT_CASE(tty_ctrl_c_drops_the_line),
	KUNIT_CASE(tty_escape_key_switches_to_the_monitor),
	KUNIT_CASE(tty_ioctl_errors_and_defaults),
	KUNIT_CASE(tty_monitor_run_reports_what_cannot_run),
	{}
};

static struct kunit_suite tty_suite = {
	.name = "tty",
	.test_cases = tty_cases,
};
kunit_test_suite(tty_suite);
