/*
 * Fuzzing kernel/kstrtox.c differentially: the first byte picks the base
 * (0..16; 1 is refused), the rest is the string.  kstrtoull must agree with
 * the C library's strtoull on every string both are meant to take -- an
 * optional '+', digits (with "0x" for base 16 or 0), an optional final
 * newline -- in value and in overflow (-ERANGE, which Linux reports before
 * looking past the digits), and refuse everything else with -EINVAL (no
 * leading space or '-', which strtoull allows).  kstrtoul,
 * kstrtouint and kstrtoll must follow from kstrtoull's answer.
 */
#include <ctype.h>
#include <errno.h>

#include <kernel/string.h>

#include "fuzz.h"

/* What kstrtoull should answer for s in base, decided with strtoull. */
static int expected(const char *s, unsigned int base, unsigned long long *v)
{
	const char *digits = s[0] == '+' ? s + 1 : s;
	char *end;

	if (base == 1 || isspace((unsigned char)s[0]) || s[0] == '-' ||
	    (s[0] == '+' && (isspace((unsigned char)s[1]) || s[1] == '+' || s[1] == '-')))
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, base);
	if (end == s || end == digits)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;         /* before what follows the digits, as Linux */
	return *end && !(end[0] == '\n' && !end[1]) ? -EINVAL : 0;
}

/* kstrtoul, kstrtouint and kstrtoll of a string without '-', from kstrtoull's answer. */
static void check_derived(const char *s, unsigned int base, int rc, unsigned long long v)
{
	unsigned long ul = 0;
	unsigned int u = 0;
	long long ll = 0;
	int r;

	r = kstrtoul(s, base, &ul);
	FUZZ_ASSERT(r == rc && (rc || ul == v), "kstrtoul(\"%s\", %u) = %d", s, base, r);
	r = kstrtouint(s, base, &u);
	if (rc == 0 && v > 0xffffffffULL)
		FUZZ_ASSERT(r == -ERANGE, "kstrtouint(\"%s\", %u) = %d", s, base, r);
	else
		FUZZ_ASSERT(r == rc && (rc || u == v), "kstrtouint(\"%s\", %u) = %d", s, base, r);
	r = kstrtoll(s, base, &ll);
	if (rc == 0 && v > (unsigned long long)INT64_MAX)
		FUZZ_ASSERT(r == -ERANGE, "kstrtoll(\"%s\", %u) = %d", s, base, r);
	else
		FUZZ_ASSERT(r == rc && (rc || ll == (long long)v), "kstrtoll(\"%s\", %u) = %d",
			    s, base, r);
}

/* kstrtoll of "-...": kstrtoull of the rest, negated, down to INT64_MIN; no "-+". */
static void check_negative(const char *s, unsigned int base)
{
	unsigned long long v = 0;
	long long ll = 0;
	int rc = s[1] == '+' ? -EINVAL : kstrtoull(s + 1, base, &v);
	int r = kstrtoll(s, base, &ll);

	if (rc == 0 && v > 1ULL << 63)
		rc = -ERANGE;
	FUZZ_ASSERT(r == rc && (rc || ll == (long long)(0 - v)), "kstrtoll(\"%s\", %u) = %d (%lld)",
		    s, base, r, ll);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int base = size ? data[0] % 17 : 10;
	char *s = fuzz_string(data + !!size, size - !!size);
	unsigned long long got = 0xdeadbeef, want = 0;
	int rc, want_rc;

	rc = kstrtoull(s, base, &got);
	want_rc = expected(s, base, &want);
	FUZZ_ASSERT(rc == want_rc && (rc || got == want),
		    "kstrtoull(\"%s\", %u) = %d (%llu), strtoull says %d (%llu)", s, base, rc, got,
		    want_rc, want);
	if (s[0] == '-')
		check_negative(s, base);
	else
		check_derived(s, base, rc, got);
	free(s);
	return 0;
}
