/*
 * Host tests of kernel/vsprintf.c (include/kernel/sprintf.h): every
 * conversion, flag, width, precision and length modifier it supports, the
 * truncation contract of vsnprintf/vscnprintf, the pointer extensions over
 * the harness's fake symbol table, and a large generated comparison with
 * glibc's snprintf.  The only differences from glibc allowed are Linux's:
 * "%#x" of 0 is "0x0" (glibc "0"), "%p" is 16 bare hex digits (glibc "0x..."),
 * and "%s" of NULL is "(null)" cut by the precision (glibc prints nothing
 * when the precision is under 6).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/sprintf.h>

#include "hosttest.h"

/* ---- helpers ---- */

static bool check_fmt_va(const char *file, int line, const char *expect,
			 const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (!host_check_str(buf, expect, fmt, "expected", file, line))
		return false;
	return host_check_int(n, (long long)strlen(expect), "return value",
			      "strlen(expected)", file, line);
}

/* fmt's output (through snprintf's vsnprintf) must be expect, its return its length. */
__attribute__((format(printf, 4, 5)))
static bool check_fmt(const char *file, int line, const char *expect, const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = check_fmt_va(file, line, expect, fmt, ap);
	va_end(ap);
	return ok;
}

/* The same without compile-time format checking, for formats C does not know. */
static bool check_fmt_raw(const char *file, int line, const char *expect, const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = check_fmt_va(file, line, expect, fmt, ap);
	va_end(ap);
	return ok;
}

#define CHECK_FMT(expect, ...) check_fmt(__FILE__, __LINE__, expect, __VA_ARGS__)
#define CHECK_FMT_RAW(expect, ...) check_fmt_raw(__FILE__, __LINE__, expect, __VA_ARGS__)

/* ---- conversions ---- */

TEST(vsprintf_decimal_d_i_u)
{
	CHECK_FMT("0", "%d", 0);
	CHECK_FMT("42", "%d", 42);
	CHECK_FMT("-42", "%d", -42);
	CHECK_FMT("2147483647", "%d", INT_MAX);
	CHECK_FMT("-2147483648", "%d", INT_MIN);
	CHECK_FMT("-7", "%i", -7);
	CHECK_FMT("4294967295", "%u", UINT_MAX);
	CHECK_FMT("a 1 b -2 c 3", "a %d b %i c %u", 1, -2, 3u);
}

TEST(vsprintf_hex_and_octal)
{
	CHECK_FMT("ff", "%x", 255u);
	CHECK_FMT("FF", "%X", 255u);
	CHECK_FMT("deadbeef", "%x", 0xdeadbeefu);
	CHECK_FMT("10", "%o", 8u);
	CHECK_FMT("0", "%o", 0u);
	CHECK_FMT("010", "%#o", 8u);
	CHECK_FMT("0", "%#o", 0u);
	CHECK_FMT("0xff", "%#x", 255u);
	CHECK_FMT("0XFF", "%#X", 255u);
	CHECK_FMT("0x00ff", "%#06x", 255u);
	CHECK_FMT("0x000ff", "%#.5x", 255u);
	CHECK_FMT("010", "%#.3o", 8u);
}

TEST(vsprintf_hash_x_of_zero_is_0x0_as_linux)
{
	CHECK_FMT("0x0", "%#x", 0u);
	CHECK_FMT("0X0", "%#X", 0u);
	CHECK_FMT("0x00000000", "%#010x", 0u);
	CHECK_FMT("  0x0", "%#5x", 0u);
}

TEST(vsprintf_e820_line_format_is_0x_and_16_digits)
{
	CHECK_FMT("0x0000000000000000", "%#018llx", 0ULL);
	CHECK_FMT("0x000000000009fbff", "%#018llx", 0x9fbffULL);
	CHECK_FMT("0xffffffffffffffff", "%#018llx", ULLONG_MAX);
	CHECK_FMT("0x00000000", "%#010llx", 0ULL);
	CHECK_FMT("[mem 0x0000000000100000-0x000000001ffdffff]", "[mem %#018llx-%#018llx]",
		  0x100000ULL, 0x1ffdffffULL);
}

