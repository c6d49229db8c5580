/*
 * printk suite: every vsnprintf conversion the kernel uses, Linux's pointer
 * extensions, truncation, and the log buffer (timestamps, levels, wrapping).
 */
#include <kernel/kallsyms.h>
#include <kernel/init.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

static char buf[256];

/* For formats the compiler's checker rightly frowns on, but the kernel must survive. */
static void format_unchecked(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
}

#define EXPECT_FMT(test, want, fmt, ...) do { \
	snprintf(buf, sizeof(buf), fmt, ##__VA_ARGS__); \
	KUNIT_EXPECT_STREQ(test, buf, want); \
} while (0)

static void printk_formats_signed_decimal(struct kunit *test)
{
	EXPECT_FMT(test, "0 -1 42", "%d %i %d", 0, -1, 42);
	EXPECT_FMT(test, "-2147483648 2147483647", "%d %d", (int)0x80000000, 0x7fffffff);
	EXPECT_FMT(test, "-9223372036854775808", "%ld", (long)(1UL << 63));
	EXPECT_FMT(test, "-9223372036854775808", "%lld", (long long)(1ULL << 63));
	EXPECT_FMT(test, "-128 -1", "%hhd %hd", (signed char)-128, (short)-1);
	EXPECT_FMT(test, "-5", "%zd", (ssize_t)-5);
}

static void printk_formats_unsigned(struct kunit *test)
{
	EXPECT_FMT(test, "4294967295", "%u", 0xffffffffU);
	EXPECT_FMT(test, "18446744073709551615", "%lu", ~0UL);
	EXPECT_FMT(test, "18446744073709551615", "%llu", ~0ULL);
	EXPECT_FMT(test, "255 65535", "%hhu %hu", 255, 65535);
	EXPECT_FMT(test, "123", "%zu", (size_t)123);
}

static void printk_formats_hex_and_octal(struct kunit *test)
{
	EXPECT_FMT(test, "ff FF 0xff 0XFF", "%x %X %#x %#X", 255, 255, 255, 255);
	EXPECT_FMT(test, "0x0", "%#x", 0);                  /* Linux, unlike C's "0" */
	EXPECT_FMT(test, "0x0000000000000000", "%#018llx", 0ULL);
	EXPECT_FMT(test, "0x000000000009fbff", "%#018llx", 0x9fbffULL);
	EXPECT_FMT(test, "ffffffff80000000", "%lx", 0xffffffff80000000UL);
	EXPECT_FMT(test, "17 017 0", "%o %#o %o", 15, 15, 0);
	EXPECT_FMT(test, "00ff", "%04x", 0xff);
}

static void printk_formats_width_and_flags(struct kunit *test)
{
	EXPECT_FMT(test, "[   42]", "[%5d]", 42);
	EXPECT_FMT(test, "[42   ]", "[%-5d]", 42);
	EXPECT_FMT(test, "[00042]", "[%05d]", 42);
	EXPECT_FMT(test, "[-0042]", "[%05d]", -42);
	EXPECT_FMT(test, "[+42] [ 42]", "[%+d] [% d]", 42, 42);
	EXPECT_FMT(test, "[   42]", "[%*d]", 5, 42);
	EXPECT_FMT(test, "[42   ]", "[%*d]", -5, 42);
	EXPECT_FMT(test, "[  042]", "[%5.3d]", 42);
	format_unchecked("[%05.3d]", 42);                 /* precision cancels '0' */
	KUNIT_EXPECT_STREQ(test, buf, "[  042]");
	EXPECT_FMT(test, "[]", "[%.0d]", 0);
}

static void printk_formats_strings_and_chars(struct kunit *test)
{
	EXPECT_FMT(test, "[atlas]", "[%s]", "atlas");
	EXPECT_FMT(test, "[     atlas]", "[%10s]", "atlas");
	EXPECT_FMT(test, "[atlas     ]", "[%-10s]", "atlas");
	EXPECT_FMT(test, "[atl]", "[%.3s]", "atlas");
	EXPECT_FMT(test, "[at]", "[%.*s]", 2, "atlas");
	format_unchecked("[%s]", (char *)NULL);
	KUNIT_EXPECT_STREQ(test, buf, "[(null)]");
	EXPECT_FMT(test, "[x] [  y] [z  ]", "[%c] [%3c] [%-3c]", 'x', 'y', 'z');
	EXPECT_FMT(test, "100%", "100%%");
	format_unchecked("%q|%");                        /* unknown, and a lone % */
	KUNIT_EXPECT_STREQ(test, buf, "%q|");
}

