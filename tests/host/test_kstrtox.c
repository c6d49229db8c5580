/*
 * Host tests of kernel/kstrtox.c (include/kernel/string.h): Linux's strict
 * string-to-number conversions (bases, prefixes, the one trailing newline,
 * overflow at exactly 2^64, signs) and strscpy's truncation contract, plus
 * a seeded round trip through glibc's formatter.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/string.h>

#include "hosttest.h"

#define UNTOUCHED 0x5a5a5a5a5a5a5a5aULL     /* what *res holds if nothing was stored */

/* kstrtoull(s, base) must return rc and, if 0, store want; on error leave res alone. */
static void check_ull(const char *file, int line, const char *s, unsigned int base, int rc,
		      unsigned long long want)
{
	unsigned long long res = UNTOUCHED;
	int got = kstrtoull(s, base, &res);

	if (got != rc || res != (rc ? UNTOUCHED : want))
		host_fail(file, line, "kstrtoull(\"%s\", %u): %d, %#llx; expected %d, %#llx",
			  s, base, got, res, rc, rc ? UNTOUCHED : want);
}

static void check_ll(const char *file, int line, const char *s, unsigned int base, int rc,
		     long long want)
{
	long long res = (long long)UNTOUCHED;
	int got = kstrtoll(s, base, &res);

	if (got != rc || res != (rc ? (long long)UNTOUCHED : want))
		host_fail(file, line, "kstrtoll(\"%s\", %u): %d, %lld; expected %d, %lld",
			  s, base, got, res, rc, rc ? (long long)UNTOUCHED : want);
}

#define CHECK_ULL(s, base, want) check_ull(__FILE__, __LINE__, s, base, 0, want)
#define CHECK_ULL_ERR(s, base, rc) check_ull(__FILE__, __LINE__, s, base, rc, 0)
#define CHECK_LL(s, base, want) check_ll(__FILE__, __LINE__, s, base, 0, want)
#define CHECK_LL_ERR(s, base, rc) check_ll(__FILE__, __LINE__, s, base, rc, 0)

TEST(kstrtoull_decimal)
{
	CHECK_ULL("0", 10, 0);
	CHECK_ULL("123", 10, 123);
	CHECK_ULL("007", 10, 7);                /* base 10: leading zeros are decimal */
	CHECK_ULL("+5", 10, 5);                 /* as Linux: one '+' is allowed */
	CHECK_ULL("18446744073709551615", 10, ULLONG_MAX);
}

TEST(kstrtoull_base_16)
{
	CHECK_ULL("1f", 16, 0x1f);
	CHECK_ULL("1F", 16, 0x1f);
	CHECK_ULL("0x1f", 16, 0x1f);
	CHECK_ULL("0X1F", 16, 0x1f);
	CHECK_ULL("ffffffffffffffff", 16, ULLONG_MAX);
	CHECK_ULL("0xffff888000000000", 16, 0xffff888000000000ULL);
	CHECK_ULL_ERR("0x", 16, -EINVAL);
	CHECK_ULL_ERR("1g", 16, -EINVAL);
}

TEST(kstrtoull_base_8_and_2)
{
	CHECK_ULL("17", 8, 15);
	CHECK_ULL("017", 8, 15);
	CHECK_ULL_ERR("8", 8, -EINVAL);
	CHECK_ULL_ERR("19", 8, -EINVAL);
	CHECK_ULL("1777777777777777777777", 8, ULLONG_MAX);
	CHECK_ULL("101", 2, 5);
	CHECK_ULL_ERR("102", 2, -EINVAL);
}

TEST(kstrtoull_base_0_picks_the_radix)
{
	CHECK_ULL("0x1f", 0, 0x1f);
	CHECK_ULL("0XaB", 0, 0xab);
	CHECK_ULL("017", 0, 15);
	CHECK_ULL("0", 0, 0);
	CHECK_ULL("10", 0, 10);
	CHECK_ULL_ERR("09", 0, -EINVAL);        /* octal */
	CHECK_ULL_ERR("0x", 0, -EINVAL);
	CHECK_ULL_ERR("0xg", 0, -EINVAL);
	CHECK_ULL_ERR("1f", 0, -EINVAL);
}

TEST(kstrtoull_trailing_newline)
{
	CHECK_ULL("12\n", 10, 12);
	CHECK_ULL("0x10\n", 0, 16);
	CHECK_ULL_ERR("12\n\n", 10, -EINVAL);
	CHECK_ULL_ERR("\n", 10, -EINVAL);
	CHECK_ULL_ERR("12\r\n", 10, -EINVAL);
	CHECK_ULL_ERR("12\nx", 10, -EINVAL);
}

TEST(kstrtoull_garbage)
{
	CHECK_ULL_ERR("", 10, -EINVAL);
	CHECK_ULL_ERR("abc", 10, -EINVAL);
	CHECK_ULL_ERR("12a", 10, -EINVAL);
	CHECK_ULL_ERR(" 12", 10, -EINVAL);
	CHECK_ULL_ERR("12 ", 10, -EINVAL);
	CHECK_ULL_ERR("-5", 10, -EINVAL);
	CHECK_ULL_ERR("+", 10, -EINVAL);
	CHECK_ULL_ERR("++5", 10, -EINVAL);
	CHECK_ULL_ERR("1.5", 10, -EINVAL);
}

