/*
 * fs_fd suite: what a process does with its fds, through the kernel entry
 * points with kernel buffers: open/close by fd, fcntl's commands, ioctl's
 * dispatch (-ENOTTY for a file that is not a terminal), sendfile's copy.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kunit.h>
#include <kernel/string.h>
#include <uapi/linux/poll.h>

/* include/uapi/asm-generic/ioctls.h */
#define TCGETS  0x5401
#define FIOCLEX 0x5451

static void fs_fcntl_dup_flags_and_cloexec(struct kunit *test)
{
	int fd = do_sys_openat(AT_FDCWD, "/dev/null", O_RDWR | O_APPEND, 0), dup;
	struct file *f;

	KUNIT_ASSERT_GE(test, fd, 0);
	f = fget(fd);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, do_fcntl(fd, F_GETFL, 0, f), O_RDWR | O_APPEND | O_LARGEFILE);
	KUNIT_EXPECT_EQ(test, do_fcntl(fd, F_SETFL, O_NONBLOCK | O_RDONLY | O_TRUNC, f), 0);
	KUNIT_EXPECT_EQ(test, do_fcntl(fd, F_GETFL, 0, f), O_RDWR | O_NONBLOCK | O_LARGEFILE);
	KUNIT_EXPECT_EQ(test, do_fcntl(fd, F_GETFD, 0, f), 0);
	KUNIT_EXPECT_EQ(test, do_fcntl(fd, F_SETFD, FD_CLOEXEC, f), 0);
	KUNIT_EXPECT_EQ(test, do_fcntl(fd, F_GETFD, 0, f), FD_CLOEXEC);
	dup = do_fcntl(fd, F_DUPFD, 10, f);
	KUNIT_EXPECT_GE(test, dup, 10);
	KUNIT_EXPECT_EQ(test, do_fcntl(dup, F_GETFD, 0, f), 0);        /* a dup is not cloexec */
	KUNIT_EXPECT_EQ(test, close_fd(dup), 0);
	dup = do_fcntl(fd, F_DUPFD_CLOEXEC, 0, f);
	KUNIT_EXPECT_GT(test, dup, fd);
	KUNIT_EXPECT_EQ(test, do_fcntl(dup, F_GETFD, 0, f), FD_CLOEXEC);
	KUNIT_EXPECT_EQ(test, close_fd(dup), 0);
	KUNIT_EXPECT_EQ(test, do_fcntl(fd, F_DUPFD, NR_OPEN_DEFAULT, f), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_fcntl(fd, 12345, 0, f), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->f_count, 2);
	fput(f);
	KUNIT_EXPECT_EQ(test, close_fd(fd), 0);
}

static void fs_ioctl_is_enotty_for_files(struct kunit *test)
{
	struct file *f = filp_open("/dev/zero", O_RDONLY, 0);

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, vfs_ioctl(f, TCGETS, 0), -ENOTTY);
	fput(f);
	f = filp_open("/", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, vfs_ioctl(f, FIOCLEX, 0), -ENOTTY);     /* FIOCLEX is the syscall's */
	fput(f);
}

/* The fd table runs out at NR_OPEN_DEFAULT: -EMFILE, and closing makes room. */
static void fs_open_runs_out_of_fds(struct kunit *test)
{
	int fds[NR_OPEN_DEFAULT], n = 0, fd;

	while (n < NR_OPEN_DEFAULT && (fd = do_sys_openat(AT_FDCWD, "/dev/null", O_RDONLY, 0)) >= 0)
		fds[n++] = fd;
	KUNIT_EXPECT_EQ(test, do_sys_openat(AT_FDCWD, "/dev/null", O_RDONLY, 0), -EMFILE);
	KUNIT_EXPECT_GT(test, n, NR_OPEN_DEFAULT - 8);  /* the kernel's own fds may be there */
	if (n) {
		KUNIT_EXPECT_EQ(test, close_fd(fds[n / 2]), 0);
		fd = do_sys_openat(AT_FDCWD, "/dev/null", O_RDONLY, 0);
		KUNIT_EXPECT_EQ(test, fd, fds[n / 2]);
		fds[n / 2] = fd;
	}
	while (n)
		close_fd(fds[--n]);
	KUNIT_EXPECT_EQ(test, do_sys_openat(AT_FDCWD, "/nosuch", O_RDONLY, 0), -ENOENT);
}

static void fs_sendfile_copies_between_files(struct kunit *test)
{
	struct file *in, *out;
	char back[16] = "";
	loff_t pos = 0;

	out = filp_open("/fstest-sendfile", O_RDWR | O_CREAT | O_TRUNC, 0600);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, kernel_write(out, "0123456789", 10, &pos), 10);
	in = filp_open("/fstest-sendfile", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(in));
	pos = 2;
	out->f_pos = 10;
	KUNIT_EXPECT_EQ(test, do_sendfile(in, out, &pos, 5), 5);   /* appends "23456" */
	KUNIT_EXPECT_EQ(test, pos, 7);
	KUNIT_EXPECT_EQ(test, in->f_pos, 0);
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_read(in, back, sizeof(back) - 1, &pos), 15);
	KUNIT_EXPECT_STREQ(test, back, "012345678923456");
	fput(in);
	fput(out);
	KUNIT_EXPECT_EQ(test, init_unlink("/fstest-sendfile"), 0);
}

static void fs_poll_reports_ready_bad_and_ignored_fds(struct kunit *test)
{
	int fd = do_sys_openat(AT_FDCWD, "/dev/null", O_RDWR, 0);
	struct pollfd fds[3];

	KUNIT_ASSERT_GE(test, fd, 0);
	fds[0] = (struct pollfd){ .fd = fd, .events = POLLIN | POLLPRI, .revents = 0x7fff };
	fds[1] = (struct pollfd){ .fd = NR_OPEN_DEFAULT - 1, .events = POLLIN };
	fds[2] = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = 0x7fff };
	KUNIT_EXPECT_EQ(test, do_sys_poll(fds, 3, 0), 2);
	KUNIT_EXPECT_EQ(test, fds[0].revents, POLLIN);          /* what was asked, of the default */
	KUNIT_EXPECT_EQ(test, fds[1].revents, POLLNVAL);
	KUNIT_EXPECT_EQ(test, fds[2].revents, 0);
	/* nothing asked for: the timeout passes (two ticks) and poll says 0 */
	fds[0].events = 0;
	KUNIT_EXPECT_EQ(test, do_sys_poll(fds, 1, 2), 0);
	KUNIT_EXPECT_EQ(test, fds[0].revents, 0);
	KUNIT_EXPECT_EQ(test, close_fd(fd), 0);
}

static struct kunit_case fs_fd_cases[] = {
	KUNIT_CASE(fs_poll_reports_ready_bad_and_ignored_fds),
	KUNIT_CASE(fs_fcntl_dup_flags_and_cloexec),
	KUNIT_CASE(fs_ioctl_is_enotty_for_files),
	KUNIT_CASE(fs_open_runs_out_of_fds),
	KUNIT_CASE(fs_sendfile_copies_between_files),
	{}
};

static struct kunit_suite fs_fd_suite = { .name = "fs_fd", .test_cases = fs_fd_cases };
kunit_test_suite(fs_fd_suite);
