/*
 * dma suite: kernel/dma.c, on a device of its own (no hardware needed).
 * Masks as Linux's dma_set_mask takes them (24 bits at the least); coherent
 * memory always under the coherent mask, zeroed, and given back; streaming
 * mappings of buffers under the mask are their physical address, and one
 * beyond it (RAM above 256 MiB against edu's 28-bit mask) is refused with
 * Linux's overflow line rather than handed to the device.
 */
#include <asm/page.h>
#include <errno.h>
#include <kernel/device.h>
#include <kernel/dma-mapping.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page.h>
#include <mm/slab.h>

#define EDU_DMA_MASK DMA_BIT_MASK(28)           /* QEMU's edu: 28 address bits, 256 MiB */
#define OVERFLOW_LINE "overflow (mask fffffff, bus limit 0)."

/* A device as PCI makes them: 32-bit masks (drivers/pci.c). */
static void init_dev(struct device *d)
{
	*d = (struct device){ .init_name = "dma_test", .bus_name = "test" };
	d->dma_mask_store = DMA_BIT_MASK(32);
	d->dma_mask = &d->dma_mask_store;
	d->coherent_dma_mask = DMA_BIT_MASK(32);
}

static void dma_masks_below_24_bits_are_refused(struct kunit *test)
{
	struct device d;

	init_dev(&d);
	KUNIT_EXPECT_EQ(test, dma_get_mask(&d), DMA_BIT_MASK(32));
	KUNIT_EXPECT_EQ(test, dma_set_mask(&d, DMA_BIT_MASK(20)), -EIO);
	KUNIT_EXPECT_EQ(test, dma_set_coherent_mask(&d, DMA_BIT_MASK(23)), -EIO);
	KUNIT_EXPECT_EQ(test, dma_set_mask_and_coherent(&d, DMA_BIT_MASK(20)), -EIO);
	KUNIT_EXPECT_EQ(test, dma_get_mask(&d), DMA_BIT_MASK(32));       /* unchanged */
	KUNIT_EXPECT_EQ(test, d.coherent_dma_mask, DMA_BIT_MASK(32));
	KUNIT_EXPECT_EQ(test, dma_set_mask_and_coherent(&d, DMA_BIT_MASK(24)), 0);
	KUNIT_EXPECT_EQ(test, d.coherent_dma_mask, DMA_BIT_MASK(24));
	KUNIT_EXPECT_EQ(test, dma_set_mask_and_coherent(&d, EDU_DMA_MASK), 0);
	KUNIT_EXPECT_EQ(test, dma_get_mask(&d), 0x0fffffffULL);
	KUNIT_EXPECT_EQ(test, d.coherent_dma_mask, 0x0fffffffULL);
	KUNIT_EXPECT_EQ(test, dma_set_mask(&d, DMA_BIT_MASK(64)), 0);
	KUNIT_EXPECT_EQ(test, dma_get_mask(&d), ~0ULL);
	/* a device without a streaming mask cannot take one */
	d.dma_mask = NULL;
	KUNIT_EXPECT_EQ(test, dma_set_mask(&d, DMA_BIT_MASK(32)), -EIO);
	KUNIT_EXPECT_EQ(test, dma_get_mask(&d), DMA_BIT_MASK(32));
}

/* Allocate size bytes under mask, check them, free them. */
static void check_coherent(struct kunit *test, u64 mask, size_t size)
{
	struct device d;
	dma_addr_t handle = 0;
	unsigned char *buf;
	size_t i, nonzero = 0;

	init_dev(&d);
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(&d, mask), 0);
	buf = dma_alloc_coherent(&d, size, &handle, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < size; i++)
		nonzero += buf[i] != 0;
	memset(buf, 0xa5, size);                /* the CPU's pointer is writable memory */
	KUNIT_EXPECT_EQ(test, nonzero, 0);
	KUNIT_EXPECT_EQ(test, handle, __pa(buf));
	KUNIT_EXPECT_EQ(test, handle & ~PAGE_MASK, 0);
	KUNIT_EXPECT_LE(test, handle + PAGE_ALIGN(size) - 1, mask);
	dma_free_coherent(&d, size, buf, handle);
}

static void dma_coherent_memory_lies_under_the_mask(struct kunit *test)
{
	check_coherent(test, EDU_DMA_MASK, PAGE_SIZE);
	check_coherent(test, EDU_DMA_MASK, 3 * PAGE_SIZE + 1);     /* 4 pages, order 2 */
	check_coherent(test, DMA_BIT_MASK(24), 100);                /* ZONE_DMA only */
	check_coherent(test, DMA_BIT_MASK(32), PAGE_SIZE);
	check_coherent(test, DMA_BIT_MASK(64), 2 * PAGE_SIZE);
}

