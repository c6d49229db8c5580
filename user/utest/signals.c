/*
 * utest suite "signals": a handler runs with the right siginfo, a blocked
 * signal waits until unblocked, SIGCHLD comes when a child exits, default
 * actions kill a child as Linux's do, waitid reports a stop and a kill.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static volatile int caught;
static volatile siginfo_t caught_info;

static void handler(int sig, siginfo_t *info, void *ctx)
{
	caught++;
	caught_info = *info;
}

static void catch(int sig)
{
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	caught = 0;
	memset((void *)&caught_info, 0, sizeof(caught_info));
	sigaction(sig, &sa, NULL);
}

/* raise() is tkill: the handler runs once, before raise returns. */
static void handler_runs(void)
{
	volatile long before = 0x1234567890L;

	catch(SIGUSR1);
	EXPECT_EQ(raise(SIGUSR1), 0);
	EXPECT_EQ(caught, 1);
	EXPECT_EQ(caught_info.si_signo, SIGUSR1);
	EXPECT_EQ(caught_info.si_code, SI_TKILL);
	EXPECT_EQ(caught_info.si_pid, getpid());
	EXPECT_EQ(before, 0x1234567890L);       /* rt_sigreturn gave everything back */
	signal(SIGUSR1, SIG_DFL);
}

/* A blocked signal stays pending, and is delivered when unblocked. */
static void sigprocmask_blocks(void)
{
	sigset_t set, old, pending;

	catch(SIGUSR2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	ASSERT_EQ(sigprocmask(SIG_BLOCK, &set, &old), 0);
	EXPECT_EQ(kill(getpid(), SIGUSR2), 0);
	EXPECT_EQ(caught, 0);
	EXPECT_EQ(sigpending(&pending), 0);
	EXPECT_TRUE(sigismember(&pending, SIGUSR2));
	EXPECT_EQ(sigprocmask(SIG_SETMASK, &old, NULL), 0);
	EXPECT_EQ(caught, 1);
	EXPECT_EQ(caught_info.si_code, SI_USER);
	signal(SIGUSR2, SIG_DFL);
}

static int exit_9(void *arg)
{
	return 9;
}

/* A child's exit sends SIGCHLD to its parent, with its pid and status. */
static void sigchld_on_exit(void)
{
	pid_t child;

	catch(SIGCHLD);
	child = ut_fork(exit_9, NULL);
	ASSERT_TRUE(child > 0);
	EXPECT_EQ(ut_wait(child), 9 << 8);
	EXPECT_EQ(caught, 1);
	EXPECT_EQ(caught_info.si_signo, SIGCHLD);
	EXPECT_EQ(caught_info.si_code, CLD_EXITED);
	EXPECT_EQ(caught_info.si_pid, child);
	EXPECT_EQ(caught_info.si_status, 9);
	signal(SIGCHLD, SIG_DFL);
}

/* kill(getpid(), SIGTERM) with a handler: caught, SI_USER from ourselves. */
static void kill_self_sigterm_caught(void)
{
	catch(SIGTERM);
	EXPECT_EQ(kill(getpid(), SIGTERM), 0);
	EXPECT_EQ(caught, 1);
	EXPECT_EQ(caught_info.si_signo, SIGTERM);
	EXPECT_EQ(caught_info.si_code, SI_USER);
	EXPECT_EQ(caught_info.si_pid, getpid());
	signal(SIGTERM, SIG_DFL);
}

static int term_self(void *arg)
{
	kill(getpid(), SIGTERM);
	return 0;                       /* not reached: SIGTERM's default kills */
}

static int __attribute__((noreturn)) wait_forever(void *arg)
{
	for (;;)
		pause();
}

/* The default actions: SIGTERM terminates; SIGKILL cannot be caught. */
static void default_actions_kill(void)
{
	pid_t child = ut_fork(term_self, NULL);
	int status;

	ASSERT_TRUE(child > 0);
	status = ut_wait(child);
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(WTERMSIG(status), SIGTERM);
	child = ut_fork(wait_forever, NULL);
	ASSERT_TRUE(child > 0);
	EXPECT_EQ(kill(child, SIGKILL), 0);
	status = ut_wait(child);
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(WTERMSIG(status), SIGKILL);
	EXPECT_ERRNO(sigaction(SIGKILL, &(struct sigaction){ .sa_handler = SIG_IGN }, NULL),
		     EINVAL);
	EXPECT_ERRNO(kill(getpid(), 65), EINVAL);
}

static int stop_self(void *arg)
{
	raise(SIGSTOP);
	return 0;
}

/*
 * waitid with WSTOPPED alone (no WEXITED) reports a stop as Linux's does:
 * CLD_STOPPED with the stopping signal; then WEXITED the death by SIGKILL.
 */
static void waitid_reports_stop_and_kill(void)
{
	siginfo_t si;
	pid_t child = ut_fork(stop_self, NULL);

	ASSERT_TRUE(child > 0);
	memset(&si, 0, sizeof(si));
	EXPECT_EQ(waitid(P_PID, child, &si, WSTOPPED), 0);
	EXPECT_EQ(si.si_pid, child);
	EXPECT_EQ(si.si_signo, SIGCHLD);
	EXPECT_EQ(si.si_code, CLD_STOPPED);
	EXPECT_EQ(si.si_status, SIGSTOP);
	kill(child, SIGKILL);
	memset(&si, 0, sizeof(si));
	EXPECT_EQ(waitid(P_PID, child, &si, WEXITED), 0);
	EXPECT_EQ(si.si_pid, child);
	EXPECT_EQ(si.si_code, CLD_KILLED);
	EXPECT_EQ(si.si_status, SIGKILL);
	if (ut_failed())
		waitpid(child, NULL, WNOHANG);  /* do not leave a zombie to the next case */
}

UTEST_SUITE(signals,
	UTEST_CASE(handler_runs),
	UTEST_CASE(sigprocmask_blocks),
	UTEST_CASE(sigchld_on_exit),
	UTEST_CASE(kill_self_sigterm_caught),
	UTEST_CASE(default_actions_kill),
	UTEST_CASE(waitid_reports_stop_and_kill),
);
