/*
 * In-guest self-tests in the style of Linux's KUnit (include/kunit/test.h).
 *
 * A suite is a list of cases; each case is a function taking a struct kunit.
 * Suites register themselves in the .kunit_test_suites section with
 * kunit_test_suite(), and kunit_run_all() prints results in KTAP version 1
 * (Documentation/dev-tools/ktap.rst), which tests/runner.py reads:
 *
 *     static void e820_sorts_entries(struct kunit *test)
 *     {
 *             KUNIT_EXPECT_EQ(test, t.nr_entries, 3);
 *     }
 *     static struct kunit_case e820_cases[] = { KUNIT_CASE(e820_sorts_entries), {} };
 *     static struct kunit_suite e820_suite = { .name = "e820", .test_cases = e820_cases };
 *     kunit_test_suite(e820_suite);
 *
 * EXPECT records a failure and goes on; ASSERT records it and ends the case.
 * Each case runs inside the fault catcher: a case that oopses fails (with the
 * oops printed) and the next case runs.
 */
#ifndef ATLAS_KERNEL_KUNIT_H
#define ATLAS_KERNEL_KUNIT_H

#include <kernel/compiler.h>
#include <kernel/types.h>

enum kunit_status { KUNIT_SUCCESS, KUNIT_FAILURE, KUNIT_SKIPPED };

struct kunit {
	const char *name;               /* the running case */
	enum kunit_status status;
	char skip_reason[128];
	void *priv;                     /* for the suite's init/exit */
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char *name;
	int (*init)(struct kunit *test);        /* before each case; nonzero fails it */
	void (*exit)(struct kunit *test);       /* after each case */
	struct kunit_case *test_cases;          /* ends with an empty entry */
};

#define KUNIT_CASE(fn) { .run_case = fn, .name = #fn }

#define kunit_test_suite(suite) \
	static struct kunit_suite *const __kunit_suite_##suite \
	__section(".kunit_test_suites") __used = &(suite)

#define KUNIT_MAX_REPEAT 10

/*
 * Run the suites named in the comma-separated list (all of them when list is
 * NULL or empty), repeat times over, as one KTAP document: its plan is
 * repeat x suites, and the suites appear in order repeat times, numbered on.
 * An entry "suite.CASE_GLOB" ('*' and '?', as Linux's kunit.filter_glob)
 * runs only the cases of that suite whose names match; a suite's plan counts
 * the cases selected.  An entry that names no suite, or selects no case, is
 * reported in one line and is a failed test of its own ("not ok N name # no
 * such suite", "# no such case").  Returns the number of failed cases
 * plus unknown names (per repetition).
 */
int kunit_run(const char *list, unsigned int repeat);

/* kunit_run(list, 1). */
int kunit_run_all(const char *list);

/*
 * The boot-time run: the suites the selftest parameter names (selftest=list
 * prints their names instead), selftest.repeat times.  Returns as kunit_run.
 */
int kunit_run_boot(void);

/*
 * What is wrong with one entry of a selftest list ("suite" or
 * "suite.CASE_GLOB"): NULL when it selects a case, else, written into buf,
 * "no suite named 'x'" or "no case of suite 'x' matches 'y'".
 */
const char *kunit_entry_problem(const char *entry, char *buf, size_t size);

/* ---- reporting, used by the macros below ---- */
__printf(2, 3) void kunit_log_diag(struct kunit *test, const char *fmt, ...);
/* Linux's name for a "# ..." diagnostic line from a case. */
#define kunit_info(test, fmt, ...) kunit_log_diag(test, fmt, ##__VA_ARGS__)
void kunit_fail_binary(struct kunit *test, const char *file, int line, bool assert,
		       const char *left, const char *op, const char *right,
		       long long lv, long long rv);
void kunit_fail_str(struct kunit *test, const char *file, int line, bool assert,
		    const char *left, const char *op, const char *right,
		    const char *lv, const char *rv);
void kunit_fail_msg(struct kunit *test, const char *file, int line, bool assert,
		    const char *what);
__noreturn void kunit_abort(struct kunit *test);
__printf(2, 3) __noreturn void kunit_skip(struct kunit *test, const char *fmt, ...);

/*
 * Compare as 128-bit integers, so that signed and unsigned 64-bit values of
 * any width compare by their real value (an address above 2^63 stays large).
 */
