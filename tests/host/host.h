/*
 * Force-included first (gcc -include) in every host compile: the pure kernel
 * files and the host tests alike.  The kernel has its own snprintf family and
 * printk; renaming them here makes the kernel's versions the ones under test
 * while the C library's keep working for the harness (glibc's own stdio.h
 * declarations are renamed too, which is harmless: the prototypes agree).
 * hosttest.c #undefs the names at its very end to reach glibc's vsnprintf
 * for reference comparisons (libc_snprintf in hosttest.h).
 *
 * Nothing may be #included here: this file comes before every libc header.
 */
#ifndef ATLAS_TESTS_HOST_HOST_H
#define ATLAS_TESTS_HOST_HOST_H

/*
 * Some distributions turn on _FORTIFY_SOURCE by default; glibc would then
 * define inline wrappers of snprintf/vsnprintf (renamed to ours by the macros
 * below) that call __snprintf_chk, and a test would silently test glibc.
 */
#undef _FORTIFY_SOURCE

#define vsnprintf  atlas_vsnprintf
#define snprintf   atlas_snprintf
#define vscnprintf atlas_vscnprintf
#define scnprintf  atlas_scnprintf
#define printk     atlas_printk
#define vprintk    atlas_vprintk

#endif
