/*
 * Host tests of kernel/monitor_parse.c (include/kernel/monitor.h): the word
 * splitter and the serial line editor, driven byte by byte as a terminal or
 * a script would type, with the echo captured through the editor's callback
 * so that what the user would see is checked too.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/monitor.h>

#include "hosttest.h"

/* ---- monitor_split ---- */

TEST(monitor_split_words)
{
	char line[] = "devmem 0x1000 32";
	char *argv[MONITOR_MAX_ARGS];

	CHECK_EQ_INT(monitor_split(line, argv, MONITOR_MAX_ARGS), 3);
	CHECK_STR(argv[0], "devmem");
	CHECK_STR(argv[1], "0x1000");
	CHECK_STR(argv[2], "32");
}

TEST(monitor_split_extra_spaces_and_tabs)
{
	char line[] = "  \twalk \t  0xffff888000000000\t ";
	char *argv[MONITOR_MAX_ARGS];

	CHECK_EQ_INT(monitor_split(line, argv, MONITOR_MAX_ARGS), 2);
	CHECK_STR(argv[0], "walk");
	CHECK_STR(argv[1], "0xffff888000000000");
	CHECK(argv[0] == line + 3);             /* words point into the line */
}

TEST(monitor_split_empty_lines)
{
	char empty[] = "", blank[] = " \t  ";
	char *argv[MONITOR_MAX_ARGS];

	CHECK_EQ_INT(monitor_split(empty, argv, MONITOR_MAX_ARGS), 0);
	CHECK_EQ_INT(monitor_split(blank, argv, MONITOR_MAX_ARGS), 0);
}

TEST(monitor_split_too_many_words)
{
	char exact[] = "a b c d", more[] = "a b c d e", trailing[] = "a b c d   ";
	char *argv[4];

	CHECK_EQ_INT(monitor_split(exact, argv, 4), 4);
	CHECK_STR(argv[3], "d");
	CHECK_EQ_INT(monitor_split(trailing, argv, 4), 4);
	CHECK_EQ_INT(monitor_split(more, argv, 4), -E2BIG);
}

/* ---- the line editor ---- */

static char echoed[1 << 16];
static size_t echoed_len;

static void echo(const char *s, size_t n)
{
	if (n > sizeof(echoed) - 1 - echoed_len)
		n = sizeof(echoed) - 1 - echoed_len;
	memcpy(echoed + echoed_len, s, n);
	echoed_len += n;
	echoed[echoed_len] = '\0';
}

static void echo_reset(void)
{
	echoed_len = 0;
	echoed[0] = '\0';
}

/* struct line_editor holds 16 history lines: one static instance per process. */
static struct line_editor le;

static void editor_init(void)
{
	line_edit_init(&le, echo);
	echo_reset();
}

/*
 * Feed n bytes; returns the event of the last byte that made one (LE_NONE
 * if none did) and counts the events in *nevents.
 */
static enum le_event feed_n(const char *s, size_t n, int *nevents)
{
	enum le_event last = LE_NONE;

	*nevents = 0;
	for (size_t i = 0; i < n; i++) {
		enum le_event ev = line_edit_feed(&le, (unsigned char)s[i]);

		if (ev != LE_NONE) {
			last = ev;
			++*nevents;
		}
	}
	return last;
}

static enum le_event feed(const char *s, int *nevents)
{
	return feed_n(s, strlen(s), nevents);
}

/* Typing s ends in exactly one event, ev, and le.line is then line. */
static void expect_line(const char *file, int line, const char *s, enum le_event ev,
			const char *want)
{
	int n;
	enum le_event got = feed(s, &n);

	host_check_int(n, 1, "events", "1", file, line);
	host_check_int(got, ev, "event", "expected", file, line);
	if (want)
		host_check_str(le.line, want, "le.line", want, file, line);
}

#define EXPECT_LINE(s, want) expect_line(__FILE__, __LINE__, s, LE_LINE, want)
#define ESC_UP   "\x1b[A"
#define ESC_DOWN "\x1b[B"

TEST(line_edit_plain_line_with_cr)
{
	editor_init();
	EXPECT_LINE("help\r", "help");
	CHECK_STR(echoed, "help\n");
}

TEST(line_edit_plain_line_with_lf)
{
	editor_init();
	EXPECT_LINE("e820\n", "e820");
}

TEST(line_edit_cr_lf_is_one_line)
{
	int n;

	editor_init();
	CHECK_EQ_INT(feed("ls\r\n", &n), LE_LINE);
	CHECK_EQ_INT(n, 1);
	CHECK_STR(le.line, "ls");
	CHECK_STR(echoed, "ls\n");
	EXPECT_LINE("x\r\n", "x");              /* and the next line is not swallowed */
	EXPECT_LINE("y\n", "y");
}

