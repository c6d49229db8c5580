/*
 * cpio suite: what populate_rootfs unpacked at boot (Debian's busybox with
 * its applet links, the mount points), that the module's memory went back to
 * the buddy allocator, and unpack_to_rootfs on archives made here: a good
 * one, and bad ones whose good members stay.
 */
#include <errno.h>
#include <asm/page.h>
#include <fs/fs.h>
#include <fs/initramfs.h>
#include <kernel/err.h>
#include <kernel/init.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/memblock.h>
#include <mm/slab.h>
#include <uapi/asm/stat.h>

/* ELF64 header fields that say where the section headers end (ELF spec). */
#define EI_NIDENT  16
#define E_SHOFF    0x28                 /* u64 */
#define E_SHENTSIZE 0x3a                /* u16 */
#define E_SHNUM    0x3c                 /* u16 */

static bool have_initramfs(struct kunit *test)
{
	if (!boot_info.nr_modules)
		kunit_skip(test, "booted without an initramfs module");
	return true;
}

/*
 * /bin/busybox is whole: an ELF file whose section header table, which the
 * linker puts last, ends exactly at its size; and it is 0755.
 */
static void cpio_busybox_is_unpacked_whole(struct kunit *test)
{
	u8 hdr[64];
	u64 shoff;
	u16 shentsize, shnum;
	struct stat st;
	struct file *f;
	loff_t pos = 0;

	have_initramfs(test);
	KUNIT_ASSERT_EQ(test, vfs_fstatat(AT_FDCWD, "/bin/busybox", &st, AT_SYMLINK_NOFOLLOW), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFREG | 0755);
	KUNIT_EXPECT_GT(test, st.st_size, 1000000);
	KUNIT_EXPECT_GT(test, st.st_mtime, 1000000000);        /* the archive's time (2001 on) */
	f = filp_open("/bin/busybox", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_read(f, hdr, sizeof(hdr), &pos), (long)sizeof(hdr));
	fput(f);
	KUNIT_EXPECT_EQ(test, memcmp(hdr, "\177ELF\2\1", 6), 0);       /* 64-bit, little-endian */
	memcpy(&shoff, hdr + E_SHOFF, 8);
	memcpy(&shentsize, hdr + E_SHENTSIZE, 2);
	memcpy(&shnum, hdr + E_SHNUM, 2);
	KUNIT_EXPECT_EQ(test, shoff + (u64)shentsize * shnum, st.st_size);
}

static void cpio_applets_are_links_to_busybox(struct kunit *test)
{
	static const char *const applets[] = { "/bin/sh", "/bin/ls", "/bin/cat", "/bin/dmesg",
					       "/usr/bin/free", "/bin/ps", "/bin/uname" };
	struct dentry *bb, *d;
	char target[32];

	have_initramfs(test);
	KUNIT_ASSERT_EQ(test, kern_path("/bin/busybox", 0, &bb), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(applets); i++) {
		KUNIT_EXPECT_EQ(test, vfs_readlinkat(AT_FDCWD, applets[i], target, sizeof(target)), 12);
		KUNIT_EXPECT_EQ(test, memcmp(target, "/bin/busybox", 12), 0);
		KUNIT_EXPECT_EQ(test, kern_path(applets[i], LOOKUP_FOLLOW, &d), 0);
		if (d == bb)
			dput(d);
		else
			KUNIT_EXPECT_PTR_EQ(test, d, bb);
	}
	dput(bb);
	KUNIT_EXPECT_EQ(test, kern_path("/user", LOOKUP_DIRECTORY, &d), 0);
	dput(d);
	KUNIT_EXPECT_GT(test, initramfs_members, 250);
	KUNIT_EXPECT_NULL(test, initramfs_error);
}

