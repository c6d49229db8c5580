/*
 * A tiny unit-test harness for the host builds of the kernel's pure code.
 *
 *     TEST(e820_merges_adjacent_ram) { ... CHECK_EQ_INT(t.nr_entries, 1); }
 *
 * TEST() registers a function (a constructor adds it to a table); main() in
 * hosttest.c runs each one in a forked child, so a sanitizer report, a crash
 * or a hang fails that test alone, and prints "ok name" / "FAIL name" and a
 * last line "host <binary>: N passed, M failed".  CHECK_* print file:line and
 * both values on failure and return whether the check held, so a test can
 * stop early: if (!CHECK(p)) return;
 *
 * Also here: the printk capture (what the code under test printed), glibc's
 * snprintf for reference comparisons, a seeded random generator, and the
 * fake symbol table behind %pS.  Environment: ATLAS_HOST_VERBOSE=1 echoes
 * printk to stderr; ATLAS_HOST_NOFORK=1 runs tests in-process (for gdb); a
 * command-line argument runs only the tests whose names contain it.
 */
#ifndef ATLAS_TESTS_HOST_HOSTTEST_H
#define ATLAS_TESTS_HOST_HOSTTEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- registration ---- */

typedef void (*host_test_fn)(void);

void host_test_register(const char *name, host_test_fn fn, int line);

#define TEST(tname) \
	static void test_##tname(void); \
	__attribute__((constructor)) static void register_##tname(void) \
	{ \
		host_test_register(#tname, test_##tname, __LINE__); \
	} \
	static void test_##tname(void)

/* Kill the running test after this many seconds (default 30): a hang fails it. */
void host_set_timeout(unsigned int seconds);

/* ---- checks ---- */

bool host_check(bool ok, const char *expr, const char *file, int line);
bool host_check_int(long long a, long long b, const char *ea, const char *eb,
		    const char *file, int line);
bool host_check_u64(unsigned long long a, unsigned long long b, const char *ea,
		    const char *eb, const char *file, int line);
bool host_check_str(const char *a, const char *b, const char *ea, const char *eb,
		    const char *file, int line);
bool host_check_mem(const void *a, const void *b, size_t n, const char *ea,
		    const char *eb, const char *file, int line);
__attribute__((format(printf, 3, 4)))
void host_fail(const char *file, int line, const char *fmt, ...);

#define CHECK(cond) host_check(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ_INT(a, b) \
	host_check_int((long long)(a), (long long)(b), #a, #b, __FILE__, __LINE__)
#define CHECK_EQ_U64(a, b) \
	host_check_u64((unsigned long long)(a), (unsigned long long)(b), #a, #b, \
		       __FILE__, __LINE__)
#define CHECK_STR(a, b) host_check_str((a), (b), #a, #b, __FILE__, __LINE__)
#define CHECK_MEM(a, b, n) host_check_mem((a), (b), (n), #a, #b, __FILE__, __LINE__)
/* A failure with a message of the test's own: CHECK_MSG(x < 3, "x=%d", x). */
#define CHECK_MSG(cond, ...) \
	((cond) ? true : (host_fail(__FILE__, __LINE__, __VA_ARGS__), false))

/* Failed checks so far in the running test. */
int host_failures(void);

/* ---- printk capture (KERN_SOH + level stripped from each message) ---- */

void printk_capture_reset(void);
const char *printk_capture(void);
/* The number of '\n'-terminated lines captured since the last reset. */
int printk_capture_lines(void);
bool printk_capture_contains(const char *needle);

/* Exactly one line was printed, and it contains every non-NULL needle. */
#define CHECK_ONE_LINE(...) \
	host_check_one_line(__FILE__, __LINE__, (const char *[]){ __VA_ARGS__, NULL })
bool host_check_one_line(const char *file, int line, const char **needles);

/* ---- glibc's formatter (not the kernel's), for reference outputs ---- */

__attribute__((format(printf, 3, 4)))
int libc_snprintf(char *buf, size_t size, const char *fmt, ...);
int libc_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* ---- deterministic pseudo-random numbers (splitmix64) ---- */

void host_srand(uint64_t seed);
uint64_t host_rand(void);
uint64_t host_rand_below(uint64_t n);   /* 0 <= r < n (n > 0) */

/* ---- the fake kernel symbol table behind %pS / %ps / %pB ---- */

#define FAKE_FUNC_ADDR  0x1000UL        /* "fake_func", 0x40 bytes */
#define FAKE_FUNC_SIZE  0x40UL
#define OTHER_FUNC_ADDR 0x1040UL        /* "other_func", right after it */
#define OTHER_FUNC_SIZE 0x100UL

#endif