TEST(vsprintf_char_string_percent)
{
	CHECK_FMT("A", "%c", 'A');
	CHECK_FMT("  A", "%3c", 'A');
	CHECK_FMT("A  |", "%-3c|", 'A');
	CHECK_FMT("abc", "%s", "abc");
	CHECK_FMT("  abc", "%5s", "abc");
	CHECK_FMT("abc  |", "%-5s|", "abc");
	CHECK_FMT("ab", "%.2s", "abc");
	CHECK_FMT("    a", "%5.1s", "abc");
	CHECK_FMT("", "%s", "");
	CHECK_FMT("100%", "100%%");
	CHECK_FMT("%d", "%%d");
}

TEST(vsprintf_c_of_nul_stores_a_nul)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	CHECK_EQ_INT(snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	CHECK_MEM(buf, "a\0b\0", 4);
}

TEST(vsprintf_null_string_prints_null)
{
	const char *null = NULL;

	/* unchecked formats: gcc rightly warns about a NULL %s */
	CHECK_FMT_RAW("(null)", "%s", null);
	CHECK_FMT_RAW("  (null)", "%8s", null);
	CHECK_FMT_RAW("(nu", "%.3s", null);     /* Linux cuts "(null)" too */
}

TEST(vsprintf_flags)
{
	CHECK_FMT("42   |", "%-5d|", 42);
	CHECK_FMT("00042", "%05d", 42);
	CHECK_FMT("-0042", "%05d", -42);
	CHECK_FMT("+5", "%+d", 5);
	CHECK_FMT("-5", "%+d", -5);
	CHECK_FMT("+0", "%+d", 0);
	CHECK_FMT(" 5", "% d", 5);
	CHECK_FMT("-5", "% d", -5);
	CHECK_FMT_RAW("+5", "%+ d", 5);        /* '+' beats ' ' */
	CHECK_FMT("   +5", "%+5d", 5);
	CHECK_FMT("+0005", "%+05d", 5);
	CHECK_FMT(" 0005", "% 05d", 5);
	CHECK_FMT("+5   |", "%-+5d|", 5);
	CHECK_FMT_RAW("42   |", "%-05d|", 42);/* '-' beats '0' */
	CHECK_FMT("0000002a", "%08x", 42u);
}

TEST(vsprintf_width_and_precision)
{
	CHECK_FMT("    7", "%5d", 7);
	CHECK_FMT("7", "%0d", 7);
	CHECK_FMT("005", "%.3d", 5);
	CHECK_FMT("-005", "%.3d", -5);
	CHECK_FMT("", "%.0d", 0);           /* C99: no digits for 0 with precision 0 */
	CHECK_FMT("", "%.d", 0);
	CHECK_FMT("     ", "%5.0d", 0);
	CHECK_FMT_RAW("     005", "%08.3d", 5);/* a precision turns '0' off */
	CHECK_FMT("12345", "%3d", 12345);   /* width never cuts */
	CHECK_FMT("0000000000000000000000042", "%.25d", 42);
}

TEST(vsprintf_star_width_and_precision)
{
	CHECK_FMT("   42", "%*d", 5, 42);
	CHECK_FMT("42   |", "%*d|", -5, 42);    /* negative width: '-' flag */
	CHECK_FMT("0007", "%.*d", 4, 7);
	CHECK_FMT("7", "%.*d", -1, 7);          /* negative precision: none */
	CHECK_FMT("", "%.*d", 0, 0);
	CHECK_FMT("ab", "%.*s", 2, "abc");
	CHECK_FMT("abc", "%.*s", -3, "abc");
	CHECK_FMT("   007", "%*.*d", 6, 3, 7);
	CHECK_FMT("007   |", "%*.*d|", -6, 3, 7);
	CHECK_FMT("ab  |", "%-*s|", 4, "ab");
	CHECK_FMT("ab  |", "%-*s|", -4, "ab");
	CHECK_FMT("   x", "%*c", 4, 'x');
	CHECK_FMT("00042", "%0*d", 5, 42);
}

