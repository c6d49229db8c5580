/*
 * sysfs suite: the core (fs/sysfs/) through the VFS as a program sees it
 * (text attributes printed afresh at position 0, stores given the whole
 * write, binary attributes at offsets, links, removal that leaves open
 * files answering -ENODEV, Linux's errnos), then PCI's tree
 * (drivers/pci_sysfs.c): every function's directory, link and formats
 * against struct pci_dev and its configuration space, and, with an edu
 * device, moving it between drivers through unbind, bind and new_id.
 */
#include <asm/page.h>
#include <drivers/pci.h>
#include <errno.h>
#include <fs/fs.h>
#include <fs/sysfs.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <uapi/asm/stat.h>

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8

/* ---- helpers ---- */

/* The text of path into buf[size] (NUL-terminated): its length, or -errno. */
static long sysfs_test_read(const char *path, char *buf, size_t size)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	long n = 0, len = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	while (len < (long)size - 1 && (n = kernel_read(f, buf + len, size - 1 - len, &pos)) > 0)
		len += n;
	fput(f);
	buf[len] = '\0';
	return n < 0 ? n : len;
}

/* Write str to path in one write: what write returned, or open's -errno. */
static long sysfs_test_write(const char *path, const char *str)
{
	struct file *f = filp_open(path, O_WRONLY, 0);
	loff_t pos = 0;
	long r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r = kernel_write(f, str, strlen(str), &pos);
	fput(f);
	return r;
}

static long sysfs_test_readlink(const char *path, char *buf, int size)
{
	long n = vfs_readlinkat(AT_FDCWD, path, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* ---- the core, on a directory of the test's own ---- */

struct sysfs_test_obj {
	int value;                      /* what show prints */
	int stores;
	char stored[32];
	u8 bytes[16];                   /* the binary attribute */
};

static long test_value_show(void *obj, char *buf)
{
	return sysfs_emit(buf, "%d\n", ((struct sysfs_test_obj *)obj)->value);
}

static long test_value_store(void *obj, const char *buf, size_t count)
{
	struct sysfs_test_obj *o = obj;

	o->stores++;
	strscpy(o->stored, buf, sizeof(o->stored));
	return strlen(buf) == count ? (long)count : -EIO;       /* NUL-terminated at count */
}

static long test_bytes_read(void *obj, const struct sysfs_bin_attr *attr, char *buf,
			    loff_t off, size_t count)
{
	memcpy(buf, ((struct sysfs_test_obj *)obj)->bytes + off, count);
	return count;
}

static long test_bytes_write(void *obj, const struct sysfs_bin_attr *attr, const char *buf,
			     loff_t off, size_t count)
{
	memcpy(((struct sysfs_test_obj *)obj)->bytes + off, buf, count);
	return count;
}

static const struct sysfs_attr test_value_attr = {
	"value", 0644, test_value_show, test_value_store };
static const struct sysfs_attr test_ro_attr = { "ro", 0444, test_value_show, NULL };
static const struct sysfs_attr test_wo_attr = { "wo", 0200, NULL, test_value_store };
static const struct sysfs_bin_attr test_bytes_attr = {
	.name = "bytes", .mode = 0600, .size = 16, .read = test_bytes_read,
	.write = test_bytes_write };

#define TDIR "/sys/class/sysfs_test"

/* class/sysfs_test with value, ro, wo, bytes, sub/ and a link: the directory or NULL. */
static struct sysfs_dirent *sysfs_test_make(struct kunit *test, struct sysfs_test_obj *o)
{
	struct sysfs_dirent *dir = sysfs_dir("class/sysfs_test", true), *sub;

	KUNIT_ASSERT_NOT_NULL(test, dir);
	KUNIT_EXPECT_EQ(test, sysfs_create_file(dir, &test_value_attr, o), 0);
	KUNIT_EXPECT_EQ(test, sysfs_create_file(dir, &test_ro_attr, o), 0);
	KUNIT_EXPECT_EQ(test, sysfs_create_file(dir, &test_wo_attr, o), 0);
	KUNIT_EXPECT_EQ(test, sysfs_create_bin_file(dir, &test_bytes_attr, o), 0);
	sub = sysfs_mkdir(dir, "sub");
	KUNIT_EXPECT_NOT_NULL(test, sub);
	if (sub)
		KUNIT_EXPECT_EQ(test, sysfs_create_link(sub, "up", "../value"), 0);
	return dir;
}

static void sysfs_text_attribute_shows_afresh_and_stores_whole(struct kunit *test)
{
	struct sysfs_test_obj o = { .value = 42 };
	struct sysfs_dirent *dir = sysfs_test_make(test, &o);
	struct file *f;
	char buf[64];
	loff_t pos = 0;

	KUNIT_EXPECT_EQ(test, sysfs_test_read(TDIR "/value", buf, sizeof(buf)), 3);
	KUNIT_EXPECT_STREQ(test, buf, "42\n");
	/* one open file: a read at 0 prints again, a read further on continues */
	f = filp_open(TDIR "/value", O_RDWR, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, 1, &pos), 1);
	o.value = 7;
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf + 1, sizeof(buf) - 1, &pos), 2);
	buf[3] = '\0';
	KUNIT_EXPECT_STREQ(test, buf, "42\n");
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf), &pos), 2);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "7\n", 2), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf), &pos), 0);
	KUNIT_EXPECT_EQ(test, vfs_llseek(f, 0, SEEK_END), -EINVAL);
	fput(f);
	/* a store gets the whole text, NUL-terminated */
	KUNIT_EXPECT_EQ(test, sysfs_test_write(TDIR "/value", "hello world\n"), 12);
	KUNIT_EXPECT_EQ(test, o.stores, 1);
	KUNIT_EXPECT_STREQ(test, o.stored, "hello world\n");
	KUNIT_EXPECT_EQ(test, sysfs_test_write(TDIR "/wo", "x"), 1);
	KUNIT_EXPECT_EQ(test, sysfs_test_write(TDIR "/value", ""), 0);
	KUNIT_EXPECT_EQ(test, o.stores, 2);
	sysfs_remove_dir(dir);
}

