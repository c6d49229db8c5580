/*
 * monitor suite: the line editor fed byte by byte as the serial port would,
 * including what a person or a script may send by mistake (a 10,000-character
 * line, non-ASCII bytes), and command dispatch.
 */
#include <errno.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

static struct line_editor le;
static char echoed[512];
static size_t echoed_len;

static void capture_echo(const char *s, size_t n)
{
	for (size_t i = 0; i < n && echoed_len + 1 < sizeof(echoed); i++)
		echoed[echoed_len++] = s[i];
	echoed[echoed_len] = '\0';
}

/* Feed a string; return the last event that was not LE_NONE. */
static enum le_event feed(const char *s)
{
	enum le_event last = LE_NONE, ev;

	for (; *s; s++)
		if ((ev = line_edit_feed(&le, (u8)*s)) != LE_NONE)
			last = ev;
	return last;
}

static int init(struct kunit *test)
{
	line_edit_init(&le, capture_echo);
	echoed_len = 0;
	echoed[0] = '\0';
	return 0;
}

static void monitor_editor_builds_lines(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, feed("e820\r\n"), LE_LINE);         /* CR LF: one line */
	KUNIT_EXPECT_STREQ(test, le.line, "e820");
	KUNIT_EXPECT_EQ(test, feed("dmx\besg\n"), LE_LINE);
	KUNIT_EXPECT_STREQ(test, le.line, "dmesg");
	KUNIT_EXPECT_EQ(test, feed("junk\x15help\x7f\x7fl\n"), LE_LINE);  /* Ctrl-U, DEL */
	KUNIT_EXPECT_STREQ(test, le.line, "hel");
	KUNIT_EXPECT_EQ(test, feed("abc\x03"), LE_CANCEL);          /* Ctrl-C */
	KUNIT_EXPECT_STREQ(test, echoed + echoed_len - 3, "^C\n");
}

static void monitor_editor_recalls_history(struct kunit *test)
{
	feed("first\n");
	feed("second\n");
	KUNIT_EXPECT_EQ(test, feed("\x1b[A\x1b[A\n"), LE_LINE);
	KUNIT_EXPECT_STREQ(test, le.line, "first");
	KUNIT_EXPECT_EQ(test, feed("\x1b[A\x1b[A\x1b[B\n"), LE_LINE);
	KUNIT_EXPECT_STREQ(test, le.line, "first");     /* the most recent is "first" now */
}

static void monitor_editor_refuses_10000_characters(struct kunit *test)
{
	for (int i = 0; i < 10000; i++)
		KUNIT_ASSERT_EQ(test, line_edit_feed(&le, 'x'), LE_NONE);
	KUNIT_EXPECT_EQ(test, line_edit_feed(&le, '\n'), LE_TOO_LONG);
	KUNIT_EXPECT_EQ(test, feed("help\n"), LE_LINE);   /* and the next line is fine */
	KUNIT_EXPECT_STREQ(test, le.line, "help");
}

static void monitor_editor_refuses_non_ascii(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, feed("e8\xe2\x82\xac" "20\n"), LE_BAD_BYTE);
	KUNIT_EXPECT_EQ(test, le.line_bad, 0xe2);
	KUNIT_EXPECT_EQ(test, feed("\x1c\n"), LE_BAD_BYTE);    /* a control byte no key uses */
	KUNIT_EXPECT_EQ(test, le.line_bad, 0x1c);
	KUNIT_EXPECT_EQ(test, feed("e820\n"), LE_LINE);
}

/* What a terminal sends for the keys: Delete, Home, End, arrows, readline's Ctrl-W. */
static void monitor_editor_moves_the_cursor(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, feed("ech\x1b[D\x1b[Do\x1b[3~\x1b[4~ x y\x17z\r"), LE_LINE);
	KUNIT_EXPECT_STREQ(test, le.line, "eoh x z");
	KUNIT_EXPECT_EQ(test, feed("\x1bOA\x1b[1~\x1b[5~#\n"), LE_LINE);
	KUNIT_EXPECT_STREQ(test, le.line, "#eoh x z");
}

static void monitor_splits_words(struct kunit *test)
{
	char line[] = "  devmem\t0xfed00000  32 ";
	char many[] = "a b c d e f g h i j k l m n o p q";
	char *argv[MONITOR_MAX_ARGS];

	KUNIT_ASSERT_EQ(test, monitor_split(line, argv, MONITOR_MAX_ARGS), 3);
	KUNIT_EXPECT_STREQ(test, argv[0], "devmem");
	KUNIT_EXPECT_STREQ(test, argv[1], "0xfed00000");
	KUNIT_EXPECT_STREQ(test, argv[2], "32");
	KUNIT_EXPECT_EQ(test, monitor_split(many, argv, MONITOR_MAX_ARGS), -E2BIG);
}

