/*
 * The monitor's `run PATH [ARGS]`: a user program in the foreground, as a
 * shell runs one.  The monitor makes a child (kernel_thread), which becomes
 * the leader of a new session and process group (setsid: Ctrl-C reaches it
 * and nothing else) and execs PATH with ARGS; the console goes to that
 * process group (tty_console_take), the monitor waits for the child
 * (kernel_wait4), takes the console back and says how it ended:
 *
 *     atlas> run /user/fault null
 *     fault: read address 0; the kernel kills me and goes on
 *     fault[5]: segfault at 0 ip 0000000000401136 sp 00007fffffffed90 error 4 in fault[401000+5000]
 *     killed by signal 11 (SIGSEGV)
 *
 * The child starts with the monitor's files: fds 0, 1 and 2 are /dev/console
 * (PID 1 opened them, as Linux's console_on_rootfs).
 */
#include <errno.h>
#include <fs/binfmts.h>
#include <kernel/err.h>
#include <kernel/kthread.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/tty.h>


#define EXIT_CANNOT_RUN (127 << 8)      /* wait status of "exit 127": the shell's "not found" */

struct run_request {
	const char *const *argv;        /* argv[0] is PATH */
	int exec_error;                 /* the child's kernel_execve result, if it failed */
};

/* Linux's envp for init (init/main.c envp_init) */
static const char *const run_envp[] = { "HOME=/", "TERM=linux", NULL };

/* The child: a session of its own, then the program.  Returns 0 into user mode. */
static int run_child(void *arg)
{
	struct run_request *req = arg;
	struct task_struct *me = current;
	unsigned long flags;
	int err;


	/* setsid(), as a shell's child does (a new pid leads no group yet) */
	spin_lock_irqsave(&tasklist_lock, flags);
	me->session = me->pgrp = me->pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	err = kernel_execve(req->argv[0], req->argv, run_envp);
	if (!err)
		return 0;
	req->exec_error = err;
	do_exit(EXIT_CANNOT_RUN);
}

static const char *const signal_names[] = {
	[1] = "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
	"SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
	"SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
	"SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
};

/* How a wait status reads, as a shell would put it. */
static void run_report(struct seq_file *m, int status)
{
	int sig = status & 0x7f;

	if (sig == 0) {
		seq_printf(m, "exit status %d\n", (status >> 8) & 0xff);
		return;
	}
	seq_printf(m, "killed by signal %d (%s)%s\n", sig,
		   sig < (int)ARRAY_SIZE(signal_names) ? signal_names[sig] : "?",
		   status & 0x80 ? " (core dumped)" : "");
}

static int run_cmd(struct seq_file *m, int argc, char **argv)
{
	const char *args[MONITOR_MAX_ARGS];    /* argv[1..], NULL-terminated for execve */
	struct run_request req = { .argv = args };
	int pid, status = 0, err;

	if (argc < 2)
		return -EINVAL;
	for (int i = 1; i < argc; i++)
		args[i - 1] = argv[i];
	args[argc - 1] = NULL;
	pid = kernel_thread(run_child, &req, SIGCHLD);
	if (pid < 0) {
		seq_printf(m, "run: cannot start %s: error %d\n", argv[1], pid);
		return pid;
	}
	tty_console_take(pid);          /* its process group: the child's pid */
	err = kernel_wait4(pid, &status, 0);
	tty_console_release();
	if (err < 0) {
		seq_printf(m, "run: waiting for %s failed: error %d\n", argv[1], err);
		return err;
	}
	if (req.exec_error) {
		seq_printf(m, "run: cannot execute %s: error %d\n", argv[1], req.exec_error);
		return req.exec_error;
	}
	run_report(m, status);
	return 0;
}
MONITOR_CMD(run, "PATH [ARGS]", "run a user program in the foreground, then its exit status",
	    run_cmd);

/* The monitor as a thread of its own: it waits for Ctrl-] (kernel/monitor.c's loop). */
static int monitor_thread(void *unused)
{
	monitor_run(NULL);
}

int monitor_start_background(void)
{
	struct task_struct *t;

	/* PID 1's process group: 0 until it calls setsid, and then ^C goes nowhere, as Linux's */
	tty_console_take_boot(current->pgrp);
	t = kthread_run_on_cpu(monitor_thread, NULL, 0, "monitor");   /* the monitor's CPU */
	if (IS_ERR(t)) {
		tty_console_release_boot();
		pr_err("monitor: cannot start its thread (error %ld): no monitor on the console\n",
		       PTR_ERR(t));
		return PTR_ERR(t);
	}
	pr_info("monitor: press %s to switch between the console's program and the monitor\n",
		TTY_ESCAPE_NAME);
	return 0;
}
