/*
 * init: the first user program, as small as an init can be.
 *
 *   init                 run /bin/sh
 *   init PROG [ARGS]     run PROG with ARGS
 *
 * It says who it is, makes sure fds 0, 1 and 2 are the console (a kernel
 * that starts init without them open is allowed: Linux opens /dev/console
 * for init, a student's kernel may not yet), then forks the program in a
 * session of its own with the console as its controlling terminal (so Ctrl-C
 * reaches it, and busybox's sh gets job control), and reaps every child that
 * ends: as PID 1 it is the parent of every orphan (Linux re-parents them to
 * init), and an orphan nobody waits for stays a zombie.
 *
 * When the program ends: as PID 1 init says how and starts it again (Linux
 * panics when init exits; a shell that ends with `exit` gets a new one);
 * otherwise init exits with the program's status, so `run /user/init PROG`
 * from the monitor works as a wrapper.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXEC_FAILED 127         /* the shell's status for "command not found" */

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	if (len > 0)
		write(2, buf, len < (int)sizeof(buf) ? len : (int)sizeof(buf) - 1);
}

/* fds 0, 1, 2 on /dev/console if the kernel did not open them. */
static void open_console(void)
{
	int fd;

	if (fcntl(0, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;                 /* nothing to say it on */
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static pid_t start(char **argv)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	setsid();
	ioctl(0, TIOCSCTTY, 0);         /* the console is this session's terminal */
	execv(argv[0], argv);
	say("init: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(EXEC_FAILED);
}

/* Wait for any child; returns when the one we started has ended. */
static int reap_until(pid_t child)
{
	for (;;) {
		int status;
		pid_t pid = wait4(-1, &status, 0, NULL);

		if (pid == child)
			return status;
		if (pid < 0 && errno != EINTR)
			return -1;      /* no children left: should not happen */
	}
}

static void report(const char *prog, int status)
{
	if (WIFEXITED(status))
		say("init: %s exited with status %d\n", prog, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		say("init: %s killed by signal %d\n", prog, WTERMSIG(status));
}

int main(int argc, char **argv)
{
	static char *shell[] = { "/bin/sh", NULL };
	char **prog = argc > 1 ? argv + 1 : shell;

	open_console();
	say("init: pid %d, starting %s\n", (int)getpid(), prog[0]);
	for (;;) {
		pid_t child = start(prog);
		int status;

		if (child < 0) {
			say("init: fork failed: %s\n", strerror(errno));
			return EXEC_FAILED;
		}
		status = reap_until(child);
		report(prog[0], status);
		if (getpid() == 1 && !(WIFEXITED(status) && WEXITSTATUS(status) == EXEC_FAILED))
			say("init: starting %s again\n", prog[0]);
		if (getpid() != 1)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (WIFEXITED(status) && WEXITSTATUS(status) == EXEC_FAILED) {
			say("init: %s cannot run; reaping orphans only\n", prog[0]);
			for (;;)
				if (reap_until(0) < 0)
					pause();
		}
	}
}
