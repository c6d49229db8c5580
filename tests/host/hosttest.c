/*
 * The host test harness (see hosttest.h): test registry and runner, checks,
 * and the host versions of what the pure kernel code calls but does not
 * contain: printk/vprintk (into a capture buffer the tests inspect) and
 * sprint_symbol/sprint_backtrace over a fake symbol table.
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

#include <kernel/kallsyms.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <mm/page.h>

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

/* ---- printk capture ---- */

static char capture[1 << 16];
static size_t capture_len;
static int capture_nlines;

void printk_capture_reset(void)
{
	capture_len = 0;
	capture[0] = '\0';
	capture_nlines = 0;
}

const char *printk_capture(void)
{
	return capture;
}

int printk_capture_lines(void)
{
	return capture_nlines;
}

bool printk_capture_contains(const char *needle)
{
	return strstr(capture, needle) != NULL;
}

/* Print what was captured, each line indented and marked. */
static void show_capture(void)
{
	for (const char *p = capture; *p;) {
		size_t n = strcspn(p, "\n");

		printf("        | %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	fflush(stdout);
}

bool host_check_one_line(const char *file, int line, const char **needles)
{
	bool ok = capture_nlines == 1;

	for (const char **n = needles; *n; n++)
		ok = ok && printk_capture_contains(*n);
	if (ok)
		return true;
	host_fail(file, line, "expected one line containing \"%s\"%s; printk printed %d:",
		  needles[0] ? needles[0] : "", needles[0] && needles[1] ? " (and more)" : "",
		  capture_nlines);
	if (failures <= MAX_SHOWN_FAILURES)
		show_capture();
	return false;
}

/* Append one message (its level prefix already gone) to the capture. */
static void capture_add(const char *msg)
{
	size_t n = strlen(msg);

	for (const char *p = msg; (p = strchr(p, '\n')); p++)
		capture_nlines++;
	if (n > sizeof(capture) - 1 - capture_len)
		n = sizeof(capture) - 1 - capture_len;
	memcpy(capture + capture_len, msg, n);
	capture_len += n;
	capture[capture_len] = '\0';
	if (getenv("ATLAS_HOST_VERBOSE"))
		fprintf(stderr, "printk: %s", msg);
}

/* The host printk: the kernel's vsnprintf into the capture buffer. */
int vprintk(const char *fmt, va_list args)
{
	char small[1024], *msg = small;
	va_list ap;
	int n;

	va_copy(ap, args);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(small)) {
		msg = malloc(n + 1);
		if (!msg)
			abort();
		va_copy(ap, args);
		vsnprintf(msg, n + 1, fmt, ap);
		va_end(ap);
	}
	/* KERN_SOH and one level character, as the real printk strips them */
	capture_add(msg[0] == KERN_SOH[0] && msg[1] ? msg + 2 : msg);
	if (msg != small)
		free(msg);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* ---- fake symbol table ---- */

struct fake_sym {
	const char *name;
	unsigned long addr, size;
};

static const struct fake_sym fake_syms[] = {
	{ "fake_func", FAKE_FUNC_ADDR, FAKE_FUNC_SIZE },
	{ "other_func", OTHER_FUNC_ADDR, OTHER_FUNC_SIZE },
};

const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset)
{
	for (size_t i = 0; i < sizeof(fake_syms) / sizeof(fake_syms[0]); i++) {
		const struct fake_sym *s = &fake_syms[i];

		if (addr >= s->addr && addr - s->addr < s->size) {
			*size = s->size;
			*offset = addr - s->addr;
			return s->name;
		}
	}
	return NULL;
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (size_t i = 0; i < sizeof(fake_syms) / sizeof(fake_syms[0]); i++)
		if (!strcmp(fake_syms[i].name, name))
			return fake_syms[i].addr;
	return 0;
}

/* Linux's __sprint_symbol: look up addr - sub, print the offset of addr. */
static int fake_sprint(char *buf, size_t size, unsigned long addr, bool with_offset,
		       unsigned long sub)
{
	unsigned long symsize, offset;
	const char *name = kallsyms_lookup(addr - sub, &symsize, &offset);

	if (!name)
		return libc_snprintf(buf, size, "0x%lx", addr);
	if (!with_offset)
		return libc_snprintf(buf, size, "%s", name);
	/* "0x%lx", not "%#lx": Linux prints "+0x0/0x40" for a symbol's first byte */
	return libc_snprintf(buf, size, "%s+0x%lx/0x%lx", name, offset + sub, symsize);
}

int sprint_symbol(char *buf, size_t size, unsigned long addr, bool with_offset)
{
	return fake_sprint(buf, size, addr, with_offset, 0);
}

int sprint_backtrace(char *buf, size_t size, unsigned long addr)
{
	return fake_sprint(buf, size, addr, true, 1);
}

/*
 * ---- the fake vmemmap ----
 * pfn_to_page() on the host indexes host_vmemmap (include/mm/page.h); tests of
 * mm/ code point it at an array of their own.  Defined here, once for every
 * test binary; weak, so a test file that defines it too still links.
 */
__attribute__((weak)) struct page *host_vmemmap;

/* Every pfn of a fake vmemmap has its struct page (tests bound their pfns themselves). */
__attribute__((weak)) bool pfn_valid(unsigned long pfn)
{
	return true;
}

/* ---- random numbers: splitmix64 (Steele, Lea, Flood 2014) ---- */

static uint64_t rng_state = 1;

void host_srand(uint64_t seed)
{
	rng_state = seed;
}

uint64_t host_rand(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t host_rand_below(uint64_t n)
{
	return host_rand() % n;
}

/*
 * ---- glibc's formatter ----
 * Keep this section last: it undoes host.h's renames for the rest of the
 * file, so "vsnprintf" below is the C library's (nm shows it undefined in
 * every test binary, beside the defined atlas_vsnprintf).
 */
#undef vsnprintf
#undef snprintf
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

int libc_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

int libc_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = libc_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
