/*
 * utest suite "sysfs": /sys as a program sees it -- PCI's links read with
 * readlink, attributes read with read(2) in pieces and again from 0, the
 * errnos of bad opens and writes, and, with an edu device (QEMU_ARGS="-device
 * edu"), new_id's EEXIST and resource0 mapped to read edu's identification
 * register (unbinding its kernel driver for the time, as a UIO program would).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utest.h"

#define PCI_DEVICES "/sys/bus/pci/devices"
#define EDU_ID 0x010000ed               /* edu's register 0x00: version 1.0, "ed" */

/* The text of path into buf (NUL-terminated): bytes read, or -errno. */
static long read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n, len = 0;

	if (fd < 0)
		return -errno;
	while (len < (long)size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fd);
	return len;
}

/* One write of str to path: write's result, or -errno (of open or write). */
static long write_text(const char *path, const char *str, size_t len)
{
	int fd = open(path, O_WRONLY);
	long r;

	if (fd < 0)
		return -errno;
	r = write(fd, str, len);
	if (r < 0)
		r = -errno;
	close(fd);
	return r;
}

/* The name of the first edu function ("0000:00:04.0") into name, or 0. */
static int find_edu(char *name, size_t size)
{
	DIR *d = opendir(PCI_DEVICES);
	struct dirent *e;
	char path[320], vendor[16], device[16];
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), PCI_DEVICES "/%s/vendor", e->d_name);
		if (read_text(path, vendor, sizeof(vendor)) <= 0)
			continue;
		snprintf(path, sizeof(path), PCI_DEVICES "/%s/device", e->d_name);
		if (read_text(path, device, sizeof(device)) <= 0)
			continue;
		if (!strcmp(vendor, "0x1234\n") && !strcmp(device, "0x11e8\n")) {
			snprintf(name, size, "%.24s", e->d_name);
			found = 1;
		}
	}
	closedir(d);
	return found;
}

