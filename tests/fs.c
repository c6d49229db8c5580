/*
 * fs suite: the VFS and ramfs through the kernel's own entry points (path
 * lookup with ., .. and symlinks, create/read/write/unlink, the fd table,
 * stat, readdir, /dev's null and zero), with kernel buffers.  Each case works
 * under /fstest-CASE, made at its start and removed at its end, so a second
 * run finds / as the first did.
 */
#include <errno.h>
#include <asm/page.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/timekeeping.h>
#include <mm/slab.h>
#include <uapi/asm/stat.h>
#include <uapi/linux/dirent.h>
#include <uapi/linux/time_types.h>

/* Remove what a case made, deepest first; missing names are fine. */
static void cleanup(const char *const *names, int n)
{
	for (int i = n - 1; i >= 0; i--)
		if (init_unlink(names[i]) == -EISDIR)
			init_rmdir(names[i]);
}

static int write_file(const char *name, const void *buf, size_t len)
{
	struct file *f = filp_open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	loff_t pos = 0;
	long n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, buf, len, &pos);
	fput(f);
	return n == (long)len ? 0 : -EIO;
}

static const char *const lookup_names[] = {
	"/fstest-lookup", "/fstest-lookup/a", "/fstest-lookup/a/b", "/fstest-lookup/a/file",
	"/fstest-lookup/rel", "/fstest-lookup/abs", "/fstest-lookup/loop1",
	"/fstest-lookup/loop2", "/fstest-lookup/dangling",
};

static void fs_lookup_follows_dot_dotdot_and_symlinks(struct kunit *test)
{
	struct dentry *b, *d;

	cleanup(lookup_names, ARRAY_SIZE(lookup_names));
	KUNIT_ASSERT_EQ(test, init_mkdir("/fstest-lookup", 0755), 0);
	KUNIT_ASSERT_EQ(test, init_mkdir("/fstest-lookup/a", 0755), 0);
	KUNIT_ASSERT_EQ(test, init_mkdir("/fstest-lookup/a/b", 0755), 0);
	KUNIT_ASSERT_EQ(test, write_file("/fstest-lookup/a/file", "x", 1), 0);
	KUNIT_ASSERT_EQ(test, init_symlink("a/b", "/fstest-lookup/rel"), 0);
	KUNIT_ASSERT_EQ(test, init_symlink("/fstest-lookup/a", "/fstest-lookup/abs"), 0);
	KUNIT_ASSERT_EQ(test, init_symlink("loop2", "/fstest-lookup/loop1"), 0);
	KUNIT_ASSERT_EQ(test, init_symlink("loop1", "/fstest-lookup/loop2"), 0);
	KUNIT_ASSERT_EQ(test, init_symlink("nowhere", "/fstest-lookup/dangling"), 0);

	KUNIT_ASSERT_EQ(test, kern_path("/fstest-lookup/a/b", 0, &b), 0);
	KUNIT_EXPECT_EQ(test, kern_path("//fstest-lookup/./a/../a/b/", 0, &d), 0);
	KUNIT_EXPECT_PTR_EQ(test, d, b);
	dput(d);
	/* .. at the root stays at the root */
	KUNIT_EXPECT_EQ(test, kern_path("/../../fstest-lookup/a/b", 0, &d), 0);
	KUNIT_EXPECT_PTR_EQ(test, d, b);
	dput(d);
	/* a relative link from its own directory, an absolute one from / */
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/rel", LOOKUP_FOLLOW, &d), 0);
	KUNIT_EXPECT_PTR_EQ(test, d, b);
	dput(d);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/abs/b/..//b", 0, &d), 0);
	KUNIT_EXPECT_PTR_EQ(test, d, b);
	dput(d);
	/* without LOOKUP_FOLLOW the last link is the answer */
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/rel", 0, &d), 0);
	KUNIT_EXPECT_TRUE(test, S_ISLNK(d->d_inode->i_mode));
	dput(d);
	dput(b);

	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/loop1", LOOKUP_FOLLOW, &d), -ELOOP);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/loop1/x", 0, &d), -ELOOP);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/dangling", LOOKUP_FOLLOW, &d), -ENOENT);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/a/file/x", 0, &d), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/a/file/", 0, &d), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/a/file", LOOKUP_DIRECTORY, &d), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-lookup/none", 0, &d), -ENOENT);
	KUNIT_EXPECT_EQ(test, kern_path("", 0, &d), -ENOENT);
	cleanup(lookup_names, ARRAY_SIZE(lookup_names));
}