TEST(vsprintf_length_modifiers)
{
	CHECK_FMT("-56", "%hhd", 200);
	CHECK_FMT("255", "%hhu", 511);
	CHECK_FMT("ff", "%hhx", 0x1ff);
	CHECK_FMT("4464", "%hd", 70000);
	CHECK_FMT("-1", "%hd", 65535);
	CHECK_FMT("65535", "%hu", -1);
	CHECK_FMT("-9223372036854775808", "%ld", LONG_MIN);
	CHECK_FMT("18446744073709551615", "%lu", ULONG_MAX);
	CHECK_FMT("123456789abcdef", "%lx", 0x123456789abcdefUL);
	CHECK_FMT("-1", "%lld", -1LL);
	CHECK_FMT("-1", "%Ld", -1LL);
	CHECK_FMT("fffffffffffffffe", "%Lx", ULLONG_MAX - 1);
	CHECK_FMT("18446744073709551615", "%zu", SIZE_MAX);
	CHECK_FMT("-1", "%zd", (ssize_t)-1);
	CHECK_FMT("-5", "%td", (ptrdiff_t)-5);
	CHECK_FMT("-9223372036854775808", "%jd", INTMAX_MIN);
	CHECK_FMT("18446744073709551615", "%ju", UINTMAX_MAX);
	/* an int argument after a long long one is read as an int */
	CHECK_FMT("1 -2 3", "%lld %d %hd", 1LL, -2, 3);
}

