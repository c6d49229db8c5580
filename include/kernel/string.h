/*
 * Memory and string functions.  The kernel has its own (kernel/string.c); the
 * host unit tests use the C library's, which behave the same.
 */
#ifndef ATLAS_KERNEL_STRING_H
#define ATLAS_KERNEL_STRING_H

#include <kernel/types.h>

#ifdef ATLAS_HOST
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
#endif

/* Copy at most size-1 bytes and NUL-terminate; -E2BIG if src was cut short. */
ssize_t strscpy(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned integer, Linux's kstrtoull(): base 0 means "0x" hex,
 * "0" octal, else decimal.  The whole string must be the number (a single
 * trailing newline is allowed).  Returns 0, -EINVAL or -ERANGE.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoll(const char *s, unsigned int base, long long *res);

static inline bool isdigit_k(int c) { return c >= '0' && c <= '9'; }
static inline bool isspace_k(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline bool isprint_k(int c) { return c >= 0x20 && c < 0x7f; }

#endif
