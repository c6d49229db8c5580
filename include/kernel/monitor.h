/*
 * The serial monitor: a prompt on COM1 that runs commands.
 *
 * Commands register themselves with MONITOR_CMD() in the .monitor_cmds
 * section (so a subsystem adds its command in its own file):
 *
 *     static int cmd_e820(int argc, char **argv) { ... return 0; }
 *     MONITOR_CMD(e820, "", "print the firmware memory map", cmd_e820);
 *
 * A command prints with mprintf() and returns 0, or a negative errno after
 * printing one line "<name>: <what is wrong>" (usage errors: -EINVAL).
 */
#ifndef ATLAS_KERNEL_MONITOR_H
#define ATLAS_KERNEL_MONITOR_H

#include <kernel/compiler.h>
#include <kernel/types.h>

#define MONITOR_LINE_MAX 256            /* including the NUL */
#define MONITOR_MAX_ARGS 16
#define MONITOR_HISTORY  16

struct monitor_cmd {
	const char *name;
	const char *usage;              /* the arguments, e.g. "ADDR [WIDTH [VALUE]]" */
	const char *help;
	int (*fn)(int argc, char **argv);
};

#define MONITOR_CMD(cname, cusage, chelp, cfn) \
	static const struct monitor_cmd __monitor_cmd_##cfn \
	__section(".monitor_cmds") __used __aligned(8) = { \
		.name = #cname, .usage = cusage, .help = chelp, .fn = cfn }

/* local_clock() when monitor_run started (0 before): the bench "boot" case prints it. */
extern u64 boot_to_prompt_ns;

/* Run the semicolon-separated commands in boot_cmds (may be NULL), then the prompt. */
__noreturn void monitor_run(const char *boot_cmds);

/* Run one command line; returns the command's result (-ENOENT: no such command). */
int monitor_exec(const char *line);

/* Monitor output: to the serial console, not the kernel log. */
__printf(1, 2) void mprintf(const char *fmt, ...);

/* ---- pure parts (kernel/monitor_parse.c), also built for the host tests ---- */

/*
 * Split line (modified in place) into words at spaces and tabs.  Returns the
 * number of words, or -E2BIG if there are more than max.
 */
int monitor_split(char *line, char **argv, int max);

/* What line_edit_feed() reports for one input byte. */
enum le_event {
	LE_NONE,        /* keep reading */
	LE_LINE,        /* a line is complete: le->line */
	LE_CANCEL,      /* Ctrl-C: line dropped */
	LE_TOO_LONG,    /* Enter after more than MONITOR_LINE_MAX - 1 characters */
	LE_BAD_BYTE,    /* Enter after a byte that is not printable ASCII: le->line_bad */
};

/*
 * A line editor: printable ASCII, Backspace/DEL, Ctrl-U (kill line), Ctrl-C
 * (cancel), Up/Down arrows (history, as ESC [ A / ESC [ B), CR or LF (or CR LF)
 * to finish.  What the terminal should show is written through echo().
 */
struct line_editor {
	char line[MONITOR_LINE_MAX];    /* the finished line, after LE_LINE */
	int line_bad;                   /* its first bad byte, after LE_BAD_BYTE */
	char buf[MONITOR_LINE_MAX];     /* the line being edited */
	size_t len;
	bool too_long;
	int bad;                        /* first bad byte, or -1 */
	int esc;                        /* escape-sequence state */
	bool last_cr;
	char history[MONITOR_HISTORY][MONITOR_LINE_MAX];
	int hist_count, hist_pos;
	void (*echo)(const char *s, size_t n);
};

void line_edit_init(struct line_editor *le, void (*echo)(const char *s, size_t n));
enum le_event line_edit_feed(struct line_editor *le, int c);

#endif