/* A link to itself 41 deep is -ELOOP; 40 is fine (Linux's MAXSYMLINKS). */
static void fs_lookup_stops_after_40_links(struct kunit *test)
{
	char name[32], target[32];
	struct dentry *d;
	int i;

	init_mkdir("/fstest-chain", 0755);
	KUNIT_ASSERT_EQ(test, init_mkdir("/fstest-chain/end", 0755), 0);
	for (i = 0; i < 41; i++) {
		snprintf(name, sizeof(name), "/fstest-chain/l%d", i);
		if (i)
			snprintf(target, sizeof(target), "l%d", i - 1);
		KUNIT_ASSERT_EQ(test, init_symlink(i ? target : "end", name), 0);
	}
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-chain/l39", LOOKUP_FOLLOW, &d), 0);
	if (!IS_ERR_OR_NULL(d))
		dput(d);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-chain/l40", LOOKUP_FOLLOW, &d), -ELOOP);
	for (i = 0; i < 41; i++) {
		snprintf(name, sizeof(name), "/fstest-chain/l%d", i);
		KUNIT_EXPECT_EQ(test, init_unlink(name), 0);
	}
	KUNIT_EXPECT_EQ(test, init_rmdir("/fstest-chain/end"), 0);
	KUNIT_EXPECT_EQ(test, init_rmdir("/fstest-chain"), 0);
}

#define DATA_LEN 10000                  /* three pages, the last partly */

static void fs_ramfs_write_read_seek_truncate(struct kunit *test)
{
	u8 *buf = kmalloc(DATA_LEN, GFP_KERNEL), *back = kzalloc(DATA_LEN, GFP_KERNEL);
	struct file *f;
	loff_t pos;

	KUNIT_ASSERT_TRUE(test, buf && back);
	for (int i = 0; i < DATA_LEN; i++)
		buf[i] = i * 7 + 3;
	KUNIT_ASSERT_EQ(test, write_file("/fstest-data", buf, DATA_LEN), 0);
	f = filp_open("/fstest-data", O_RDWR, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, f->f_inode->i_size, DATA_LEN);
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_read(f, back, DATA_LEN + 100, &pos), DATA_LEN);
	KUNIT_EXPECT_EQ(test, memcmp(buf, back, DATA_LEN), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(f, back, 10, &pos), 0);      /* at the end */
	/* a write past the end leaves a hole that reads as zeros */
	pos = 3 * PAGE_SIZE + 10;
	KUNIT_EXPECT_EQ(test, kernel_write(f, "tail", 4, &pos), 4);
	KUNIT_EXPECT_EQ(test, f->f_inode->i_size, 3 * PAGE_SIZE + 14);
	pos = DATA_LEN;
	KUNIT_EXPECT_EQ(test, kernel_read(f, back, 3 * PAGE_SIZE + 14 - DATA_LEN, &pos),
			3 * PAGE_SIZE + 14 - DATA_LEN);
	KUNIT_EXPECT_EQ(test, back[0], 0);
	KUNIT_EXPECT_EQ(test, memcmp(back + 3 * PAGE_SIZE + 10 - DATA_LEN, "tail", 4), 0);
	KUNIT_EXPECT_EQ(test, vfs_llseek(f, -4, SEEK_END), 3 * PAGE_SIZE + 10);
	KUNIT_EXPECT_EQ(test, vfs_llseek(f, -1, SEEK_SET), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_llseek(f, 0, 7), -EINVAL);
	/* truncate down to 5 bytes and up again: what was cut reads as zeros */
	KUNIT_EXPECT_EQ(test, vfs_truncate(f->f_inode, 5), 0);
	KUNIT_EXPECT_EQ(test, vfs_truncate(f->f_inode, 10), 0);
	KUNIT_EXPECT_EQ(test, f->f_inode->i_size, 10);
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_read(f, back, 10, &pos), 10);
	KUNIT_EXPECT_EQ(test, memcmp(back, buf, 5), 0);
	KUNIT_EXPECT_EQ(test, back[5] | back[9], 0);
	KUNIT_EXPECT_EQ(test, vfs_truncate(f->f_inode, -1), -EINVAL);
	fput(f);
	/* O_TRUNC empties it; O_APPEND writes at the end */
	f = filp_open("/fstest-data", O_WRONLY | O_TRUNC | O_APPEND, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, f->f_inode->i_size, 0);
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_write(f, "ab", 2, &pos), 2);
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_write(f, "cd", 2, &pos), 2);
	KUNIT_EXPECT_EQ(test, f->f_inode->i_size, 4);
	KUNIT_EXPECT_EQ(test, kernel_read(f, back, 4, &pos), -EBADF);  /* write-only */
	fput(f);
	KUNIT_EXPECT_EQ(test, init_unlink("/fstest-data"), 0);
	kfree(buf);
	kfree(back);
}

