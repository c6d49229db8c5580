/*
 * Command-line parsing, as Linux's next_arg() in lib/cmdline.c and
 * kernel/params.c: split at spaces outside double quotes; a quote may enclose
 * the whole parameter ("key=a b") or just its value (key="a b"); quotes are
 * removed.  Pure code, also compiled for the host tests.
 */
#define pr_fmt(fmt) "cmdline: " fmt

#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

struct cmdline boot_cmdline;

/*
 * Split the next parameter off args (modified in place): sets *key and *val
 * (NULL for a flag) and returns where the rest starts, or NULL on an
 * unterminated quote.
 */
static char *next_arg(char *args, const char **key, const char **val)
{
	bool in_quote = false;
	char *eq = NULL, *p = args, *out = args;

	for (; *p && (in_quote || !isspace_k(*p)); p++) {
		if (*p == '"') {
			in_quote = !in_quote;
			continue;       /* drop the quote */
		}
		if (*p == '=' && !eq)
			eq = out;
		*out++ = *p;
	}
	if (in_quote)
		return NULL;
	if (*p)
		p++;
	*out = '\0';
	*key = args;
	*val = NULL;
	if (eq) {
		*eq = '\0';
		*val = eq + 1;
	}
	while (isspace_k(*p))
		p++;
	return p;
}

/* The position of the first byte that is neither printable ASCII nor a space, or -1. */
static int first_bad_byte(const char *s)
{
	for (size_t i = 0; s[i]; i++)
		if (!isprint_k((unsigned char)s[i]) && !isspace_k((unsigned char)s[i]))
			return (int)i;
	return -1;
}

/*
 * Cut raw where the line cannot be used (a bad byte, the size limit) and
 * report the first of the two, if any; returns its errno or 0.
 */
static int cmdline_copy(struct cmdline *cl, const char *src)
{
	size_t len = strlen(src);
	int bad = first_bad_byte(src);

	strscpy(cl->raw, src, sizeof(cl->raw));
	if (bad >= 0 && bad < COMMAND_LINE_SIZE - 1) {
		cl->raw[bad] = '\0';
		pr_err("byte 0x%02x at position %d is not printable ASCII; command line ignored from there\n",
		       (unsigned char)src[bad], bad);
		return -EINVAL;
	}
	if (len >= COMMAND_LINE_SIZE) {
		pr_err("command line of %zu characters is too long: only the first %d are used\n",
		       len, COMMAND_LINE_SIZE - 1);
		return -E2BIG;
	}
	return 0;
}

/* One line at most: a problem found after an earlier one goes unreported. */
int cmdline_parse(struct cmdline *cl, const char *src)
{
	int err = cmdline_copy(cl, src);
	char *p;

	cl->nparams = 0;
	memcpy(cl->buf, cl->raw, sizeof(cl->buf));
	for (p = cl->buf; isspace_k(*p); p++)
		;
	while (*p) {
		struct cmdline_param *prm = &cl->params[cl->nparams];

		if (cl->nparams == CMDLINE_MAX_PARAMS) {
			/* name the first one left out: the rest may hold newlines */
			int word = 0;

			while (p[word] && !isspace_k(p[word]))
				word++;
			if (!err)
				pr_err("more than %d parameters: ignoring \"%.*s\" and the rest\n",
				       CMDLINE_MAX_PARAMS, word, p);
			return err ?: -ENOSPC;
		}
		p = next_arg(p, &prm->key, &prm->val);
		if (!p) {
			/* a quote left open by cutting the line was reported already */
			if (!err)
				pr_err("unterminated quote in parameter %u: it and the rest are ignored\n",
				       cl->nparams + 1);
			return err ?: -EINVAL;
		}
		cl->nparams++;
	}
	return err;
}

const struct cmdline_param *cmdline_find(const struct cmdline *cl, const char *key)
{
	/* the last one wins, as when Linux's handlers see a key twice */
	for (unsigned int i = cl->nparams; i-- > 0;)
		if (!strcmp(cl->params[i].key, key))
			return &cl->params[i];
	return NULL;
}

const char *cmdline_get(const struct cmdline *cl, const char *key)
{
	const struct cmdline_param *p = cmdline_find(cl, key);

	if (!p)
		return NULL;
	return p->val ? p->val : "";
}

bool cmdline_list_contains(const char *list, const char *item)
{
	size_t n = strlen(item);

	while (list && *list) {
		const char *comma = strchr(list, ',');
		size_t len = comma ? (size_t)(comma - list) : strlen(list);

		if (len == n && !strncmp(list, item, n))
			return true;
		list = comma ? comma + 1 : NULL;
	}
	return false;
}

static bool cmdline_known(const char *key, const struct kernel_param *known, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(known[i].name, key))
			return true;
	return false;
}

int cmdline_unknown(const struct cmdline *cl, const struct kernel_param *known, size_t n,
		    char *buf, size_t size)
{
	size_t len = 0;
	int count = 0;

	if (size)
		buf[0] = '\0';
	/* two passes, as Linux: flags (its argv for init), then name=value (its envp) */
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned int i = 0; i < cl->nparams; i++) {
			const struct cmdline_param *p = &cl->params[i];
			bool flag = !p->val;

			if (flag != (pass == 0) || cmdline_known(p->key, known, n))
				continue;
			if (size)
				len += scnprintf(buf + len, size - len, "%s%s%s%s", count ? " " : "",
						 p->key, flag ? "" : "=", flag ? "" : p->val);
			count++;
		}
	}
	return count;
}

/* cmdline: the line as given, then each parameter as parsed. */
static int cmdline_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", boot_cmdline.raw);
	for (unsigned int i = 0; i < boot_cmdline.nparams; i++) {
		const struct cmdline_param *p = &boot_cmdline.params[i];

		if (p->val)
			seq_printf(m, "  %s = \"%s\"\n", p->key, p->val);
		else
			seq_printf(m, "  %s\n", p->key);
	}
	return 0;
}
MONITOR_SHOW(cmdline, "show the kernel command line and its parameters", cmdline_show);
