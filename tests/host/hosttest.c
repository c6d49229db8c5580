/*
 * The host test harness (see hosttest.h): test registry and runner, and the
 * checks.  What the pure kernel code calls but does not contain (printk into
 * a capture buffer, the fake symbol table) is in hostenv.c, which the fuzzers
 * link too.
 *
 * Each test runs in a forked child so that a sanitizer report, a crash or a
 * hang (SIGALRM) fails only that test; the parent reads the child's exit
 * status: 0 passed, CHILD_CHECKS_FAILED some check failed, anything else a
 * crash (ASan and UBSan exit with status 1 after their report on stderr).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hosttest.h"

#define MAX_TESTS           512
#define MAX_SHOWN_FAILURES  30      /* per test; the rest are only counted */
#define DEFAULT_TIMEOUT     30      /* seconds per test */
#define CHILD_CHECKS_FAILED 42      /* a child's exit status: checks failed */

/* ---- registry ---- */

struct host_test {
	const char *name;
	host_test_fn fn;
	int line;
};

static struct host_test tests[MAX_TESTS];
static int ntests;
static int failures;                    /* in the running test */

void host_test_register(const char *name, host_test_fn fn, int line)
{
	if (ntests == MAX_TESTS) {
		fprintf(stderr, "hosttest: more than %d tests; raise MAX_TESTS\n", MAX_TESTS);
		abort();
	}
	tests[ntests++] = (struct host_test){ name, fn, line };
}

void host_set_timeout(unsigned int seconds)
{
	alarm(seconds);
}

int host_failures(void)
{
	return failures;
}

/* ---- checks ---- */

/* Count a failure; true if its message should still be printed. */
static bool count_failure(void)
{
	return ++failures <= MAX_SHOWN_FAILURES;
}

void host_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (!count_failure())
		return;
	printf("    %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);         /* the child may yet die of a sanitizer report */
}

bool host_check(bool ok, const char *expr, const char *file, int line)
{
	if (!ok)
		host_fail(file, line, "CHECK(%s) failed", expr);
	return ok;
}

bool host_check_int(long long a, long long b, const char *ea, const char *eb,
		    const char *file, int line)
{
	if (a != b)
		host_fail(file, line, "%s == %s failed: %lld (%#llx) != %lld (%#llx)",
			  ea, eb, a, (unsigned long long)a, b, (unsigned long long)b);
	return a == b;
}

bool host_check_u64(unsigned long long a, unsigned long long b, const char *ea,
		    const char *eb, const char *file, int line)
{
	if (a != b)
		host_fail(file, line, "%s == %s failed: %#llx (%llu) != %#llx (%llu)",
			  ea, eb, a, a, b, b);
	return a == b;
}

bool host_check_str(const char *a, const char *b, const char *ea, const char *eb,
		    const char *file, int line)
{
	bool ok = (a && b) ? !strcmp(a, b) : a == b;

	if (!ok)
		host_fail(file, line, "%s == %s failed:\n        got      \"%s\"\n        expected \"%s\"",
			  ea, eb, a ? a : "(NULL)", b ? b : "(NULL)");
	return ok;
}

bool host_check_mem(const void *a, const void *b, size_t n, const char *ea,
		    const char *eb, const char *file, int line)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i]) {
			host_fail(file, line, "%s == %s failed at byte %zu of %zu: %#04x != %#04x",
				  ea, eb, i, n, x[i], y[i]);
			return false;
		}
	}
	return true;
}

/* ---- runner ---- */

static int by_line(const void *a, const void *b)
{
	return ((const struct host_test *)a)->line - ((const struct host_test *)b)->line;
}

/* Run t here and now; returns its number of failed checks. */
static int run_in_process(const struct host_test *t)
{
	failures = 0;
	printk_capture_reset();
	host_srand(1);
	alarm(DEFAULT_TIMEOUT);
	t->fn();
	alarm(0);
	if (failures > MAX_SHOWN_FAILURES)
		printf("    ... and %d more failed checks\n", failures - MAX_SHOWN_FAILURES);
	fflush(stdout);
	return failures;
}

/* Why a child that did not pass died, for the FAIL line ("" for failed checks). */
static void describe_status(int status, char *why, size_t size)
{
	why[0] = '\0';
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		libc_snprintf(why, size, " (timed out: hung?)");
	else if (WIFSIGNALED(status))
		libc_snprintf(why, size, " (crashed: signal %d, %s)", WTERMSIG(status),
			      strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status) != CHILD_CHECKS_FAILED)
		libc_snprintf(why, size, " (crashed: exit status %d, see the sanitizer report above)",
			      WEXITSTATUS(status));
}

/* Run t in a child process; true if it passed. */
static bool run_forked(const struct host_test *t, char *why, size_t size)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("hosttest: fork");
		return run_in_process(t) == 0;
	}
	if (pid == 0)
		_exit(run_in_process(t) ? CHILD_CHECKS_FAILED : 0);
	if (waitpid(pid, &status, 0) < 0) {
		perror("hosttest: waitpid");
		return false;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	describe_status(status, why, size);
	return false;
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	bool nofork = getenv("ATLAS_HOST_NOFORK") != NULL;
	int passed = 0, failed = 0;

	qsort(tests, ntests, sizeof(tests[0]), by_line);
	for (int i = 0; i < ntests; i++) {
		char why[128] = "";
		bool ok;

		if (filter && !strstr(tests[i].name, filter))
			continue;
		ok = nofork ? run_in_process(&tests[i]) == 0
			    : run_forked(&tests[i], why, sizeof(why));
		printf("%s %s%s\n", ok ? "ok" : "FAIL", tests[i].name, why);
		ok ? passed++ : failed++;
	}
	printf("host %s: %d passed, %d failed\n", name, passed, failed);
	return failed ? 1 : 0;
}

/* ---- printk capture, as the tests check it ---- */

/* Print what was captured, each line indented and marked. */
static void show_capture(void)
{
	for (const char *p = printk_capture(); *p;) {
		size_t n = strcspn(p, "\n");

		printf("        | %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	fflush(stdout);
}

bool host_check_one_line(const char *file, int line, const char **needles)
{
	bool ok = printk_capture_lines() == 1;

	for (const char **n = needles; *n; n++)
		ok = ok && printk_capture_contains(*n);
	if (ok)
		return true;
	host_fail(file, line, "expected one line containing \"%s\"%s; printk printed %d:",
		  needles[0] ? needles[0] : "", needles[0] && needles[1] ? " (and more)" : "",
		  printk_capture_lines());
	if (failures <= MAX_SHOWN_FAILURES)
		show_capture();
	return false;
}
