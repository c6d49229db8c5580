/*
 * printk suite: every vsnprintf conversion the kernel uses, Linux's pointer
 * extensions, truncation, and the log buffer (timestamps, levels, wrapping);
 * with many CPUs, lines stay whole, the lock nests on its own CPU, and a CPU
 * stuck in printk does not silence a panic (bust_spinlocks).
 */
#include <asm/processor.h>
#include <kernel/kallsyms.h>
#include <kernel/init.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>

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

/* ---- many CPUs: printk_cpu_sync ---- */

#define PRINTK_LINES_PER_CPU 40
#define PRINTK_PAYLOAD "abcdefghijklmnopqrstuvwxyz0123456789"
#define PRINTK_TAG     "printk_smp: cpu "

static void print_lines(void *unused)
{
	for (int i = 0; i < PRINTK_LINES_PER_CPU; i++)
		printk(KERN_INFO PRINTK_TAG "%u line %d " PRINTK_PAYLOAD "\n",
		       smp_processor_id(), i);
}

/* The decimal number at *p; moves *p past it. */
static unsigned int parse_uint(const char **p)
{
	unsigned int v = 0;

	while (**p >= '0' && **p <= '9')
		v = v * 10 + (unsigned int)(*(*p)++ - '0');
	return v;
}

/*
 * Check one logged line (without its newline) and count it for its CPU;
 * false if it is mixed with another or out of order.
 */
static bool check_line(const char *line, size_t len, int *next)
{
	const char *p = strstr(line, PRINTK_TAG), *q;
	unsigned int cpu, n;
	char want[96];

	if (!p || p >= line + len)
		return true;            /* another line: not ours */
	if (strncmp(line, "[", 1) || !strstr(line, "] ") || strstr(line, "] ") + 2 != p)
		return false;           /* our text must follow the timestamp directly */
	q = p + strlen(PRINTK_TAG);
	cpu = parse_uint(&q);
	if (strncmp(q, " line ", 6) || cpu >= NR_CPUS)
		return false;
	q += 6;
	n = parse_uint(&q);
	snprintf(want, sizeof(want), PRINTK_TAG "%u line %u " PRINTK_PAYLOAD, cpu, n);
	if ((size_t)(line + len - p) != strlen(want) || strncmp(p, want, strlen(want)))
		return false;
	if ((int)n != next[cpu])
		return false;
	next[cpu]++;
	return true;
}

static void printk_keeps_lines_whole_on_all_cpus(struct kunit *test)
{
	static char text[32768];
	static int next[NR_CPUS];
	size_t pos = log_buf_pos(), n;
	bool quiet = console_set_quiet(true);
	unsigned int cpu, bad = 0;

	run_on_each_cpu(print_lines, NULL);
	console_set_quiet(quiet);
	n = log_buf_read(pos, text, sizeof(text));
	KUNIT_ASSERT_LT(test, n, sizeof(text) - 1);     /* all of it fits */
	memset(next, 0, sizeof(next));
	for (char *line = text, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = '\0';
		bad += !check_line(line, (size_t)(nl - line), next);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, next[cpu], PRINTK_LINES_PER_CPU);
}


/* The CPU holding printk_cpu_sync may printk (a nested take), and gets its interrupts back. */
static void printk_nests_on_the_cpu_holding_its_lock(struct kunit *test)
{
	size_t pos = log_buf_pos();
	unsigned long flags, inner;

	KUNIT_ASSERT_FALSE(test, irqs_disabled());
	printk_cpu_sync_get_irqsave(flags);
	printk_cpu_sync_get_irqsave(inner);     /* twice: the depth counts */
	printk(KERN_INFO "printk_smp: a line printed under printk_cpu_sync\n");
	printk_cpu_sync_put_irqrestore(inner);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());       /* the outer hold is still on */
	printk_cpu_sync_put_irqrestore(flags);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "] printk_smp: a line printed under printk_cpu_sync\n"));
}

#define STUCK_WAIT_MS 10000             /* for the other CPU to take or drop the lock */

struct stuck_printer {
	unsigned int cpu;               /* the CPU that holds printk_cpu_sync and stops */
	bool held, release, timed_out;
};

static bool wait_flag(bool *flag)
{
	u64 end = rdtsc() + (u64)STUCK_WAIT_MS * tsc_khz;

	while (!READ_ONCE(*flag))
		if (rdtsc() > end)
			return false;
	return true;
}

static void stuck_roles(void *info)
{
	struct stuck_printer *s = info;
	unsigned long flags;

	if (smp_processor_id() == s->cpu) {
		printk_cpu_sync_get_irqsave(flags);
		WRITE_ONCE(s->held, true);
		s->timed_out |= !wait_flag(&s->release);        /* "stopped" while printing */
		printk_cpu_sync_put_irqrestore(flags);
	} else if (smp_processor_id() == 0) {
		if (!wait_flag(&s->held)) {
			s->timed_out = true;
			return;
		}
		bust_spinlocks(1);      /* as panic: wait a while, then print anyway */
		printk(KERN_INFO "printk_smp: printed past a CPU stuck in printk\n");
		bust_spinlocks(0);
		WRITE_ONCE(s->release, true);
	}
}

static void printk_gets_through_after_bust_spinlocks(struct kunit *test)
{
	static struct stuck_printer s;
	size_t pos = log_buf_pos();
	unsigned int cpu;

	if (num_online_cpus() < 2)
		kunit_skip(test, "one CPU online: no other CPU to get stuck");
	KUNIT_ASSERT_EQ(test, smp_processor_id(), 0U);
	memset(&s, 0, sizeof(s));
	for_each_online_cpu(cpu)
		if (cpu != 0)
			break;
	s.cpu = cpu;
	run_on_each_cpu(stuck_roles, &s);
	KUNIT_EXPECT_FALSE(test, s.timed_out);
	KUNIT_EXPECT_EQ(test, oops_in_progress, 0);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "] printk_smp: printed past a CPU stuck in printk\n"));
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
	KUNIT_CASE(printk_keeps_lines_whole_on_all_cpus),
	KUNIT_CASE(printk_nests_on_the_cpu_holding_its_lock),
	KUNIT_CASE(printk_gets_through_after_bust_spinlocks),
	{}
};

static struct kunit_suite printk_suite = {
	.name = "printk",
	.test_cases = printk_cases,
};
kunit_test_suite(printk_suite);