#define KUNIT_BINARY(test, assert, left, op, right) do { \
	__typeof__(left) __l = (left); \
	__typeof__(right) __r = (right); \
	if (!((__int128)(__l) op (__int128)(__r))) { \
		kunit_fail_binary(test, __FILE__, __LINE__, assert, #left, #op, #right, \
				  (long long)(__l), (long long)(__r)); \
		if (assert) \
			kunit_abort(test); \
	} \
} while (0)

#define KUNIT_BINARY_PTR(test, assert, left, op, right) \
	KUNIT_BINARY(test, assert, (unsigned long)(left), op, (unsigned long)(right))

#define KUNIT_BINARY_STR(test, assert, left, op, right) do { \
	const char *__l = (left), *__r = (right); \
	if (!(__l && __r && strcmp(__l, __r) op 0)) { \
		kunit_fail_str(test, __FILE__, __LINE__, assert, #left, #op, #right, __l, __r); \
		if (assert) \
			kunit_abort(test); \
	} \
} while (0)

#define KUNIT_COND(test, assert, cond, what) do { \
	if (!(cond)) { \
		kunit_fail_msg(test, __FILE__, __LINE__, assert, what); \
		if (assert) \
			kunit_abort(test); \
	} \
} while (0)

#define KUNIT_EXPECT_EQ(t, a, b)     KUNIT_BINARY(t, false, a, ==, b)
#define KUNIT_EXPECT_NE(t, a, b)     KUNIT_BINARY(t, false, a, !=, b)
#define KUNIT_EXPECT_LT(t, a, b)     KUNIT_BINARY(t, false, a, <, b)
#define KUNIT_EXPECT_LE(t, a, b)     KUNIT_BINARY(t, false, a, <=, b)
#define KUNIT_EXPECT_GT(t, a, b)     KUNIT_BINARY(t, false, a, >, b)
#define KUNIT_EXPECT_GE(t, a, b)     KUNIT_BINARY(t, false, a, >=, b)
#define KUNIT_EXPECT_PTR_EQ(t, a, b) KUNIT_BINARY_PTR(t, false, a, ==, b)
#define KUNIT_EXPECT_PTR_NE(t, a, b) KUNIT_BINARY_PTR(t, false, a, !=, b)
#define KUNIT_EXPECT_NULL(t, p)      KUNIT_BINARY_PTR(t, false, p, ==, NULL)
#define KUNIT_EXPECT_NOT_NULL(t, p)  KUNIT_BINARY_PTR(t, false, p, !=, NULL)
#define KUNIT_EXPECT_STREQ(t, a, b)  KUNIT_BINARY_STR(t, false, a, ==, b)
#define KUNIT_EXPECT_STRNEQ(t, a, b) KUNIT_BINARY_STR(t, false, a, !=, b)
#define KUNIT_EXPECT_TRUE(t, c)      KUNIT_COND(t, false, c, "Expected " #c " to be true, but is false")
#define KUNIT_EXPECT_FALSE(t, c)     KUNIT_COND(t, false, !(c), "Expected " #c " to be false, but is true")

#define KUNIT_ASSERT_EQ(t, a, b)     KUNIT_BINARY(t, true, a, ==, b)
#define KUNIT_ASSERT_NE(t, a, b)     KUNIT_BINARY(t, true, a, !=, b)
#define KUNIT_ASSERT_LT(t, a, b)     KUNIT_BINARY(t, true, a, <, b)
#define KUNIT_ASSERT_LE(t, a, b)     KUNIT_BINARY(t, true, a, <=, b)
#define KUNIT_ASSERT_GT(t, a, b)     KUNIT_BINARY(t, true, a, >, b)
#define KUNIT_ASSERT_GE(t, a, b)     KUNIT_BINARY(t, true, a, >=, b)
#define KUNIT_ASSERT_NOT_NULL(t, p)  KUNIT_BINARY_PTR(t, true, p, !=, NULL)
#define KUNIT_ASSERT_STREQ(t, a, b)  KUNIT_BINARY_STR(t, true, a, ==, b)
#define KUNIT_ASSERT_TRUE(t, c)      KUNIT_COND(t, true, c, "Expected " #c " to be true, but is false")
#define KUNIT_ASSERT_FALSE(t, c)     KUNIT_COND(t, true, !(c), "Expected " #c " to be false, but is true")

/* A failure with a message of one's own. */
#define KUNIT_FAIL(t, msg)           KUNIT_COND(t, false, 0, msg)

#endif