/* An unlinked file lives on while it is open; its name is gone at once. */
static void fs_unlink_keeps_open_files(struct kunit *test)
{
	struct file *f;
	struct dentry *d;
	char c = 0;
	loff_t pos = 0;

	KUNIT_ASSERT_EQ(test, write_file("/fstest-unlink", "z", 1), 0);
	f = filp_open("/fstest-unlink", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, init_unlink("/fstest-unlink"), 0);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-unlink", 0, &d), -ENOENT);
	KUNIT_EXPECT_EQ(test, init_unlink("/fstest-unlink"), -ENOENT);
	KUNIT_EXPECT_EQ(test, kernel_read(f, &c, 1, &pos), 1);
	KUNIT_EXPECT_EQ(test, c, 'z');
	KUNIT_EXPECT_EQ(test, f->f_inode->i_nlink, 0);
	fput(f);
}

static void fs_create_and_remove_errors(struct kunit *test)
{
	struct file *f;

	KUNIT_ASSERT_EQ(test, init_mkdir("/fstest-err", 0700), 0);
	KUNIT_EXPECT_EQ(test, init_mkdir("/fstest-err", 0700), -EEXIST);
	KUNIT_EXPECT_EQ(test, init_mkdir("/fstest-err/x/y", 0700), -ENOENT);
	KUNIT_EXPECT_EQ(test, init_mkdir("/", 0700), -EEXIST);
	KUNIT_ASSERT_EQ(test, write_file("/fstest-err/f", "", 0), 0);
	KUNIT_EXPECT_EQ(test, init_rmdir("/fstest-err"), -ENOTEMPTY);
	KUNIT_EXPECT_EQ(test, init_unlink("/fstest-err"), -EISDIR);
	KUNIT_EXPECT_EQ(test, init_rmdir("/fstest-err/f"), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, init_mkdir("/fstest-err/f/d", 0700), -ENOTDIR);
	f = filp_open("/fstest-err/f", O_CREAT | O_EXCL | O_WRONLY, 0600);
	KUNIT_EXPECT_EQ(test, PTR_ERR(f), -EEXIST);
	f = filp_open("/fstest-err", O_WRONLY, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(f), -EISDIR);
	f = filp_open("/fstest-err/f", O_RDONLY | O_DIRECTORY, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(f), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, init_unlink("/fstest-err/f"), 0);
	KUNIT_EXPECT_EQ(test, init_rmdir("/fstest-err"), 0);
	KUNIT_EXPECT_EQ(test, init_rmdir("/fstest-err"), -ENOENT);
	KUNIT_EXPECT_EQ(test, init_rmdir("/dev"), -EBUSY);     /* a mount point */
}