/* Run one command line with the monitor's output collected in out. */
static char out[2048];

static int exec_to_buf(const char *line)
{
	struct seq_file m;

	seq_file_init(&m, out, sizeof(out));
	return monitor_exec_seq(&m, line);
}

static void monitor_exec_reports_errors(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, monitor_exec("no-such-command"), -ENOENT);
	KUNIT_EXPECT_EQ(test, monitor_exec("   "), 0);
	KUNIT_EXPECT_EQ(test, monitor_exec("e820 extra"), -EINVAL);
	KUNIT_EXPECT_EQ(test, monitor_exec("crash nonsense"), -EINVAL);
	KUNIT_EXPECT_EQ(test, monitor_exec("crash null"), 0);     /* caught: we go on */
	KUNIT_EXPECT_EQ(test, monitor_exec("selftest no-such-suite"), -ENOENT);
}

/*
 * selftest's SUITE.CASE_GLOB: '*' and '?' over the whole case name (digits
 * are ordinary characters), in time bounded by the pattern's length times
 * the name's, so many stars cannot hang the monitor; empty entries are
 * skipped as the boot's selftest= skips them, and a list of none is refused.
 */
static void monitor_selftest_case_globs(struct kunit *test)
{
	static const char *const selects[] = {
		"cmdline", "cmdline.*", "cmdline.cmdline_*_quotes_*",
		"cmdline.?mdline_boot_line_was_parsed", "cmdline.*parsed", "cmdline.**boot**",
		"cmdline.cmdline_refuses_1000?_characters", "cmdline.*_10000_*", "cmdline.*?",
	};
	static const char *const selects_none[] = {
		"cmdline.", "cmdline.cmdline_boot_line_was_parse", "cmdline.?", "cmdline.*x*y*z*",
		"cmdline.cmdline_refuses_1000_characters", "cmdlin", "cmdline*", "*",
	};
	char buf[160], many[MONITOR_LINE_MAX];
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(selects); i++) {
		const char *why = kunit_entry_problem(selects[i], buf, sizeof(buf));

		if (why)
			kunit_log_diag(test, "'%s': %s", selects[i], why);
		KUNIT_EXPECT_NULL(test, why);
	}
	for (size_t i = 0; i < ARRAY_SIZE(selects_none); i++) {
		const char *why = kunit_entry_problem(selects_none[i], buf, sizeof(buf));

		if (!why)
			kunit_log_diag(test, "'%s' selects a case", selects_none[i]);
		KUNIT_EXPECT_NOT_NULL(test, why);
	}
	/* "selftest cmdline.***...***#": trying every split of the stars would never end */
	n = scnprintf(many, sizeof(many), "selftest cmdline.");
	while (n < sizeof(many) - 2)
		many[n++] = '*';
	many[n++] = '#';
	many[n] = '\0';
	KUNIT_EXPECT_EQ(test, exec_to_buf(many), -ENOENT);
	KUNIT_EXPECT_TRUE(test, strstr(out, "selftest: no case of suite 'cmdline' matches '***") == out);

	KUNIT_EXPECT_EQ(test, exec_to_buf("selftest ,cmdline.zz,"), -ENOENT);
	KUNIT_EXPECT_STREQ(test, out, "selftest: no case of suite 'cmdline' matches 'zz' "
			   "(try 'selftest list')\n");
	KUNIT_EXPECT_EQ(test, exec_to_buf("selftest ,,"), -ENOENT);
	KUNIT_EXPECT_STREQ(test, out, "selftest: ',,' names no suite (try 'selftest list')\n");
}

/* selftest/bench with a name that matches nothing: one line, nothing run. */
static void monitor_unknown_suite_or_benchmark_is_one_line(struct kunit *test)
{
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_EQ(test, exec_to_buf("selftest buddy,nosuch"), -ENOENT);
	KUNIT_EXPECT_STREQ(test, out, "selftest: no suite named 'nosuch' (try 'selftest list')\n");
	KUNIT_EXPECT_EQ(test, exec_to_buf("selftest cmdline.no_such_case*"), -ENOENT);
	KUNIT_EXPECT_STREQ(test, out, "selftest: no case of suite 'cmdline' matches "
			   "'no_such_case*' (try 'selftest list')\n");
	KUNIT_EXPECT_EQ(test, exec_to_buf("bench nosuch"), -ENOENT);
	KUNIT_EXPECT_STREQ(test, out, "");
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "bench: no benchmark name contains 'nosuch'\n"));
	KUNIT_EXPECT_FALSE(test, log_contains_since(pos, "BENCHINFO"));
}

