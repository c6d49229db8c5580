/*
 * The KUnit-style test runner: walks the suites in .kunit_test_suites and
 * prints KTAP version 1.  Each case runs under try_catch_fault(), so an
 * assertion (try_catch_throw) or an unexpected oops ends only that case.
 *
 * Output shape (as Linux's KUnit):
 *     KTAP version 1
 *     1..2
 *         KTAP version 1
 *         # Subtest: printk
 *         1..3
 *         ok 1 printk_formats_decimal
 *         # printk_formats_hex: EXPECTATION FAILED at tests/printk.c:40
 *         # Expected buf == "0x1f", but
 *         #     buf == "1f"
 *         #     "0x1f" == "0x1f"
 *         not ok 2 printk_formats_hex
 *     # printk: pass:2 fail:1 skip:0 total:3
 *     not ok 1 printk
 *     # Totals: pass:2 fail:1 skip:0 total:3
 *
 * The runner runs on CPU 0 (from start_kernel or the monitor), so its state
 * takes no lock; a case that wants other CPUs uses run_on_each_cpu or
 * smp_call_on_cpu and reports from CPU 0.  After each case, no spinlock may
 * be held (lockdep_check_no_locks_held): one left held fails the case and is
 * released.
 */
#include <asm/processor.h>
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/sprintf.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/traps.h>
#include <mm/mm.h>
#include <mm/pgtable.h>
#include <mm/gfp.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <mm/vmstat.h>

extern struct kunit_suite *const __kunit_suites_start[];
extern struct kunit_suite *const __kunit_suites_end[];

#define for_each_suite(s) \
	for (struct kunit_suite *const *s = __kunit_suites_start; s < __kunit_suites_end; s++)

struct totals {
	int pass, fail, skip;
};

void kunit_log_diag(struct kunit *test, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk(KERN_INFO "    # %s\n", buf);
}

static void fail_header(struct kunit *test, const char *file, int line, bool assert)
{
	test->status = KUNIT_FAILURE;
	kunit_log_diag(test, "%s: %s FAILED at %s:%d", test->name,
		       assert ? "ASSERTION" : "EXPECTATION", file, line);
}

void kunit_fail_binary(struct kunit *test, const char *file, int line, bool assert,
		       const char *left, const char *op, const char *right,
		       long long lv, long long rv)
{
	fail_header(test, file, line, assert);
	kunit_log_diag(test, "Expected %s %s %s, but", left, op, right);
	kunit_log_diag(test, "    %s == %lld (%#llx)", left, lv, (unsigned long long)lv);
	kunit_log_diag(test, "    %s == %lld (%#llx)", right, rv, (unsigned long long)rv);
}

void kunit_fail_str(struct kunit *test, const char *file, int line, bool assert,
		    const char *left, const char *op, const char *right,
		    const char *lv, const char *rv)
{
	fail_header(test, file, line, assert);
	kunit_log_diag(test, "Expected %s %s %s, but", left, op, right);
	kunit_log_diag(test, "    %s == \"%s\"", left, lv ? lv : "(null)");
	kunit_log_diag(test, "    %s == \"%s\"", right, rv ? rv : "(null)");
}

void kunit_fail_msg(struct kunit *test, const char *file, int line, bool assert,
		    const char *what)
{
	fail_header(test, file, line, assert);
	kunit_log_diag(test, "%s", what);
}

void kunit_abort(struct kunit *test)
{
	try_catch_throw();
}

void kunit_skip(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(test->skip_reason, sizeof(test->skip_reason), fmt, ap);
	va_end(ap);
	test->status = KUNIT_SKIPPED;
	try_catch_throw();
}

struct case_ctx {
	struct kunit_suite *suite;
	struct kunit_case *tc;
	struct kunit *test;
};

static void run_case_body(void *arg)
{
	struct case_ctx *c = arg;

	if (c->suite->init && c->suite->init(c->test)) {
		kunit_fail_msg(c->test, __FILE__, __LINE__, true, "suite init failed");
		return;
	}
	c->tc->run_case(c->test);
	if (c->suite->exit)
		c->suite->exit(c->test);
}

/*
 * What a case must leave as it found it, or it leaked: the pages allocated
 * and not freed, less those that became page tables (a case may map
 * something new, and page tables stay).  One change is no leak: pages that
 * slab took or gave back while the bytes of its objects in use stayed the
 * same -- an object freed and another allocated (a driver bound afresh)
 * may land in another slab page.
 */