TEST(vsprintf_64bit_limits)
{
	CHECK_FMT("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK_FMT("9223372036854775807", "%lld", LLONG_MAX);
	CHECK_FMT("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK_FMT("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK_FMT("FFFFFFFFFFFFFFFF", "%llX", ULLONG_MAX);
	CHECK_FMT("1777777777777777777777", "%llo", ULLONG_MAX);
	CHECK_FMT("01777777777777777777777", "%#llo", ULLONG_MAX);
	CHECK_FMT("-00009223372036854775808", "%024lld", LLONG_MIN);
	CHECK_FMT("8000000000000000", "%llx", (unsigned long long)LLONG_MIN);
}

/* ---- pointers ---- */

TEST(vsprintf_p_and_px_print_16_hex_digits)
{
	CHECK_FMT("0000000000001234", "%p", (void *)0x1234);
	CHECK_FMT("0000000000001234", "%px", (void *)0x1234);
	CHECK_FMT("0000000000000000", "%p", NULL);
	CHECK_FMT("ffff888000000000", "%px", (void *)0xffff888000000000UL);
	CHECK_FMT("ffffffff80000000!", "%p!", (void *)0xffffffff80000000UL);
	/* the 'x' of %px is eaten, any other letter is text */
	CHECK_FMT("[<00000000000000ff>] y", "[<%px>] y", (void *)0xff);
	CHECK_FMT("00000000000000ffK", "%pK", (void *)0xff);
}

TEST(vsprintf_pS_ps_pB_use_the_symbol_table)
{
	CHECK_FMT("fake_func+0x10/0x40", "%pS", (void *)(FAKE_FUNC_ADDR + 0x10));
	CHECK_FMT("fake_func+0x0/0x40", "%pS", (void *)FAKE_FUNC_ADDR);
	CHECK_FMT("fake_func", "%ps", (void *)(FAKE_FUNC_ADDR + 0x10));
	/* a return address just past fake_func belongs to it (%pB), not to other_func (%pS) */
	CHECK_FMT("fake_func+0x40/0x40", "%pB", (void *)OTHER_FUNC_ADDR);
	CHECK_FMT("other_func+0x0/0x100", "%pS", (void *)OTHER_FUNC_ADDR);
	CHECK_FMT("0x5", "%pS", (void *)0x5);
	CHECK_FMT("called from fake_func+0x3/0x40\n", "called from %pS\n",
		  (void *)(FAKE_FUNC_ADDR + 3));
	CHECK_FMT("  fake_func|", "%11ps|", (void *)FAKE_FUNC_ADDR);
	CHECK_FMT("fake_func  |", "%-11ps|", (void *)FAKE_FUNC_ADDR);
}

/* ---- truncation ---- */

TEST(vsprintf_truncation_returns_untruncated_length)
{
	char *buf = malloc(5);          /* exactly 5: ASan catches a write past it */

	if (!CHECK(buf))
		return;
	CHECK_EQ_INT(snprintf(buf, 5, "%s", "abcdefgh"), 8);
	CHECK_STR(buf, "abcd");
	CHECK_EQ_INT(snprintf(buf, 5, "%d", -123456), 7);
	CHECK_STR(buf, "-123");
	CHECK_EQ_INT(snprintf(buf, 5, "%08x|%s", 0x1234u, "tail"), 13);
	CHECK_STR(buf, "0000");
	CHECK_EQ_INT(snprintf(buf, 5, "abcd"), 4);      /* exactly fits */
	CHECK_STR(buf, "abcd");
	free(buf);
}

TEST(vsprintf_size_one_and_zero)
{
	char buf[4] = "xyz";

	CHECK_EQ_INT(snprintf(buf, 1, "hello %d", 42), 8);
	CHECK_EQ_INT(buf[0], '\0');
	CHECK_EQ_INT(buf[1], 'y');              /* nothing past size touched */
	memcpy(buf, "xyz", 4);
	CHECK_EQ_INT(snprintf(buf, 0, "hello %d", 42), 8);
	CHECK_STR(buf, "xyz");                  /* size 0: nothing stored at all */
	CHECK_EQ_INT(snprintf(NULL, 0, "%s-%s", "ab", "cd"), 5);
}

static int call_vscnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

TEST(vscnprintf_returns_what_was_stored)
{
	char buf[8];

	CHECK_EQ_INT(scnprintf(buf, sizeof(buf), "%s", "abc"), 3);
	CHECK_STR(buf, "abc");
	CHECK_EQ_INT(scnprintf(buf, 5, "%s", "abcdefgh"), 4);
	CHECK_STR(buf, "abcd");
	CHECK_EQ_INT(scnprintf(buf, 1, "%s", "abc"), 0);
	CHECK_STR(buf, "");
	CHECK_EQ_INT(scnprintf(buf, 0, "%s", "abc"), 0);
	CHECK_EQ_INT(scnprintf(buf, sizeof(buf), "%s", "1234567"), 7);   /* exactly fits */
	CHECK_EQ_INT(scnprintf(buf, sizeof(buf), "%s", "12345678"), 7);
	CHECK_EQ_INT(call_vscnprintf(buf, 6, "%d-%d", 1000, 2000), 5);
	CHECK_STR(buf, "1000-");
	CHECK_EQ_INT(call_vscnprintf(buf, sizeof(buf), "%d", 12), 2);
}

TEST(vscnprintf_appends_like_linux_callers)
{
	char buf[16];
	int n = 0;

	/* the idiom: n += scnprintf(buf + n, size - n, ...) never runs past the end */
	for (int i = 0; i < 10; i++)
		n += scnprintf(buf + n, sizeof(buf) - n, "%d,", i * 11);
	CHECK_EQ_INT(n, 15);
	CHECK_STR(buf, "0,11,22,33,44,5");
}

TEST(vsprintf_unknown_conversion_and_lone_percent)
{
	CHECK_FMT_RAW("%y", "%y", 0);
	CHECK_FMT_RAW("a", "a%", 0);              /* a lone '%' at the end is dropped */
	CHECK_FMT_RAW("abc", "abc%", 0);
	CHECK_FMT_RAW("abc", "abc%-", 0);
	CHECK_FMT_RAW("abc", "abc%l", 0);
}

/* ---- generated comparison with glibc ---- */

typedef int (*snprintf_fn)(char *buf, size_t size, const char *fmt, ...);

enum arg_kind { K_INT, K_LONG, K_LLONG, K_STR, K_CHAR };

struct fmt_args {
	bool star_w, star_p;
	int w, p;
	enum arg_kind kind;
	unsigned long long v;
	const char *s;
};

#define DEFINE_CALL(fname, type) \
static int fname(snprintf_fn f, char *b, size_t n, const char *fmt, \
		 const struct fmt_args *a, type v) \
{ \
	if (a->star_w && a->star_p) \
		return f(b, n, fmt, a->w, a->p, v); \
	if (a->star_w) \
		return f(b, n, fmt, a->w, v); \
	if (a->star_p) \
		return f(b, n, fmt, a->p, v); \
	return f(b, n, fmt, v); \
}

DEFINE_CALL(call_int, int)
DEFINE_CALL(call_long, long)
DEFINE_CALL(call_llong, long long)
DEFINE_CALL(call_str, const char *)

/* Format one value as a->kind says, with f (the kernel's or glibc's). */
static int call_one(snprintf_fn f, char *buf, size_t size, const char *fmt,
		    const struct fmt_args *a)
{
	switch (a->kind) {
	case K_INT:
	case K_CHAR:
		return call_int(f, buf, size, fmt, a, (int)a->v);
	case K_LONG:
		return call_long(f, buf, size, fmt, a, (long)a->v);
	case K_LLONG:
		return call_llong(f, buf, size, fmt, a, (long long)a->v);
	default:
		return call_str(f, buf, size, fmt, a, a->s);
	}
}

/* Compare the kernel with glibc on fmt, whole and (sometimes) cut short. */
static void compare_one(const char *fmt, const struct fmt_args *a)
{
	char kbuf[256], lbuf[256];
	int kn, ln;
	size_t cut;

	kn = call_one(snprintf, kbuf, sizeof(kbuf), fmt, a);
	ln = call_one(libc_snprintf, lbuf, sizeof(lbuf), fmt, a);
	if (!CHECK_MSG(kn == ln && !memcmp(kbuf, lbuf, ln + 1),
		       "\"%s\" of %#llx (w=%d p=%d): kernel \"%s\" (%d), glibc \"%s\" (%d)",
		       fmt, a->v, a->w, a->p, kbuf, kn, lbuf, ln))
		return;
	if (host_rand_below(8))
		return;
	cut = host_rand_below(ln + 2);
	memset(kbuf, 'K', sizeof(kbuf));
	memset(lbuf, 'K', sizeof(lbuf));
	kn = call_one(snprintf, kbuf, cut, fmt, a);
	ln = call_one(libc_snprintf, lbuf, cut, fmt, a);
	CHECK_MSG(kn == ln && !memcmp(kbuf, lbuf, sizeof(kbuf)),
		  "\"%s\" of %#llx into %zu bytes: kernel \"%.*s\" (%d), glibc \"%.*s\" (%d)",
		  fmt, a->v, cut, (int)cut, kbuf, kn, (int)cut, lbuf, ln);
}

static const unsigned long long interesting[] = {
	0, 1, 7, 8, 9, 10, 15, 16, 99, 100, 127, 128, 255, 256, 0x7fff, 0x8000,
	0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
	0xfffffffffffffffeULL, 0x123456789abcdefULL, 1000000007, 0xffffff80,
};

/* A test value: an interesting one, or a random one of random bit length. */
static unsigned long long pick_value(void)
{
	if (host_rand_below(2))
		return interesting[host_rand_below(sizeof(interesting) / sizeof(interesting[0]))];
	return host_rand() >> host_rand_below(64);
}

/* The value a conversion sees after its length modifier cuts the argument. */
static unsigned long long value_seen(const char *len, unsigned long long v)
{
	if (!strcmp(len, "hh"))
		return (unsigned char)v;
	if (!strcmp(len, "h"))
		return (unsigned short)v;
	if (!*len)
		return (unsigned int)v;
	return v;
}

static const char *const widths[] = { "", "1", "5", "12", "25", "*" };
static const char *const precisions[] = { "", ".", ".0", ".1", ".3", ".20", ".*" };
static const int star_widths[] = { -7, 7, 0, 3, -20, 1 };
static const int star_precisions[] = { -2, 0, 4, 12, -1, 1 };

static const struct {
	const char *len;
	enum arg_kind kind;
} lengths[] = {
	{ "", K_INT }, { "hh", K_INT }, { "h", K_INT }, { "l", K_LONG }, { "ll", K_LLONG },
	{ "L", K_LLONG }, { "z", K_LONG }, { "t", K_LONG }, { "j", K_LLONG },
};

/* Flag set number mask (0..31) as a string, in the order "-0+ #". */
static void flag_string(unsigned int mask, char *out)
{
	static const char flags[] = "-0+ #";

	for (int i = 0; i < 5; i++)
		if (mask & (1u << i))
			*out++ = flags[i];
	*out = '\0';
}

static void random_stars(struct fmt_args *a, const char *w, const char *p)
{
	a->star_w = !strcmp(w, "*");
	a->star_p = !strcmp(p, ".*");
	a->w = star_widths[host_rand_below(sizeof(star_widths) / sizeof(star_widths[0]))];
	a->p = star_precisions[host_rand_below(sizeof(star_precisions) / sizeof(star_precisions[0]))];
}

/* Three values through one integer format, skipping Linux's "%#x" of 0. */
static void compare_integer_format(const char *fmt, const char *len, enum arg_kind kind,
				   bool hash_x, const char *w, const char *p)
{
	for (int k = 0; k < 3; k++) {
		struct fmt_args a = { .kind = kind, .v = pick_value() };

		random_stars(&a, w, p);
		if (hash_x && value_seen(len, a.v) == 0)
			continue;
		compare_one(fmt, &a);
	}
}

/* Every length modifier and integer conversion with these flags, width, precision. */
static void compare_integer_specs(const char *flags, const char *w, const char *p)
{
	static const char convs[] = "diuxXo";
	bool hash = strchr(flags, '#') != NULL;
	char fmt[48];

	for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++)
		for (const char *c = convs; *c; c++) {
			libc_snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s%c]", flags, w, p,
				      lengths[l].len, *c);
			compare_integer_format(fmt, lengths[l].len, lengths[l].kind,
					       hash && (*c == 'x' || *c == 'X'), w, p);
		}
}

