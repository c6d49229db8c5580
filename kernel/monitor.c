/*
 * The serial monitor: read a line from COM1, split it into words, find the
 * command in the .monitor_cmds section and run it.  Bad input of any kind ends
 * in one error line and a new prompt.
 */
#include <asm/processor.h>
#include <drivers/serial.h>
#include <errno.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>

#define PROMPT "atlas> "

extern const struct monitor_cmd __monitor_cmds_start[];
extern const struct monitor_cmd __monitor_cmds_end[];

static struct line_editor editor;

void mprintf(const char *fmt, ...)
{
	static char buf[4096];          /* the monitor runs alone: one buffer is enough */
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	serial_write(buf, n);
}

static const struct monitor_cmd *find_cmd(const char *name)
{
	for (const struct monitor_cmd *c = __monitor_cmds_start; c < __monitor_cmds_end; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int monitor_exec(const char *line)
{
	char buf[MONITOR_LINE_MAX];
	char *argv[MONITOR_MAX_ARGS];
	const struct monitor_cmd *cmd;
	int argc;

	if (strscpy(buf, line, sizeof(buf)) < 0) {
		mprintf("error: command longer than %d characters\n", MONITOR_LINE_MAX - 1);
		return -E2BIG;
	}
	argc = monitor_split(buf, argv, MONITOR_MAX_ARGS);
	if (argc < 0) {
		mprintf("error: more than %d words in one command\n", MONITOR_MAX_ARGS);
		return -E2BIG;
	}
	if (argc == 0)
		return 0;
	cmd = find_cmd(argv[0]);
	if (!cmd) {
		mprintf("%s: unknown command (type 'help' for the list)\n", argv[0]);
		return -ENOENT;
	}
	return cmd->fn(argc, argv);
}

/* Run "cmd1;cmd2;..." as if typed, each shown after a prompt. */
static void run_boot_commands(const char *cmds)
{
	char one[MONITOR_LINE_MAX];

	while (cmds && *cmds) {
		const char *semi = strchr(cmds, ';');
		size_t n = semi ? (size_t)(semi - cmds) : strlen(cmds);

		if (n >= sizeof(one)) {
			mprintf("run=: command of %zu characters is too long; skipped\n", n);
		} else {
			memcpy(one, cmds, n);
			one[n] = '\0';
			mprintf(PROMPT "%s\n", one);
			monitor_exec(one);
		}
		cmds = semi ? semi + 1 : NULL;
	}
}

static void echo(const char *s, size_t n)
{
	serial_write(s, n);
}

u64 boot_to_prompt_ns;

void monitor_run(const char *boot_cmds)
{
	line_edit_init(&editor, echo);
	boot_to_prompt_ns = local_clock();
	run_boot_commands(boot_cmds);
	mprintf(PROMPT);
	for (;;) {
		int c = serial_getc();
		enum le_event ev;

		if (c < 0) {
			serial_wait_for_input();
			continue;
		}
		ev = line_edit_feed(&editor, c);
		if (ev == LE_NONE)
			continue;
		if (ev == LE_LINE)
			monitor_exec(editor.line);
		else if (ev == LE_TOO_LONG)
			mprintf("error: line longer than %d characters; ignored\n",
				MONITOR_LINE_MAX - 1);
		else if (ev == LE_BAD_BYTE)
			mprintf("error: byte 0x%02x is not printable ASCII; line ignored\n",
				editor.line_bad);
		mprintf(PROMPT);
	}
}

/* help: every command, sorted by name. */
static int cmd_help(int argc, char **argv)
{
	const struct monitor_cmd *last = NULL;

	/* selection by name order: n is small, and this needs no buffer */
	for (;;) {
		const struct monitor_cmd *next = NULL;

		for (const struct monitor_cmd *c = __monitor_cmds_start; c < __monitor_cmds_end; c++)
			if ((!last || strcmp(c->name, last->name) > 0) &&
			    (!next || strcmp(c->name, next->name) < 0))
				next = c;
		if (!next)
			return 0;
		mprintf("  %-9s %-18s %s\n", next->name, next->usage, next->help);
		last = next;
	}
}
MONITOR_CMD(help, "", "list the commands", cmd_help);