static void sysfs_bad_opens_and_writes_get_linux_errnos(struct kunit *test)
{
	struct sysfs_test_obj o = { .value = 1 };
	struct sysfs_dirent *dir = sysfs_test_make(test, &o);
	char *big = kzalloc(PAGE_SIZE + 1, GFP_KERNEL), buf[16];

	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(big, 'a', PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, sysfs_test_write(TDIR "/value", big), -EINVAL);  /* a page */
	big[PAGE_SIZE - 1] = '\0';
	KUNIT_EXPECT_EQ(test, sysfs_test_write(TDIR "/value", big), (long)PAGE_SIZE - 1);
	kfree(big);
	KUNIT_EXPECT_EQ(test, sysfs_test_write(TDIR "/ro", "1"), -EACCES);
	KUNIT_EXPECT_EQ(test, sysfs_test_read(TDIR "/wo", buf, sizeof(buf)), -EACCES);
	KUNIT_EXPECT_EQ(test, do_mkdirat(AT_FDCWD, TDIR "/new", 0755), -EPERM);
	KUNIT_EXPECT_EQ(test, do_unlinkat(AT_FDCWD, TDIR "/value"), -EPERM);
	/* names are unique; removing what is not there is -ENOENT */
	KUNIT_EXPECT_NULL(test, sysfs_mkdir(dir, "sub"));
	KUNIT_EXPECT_EQ(test, sysfs_create_file(dir, &test_value_attr, &o), -EEXIST);
	KUNIT_EXPECT_EQ(test, sysfs_create_link(dir, "ro", "x"), -EEXIST);
	KUNIT_EXPECT_EQ(test, sysfs_remove_entry(dir, "nothing"), -ENOENT);
	KUNIT_EXPECT_EQ(test, o.stores, 1);
	sysfs_remove_dir(dir);
}

