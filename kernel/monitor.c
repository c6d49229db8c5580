/*
 * The serial monitor: read a line from COM1, split it into words, find the
 * command in the .monitor_cmds section and run it.  Bad input of any kind ends
 * in one error line and a new prompt.  Commands live with their subsystems
 * (include/kernel/monitor.h); here are only the monitor's own: help, echo and
 * crash.
 *
 * The monitor runs on CPU 0 only (start_kernel's CPU): its line editor and
 * output buffer are that CPU's alone and take no lock.  After each command it
 * checks that the command left no spinlock held (with debug_locks).
 */
#include <asm/page.h>
#include <asm/processor.h>
#include <drivers/serial.h>
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/kernel.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <kernel/spinlock.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/traps.h>
#include <kernel/tty.h>

#define PROMPT "atlas> "

extern const struct monitor_cmd __monitor_cmds_start[];
extern const struct monitor_cmd __monitor_cmds_end[];

static struct line_editor editor;

/* The monitor's output: to the serial console, not the kernel log. */
static char monitor_buf[4096];          /* CPU 0 alone runs the monitor: one buffer is enough */
static struct seq_file monitor_seq = {
	.buf = monitor_buf, .size = sizeof(monitor_buf), .flush = serial_write,
};

static const struct monitor_cmd *find_cmd(const char *name)
{
	for (const struct monitor_cmd *c = __monitor_cmds_start; c < __monitor_cmds_end; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* Run a command, or a view without arguments; print the usage on -EINVAL. */
static int run_cmd(struct seq_file *m, const struct monitor_cmd *cmd, int argc, char **argv)
{
	int ret;

	if (cmd->show)
		ret = argc == 1 ? cmd->show(m, NULL) : -EINVAL;
	else
		ret = cmd->fn(m, argc, argv);
	if (ret == -EINVAL)
		seq_printf(m, "usage: %s%s%s\n", cmd->name, *cmd->usage ? " " : "", cmd->usage);
	return ret;
}

int monitor_exec_seq(struct seq_file *m, const char *line)
{
	char buf[MONITOR_LINE_MAX];
	char *argv[MONITOR_MAX_ARGS + 1];       /* NULL-terminated, as main's: run passes it to exec */
	const struct monitor_cmd *cmd;
	int argc, ret;

	if (strscpy(buf, line, sizeof(buf)) < 0) {
		seq_printf(m, "error: command longer than %d characters\n", MONITOR_LINE_MAX - 1);
		return -E2BIG;
	}
	argc = monitor_split(buf, argv, MONITOR_MAX_ARGS);
	if (argc < 0) {
		seq_printf(m, "error: more than %d words in one command\n", MONITOR_MAX_ARGS);
		return -E2BIG;
	}
	if (argc == 0)
		return 0;
	argv[argc] = NULL;
	cmd = find_cmd(argv[0]);
	if (!cmd) {
		seq_printf(m, "%s: unknown command (type 'help' for the list)\n", argv[0]);
		return -ENOENT;
	}
	ret = run_cmd(m, cmd, argc, argv);
	/* a command must leave no lock held: report, release, go on */
	lockdep_check_no_locks_held("monitor", line);
	return ret;
}

int monitor_exec(const char *line)
{
	return monitor_exec_seq(&monitor_seq, line);
}

KERNEL_PARAM("run", "monitor commands to run at the prompt first, e.g. run=\"e820;iomem\"");

/*
 * Run "cmd1;cmd2;..." as if typed, each shown after a prompt.  Every entry,
 * a skipped one too, gets exactly one prompt: scripts/qemu.py counts them
 * (boot_prompts()) to know when piped input has been answered.
 */
static void run_boot_commands(const char *cmds)
{
	char one[MONITOR_LINE_MAX];

	while (cmds && *cmds) {
		const char *semi = strchr(cmds, ';');
		size_t n = semi ? (size_t)(semi - cmds) : strlen(cmds);

		seq_printf(&monitor_seq, PROMPT "%.*s\n", (int)n, cmds);
		if (n >= sizeof(one)) {
			seq_printf(&monitor_seq, "run=: command of %zu characters is too long; skipped\n",
				   n);
		} else {
			memcpy(one, cmds, n);
			one[n] = '\0';
			monitor_exec(one);
		}
		cmds = semi ? semi + 1 : NULL;
	}
}

/* Input the UART lost is reported once, as Linux's n_tty does. */
static void report_input_overruns(void)
{
	static unsigned long seen;
	unsigned long n = serial_rx_overruns();

	if (n != seen)
		pr_warn("ttyS0: %lu input overrun(s)\n", n - seen);
	seen = n;
}

u64 boot_to_prompt_ns;


void monitor_run(const char *boot_cmds)
{
	line_edit_init(&editor, serial_write);
	boot_to_prompt_ns = local_clock();
	editor.prompt = PROMPT;
	run_boot_commands(boot_cmds);
	if (tty_monitor_owns_console())
		seq_puts(&monitor_seq, PROMPT);
	for (;;) {
		int c;
		enum le_event ev;

		if (!tty_monitor_owns_console()) {
			/* a program started at boot has the console: until Ctrl-] */
			tty_monitor_wait_console();
			seq_puts(&monitor_seq, PROMPT);
			continue;
		}
		c = tty_monitor_getc();
		if (c < 0) {
			tty_monitor_wait_input();
			continue;
		}
		if (c == TTY_ESCAPE_CHAR) {
			if (tty_console_resume())
				seq_puts(&monitor_seq, "\n[back to the program: " TTY_ESCAPE_NAME
					 " returns to the monitor]\n");
			continue;
		}
		ev = line_edit_feed(&editor, c);
		if (ev == LE_NONE)
			continue;
		if (ev == LE_LINE)
			monitor_exec(editor.line);
		else if (ev == LE_TOO_LONG)
			seq_printf(&monitor_seq, "error: line longer than %d characters; ignored\n",
				   MONITOR_LINE_MAX - 1);
		else if (ev == LE_BAD_BYTE)
			seq_printf(&monitor_seq, "error: byte 0x%02x is not printable ASCII; line ignored\n",
				   editor.line_bad);
		report_input_overruns();
		seq_puts(&monitor_seq, PROMPT);
	}
}

/* help: every command, sorted by name. */
static int help_cmd(struct seq_file *m, int argc, char **argv)
{
	const struct monitor_cmd *last = NULL;
	char synopsis[40];

	if (argc != 1)
		return -EINVAL;
	/* selection by name order: n is small, and this needs no buffer */
	for (;;) {
		const struct monitor_cmd *next = NULL;

		for (const struct monitor_cmd *c = __monitor_cmds_start; c < __monitor_cmds_end; c++)
			if ((!last || strcmp(c->name, last->name) > 0) &&
			    (!next || strcmp(c->name, next->name) < 0))
				next = c;
		if (!next)
			return 0;
		/* one column for "name usage", wide enough for the longest (lspci's) */
		scnprintf(synopsis, sizeof(synopsis), "%s %s", next->name, next->usage);
		seq_printf(m, "  %-28s %s\n", synopsis, next->help);
		last = next;
	}
}
MONITOR_CMD(help, "", "list the commands", help_cmd);

static int echo_cmd(struct seq_file *m, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		seq_printf(m, "%s%s", argv[i], i + 1 < argc ? " " : "");
	seq_putc(m, '\n');
	return 0;
}
MONITOR_CMD(echo, "[WORDS]", "print the words (for scripts)", echo_cmd);

/* ---- crash: deliberate faults, each caught so that the monitor goes on (Linux's lkdtm) ---- */

static void crash_null(void *arg)
{
	volatile int *p = NULL;

	(void)*p;
}

static void crash_unmapped(void *arg)
{
	(void)*(volatile u64 *)(VMALLOC_END & PAGE_MASK);   /* first fit never gets there */
}

static void crash_gp(void *arg)
{
	/* a non-canonical address: bits 63..47 not all equal */
	(void)*(volatile u64 *)0x8000000000000000UL;
}

static void crash_ud(void *arg)
{
	__asm__ volatile("ud2");
}

static void crash_div0(void *arg)
{
	u32 x = 1;

	/* in assembly: C's division by zero is undefined, the compiler may drop it */
	__asm__ volatile("xorl %%edx, %%edx; divl %1" : "+a"(x) : "r"(0) : "edx");
}

static const struct {
	const char *name;
	void (*fn)(void *);
	const char *what;
} crashes[] = {
	{ "null", crash_null, "read through a NULL pointer" },
	{ "unmapped", crash_unmapped, "read an unmapped kernel address" },
	{ "gp", crash_gp, "read a non-canonical address (#GP)" },
	{ "ud", crash_ud, "execute ud2 (#UD)" },
	{ "div0", crash_div0, "divide by zero (#DE)" },
};

static int crash_cmd(struct seq_file *m, int argc, char **argv)
{
	for (size_t i = 0; argc == 2 && i < ARRAY_SIZE(crashes); i++) {
		if (strcmp(argv[1], crashes[i].name))
			continue;
		seq_printf(m, "crash: %s; the oops follows, then the monitor goes on\n",
			   crashes[i].what);
		if (!try_catch_fault(crashes[i].fn, NULL, NULL, true))
			seq_printf(m, "crash: %s did not fault\n", crashes[i].name);
		return 0;
	}
	return -EINVAL;
}
MONITOR_CMD(crash, "TYPE", "fault on purpose and show the oops (TYPE: null, unmapped, gp, ud, div0)",
	    crash_cmd);
