/*
 * Host tests of drivers/n_tty.c, the console's line discipline: what a
 * program reads and what the terminal shows for bytes typed, in canonical
 * mode (editing, EOF, signals) and raw mode.
 */
#include <string.h>

#include <kernel/tty.h>

#include "hosttest.h"

static char shown[512];
static size_t shown_len;

static void out(void *arg, const char *s, size_t n)
{
	CHECK(shown_len + n < sizeof(shown));
	memcpy(shown + shown_len, s, n);
	shown_len += n;
	shown[shown_len] = '\0';
}

static struct n_tty_data ld;

static void setup(void)
{
	shown_len = 0;
	shown[0] = '\0';
	n_tty_init(&ld, out, NULL);
}

/* Type s; returns the last signal character seen (-1: none). */
static int type(const char *s)
{
	int sig = -1;

	for (; *s; s++) {
		int r = n_tty_receive_char(&ld, (u8)*s);

		if (r >= 0)
			sig = r;
	}
	return sig;
}

static const char *read_all(size_t n)
{
	static char buf[N_TTY_BUF_SIZE + 1];
	size_t got = n_tty_read(&ld, buf, n);

	buf[got] = '\0';
	return buf;
}

TEST(n_tty_canonical_line_is_readable_after_enter_only)
{
	setup();
	type("ls -l");
	CHECK(!n_tty_readable(&ld, 100));
	CHECK_EQ_INT(n_tty_chars_in_buffer(&ld), 0);
	type("\r");                     /* ICRNL: Enter's CR becomes \n */
	CHECK(n_tty_readable(&ld, 100));
	CHECK_EQ_INT(n_tty_chars_in_buffer(&ld), 6);
	CHECK_STR(read_all(100), "ls -l\n");
	CHECK_STR(shown, "ls -l\r\n");  /* echoed, with ONLCR */
	CHECK(!n_tty_readable(&ld, 100));
}

TEST(n_tty_read_returns_one_line_at_a_time)
{
	setup();
	type("one\ntwo\n");
	CHECK_STR(read_all(100), "one\n");
	CHECK_STR(read_all(2), "tw");   /* a short read takes part of the line */
	CHECK_STR(read_all(100), "o\n");
}

TEST(n_tty_erase_del_and_backspace_edit_the_line)
{
	setup();
	type("lsx\x7f -al\b\bl\n");
	CHECK_STR(read_all(100), "ls -l\n");
	CHECK_STR(shown, "lsx\b \b -al\b \b\b \bl\r\n");
	setup();
	type("\x7f\x7fok\n");           /* erasing an empty line does nothing */
	CHECK_STR(read_all(100), "ok\n");
	CHECK_STR(shown, "ok\r\n");
}

TEST(n_tty_kill_and_word_erase)
{
	setup();
	type("rm -rf /\x15" "echo hi there\x17you\n");
	CHECK_STR(read_all(100), "echo hi you\n");
	/* ^U erased 8 characters on the screen (ECHOKE), ^W "there" */
	CHECK(strstr(shown, "rm -rf /\b \b\b \b\b \b\b \b\b \b\b \b\b \b\b \becho") != NULL);
}

TEST(n_tty_eof_at_line_start_reads_zero_bytes)
{
	setup();
	type("\x04");
	CHECK(n_tty_readable(&ld, 100));
	CHECK_STR(read_all(100), "");
	CHECK(!n_tty_readable(&ld, 100));
	type("abc\x04");                /* ^D after text: the text, without a newline */
	CHECK_STR(read_all(100), "abc");
	CHECK_STR(shown, "abc");        /* ^D is not echoed */
}

TEST(n_tty_ctrl_c_is_a_signal_and_flushes_the_line)
{
	setup();
	type("done\n");
	CHECK_EQ_INT(type("sleep 10\x03"), VINTR);
	CHECK(!n_tty_readable(&ld, 100));       /* both lines gone (no NOFLSH) */
	CHECK(strstr(shown, "sleep 10^C") != NULL);
	CHECK_EQ_INT(type("\x1c"), VQUIT);
	CHECK_EQ_INT(type("\x1a"), VSUSP);
	ld.termios.c_lflag &= ~ISIG;
	CHECK_EQ_INT(type("\x03\n"), -1);       /* without ISIG, ^C is a byte */
	CHECK_STR(read_all(100), "\x03\n");
}

TEST(n_tty_raw_mode_hands_over_every_byte)
{
	struct termios t;

	setup();
	type("partial");
	t = ld.termios;
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_iflag &= ~ICRNL;
	n_tty_set_termios(&ld, &t);
	CHECK(n_tty_readable(&ld, 1));  /* the partial line became readable */
	CHECK_STR(read_all(100), "partial");
	shown_len = 0;
	shown[0] = '\0';
	type("\r\x7f" "x");
	CHECK_STR(read_all(100), "\r\x7f" "x");
	CHECK_STR(shown, "");           /* no echo */
	t.c_cc[VMIN] = 0;               /* VMIN 0: a read never waits */
	n_tty_set_termios(&ld, &t);
	CHECK(n_tty_readable(&ld, 10));
}

TEST(n_tty_echoctl_shows_control_characters_as_caret)
{
	setup();
	type("a\x01\tb\n");
	CHECK_STR(shown, "a^A\tb\r\n");
	CHECK_STR(read_all(100), "a\x01\tb\n");
	setup();
	type("\x01\x7f\n");             /* erasing ^A takes two columns */
	CHECK_STR(shown, "^A\b \b\b \b\r\n");
}

TEST(n_tty_full_buffer_keeps_room_for_the_newline)
{
	setup();
	ld.termios.c_lflag &= ~ECHO;
	for (int i = 0; i < N_TTY_BUF_SIZE + 10; i++)
		n_tty_receive_char(&ld, 'x');
	CHECK_EQ_INT(n_tty_room(&ld), 1);
	type("\n");
	CHECK_EQ_INT(n_tty_room(&ld), 0);
	CHECK_EQ_INT(strlen(read_all(N_TTY_BUF_SIZE)), N_TTY_BUF_SIZE);
	CHECK_EQ_INT(n_tty_room(&ld), N_TTY_BUF_SIZE);
}

TEST(n_tty_output_processing)
{
	struct termios t;

	setup();
	n_tty_write(&ld, "a\nb\n", 4);
	CHECK_STR(shown, "a\r\nb\r\n");
	t = ld.termios;
	t.c_oflag &= ~OPOST;
	n_tty_set_termios(&ld, &t);
	n_tty_write(&ld, "c\n", 2);
	CHECK_STR(shown, "a\r\nb\r\nc\n");
}

TEST(n_tty_termios_layout_is_linux)
{
	CHECK_EQ_INT(sizeof(struct termios), 36);
	CHECK_EQ_INT(__builtin_offsetof(struct termios, c_cc), 17);
	CHECK_EQ_INT(sizeof(struct winsize), 8);
	CHECK_EQ_INT(TCGETS, 0x5401);
	CHECK_EQ_INT(TIOCGWINSZ, 0x5413);
}

TEST(n_tty_read_all_takes_the_typeahead_and_the_partial_line)
{
	char buf[64];
	size_t n;

	setup();
	type("ls\rcat fi");
	n = n_tty_read_all(&ld, buf, sizeof(buf));
	CHECK_EQ_INT(n, 9);
	CHECK_MEM(buf, "ls\ncat fi", 9);
	CHECK(!n_tty_readable(&ld, 1));
	CHECK_EQ_INT(n_tty_room(&ld), N_TTY_BUF_SIZE);
}
