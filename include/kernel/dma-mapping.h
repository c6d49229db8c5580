/*
 * DMA: memory a device reads and writes by itself (Linux's
 * include/linux/dma-mapping.h and kernel/dma/direct.c, for x86 without an
 * IOMMU, where a device's bus address is the physical address).
 *
 * A device may not reach all of memory: QEMU's edu can address only the
 * low 256 MiB (28 address bits).  The driver says so with dma_set_mask();
 * dma_alloc_coherent() then returns memory below the mask, from ZONE_DMA32
 * or, if that fails the mask, ZONE_DMA (< 16 MiB), as Linux's dma-direct;
 * dma_map_single() refuses a buffer the device cannot reach, with one log
 * line, instead of letting the device write somewhere else.
 */
#ifndef ATLAS_KERNEL_DMA_MAPPING_H
#define ATLAS_KERNEL_DMA_MAPPING_H

#include <errno.h>
#include <kernel/types.h>
#include <mm/gfp.h>

struct device;

typedef u64 dma_addr_t;

#define DMA_BIT_MASK(n)         (((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))
#define DMA_MAPPING_ERROR       (~(dma_addr_t)0)

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

/*
 * Set what the device can address: 0, or -EIO for a mask smaller than
 * ZONE_DMA (24 bits: nothing could be allocated under it), as Linux's
 * dma_supported().  Every device starts at 32 bits, as PCI's default.
 */
int dma_set_mask(struct device *dev, u64 mask);
int dma_set_coherent_mask(struct device *dev, u64 mask);
int dma_set_mask_and_coherent(struct device *dev, u64 mask);
u64 dma_get_mask(struct device *dev);

/*
 * size bytes (rounded up to pages) of zeroed memory the device can reach
 * under its coherent mask, mapped for the CPU (the direct map): the CPU
 * pointer, with the device's address in *dma_handle; NULL when there is
 * no such memory.  dma_free_coherent gives it back.
 */
void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp);
void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle);

/*
 * The device address of a kernel buffer (kmalloc'd or page-allocated, in
 * the direct map) for a transfer in direction dir, or DMA_MAPPING_ERROR
 * (tested with dma_mapping_error) when the buffer lies beyond the
 * device's mask: "edu 0000:00:04.0: DMA addr 0x... +4096 overflow (mask
 * fffffff)" is logged once, as Linux's dma-direct says it.
 */
dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size, enum dma_data_direction dir);
void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir);

static inline int dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	(void)dev;
	return addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

/* Whether [addr, addr + size) is under the device's streaming mask. */
bool dma_capable(struct device *dev, dma_addr_t addr, size_t size);

#endif