static void sysfs_binary_attribute_reads_and_writes_at_offsets(struct kunit *test)
{
	struct sysfs_test_obj o = { .bytes = "0123456789abcdef" };
	struct sysfs_dirent *dir = sysfs_test_make(test, &o);
	struct file *f = filp_open(TDIR "/bytes", O_RDWR, 0);
	char buf[32];
	loff_t pos = 10;

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf), &pos), 6);      /* stops at 16 */
	KUNIT_EXPECT_EQ(test, memcmp(buf, "abcdef", 6), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf), &pos), 0);
	pos = 3;
	KUNIT_EXPECT_EQ(test, kernel_write(f, "XY", 2, &pos), 2);
	KUNIT_EXPECT_EQ(test, memcmp(o.bytes, "012XY56789", 10), 0);
	pos = 15;
	KUNIT_EXPECT_EQ(test, kernel_write(f, "pq", 2, &pos), 1);
	KUNIT_EXPECT_EQ(test, kernel_write(f, "pq", 2, &pos), -EFBIG);
	KUNIT_EXPECT_EQ(test, vfs_llseek(f, 0, SEEK_END), 16);
	fput(f);
	sysfs_remove_dir(dir);
}

static void sysfs_stat_and_links_look_like_linux(struct kunit *test)
{
	struct sysfs_test_obj o = { .value = 5 };
	struct sysfs_dirent *dir = sysfs_test_make(test, &o);
	struct stat st;
	char buf[64];

	KUNIT_ASSERT_EQ(test, vfs_fstatat(AT_FDCWD, TDIR "/value", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFREG | 0644);
	KUNIT_EXPECT_EQ(test, st.st_size, (long)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, st.st_dev, 21);                   /* 0:21 */
	KUNIT_ASSERT_EQ(test, vfs_fstatat(AT_FDCWD, TDIR "/bytes", &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFREG | 0600);
	KUNIT_EXPECT_EQ(test, st.st_size, 16);
	KUNIT_ASSERT_EQ(test, vfs_fstatat(AT_FDCWD, TDIR, &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_nlink, 3);                  /* ., its name, sub's .. */
	KUNIT_ASSERT_EQ(test, vfs_fstatat(AT_FDCWD, TDIR "/sub/up", &st, AT_SYMLINK_NOFOLLOW), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFLNK | 0777);
	KUNIT_EXPECT_EQ(test, st.st_size, 0);
	KUNIT_EXPECT_EQ(test, sysfs_test_readlink(TDIR "/sub/up", buf, sizeof(buf)), 8);
	KUNIT_EXPECT_STREQ(test, buf, "../value");
	KUNIT_EXPECT_EQ(test, sysfs_test_read(TDIR "/sub/up", buf, sizeof(buf)), 2);
	KUNIT_EXPECT_STREQ(test, buf, "5\n");
	KUNIT_EXPECT_PTR_EQ(test, sysfs_dir("class/sysfs_test/sub", false), sysfs_dir("class//sysfs_test/sub/", false));
	KUNIT_EXPECT_NULL(test, sysfs_dir("class/sysfs_test/value", false));   /* a file */
	sysfs_remove_dir(dir);
}

static void sysfs_removal_leaves_open_files_answering_enodev(struct kunit *test)
{
	struct sysfs_test_obj o = { .value = 9 };
	struct sysfs_dirent *dir = sysfs_test_make(test, &o);
	struct file *text = filp_open(TDIR "/value", O_RDWR, 0);
	struct file *bin = filp_open(TDIR "/bytes", O_RDWR, 0);
	struct stat st;
	char buf[16];
	loff_t pos = 0;

	KUNIT_ASSERT_FALSE(test, IS_ERR(text));
	KUNIT_ASSERT_FALSE(test, IS_ERR(bin));
	KUNIT_EXPECT_EQ(test, sysfs_remove_entry(dir, "sub"), 0);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, TDIR "/sub/up", &st, AT_SYMLINK_NOFOLLOW), -ENOENT);
	sysfs_remove_dir(dir);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, TDIR, &st, 0), -ENOENT);
	KUNIT_EXPECT_NULL(test, sysfs_dir("class/sysfs_test", false));
	KUNIT_EXPECT_EQ(test, kernel_read(text, buf, sizeof(buf), &pos), -ENODEV);
	KUNIT_EXPECT_EQ(test, kernel_write(text, "1", 1, &pos), -ENODEV);
	KUNIT_EXPECT_EQ(test, kernel_read(bin, buf, sizeof(buf), &pos), -ENODEV);
	KUNIT_EXPECT_EQ(test, o.stores, 0);
	fput(text);
	fput(bin);
}

