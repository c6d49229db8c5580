/*
 * utest suite "tty": the terminal on fd 0 as a program sees it (the console
 * tty when the monitor's `run` starts utest): Linux's termios and window
 * size ioctls, the foreground process group, raw mode and back.  Without a
 * terminal on fd 0 (a pipe on a host), the cases skip, saying so.
 */
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "utest.h"

static int have_tty(void)
{
	if (isatty(0))
		return 1;
	ut_skip("fd 0 is not a terminal");
	return 0;
}

/* The settings a terminal starts with: canonical, echo, signals, ^C ^\ DEL ^U ^D. */
static void tty_termios_defaults(void)
{
	struct termios t;

	if (!have_tty())
		return;
	ASSERT_EQ(tcgetattr(0, &t), 0);
	EXPECT_TRUE(t.c_lflag & ICANON);
	EXPECT_TRUE(t.c_lflag & ISIG);
	EXPECT_TRUE(t.c_oflag & OPOST);
	EXPECT_EQ(t.c_cc[VINTR], 3);
	EXPECT_EQ(t.c_cc[VQUIT], 034);
	EXPECT_EQ(t.c_cc[VEOF], 4);
	EXPECT_EQ(t.c_cc[VKILL], 025);
	EXPECT_ERRNO(tcgetattr(1000, &t), EBADF);
	EXPECT_ERRNO(ioctl(0, 0x54ff, 0), ENOTTY);
}

/* TIOCGWINSZ/TIOCSWINSZ keep what was set. */
static void tty_window_size(void)
{
	struct winsize old, ws = { .ws_row = 33, .ws_col = 101 }, got;

	if (!have_tty())
		return;
	ASSERT_EQ(ioctl(0, TIOCGWINSZ, &old), 0);
	ASSERT_EQ(ioctl(0, TIOCSWINSZ, &ws), 0);
	ASSERT_EQ(ioctl(0, TIOCGWINSZ, &got), 0);
	EXPECT_EQ(got.ws_row, 33);
	EXPECT_EQ(got.ws_col, 101);
	EXPECT_EQ(ioctl(0, TIOCSWINSZ, &old), 0);
	EXPECT_ERRNO(ioctl(0, TIOCGWINSZ, (void *)8), EFAULT);
}

/* We run in the foreground: the terminal's process group is ours. */
static void tty_foreground_process_group(void)
{
	if (!have_tty())
		return;
	EXPECT_EQ(tcgetpgrp(0), getpgrp());
}

/* Raw mode and back (as stty raw; stty sane), without losing the settings. */
static void tty_raw_mode_and_back(void)
{
	struct termios old, raw, got;

	if (!have_tty())
		return;
	ASSERT_EQ(tcgetattr(0, &old), 0);
	raw = old;
	cfmakeraw(&raw);
	ASSERT_EQ(tcsetattr(0, TCSANOW, &raw), 0);
	EXPECT_EQ(tcgetattr(0, &got), 0);
	EXPECT_EQ(got.c_lflag & (ICANON | ECHO | ISIG), 0);
	EXPECT_EQ(got.c_oflag & OPOST, 0);
	EXPECT_EQ(tcsetattr(0, TCSAFLUSH, &old), 0);
	EXPECT_EQ(tcgetattr(0, &got), 0);
	EXPECT_EQ(got.c_lflag, old.c_lflag);
	EXPECT_EQ(got.c_iflag, old.c_iflag);
	EXPECT_EQ(got.c_oflag, old.c_oflag);
}

UTEST_SUITE(tty,
	UTEST_CASE(tty_termios_defaults),
	UTEST_CASE(tty_window_size),
	UTEST_CASE(tty_foreground_process_group),
	UTEST_CASE(tty_raw_mode_and_back),
);
