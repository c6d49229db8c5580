/*
 * utest: the user-space KTAP test program (user/utest.c and the suites in user/utest/).
 *
 * A suite is a list of cases; a case is a function that checks real values
 * with the EXPECT_ and ASSERT_ macros below (ASSERT_ ends the case at the
 * first failure, EXPECT_ goes on).  The output is KTAP version 1, nested as
 * the kernel's kunit prints it, so tests/ktap.py reads both:
 *
 *     KTAP version 1
 *     1..5
 *         KTAP version 1
 *         # Subtest: process
 *         1..6
 *         ok 1 getpid_getppid
 *         # fork_cow: EXPECTATION FAILED at user/utest/process.c:80
 *         #     Expected buf[0] == 'p', but buf[0] == 99 (0x63)
 *         not ok 2 fork_cow
 *     # process: pass:1 fail:1 skip:0 total:2
 *     not ok 1 process
 *     # Totals: pass:1 fail:1 skip:0 total:2
 *
 * Output goes straight to fd 1 with write(2), never through stdio's buffer,
 * so a fork cannot print a line twice and a crash loses nothing.
 */
#ifndef UTEST_H
#define UTEST_H

#include <errno.h>
#include <string.h>
#include <sys/types.h>

#define PAGE_SIZE 4096UL

struct utest_case {
	const char *name;
	void (*run)(void);
};

struct utest_suite {
	const char *name;
	const struct utest_case *cases;
	int ncases;
};

#define UTEST_CASE(fn) { #fn, fn }
#define UTEST_SUITE(sname, ...)                                                   \
	static const struct utest_case sname##_cases[] = { __VA_ARGS__ };          \
	const struct utest_suite utest_suite_##sname = {                           \
		#sname, sname##_cases, sizeof(sname##_cases) / sizeof(sname##_cases[0]) }

/* What the program was started as (argv[0]) and the break when it started. */
extern const char *utest_argv0;
extern unsigned long utest_brk0;

/* printf to fd 1 in one write. */
void ut_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Record a failure of the running case and print it as KTAP diagnostics. */
void ut_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Mark the running case skipped, with a reason. */
void ut_skip(const char *reason);

/* 1 if the running case has failed so far. */
int ut_failed(void);

/* Fork a child that runs fn(arg) and _exits with its result; returns the child's pid. */
pid_t ut_fork(int (*fn)(void *arg), void *arg);

/* wait4 for pid; returns its raw wait status, or -1 (and fails the case). */
int ut_wait(pid_t pid);

/* 1 if address space randomisation is off (Linux's layout addresses are exact). */
int ut_no_randomization(void);

#define ut_check(cond, ...)                                          \
	({ int _ok = !!(cond); if (!_ok) ut_fail(__FILE__, __LINE__, __VA_ARGS__); _ok; })

#define EXPECT_TRUE(c) ut_check(c, "Expected %s to be true", #c)

#define EXPECT_EQ(a, b) ({                                                        \
	long long _a = (long long)(a), _b = (long long)(b);                       \
	ut_check(_a == _b, "Expected %s == %s, but\n    %s == %lld (%#llx)\n    %s == %lld (%#llx)", \
		 #a, #b, #a, _a, (unsigned long long)_a, #b, _b, (unsigned long long)_b); })

#define EXPECT_NE(a, b) ({                                                        \
	long long _a = (long long)(a), _b = (long long)(b);                       \
	ut_check(_a != _b, "Expected %s != %s, but both are %lld (%#llx)",         \
		 #a, #b, _a, (unsigned long long)_a); })

#define EXPECT_STREQ(a, b) ({                                                     \
	const char *_a = (a), *_b = (b);                                          \
	ut_check(_a && _b && !strcmp(_a, _b), "Expected %s == %s, but\n    %s == \"%s\"\n    %s == \"%s\"", \
		 #a, #b, #a, _a ? _a : "(null)", #b, _b ? _b : "(null)"); })

/* call is a libc call returning -1 and setting errno to err. */
#define EXPECT_ERRNO(call, err) ({                                                \
	errno = 0;                                                                \
	long _r = (long)(call);                                                   \
	int _e = errno;                                                           \
	ut_check(_r == -1 && _e == (err), "Expected %s to fail with %s, but it returned %ld, errno %d (%s)", \
		 #call, #err, _r, _e, strerror(_e)); })

#define ASSERT_TRUE(c)     do { if (!EXPECT_TRUE(c)) return; } while (0)
#define ASSERT_EQ(a, b)    do { if (!EXPECT_EQ(a, b)) return; } while (0)
#define ASSERT_NE(a, b)    do { if (!EXPECT_NE(a, b)) return; } while (0)

#endif
