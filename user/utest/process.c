/*
 * utest suite "process": pids, fork and wait4, copy-on-write, vfork and
 * posix_spawn, and a wait that blocks until a child ends.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

extern char **environ;

static int report_ids(void *arg)
{
	int *fds = arg;
	pid_t ids[2] = { getpid(), getppid() };

	return write(fds[1], ids, sizeof(ids)) == sizeof(ids) ? 0 : 1;
}

/* The child's getpid() is what fork returned; its getppid() is us. */
static void getpid_getppid(void)
{
	pid_t me = getpid(), ids[2] = { 0, 0 }, child;
	int fds[2];

	EXPECT_TRUE(me > 0);
	EXPECT_EQ(syscall(SYS_getpid), me);
	EXPECT_TRUE(getppid() > 0);
	EXPECT_NE(getppid(), me);
	ASSERT_EQ(pipe(fds), 0);
	child = ut_fork(report_ids, fds);
	ASSERT_TRUE(child > 0);
	EXPECT_EQ(read(fds[0], ids, sizeof(ids)), sizeof(ids));
	EXPECT_EQ(ids[0], child);
	EXPECT_EQ(ids[1], me);
	EXPECT_EQ(ut_wait(child), 0);
	close(fds[0]);
	close(fds[1]);
}

static int exit_42(void *arg)
{
	return 42;
}

/* wait4 returns the child's pid and its exit status; then there is no child. */
static void fork_wait4_exit_status(void)
{
	pid_t child = ut_fork(exit_42, NULL);
	int status = -1;

	ASSERT_TRUE(child > 0);
	EXPECT_EQ(wait4(child, &status, 0, NULL), child);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(WEXITSTATUS(status), 42);
	EXPECT_ERRNO(wait4(-1, &status, WNOHANG, NULL), ECHILD);
}

#define COW_PAGES 3
static char cow_buf[COW_PAGES * PAGE_SIZE];

/* The child writes over every page of the copy it got, and checks it sees its own writes. */
static int cow_child(void *arg)
{
	char *heap = arg;

	for (unsigned long i = 0; i < sizeof(cow_buf); i += PAGE_SIZE)
		cow_buf[i] = 'c';
	heap[0] = 'c';
	for (unsigned long i = 0; i < sizeof(cow_buf); i += PAGE_SIZE)
		if (cow_buf[i] != 'c')
			return 1;
	return heap[0] == 'c' ? 0 : 1;
}

/* After fork, a write by the child leaves the parent's page as it was. */
static void fork_cow(void)
{
	char *heap = malloc(PAGE_SIZE);
	pid_t child;

	ASSERT_TRUE(heap != NULL);
	memset(cow_buf, 'p', sizeof(cow_buf));
	heap[0] = 'p';
	child = ut_fork(cow_child, heap);
	ASSERT_TRUE(child > 0);
	EXPECT_EQ(ut_wait(child), 0);
	for (unsigned long i = 0; i < sizeof(cow_buf); i += PAGE_SIZE)
		EXPECT_EQ(cow_buf[i], 'p');
	EXPECT_EQ(heap[0], 'p');
	cow_buf[0] = 'q';               /* and the parent's own write still works */
	EXPECT_EQ(cow_buf[0], 'q');
	free(heap);
}

/* vfork: the child runs in the parent's memory until it exits, the parent waits. */
static void vfork_shares_memory(void)
{
	static volatile int shared;
	pid_t child;

	shared = 0;
	child = vfork();
	if (child == 0) {
		shared = 7;
		_exit(3);
	}
	ASSERT_TRUE(child > 0);
	EXPECT_EQ(shared, 7);
	EXPECT_EQ(ut_wait(child), 3 << 8);
}

/* musl's posix_spawn: clone(CLONE_VM|CLONE_VFORK) and execve of this program. */
static void posix_spawn_runs_program(void)
{
	char *argv[] = { (char *)utest_argv0, "--exit", "5", NULL };
	pid_t child = 0;
	int status;

	ASSERT_EQ(posix_spawn(&child, utest_argv0, NULL, NULL, argv, environ), 0);
	ASSERT_TRUE(child > 0);
	status = ut_wait(child);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(WEXITSTATUS(status), 5);
	/* a program that does not exist: posix_spawn reports execve's error */
	argv[0] = "/no/such/program";
	EXPECT_EQ(posix_spawn(&child, argv[0], NULL, NULL, argv, environ), ENOENT);
}

static int read_until_eof(void *arg)
{
	int *fds = arg;
	char c;

	close(fds[1]);
	while (read(fds[0], &c, 1) > 0)
		;
	return 11;
}

/* WNOHANG sees a running child; a blocking wait4 sleeps until it exits. */
static void wait4_blocks_until_exit(void)
{
	int fds[2], status = -1;
	pid_t child;

	ASSERT_EQ(pipe(fds), 0);
	child = ut_fork(read_until_eof, fds);
	ASSERT_TRUE(child > 0);
	close(fds[0]);
	EXPECT_EQ(wait4(child, &status, WNOHANG, NULL), 0);
	close(fds[1]);                  /* EOF: the child's read returns 0, it exits */
	EXPECT_EQ(ut_wait(child), 11 << 8);
}

/*
 * clone(CLONE_SETTLS) with a TLS address outside the user half is refused
 * as arch_prctl(ARCH_SET_FS) refuses it: -EPERM, and no child (its FS base
 * would fault in the kernel's WRMSR at its first switch-in).
 */
static void clone_settls_outside_user_half_is_eperm(void)
{
	long pid;

	errno = 0;
	pid = syscall(SYS_clone, CLONE_SETTLS | SIGCHLD, 0, NULL, NULL, 0x8000000000000000UL);
	if (pid == 0)
		syscall(SYS_exit, 0);   /* a child got made: leave before touching TLS */
	EXPECT_EQ(pid, -1);
	EXPECT_EQ(errno, EPERM);
	if (pid > 0)
		ut_wait(pid);
}

UTEST_SUITE(process,
	UTEST_CASE(getpid_getppid),
	UTEST_CASE(fork_wait4_exit_status),
	UTEST_CASE(fork_cow),
	UTEST_CASE(vfork_shares_memory),
	UTEST_CASE(posix_spawn_runs_program),
	UTEST_CASE(wait4_blocks_until_exit),
	UTEST_CASE(clone_settls_outside_user_half_is_eperm),
);
