/*
 * The C library's memory and string functions, for the kernel (the compiler
 * also emits calls to memcpy/memset/memmove/memcmp on its own).  Simple byte
 * loops, except memcpy/memset, which use the string instructions.
 */
#include <kernel/string.h>

/*
 * Bulk copies and fills move 8 bytes per step ("rep movsq"/"rep stosq"), then
 * the 0-7 bytes left one at a time.  Under QEMU's TCG every iteration of a
 * "rep" instruction costs about the same whatever its width, so this is 8
 * times faster there than "rep movsb" (real CPUs with ERMSB do not care).
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t q = n / 8;

	n %= 8;
	__asm__ volatile("rep movsq\n\t"
			 "mov %3, %2\n\t"
			 "rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(q) : "r"(n) : "memory");
	return ret;
}

void *memset(void *s, int c, size_t n)
{
	void *ret = s;
	size_t q = n / 8;
	u64 v = 0x0101010101010101ULL * (u8)c;

	n %= 8;
	__asm__ volatile("rep stosq\n\t"
			 "mov %2, %1\n\t"
			 "rep stosb"
			 : "+D"(s), "+c"(q) : "r"(n), "a"(v) : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s != (char)c; s++)
		if (!*s)
			return NULL;
	return (char *)s;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}