static void printk_formats_pointers(struct kunit *test)
{
	unsigned long addr = (unsigned long)start_kernel;
	unsigned long size = 0, off = 0;
	char want[96];

	EXPECT_FMT(test, "0000000000001234", "%p", (void *)0x1234);
	EXPECT_FMT(test, "ffff888000000000", "%px", (void *)0xffff888000000000UL);
	KUNIT_ASSERT_NOT_NULL(test, kallsyms_lookup(addr + 0x10, &size, &off));
	KUNIT_EXPECT_EQ(test, off, 0x10);
	snprintf(want, sizeof(want), "start_kernel+0x10/%#lx", size);
	EXPECT_FMT(test, want, "%pS", (void *)(addr + 0x10));
	EXPECT_FMT(test, "start_kernel", "%ps", (void *)(addr + 0x10));
	/* a return address right after a call at the end of a function */
	snprintf(want, sizeof(want), "start_kernel+%#lx/%#lx", size, size);
	EXPECT_FMT(test, want, "%pB", (void *)(addr + size));
	EXPECT_FMT(test, "0x10", "%pS", (void *)0x10);      /* no symbol there */
}

static void printk_snprintf_truncates(struct kunit *test)
{
	char small[8];

	KUNIT_EXPECT_EQ(test, snprintf(small, sizeof(small), "%s", "0123456789"), 10);
	KUNIT_EXPECT_STREQ(test, small, "0123456");
	KUNIT_EXPECT_EQ(test, scnprintf(small, sizeof(small), "%s", "0123456789"), 7);
	KUNIT_EXPECT_EQ(test, snprintf(NULL, 0, "%d", 12345), 5);
	small[0] = 'x';
	KUNIT_EXPECT_EQ(test, scnprintf(small, 1, "abc"), 0);
	KUNIT_EXPECT_EQ(test, small[0], '\0');
}

/* "[    1.234567] text": five-wide seconds, six digits of microseconds. */
static void printk_line_has_linux_timestamp(struct kunit *test)
{
	size_t pos = log_buf_pos();
	char line[128];

	printk(KERN_INFO "printk-test: hello %d\n", 7);
	KUNIT_ASSERT_GT(test, log_buf_read(pos, line, sizeof(line)), 0);
	KUNIT_EXPECT_EQ(test, line[0], '[');
	KUNIT_EXPECT_EQ(test, line[6], '.');
	KUNIT_EXPECT_EQ(test, line[13], ']');
	KUNIT_EXPECT_STREQ(test, line + 14, " printk-test: hello 7\n");
	for (int i = 1; i < 13; i++)
		if (i != 6)
			KUNIT_EXPECT_TRUE(test, line[i] == ' ' || isdigit_k(line[i]));
	/* the TSC is calibrated by now, so time has started */
	KUNIT_EXPECT_STRNEQ(test, line, "[    0.000000]");
}

static void printk_strips_levels_and_continues_lines(struct kunit *test)
{
	size_t pos = log_buf_pos();
	char out[128];

	printk(KERN_ERR "printk-test: a");
	pr_cont("b");
	pr_cont("c\n");
	log_buf_read(pos, out, sizeof(out));
	KUNIT_EXPECT_NOT_NULL(test, strstr(out, "] printk-test: abc\n"));
	KUNIT_EXPECT_NULL(test, strchr(out, '\001'));
}

/* After more than the buffer's size, the newest text is kept, the oldest gone. */
static void printk_log_buffer_keeps_newest(struct kunit *test)
{
	static char out[1024];
	size_t start = log_buf_pos();
	bool quiet = console_set_quiet(true);

	for (int i = 0; i < 3000; i++)
		printk(KERN_INFO "printk-test: filler line %04d, long enough to fill the ring\n", i);
	console_set_quiet(quiet);
	KUNIT_EXPECT_GT(test, log_buf_pos() - start, 128 * 1024);
	KUNIT_EXPECT_EQ(test, log_buf_read(start, out, sizeof(out)), sizeof(out) - 1);
	KUNIT_EXPECT_NULL(test, strstr(out, "filler line 0000,"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(log_buf_pos() - 200, "filler line 2999,"));
}

static struct kunit_case printk_cases[] = {
	KUNIT_CASE(printk_formats_signed_decimal),
	KUNIT_CASE(printk_formats_unsigned),
	KUNIT_CASE(printk_formats_hex_and_octal),
	KUNIT_CASE(printk_formats_width_and_flags),
	KUNIT_CASE(printk_formats_strings_and_chars),
	KUNIT_CASE(printk_formats_pointers),
	KUNIT_CASE(printk_snprintf_truncates),
	KUNIT_CASE(printk_line_has_linux_timestamp),
	KUNIT_CASE(printk_strips_levels_and_continues_lines),
	KUNIT_CASE(printk_log_buffer_keeps_newest),
	{}
};

static struct kunit_suite printk_suite = {
	.name = "printk",
	.test_cases = printk_cases,
};
kunit_test_suite(printk_suite);
