/*
 * cmdline suite: Linux-style parameter parsing, including the inputs that
 * must be refused with a message (a 10,000-character line, bytes that are not
 * ASCII, unterminated quotes, too many parameters).
 */
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

static struct cmdline cl;
static char big[10001];

/* The boot line is kept as GRUB gave it, and parsed. */
static void cmdline_boot_line_was_parsed(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, boot_info.cmdline);
	KUNIT_EXPECT_STREQ(test, boot_cmdline.raw, boot_info.cmdline);
	KUNIT_EXPECT_EQ(test, boot_cmdline.nparams == 0, boot_cmdline.raw[0] == '\0');
	KUNIT_EXPECT_NULL(test, cmdline_find(&boot_cmdline, "no-such-parameter"));
}

static void cmdline_parses_flags_and_values(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, cmdline_parse(&cl, "  quiet  mem=512M  key=  selftest=a,b "), 0);
	KUNIT_EXPECT_EQ(test, cl.nparams, 4);
	KUNIT_EXPECT_STREQ(test, cmdline_get(&cl, "quiet"), "");
	KUNIT_EXPECT_NULL(test, cmdline_find(&cl, "quiet")->val);
	KUNIT_EXPECT_STREQ(test, cmdline_get(&cl, "mem"), "512M");
	KUNIT_EXPECT_STREQ(test, cmdline_get(&cl, "key"), "");
	KUNIT_EXPECT_NOT_NULL(test, cmdline_find(&cl, "key")->val);
	KUNIT_EXPECT_TRUE(test, cmdline_list_contains(cmdline_get(&cl, "selftest"), "b"));
	KUNIT_EXPECT_FALSE(test, cmdline_list_contains(cmdline_get(&cl, "selftest"), "ab"));
	KUNIT_EXPECT_NULL(test, cmdline_get(&cl, "mem2"));
	KUNIT_EXPECT_STREQ(test, cl.raw, "  quiet  mem=512M  key=  selftest=a,b ");
}

static void cmdline_handles_quotes_and_repeats(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, cmdline_parse(&cl, "run=\"walk 0x1000;e820\" \"x=a b\" n=1 n=2"), 0);
	KUNIT_EXPECT_EQ(test, cl.nparams, 4);
	KUNIT_EXPECT_STREQ(test, cmdline_get(&cl, "run"), "walk 0x1000;e820");
	KUNIT_EXPECT_STREQ(test, cmdline_get(&cl, "x"), "a b");
	KUNIT_EXPECT_STREQ(test, cmdline_get(&cl, "n"), "2");        /* the last one wins */
	KUNIT_EXPECT_STREQ(test, cl.params[1].key, "x");
}

static void cmdline_refuses_10000_characters(struct kunit *test)
{
	size_t pos = log_buf_pos();

	memset(big, 'a', sizeof(big) - 1);
	memcpy(big, "first ", 6);
	big[sizeof(big) - 1] = '\0';
	KUNIT_EXPECT_EQ(test, cmdline_parse(&cl, big), -E2BIG);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "command line of 10000 characters is too long"));
	KUNIT_EXPECT_EQ(test, strlen(cl.raw), COMMAND_LINE_SIZE - 1);
	KUNIT_EXPECT_EQ(test, cl.nparams, 2);
	KUNIT_EXPECT_STREQ(test, cl.params[0].key, "first");
}

static void cmdline_refuses_non_ascii_and_bad_quotes(struct kunit *test)
{
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_EQ(test, cmdline_parse(&cl, "ok=1 bad=\xc3\xa9 later"), -EINVAL);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "byte 0xc3 at position 9"));
	KUNIT_EXPECT_EQ(test, cl.nparams, 2);   /* "ok=1" and "bad=" */
	KUNIT_EXPECT_STREQ(test, cmdline_get(&cl, "ok"), "1");
	KUNIT_EXPECT_NULL(test, cmdline_get(&cl, "later"));
	pos = log_buf_pos();
	KUNIT_EXPECT_EQ(test, cmdline_parse(&cl, "a=1 b=\"open"), -EINVAL);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "unterminated quote in parameter 2"));
	KUNIT_EXPECT_EQ(test, cl.nparams, 1);
}

static void cmdline_refuses_too_many_parameters(struct kunit *test)
{
	size_t pos = log_buf_pos();
	char *p = big;

	for (int i = 0; i < CMDLINE_MAX_PARAMS + 5; i++)
		p += scnprintf(p, big + sizeof(big) - p, "p%d ", i);
	KUNIT_EXPECT_EQ(test, cmdline_parse(&cl, big), -ENOSPC);
	KUNIT_EXPECT_EQ(test, cl.nparams, CMDLINE_MAX_PARAMS);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "more than 64 parameters"));
	KUNIT_EXPECT_STREQ(test, cl.params[CMDLINE_MAX_PARAMS - 1].key, "p63");
}

extern const struct kernel_param __setup_start[];
extern const struct kernel_param __setup_end[];

/* Every parameter the kernel reads is declared where it is read (KERNEL_PARAM). */
static void cmdline_kernel_parameters_are_declared(struct kunit *test)
{
	static const char *const read[] = {
		"selftest", "selftest.repeat", "bench", "run", "slub_debug", "hpet",
	};
	static const struct kernel_param probe[1] = { { "x", "" } };
	size_t n = __setup_end - __setup_start;
	char buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(read); i++) {
		KUNIT_ASSERT_EQ(test, cmdline_parse(&cl, read[i]), 0);
		KUNIT_EXPECT_EQ(test, cmdline_unknown(&cl, __setup_start, n, buf, sizeof(buf)), 0);
	}
	KUNIT_ASSERT_EQ(test, cmdline_parse(&cl, "selftest x nosuch=1"), 0);
	KUNIT_EXPECT_EQ(test, cmdline_unknown(&cl, __setup_start, n, buf, sizeof(buf)), 2);
	KUNIT_EXPECT_STREQ(test, buf, "x nosuch=1");
	KUNIT_EXPECT_EQ(test, cmdline_unknown(&cl, probe, 1, buf, sizeof(buf)), 2);
	KUNIT_EXPECT_STREQ(test, buf, "selftest nosuch=1");
}

static struct kunit_case cmdline_cases[] = {
	KUNIT_CASE(cmdline_boot_line_was_parsed),
	KUNIT_CASE(cmdline_parses_flags_and_values),
	KUNIT_CASE(cmdline_handles_quotes_and_repeats),
	KUNIT_CASE(cmdline_refuses_10000_characters),
	KUNIT_CASE(cmdline_refuses_non_ascii_and_bad_quotes),
	KUNIT_CASE(cmdline_refuses_too_many_parameters),
	KUNIT_CASE(cmdline_kernel_parameters_are_declared),
	{}
};

static struct kunit_suite cmdline_suite = {
	.name = "cmdline",
	.test_cases = cmdline_cases,
};
kunit_test_suite(cmdline_suite);