struct usage {
	long pages;
	long slab_pages;
	long slab_bytes;
};

/* A task the case reaped may still be leaving another CPU (its stack not yet freed): wait, 1 s at most. */
static void wait_for_dying_tasks(void)
{
	u64 end = READ_ONCE(jiffies) + HZ;

	while (__atomic_load_n(&nr_dying_tasks, __ATOMIC_ACQUIRE) > 0 &&
	       (s64)(READ_ONCE(jiffies) - end) < 0)
		cpu_relax();
}

static void usage_now(struct usage *u)
{
	wait_for_dying_tasks();
	vm_unmap_aliases();             /* settle vfree's lazily freed areas first, */
	kmem_cache_shrink_all();        /* and the CPUs' slabs and the empty ones caches keep, */
	drain_all_pages(NULL);          /* and the pages on the per-CPU lists */
	u->pages = (long)(totalram_pages() - nr_free_pages()) - (long)nr_pagetable_pages;
	u->slab_pages = (long)global_node_page_state(NR_SLAB_UNRECLAIMABLE);
	u->slab_bytes = (long)kmem_cache_bytes_in_use();
}

/* Pages the case leaked (< 0: freed), 0 when only its slab objects moved. */
static long pages_leaked(const struct usage *before, const struct usage *after)
{
	long pages = after->pages - before->pages;

	if (pages == after->slab_pages - before->slab_pages &&
	    after->slab_bytes == before->slab_bytes)
		return 0;
	return pages;
}

static enum kunit_status run_case(struct kunit_suite *suite, struct kunit_case *tc, int n)
{
	struct kunit test = { .name = tc->name, .status = KUNIT_SUCCESS };
	struct case_ctx ctx = { suite, tc, &test };
	struct fault_record rec;
	struct usage before, after;
	long pages;

	usage_now(&before);

	if (try_catch_fault(run_case_body, &ctx, &rec, true) == -EFAULT) {
		test.status = KUNIT_FAILURE;
		kunit_log_diag(&test, "%s: %s at %pS (address %#lx): case ended", tc->name,
			       exception_name(rec.vector), (void *)rec.ip, rec.address);
	}
	if (lockdep_check_no_locks_held("test runner", tc->name) && test.status != KUNIT_SKIPPED) {
		test.status = KUNIT_FAILURE;
		kunit_log_diag(&test, "%s: returned with a spinlock held", tc->name);
	}
	usage_now(&after);
	pages = pages_leaked(&before, &after);
	if (pages && test.status == KUNIT_SUCCESS) {
		test.status = KUNIT_FAILURE;
		kunit_log_diag(&test, "%s: %s %ld pages", tc->name,
			       pages > 0 ? "leaked" : "freed", pages > 0 ? pages : -pages);
	}
	if (test.status == KUNIT_SKIPPED)
		printk(KERN_INFO "    ok %d %s # SKIP %s\n", n, tc->name, test.skip_reason);
	else
		printk(KERN_INFO "    %s %d %s\n", test.status == KUNIT_SUCCESS ? "ok" : "not ok",
		       n, tc->name);
	return test.status;
}

static int count_cases(const struct kunit_suite *s)
{
	int n = 0;

	while (s->test_cases[n].run_case)
		n++;
	return n;
}

/*
 * The list a run is given: comma-separated entries, each a suite's name
 * ("buddy": all its cases) or a suite's name, a dot and a glob of case names
 * ("buddy.buddy_free_*": those cases), as Linux's kunit.filter_glob; empty
 * or NULL: every case of every suite.
 */
struct entry {
	const char *suite;              /* the suite's name, suite_len bytes */
	size_t suite_len;
	const char *glob;               /* the case glob, glob_len bytes (NULL: every case) */
	size_t glob_len;
};

/* The entry at *list (advancing past it and its comma); false at the end of the list. */
static bool next_entry(const char **list, struct entry *e)
{
	const char *p = *list, *comma, *dot;
	size_t len;

	while (p && *p == ',')
		p++;
	if (!p || !*p)
		return false;
	comma = strchr(p, ',');
	len = comma ? (size_t)(comma - p) : strlen(p);
	dot = strchr(p, '.');
	if (dot && dot >= p + len)
		dot = NULL;
	e->suite = p;
	e->suite_len = dot ? (size_t)(dot - p) : len;
	e->glob = dot ? dot + 1 : NULL;
	e->glob_len = dot ? len - e->suite_len - 1 : 0;
	*list = comma ? comma + 1 : NULL;
	return true;
}

