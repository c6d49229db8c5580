/*
 * devmem suite: /dev/mem's rule (devmem_is_allowed, drivers/mem.c) on this
 * machine's iomem -- RAM refused above 1 MiB and shown as zeros below it,
 * busy ranges refused, the HPET open -- a driver's claim closing a page and
 * its release opening it again; read() of /dev/mem and /dev/port through
 * kernel_read, and lseek's rules.  The user side (mmap, busybox devmem,
 * user/hpet) is utest's devmem suite.
 */
#include <asm/io.h>
#include <asm/sections.h>
#include <drivers/hpet.h>
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/ioport.h>
#include <kernel/kunit.h>
#include <kernel/string.h>
#include <mm/memblock.h>
#include <mm/page.h>

#define FREE_PAGE 0xfecff000UL          /* between the IOAPIC window and the HPET: nobody's */

static void devmem_rule_follows_iomem(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, devmem_is_allowed(PHYS_PFN(0x1000)), 2);     /* RAM below 1 MiB */
	KUNIT_EXPECT_EQ(test, devmem_is_allowed(PHYS_PFN(0x100000)), 0);   /* RAM */
	KUNIT_EXPECT_EQ(test, devmem_is_allowed(PHYS_PFN(__pa(_text))), 0);
	KUNIT_EXPECT_EQ(test, devmem_is_allowed(PHYS_PFN(0xfee00000)), 0); /* "Local APIC": busy */
	KUNIT_EXPECT_EQ(test, devmem_is_allowed(PHYS_PFN(FREE_PAGE)), 1);
	if (hpet_present())
		KUNIT_EXPECT_EQ(test, devmem_is_allowed(PHYS_PFN(0xfed00000)), 1);
	KUNIT_EXPECT_EQ(test, region_intersects(0x100000, PAGE_SIZE, IORESOURCE_SYSTEM_RAM,
						IORES_DESC_NONE), REGION_INTERSECTS);
	KUNIT_EXPECT_EQ(test, region_intersects(FREE_PAGE, PAGE_SIZE, IORESOURCE_SYSTEM_RAM,
						IORES_DESC_NONE), REGION_DISJOINT);
}

/* IO_STRICT_DEVMEM: a driver's claim closes the page; its release opens it. */
static void devmem_driver_claim_closes_the_page(struct kunit *test)
{
	struct resource *r = request_mem_region(FREE_PAGE + 0x100, 0x10, "devmem-test");

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_TRUE(test, iomem_is_exclusive(FREE_PAGE));
	KUNIT_EXPECT_EQ(test, devmem_is_allowed(PHYS_PFN(FREE_PAGE)), 0);
	KUNIT_EXPECT_EQ(test, devmem_is_allowed(PHYS_PFN(FREE_PAGE) + 1), 1);
	release_mem_region(FREE_PAGE + 0x100, 0x10);
	KUNIT_EXPECT_FALSE(test, iomem_is_exclusive(FREE_PAGE));
	KUNIT_EXPECT_EQ(test, devmem_is_allowed(PHYS_PFN(FREE_PAGE)), 1);
}

static struct file *open_or_fail(struct kunit *test, const char *path, int flags)
{
	struct file *f = filp_open(path, flags, 0);

	if (IS_ERR_OR_NULL(f))
		kunit_skip(test, "cannot open %s (%ld)", path, PTR_ERR(f));
	return f;
}

/* read(): zeros for low RAM, the BIOS's bytes, EPERM for RAM, EFAULT past RAM's end. */
static void devmem_read_rules(struct kunit *test)
{
	struct file *f = open_or_fail(test, "/dev/mem", O_RDONLY);
	phys_addr_t end = memblock_end_of_DRAM();
	u8 buf[64], zero[64];
	loff_t pos = 0x1000;

	memset(buf, 0xaa, sizeof(buf));
	memset(zero, 0, sizeof(zero));
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf), &pos), 64);
	KUNIT_EXPECT_EQ(test, pos, 0x1040);
	KUNIT_EXPECT_EQ(test, memcmp(buf, zero, sizeof(buf)), 0);
	pos = 0x100000;
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, 16, &pos), -EPERM);
	KUNIT_EXPECT_EQ(test, pos, 0x100000);
	pos = end - 8;
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, 16, &pos), -EFAULT);
	pos = 0xffff0;                  /* the reset vector's page: allowed (below 1 MiB) */
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, 16, &pos), 16);
	KUNIT_EXPECT_EQ(test, vfs_llseek(f, 0, SEEK_END), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_llseek(f, -1, SEEK_SET), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, vfs_llseek(f, 0xfed00000, SEEK_SET), 0xfed00000);
	KUNIT_EXPECT_EQ(test, vfs_llseek(f, 4, SEEK_CUR), 0xfed00004);
	fput(f);
}

/* /dev/port: one byte per port, nothing past 65535. */
static void devport_reads_ports(struct kunit *test)
{
	struct file *f = open_or_fail(test, "/dev/port", O_RDWR);
	u8 b[4] = { 0xff, 0xff, 0xff, 0xff };
	loff_t pos = 0x3fd;             /* COM1's line status */

	KUNIT_EXPECT_EQ(test, kernel_read(f, b, 1, &pos), 1);
	KUNIT_EXPECT_NE(test, b[0], 0xff);
	KUNIT_EXPECT_EQ(test, pos, 0x3fe);
	pos = 65534;
	KUNIT_EXPECT_EQ(test, kernel_read(f, b, 4, &pos), 2);
	KUNIT_EXPECT_EQ(test, pos, 65536);
	KUNIT_EXPECT_EQ(test, kernel_read(f, b, 4, &pos), 0);
	fput(f);
}

static struct kunit_case devmem_cases[] = {
	KUNIT_CASE(devmem_rule_follows_iomem),
	KUNIT_CASE(devmem_driver_claim_closes_the_page),
	KUNIT_CASE(devmem_read_rules),
	KUNIT_CASE(devport_reads_ports),
	{}
};

static struct kunit_suite devmem_suite = {
	.name = "devmem",
	.test_cases = devmem_cases,
};
kunit_test_suite(devmem_suite);