TEST(kstrtoull_bad_base)
{
	CHECK_ULL_ERR("1", 1, -EINVAL);
	CHECK_ULL_ERR("1", 17, -EINVAL);
	CHECK_ULL_ERR("1", 36, -EINVAL);
}

TEST(kstrtoull_overflow_at_exactly_2_to_the_64)
{
	CHECK_ULL_ERR("18446744073709551616", 10, -ERANGE);
	CHECK_ULL_ERR("18446744073709551620", 10, -ERANGE);
	CHECK_ULL_ERR("99999999999999999999999", 10, -ERANGE);
	CHECK_ULL_ERR("10000000000000000", 16, -ERANGE);
	CHECK_ULL_ERR("0x10000000000000000", 0, -ERANGE);
	CHECK_ULL_ERR("2000000000000000000000", 8, -ERANGE);
	CHECK_ULL("18446744073709551614", 10, ULLONG_MAX - 1);
}

TEST(kstrtoul_and_kstrtouint)
{
	unsigned long ul = 0;
	unsigned int ui = 7;

	CHECK_EQ_INT(kstrtoul("18446744073709551615", 10, &ul), 0);
	CHECK_EQ_U64(ul, ULONG_MAX);
	CHECK_EQ_INT(kstrtoul("18446744073709551616", 10, &ul), -ERANGE);
	CHECK_EQ_INT(kstrtoul("0x1000", 0, &ul), 0);
	CHECK_EQ_U64(ul, 0x1000);
	CHECK_EQ_INT(kstrtouint("4294967295", 10, &ui), 0);
	CHECK_EQ_U64(ui, UINT_MAX);
	CHECK_EQ_INT(kstrtouint("4294967296", 10, &ui), -ERANGE);
	CHECK_EQ_U64(ui, UINT_MAX);             /* untouched on error */
	CHECK_EQ_INT(kstrtouint("0x100000000", 0, &ui), -ERANGE);
	CHECK_EQ_INT(kstrtouint("32\n", 0, &ui), 0);
	CHECK_EQ_INT(ui, 32);
	CHECK_EQ_INT(kstrtouint("x", 0, &ui), -EINVAL);
}

TEST(kstrtoll_signs)
{
	CHECK_LL("-5", 10, -5);
	CHECK_LL("+7", 10, 7);
	CHECK_LL("-0", 10, 0);
	CHECK_LL("-0x10", 0, -16);
	CHECK_LL("-010", 0, -8);
	CHECK_LL("-12\n", 10, -12);
	CHECK_LL_ERR("-+5", 10, -EINVAL);
	CHECK_LL_ERR("+-5", 10, -EINVAL);
	CHECK_LL_ERR("--5", 10, -EINVAL);
	CHECK_LL_ERR("-", 10, -EINVAL);
	CHECK_LL_ERR("- 5", 10, -EINVAL);
	CHECK_LL_ERR("", 10, -EINVAL);
}

TEST(kstrtoll_limits)
{
	CHECK_LL("9223372036854775807", 10, LLONG_MAX);
	CHECK_LL("-9223372036854775808", 10, LLONG_MIN);
	CHECK_LL("-0x8000000000000000", 0, LLONG_MIN);
	CHECK_LL_ERR("9223372036854775808", 10, -ERANGE);
	CHECK_LL_ERR("-9223372036854775809", 10, -ERANGE);
	CHECK_LL_ERR("18446744073709551615", 10, -ERANGE);
	CHECK_LL_ERR("-18446744073709551616", 10, -ERANGE);
}

TEST(kstrtoull_round_trips_glibc_output)
{
	char s[40];

	for (int i = 0; i < 20000; i++) {
		unsigned long long v = host_rand() >> host_rand_below(64), r = 0;
		static const char *const fmts[] = { "%llu", "%#llx", "%#llo", "%llx" };
		static const unsigned int bases[] = { 10, 0, 0, 16 };
		int k = host_rand_below(4);

		libc_snprintf(s, sizeof(s), fmts[k], v);
		if (!CHECK_MSG(kstrtoull(s, bases[k], &r) == 0 && r == v,
			       "\"%s\" base %u: got %#llx", s, bases[k], r))
			break;
	}
}

/* ---- strscpy ---- */

TEST(strscpy_copies_and_counts)
{
	char *dst = malloc(8);                  /* exact size: ASan checks the bound */

	CHECK_EQ_INT(strscpy(dst, "hello", 8), 5);
	CHECK_STR(dst, "hello");
	CHECK_EQ_INT(strscpy(dst, "1234567", 8), 7);     /* exactly fits */
	CHECK_STR(dst, "1234567");
	CHECK_EQ_INT(strscpy(dst, "", 8), 0);
	CHECK_STR(dst, "");
	free(dst);
}

TEST(strscpy_truncates_with_e2big)
{
	char *dst = malloc(8);

	CHECK_EQ_INT(strscpy(dst, "12345678", 8), -E2BIG);
	CHECK_STR(dst, "1234567");
	CHECK_EQ_INT(strscpy(dst, "a much longer string", 8), -E2BIG);
	CHECK_STR(dst, "a much ");
	CHECK_EQ_INT(strscpy(dst, "x", 1), -E2BIG);
	CHECK_STR(dst, "");
	CHECK_EQ_INT(strscpy(dst, "", 1), 0);
	free(dst);
}

TEST(strscpy_size_zero_writes_nothing)
{
	char dst[4] = "abc";

	CHECK_EQ_INT(strscpy(dst, "x", 0), -E2BIG);
	CHECK_STR(dst, "abc");
}
