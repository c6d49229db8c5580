/*
 * utest suite "files": stdout, /dev/zero and /dev/null, a directory listing
 * with getdents64, dup2, a pipe between parent and child, and the errors a
 * bad file descriptor or name gets, and a kernel pointer refused while
 * another process's sendfile writes into the same pipe.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/sendfile.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "utest.h"

#define DUP_FD 50       /* a high fd, below Atlas's 64-entry table (Linux allows 1023) */

/* Linux's struct linux_dirent64 (include/linux/dirent.h) */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static void write_stdout(void)
{
	static const char line[] = "    # write_stdout: this line came through write(1, ...)\n";

	EXPECT_EQ(write(1, line, sizeof(line) - 1), sizeof(line) - 1);
	EXPECT_EQ(write(1, line, 0), 0);
}

/* /dev/zero reads as zeros, however much is asked; writes vanish. */
static void dev_zero_reads_zeros(void)
{
	static unsigned char buf[2 * PAGE_SIZE];
	int fd = open("/dev/zero", O_RDWR);

	ASSERT_TRUE(fd >= 0);
	memset(buf, 0xaa, sizeof(buf));
	EXPECT_EQ(read(fd, buf, PAGE_SIZE), PAGE_SIZE);
	EXPECT_EQ(read(fd, buf + PAGE_SIZE, 100), 100);
	for (unsigned long i = 0; i < PAGE_SIZE + 100; i++)
		if (!EXPECT_EQ(buf[i], 0))
			break;
	EXPECT_EQ(buf[PAGE_SIZE + 100], 0xaa);  /* no further than asked */
	EXPECT_EQ(write(fd, buf, 64), 64);
	EXPECT_EQ(close(fd), 0);
}

/* /dev/null: end of file at once, every write accepted whole. */
static void dev_null_eof_and_sink(void)
{
	char buf[16] = "untouched";
	int fd = open("/dev/null", O_RDWR);

	ASSERT_TRUE(fd >= 0);
	EXPECT_EQ(read(fd, buf, sizeof(buf)), 0);
	EXPECT_STREQ(buf, "untouched");
	EXPECT_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
	EXPECT_EQ(close(fd), 0);
}

/* getdents64 of / lists ., .., dev and proc, dev as a directory. */
static void getdents_root(void)
{
	static char buf[8192];
	int fd = open("/", O_RDONLY | O_DIRECTORY), found = 0;
	long n;

	ASSERT_TRUE(fd >= 0);
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);

			if (!EXPECT_TRUE(d->d_reclen > 0 && d->d_reclen % 8 == 0))
				break;
			found |= !strcmp(d->d_name, ".") << 0 | !strcmp(d->d_name, "..") << 1;
			if (!strcmp(d->d_name, "dev")) {
				found |= 1 << 2;
				EXPECT_EQ(d->d_type, DT_DIR);
			}
			found |= !strcmp(d->d_name, "proc") << 3;
			off += d->d_reclen;
		}
	}
	EXPECT_EQ(n, 0);
	EXPECT_EQ(found, 0xf);
	EXPECT_ERRNO(syscall(SYS_getdents64, 1000, buf, sizeof(buf)), EBADF);
	close(fd);
}

/* dup2 makes a second fd for the same open file; closing one leaves the other. */
static void dup2_redirects(void)
{
	char buf[8] = { 0 };
	int fds[2];

	ASSERT_EQ(pipe(fds), 0);
	ASSERT_EQ(dup2(fds[1], DUP_FD), DUP_FD);
	EXPECT_EQ(write(DUP_FD, "abc", 3), 3);
	EXPECT_EQ(read(fds[0], buf, sizeof(buf)), 3);
	EXPECT_STREQ(buf, "abc");
	EXPECT_EQ(dup2(DUP_FD, DUP_FD), DUP_FD);
	EXPECT_EQ(close(DUP_FD), 0);
	EXPECT_ERRNO(fcntl(DUP_FD, F_GETFD), EBADF);
	EXPECT_EQ(write(fds[1], "d", 1), 1);    /* the original still works */
	EXPECT_ERRNO(dup2(1000, 101), EBADF);
	close(fds[0]);
	close(fds[1]);
}