static void fs_stat_and_readlink(struct kunit *test)
{
	struct stat st;
	char buf[32];

	KUNIT_ASSERT_EQ(test, init_symlink("/dev/null", "/fstest-link"), 0);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/fstest-link", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFCHR | 0666);
	KUNIT_EXPECT_EQ(test, st.st_rdev, 0x103);      /* makedev(1, 3) */
	KUNIT_EXPECT_EQ(test, st.st_dev, 5);           /* devtmpfs: 0:5 */
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/fstest-link", &st, AT_SYMLINK_NOFOLLOW), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFLNK | 0777);
	KUNIT_EXPECT_EQ(test, st.st_size, 9);
	KUNIT_EXPECT_EQ(test, st.st_dev, 2);           /* rootfs: 0:2 */
	/* made now: the realtime clock's seconds (a minute either side is plenty) */
	KUNIT_EXPECT_LE(test, st.st_mtime, ktime_get_real_seconds() + 60);
	KUNIT_EXPECT_GE(test, st.st_mtime, ktime_get_real_seconds() - 60);
	{
		struct __kernel_timespec t[2] = { { 0, 0 }, { 1000000000, 0 } };

		KUNIT_EXPECT_EQ(test, do_utimes(AT_FDCWD, "/fstest-link", t, AT_SYMLINK_NOFOLLOW), 0);
		KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/fstest-link", &st, AT_SYMLINK_NOFOLLOW), 0);
		KUNIT_EXPECT_EQ(test, st.st_mtime, 1000000000);
		t[1].tv_nsec = 1000000000;      /* not a valid nanosecond count */
		KUNIT_EXPECT_EQ(test, do_utimes(AT_FDCWD, "/fstest-link", t, 0), -EINVAL);
		KUNIT_EXPECT_EQ(test, do_utimes(AT_FDCWD, "/fstest-none", NULL, 0), -ENOENT);
	}
	KUNIT_EXPECT_EQ(test, vfs_readlinkat(AT_FDCWD, "/fstest-link", buf, sizeof(buf)), 9);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "/dev/null", 9), 0);
	KUNIT_EXPECT_EQ(test, vfs_readlinkat(AT_FDCWD, "/fstest-link", buf, 4), 4);
	/* chmod follows the link: /dev/null's bits change, its type stays */
	KUNIT_EXPECT_EQ(test, do_fchmodat(AT_FDCWD, "/fstest-link", 0640), 0);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/dev/null", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFCHR | 0640);
	KUNIT_EXPECT_EQ(test, do_fchmodat(AT_FDCWD, "/dev/null", S_IFREG | 0666), 0);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/dev/null", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFCHR | 0666);
	KUNIT_EXPECT_EQ(test, vfs_readlinkat(AT_FDCWD, "/dev", buf, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFDIR | 0755);
	KUNIT_EXPECT_EQ(test, init_unlink("/fstest-link"), 0);
}

static void fs_dev_null_and_zero(struct kunit *test)
{
	struct file *null = filp_open("/dev/null", O_RDWR, 0);
	struct file *zero = filp_open("/dev/zero", O_RDONLY, 0);
	char buf[64];
	loff_t pos = 0;

	KUNIT_ASSERT_FALSE(test, IS_ERR(null));
	KUNIT_ASSERT_FALSE(test, IS_ERR(zero));
	KUNIT_EXPECT_EQ(test, kernel_write(null, "hello", 5, &pos), 5);
	KUNIT_EXPECT_EQ(test, kernel_read(null, buf, sizeof(buf), &pos), 0);
	memset(buf, 0x55, sizeof(buf));
	KUNIT_EXPECT_EQ(test, kernel_read(zero, buf, sizeof(buf), &pos), (long)sizeof(buf));
	KUNIT_EXPECT_EQ(test, buf[0] | buf[63], 0);
	KUNIT_EXPECT_EQ(test, kernel_write(zero, "x", 1, &pos), -EBADF);        /* read-only */
	fput(null);
	fput(zero);
}

