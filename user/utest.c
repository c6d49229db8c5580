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
 *   utest SUITE.GLOB,...  run the cases of SUITE whose names match GLOB
 *                         (fnmatch: * and ?), as the kernel's selftest does
 *   utest --exit N        exit with status N at once (for the posix_spawn case)
 *
 * The exit status is 0 if every case passed, 1 otherwise, 2 when an entry
 * of the list names no suite or selects no case.
 */
#include <fnmatch.h>
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
	utest_suite_fuzz, utest_suite_vfs, utest_suite_sysfs, utest_suite_devmem,
	utest_suite_uio;

static const struct utest_suite *const suites[] = {
	&utest_suite_process, &utest_suite_memory, &utest_suite_files,
	&utest_suite_signals, &utest_suite_sigframe, &utest_suite_time, &utest_suite_tty, &utest_suite_fuzz,
	&utest_suite_vfs, &utest_suite_sysfs, &utest_suite_devmem, &utest_suite_uio,
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

/*
 * Does one entry of a list (len bytes at p: "suite" or "suite.CASE_GLOB",
 * fnmatch's globs) select this case?
 */
static int entry_selects(const char *p, size_t len, const char *suite, const char *name)
{
	const char *dot = memchr(p, '.', len);
	size_t slen = dot ? (size_t)(dot - p) : len;
	char *glob;
	int match;

	if (strlen(suite) != slen || strncmp(p, suite, slen))
		return 0;
	if (!dot)
		return 1;
	glob = strndup(dot + 1, len - slen - 1);
	match = glob && !fnmatch(glob, name, FNM_NOESCAPE);
	free(glob);
	return match;
}

/* The next entry of a comma-separated list: its length, and *p moved past it and its comma. */
static size_t next_entry(const char **p, const char **entry)
{
	size_t len = strcspn(*p, ",");

	*entry = *p;
	*p = (*p)[len] ? *p + len + 1 : NULL;
	return len;
}

/*
 * Does the list select this case?  The list is comma-separated entries, each
 * a suite's name (all its cases) or "suite.CASE_GLOB", as the kernel's
 * selftest takes them (empty entries are skipped); NULL selects every case.
 */
static int selects(const char *list, const char *suite, const char *name)
{
	const char *entry;

	if (!list)
		return 1;
	for (const char *p = list; p;) {
		size_t len = next_entry(&p, &entry);

		if (len && entry_selects(entry, len, suite, name))
			return 1;
	}
	return 0;
}

static int count_selected(const char *list, const struct utest_suite *s)
{
	int n = 0;

	for (int i = 0; i < s->ncases; i++)
		n += selects(list, s->name, s->cases[i].name);
	return n;
}

/* Each entry of the list must select a case, and there must be one: else one line and 0. */
static int list_is_known(const char *list)
{
	const char *entry;
	int ok = 1, entries = 0;

	for (const char *p = list; p;) {
		size_t len = next_entry(&p, &entry), slen = strcspn(entry, ".,");
		int suite_known = 0, selected = 0;

		if (!len)
			continue;
		entries++;
		for (int i = 0; i < NSUITES; i++) {
			if (strlen(suites[i]->name) != slen || strncmp(entry, suites[i]->name, slen))
				continue;
			suite_known = 1;
			for (int k = 0; k < suites[i]->ncases; k++)
				selected += entry_selects(entry, len, suites[i]->name,
							  suites[i]->cases[k].name);
		}
		if (!selected && suite_known && slen < len)
			ut_print("utest: no case of suite '%.*s' matches '%.*s' (utest list names them)\n",
				 (int)slen, entry, (int)(len - slen - 1), entry + slen + 1);
		else if (!selected)
			ut_print("utest: no suite named '%.*s' (utest list names them)\n", (int)len, entry);
		ok &= selected > 0;
	}
	if (!entries)
		ut_print("utest: '%s' names no suite (utest list names them)\n", list);
	return ok && entries;
}

/* Returns 1 if the suite passed (skips count as passes, as in kunit). */
static int run_suite(const struct utest_suite *s, const char *list, int n, int totals[3])
{
	int counts[3] = { 0, 0, 0 };   /* pass, fail, skip */
	int ncases = count_selected(list, s), k = 0;

	ut_print("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", s->name, ncases);
	for (int i = 0; i < s->ncases; i++) {
		if (!selects(list, s->name, s->cases[i].name))
			continue;
		k++;
		case_name = s->cases[i].name;
		case_failed = 0;
		case_skip = NULL;
		s->cases[i].run();
		if (case_skip && !case_failed) {
			ut_print("    ok %d %s # SKIP %s\n", k, case_name, case_skip);
			counts[2]++;
		} else {
			ut_print("    %s %d %s\n", case_failed ? "not ok" : "ok", k, case_name);
			counts[case_failed]++;
		}
	}
	ut_print("# %s: pass:%d fail:%d skip:%d total:%d\n", s->name, counts[0], counts[1],
		 counts[2], ncases);
	ut_print("%s %d %s\n", counts[1] ? "not ok" : "ok", n, s->name);
	for (int i = 0; i < 3; i++)
		totals[i] += counts[i];
	return !counts[1];
}

int main(int argc, char **argv)
{
	const char *list = argc > 1 ? argv[1] : NULL;
	int totals[3] = { 0, 0, 0 }, n = 0, nrun = 0, ok = 1;

	if (argc == 3 && !strcmp(argv[1], "--exit"))
		return atoi(argv[2]);
	utest_argv0 = argv[0];
	utest_brk0 = syscall(SYS_brk, 0);
	if (list && !strcmp(list, "list")) {
		for (int i = 0; i < NSUITES; i++)
			ut_print("  %-12s %d cases\n", suites[i]->name, suites[i]->ncases);
		return 0;
	}
	if (list && !list_is_known(list))
		return 2;
	for (int i = 0; i < NSUITES; i++)
		nrun += count_selected(list, suites[i]) > 0;
	ut_print("KTAP version 1\n1..%d\n", nrun);
	for (int i = 0; i < NSUITES; i++)
		if (count_selected(list, suites[i]))
			ok &= run_suite(suites[i], list, ++n, totals);
	ut_print("# Totals: pass:%d fail:%d skip:%d total:%d\n", totals[0], totals[1], totals[2],
		 totals[0] + totals[1] + totals[2]);
	return ok ? 0 : 1;
}
