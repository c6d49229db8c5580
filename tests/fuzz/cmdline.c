/*
 * Fuzzing kernel/cmdline.c: the input is a kernel command line (cut at its
 * first NUL, as GRUB's string would be).  cmdline_parse must return 0 with
 * nothing printed, or one of its errors with exactly one line (its
 * contract); every parameter must point into the parsed copy, with its
 * quotes removed; the last parameter of each name (as in Linux) is the one
 * cmdline_find and cmdline_get return; and the raw copy is a prefix of the
 * input.
 */
#include <errno.h>

#include <kernel/cmdline.h>

#include "fuzz.h"

static struct cmdline cl;

static bool inside(const struct cmdline *c, const char *s)
{
	return s >= c->buf && s < c->buf + sizeof(c->buf) &&
	       memchr(s, '\0', c->buf + sizeof(c->buf) - s);
}

static void check_param(const struct cmdline *c, unsigned int i)
{
	const struct cmdline_param *p = &c->params[i], *f;
	const char *got;

	FUZZ_ASSERT(inside(c, p->key) && (!p->val || inside(c, p->val)), "param %u outside", i);
	FUZZ_ASSERT(!strchr(p->key, '"') && (!p->val || !strchr(p->val, '"')),
		    "param %u keeps a quote: %s=%s", i, p->key, p->val ? p->val : "(flag)");
	f = cmdline_find(c, p->key);
	FUZZ_ASSERT(f && f >= p && !strcmp(f->key, p->key), "cmdline_find(\"%s\")", p->key);
	got = cmdline_get(c, p->key);
	FUZZ_ASSERT(got && !strcmp(got, f->val ? f->val : ""), "cmdline_get(\"%s\")", p->key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = fuzz_string(data, size);
	int rc, lines;

	printk_capture_reset();
	rc = cmdline_parse(&cl, src);
	lines = printk_capture_lines();
	FUZZ_ASSERT(rc == 0 || rc == -E2BIG || rc == -ENOSPC || rc == -EINVAL, "returned %d", rc);
	FUZZ_ASSERT(rc ? lines == 1 : lines == 0, "returned %d after %d lines:\n%s", rc, lines,
		    printk_capture());
	FUZZ_ASSERT(cl.nparams <= CMDLINE_MAX_PARAMS, "%u params", cl.nparams);
	FUZZ_ASSERT(memchr(cl.raw, '\0', sizeof(cl.raw)) && !strncmp(cl.raw, src, strlen(cl.raw)),
		    "raw copy \"%.40s\" is not a prefix of the input", cl.raw);
	for (unsigned int i = 0; i < cl.nparams; i++)
		check_param(&cl, i);
	free(src);
	return 0;
}
