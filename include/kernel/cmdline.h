/*
 * The kernel command line: "key=value" parameters and bare flags separated by
 * spaces, with double quotes around values that contain spaces, as Linux's
 * kernel/params.c parses it (next_arg()).  Examples:
 *     selftest=printk,e820   run="e820;dmesg"   "run=walk 0x1000"
 */
#ifndef ATLAS_KERNEL_CMDLINE_H
#define ATLAS_KERNEL_CMDLINE_H

#include <kernel/types.h>

#define COMMAND_LINE_SIZE 2048          /* Linux x86's */
#define CMDLINE_MAX_PARAMS 64

struct cmdline_param {
	const char *key;
	const char *val;                /* NULL for a bare flag */
};

struct cmdline {
	char buf[COMMAND_LINE_SIZE];    /* the parsed copy; params point into it */
	char raw[COMMAND_LINE_SIZE];    /* the line as given (perhaps truncated) */
	unsigned int nparams;
	struct cmdline_param params[CMDLINE_MAX_PARAMS];
};

/*
 * Parse src into cl.  Returns 0, or a negative errno after printing one line
 * naming the problem: -E2BIG (longer than COMMAND_LINE_SIZE - 1: the rest is
 * ignored), -ENOSPC (more than CMDLINE_MAX_PARAMS), -EINVAL (an unterminated
 * quote, or a byte that is not printable ASCII).  What could be parsed is kept.
 */
int cmdline_parse(struct cmdline *cl, const char *src);

/* The parameter called key: NULL if absent. */
const struct cmdline_param *cmdline_find(const struct cmdline *cl, const char *key);

/* key's value; "" for a bare flag, NULL if absent. */
const char *cmdline_get(const struct cmdline *cl, const char *key);

/* Whether a comma-separated list ("a,b,c") contains item. */
bool cmdline_list_contains(const char *list, const char *item);

/* The kernel's own command line, parsed at boot. */
extern struct cmdline boot_cmdline;

#endif
