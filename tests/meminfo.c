/*
 * meminfo suite: /proc/meminfo (fs/proc/meminfo.c) prints every line Linux
 * 6.1 prints, in its order, and its counts follow the pages they count: a
 * file written in the RAM filesystem grows Cached and Shmem by its pages, and
 * removing it gives them back.
 */
#include <errno.h>
#include <asm/page.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/seq_file.h>
#include <kernel/string.h>
#include <mm/slab.h>

#define TEXT_SIZE 8192
#define FILE_PAGES 8
#define TEST_FILE "/meminfo_test_file"

/* Linux 6.1's /proc/meminfo on x86-64, in order (DirectMap1G only with gbpages). */
static const char *const linux_lines[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active",
	"Inactive", "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)",
	"Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Zswap", "Zswapped", "Dirty",
	"Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab", "SReclaimable",
	"SUnreclaim", "KernelStack", "PageTables", "SecPageTables", "NFS_Unstable", "Bounce",
	"WritebackTmp", "CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed",
	"VmallocChunk", "Percpu", "HardwareCorrupted", "AnonHugePages", "ShmemHugePages",
	"ShmemPmdMapped", "FileHugePages", "FilePmdMapped", "HugePages_Total",
	"HugePages_Free", "HugePages_Rsvd", "HugePages_Surp", "Hugepagesize", "Hugetlb",
	"DirectMap4k", "DirectMap2M",
};

static char *meminfo_text(struct kunit *test)
{
	char *buf = kmalloc(TEXT_SIZE, GFP_KERNEL);
	struct seq_file m;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	seq_file_init(&m, buf, TEXT_SIZE);
	KUNIT_ASSERT_EQ(test, monitor_exec_seq(&m, "meminfo"), 0);
	KUNIT_ASSERT_FALSE(test, seq_has_overflowed(&m));
	return buf;
}

/* The kB value of line name in text, or -1. */
static long meminfo_value(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, name, n) && p[n] == ':') {
			long v = 0;

			for (p += n + 1; *p == ' '; p++)
				;
			for (; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (*p - '0');
			return v;
		}
	}
	return -1;
}

static void meminfo_prints_linux_lines_in_order(struct kunit *test)
{
	char *text = meminfo_text(test);
	const char *p = text;

	for (size_t i = 0; i < ARRAY_SIZE(linux_lines); i++) {
		size_t n = strlen(linux_lines[i]);

		KUNIT_EXPECT_EQ(test, strncmp(p, linux_lines[i], n), 0);
		KUNIT_EXPECT_EQ(test, p[n], ':');
		p = strchr(p, '\n');
		KUNIT_ASSERT_NOT_NULL(test, p);
		p++;
	}
	KUNIT_EXPECT_GT(test, meminfo_value(text, "MemTotal"), meminfo_value(text, "MemFree"));
	KUNIT_EXPECT_GT(test, meminfo_value(text, "Slab"), 0);
	KUNIT_EXPECT_EQ(test, meminfo_value(text, "Slab"), meminfo_value(text, "SUnreclaim"));
	KUNIT_EXPECT_GT(test, meminfo_value(text, "KernelStack"), 0);
	KUNIT_EXPECT_GT(test, meminfo_value(text, "Cached"), 0);  /* the initramfs */
	kfree(text);
}

static void meminfo_cached_follows_ramfs_pages(struct kunit *test)
{
	char *text = meminfo_text(test), *page = kzalloc(PAGE_SIZE, GFP_KERNEL);
	long cached = meminfo_value(text, "Cached"), shmem = meminfo_value(text, "Shmem");
	struct file *f;
	loff_t pos = 0;

	kfree(text);
	KUNIT_ASSERT_NOT_NULL(test, page);
	f = filp_open(TEST_FILE, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	for (int i = 0; i < FILE_PAGES; i++)
		KUNIT_EXPECT_EQ(test, kernel_write(f, page, PAGE_SIZE, &pos), PAGE_SIZE);
	fput(f);
	kfree(page);
	text = meminfo_text(test);
	KUNIT_EXPECT_EQ(test, meminfo_value(text, "Cached"), cached + FILE_PAGES * 4);
	KUNIT_EXPECT_EQ(test, meminfo_value(text, "Shmem"), shmem + FILE_PAGES * 4);
	kfree(text);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, TEST_FILE), 0);
	text = meminfo_text(test);
	KUNIT_EXPECT_EQ(test, meminfo_value(text, "Cached"), cached);
	kfree(text);
}

static struct kunit_case meminfo_cases[] = {
	KUNIT_CASE(meminfo_prints_linux_lines_in_order),
	KUNIT_CASE(meminfo_cached_follows_ramfs_pages),
	{}
};

static struct kunit_suite meminfo_suite = {
	.name = "meminfo",
	.test_cases = meminfo_cases,
};
kunit_test_suite(meminfo_suite);