TEST(vsprintf_matches_glibc_for_integers)
{
	char flags[8];

	/* 32 flag sets x 6 widths x 7 precisions x 9 lengths x 6 conversions x 3 values */
	for (unsigned int f = 0; f < 32; f++) {
		flag_string(f, flags);
		for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
			for (size_t p = 0; p < sizeof(precisions) / sizeof(precisions[0]); p++)
				compare_integer_specs(flags, widths[w], precisions[p]);
	}
}

TEST(vsprintf_matches_glibc_for_strings_and_chars)
{
	static const char *const strs[] = { "", "a", "hello", "hello world, and then some" };
	char fmt[48];

	for (int left = 0; left < 2; left++)
		for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
			for (size_t p = 0; p < sizeof(precisions) / sizeof(precisions[0]); p++)
				for (size_t s = 0; s < sizeof(strs) / sizeof(strs[0]); s++) {
					struct fmt_args a = { .kind = K_STR, .s = strs[s] };

					libc_snprintf(fmt, sizeof(fmt), "<%%%s%s%ss>", left ? "-" : "",
						      widths[w], precisions[p]);
					random_stars(&a, widths[w], precisions[p]);
					compare_one(fmt, &a);
				}
			for (int c = 0x20; c < 0x7f; c++) {
				struct fmt_args a = { .kind = K_CHAR, .v = c };

				libc_snprintf(fmt, sizeof(fmt), "<%%%s%sc>", left ? "-" : "", widths[w]);
				random_stars(&a, widths[w], "");
				compare_one(fmt, &a);
			}
		}
}