/* The dirent names of path, concatenated with spaces, into out. */
static long list_dir(const char *path, char *out, size_t size, unsigned int bufsize)
{
	struct file *f = filp_open(path, O_RDONLY | O_DIRECTORY, 0);
	char *buf = kmalloc(bufsize, GFP_KERNEL);
	size_t len = 0;
	long n = -ENOMEM;

	if (IS_ERR(f)) {
		kfree(buf);
		return PTR_ERR(f);
	}
	out[0] = '\0';
	while (buf && (n = kernel_getdents64(f, buf, bufsize)) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			len += snprintf(out + len, size - len, "%s%s", len ? " " : "", d->d_name);
			off += d->d_reclen;
		}
	}
	kfree(buf);
	fput(f);
	return n;
}

static void fs_getdents64_lists_every_entry(struct kunit *test)
{
	char names[128];

	KUNIT_ASSERT_EQ(test, init_mkdir("/fstest-dir", 0755), 0);
	KUNIT_ASSERT_EQ(test, write_file("/fstest-dir/one", "", 0), 0);
	KUNIT_ASSERT_EQ(test, init_mkdir("/fstest-dir/two", 0755), 0);
	KUNIT_ASSERT_EQ(test, init_symlink("one", "/fstest-dir/three"), 0);
	KUNIT_EXPECT_EQ(test, list_dir("/fstest-dir", names, sizeof(names), 512), 0);
	KUNIT_EXPECT_STREQ(test, names, ". .. one two three");
	/* a buffer with room for one record at a time still sees them all */
	KUNIT_EXPECT_EQ(test, list_dir("/fstest-dir", names, sizeof(names), 32), 0);
	KUNIT_EXPECT_STREQ(test, names, ". .. one two three");
	/* too small for any record */
	KUNIT_EXPECT_EQ(test, list_dir("/fstest-dir", names, sizeof(names), 8), -EINVAL);
	{
		struct file *dir = filp_open("/fstest-dir", O_RDONLY, 0);
		loff_t pos = 0;

		KUNIT_ASSERT_FALSE(test, IS_ERR(dir));
		KUNIT_EXPECT_EQ(test, kernel_read(dir, names, 4, &pos), -EISDIR);
		fput(dir);
	}
	KUNIT_EXPECT_EQ(test, list_dir("/dev", names, sizeof(names), 512), 0);
	KUNIT_EXPECT_STREQ(test, names, ". .. mem null port zero tty console");
	init_unlink("/fstest-dir/three");
	init_rmdir("/fstest-dir/two");
	init_unlink("/fstest-dir/one");
	KUNIT_EXPECT_EQ(test, init_rmdir("/fstest-dir"), 0);
}

static void fs_fd_table_lowest_free_and_cloexec(struct kunit *test)
{
	struct files_struct *files = current_files(), *copy;
	struct file *f = filp_open("/dev/null", O_RDONLY, 0);
	int a, b;

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	a = get_unused_fd_flags(0);
	KUNIT_ASSERT_GE(test, a, 0);
	fd_install(a, get_file(f));
	b = get_unused_fd_flags(O_CLOEXEC);
	KUNIT_ASSERT_GT(test, b, a);
	fd_install(b, get_file(f));
	KUNIT_EXPECT_EQ(test, f->f_count, 3);
	KUNIT_EXPECT_PTR_EQ(test, fget(a), f);
	fput(f);
	copy = dup_fd(files);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_EXPECT_EQ(test, f->f_count, 5);
	KUNIT_EXPECT_TRUE(test, copy->close_on_exec & (1UL << b));
	do_close_on_exec(copy);
	KUNIT_EXPECT_NULL(test, copy->fd[b]);
	KUNIT_EXPECT_PTR_EQ(test, copy->fd[a], f);
	put_files_struct(copy);
	KUNIT_EXPECT_EQ(test, f->f_count, 3);
	KUNIT_EXPECT_EQ(test, close_fd(a), 0);
	KUNIT_EXPECT_EQ(test, close_fd(a), -EBADF);
	KUNIT_EXPECT_EQ(test, get_unused_fd_flags(0), a);      /* the lowest again */
	put_unused_fd(a);
	KUNIT_EXPECT_EQ(test, close_fd(b), 0);
	KUNIT_EXPECT_EQ(test, f->f_count, 1);
	KUNIT_EXPECT_NULL(test, fget(NR_OPEN_DEFAULT));
	KUNIT_EXPECT_EQ(test, close_fd(-1), -EBADF);
	fput(f);
}