static void monitor_prints_usage_from_the_registration(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, exec_to_buf("buddyinfo extra"), -EINVAL);
	KUNIT_EXPECT_STREQ(test, out, "usage: buddyinfo\n");
	KUNIT_EXPECT_EQ(test, exec_to_buf("walk"), -EINVAL);
	KUNIT_EXPECT_STREQ(test, out, "usage: walk ADDR [PID]\n");
	KUNIT_EXPECT_EQ(test, exec_to_buf("walk 0x1000 x"), -EINVAL);
	KUNIT_EXPECT_EQ(test, exec_to_buf("walk 0x1000 99999"), -ESRCH);
	KUNIT_EXPECT_STREQ(test, out, "walk: no process 99999\n");
	KUNIT_EXPECT_EQ(test, exec_to_buf("devmem 0xfed00000 12"), -EINVAL);
	KUNIT_EXPECT_STREQ(test, out, "usage: devmem ADDR [WIDTH [VALUE]]\n");
	KUNIT_EXPECT_EQ(test, exec_to_buf("iomem nonsense"), -EINVAL);
	KUNIT_EXPECT_STREQ(test, out, "usage: iomem [ADDR]\n");
	KUNIT_EXPECT_EQ(test, exec_to_buf("lspci -q"), -EINVAL);
	KUNIT_EXPECT_STREQ(test, out, "usage: lspci [-v] [-x|-xxx|-xxxx]\n");
}

static void monitor_views_print_through_the_seq_file(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, exec_to_buf("e820"), 0);
	KUNIT_EXPECT_EQ(test, strncmp(out, "BIOS-e820: [mem 0x0000000000000000-", 35), 0);
	KUNIT_ASSERT_EQ(test, exec_to_buf("slabinfo"), 0);
	KUNIT_EXPECT_EQ(test, strncmp(out, "slabinfo - version: 2.1\n# name ", 31), 0);
	KUNIT_ASSERT_EQ(test, exec_to_buf("iomem 0x100000"), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(out, " : System RAM\n"));
	KUNIT_ASSERT_EQ(test, exec_to_buf("ioports 0x3f8"), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(out, "03f8-03ff : serial\n"));
}

/* busybox's devmem would write 0x00 for 256 at 8 bits: refuse instead. */
static void monitor_devmem_refuses_a_value_wider_than_the_access(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, exec_to_buf("devmem 0xfed000f0 8 256"), -ERANGE);
	KUNIT_EXPECT_STREQ(test, out, "devmem: value 0x100 does not fit in 8 bits\n");
	KUNIT_EXPECT_EQ(test, exec_to_buf("devmem 0xfed000f0 16 0x10000"), -ERANGE);
	KUNIT_EXPECT_EQ(test, exec_to_buf("devmem 0xfed000f0 32 0x100000000"), -ERANGE);
}

extern const struct monitor_cmd __monitor_cmds_start[];
extern const struct monitor_cmd __monitor_cmds_end[];

/* One registration per name, each a command or a view, with a usage and a help line. */
static void monitor_commands_are_registered_once(struct kunit *test)
{
	const struct monitor_cmd *c, *d;

	KUNIT_EXPECT_GE(test, __monitor_cmds_end - __monitor_cmds_start, 28);
	for (c = __monitor_cmds_start; c < __monitor_cmds_end; c++) {
		KUNIT_EXPECT_TRUE(test, !c->fn != !c->show);
		KUNIT_EXPECT_TRUE(test, c->usage && c->help && *c->help);
		for (d = c + 1; d < __monitor_cmds_end; d++)
			if (!strcmp(c->name, d->name))
				KUNIT_FAIL(test, "a command name is registered twice");
	}
}

static struct kunit_case monitor_cases[] = {
	KUNIT_CASE(monitor_editor_builds_lines),
	KUNIT_CASE(monitor_editor_recalls_history),
	KUNIT_CASE(monitor_editor_refuses_10000_characters),
	KUNIT_CASE(monitor_editor_refuses_non_ascii),
	KUNIT_CASE(monitor_editor_moves_the_cursor),
	KUNIT_CASE(monitor_splits_words),
	KUNIT_CASE(monitor_exec_reports_errors),
	KUNIT_CASE(monitor_commands_are_registered_once),
	KUNIT_CASE(monitor_prints_usage_from_the_registration),
	KUNIT_CASE(monitor_selftest_case_globs),
	KUNIT_CASE(monitor_unknown_suite_or_benchmark_is_one_line),
	KUNIT_CASE(monitor_views_print_through_the_seq_file),
	KUNIT_CASE(monitor_devmem_refuses_a_value_wider_than_the_access),
	{}
};

static struct kunit_suite monitor_suite = {
	.name = "monitor",
	.init = init,
	.test_cases = monitor_cases,
};
kunit_test_suite(monitor_suite);
