/*
 * vfs suite: the file system calls with real user pointers, as a program
 * sees them (the kernel-side cases are the fs* suites): struct stat's
 * fields in Linux's x86-64 layout, paths with . .. and symlinks, mkdir,
 * unlink, rmdir, getcwd/chdir, fcntl, lseek, pread,
 * readv/writev, poll, sendfile, /proc/self, and -EFAULT for bad pointers
 * (through syscall(): libc wrappers may touch the pointer themselves).
 * Runs unchanged on Linux (as root: it makes /vfs-PID and removes it).
 */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "utest.h"

/* isatty's question: TCGETS on fd (-1 and ENOTTY for a file that is not a terminal). */
static int ioctl_tcgets(int fd)
{
	char termios[64];

	return (int)syscall(SYS_ioctl, fd, 0x5401 /* TCGETS */, termios);
}

#define BAD_PTR ((void *)8)             /* below mmap_min_addr: never mapped */

/* A scratch directory of our own, by pid (so two runs in one boot do not meet). */
static const char *scratch(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "/vfs-%d%s%s", (int)getpid(), *name ? "/" : "", name);
	return path;
}

static void stat_dev_null_and_a_new_file(void)
{
	struct stat st;
	int fd;

	ASSERT_EQ(stat("/dev/null", &st), 0);
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	/* not its mode bits: the fuzz suite, as root, may have changed them */
	EXPECT_EQ(major(st.st_rdev), 1);
	EXPECT_EQ(minor(st.st_rdev), 3);
	ASSERT_EQ(mkdir(scratch(""), 0755), 0);
	fd = open(scratch("f"), O_CREAT | O_EXCL | O_RDWR, 0640);
	ASSERT_TRUE(fd >= 0);
	EXPECT_EQ(write(fd, "0123456789", 10), 10);
	ASSERT_EQ(fstat(fd, &st), 0);
	EXPECT_TRUE(S_ISREG(st.st_mode));
	EXPECT_EQ(st.st_mode & 07777, 0640 & ~umask(022));     /* whatever the umask took */
	EXPECT_EQ(st.st_size, 10);
	EXPECT_EQ(st.st_nlink, 1);
	EXPECT_EQ(st.st_uid, 0);
	EXPECT_EQ(lseek(fd, 0, SEEK_END), 10);
	EXPECT_EQ(lseek(fd, -3, SEEK_CUR), 7);
	EXPECT_ERRNO(lseek(fd, -100, SEEK_SET), EINVAL);
	EXPECT_ERRNO(syscall(SYS_fstat, fd, BAD_PTR), EFAULT);
	close(fd);
	EXPECT_ERRNO(syscall(SYS_stat, scratch("f"), BAD_PTR), EFAULT);
	EXPECT_ERRNO(syscall(SYS_stat, BAD_PTR, &st), EFAULT);
	EXPECT_EQ(unlink(scratch("f")), 0);
	EXPECT_EQ(rmdir(scratch("")), 0);
}

static void paths_symlinks_and_cwd(void)
{
	char buf[128], target[64];
	struct stat st;

	ASSERT_EQ(mkdir(scratch(""), 0755), 0);
	ASSERT_EQ(mkdir(scratch("d"), 0755), 0);
	ASSERT_EQ(symlink("d", scratch("l")), 0);
	EXPECT_EQ(readlink(scratch("l"), target, sizeof(target)), 1);
	EXPECT_EQ(target[0], 'd');
	EXPECT_ERRNO(readlink(scratch("d"), target, sizeof(target)), EINVAL);
	EXPECT_ERRNO(syscall(SYS_readlink, scratch("l"), BAD_PTR, 10), EFAULT);
	ASSERT_EQ(lstat(scratch("l"), &st), 0);
	EXPECT_TRUE(S_ISLNK(st.st_mode));
	ASSERT_EQ(stat(scratch("l"), &st), 0);
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	ASSERT_EQ(chdir(scratch("l/../d/.")), 0);
	ASSERT_TRUE(getcwd(buf, sizeof(buf)) != NULL);
	EXPECT_STREQ(buf, scratch("d"));
	EXPECT_ERRNO(syscall(SYS_getcwd, buf, 3), ERANGE);
	EXPECT_ERRNO(syscall(SYS_getcwd, BAD_PTR, sizeof(buf)), EFAULT);
	ASSERT_EQ(chdir(".."), 0);
	EXPECT_EQ(access("l", F_OK), 0);
	EXPECT_ERRNO(access("nope", F_OK), ENOENT);
	EXPECT_ERRNO(rmdir("."), EINVAL);
	EXPECT_ERRNO(rmdir(scratch("")), ENOTEMPTY);
	EXPECT_ERRNO(unlink("d"), EISDIR);
	EXPECT_ERRNO(mkdir("d", 0700), EEXIST);
	EXPECT_EQ(unlink("l"), 0);
	EXPECT_EQ(rmdir("d"), 0);
	ASSERT_EQ(chdir("/"), 0);
	EXPECT_EQ(rmdir(scratch("")), 0);
	EXPECT_ERRNO(chdir("/dev/null"), ENOTDIR);
	EXPECT_ERRNO(syscall(SYS_open, BAD_PTR, O_RDONLY), EFAULT);
}