TEST(line_edit_cr_cr_and_lf_lf_are_two_lines)
{
	int n;

	editor_init();
	CHECK_EQ_INT(feed("a\r\r", &n), LE_LINE);
	CHECK_EQ_INT(n, 2);
	CHECK_STR(le.line, "");
	CHECK_EQ_INT(feed("b\n\n", &n), LE_LINE);
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(feed("\n\r", &n), LE_LINE);        /* LF CR: two */
	CHECK_EQ_INT(n, 2);
}

TEST(line_edit_backspace_and_del)
{
	editor_init();
	EXPECT_LINE("ab\bc\r", "ac");
	CHECK_STR(echoed, "ab\b \bc\n");
	echo_reset();
	EXPECT_LINE("xy\x7f\x7fz\r", "z");
	CHECK_STR(echoed, "xy\b \b\b \bz\n");
}

TEST(line_edit_backspace_on_empty_line_does_nothing)
{
	editor_init();
	EXPECT_LINE("\b\x7f\bok\r", "ok");
	CHECK_STR(echoed, "ok\n");
}

TEST(line_edit_ctrl_u_kills_the_line)
{
	editor_init();
	EXPECT_LINE("abc\x15" "de\r", "de");
	CHECK_STR(echoed, "abc\b\b\b   \b\b\bde\n");     /* back, blank, back */
}

TEST(line_edit_ctrl_c_cancels)
{
	editor_init();
	expect_line(__FILE__, __LINE__, "reboot\x03", LE_CANCEL, NULL);
	CHECK_STR(echoed, "reboot^C\n");
	EXPECT_LINE("x\r", "x");                /* the cancelled text is gone */
	le.line[0] = '\0';
	CHECK_EQ_INT(feed(ESC_UP, &(int){ 0 }), LE_NONE);
	CHECK_STR(le.buf, "x");                 /* and not in the history */
}

TEST(line_edit_tab_is_a_space)
{
	editor_init();
	EXPECT_LINE("a\tb\r", "a b");
	CHECK_STR(echoed, "a b\n");
}

TEST(line_edit_history_up_and_down)
{
	editor_init();
	EXPECT_LINE("one\r", "one");
	EXPECT_LINE("two\r", "two");
	echo_reset();
	feed(ESC_UP, &(int){ 0 });
	CHECK_STR(le.buf, "two");
	CHECK_STR(echoed, "two");
	echo_reset();
	feed(ESC_UP, &(int){ 0 });
	CHECK_STR(le.buf, "one");
	CHECK_STR(echoed, "\b\b\bone");            /* back over "two", "one" over it */
	feed(ESC_UP, &(int){ 0 });                 /* no older line: stays */
	CHECK_STR(le.buf, "one");
	feed(ESC_DOWN, &(int){ 0 });
	CHECK_STR(le.buf, "two");
	feed(ESC_DOWN, &(int){ 0 });
	CHECK_STR(le.buf, "");                     /* past the newest: empty */
	feed(ESC_DOWN, &(int){ 0 });
	CHECK_STR(le.buf, "");
	feed(ESC_UP ESC_UP, &(int){ 0 });
	EXPECT_LINE("\r", "one");                  /* a recalled line runs */
}

TEST(line_edit_history_replaces_a_half_typed_line)
{
	editor_init();
	EXPECT_LINE("dmesg\r", "dmesg");
	feed("xy", &(int){ 0 });
	echo_reset();
	feed(ESC_UP, &(int){ 0 });
	CHECK_STR(echoed, "\b\bdmesg");
	EXPECT_LINE("\r", "dmesg");
}

TEST(line_edit_history_skips_empty_and_repeated_lines)
{
	editor_init();
	EXPECT_LINE("a\r", "a");
	EXPECT_LINE("\r", "");
	EXPECT_LINE("b\r", "b");
	EXPECT_LINE("b\r", "b");
	feed(ESC_UP ESC_UP, &(int){ 0 });
	CHECK_STR(le.buf, "a");
	CHECK_EQ_INT(le.hist_count, 2);
}