/* One conversion spec "%<flags><*><.*>" for a slot of the mixed format. */
static void random_spec(char *out, size_t size, bool numeric)
{
	char flags[8] = "";

	if (numeric)
		flag_string(host_rand_below(32) & ~16u, flags);  /* '#' is handled apart */
	else if (host_rand_below(2))
		strcpy(flags, "-");
	libc_snprintf(out, size, "%%%s", flags);
}

TEST(vsprintf_matches_glibc_with_mixed_arguments)
{
	static const char *const strs[] = { "", "x", "mixed" };
	char s1[8], s2[8], s3[8], s4[8], s5[8], fmt[128], kbuf[512], lbuf[512];

	for (int i = 0; i < 20000; i++) {
		int w[5], p[5], kn, ln;
		int d = (int)host_rand();
		long long x = (long long)pick_value();
		unsigned long u = pick_value();
		const char *s = strs[host_rand_below(3)];
		char c = 0x20 + host_rand_below(0x5f);

		for (int k = 0; k < 5; k++) {
			w[k] = (int)host_rand_below(31) - 15;
			p[k] = (int)host_rand_below(25) - 5;
		}
		random_spec(s1, sizeof(s1), true);
		random_spec(s2, sizeof(s2), false);
		random_spec(s3, sizeof(s3), true);
		random_spec(s4, sizeof(s4), false);
		random_spec(s5, sizeof(s5), true);
		libc_snprintf(fmt, sizeof(fmt), "%s*.*d|%s*.*s|%s*.*llx|%%%%|%s*c|%s*.*lo!",
			      s1, s2, s3, s4, s5);
		kn = snprintf(kbuf, sizeof(kbuf), fmt, w[0], p[0], d, w[1], p[1], s, w[2], p[2],
			      x, w[3], c, w[4], p[4], u);
		ln = libc_snprintf(lbuf, sizeof(lbuf), fmt, w[0], p[0], d, w[1], p[1], s, w[2],
				   p[2], x, w[3], c, w[4], p[4], u);
		if (!CHECK_MSG(kn == ln && !strcmp(kbuf, lbuf), "\"%s\":\n  kernel \"%s\"\n  glibc  \"%s\"",
			       fmt, kbuf, lbuf))
			break;
	}
}

TEST(vsprintf_reference_really_is_glibc)
{
	char buf[16];

	/* the one documented difference proves the two formatters are not the same code */
	libc_snprintf(buf, sizeof(buf), "%#x", 0u);
	CHECK_STR(buf, "0");
	snprintf(buf, sizeof(buf), "%#x", 0u);
	CHECK_STR(buf, "0x0");
}