/*
 * Does the glob pat[0..len) ('*' any run, '?' any one character) match all
 * of str?  As Linux's lib/glob.c: on a mismatch only the last '*' seen takes
 * one more character, so the time is bounded by len x strlen(str), whatever
 * the stars (trying every split of every star would take exponential time).
 */
static bool glob_match_n(const char *pat, size_t len, const char *str)
{
	const char *end = pat + len, *back_pat = NULL, *back_str = NULL;

	for (;;) {
		if (pat < end && *pat == '*') {
			back_pat = ++pat;       /* the star matches nothing, for now */
			back_str = str;
		} else if (pat < end && *str && (*pat == '?' || *pat == *str)) {
			pat++;
			str++;
		} else if (pat == end && !*str) {
			return true;
		} else if (back_pat && *back_str) {
			pat = back_pat;         /* the last star takes one more character */
			str = ++back_str;
		} else {
			return false;
		}
	}
}

static bool entry_is_suite(const struct entry *e, const struct kunit_suite *s)
{
	return strlen(s->name) == e->suite_len && !strncmp(s->name, e->suite, e->suite_len);
}

static bool entry_selects(const struct entry *e, const struct kunit_suite *s,
			  const struct kunit_case *tc)
{
	return entry_is_suite(e, s) && (!e->glob || glob_match_n(e->glob, e->glob_len, tc->name));
}

static bool case_selected(const char *list, const struct kunit_suite *s, const struct kunit_case *tc)
{
	struct entry e;

	if (!list || !*list)
		return true;
	while (next_entry(&list, &e))
		if (entry_selects(&e, s, tc))
			return true;
	return false;
}

static int count_selected(const struct kunit_suite *s, const char *list)
{
	int n = 0;

	for (const struct kunit_case *tc = s->test_cases; tc->run_case; tc++)
		n += case_selected(list, s, tc);
	return n;
}

static bool run_suite(struct kunit_suite *s, int n, const char *list, struct totals *all)
{
	struct totals t = { 0, 0, 0 };
	int ncases = count_selected(s, list), i = 0;

	printk(KERN_INFO "    KTAP version 1\n");
	printk(KERN_INFO "    # Subtest: %s\n", s->name);
	printk(KERN_INFO "    1..%d\n", ncases);
	for (struct kunit_case *tc = s->test_cases; tc->run_case; tc++) {
		enum kunit_status st;

		if (!case_selected(list, s, tc))
			continue;
		st = run_case(s, tc, ++i);
		if (st == KUNIT_SUCCESS)
			t.pass++;
		else if (st == KUNIT_FAILURE)
			t.fail++;
		else
			t.skip++;
	}
	printk(KERN_INFO "# %s: pass:%d fail:%d skip:%d total:%d\n", s->name,
	       t.pass, t.fail, t.skip, ncases);
	printk(KERN_INFO "%s %d %s\n", t.fail ? "not ok" : "ok", n, s->name);
	all->pass += t.pass;
	all->fail += t.fail;
	all->skip += t.skip;
	return t.fail == 0;
}

/* What is wrong with an entry: NULL, "no such suite" or "no such case". */
static const char *entry_problem(const struct entry *e)
{
	for_each_suite(s) {
		if (!entry_is_suite(e, *s))
			continue;
		for (const struct kunit_case *tc = (*s)->test_cases; tc->run_case; tc++)
			if (entry_selects(e, *s, tc))
				return NULL;
		return "no such case";
	}
	return "no such suite";
}

/*
 * Call fn(entry, problem) for each entry of the list that names no suite or
 * selects no case (empty entries are skipped); returns how many there were.
 */
static int for_each_unknown(const char *list, void (*fn)(const struct entry *e, const char *why,
							  int *n), int *n)
{
	struct entry e;
	int count = 0;

	while (next_entry(&list, &e)) {
		const char *why = entry_problem(&e);

		if (why) {
			count++;
			fn(&e, why, n);
		}
	}
	return count;
}

static int entry_len(const struct entry *e)
{
	return (int)(e->suite_len + (e->glob ? 1 + e->glob_len : 0));
}

/* "no suite named 'x'" or "no case of suite 'x' matches 'y'", into buf. */
static const char *describe_problem(char *buf, size_t size, const struct entry *e, const char *why)
{
	if (!strcmp(why, "no such suite"))
		scnprintf(buf, size, "no suite named '%.*s'", entry_len(e), e->suite);
	else
		scnprintf(buf, size, "no case of suite '%.*s' matches '%.*s'", (int)e->suite_len,
			  e->suite, (int)e->glob_len, e->glob);
	return buf;
}