TEST(line_edit_history_keeps_the_last_16)
{
	char cmd[8];

	editor_init();
	for (int i = 0; i < 20; i++) {
		libc_snprintf(cmd, sizeof(cmd), "c%d\r", i);
		feed(cmd, &(int){ 0 });
	}
	for (int i = 0; i < MONITOR_HISTORY; i++)
		feed(ESC_UP, &(int){ 0 });
	CHECK_STR(le.buf, "c4");
	feed(ESC_UP, &(int){ 0 });
	CHECK_STR(le.buf, "c4");                /* c3 and older are gone */
	feed(ESC_DOWN, &(int){ 0 });
	CHECK_STR(le.buf, "c5");
}

TEST(line_edit_left_arrow_inserts_in_the_middle)
{
	editor_init();
	EXPECT_LINE("ab" "\x1b[C" "\x1b[D" "c\r", "acb");     /* right (at the end), left */
	CHECK_STR(echoed, "ab" "\b" "cb\b" "\n");             /* back; c, then b rewritten */
	echo_reset();
	EXPECT_LINE("helo" "\x1b[D" "l" "\x1b[C" "!\r", "hello!");
	CHECK_STR(echoed, "helo\blo\bo!\n");
}

TEST(line_edit_home_end_delete_leave_no_stray_characters)
{
	editor_init();
	/* Delete at the end does nothing; Home; Delete; End; PgUp, Insert are dropped */
	EXPECT_LINE("abc" "\x1b[3~" "\x1b[1~" "\x1b[3~" "\x1b[4~" "\x1b[5~" "\x1b[2~" "d\r",
		    "bcd");
	CHECK(!strchr(echoed, '~'));
	CHECK_STR(echoed, "abc\b\b\bbc \b\b\bbcd\n");
	EXPECT_LINE("xy" "\x1b[H" "1" "\x1b[F" "2" "\x1bOH" "0" "\x1bOF" "3\r", "01xy23");
	EXPECT_LINE("ab" "\x01" "<" "\x05" ">" "\x02\x02" "\x04" "\x06" "-\r", "<a>-");
}

TEST(line_edit_csi_of_any_length_is_one_key)
{
	editor_init();
	/* Ctrl-Right (ESC [1;5C), Shift-Left (ESC [1;2D), F5 (ESC [15~), a private CSI */
	EXPECT_LINE("ab" "\x1b[1;2D" "\x1b[15~" "\x1b[?25h" "\x1b[1;5C" "c\r", "abc");
	CHECK_STR(echoed, "ab\bbc\n");
	EXPECT_LINE("x" "\x1bz" "y\r", "xy");                 /* Alt-z: dropped */
	EXPECT_LINE("q" "\x1b\r", "q");                       /* a lone ESC, then Enter */
}

TEST(line_edit_ss3_arrows_are_arrows)
{
	editor_init();
	EXPECT_LINE("first\r", "first");
	EXPECT_LINE("\x1bOA" "\r", "first");                  /* ESC O A is Up, not "A" */
	EXPECT_LINE("ab" "\x1bOD" "X" "\x1bOC" "Y\r", "aXbY");
}

TEST(line_edit_ctrl_w_deletes_the_previous_word)
{
	editor_init();
	EXPECT_LINE("echo foo bar\x17" "baz\r", "echo foo baz");
	CHECK_STR(echoed, "echo foo bar\b\b\b   \b\b\bbaz\n");
	EXPECT_LINE("a b  \x17" "c\r", "a c");                /* blanks, then the word */
	EXPECT_LINE("one two" "\x1b[D\x1b[D" "\x17" "!\r", "one !wo");
	EXPECT_LINE("\x17\x17ok\r", "ok");                     /* nothing to delete */
}

TEST(line_edit_ctrl_u_and_ctrl_k_kill_before_and_after_the_cursor)
{
	editor_init();
	EXPECT_LINE("abcdef" "\x1b[D\x1b[D" "\x15" "\r", "ef");
	EXPECT_LINE("abcdef" "\x1b[D\x1b[D" "\x0b" "\r", "abcd");
}

TEST(line_edit_ctrl_l_redraws_the_prompt_and_the_line)
{
	editor_init();
	le.prompt = "atlas> ";
	feed("lspci -v" "\x1b[D\x1b[D\x1b[D", &(int){ 0 });
	echo_reset();
	feed("\x0c", &(int){ 0 });
	CHECK_STR(echoed, "\x1b[H\x1b[2J" "atlas> lspci -v" "\b\b\b");
	EXPECT_LINE("\x1b[F\r", "lspci -v");                  /* the line is intact */
}

TEST(line_edit_emptied_long_line_is_fine_again)
{
	char s[300];

	editor_init();
	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	feed(s, &(int){ 0 });
	CHECK_EQ_INT(le.len, MONITOR_LINE_MAX - 1);
	for (int i = 0; i < MONITOR_LINE_MAX - 1; i++)
		line_edit_feed(&le, '\x7f');
	EXPECT_LINE("help\r", "help");
	feed(s, &(int){ 0 });
	expect_line(__FILE__, __LINE__, "\x15" "\r", LE_LINE, "");     /* Ctrl-U empties it too */
}