static const char pipe_msg[] = "hello from the child through a pipe";

static int pipe_writer(void *arg)
{
	int *fds = arg;

	close(fds[0]);
	return write(fds[1], pipe_msg, sizeof(pipe_msg)) == sizeof(pipe_msg) ? 0 : 1;
}

/* What the child writes the parent reads; the child's exit closes the pipe: EOF. */
static void pipe_parent_child(void)
{
	char buf[64] = { 0 };
	int fds[2], got = 0, n;
	pid_t child;

	ASSERT_EQ(pipe(fds), 0);
	child = ut_fork(pipe_writer, fds);
	ASSERT_TRUE(child > 0);
	close(fds[1]);
	while ((n = read(fds[0], buf + got, sizeof(buf) - got)) > 0)
		got += n;
	EXPECT_EQ(n, 0);
	EXPECT_EQ(got, sizeof(pipe_msg));
	EXPECT_STREQ(buf, pipe_msg);
	EXPECT_EQ(ut_wait(child), 0);
	close(fds[0]);
}

/* A write to a pipe nobody reads: EPIPE (SIGPIPE ignored here). */
static void pipe_without_reader_epipe(void)
{
	int fds[2];

	signal(SIGPIPE, SIG_IGN);
	ASSERT_EQ(pipe(fds), 0);
	close(fds[0]);
	EXPECT_ERRNO(write(fds[1], "x", 1), EPIPE);
	close(fds[1]);
	signal(SIGPIPE, SIG_DFL);
}

static void bad_fds_and_names(void)
{
	char c;

	EXPECT_ERRNO(read(-1, &c, 1), EBADF);
	EXPECT_ERRNO(write(12345, &c, 1), EBADF);
	EXPECT_ERRNO(close(12345), EBADF);
	EXPECT_ERRNO(open("/no/such/file", O_RDONLY), ENOENT);
	EXPECT_ERRNO(open("/dev/null/x", O_RDONLY), ENOTDIR);
}

/* Fill the pipe's write end from /dev/zero until killed (sendfile blocks once it is full). */
static int sendfile_into_pipe(void *arg)
{
	int *fds = arg, zero = open("/dev/zero", O_RDONLY);

	close(fds[0]);
	sendfile(fds[1], zero, NULL, 1 << 20);
	return 0;
}

/*
 * While another process sharing the pipe's write end sleeps in sendfile (the
 * kernel writing into the pipe from its own buffer), this process's write()
 * of a kernel address is still -EFAULT: the kernel's own copy must not make
 * the shared struct file take every caller's pointer for a kernel one.
 */
static void write_of_kernel_pointer_during_sendfile(void)
{
	const struct timespec settle = { 0, 200 * 1000 * 1000 };
	void *kernel = (void *)0xffff888000001000UL;    /* the direct map: page 1 of RAM */
	int fds[2];
	pid_t child;

	ASSERT_EQ(pipe(fds), 0);
	child = ut_fork(sendfile_into_pipe, fds);
	ASSERT_TRUE(child > 0);
	nanosleep(&settle, NULL);       /* the pipe full, the child asleep in sendfile */
	ASSERT_EQ(fcntl(fds[1], F_SETFL, O_NONBLOCK), 0);
	EXPECT_EQ(syscall(SYS_write, fds[1], kernel, 8), -1);
	EXPECT_EQ(errno, EFAULT);
	kill(child, SIGKILL);
	EXPECT_EQ(ut_wait(child), SIGKILL);
	close(fds[0]);
	close(fds[1]);
}

UTEST_SUITE(files,
	UTEST_CASE(write_stdout),
	UTEST_CASE(dev_zero_reads_zeros),
	UTEST_CASE(dev_null_eof_and_sink),
	UTEST_CASE(getdents_root),
	UTEST_CASE(dup2_redirects),
	UTEST_CASE(pipe_parent_child),
	UTEST_CASE(pipe_without_reader_epipe),
	UTEST_CASE(bad_fds_and_names),
	UTEST_CASE(write_of_kernel_pointer_during_sendfile),
);