static void fcntl_dup_and_cloexec(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC), d;

	ASSERT_TRUE(fd >= 0);
	EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	EXPECT_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDONLY);
	EXPECT_EQ(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	EXPECT_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	d = fcntl(fd, F_DUPFD, 20);
	EXPECT_TRUE(d >= 20);
	EXPECT_EQ(fcntl(d, F_GETFD), 0);
	EXPECT_EQ(dup3(fd, d, O_CLOEXEC), d);
	EXPECT_EQ(fcntl(d, F_GETFD), FD_CLOEXEC);
	EXPECT_ERRNO(dup3(fd, fd, 0), EINVAL);
	EXPECT_EQ(dup2(fd, fd), fd);
	EXPECT_ERRNO(fcntl(fd, 99999), EINVAL);
	/* the lowest fd is an unsigned int, as Linux's f_dupfd: 2^32 is 0, so the lowest free fd */
	d = syscall(SYS_fcntl, fd, F_DUPFD, 1UL << 32);
	EXPECT_TRUE(d >= 0 && d < 10);
	close(d);
	EXPECT_ERRNO(fsync(fd), EINVAL);        /* a device has nothing to sync */
	EXPECT_ERRNO(fsync(12345), EBADF);
	EXPECT_ERRNO(ioctl_tcgets(fd), ENOTTY);
	close(d);
	close(fd);
	EXPECT_ERRNO(fcntl(fd, F_GETFD), EBADF);
}

static void readv_writev_pread_sendfile(void)
{
	char a[4], b[8], out[16] = "";
	struct iovec iov[2] = { { "abcd", 4 }, { "efghijkl", 8 } };
	struct iovec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int fd, null, maps;
	off_t off = 6;

	ASSERT_EQ(mkdir(scratch(""), 0755), 0);
	fd = open(scratch("rw"), O_CREAT | O_RDWR | O_TRUNC, 0600);
	ASSERT_TRUE(fd >= 0);
	EXPECT_EQ(writev(fd, iov, 2), 12);
	EXPECT_EQ(fsync(fd), 0);
	EXPECT_EQ(pread(fd, out, 5, 3), 5);
	EXPECT_STREQ(out, "defgh");
	EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	EXPECT_EQ(readv(fd, in, 2), 12);
	EXPECT_EQ(memcmp(a, "abcd", 4), 0);
	EXPECT_EQ(memcmp(b, "efghijkl", 8), 0);
	null = open("/dev/null", O_WRONLY);
	EXPECT_EQ(sendfile(null, fd, &off, 100), 6);
	EXPECT_EQ(off, 12);
	EXPECT_ERRNO(syscall(SYS_sendfile, null, fd, BAD_PTR, 1), EFAULT);
	/* a seq_read file (Linux 6.1's /proc/PID/maps) has no splice_read: cat falls back to read */
	maps = open("/proc/self/maps", O_RDONLY);
	ASSERT_TRUE(maps >= 0);
	EXPECT_ERRNO(sendfile(null, maps, NULL, 100), EINVAL);
	close(maps);
	EXPECT_ERRNO(pread(null, out, 1, 0), EBADF);      /* write-only */
	EXPECT_ERRNO(syscall(SYS_write, fd, BAD_PTR, 10), EFAULT);
	EXPECT_ERRNO(syscall(SYS_readv, fd, BAD_PTR, 1), EFAULT);
	in[1].iov_len = (size_t)-1;                     /* negative as a ssize_t */
	EXPECT_ERRNO(readv(fd, in, 2), EINVAL);
	EXPECT_EQ(readv(fd, in, 0), 0);
	close(null);
	close(fd);
	EXPECT_EQ(unlink(scratch("rw")), 0);
	EXPECT_EQ(rmdir(scratch("")), 0);
}

static void poll_pipe_and_proc_self(void)
{
	int p[2];
	struct pollfd pf[2];
	char link[32], want[32];

	ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
	pf[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	pf[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	EXPECT_EQ(poll(pf, 2, 0), 1);
	EXPECT_EQ(pf[0].revents, 0);
	EXPECT_EQ(pf[1].revents, POLLOUT);
	EXPECT_EQ(write(p[1], "x", 1), 1);
	EXPECT_EQ(poll(pf, 1, 1000), 1);
	EXPECT_EQ(pf[0].revents, POLLIN);
	close(p[1]);
	EXPECT_EQ(poll(pf, 1, 0), 1);
	EXPECT_EQ(pf[0].revents, POLLIN | POLLHUP);
	close(p[0]);
	EXPECT_ERRNO(syscall(SYS_poll, BAD_PTR, 1, 0), EFAULT);
	snprintf(want, sizeof(want), "%d", (int)getpid());
	memset(link, 0, sizeof(link));
	EXPECT_EQ(readlink("/proc/self", link, sizeof(link)), (long)strlen(want));
	EXPECT_STREQ(link, want);
}

UTEST_SUITE(vfs,
	UTEST_CASE(stat_dev_null_and_a_new_file),
	UTEST_CASE(paths_symlinks_and_cwd),
	UTEST_CASE(fcntl_dup_and_cloexec),
	UTEST_CASE(readv_writev_pread_sendfile),
	UTEST_CASE(poll_pipe_and_proc_self),
);