/* ---- PCI's tree ---- */

static void pci_sysfs_dir_path(struct pci_dev *dev, char *buf, size_t size)
{
	char up[128] = "";

	if (dev->bus->self)
		pci_sysfs_dir_path(dev->bus->self, up, sizeof(up));
	else
		strscpy(up, "/sys/devices/pci0000:00", sizeof(up));
	snprintf(buf, size, "%s/%s", up, pci_name(dev));
}

/* The text of /sys/bus/pci/devices/NAME/file. */
static long pci_attr(struct pci_dev *dev, const char *file, char *buf, size_t size)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", pci_name(dev), file);
	return sysfs_test_read(path, buf, size);
}

static void sysfs_pci_functions_have_linux_files(struct kunit *test)
{
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL), want[160], path[160];
	struct pci_dev *dev;
	int n = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for_each_pci_dev(dev) {
		n++;
		/* the link in bus/pci/devices points at the directory, which is the device's */
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", pci_name(dev));
		pci_sysfs_dir_path(dev, want, sizeof(want));
		KUNIT_EXPECT_GT(test, sysfs_test_readlink(path, buf, PAGE_SIZE), 0);
		snprintf(path, sizeof(path), "../../../%s", want + strlen("/sys/"));
		KUNIT_EXPECT_STREQ(test, buf, path);
		KUNIT_EXPECT_PTR_EQ(test, sysfs_dir(want + 5, false), dev->dev.sysfs_dir);
		snprintf(want, sizeof(want), "0x%04x\n", dev->vendor);
		KUNIT_EXPECT_GT(test, pci_attr(dev, "vendor", buf, PAGE_SIZE), 0);
		KUNIT_EXPECT_STREQ(test, buf, want);
		snprintf(want, sizeof(want), "0x%04x\n", dev->device);
		KUNIT_EXPECT_GT(test, pci_attr(dev, "device", buf, PAGE_SIZE), 0);
		KUNIT_EXPECT_STREQ(test, buf, want);
		snprintf(want, sizeof(want), "0x%06x\n", dev->class);
		KUNIT_EXPECT_GT(test, pci_attr(dev, "class", buf, PAGE_SIZE), 0);
		KUNIT_EXPECT_STREQ(test, buf, want);
		snprintf(want, sizeof(want), "0x%02x\n", dev->revision);
		KUNIT_EXPECT_GT(test, pci_attr(dev, "revision", buf, PAGE_SIZE), 0);
		KUNIT_EXPECT_STREQ(test, buf, want);
		/* resource: 13 lines for a device, 17 for a bridge; line 0 is BAR 0 */
		KUNIT_EXPECT_EQ(test, pci_attr(dev, "resource", buf, PAGE_SIZE),
				(dev->subordinate ? 17 : 13) * 57);
		snprintf(want, sizeof(want), "0x%016llx 0x%016llx 0x%016llx\n",
			 (unsigned long long)dev->resource[0].start,
			 (unsigned long long)dev->resource[0].end,
			 (unsigned long long)dev->resource[0].flags);
		buf[57] = '\0';
		KUNIT_EXPECT_STREQ(test, buf, want);
		KUNIT_EXPECT_EQ(test, pci_attr(dev, "numa_node", buf, PAGE_SIZE), 3);
		KUNIT_EXPECT_STREQ(test, buf, "-1\n");
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/subsystem", pci_name(dev));
		KUNIT_EXPECT_GT(test, sysfs_test_readlink(path, buf, PAGE_SIZE), 0);
		KUNIT_EXPECT_STREQ(test, buf + strlen(buf) - strlen("../../../bus/pci"),
				   "../../../bus/pci");
	}
	KUNIT_EXPECT_GT(test, n, 0);
	kfree(buf);
}