/* Every function's link names its directory under devices/pci0000:00. */
static void pci_devices_are_relative_links(void)
{
	DIR *d = opendir(PCI_DEVICES);
	struct dirent *e;
	char path[320], target[256];
	int n = 0;

	ASSERT_TRUE(d != NULL);
	while ((e = readdir(d))) {
		long len;

		if (e->d_name[0] == '.')
			continue;
		n++;
		EXPECT_EQ(e->d_type, DT_LNK);
		snprintf(path, sizeof(path), PCI_DEVICES "/%s", e->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		ASSERT_TRUE(len > 0);
		target[len] = '\0';
		EXPECT_EQ(strncmp(target, "../../../devices/pci0000:00/", 28), 0);
		EXPECT_STREQ(strrchr(target, '/') + 1, e->d_name);
		snprintf(path, sizeof(path), PCI_DEVICES "/%s/subsystem", e->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		ASSERT_TRUE(len > 0);
		target[len] = '\0';
		EXPECT_STREQ(target + len - 16, "../../../bus/pci");
	}
	closedir(d);
	EXPECT_TRUE(n > 0);
}

/* read(2) a byte at a time gives the same text; a read from 0 prints it again. */
static void attribute_reads_in_pieces_and_again(void)
{
	char whole[4096], piece[4096], name[32], path[320];
	int fd;
	long n, len = 0;

	if (!find_edu(name, sizeof(name)))
		snprintf(name, sizeof(name), "0000:00:00.0");
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/resource", name);
	ASSERT_TRUE(read_text(path, whole, sizeof(whole)) == 13 * 57);
	fd = open(path, O_RDONLY);
	ASSERT_TRUE(fd >= 0);
	while ((n = read(fd, piece + len, 1)) == 1)
		len++;
	piece[len] = '\0';
	EXPECT_EQ(n, 0);
	EXPECT_STREQ(piece, whole);
	EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	EXPECT_EQ(read(fd, piece, sizeof(piece)), 13 * 57);
	EXPECT_ERRNO(lseek(fd, 0, SEEK_END), EINVAL);
	EXPECT_EQ(close(fd), 0);
}

/* Linux's errnos for what cannot be done in /sys. */
static void bad_opens_and_writes(void)
{
	static char big[PAGE_SIZE];
	char path[320];
	struct stat st;
	DIR *d;
	struct dirent *e;
	char drv[64] = "";

	EXPECT_ERRNO(open(PCI_DEVICES "/0000:00:00.0/vendor", O_WRONLY), EACCES);
	EXPECT_ERRNO(mkdir("/sys/bus/pci/mine", 0755), EPERM);
	EXPECT_ERRNO(unlink(PCI_DEVICES "/0000:00:00.0"), EPERM);
	EXPECT_ERRNO(open("/sys/bus/pci/nothing", O_RDONLY), ENOENT);
	EXPECT_EQ(stat(PCI_DEVICES "/0000:00:00.0/vendor", &st), 0);
	EXPECT_EQ(st.st_size, 4096);
	EXPECT_EQ(st.st_mode, S_IFREG | 0444);
	d = opendir("/sys/bus/pci/drivers");
	ASSERT_TRUE(d != NULL);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && !drv[0])
			snprintf(drv, sizeof(drv), "%.48s", e->d_name);
	closedir(d);
	if (!drv[0]) {
		ut_skip("no PCI driver registered");
		return;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/unbind", drv);
	EXPECT_ERRNO(open(path, O_RDONLY), EACCES);
	EXPECT_EQ(write_text(path, "0000:99:1f.7\n", 13), -ENODEV);
	memset(big, '1', sizeof(big));
	EXPECT_EQ(write_text(path, big, sizeof(big)), -EINVAL);
	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/new_id", drv);
	EXPECT_EQ(write_text(path, "zz\n", 3), -EINVAL);
	EXPECT_EQ(write_text(path, "1234\n", 5), -EINVAL);
	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/remove_id", drv);
	EXPECT_EQ(write_text(path, "dead beef\n", 10), -ENODEV);
}

/* new_id of an ID the edu driver has in its table: EEXIST, as Linux's. */
static void new_id_of_a_known_id_is_eexist(void)
{
	char name[32];
	struct stat st;

	if (!find_edu(name, sizeof(name))) {
		ut_skip("no edu device");
		return;
	}
	if (stat("/sys/bus/pci/drivers/edu", &st)) {
		ut_skip("no edu driver");
		return;
	}
	EXPECT_EQ(write_text("/sys/bus/pci/drivers/edu/new_id", "1234 11e8\n", 10), -EEXIST);
}

/* Map resource0 and read edu's identification; the mmap's bounds are the BAR's. */
static void resource0_mmap_reads_edu_id(void)
{
	char name[32], path[320], link[128] = "", enable[8];
	volatile uint32_t *regs;
	long len;
	int fd, was_edu;

	if (!find_edu(name, sizeof(name))) {
		ut_skip("no edu device");
		return;
	}
	/* a driver holding the BAR busy forbids the mapping: let it go for the time */
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver", name);
	len = readlink(path, link, sizeof(link) - 1);
	link[len > 0 ? len : 0] = '\0';
	was_edu = len > 0 && !strcmp(strrchr(link, '/') + 1, "edu");
	if (len > 0 && !was_edu) {
		ut_skip("edu is bound to another driver");
		return;
	}
	if (was_edu) {
		/* the edu driver holds BAR 0 busy: no mapping (Linux's iomem_is_exclusive) */
		snprintf(path, sizeof(path), PCI_DEVICES "/%s/resource0", name);
		fd = open(path, O_RDWR);
		EXPECT_TRUE(fd >= 0);
		EXPECT_ERRNO(mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0), EINVAL);
		close(fd);
		ASSERT_EQ(write_text("/sys/bus/pci/drivers/edu/unbind", name, strlen(name)),
			  (long)strlen(name));
	}
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/enable", name);
	EXPECT_TRUE(read_text(path, enable, sizeof(enable)) > 0);
	EXPECT_STREQ(enable, "0\n");
	write_text(path, "1", 1);       /* memory decoding on (no driver core: as firmware left it) */
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/resource0", name);
	fd = open(path, O_RDWR);
	EXPECT_TRUE(fd >= 0);
	if (fd >= 0) {
		regs = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		EXPECT_TRUE(regs != MAP_FAILED);
		if (regs != MAP_FAILED) {
			EXPECT_EQ(regs[0], EDU_ID);
			regs[1] = 0x12345678;   /* liveness: reads back inverted */
			EXPECT_EQ(regs[1], (uint32_t)~0x12345678u);
			EXPECT_EQ(munmap((void *)regs, PAGE_SIZE), 0);
		}
		EXPECT_ERRNO(mmap(NULL, 2 << 20, PROT_READ, MAP_SHARED, fd, 0), EINVAL);
		EXPECT_ERRNO(mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 1 << 20), EINVAL);
		EXPECT_ERRNO(read(fd, enable, 4), EIO);
		close(fd);
	}
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/enable", name);
	write_text(path, "0", 1);
	if (was_edu) {
		EXPECT_EQ(write_text("/sys/bus/pci/drivers/edu/bind", name, strlen(name)),
			  (long)strlen(name));
		snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver", name);
		len = readlink(path, link, sizeof(link) - 1);
		EXPECT_TRUE(len > 0);
		link[len > 0 ? len : 0] = '\0';
		EXPECT_EQ(strncmp(link, "../../../", 9), 0);  /* one more ../ behind a bridge */
		EXPECT_STREQ(strstr(link, "bus/"), "bus/pci/drivers/edu");
	}
}

UTEST_SUITE(sysfs,
	UTEST_CASE(pci_devices_are_relative_links),
	UTEST_CASE(attribute_reads_in_pieces_and_again),
	UTEST_CASE(bad_opens_and_writes),
	UTEST_CASE(new_id_of_a_known_id_is_eexist),
	UTEST_CASE(resource0_mmap_reads_edu_id));
