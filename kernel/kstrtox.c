/*
 * String to number conversion, as Linux's lib/kstrtox.c: strict (the whole
 * string must be a number), overflow-checked, and pure, so the host unit tests
 * compile this same file.  strscpy lives here too, for the same reason.
 */
#include <errno.h>
#include <kernel/string.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 16;
}

/* base 0: "0x" means 16, a leading "0" means 8, else 10 (Linux's _parse_integer_fixup_radix) */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16)
			*base = 16;
		else if (s[0] == '0')
			*base = 8;
		else
			*base = 10;
	}
	if (*base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	return s;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	const char *p;
	int d;

	if (base == 1 || base > 16)
		return -EINVAL;
	if (*s == '+')
		s++;
	p = s = fixup_radix(s, &base);
	for (; (d = digit_value(*p)) < (int)base; p++) {
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (p == s)
		return -EINVAL;
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (!err)
		*res = v;
	return err;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > 0xffffffffULL)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int neg = (*s == '-');
	int err;

	if (neg && s[1] == '+')
		return -EINVAL;
	err = kstrtoull(s + neg, base, &v);
	if (err)
		return err;
	if (neg ? v > (1ULL << 63) : v > (1ULL << 63) - 1)
		return -ERANGE;
	*res = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return src[i] ? -E2BIG : (ssize_t)i;
}
