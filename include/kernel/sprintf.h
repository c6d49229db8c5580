/*
 * Formatted output into a buffer, as Linux's include/linux/sprintf.h.
 *
 * Conversions: %d %i %u %x %X %o %c %s %% with flags "-0+ #", width and
 * precision (also "*"), and length modifiers hh h l ll L z t j.  As in Linux,
 * "%#x" of 0 prints "0x0" (C prints "0"), so "%#018llx" is always 0x + 16 digits.
 * Pointers: %p and %px print the address as 16 hex digits (Atlas does not hash
 * pointers as Linux's %p does: a teaching kernel shows real addresses), %pS
 * prints "symbol+0x12/0x40" and %ps "symbol" from the kernel's symbol table,
 * %pB the same for a return address (the symbol of the call instruction).
 */
#ifndef ATLAS_KERNEL_SPRINTF_H
#define ATLAS_KERNEL_SPRINTF_H

#include <stdarg.h>
#include <kernel/compiler.h>
#include <kernel/types.h>

/* Returns the length the output would have had: >= size means it was cut. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);

/* Returns the number of characters actually stored (never more than size - 1). */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

#endif