static void dma_coherent_refuses_nonsense(struct kunit *test)
{
	struct device d;
	dma_addr_t handle = 0;

	init_dev(&d);
	KUNIT_EXPECT_NULL(test, dma_alloc_coherent(&d, 0, &handle, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, dma_alloc_coherent(NULL, PAGE_SIZE, &handle, GFP_KERNEL));
}

static void dma_capable_checks_the_last_byte(struct kunit *test)
{
	struct device d;

	init_dev(&d);
	KUNIT_ASSERT_EQ(test, dma_set_mask(&d, EDU_DMA_MASK), 0);
	KUNIT_EXPECT_TRUE(test, dma_capable(&d, 0x0ffff000, 0x1000));
	KUNIT_EXPECT_FALSE(test, dma_capable(&d, 0x0ffff000, 0x1001));
	KUNIT_EXPECT_FALSE(test, dma_capable(&d, 0x10000000, 1));
	KUNIT_EXPECT_FALSE(test, dma_capable(&d, DMA_MAPPING_ERROR, 1));
	KUNIT_ASSERT_EQ(test, dma_set_mask(&d, DMA_BIT_MASK(64)), 0);
	KUNIT_EXPECT_FALSE(test, dma_capable(&d, ~0ULL - 0xfff, 0x2000));   /* wraps */
}

static void dma_map_single_of_reachable_memory(struct kunit *test)
{
	struct device d;
	void *buf = kmalloc(512, GFP_KERNEL | GFP_DMA);
	dma_addr_t addr;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	init_dev(&d);
	dma_set_mask(&d, DMA_BIT_MASK(24));
	addr = dma_map_single(&d, buf, 512, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, dma_mapping_error(&d, addr), 0);
	KUNIT_EXPECT_EQ(test, addr, __pa(buf));
	dma_unmap_single(&d, addr, 512, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, dma_map_single(&d, buf, 512, DMA_NONE), DMA_MAPPING_ERROR);
	kfree(buf);
}

/*
 * RAM at 256 MiB and above: beyond edu's mask.  dma_map_single only looks
 * at where the buffer is, so the direct-map address of a RAM page there
 * serves, whoever owns the page; nothing reads or writes it.
 */
static void dma_map_single_beyond_the_mask_is_refused(struct kunit *test)
{
	const phys_addr_t above = 0x10000000;
	struct device d;
	dma_addr_t addr;
	size_t pos = log_buf_pos();

	if (!pfn_valid(PHYS_PFN(above)) || !pfn_valid(PHYS_PFN(above - PAGE_SIZE)))
		kunit_skip(test, "RAM ends below 256 MiB: nothing lies beyond a 28-bit mask");
	init_dev(&d);
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(&d, EDU_DMA_MASK), 0);
	addr = dma_map_single(&d, __va(above), PAGE_SIZE, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, addr, DMA_MAPPING_ERROR);
	KUNIT_EXPECT_EQ(test, dma_mapping_error(&d, addr), -ENOMEM);
	/* the last page under the mask maps; one byte more does not */
	addr = dma_map_single(&d, __va(above - PAGE_SIZE), PAGE_SIZE, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, addr, above - PAGE_SIZE);
	addr = dma_map_single(&d, __va(above - PAGE_SIZE), PAGE_SIZE + 1, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, addr, DMA_MAPPING_ERROR);
	/* Linux's line, once a boot (dev_WARN_ONCE): this run or an earlier one */
	if (!log_contains_since(pos, OVERFLOW_LINE) && log_holds_boot())
		KUNIT_EXPECT_TRUE(test, log_contains_since(0, OVERFLOW_LINE));
}

static struct kunit_case dma_cases[] = {
	KUNIT_CASE(dma_masks_below_24_bits_are_refused),
	KUNIT_CASE(dma_coherent_memory_lies_under_the_mask),
	KUNIT_CASE(dma_coherent_refuses_nonsense),
	KUNIT_CASE(dma_capable_checks_the_last_byte),
	KUNIT_CASE(dma_map_single_of_reachable_memory),
	KUNIT_CASE(dma_map_single_beyond_the_mask_is_refused),
	{}
};

static struct kunit_suite dma_suite = {
	.name = "dma",
	.test_cases = dma_cases,
};
kunit_test_suite(dma_suite);