/* config reads what the configuration space holds, at any offset and length. */
static void sysfs_pci_config_reads_at_any_offset(struct kunit *test)
{
	struct pci_dev *dev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);
	struct file *f;
	u8 buf[64];
	u32 id, cls;
	loff_t pos = 0;
	struct stat st;
	char path[96];

	KUNIT_ASSERT_NOT_NULL(test, dev);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", pci_name(dev));
	KUNIT_ASSERT_EQ(test, vfs_fstatat(AT_FDCWD, path, &st, 0), 0);
	KUNIT_EXPECT_TRUE(test, st.st_size == PCI_CFG_SPACE_SIZE || st.st_size == PCI_CFG_SPACE_EXP_SIZE);
	f = filp_open(path, O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf), &pos), 64);
	pci_read_config_dword(dev, PCI_VENDOR_ID, &id);
	pci_read_config_dword(dev, PCI_CLASS_REVISION, &cls);
	KUNIT_EXPECT_EQ(test, buf[0] | buf[1] << 8 | buf[2] << 16 | (u32)buf[3] << 24, id);
	pos = 9;                        /* odd offset, odd length: class and revision bytes */
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, 3, &pos), 3);
	KUNIT_EXPECT_EQ(test, buf[0] | buf[1] << 8 | buf[2] << 16, cls >> 8);
	pos = st.st_size - 2;
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, 8, &pos), 2);
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, 8, &pos), 0);
	fput(f);
}

/* The first edu function, or skip. */
static struct pci_dev *sysfs_test_edu(struct kunit *test)
{
	struct pci_dev *dev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);

	if (!dev)
		kunit_skip(test, "no edu device (QEMU_ARGS=\"-device edu\")");
	return dev;
}