TEST(line_edit_recalled_line_replaces_a_bad_byte)
{
	editor_init();
	EXPECT_LINE("e820\r", "e820");
	EXPECT_LINE("x\x80" ESC_UP "\r", "e820");
	EXPECT_LINE("y\xff" "\x7f" "ok\r", "ok");             /* emptied, then typed again */
	expect_line(__FILE__, __LINE__, "ab\xff" "\x7f" "c\r", LE_BAD_BYTE, NULL);
}

/* Whatever arrives, the editor's state stays consistent (the fuzzer's invariant). */
TEST(line_edit_random_bytes_keep_the_state_consistent)
{
	static const char keys[] = "ab \x1b[O~;0123456789ABCDFH\x7f\b\x01\x02\x04\x05\x06"
				   "\x0b\x0c\x15\x17\x80\r";

	editor_init();
	host_srand(8);
	for (int i = 0; i < 200000; i++) {
		line_edit_feed(&le, (unsigned char)keys[host_rand_below(sizeof(keys) - 1)]);
		if (!CHECK_MSG(le.pos <= le.len && le.len < MONITOR_LINE_MAX &&
			       le.buf[le.len] == '\0' && strlen(le.buf) == le.len,
			       "step %d: pos %zu len %zu", i, le.pos, le.len))
			return;
		if (i % 1000 == 0)
			echo_reset();
	}
}

TEST(line_edit_longest_line_fits)
{
	char s[MONITOR_LINE_MAX + 1];

	editor_init();
	memset(s, 'a', MONITOR_LINE_MAX - 1);
	s[MONITOR_LINE_MAX - 1] = '\r';
	s[MONITOR_LINE_MAX] = '\0';
	EXPECT_LINE(s, NULL);
	CHECK_EQ_INT(strlen(le.line), MONITOR_LINE_MAX - 1);
}

TEST(line_edit_one_character_too_many)
{
	char s[MONITOR_LINE_MAX + 2];

	editor_init();
	memset(s, 'a', MONITOR_LINE_MAX);
	s[MONITOR_LINE_MAX] = '\r';
	s[MONITOR_LINE_MAX + 1] = '\0';
	expect_line(__FILE__, __LINE__, s, LE_TOO_LONG, NULL);
}

TEST(line_edit_10000_characters_is_too_long)
{
	char *s = malloc(10002);

	editor_init();
	memset(s, 'x', 10000);
	s[10000] = '\r';
	s[10001] = '\0';
	expect_line(__FILE__, __LINE__, s, LE_TOO_LONG, NULL);
	CHECK(strlen(le.line) < MONITOR_LINE_MAX);
	CHECK_EQ_INT(strlen(echoed), MONITOR_LINE_MAX - 1 + 1);    /* echo stops at the limit */
	EXPECT_LINE("help\r", "help");          /* the editor recovers */
	feed(ESC_UP ESC_UP, &(int){ 0 });
	CHECK_STR(le.buf, "help");              /* the long line is not in the history */
	free(s);
}

TEST(line_edit_non_ascii_bytes_are_reported)
{
	editor_init();
	expect_line(__FILE__, __LINE__, "ab\x80" "cd\xff\r", LE_BAD_BYTE, NULL);
	CHECK_EQ_INT(le.line_bad, 0x80);
	CHECK_STR(echoed, "abcd\n");            /* bad bytes are not echoed */
	EXPECT_LINE("ok\r", "ok");
	CHECK_EQ_INT(le.hist_count, 1);         /* only "ok" went to the history */
}

TEST(line_edit_every_byte_from_0x80_to_0xff_is_bad)
{
	for (int c = 0x80; c <= 0xff; c++) {
		char s[4] = { 'x', (char)c, '\r', 0 };
		int n;
		enum le_event ev;

		editor_init();
		ev = feed(s, &n);
		CHECK_MSG(n == 1 && ev == LE_BAD_BYTE && le.line_bad == c,
			  "byte %#x: event %d, line_bad %#x", c, ev, le.line_bad);
	}
}

TEST(line_edit_control_bytes_are_bad)
{
	editor_init();
	expect_line(__FILE__, __LINE__, "a\x1c\x1d" "b\r", LE_BAD_BYTE, NULL);
	CHECK_EQ_INT(le.line_bad, 0x1c);
}
