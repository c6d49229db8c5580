/*
 * The serial monitor: a prompt on COM1 that runs commands.
 *
 * One rule for where a command lives: in the file that owns the state it
 * shows or changes, registered there with one macro in the .monitor_cmds
 * section (never in a file of commands).  Two kinds:
 *
 *   - A text view (e820, iomem, buddyinfo, slabinfo, ...) is a show function
 *     printing through a seq_file, as Linux's /proc files are, so the same
 *     function can later back a /proc file:
 *
 *         static int buddyinfo_show(struct seq_file *m, void *v)
 *         { seq_printf(m, "Node 0, zone %8s ", ...); return 0; }
 *         MONITOR_SHOW(buddyinfo, "free blocks per order and zone (/proc/buddyinfo)",
 *                      buddyinfo_show);
 *
 *     The monitor calls it with v == NULL and a seq_file that writes to the
 *     serial port; the command takes no arguments.  Static, as Linux's
 *     show functions are: the file that has it also registers it.
 *
 *   - A command with arguments takes them as argc/argv (argv[0] is its name):
 *
 *         static int walk_cmd(struct seq_file *m, int argc, char **argv)
 *         MONITOR_CMD(walk, "ADDR", "show how the page tables map one address",
 *                     walk_cmd);
 *
 *     A view with optional arguments (iomem [ADDR]) is such a command; without
 *     arguments it returns its show function's result (iomem_show).
 *
 * Both return 0, or a negative errno.  -EINVAL means "bad arguments": the
 * command prints nothing and the monitor prints "usage: NAME USAGE" from the
 * registration, so usage text is written once.  Any other error is reported
 * by the command in one line "NAME: what is wrong" (e.g. -ENODEV, -ERANGE,
 * -EPERM).  help lists every command with its usage.
 */
#ifndef ATLAS_KERNEL_MONITOR_H
#define ATLAS_KERNEL_MONITOR_H

#include <kernel/compiler.h>
#include <kernel/seq_file.h>
#include <kernel/types.h>

#define MONITOR_LINE_MAX 256            /* including the NUL */
#define MONITOR_MAX_ARGS 16
#define MONITOR_HISTORY  16

struct monitor_cmd {
	const char *name;
	const char *usage;              /* the arguments, e.g. "ADDR [WIDTH [VALUE]]" */
	const char *help;
	int (*fn)(struct seq_file *m, int argc, char **argv);  /* a command, or */
	int (*show)(struct seq_file *m, void *v);               /* a view */
};

#define __MONITOR_ENTRY(cname, ...) \
	static const struct monitor_cmd __monitor_cmd_##cname \
	__section(".monitor_cmds") __used __aligned(8) = { .name = #cname, __VA_ARGS__ }

/* A command with arguments: cfn(m, argc, argv). */
#define MONITOR_CMD(cname, cusage, chelp, cfn) \
	__MONITOR_ENTRY(cname, .usage = cusage, .help = chelp, .fn = cfn)

/* A text view: cshow(m, NULL), no arguments. */
#define MONITOR_SHOW(cname, chelp, cshow) \
	__MONITOR_ENTRY(cname, .usage = "", .help = chelp, .show = cshow)

/* local_clock() when monitor_run started (0 before): the bench "boot" case prints it. */
extern u64 boot_to_prompt_ns;

/* Run the semicolon-separated commands in boot_cmds (may be NULL), then the prompt. */
__noreturn void monitor_run(const char *boot_cmds);

/*
 * For a boot that execs init= (kernel_init, in PID 1 once the exec worked):
 * the console goes to PID 1's process group, and the monitor waits in a
 * kernel thread of its own until Ctrl-] (TTY_ESCAPE_CHAR) switches to it,
 * which it says on the console.  0, or -errno if the thread could not start
 * (the console is then the program's alone).
 */
int monitor_start_background(void);

/* Run one command line; returns the command's result (-ENOENT: no such command). */
int monitor_exec(const char *line);

/* monitor_exec, with the monitor's output (not printk's) going to m instead. */
int monitor_exec_seq(struct seq_file *m, const char *line);

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
 * A line editor with readline's keys, for a person at a terminal and for a
 * script alike:
 *
 *   printable ASCII       inserted at the cursor (Tab inserts a space)
 *   Left/Right, Ctrl-B/F  move the cursor          Home/End, Ctrl-A/E  to either end
 *   Backspace/DEL         delete before the cursor Delete, Ctrl-D      at the cursor
 *   Ctrl-U / Ctrl-K       kill to the start / end  Ctrl-W  the word before the cursor
 *   Ctrl-L                clear the screen, redraw the prompt and the line
 *   Up/Down               history                  Ctrl-C  cancel the line
 *   CR, LF or CR LF       finish the line
 *
 * Escape sequences are parsed whole, whatever their length: CSI (ESC [
 * parameters intermediates final, ECMA-48 §5.4) and SS3 (ESC O x, what
 * terminals send in "application cursor" mode); unknown ones are dropped.
 * What the terminal should show is written through echo(): the cursor moves
 * with "\b", a change in the middle rewrites the rest of the line.
 *
 * A byte that is not printable ASCII, or a line longer than
 * MONITOR_LINE_MAX - 1, makes the line fail at Enter (LE_BAD_BYTE,
 * LE_TOO_LONG) unless the line is emptied or replaced from the history
 * first: what fails is what the user can no longer see.
 */
struct line_editor {
	char line[MONITOR_LINE_MAX];    /* the finished line, after LE_LINE */
	int line_bad;                   /* its first bad byte, after LE_BAD_BYTE */
	char buf[MONITOR_LINE_MAX];     /* the line being edited */
	size_t len;
	size_t pos;                     /* the cursor: 0..len */
	bool too_long;
	int bad;                        /* first bad byte, or -1 */
	int esc;                        /* escape-sequence state */
	int esc_param;                  /* a CSI sequence's first number */
	bool last_cr;
	char history[MONITOR_HISTORY][MONITOR_LINE_MAX];
	int hist_count, hist_pos;
	const char *prompt;             /* redrawn by Ctrl-L (NULL: none) */
	void (*echo)(const char *s, size_t n);
};

void line_edit_init(struct line_editor *le, void (*echo)(const char *s, size_t n));
enum le_event line_edit_feed(struct line_editor *le, int c);

#endif
