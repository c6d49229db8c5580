/*
 * DMA without an IOMMU (Linux's kernel/dma/mapping.c and kernel/dma/direct.c
 * for x86-64): a device's bus address is the physical address, so the whole
 * job is to hand out memory the device can reach and to refuse memory it
 * cannot.
 *
 * What a device can reach is its mask: edu's DMA engine drives 28 address
 * bits, so its mask is DMA_BIT_MASK(28) = 0x0fffffff and it sees the low
 * 256 MiB.  Memory comes from the zones (mm/page_alloc.c):
 *
 *   ZONE_DMA     below 16 MiB  (24 bits: ISA DMA)      GFP_DMA
 *   ZONE_DMA32   below 4 GiB   (32 bits)               GFP_DMA32
 *   ZONE_NORMAL  the rest
 *
 * Worked example, mask 28 bits on a 1 GiB machine: 28 > 24 bits and <= 32,
 * so dma_alloc_coherent asks ZONE_DMA32 first; if that page lies above
 * 0x0fffffff the device cannot reach it, so it goes back and the request is
 * retried in ZONE_DMA, which every mask of 24 bits or more reaches.  A mask
 * below 24 bits could be met by no zone: dma_set_mask refuses it (-EIO).
 */
#include <asm/page.h>
#include <errno.h>
#include <kernel/device.h>
#include <kernel/dma-mapping.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/page.h>

#define ZONE_DMA_BITS 24        /* x86's ZONE_DMA: the ISA DMA controller's 16 MiB */

/*
 * Linux's dma_direct_supported: a mask of 32 bits or more always works
 * (ZONE_DMA32); a smaller one must at least cover ZONE_DMA.  (Linux takes
 * the smaller of that and the end of RAM; Atlas never has less than 16 MiB.)
 * There is no bus_dma_limit on x86 without an IOMMU: the mask is the limit.
 */
static bool dma_supported(u64 mask)
{
	return mask >= DMA_BIT_MASK(ZONE_DMA_BITS);
}

int dma_set_mask(struct device *dev, u64 mask)
{
	if (!dev || !dev->dma_mask || !dma_supported(mask))
		return -EIO;
	*dev->dma_mask = mask;
	return 0;
}

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	if (!dev || !dma_supported(mask))
		return -EIO;
	dev->coherent_dma_mask = mask;
	return 0;
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	int ret = dma_set_mask(dev, mask);

	if (!ret)
		dma_set_coherent_mask(dev, mask);
	return ret;
}

/* As Linux's: the streaming mask, or PCI's default of 32 bits when none is set. */
u64 dma_get_mask(struct device *dev)
{
	if (dev && dev->dma_mask && *dev->dma_mask)
		return *dev->dma_mask;
	return DMA_BIT_MASK(32);
}

/* ---- coherent memory ---- */

/* Linux's dma_direct_optimal_gfp_mask: the smallest zone that a mask implies. */
static gfp_t dma_zone_for(u64 mask)
{
	if (mask <= DMA_BIT_MASK(ZONE_DMA_BITS))
		return GFP_DMA;
	if (mask <= DMA_BIT_MASK(32))
		return GFP_DMA32;
	return 0;
}

/* Linux's dma_coherent_ok: the whole of [phys, phys + size) is under the coherent mask. */
static bool dma_coherent_ok(struct device *dev, phys_addr_t phys, size_t size)
{
	return phys + size - 1 <= dev->coherent_dma_mask;
}

/*
 * Linux's __dma_direct_alloc_pages: from the zone the mask implies; a block
 * the device cannot reach goes back and the next smaller zone is tried.
 */
static struct page *dma_alloc_pages_under_mask(struct device *dev, size_t size, gfp_t gfp)
{
	unsigned int order = get_order(size);
	u64 mask = dev->coherent_dma_mask;
	struct page *page;

	gfp |= dma_zone_for(mask);
	for (;;) {
		page = alloc_pages(gfp, order);
		if (!page || dma_coherent_ok(dev, page_to_phys(page), size))
			return page;
		__free_pages(page, order);
		if (mask < DMA_BIT_MASK(64) && !(gfp & (GFP_DMA32 | GFP_DMA)))
			gfp |= GFP_DMA32;
		else if (!(gfp & GFP_DMA))
			gfp = (gfp & ~GFP_DMA32) | GFP_DMA;
		else
			return NULL;
	}
}

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp)
{
	struct page *page;
	void *cpu_addr;

	if (!dev || !size) {
		printk(KERN_WARNING "dma_alloc_coherent: %s\n", dev ? "size 0" : "no device");
		return NULL;
	}
	size = PAGE_ALIGN(size);
	/* the allocator, not the caller, picks the zone (Linux's dma_alloc_attrs) */
	gfp &= ~(__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM | __GFP_COMP);
	page = dma_alloc_pages_under_mask(dev, size, gfp);
	if (!page)
		return NULL;
	cpu_addr = page_address(page);
	memset(cpu_addr, 0, size);
	*dma_handle = page_to_phys(page);
	return cpu_addr;
}

void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle)
{
	if (!cpu_addr)
		return;
	if (__pa(cpu_addr) != dma_handle) {
		printk(KERN_WARNING "dma_free_coherent: %#llx is not the handle of %px\n",
		       (unsigned long long)dma_handle, cpu_addr);
		return;
	}
	free_pages((unsigned long)cpu_addr, get_order(PAGE_ALIGN(size)));
}

/* ---- streaming mappings ---- */

bool dma_capable(struct device *dev, dma_addr_t addr, size_t size)
{
	dma_addr_t end = addr + size - 1;

	if (addr == DMA_MAPPING_ERROR || !dev || !dev->dma_mask)
		return false;
	if (size && end < addr)         /* wraps past 2^64 */
		return false;
	return end <= *dev->dma_mask;
}

/* Whether ptr is memory with a physical address: the direct map of RAM or the kernel image. */
static bool dma_addr_mappable(const void *ptr)
{
	unsigned long v = (unsigned long)ptr;

	if (v >= __START_KERNEL_map)
		return true;
	return v >= PAGE_OFFSET && v < VMALLOC_START && pfn_valid(PHYS_PFN(__pa(v)));
}

static bool dma_overflow_reported;      /* Linux's dev_WARN_ONCE: one line per boot */

dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size, enum dma_data_direction dir)
{
	dma_addr_t addr;

	if (!dev || !dev->dma_mask || dir > DMA_FROM_DEVICE) {
		printk(KERN_WARNING "dma_map_single: %s\n",
		       dir > DMA_FROM_DEVICE ? "bad direction" : "device has no DMA mask");
		return DMA_MAPPING_ERROR;
	}
	if (!dma_addr_mappable(ptr)) {
		dev_warn(dev, "dma_map_single: %px is not in the direct map (vmalloc or user?)\n", ptr);
		return DMA_MAPPING_ERROR;
	}
	addr = __pa(ptr);
	if (!dma_capable(dev, addr, size)) {
		if (!dma_overflow_reported) {
			dma_overflow_reported = true;
			dev_warn(dev, "DMA addr 0x%016llx+%zu overflow (mask %llx, bus limit %llx).\n",
				 (unsigned long long)addr, size, (unsigned long long)*dev->dma_mask, 0ULL);
		}
		return DMA_MAPPING_ERROR;
	}
	return addr;
}

/* Nothing to undo: x86 DMA is cache-coherent and there is no bounce buffer. */
void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir)
{
	if (addr == DMA_MAPPING_ERROR)
		printk(KERN_WARNING "dma_unmap_single of a failed mapping\n");
}
