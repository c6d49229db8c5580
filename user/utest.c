/*
 * utest: the user-space self-tests.  A static musl program that exercises
 * the Linux system call interface from user mode -- processes, memory,
 * files, signals, time and random system calls -- and prints KTAP version 1
 * as the kernel's in-guest suites do (see utest.h), so `make test` checks it
 * with the same parser.  It runs unchanged on Linux: every case must pass
 * there too.
 *
 *   utest                 run every suite
 *   utest SUITE[,SUITE]   run some (utest list names them)
 *   utest --exit N        exit with status N at once (for the posix_spawn case)
 *
 * The exit status is 0 if every case passed, 1 otherwise.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "utest.h"

extern const struct utest_suite utest_suite_process, utest_suite_memory, utest_suite_files,
	utest_suite_signals, utest_suite_sigframe, utest_suite_time, utest_suite_tty,
	utest_suite_fuzz, utest_suite_vfs, utest_suite_sysfs, utest_suite_devmem;

static const struct utest_suite *const suites[] = {
	&utest_suite_process, &utest_suite_memory, &utest_suite_files,
	&utest_suite_signals, &utest_suite_sigframe, &utest_suite_time, &utest_suite_tty, &utest_suite_fuzz,
	&utest_suite_vfs, &utest_suite_sysfs, &utest_suite_devmem,
};
#define NSUITES ((int)(sizeof(suites) / sizeof(suites[0])))

const char *utest_argv0;
unsigned long utest_brk0;

static const char *case_name;
static int case_failed;
static const char *case_skip;

void ut_print(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		write(1, buf, n);
}

/* Each line of msg as a KTAP diagnostic of the running case. */
void ut_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	case_failed = 1;
	ut_print("    # %s: EXPECTATION FAILED at %s:%d\n", case_name, file, line);
	for (char *l = strtok(msg, "\n"); l; l = strtok(NULL, "\n"))
		ut_print("    #     %s\n", l);
}

void ut_skip(const char *reason)
{
	case_skip = reason;
}

int ut_failed(void)
{
	return case_failed;
}

pid_t ut_fork(int (*fn)(void *arg), void *arg)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0)
		ut_fail(__FILE__, __LINE__, "fork failed: %s", strerror(errno));
	return pid;
}

int ut_wait(pid_t pid)
{
	int status = 0;
	pid_t got;

	do
		got = wait4(pid, &status, 0, NULL);
	while (got < 0 && errno == EINTR);
	if (got != pid) {
		ut_fail(__FILE__, __LINE__, "wait4(%d) returned %d: %s", pid, got, strerror(errno));
		return -1;
	}
	return status;
}

int ut_no_randomization(void)
{
	char c = '0';
	int fd = open("/proc/sys/kernel/randomize_va_space", O_RDONLY);

	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '0';
		close(fd);
	}
	return c == '0';        /* Atlas without /proc/sys: off, its default */
}

/* Returns 1 if the suite passed (skips count as passes, as in kunit). */
static int run_suite(const struct utest_suite *s, int n, int totals[3])
{
	int counts[3] = { 0, 0, 0 };   /* pass, fail, skip */

	ut_print("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", s->name, s->ncases);
	for (int i = 0; i < s->ncases; i++) {
		case_name = s->cases[i].name;
		case_failed = 0;
		case_skip = NULL;
		s->cases[i].run();
		if (case_skip && !case_failed) {
			ut_print("    ok %d %s # SKIP %s\n", i + 1, case_name, case_skip);
			counts[2]++;
		} else {
			ut_print("    %s %d %s\n", case_failed ? "not ok" : "ok", i + 1, case_name);
			counts[case_failed]++;
		}
	}
	ut_print("# %s: pass:%d fail:%d skip:%d total:%d\n", s->name, counts[0], counts[1],
		 counts[2], s->ncases);
	ut_print("%s %d %s\n", counts[1] ? "not ok" : "ok", n, s->name);
	for (int i = 0; i < 3; i++)
		totals[i] += counts[i];
	return !counts[1];
}

/* Is name in the comma-separated list (NULL: every name is)? */
static int in_list(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, len) && (p[len] == ',' || p[len] == '\0'))
			return 1;
	return !list;
}

int main(int argc, char **argv)
{
	const char *list = argc > 1 ? argv[1] : NULL;
	int totals[3] = { 0, 0, 0 }, n = 0, nrun = 0, ok = 1;

	if (argc == 3 && !strcmp(argv[1], "--exit"))
		return atoi(argv[2]);
	utest_argv0 = argv[0];
	utest_brk0 = syscall(SYS_brk, 0);
	for (int i = 0; i < NSUITES; i++) {
		if (list && !strcmp(list, "list"))
			ut_print("  %-12s %d cases\n", suites[i]->name, suites[i]->ncases);
		nrun += in_list(list, suites[i]->name);
	}
	if (list && !strcmp(list, "list"))
		return 0;
	if (!nrun) {
		ut_print("utest: no suite named '%s' (utest list names them)\n", list);
		return 2;
	}
	ut_print("KTAP version 1\n1..%d\n", nrun);
	for (int i = 0; i < NSUITES; i++)
		if (in_list(list, suites[i]->name))
			ok &= run_suite(suites[i], ++n, totals);
	ut_print("# Totals: pass:%d fail:%d skip:%d total:%d\n", totals[0], totals[1], totals[2],
		 totals[0] + totals[1] + totals[2]);
	return ok ? 0 : 1;
}