static void cpio_initrd_memory_was_freed(struct kunit *test)
{
	phys_addr_t start = ALIGN(boot_info.mod_start, PAGE_SIZE);

	have_initramfs(test);
	if (ALIGN_DOWN(boot_info.mod_end, PAGE_SIZE) <= start)
		kunit_skip(test, "the module is less than a page");
	KUNIT_EXPECT_FALSE(test, memblock_is_reserved(start, PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, memblock_is_memory(start, PAGE_SIZE));
}

/* Append one newc member to buf at *len (no bounds: the callers size buf). */
static void add(char *buf, size_t *len, const char *name, u32 mode, const char *data)
{
	size_t dlen = strlen(data), nlen = strlen(name) + 1;

	*len += snprintf(buf + *len, 111, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
			 1, mode, 0, 0, 1, 0, dlen, 0, 0, 0, 0, nlen, 0);
	memcpy(buf + *len, name, nlen);
	*len += nlen;
	while (*len % 4)
		buf[(*len)++] = 0;
	memcpy(buf + *len, data, dlen);
	*len += dlen;
	while (*len % 4)
		buf[(*len)++] = 0;
}

static void cleanup_cpiotest(void)
{
	init_unlink("/cpiotest/link");
	init_unlink("/cpiotest/file");
	init_rmdir("/cpiotest/sub");
	init_rmdir("/cpiotest");
}

static void cpio_unpacks_dirs_files_links_with_modes(struct kunit *test)
{
	char *buf = kzalloc(2048, GFP_KERNEL);
	size_t len = 0;
	unsigned int n;
	struct stat st;
	char data[8] = "";
	struct file *f;
	loff_t pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	cleanup_cpiotest();
	add(buf, &len, "cpiotest", S_IFDIR | 0750, "");
	add(buf, &len, "./cpiotest/sub", S_IFDIR | 0777, "");
	add(buf, &len, "cpiotest/file", S_IFREG | 0664, "hello");
	add(buf, &len, "cpiotest/link", S_IFLNK | 0777, "file");
	add(buf, &len, "TRAILER!!!", 0, "");
	KUNIT_EXPECT_NULL(test, unpack_to_rootfs(buf, len, &n));
	KUNIT_EXPECT_EQ(test, n, 4);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/cpiotest", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFDIR | 0750);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/cpiotest/sub", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFDIR | 0777);     /* no umask */
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/cpiotest/link", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFREG | 0664);
	KUNIT_EXPECT_EQ(test, st.st_size, 5);
	f = filp_open("/cpiotest/link", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_read(f, data, sizeof(data) - 1, &pos), 5);
	KUNIT_EXPECT_STREQ(test, data, "hello");
	fput(f);
	cleanup_cpiotest();
	kfree(buf);
}

/* A bad member stops the unpacking with Linux's words; what came before stays. */
static void cpio_bad_archive_keeps_what_unpacked(struct kunit *test)
{
	char *buf = kzalloc(2048, GFP_KERNEL);
	size_t len = 0, good;
	unsigned int n;
	struct stat st;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	cleanup_cpiotest();
	add(buf, &len, "cpiotest", S_IFDIR | 0755, "");
	add(buf, &len, "cpiotest/file", S_IFREG | 0644, "abc");
	good = len;
	add(buf, &len, "cpiotest/link", S_IFLNK | 0777, "file");
	memcpy(buf + good, "070707", 6);                /* the old binary-ish magic */
	KUNIT_EXPECT_STREQ(test, unpack_to_rootfs(buf, len, &n), "no cpio magic");
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/cpiotest/file", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 3);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/cpiotest/link", &st, 0), -ENOENT);
	/* truncated inside the data of the second member */
	KUNIT_EXPECT_STREQ(test, unpack_to_rootfs(buf, good - 4, &n),
			   "cpio member data runs past the end");
	KUNIT_EXPECT_EQ(test, n, 1);
	/* good members and no trailer */
	KUNIT_EXPECT_STREQ(test, unpack_to_rootfs(buf, good, &n), "cpio archive has no trailer");
	KUNIT_EXPECT_EQ(test, n, 2);
	cleanup_cpiotest();
	kfree(buf);
}

static struct kunit_case cpio_cases[] = {
	KUNIT_CASE(cpio_busybox_is_unpacked_whole),
	KUNIT_CASE(cpio_applets_are_links_to_busybox),
	KUNIT_CASE(cpio_initrd_memory_was_freed),
	KUNIT_CASE(cpio_unpacks_dirs_files_links_with_modes),
	KUNIT_CASE(cpio_bad_archive_keeps_what_unpacked),
	{}
};

static struct kunit_suite cpio_suite = { .name = "cpio", .test_cases = cpio_cases };
kunit_test_suite(cpio_suite);