static void sysfs_pci_edu_files_match_linux(struct kunit *test)
{
	struct pci_dev *dev = sysfs_test_edu(test);
	char buf[512], want[512];
	struct stat st;
	char path[96];
	int n;

	KUNIT_EXPECT_GT(test, pci_attr(dev, "subsystem_vendor", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "0x1af4\n");
	KUNIT_EXPECT_GT(test, pci_attr(dev, "class", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "0x00ff00\n");
	KUNIT_EXPECT_GT(test, pci_attr(dev, "modalias", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "pci:v00001234d000011E8sv00001AF4sd00001100bc00scFFi00\n");
	n = dev->driver ? snprintf(want, sizeof(want), "DRIVER=%s\n", dev->driver->name) : 0;
	snprintf(want + n, sizeof(want) - n, "PCI_CLASS=FF00\nPCI_ID=1234:11E8\n"
		 "PCI_SUBSYS_ID=1AF4:1100\nPCI_SLOT_NAME=%s\n"
		 "MODALIAS=pci:v00001234d000011E8sv00001AF4sd00001100bc00scFFi00\n", pci_name(dev));
	KUNIT_EXPECT_GT(test, pci_attr(dev, "uevent", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, want);
	snprintf(want, sizeof(want), "0x%016llx 0x%016llx 0x0000000000040200\n",
		 (unsigned long long)dev->resource[0].start, (unsigned long long)dev->resource[0].end);
	KUNIT_EXPECT_GT(test, pci_attr(dev, "resource", buf, sizeof(buf)), 0);
	buf[57] = '\0';
	KUNIT_EXPECT_STREQ(test, buf, want);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource0", pci_name(dev));
	KUNIT_ASSERT_EQ(test, vfs_fstatat(AT_FDCWD, path, &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, 1 << 20);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFREG | 0600);
	KUNIT_EXPECT_EQ(test, sysfs_test_read(path, buf, sizeof(buf)), -EIO);  /* mmap only */
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", pci_name(dev));
	KUNIT_ASSERT_EQ(test, vfs_fstatat(AT_FDCWD, path, &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_size, PCI_CFG_SPACE_SIZE);  /* conventional PCI */
	snprintf(want, sizeof(want), "%u\n", dev->msi_enabled ? dev->msi_irq : dev->irq);
	KUNIT_EXPECT_GT(test, pci_attr(dev, "irq", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, want);
}

/* "../" once per directory between /sys and dev's directory, then rest. */
static void pci_up_link(struct pci_dev *dev, const char *rest, char *buf, size_t size)
{
	char dir[128];
	size_t len = 0;

	pci_sysfs_dir_path(dev, dir, sizeof(dir));
	buf[0] = '\0';
	for (const char *p = dir + strlen("/sys"); *p; p++)
		if (*p == '/' && len + 3 < size)
			len += scnprintf(buf + len, size - len, "../");
	scnprintf(buf + len, size - len, "%s", rest);
}

/* config takes writes at their natural width: the command register's INTx-disable bit. */
static void sysfs_pci_config_writes_the_command_register(struct kunit *test)
{
	struct pci_dev *dev = sysfs_test_edu(test);
	char path[96];
	struct file *f;
	u16 cmd, now, set;
	loff_t pos = PCI_COMMAND;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", pci_name(dev));
	f = filp_open(path, O_RDWR, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	set = cmd ^ PCI_COMMAND_INTX_DISABLE;
	KUNIT_EXPECT_EQ(test, kernel_write(f, &set, 2, &pos), 2);
	pci_read_config_word(dev, PCI_COMMAND, &now);
	KUNIT_EXPECT_EQ(test, now, set);
	pos = PCI_COMMAND;
	KUNIT_EXPECT_EQ(test, kernel_write(f, &cmd, 2, &pos), 2);
	pci_read_config_word(dev, PCI_COMMAND, &now);
	KUNIT_EXPECT_EQ(test, now, cmd);
	pos = PCI_CFG_SPACE_SIZE;
	KUNIT_EXPECT_EQ(test, kernel_write(f, &cmd, 2, &pos), -EFBIG);  /* past the space */
	fput(f);
}

/* The driver edu is bound to at the start, to give it back at the end. */
static void sysfs_pci_edu_moves_between_drivers(struct kunit *test)
{
	struct pci_dev *dev = sysfs_test_edu(test);
	struct pci_driver *edu = pci_find_driver("edu");
	char path[128], buf[128], want[128], enable[128], drvlink[128];

	if (!edu || dev->driver != edu)
		kunit_skip(test, "edu is not bound to the edu driver");
	/* bound: the links both ways (edu may sit behind a bridge: one more ../) */
	pci_up_link(dev, "bus/pci/drivers/edu", drvlink, sizeof(drvlink));
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", pci_name(dev));
	KUNIT_EXPECT_GT(test, sysfs_test_readlink(path, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, drvlink);
	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/edu/%s", pci_name(dev));
	pci_sysfs_dir_path(dev, buf, sizeof(buf));
	snprintf(want, sizeof(want), "../../../..%s", buf + strlen("/sys"));
	KUNIT_EXPECT_GT(test, sysfs_test_readlink(path, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, want);
	/* errnos: a bound device cannot be bound again; the ID is edu's already */
	snprintf(buf, sizeof(buf), "%s\n", pci_name(dev));
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/edu/bind", buf), -EBUSY);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/edu/new_id", "1234 11e8"),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/edu/new_id", "zz"), -EINVAL);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/edu/new_id", "1234"), -EINVAL);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/edu/unbind", "0000:99:00.0"),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/edu/remove_id", "1234 11e8"),
			-ENODEV);
	/* enable: counted by the driver's pci_enable_device; not to be changed under it */
	snprintf(enable, sizeof(enable), "/sys/bus/pci/devices/%s/enable", pci_name(dev));
	KUNIT_EXPECT_GT(test, sysfs_test_read(enable, want, sizeof(want)), 0);
	KUNIT_EXPECT_STREQ(test, want, "1\n");
	KUNIT_EXPECT_EQ(test, sysfs_test_write(enable, "0"), -EBUSY);
	KUNIT_EXPECT_EQ(test, sysfs_test_write(enable, "on"), -EINVAL);
	/* unbind (with the newline echo writes), then the links are gone */
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/edu/unbind", buf),
			(long)strlen(buf));
	KUNIT_EXPECT_NULL(test, dev->driver);
	KUNIT_EXPECT_EQ(test, sysfs_test_readlink(path, buf, sizeof(buf)), -ENOENT);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", pci_name(dev));
	KUNIT_EXPECT_EQ(test, sysfs_test_readlink(path, buf, sizeof(buf)), -ENOENT);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/edu/unbind", pci_name(dev)),
			-ENODEV);
	KUNIT_EXPECT_GT(test, sysfs_test_read(enable, want, sizeof(want)), 0);
	KUNIT_EXPECT_STREQ(test, want, "0\n");
	KUNIT_EXPECT_EQ(test, sysfs_test_write(enable, "0\n"), -EIO);         /* not enabled */
	/* bind without the newline: edu holds it again */
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/edu/bind", pci_name(dev)),
			(long)strlen(pci_name(dev)));
	KUNIT_EXPECT_PTR_EQ(test, dev->driver, edu);
	KUNIT_EXPECT_GT(test, sysfs_test_readlink(path, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, drvlink);
	if (!dev->driver)
		pci_driver_attach(edu, dev);    /* give it back whatever happened */
}

static int sysfs_test_probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	return -ENODEV;                 /* never takes a device */
}

static struct pci_driver sysfs_test_driver = {
	.name = "sysfs_test",
	.probe = sysfs_test_probe,
};

/* A driver's directory comes and goes with it; new_id/remove_id keep Linux's rules. */
static void sysfs_pci_driver_directory_follows_the_driver(struct kunit *test)
{
	static const char *const files[] = { "bind", "unbind", "new_id", "remove_id", "uevent" };
	struct stat st;
	char path[96];
	int err = pci_register_driver(&sysfs_test_driver);

	if (err == -ENODEV)
		kunit_skip(test, "no PCI driver core yet");
	KUNIT_ASSERT_EQ(test, err, 0);
	for (unsigned int i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "/sys/bus/pci/drivers/sysfs_test/%s", files[i]);
		KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, path, &st, 0), 0);
		KUNIT_EXPECT_EQ(test, st.st_mode, S_IFREG | 0200);
	}
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/sysfs_test/new_id",
					       "dead beef\n"), 10);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/sysfs_test/remove_id",
					       "dead beef"), 9);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/sysfs_test/remove_id",
					       "dead beef"), -ENODEV);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/sysfs_test/uevent", "add\n"), 4);
	KUNIT_EXPECT_EQ(test, sysfs_test_write("/sys/bus/pci/drivers/sysfs_test/uevent", "boom"),
			-EINVAL);
	pci_unregister_driver(&sysfs_test_driver);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, "/sys/bus/pci/drivers/sysfs_test", &st, 0),
			-ENOENT);
}

static struct kunit_case sysfs_cases[] = {
	KUNIT_CASE(sysfs_text_attribute_shows_afresh_and_stores_whole),
	KUNIT_CASE(sysfs_bad_opens_and_writes_get_linux_errnos),
	KUNIT_CASE(sysfs_binary_attribute_reads_and_writes_at_offsets),
	KUNIT_CASE(sysfs_stat_and_links_look_like_linux),
	KUNIT_CASE(sysfs_removal_leaves_open_files_answering_enodev),
	KUNIT_CASE(sysfs_pci_functions_have_linux_files),
	KUNIT_CASE(sysfs_pci_config_reads_at_any_offset),
	KUNIT_CASE(sysfs_pci_edu_files_match_linux),
	KUNIT_CASE(sysfs_pci_config_writes_the_command_register),
	KUNIT_CASE(sysfs_pci_edu_moves_between_drivers),
	KUNIT_CASE(sysfs_pci_driver_directory_follows_the_driver),
	{}
};

static struct kunit_suite sysfs_suite = { .name = "sysfs", .test_cases = sysfs_cases };
kunit_test_suite(sysfs_suite);