static void report_unknown(const struct entry *e, const char *why, int *n)
{
	char buf[160];

	printk(KERN_ERR "selftest: %s (selftest=list names them)\n",
	       describe_problem(buf, sizeof(buf), e, why));
}

/* An unknown name is a failed test of its own: "not ok 3 nosuch # no such suite". */
static void ktap_unknown(const struct entry *e, const char *why, int *n)
{
	printk(KERN_INFO "not ok %d %.*s # %s\n", ++*n, entry_len(e), e->suite, why);
}

int kunit_run(const char *list, unsigned int repeat)
{
	struct totals all = { 0, 0, 0 };
	int nsuites = 0, n = 0, unknown = for_each_unknown(list, report_unknown, NULL);

	for_each_suite(s)
		nsuites += count_selected(*s, list) > 0;
	printk(KERN_INFO "KTAP version 1\n");
	printk(KERN_INFO "1..%d\n", (nsuites + unknown) * repeat);
	for (unsigned int r = 0; r < repeat; r++) {
		for_each_suite(s)
			if (count_selected(*s, list))
				run_suite(*s, ++n, list, &all);
		for_each_unknown(list, ktap_unknown, &n);
	}
	printk(KERN_INFO "# Totals: pass:%d fail:%d skip:%d total:%d\n",
	       all.pass, all.fail, all.skip, all.pass + all.fail + all.skip);
	return all.fail + unknown * repeat;
}

int kunit_run_all(const char *list)
{
	return kunit_run(list, 1);
}

const char *kunit_entry_problem(const char *entry, char *buf, size_t size)
{
	struct entry e;
	const char *why;

	if (!next_entry(&entry, &e) || entry)
		return "not one entry";
	why = entry_problem(&e);
	return why ? describe_problem(buf, size, &e, why) : NULL;
}

KERNEL_PARAM("selftest", "run the self-tests at boot (selftest=SUITE[.CASE_GLOB],... some; =list names them)");
KERNEL_PARAM("selftest.repeat", "run them N times in one boot (1 to 10)");

/* selftest.repeat=N: 1 to KUNIT_MAX_REPEAT, else one line and 1. */
static unsigned int selftest_repeat(void)
{
	const char *val = cmdline_get(&boot_cmdline, "selftest.repeat");
	unsigned int n;

	if (!val)
		return 1;
	if (kstrtouint(val, 10, &n) || n < 1 || n > KUNIT_MAX_REPEAT) {
		pr_err("selftest.repeat=%s: not a number from 1 to %d; running once\n", val,
		       KUNIT_MAX_REPEAT);
		return 1;
	}
	return n;
}

int kunit_run_boot(void)
{
	const char *list = cmdline_get(&boot_cmdline, "selftest");

	if (list && !strcmp(list, "list")) {
		for_each_suite(s)
			printk(KERN_INFO "  %-12s %d cases\n", (*s)->name, count_cases(*s));
		return 0;
	}
	return kunit_run(list, selftest_repeat());
}

/* selftest [SUITE[.CASE_GLOB],...|list]: run suites or cases (KTAP through printk) or name them. */
static int selftest_cmd(struct seq_file *m, int argc, char **argv)
{
	char list[MONITOR_LINE_MAX], *p = list, *name;

	if (argc > 2)
		return -EINVAL;
	if (argc == 2 && !strcmp(argv[1], "list")) {
		for_each_suite(s)
			seq_printf(m, "  %-12s %d cases\n", (*s)->name, count_cases(*s));
		return 0;
	}
	if (argc == 2) {
		int entries = 0;

		strscpy(list, argv[1], sizeof(list));
		while ((name = p) != NULL) {
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
			if (!*name)
				continue;       /* an empty entry, as kunit_run skips it */
			char buf[160];
			const char *why = kunit_entry_problem(name, buf, sizeof(buf));

			if (why) {
				seq_printf(m, "selftest: %s (try 'selftest list')\n", why);
				return -ENOENT;
			}
			entries++;
		}
		if (!entries) {
			seq_printf(m, "selftest: '%s' names no suite (try 'selftest list')\n", argv[1]);
			return -ENOENT;
		}
	}
	return kunit_run_all(argc == 2 ? argv[1] : NULL) ? -EIO : 0;
}
MONITOR_CMD(selftest, "[SUITE[.CASE],...|list]", "run the self-tests (KTAP output)", selftest_cmd);
