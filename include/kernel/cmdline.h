/*
 * The kernel command line: "key=value" parameters and bare flags separated by
 * spaces, with double quotes around values that contain spaces, as Linux's
 * kernel/params.c parses it (next_arg()).  Examples:
 *     selftest=printk,e820   run="e820;dmesg"   "run=walk 0x1000"
 */
#ifndef ATLAS_KERNEL_CMDLINE_H
#define ATLAS_KERNEL_CMDLINE_H

#include <kernel/compiler.h>
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

/*
 * The parameters the kernel takes.  Each file declares the ones it reads,
 * where it reads them, as Linux's __setup() and early_param() do (in the
 * .init.setup section); the kernel reports the rest at boot:
 *
 *     KERNEL_PARAM("slub_debug", "poison and redzone every slab object");
 *     ...
 *     slub_debug = cmdline_find(&boot_cmdline, "slub_debug") != NULL;
 *
 * A declaration covers the name as a flag and as name=value.
 */
struct kernel_param {
	const char *name;
	const char *help;
};

#define __KERNEL_PARAM_ID(line) __kernel_param_##line
#define __KERNEL_PARAM(pname, phelp, line) \
	static const struct kernel_param __KERNEL_PARAM_ID(line) \
	__section(".init.setup") __used __aligned(8) = { .name = pname, .help = phelp }
#define KERNEL_PARAM(pname, phelp) __KERNEL_PARAM(pname, phelp, __LINE__)

/*
 * The parameters of cl that no entry of known[0..n) names, as Linux's
 * print_unknown_bootoptions() lists them: flags first, then name=value, each
 * as given, separated by spaces, into buf (cut to size).  Returns how many.
 */
int cmdline_unknown(const struct cmdline *cl, const struct kernel_param *known, size_t n,
		    char *buf, size_t size);

/*
 * Print Linux's line for the parameters nothing declared:
 *   Unknown kernel command line parameters "foo bar=1", will be passed to user space.
 * (Atlas has no user space yet: they are ignored.)  Nothing if all are known.
 */
void print_unknown_bootoptions(void);

/* The kernel's own command line, parsed at boot. */
extern struct cmdline boot_cmdline;

#endif
