/*
 * Host tests of the edu driver's DMA range rules (include/drivers/edu.h):
 * which transfers QEMU 7.2's edu accepts (0x40000-0x40ffe, one byte short
 * of the spec's buffer: its edu_check_range stops QEMU on the last byte),
 * and which RAM ranges a 28-bit DMA mask lets the device reach, at the
 * edges and where an unchecked sum would wrap.
 */
#include <drivers/edu.h>

#include "hosttest.h"

#define MASK28 DMA_BIT_MASK(28)

TEST(edu_device_range_edges)
{
	CHECK(edu_dma_dev_range_ok(0x40000, 1));
	CHECK(edu_dma_dev_range_ok(0x40000, 4095));
	CHECK(edu_dma_dev_range_ok(0x40ffe, 1));
	CHECK(edu_dma_dev_range_ok(0x40800, 2047));
	CHECK(!edu_dma_dev_range_ok(0x40000, 4096));    /* the spec's whole buffer: QEMU 7.2 aborts */
	CHECK(!edu_dma_dev_range_ok(0x40fff, 1));
	CHECK(!edu_dma_dev_range_ok(0x40800, 2048));
	CHECK(!edu_dma_dev_range_ok(0x3ffff, 1));
	CHECK(!edu_dma_dev_range_ok(0x41000, 1));
	CHECK(!edu_dma_dev_range_ok(0x40000, 0));
}

TEST(edu_device_range_never_wraps)
{
	CHECK(!edu_dma_dev_range_ok(0x40000, ~0ULL));
	CHECK(!edu_dma_dev_range_ok(~0ULL, 2));
	CHECK(!edu_dma_dev_range_ok(0x40001, 4095));
}

TEST(edu_ram_range_under_28_bits)
{
	CHECK(edu_dma_ram_range_ok(0, 1, MASK28));
	CHECK(edu_dma_ram_range_ok(0x0ffff000, 4096, MASK28));  /* ends on 0x0fffffff */
	CHECK(edu_dma_ram_range_ok(0x0fffffff, 1, MASK28));
	CHECK(!edu_dma_ram_range_ok(0x0ffff001, 4096, MASK28));
	CHECK(!edu_dma_ram_range_ok(0x10000000, 1, MASK28));
	CHECK(!edu_dma_ram_range_ok(0x1000, 0, MASK28));
	CHECK(!edu_dma_ram_range_ok(~0ULL - 10, 64, MASK28));
	CHECK(!edu_dma_ram_range_ok(0x1000, ~0ULL, MASK28));
	CHECK(edu_dma_ram_range_ok(~0ULL, 1, DMA_BIT_MASK(64)));
	CHECK(!edu_dma_ram_range_ok(~0ULL, 2, DMA_BIT_MASK(64)));
}
