/*
 * Host tests of kernel/cmdline.c (include/kernel/cmdline.h): flags,
 * key=value, quoting as Linux's next_arg(), repeated keys, spacing, and the
 * three ways a command line can be refused (-E2BIG, -ENOSPC, -EINVAL), each
 * with one printed line and what could be parsed kept.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/cmdline.h>

#include "hosttest.h"

/* struct cmdline is 4 KiB + params: one static instance per test process. */
static struct cmdline cl;

static int parse(const char *s)
{
	printk_capture_reset();
	return cmdline_parse(&cl, s);
}

TEST(cmdline_empty_line_has_no_params)
{
	CHECK_EQ_INT(parse(""), 0);
	CHECK_EQ_INT(cl.nparams, 0);
	CHECK(!cmdline_find(&cl, "x"));
	CHECK_EQ_INT(parse("   "), 0);
	CHECK_EQ_INT(cl.nparams, 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(cmdline_bare_flags)
{
	const struct cmdline_param *p;

	CHECK_EQ_INT(parse("selftest quiet"), 0);
	CHECK_EQ_INT(cl.nparams, 2);
	p = cmdline_find(&cl, "quiet");
	if (CHECK(p)) {
		CHECK_STR(p->key, "quiet");
		CHECK(p->val == NULL);
	}
	CHECK_STR(cmdline_get(&cl, "selftest"), "");    /* a flag reads as "" */
	CHECK(cmdline_get(&cl, "verbose") == NULL);
	CHECK(cmdline_get(&cl, "quie") == NULL);        /* no prefix matches */
}

TEST(cmdline_key_value)
{
	CHECK_EQ_INT(parse("console=ttyS0,115200 selftest=printk,e820 mem=512M"), 0);
	CHECK_EQ_INT(cl.nparams, 3);
	CHECK_STR(cmdline_get(&cl, "console"), "ttyS0,115200");
	CHECK_STR(cmdline_get(&cl, "selftest"), "printk,e820");
	CHECK_STR(cmdline_get(&cl, "mem"), "512M");
	CHECK_STR(cl.params[0].key, "console");
	CHECK_STR(cl.params[2].key, "mem");
}

TEST(cmdline_value_keeps_later_equals_signs)
{
	CHECK_EQ_INT(parse("run=a=b=c"), 0);
	CHECK_STR(cmdline_get(&cl, "run"), "a=b=c");
}

TEST(cmdline_empty_value)
{
	const struct cmdline_param *p;

	CHECK_EQ_INT(parse("key= other"), 0);
	p = cmdline_find(&cl, "key");
	if (CHECK(p)) {
		CHECK(p->val != NULL);                  /* "key=" is not the flag "key" */
		CHECK_STR(p->val, "");
	}
	CHECK_STR(cmdline_get(&cl, "key"), "");
	CHECK_EQ_INT(cl.nparams, 2);
}

TEST(cmdline_quoted_value)
{
	CHECK_EQ_INT(parse("run=\"a b;c\" x=1"), 0);
	CHECK_EQ_INT(cl.nparams, 2);
	CHECK_STR(cmdline_get(&cl, "run"), "a b;c");
	CHECK_STR(cmdline_get(&cl, "x"), "1");
	CHECK_EQ_INT(parse("run=\"walk 0x1000;e820\""), 0);
	CHECK_STR(cmdline_get(&cl, "run"), "walk 0x1000;e820");
}

TEST(cmdline_whole_param_quoted)
{
	CHECK_EQ_INT(parse("\"run=a b\" y"), 0);
	CHECK_EQ_INT(cl.nparams, 2);
	CHECK_STR(cl.params[0].key, "run");
	CHECK_STR(cmdline_get(&cl, "run"), "a b");
	CHECK_STR(cmdline_get(&cl, "y"), "");
}

TEST(cmdline_quoted_empty_value)
{
	CHECK_EQ_INT(parse("a=\"\" b"), 0);
	CHECK_EQ_INT(cl.nparams, 2);
	CHECK_STR(cmdline_get(&cl, "a"), "");
	CHECK(cmdline_find(&cl, "a")->val != NULL);
}

TEST(cmdline_repeated_key_last_wins)
{
	CHECK_EQ_INT(parse("a=1 b=2 a=3"), 0);
	CHECK_EQ_INT(cl.nparams, 3);
	CHECK_STR(cmdline_get(&cl, "a"), "3");
	CHECK(cmdline_find(&cl, "a") == &cl.params[2]);
	CHECK_EQ_INT(parse("a=1 a"), 0);
	CHECK_STR(cmdline_get(&cl, "a"), "");           /* the later flag wins */
	CHECK(cmdline_find(&cl, "a")->val == NULL);
}

TEST(cmdline_spaces_anywhere)
{
	CHECK_EQ_INT(parse("   a   b=2    c  "), 0);
	CHECK_EQ_INT(cl.nparams, 3);
	CHECK_STR(cl.params[0].key, "a");
	CHECK_STR(cmdline_get(&cl, "b"), "2");
	CHECK_STR(cl.params[2].key, "c");
	CHECK_EQ_INT(parse("a\tb\nc=3\n"), 0);         /* tabs and GRUB's newline */
	CHECK_EQ_INT(cl.nparams, 3);
	CHECK_STR(cmdline_get(&cl, "c"), "3");
}

TEST(cmdline_reparse_forgets_old_params)
{
	CHECK_EQ_INT(parse("a b c d"), 0);
	CHECK_EQ_INT(parse("e"), 0);
	CHECK_EQ_INT(cl.nparams, 1);
	CHECK(!cmdline_find(&cl, "a"));
	CHECK_STR(cl.raw, "e");
}

TEST(cmdline_raw_keeps_the_line_as_given)
{
	CHECK_EQ_INT(parse(" run=\"a b\"  x "), 0);
	CHECK_STR(cl.raw, " run=\"a b\"  x ");
}

TEST(cmdline_longest_line_that_fits)
{
	char *s = malloc(COMMAND_LINE_SIZE);

	memset(s, 'y', COMMAND_LINE_SIZE - 1);
	memcpy(s, "x=", 2);
	s[COMMAND_LINE_SIZE - 1] = '\0';                /* 2047 characters: fits */
	CHECK_EQ_INT(parse(s), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_INT(strlen(cmdline_get(&cl, "x")), COMMAND_LINE_SIZE - 3);
	free(s);
}

TEST(cmdline_10000_characters_is_e2big_and_truncated)
{
	char *s = malloc(10001);

	memset(s, 'y', 10000);
	memcpy(s, "x=", 2);
	s[10000] = '\0';
	CHECK_EQ_INT(parse(s), -E2BIG);
	CHECK_ONE_LINE("command line of 10000 characters is too long", "2047");
	CHECK_EQ_INT(strlen(cl.raw), COMMAND_LINE_SIZE - 1);
	CHECK_EQ_INT(cl.nparams, 1);
	CHECK_EQ_INT(strlen(cmdline_get(&cl, "x")), COMMAND_LINE_SIZE - 3);
	free(s);
}

TEST(cmdline_more_than_64_params_is_enospc)
{
	char s[1024];
	int n = 0;

	for (int i = 0; i < 70; i++)
		n += libc_snprintf(s + n, sizeof(s) - n, "p%d ", i);
	CHECK_EQ_INT(parse(s), -ENOSPC);
	CHECK_ONE_LINE("more than 64 parameters", "ignoring \"p64\" and the rest");
	CHECK_EQ_INT(cl.nparams, CMDLINE_MAX_PARAMS);
	CHECK_STR(cl.params[63].key, "p63");
	CHECK(cmdline_find(&cl, "p0") != NULL);
	CHECK(cmdline_find(&cl, "p64") == NULL);
}

TEST(cmdline_exactly_64_params_fit)
{
	char s[1024];
	int n = 0;

	for (int i = 0; i < 64; i++)
		n += libc_snprintf(s + n, sizeof(s) - n, "p%d=%d ", i, i);
	CHECK_EQ_INT(parse(s), 0);
	CHECK_EQ_INT(cl.nparams, 64);
	CHECK_STR(cmdline_get(&cl, "p63"), "63");
}

TEST(cmdline_unterminated_quote_is_einval)
{
	CHECK_EQ_INT(parse("a=1 b=\"xx yy c=3"), -EINVAL);
	CHECK_ONE_LINE("unterminated quote in parameter 2");
	CHECK_EQ_INT(cl.nparams, 1);
	CHECK_STR(cmdline_get(&cl, "a"), "1");
	CHECK(!cmdline_find(&cl, "c"));
	CHECK_EQ_INT(parse("\""), -EINVAL);
	CHECK_ONE_LINE("unterminated quote in parameter 1");
}

TEST(cmdline_non_ascii_byte_is_einval)
{
	CHECK_EQ_INT(parse("a=1 b=\xe9t\xe9 c=2"), -EINVAL);
	CHECK_ONE_LINE("byte 0xe9 at position 6 is not printable ASCII");
	CHECK_STR(cl.raw, "a=1 b=");                    /* ignored from the byte on */
	CHECK_EQ_INT(cl.nparams, 2);
	CHECK_STR(cmdline_get(&cl, "a"), "1");
	CHECK_STR(cmdline_get(&cl, "b"), "");
	CHECK(!cmdline_find(&cl, "c"));
}

TEST(cmdline_every_non_ascii_and_control_byte_is_refused)
{
	for (int c = 1; c < 256; c++) {
		char s[8] = "ab=c";
		char what[16];

		if ((c >= 0x20 && c < 0x7f) || (c >= '\t' && c <= '\r'))
			continue;                       /* printable or a space */
		s[4] = (char)c;
		libc_snprintf(what, sizeof(what), "byte 0x%02x", c);
		CHECK_MSG(parse(s) == -EINVAL && printk_capture_lines() == 1 &&
			  printk_capture_contains(what) && !strcmp(cmdline_get(&cl, "ab"), "c"),
			  "byte %#x: %s", c, printk_capture());
	}
}

TEST(cmdline_list_contains)
{
	CHECK(cmdline_list_contains("printk,e820", "e820"));
	CHECK(cmdline_list_contains("printk,e820", "printk"));
	CHECK(cmdline_list_contains("e820", "e820"));
	CHECK(!cmdline_list_contains("printk,e820", "e82"));
	CHECK(!cmdline_list_contains("printk,e820", "e8200"));
	CHECK(!cmdline_list_contains("printk,e820", "print"));
	CHECK(!cmdline_list_contains("", "e820"));
	CHECK(!cmdline_list_contains(NULL, "e820"));
	CHECK(cmdline_list_contains("a,,b", ""));       /* an empty item is an item */
	CHECK(!cmdline_list_contains("a,b", ""));
	CHECK(cmdline_list_contains("a,b,", "b"));
}

/*
 * A non-ASCII byte inside a quoted value (UTF-8 in run="echo café") cuts the
 * line there, leaving the quote open: still only the one line naming the byte.
 */
TEST(cmdline_non_ascii_inside_quotes_prints_one_line)
{
	CHECK_EQ_INT(parse("run=\"echo caf\xc3\xa9\" quiet"), -EINVAL);
	CHECK_ONE_LINE("byte 0xc3 at position 13");
}

/* Two problems in one line: the contract is one printed line, for the first. */
TEST(cmdline_two_problems_print_one_line)
{
	char *s = malloc(4001);

	for (int i = 0; i < 4000; i += 2)
		memcpy(s + i, "a ", 2);
	s[4000] = '\0';
	CHECK_EQ_INT(parse(s), -E2BIG);         /* too long, and 1,000 parameters */
	CHECK_EQ_INT(printk_capture_lines(), 1);
	CHECK(printk_capture_contains("command line of 4000 characters is too long"));
	CHECK_EQ_INT(cl.nparams, CMDLINE_MAX_PARAMS);
	s[1000] = '\x80';
	CHECK_EQ_INT(parse(s), -EINVAL);        /* a bad byte, too long, too many */
	CHECK_EQ_INT(printk_capture_lines(), 1);
	CHECK(printk_capture_contains("byte 0x80 at position 1000"));
	s[1000] = 'a';
	s[300] = '"';                           /* an open quote, and too long */
	CHECK_EQ_INT(parse(s), -E2BIG);
	CHECK_EQ_INT(printk_capture_lines(), 1);
	free(s);
}

/* Linux's print_unknown_bootoptions: flags first, then name=value, as given. */
TEST(cmdline_unknown_lists_what_nothing_declared)
{
	static const struct kernel_param known[] = {
		{ "selftest", "" }, { "selftest.repeat", "" }, { "run", "" },
	};
	char buf[128];

	CHECK_EQ_INT(parse("bar=1 selftest=slab foo run=\"a b\" selftest.repat=2 quiet"), 0);
	CHECK_EQ_INT(cmdline_unknown(&cl, known, 3, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "foo quiet bar=1 selftest.repat=2");
	CHECK_EQ_INT(parse("selftest run=x selftest.repeat=2"), 0);
	CHECK_EQ_INT(cmdline_unknown(&cl, known, 3, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");
	CHECK_EQ_INT(parse("selftests self run2=x"), 0);    /* no prefix matches */
	CHECK_EQ_INT(cmdline_unknown(&cl, known, 3, buf, sizeof(buf)), 3);
	CHECK_EQ_INT(cmdline_unknown(&cl, known, 3, buf, 8), 3);    /* cut, still counted */
	CHECK_STR(buf, "selftes");
}
