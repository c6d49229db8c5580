/*
 * utest suite "fuzz": random system calls with random arguments, from a
 * fixed seed (the same calls every run), in child processes.  A child may
 * die -- a random munmap can take its own code away -- but the kernel must
 * not: afterwards the parent checks that the system still answers.
 *
 * Left out are the calls that would block forever (reads, waits, sleeps),
 * multiply processes (fork, clone), hit other processes (kill, prlimit64),
 * or change the machine (reboot, settimeofday, mount, sethostname...): the
 * same binary runs as root on a Linux host.  Every path argument is an empty
 * string or garbage, never a real name.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define FUZZ_SEED     0x5eed5eed5eedULL
#define FUZZ_CHILDREN 8                 /* a child that dies early leaves the others' calls */
#define FUZZ_CALLS    500               /* per child */
#define FUZZ_LAST_OLD 335               /* x86-64 numbers: 0..335, then 424..450 (Linux 6.1) */
#define FUZZ_FIRST_NEW 424
#define FUZZ_MAX_NR   451
#define WAIT_LIMIT_S  120               /* a child still running after this: a hang */
#define POLL_NS       10000000          /* 10 ms between looks at the child */

static const unsigned short denied[] = {
	0, 1, 7, 15 /* rt_sigreturn: a sure death, before any other call */, 17, 18, 19, 20, 23, 34, 35, 37, 40, 56, 57, 58, 59, 60, 61, 62, 65, 69,
	70, 101, 103, 128, 129, 130, 141, 142, 144, 151, 153, 155, 159, 160, 161, 163, 164,
	165, 166, 167, 168, 169, 170, 171, 172, 173, 175, 176, 179, 180, 200, 202, 203,
	208, 220, 227, 230, 231, 232, 234, 242, 243, 246, 247, 248, 249, 250, 256, 270, 271,
	272, 275, 276, 278, 279, 281, 288, 295, 296, 297, 298, 299, 302, 305, 307, 308,
	310, 311, 313, 314, 320, 321, 322, 326, 327, 328, 333, 424, 425, 426, 427, 428,
	429, 430, 431, 432, 433, 434, 435, 440, 441, 442, 448, 449,
};

static uint64_t rng = FUZZ_SEED;
static char scratch[65536] __attribute__((aligned(4096)));

static uint64_t next(void)
{
	/* xorshift64 (Marsaglia 2003): small, and the same on every machine */
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int is_denied(unsigned long nr)
{
	if (nr >= 41 && nr <= 55)       /* sockets: nothing to test here, and the host's network */
		return 1;
	for (unsigned long i = 0; i < sizeof(denied) / sizeof(denied[0]); i++)
		if (denied[i] == nr)
			return 1;
	return 0;
}

/* An argument: small numbers, edges, bad pointers, a zeroed buffer, or noise. */
static unsigned long arg(void)
{
	static const unsigned long pool[] = {
		0, 1, 2, 3, 4, 8, 64, 4096, 65536, -1UL, -4096UL, 0x7fffffff, 0x80000000,
		0x1000, 0xffffffff80000000UL, 0xffff888000000000UL, 0x7ffffffff000UL,
		0x8000000000000000UL,
	};
	uint64_t r = next();

	switch (r % 4) {
	case 0:
		return pool[(r >> 8) % (sizeof(pool) / sizeof(pool[0]))];
	case 1:
		return (uintptr_t)scratch + ((r >> 8) % 16) * 64;
	case 2:
		return (r >> 8) % 1024;
	default:
		return next();
	}
}

static int fuzz_child(void *seed)
{
	int null = open("/dev/null", O_RDWR);
	int calls = 0;

	rng = FUZZ_SEED + (uintptr_t)seed * 0x9e3779b97f4a7c15ULL;

	for (int fd = 0; fd < 3; fd++)
		dup2(null, fd);         /* nothing the fuzzer does reaches the console */
	if (chdir("/proc") != 0)
		chdir("/");
	while (calls < FUZZ_CALLS) {
		unsigned long nr = next() % FUZZ_MAX_NR, a[6];

		if ((nr > FUZZ_LAST_OLD && nr < FUZZ_FIRST_NEW) || is_denied(nr))
			continue;
		for (int i = 0; i < 6; i++)
			a[i] = arg();
		memset(scratch, 0, sizeof(scratch));    /* every path is "" */
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		calls++;
	}
	return 0;
}

/* Wait for pid without blocking forever: SIGKILL after WAIT_LIMIT_S. */
static int wait_bounded(pid_t pid, int *status)
{
	struct timespec poll = { 0, POLL_NS };

	for (long waited = 0; waited < WAIT_LIMIT_S * 1000000000L; waited += POLL_NS) {
		pid_t got = waitpid(pid, status, WNOHANG);

		if (got == pid)
			return 0;
		if (got < 0 && errno != EINTR)
			return -1;
		nanosleep(&poll, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return -1;
}

static int exit_0(void *arg)
{
	return 0;
}

static void syscall_fuzz(void)
{
	int exited = 0, killed = 0;
	pid_t child;

	for (long i = 0; i < FUZZ_CHILDREN; i++) {
		int status = 0;

		child = ut_fork(fuzz_child, (void *)i);
		ASSERT_TRUE(child > 0);
		if (!ut_check(wait_bounded(child, &status) == 0,
			      "fuzzing child %ld was still running after %d s (killed)", i,
			      WAIT_LIMIT_S))
			return;
		EXPECT_TRUE(WIFEXITED(status) || WIFSIGNALED(status));
		exited += WIFEXITED(status);
		killed += WIFSIGNALED(status);
	}
	ut_print("    # syscall_fuzz: %d children of %d calls each: %d finished, %d killed\n",
		 FUZZ_CHILDREN, FUZZ_CALLS, exited, killed);
	/* the kernel is still here: a system call and a whole process life */
	EXPECT_EQ(syscall(SYS_getppid), getppid());
	child = ut_fork(exit_0, NULL);
	ASSERT_TRUE(child > 0);
	EXPECT_EQ(ut_wait(child), 0);
}

UTEST_SUITE(fuzz,
	UTEST_CASE(syscall_fuzz),
);
