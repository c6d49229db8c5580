/*
 * printk: the kernel's log, as Linux's include/linux/printk.h.
 *
 * Every line gets a "[    0.000123] " timestamp (seconds since boot, from the
 * TSC), goes to the serial console and into the log buffer that dmesg prints.
 * A message may start with a level, KERN_ERR "..." (pr_err does that for you);
 * a printk that does not end in "\n" is continued by the next one.
 */
#ifndef ATLAS_KERNEL_PRINTK_H
#define ATLAS_KERNEL_PRINTK_H

#include <stdarg.h>
#include <kernel/compiler.h>
#include <kernel/types.h>

#define KERN_SOH     "\001"
#define KERN_EMERG   KERN_SOH "0"   /* system is unusable */
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6"
#define KERN_DEBUG   KERN_SOH "7"
#define KERN_CONT    KERN_SOH "c"   /* continues the previous line */
#define KERN_DEFAULT ""

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list args);

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_emerg(fmt, ...)  printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)  printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)   printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)    printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)   printk(KERN_CONT fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug(fmt, ...)  printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...)  do { if (0) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__); } while (0)
#endif

/* Print once per call site (Linux's printk_once / pr_warn_once), on whichever CPU gets there first. */
#define printk_once(fmt, ...) ({ \
	static bool __done; \
	if (!__atomic_exchange_n(&__done, true, __ATOMIC_RELAXED)) \
		printk(fmt, ##__VA_ARGS__); })
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)

/*
 * The log buffer.  log_buf_pos() counts every byte ever logged; log_buf_read()
 * copies what is still held from position pos on (for dmesg and for tests that
 * check what the kernel printed).  Returns the bytes copied (NUL-terminated).
 */
size_t log_buf_pos(void);
size_t log_buf_read(size_t pos, char *dst, size_t size);

/* Whether a line printed since pos contains needle (tests use this). */
bool log_contains_since(size_t pos, const char *needle);

/*
 * Whether the log still holds the boot's first lines (it is a ring: a long
 * session, or the self-tests run several times, overwrite them).  A test that
 * looks for a boot line checks this first, and says so when it cannot look.
 */
bool log_holds_boot(void);

/*
 * printk_cpu_sync (Linux's): the lock every printk and all console output
 * holds, so that lines from different CPUs never mix.  The CPU holding it may
 * take it again (a nested get returns true); interrupts stay off meanwhile.
 * Wrap a multi-line report (a stack dump) in it to keep the report whole:
 *
 *     unsigned long flags;
 *     printk_cpu_sync_get_irqsave(flags);
 *     ...printk...
 *     printk_cpu_sync_put_irqrestore(flags);
 */
bool __printk_cpu_sync_get(unsigned long *flags);
void __printk_cpu_sync_put(unsigned long flags);
#define printk_cpu_sync_get_irqsave(flags)   ((void)__printk_cpu_sync_get(&(flags)))
#define printk_cpu_sync_put_irqrestore(flags) __printk_cpu_sync_put(flags)

/*
 * Panic and oops: bust_spinlocks(1) lets printk take printk_cpu_sync from a
 * CPU that holds it for too long (one stopped while printing); (0) undoes it.
 */
extern int oops_in_progress;
void bust_spinlocks(int yes);

/* Also silence the console (the log still records); returns the old setting. */
bool console_set_quiet(bool quiet);

#endif
