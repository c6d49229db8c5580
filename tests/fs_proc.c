/*
 * fs_proc suite: /proc's files print what the monitor prints (one show
 * function, two users), whole even when longer than a page, and /proc lists
 * its views, self and the processes.
 */
#include <asm/page.h>
#include <errno.h>
#include <fs/fs.h>
#include <kernel/cmdline.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/sched.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/slab.h>

#include "../fs/proc/internal.h"

#define TEXT_MAX (64 * 1024)

/* The whole of /proc/name into a kmalloc'd buffer, NUL-terminated, read in chunks. */
static char *read_proc(const char *path, long *len, size_t chunk)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	char *buf = kzalloc(TEXT_MAX + 1, GFP_KERNEL);
	loff_t pos = 0;
	long n;

	*len = -ENOMEM;
	if (IS_ERR(f)) {
		*len = PTR_ERR(f);
		kfree(buf);
		return NULL;
	}
	if (buf) {
		*len = 0;
		while (*len < TEXT_MAX &&
		       (n = kernel_read(f, buf + *len, min(chunk, (size_t)(TEXT_MAX - *len)), &pos)) > 0)
			*len += n;
	}
	fput(f);
	return buf;
}

/* What the monitor command prints, into a kmalloc'd buffer. */
static char *monitor_text(const char *cmd)
{
	char *buf = kzalloc(TEXT_MAX, GFP_KERNEL);
	struct seq_file m;

	if (!buf)
		return NULL;
	seq_file_init(&m, buf, TEXT_MAX);
	monitor_exec_seq(&m, cmd);
	return buf;
}

static void fs_proc_views_print_what_the_monitor_prints(struct kunit *test)
{
	static const char *const views[] = { "iomem", "ioports", "cpuinfo", "version" };

	for (unsigned int i = 0; i < ARRAY_SIZE(views); i++) {
		char path[32], *mon = monitor_text(views[i]), *proc;
		long len;

		snprintf(path, sizeof(path), "/proc/%s", views[i]);
		proc = read_proc(path, &len, 100);      /* small reads: the position carries on */
		KUNIT_EXPECT_GT(test, len, 10);
		if (mon && proc)
			KUNIT_EXPECT_STREQ(test, proc, mon);
		kfree(mon);
		kfree(proc);
	}
}

/* slabinfo is longer than the first buffer: the fill retries with a bigger one. */
static void fs_proc_long_views_are_whole(struct kunit *test)
{
	long len;
	char *text = read_proc("/proc/slabinfo", &len, PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, text);
	KUNIT_EXPECT_GT(test, len, (long)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, strncmp(text, "slabinfo - version: 2.1\n", 24), 0);
	KUNIT_EXPECT_EQ(test, text[len - 1], '\n');
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "\nkmalloc-8k "));
	kfree(text);
	text = read_proc("/proc/meminfo", &len, 4096);
	KUNIT_ASSERT_NOT_NULL(test, text);
	KUNIT_EXPECT_EQ(test, strncmp(text, "MemTotal:", 9), 0);
	kfree(text);
}

static void fs_proc_cmdline_and_uptime(struct kunit *test)
{
	char want[2100];
	long len;
	char *text = read_proc("/proc/cmdline", &len, 4096);
	unsigned long s, cs;

	KUNIT_ASSERT_NOT_NULL(test, text);
	snprintf(want, sizeof(want), "%s\n", boot_cmdline.raw);
	KUNIT_EXPECT_STREQ(test, text, want);
	kfree(text);
	text = read_proc("/proc/uptime", &len, 4096);
	KUNIT_ASSERT_NOT_NULL(test, text);
	/* "S.CC 0.00\n": digits, a dot, two digits */
	s = 0;
	for (cs = 0; text[cs] >= '0' && text[cs] <= '9'; cs++)
		s++;
	KUNIT_EXPECT_GT(test, s, 0);
	KUNIT_EXPECT_EQ(test, text[s], '.');
	KUNIT_EXPECT_EQ(test, strcmp(text + s + 3, " 0.00\n"), 0);
	kfree(text);
}

static void fs_proc_files_are_read_only(struct kunit *test)
{
	struct file *f = filp_open("/proc/iomem", O_WRONLY, 0);
	loff_t pos = 0;

	if (!IS_ERR(f)) {
		KUNIT_EXPECT_EQ(test, kernel_write(f, "x", 1, &pos), -EINVAL);
		fput(f);
	}
	KUNIT_EXPECT_EQ(test, init_unlink("/proc/iomem"), -EPERM);
	KUNIT_EXPECT_EQ(test, init_mkdir("/proc/x", 0755), -EPERM);
	KUNIT_EXPECT_EQ(test, PTR_ERR(filp_open("/proc/nosuch", O_RDONLY, 0)), -ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(filp_open("/proc/99999", O_RDONLY, 0)), -ENOENT);
}

static void fs_proc_self_is_the_reader(struct kunit *test)
{
	struct task_struct *t = current;
	char link[16], want[16];

	if (!t) {
		KUNIT_EXPECT_EQ(test, vfs_readlinkat(AT_FDCWD, "/proc/self", link, sizeof(link)),
				-ENOENT);
		return;
	}
	snprintf(want, sizeof(want), "%d", t->tgid);
	KUNIT_EXPECT_EQ(test, vfs_readlinkat(AT_FDCWD, "/proc/self", link, sizeof(link)),
			(long)strlen(want));
	KUNIT_EXPECT_EQ(test, memcmp(link, want, strlen(want)), 0);
}