static void fs_d_path_names_files(struct kunit *test)
{
	struct file *f = filp_open("/dev/zero", O_RDONLY, 0);
	char buf[64];

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_STREQ(test, file_path(f, buf, sizeof(buf)), "/dev/zero");
	KUNIT_EXPECT_EQ(test, PTR_ERR(file_path(f, buf, 5)), -ENAMETOOLONG);
	KUNIT_EXPECT_STREQ(test, d_path(rootfs_root, buf, sizeof(buf)), "/");
	fput(f);
}

static void fs_rename_moves_and_replaces(struct kunit *test)
{
	struct dentry *d;
	struct stat st;

	KUNIT_ASSERT_EQ(test, init_mkdir("/fstest-mv", 0755), 0);
	KUNIT_ASSERT_EQ(test, init_mkdir("/fstest-mv/d", 0755), 0);
	KUNIT_ASSERT_EQ(test, write_file("/fstest-mv/a", "aaa", 3), 0);
	KUNIT_ASSERT_EQ(test, write_file("/fstest-mv/b", "b", 1), 0);
	/* a file over a file: b is gone, a's data under b's name */
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/a", AT_FDCWD, "/fstest-mv/b", 0), 0);
	KUNIT_EXPECT_EQ(test, kern_path("/fstest-mv/a", 0, &d), -ENOENT);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/fstest-mv/b", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 3);
	/* into a directory, and a directory moved along with what it holds */
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/b", AT_FDCWD, "/fstest-mv/d/c", 0), 0);
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/d", AT_FDCWD, "/fstest-mv/e", 0), 0);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/fstest-mv/e/c", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 3);
	/* Linux's errors */
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/e", AT_FDCWD, "/fstest-mv/e/x", 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/e/c", AT_FDCWD, "/fstest-mv/e/c2", RENAME_NOREPLACE), 0);
	KUNIT_EXPECT_EQ(test, write_file("/fstest-mv/f", "", 0), 0);
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/f", AT_FDCWD, "/fstest-mv/e/c2", RENAME_NOREPLACE), -EEXIST);
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/f", AT_FDCWD, "/fstest-mv/e", 0), -EISDIR);
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/e", AT_FDCWD, "/fstest-mv/f", 0), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/f", AT_FDCWD, "/dev/f", 0), -EXDEV);
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/none", AT_FDCWD, "/fstest-mv/g", 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_renameat2(AT_FDCWD, "/fstest-mv/f", AT_FDCWD, "/proc", 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, init_unlink("/fstest-mv/f"), 0);
	KUNIT_EXPECT_EQ(test, init_unlink("/fstest-mv/e/c2"), 0);
	KUNIT_EXPECT_EQ(test, init_rmdir("/fstest-mv/e"), 0);
	KUNIT_EXPECT_EQ(test, init_rmdir("/fstest-mv"), 0);
}

static struct kunit_case fs_cases[] = {
	KUNIT_CASE(fs_rename_moves_and_replaces),
	KUNIT_CASE(fs_lookup_follows_dot_dotdot_and_symlinks),
	KUNIT_CASE(fs_lookup_stops_after_40_links),
	KUNIT_CASE(fs_ramfs_write_read_seek_truncate),
	KUNIT_CASE(fs_unlink_keeps_open_files),
	KUNIT_CASE(fs_create_and_remove_errors),
	KUNIT_CASE(fs_stat_and_readlink),
	KUNIT_CASE(fs_dev_null_and_zero),
	KUNIT_CASE(fs_getdents64_lists_every_entry),
	KUNIT_CASE(fs_fd_table_lowest_free_and_cloexec),
	KUNIT_CASE(fs_d_path_names_files),
	{}
};

static struct kunit_suite fs_suite = { .name = "fs", .test_cases = fs_cases };
kunit_test_suite(fs_suite);
