/*
 * utest suite "uio": QEMU's edu through uio_pci_generic, from user space,
 * as on Linux.  The first case that needs it binds edu with `eduuio --bind`
 * (unbind + new_id through /sys); the last gives it back with `eduuio
 * --restore` and checks that its uio device went.  Checks the
 * /sys/class/uio files, /dev/uioN's errors (a short read or write EINVAL,
 * O_NONBLOCK EAGAIN, mmap of a wrong size or offset EINVAL), an interrupt
 * counted by a blocking read, a blocked read ended by a signal (EINTR), and
 * eduuio's own output.  Every case skips
 * when there is no edu (-device edu absent) or no UIO.
 */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define EDU_ID          0x00
#define EDU_IRQ_STATUS  0x24
#define EDU_IRQ_RAISE   0x60
#define EDU_IRQ_ACK     0x64
#define BAR0_SIZE       0x100000UL

static char out[4096];                  /* the last program's standard output */

/* The first line of path into buf, newline dropped: 0 or -1. */
static int read_line(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* eduuio beside this program (/user/eduuio on Atlas). */
static void eduuio_path(char *buf, size_t size)
{
	const char *slash = strrchr(utest_argv0, '/');

	snprintf(buf, size, "%.*seduuio", slash ? (int)(slash - utest_argv0 + 1) : 0, utest_argv0);
}

/* Run eduuio with arg (or none), its stdout into out[]: its exit status, or -1. */
static int run_eduuio(const char *arg)
{
	char path[256];
	int p[2], status;
	ssize_t n, len = 0;
	pid_t pid;

	eduuio_path(path, sizeof(path));
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execl(path, "eduuio", arg, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while ((n = read(p[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += n;
	out[len] = '\0';
	close(p[0]);
	status = ut_wait(pid);
	return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Whether /sys/class/uio/uioN is uio_pci_generic on an edu. */
static int is_edu_uio(int n)
{
	char path[128], buf[64];

	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/name", n);
	if (read_line(path, buf, sizeof(buf)) || strcmp(buf, "uio_pci_generic"))
		return 0;
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/device/device", n);
	return !read_line(path, buf, sizeof(buf)) && !strcmp(buf, "0x11e8");
}

static int find_uio(void)
{
	for (int n = 0; n < 16; n++)
		if (is_edu_uio(n))
			return n;
	return -1;
}

/* Whether there is an edu at all (its PCI function in /sys). */
static int have_edu(void)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	char path[300], buf[32];
	int found = 0;

	while (d && !found && (e = readdir(d))) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", e->d_name);
		found = !read_line(path, buf, sizeof(buf)) && !strcmp(buf, "0x11e8");
	}
	if (d)
		closedir(d);
	return found;
}

/* N of edu's uio device, binding it first if needed; -1 after ut_skip/ut_fail. */
static int edu_uio(void)
{
	int n = find_uio();

	if (n >= 0)
		return n;
	if (access("/sys/bus/pci/drivers/uio_pci_generic", F_OK)) {
		ut_skip("no uio_pci_generic driver in /sys/bus/pci/drivers");
		return -1;
	}
	if (!have_edu()) {
		ut_skip("no edu device (QEMU's -device edu)");
		return -1;
	}
	EXPECT_EQ(run_eduuio("--bind"), 0);
	n = find_uio();
	ut_check(n >= 0, "eduuio --bind made no uio device; it said:\n%s", out);
	return n;
}

static int open_uio(int n, int flags)
{
	char path[32];

	snprintf(path, sizeof(path), "/dev/uio%d", n);
	return open(path, flags);
}

/* name, version and map0 as Linux prints them, map0 being BAR0 of the edu. */
static void uio_sysfs_describes_edu(void)
{
	char path[128], buf[128], slot[64], res[128];
	int n = edu_uio();
	ssize_t len;

	if (n < 0)
		return;
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/device", n);
	len = readlink(path, slot, sizeof(slot) - 1);
	ASSERT_TRUE(len > 9 && !strncmp(slot, "../../../", 9));
	slot[len] = '\0';
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/version", n);
	EXPECT_EQ(read_line(path, buf, sizeof(buf)), 0);
	EXPECT_STREQ(buf, "0.01.0");
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/maps/map0/size", n);
	EXPECT_EQ(read_line(path, buf, sizeof(buf)), 0);
	EXPECT_STREQ(buf, "0x0000000000100000");
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/maps/map0/offset", n);
	EXPECT_EQ(read_line(path, buf, sizeof(buf)), 0);
	EXPECT_STREQ(buf, "0x0");
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/maps/map0/name", n);
	EXPECT_EQ(read_line(path, buf, sizeof(buf)), 0);
	EXPECT_STREQ(buf, slot + 9);
	/* addr is the start of the BAR0 line of the function's resource file */
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/maps/map0/addr", n);
	EXPECT_EQ(read_line(path, buf, sizeof(buf)), 0);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", slot + 9);
	EXPECT_EQ(read_line(path, res, sizeof(res)), 0);
	res[18] = '\0';
	EXPECT_STREQ(buf, res);
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/subsystem", n);
	len = readlink(path, buf, sizeof(buf) - 1);
	buf[len > 0 ? len : 0] = '\0';
	EXPECT_TRUE(len > 0 && strstr(buf, "/class/uio") && !strncmp(buf, "../../../../../", 15));
}

/* read and write take exactly 4 bytes. */
static void uio_short_read_and_write_einval(void)
{
	char buf[8] = { 1, 0, 0, 0 };
	int n = edu_uio(), fd;

	if (n < 0)
		return;
	fd = open_uio(n, O_RDWR | O_NONBLOCK);
	ASSERT_TRUE(fd >= 0);
	EXPECT_ERRNO(read(fd, buf, 2), EINVAL);
	EXPECT_ERRNO(read(fd, buf, 8), EINVAL);
	EXPECT_ERRNO(write(fd, buf, 3), EINVAL);
	EXPECT_EQ(write(fd, buf, 4), 4);        /* 1: unmask */
	close(fd);
}

/* With O_NONBLOCK and no new interrupt, read is EAGAIN; poll says nothing is ready. */
static void uio_nonblocking_read_eagain(void)
{
	struct pollfd p = { .events = POLLIN };
	int32_t v;
	int n = edu_uio();

	if (n < 0)
		return;
	p.fd = open_uio(n, O_RDONLY | O_NONBLOCK);
	ASSERT_TRUE(p.fd >= 0);
	EXPECT_ERRNO(read(p.fd, &v, 4), EAGAIN);
	EXPECT_EQ(poll(&p, 1, 0), 0);
	close(p.fd);
}

/* map0 maps BAR0 (edu's ID reads back); more than map0, or map1 / map5, is EINVAL. */
static void uio_mmap_size_and_offset(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	int n = edu_uio(), fd;
	void *p;

	if (n < 0)
		return;
	fd = open_uio(n, O_RDWR);
	ASSERT_TRUE(fd >= 0);
	p = mmap(NULL, BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT_TRUE(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		EXPECT_EQ(((volatile uint32_t *)p)[EDU_ID / 4], 0x010000ed);
		munmap(p, BAR0_SIZE);
	}
	EXPECT_ERRNO(mmap(NULL, 2 * BAR0_SIZE, PROT_READ, MAP_SHARED, fd, 0), EINVAL);
	EXPECT_ERRNO(mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, pg), EINVAL);
	EXPECT_ERRNO(mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 5 * pg), EINVAL);
	close(fd);
}

/* Unmask, raise edu's interrupt, a blocking read returns the count, one more than before. */
static void uio_blocking_read_counts_an_interrupt(void)
{
	struct pollfd p = { .events = POLLIN };
	char path[128], buf[32];
	int32_t on = 1, count = -1;
	volatile uint32_t *regs;
	long before;
	int n = edu_uio();

	if (n < 0)
		return;
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/event", n);
	ASSERT_EQ(read_line(path, buf, sizeof(buf)), 0);
	before = atol(buf);
	p.fd = open_uio(n, O_RDWR);
	ASSERT_TRUE(p.fd >= 0);
	regs = mmap(NULL, BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, p.fd, 0);
	ASSERT_TRUE(regs != MAP_FAILED);
	EXPECT_EQ(write(p.fd, &on, 4), 4);
	regs[EDU_IRQ_RAISE / 4] = 0x1;
	EXPECT_EQ(poll(&p, 1, 1000), 1);        /* within a second, or the read would hang */
	if (p.revents & POLLIN) {
		EXPECT_EQ(read(p.fd, &count, 4), 4);
		EXPECT_EQ(count, before + 1);
	}
	EXPECT_EQ(regs[EDU_IRQ_STATUS / 4], 1);
	regs[EDU_IRQ_ACK / 4] = 0x1;
	EXPECT_EQ(regs[EDU_IRQ_STATUS / 4], 0);
	EXPECT_EQ(write(p.fd, &on, 4), 4);
	EXPECT_EQ(read_line(path, buf, sizeof(buf)), 0);
	EXPECT_EQ(atol(buf), before + 1);
	munmap((void *)regs, BAR0_SIZE);
	close(p.fd);
}

static void on_signal(int sig)
{
	(void)sig;
}

static volatile uint32_t *kick_regs;    /* edu's registers, for the child below */

/*
 * The child of the case below: SIGUSR1 to its parent every 200 ms, a few
 * times, in case the first comes before the parent sleeps in read (a busy
 * host can hold the parent that long after the fork: the handler then runs
 * and the read would sleep on); should the parent still sleep after that,
 * an edu interrupt ends its read (the case then fails, but nothing hangs).
 */
#define SIGNAL_TRIES 5

static int signal_parent(void *arg)
{
	struct timespec t = { .tv_nsec = 200000000 };

	for (int i = 0; i < SIGNAL_TRIES; i++) {
		nanosleep(&t, NULL);
		kill(getppid(), SIGUSR1);
	}
	nanosleep(&t, NULL);
	kick_regs[EDU_IRQ_RAISE / 4] = 0x1;
	return 0;
}

/* A blocking read with no interrupt coming sleeps until a signal: EINTR without SA_RESTART. */
static void uio_blocked_read_ends_on_a_signal(void)
{
	struct sigaction sa = { .sa_handler = on_signal }, old;
	int32_t count, on = 1;
	int n = edu_uio(), fd;
	pid_t child;

	if (n < 0)
		return;
	fd = open_uio(n, O_RDWR);
	ASSERT_TRUE(fd >= 0);
	kick_regs = mmap(NULL, BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_TRUE(kick_regs != MAP_FAILED);
	EXPECT_EQ(write(fd, &on, 4), 4);
	sigemptyset(&sa.sa_mask);
	EXPECT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
	child = ut_fork(signal_parent, NULL);
	EXPECT_ERRNO(read(fd, &count, 4), EINTR);
	kill(child, SIGKILL);
	ut_wait(child);
	sigaction(SIGUSR1, &old, NULL);
	if (kick_regs[EDU_IRQ_STATUS / 4]) {     /* the child's rescue came: ack, unmask */
		kick_regs[EDU_IRQ_ACK / 4] = kick_regs[EDU_IRQ_STATUS / 4];
		EXPECT_EQ(write(fd, &on, 4), 4);
	}
	munmap((void *)kick_regs, BAR0_SIZE);
	close(fd);
}

/* The UIO program itself: identification, liveness, factorial and one interrupt. */
static void uio_eduuio_program_passes(void)
{
	int n = edu_uio();

	if (n < 0)
		return;
	EXPECT_EQ(run_eduuio(NULL), 0);
	EXPECT_TRUE(strstr(out, "edu: identification 0x010000ed (version 1.0)\n"));
	EXPECT_TRUE(strstr(out, "edu: liveness: wrote 0x12345678, read 0xedcba987\n"));
	EXPECT_TRUE(strstr(out, "edu: factorial: 10! = 3628800\n"));
	EXPECT_TRUE(strstr(out, "edu: interrupt: event count "));
	EXPECT_TRUE(strstr(out, "eduuio: all checks passed\n"));
	if (ut_failed())
		ut_print("    # eduuio said:\n%s", out);
}

/* edu goes back to its driver: the uio device and /dev/uioN go with uio_pci_generic. */
static void uio_restore_gives_edu_back(void)
{
	char path[64];
	struct stat st;
	int n = edu_uio();

	if (n < 0)
		return;
	EXPECT_EQ(run_eduuio("--restore"), 0);
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d", n);
	EXPECT_ERRNO(lstat(path, &st), ENOENT);
	snprintf(path, sizeof(path), "/dev/uio%d", n);
	EXPECT_ERRNO(stat(path, &st), ENOENT);
	EXPECT_EQ(find_uio(), -1);
	if (!access("/sys/bus/pci/drivers/edu", F_OK))
		EXPECT_TRUE(strstr(out, "given back to edu"));
}

UTEST_SUITE(uio,
	UTEST_CASE(uio_sysfs_describes_edu),
	UTEST_CASE(uio_short_read_and_write_einval),
	UTEST_CASE(uio_nonblocking_read_eagain),
	UTEST_CASE(uio_mmap_size_and_offset),
	UTEST_CASE(uio_blocking_read_counts_an_interrupt),
	UTEST_CASE(uio_blocked_read_ends_on_a_signal),
	UTEST_CASE(uio_eduuio_program_passes),
	UTEST_CASE(uio_restore_gives_edu_back));