static void fs_proc_lists_its_views(struct kunit *test)
{
	static const char *const want[] = { " . ", " .. ", " iomem ", " ioports ", " meminfo ",
		" buddyinfo ", " zoneinfo ", " slabinfo ", " vmallocinfo ", " interrupts ",
		" cpuinfo ", " cmdline ", " uptime ", " version ", " self " };
	struct file *f = filp_open("/proc", O_RDONLY | O_DIRECTORY, 0);
	char *buf = kmalloc(4096, GFP_KERNEL), *names = kzalloc(4096, GFP_KERNEL);
	size_t len = 0;
	long n;

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_ASSERT_TRUE(test, buf && names);
	while ((n = kernel_getdents64(f, buf, 4096)) > 0) {
		for (long off = 0; off < n;) {
			const char *name = buf + off + 19;      /* d_name in linux_dirent64 */

			len += snprintf(names + len, 4096 - len, " %s", name);
			off += *(unsigned short *)(buf + off + 16);
		}
	}
	KUNIT_EXPECT_EQ(test, n, 0);
	snprintf(names + len, 4096 - len, " ");
	for (unsigned int i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_NOT_NULL(test, strstr(names, want[i]));
	fput(f);
	kfree(buf);
	kfree(names);
}

/* /proc/PID of a live task lists its files, each with a non-zero d_ino. */
static void fs_proc_pid_dir_lists_its_files(struct kunit *test)
{
	struct task_struct *t = current;
	char path[24], *buf = kmalloc(1024, GFP_KERNEL), names[64] = "";
	struct file *f;
	size_t len = 0;
	long n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	if (!t || t->tgid != t->pid) {
		kfree(buf);
		kunit_skip(test, "not a process");
	}
	snprintf(path, sizeof(path), "/proc/%d", t->tgid);
	f = filp_open(path, O_RDONLY | O_DIRECTORY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	while ((n = kernel_getdents64(f, buf, 1024)) > 0) {
		for (long off = 0; off < n;) {
			KUNIT_EXPECT_NE(test, *(u64 *)(buf + off), 0);  /* d_ino */
			len += snprintf(names + len, sizeof(names) - len, " %s", buf + off + 19);
			off += *(unsigned short *)(buf + off + 16);
		}
	}
	KUNIT_EXPECT_STREQ(test, names, " . .. cmdline maps stat status");
	fput(f);
	kfree(buf);
}

/*
 * A file whose first printing reads the same file from 0 meanwhile, as a
 * second process sharing the struct file (fork, dup) may: each read at 0
 * prints afresh, and neither may free or lose the text of the other.
 */
static int nested_fills;
static char nested_text[8];

static int fill_with_nested_read(struct file *f, struct seq_file *m)
{
	loff_t pos = 0;

	if (nested_fills++ == 0)
		kernel_read(f, nested_text, sizeof(nested_text) - 1, &pos);
	seq_printf(m, "fill %d\n", nested_fills);
	return 0;
}

static long nested_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	return proc_seq_read(f, buf, count, pos, fill_with_nested_read);
}

static const struct file_operations nested_fops = {
	.llseek = proc_seq_lseek,
	.read = nested_read,
	.release = proc_seq_release,
};

static void fs_proc_read_from_0_during_another_read(struct kunit *test)
{
	struct inode *inode = proc_new_inode(S_IFREG | 0444, &nested_fops, NULL);
	struct file *f;
	char buf[16] = { 0 };
	loff_t pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, inode);
	f = alloc_file_pseudo(inode, O_RDONLY, &nested_fops);
	iput(inode);                    /* the file holds it */
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	nested_fills = 0;
	memset(nested_text, 0, sizeof(nested_text));
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf) - 1, &pos), 7);
	KUNIT_EXPECT_STREQ(test, nested_text, "fill 2\n");    /* the inner read's own text */
	KUNIT_EXPECT_STREQ(test, buf, "fill 2\n");            /* the outer's: its count then */
	KUNIT_EXPECT_EQ(test, nested_fills, 2);
	fput(f);                        /* every text freed: the case's leak check */
}

static struct kunit_case fs_proc_cases[] = {
	KUNIT_CASE(fs_proc_pid_dir_lists_its_files),
	KUNIT_CASE(fs_proc_views_print_what_the_monitor_prints),
	KUNIT_CASE(fs_proc_long_views_are_whole),
	KUNIT_CASE(fs_proc_cmdline_and_uptime),
	KUNIT_CASE(fs_proc_files_are_read_only),
	KUNIT_CASE(fs_proc_self_is_the_reader),
	KUNIT_CASE(fs_proc_lists_its_views),
	KUNIT_CASE(fs_proc_read_from_0_during_another_read),
	{}
};

static struct kunit_suite fs_proc_suite = { .name = "fs_proc", .test_cases = fs_proc_cases };
kunit_test_suite(fs_proc_suite);
