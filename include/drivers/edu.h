/*
 * QEMU's "edu" device (-device edu, PCI 1234:11e8) and its driver
 * (drivers/edu.c): the model PCI driver of Atlas.
 *
 * The device is described in QEMU's docs/specs/edu.txt and built in
 * hw/misc/edu.c.  BAR 0 is 1 MiB of registers, read and written 32 bits at a
 * time (64 bits are allowed from 0x80 on):
 *
 *   0x00  RO  identification: 0xMMmm00ed (major MM, minor mm); QEMU: 0x010000ed
 *   0x04  RW  liveness: reads back the bitwise inverse of what was written
 *   0x08  RW  factorial: write n, read n! once status bit 0 is clear
 *   0x20  RW  status: bit 0 computing (read-only), bit 7 raise irq 0x001
 *             when the factorial is done
 *   0x24  RO  interrupt status: the reasons of the interrupt now raised
 *   0x60  WO  raise: OR the value into the interrupt status and interrupt
 *   0x64  WO  acknowledge: clear these bits of the interrupt status (INTx
 *             drops when it reaches 0; MSI needs the ack as well)
 *   0x80  RW  DMA source address        0x88  RW  DMA destination address
 *   0x90  RW  DMA count (bytes)         0x98  RW  DMA command
 *
 * The DMA engine copies between RAM and a 4 KiB buffer inside the device,
 * which the device calls addresses 0x40000-0x40fff.  It finishes 100 ms of
 * virtual time after the command, then raises interrupt bit 0x100 if the
 * command asked for it.  It can only address the low 256 MiB of RAM (28
 * bits); QEMU stops dead (hw_error) if a transfer leaves the 4 KiB buffer,
 * so the driver checks every transfer before it touches the device.  QEMU
 * up to 7.2 (the one Atlas runs on) also stops on a transfer that reaches
 * the buffer's last byte: its edu_check_range wants the end address
 * (start + count) strictly inside the buffer, one byte short of what the
 * spec says.  So a transfer covers at most 0x40000-0x40ffe, 4095 bytes
 * (EDU_DMA_XFER_MAX); later QEMUs accept the whole 4096.
 */
#ifndef ATLAS_DRIVERS_EDU_H
#define ATLAS_DRIVERS_EDU_H

#include <asm/io.h>
#include <kernel/dma-mapping.h>
#include <kernel/types.h>

#define PCI_VENDOR_ID_QEMU      0x1234
#define PCI_DEVICE_ID_QEMU_EDU  0x11e8

/* registers (offsets into BAR 0) */
#define EDU_REG_ID              0x00
#define EDU_REG_LIVENESS        0x04
#define EDU_REG_FACTORIAL       0x08
#define EDU_REG_STATUS          0x20
#define EDU_REG_IRQ_STATUS      0x24
#define EDU_REG_IRQ_RAISE       0x60
#define EDU_REG_IRQ_ACK         0x64
#define EDU_REG_DMA_SRC         0x80
#define EDU_REG_DMA_DST         0x88
#define EDU_REG_DMA_COUNT       0x90
#define EDU_REG_DMA_CMD         0x98

#define EDU_ID_MAGIC            0xed            /* the identification's low byte */
#define EDU_ID_MAJOR(id)        ((id) >> 24)
#define EDU_ID_MINOR(id)        (((id) >> 16) & 0xff)

#define EDU_STATUS_COMPUTING    0x01            /* the factorial is not ready yet */
#define EDU_STATUS_IRQFACT      0x80            /* interrupt when it is */

#define EDU_IRQ_FACTORIAL       0x00000001      /* interrupt status bits the device sets */
#define EDU_IRQ_DMA             0x00000100

#define EDU_DMA_CMD_START       0x1             /* also reads 1 while the transfer runs */
#define EDU_DMA_CMD_TO_RAM      0x2             /* direction: 0 RAM -> device, 1 device -> RAM */
#define EDU_DMA_CMD_IRQ         0x4             /* raise EDU_IRQ_DMA when done */

#define EDU_DMA_BUF_ADDR        0x40000         /* the device's buffer, in its own addresses */
#define EDU_DMA_BUF_SIZE        4096
#define EDU_DMA_XFER_MAX        (EDU_DMA_BUF_SIZE - 1)  /* QEMU 7.2's off-by-one: see above */
#define EDU_DMA_BITS            28              /* RAM the engine reaches: the low 256 MiB */

#define EDU_TIMEOUT_MS          1000            /* any wait on the device gives up after this */

/*
 * Whether device addresses [dev_addr, dev_addr + len) make a transfer QEMU
 * accepts: at least a byte, all inside 0x40000-0x40ffe (EDU_DMA_XFER_MAX).
 * Pure, so the host tests check it (tests/host/test_edu.c).
 */
static inline bool edu_dma_dev_range_ok(u64 dev_addr, u64 len)
{
	return len && len <= EDU_DMA_XFER_MAX && dev_addr >= EDU_DMA_BUF_ADDR &&
	       dev_addr - EDU_DMA_BUF_ADDR <= EDU_DMA_XFER_MAX - len;
}

/* Whether RAM [ram, ram + len) is at least a byte, all under mask (no wrap past 2^64). */
static inline bool edu_dma_ram_range_ok(u64 ram, u64 len, u64 mask)
{
	return len && ram <= mask && len - 1 <= mask - ram;
}

enum edu_irq_mode {
	EDU_IRQ_NONE,                   /* no vector allocated (between modes, or failed) */
	EDU_IRQ_MSI,                    /* a message to the local APIC */
	EDU_IRQ_INTX,                   /* pin INTA#, through the IOAPIC */
};

/* What the monitor and the tests see of the bound device (edu_get_state). */
struct edu_state {
	const char *slot;               /* "0000:00:04.0" */
	phys_addr_t bar_start, bar_end; /* BAR 0 */
	u32 id;                         /* the identification register at probe */
	enum edu_irq_mode irq_mode;
	int irq;                        /* Linux irq number now requested, -1: none */
	unsigned long irqs_handled;     /* interrupts the handler claimed */
	unsigned long irqs_none;        /* calls on a shared line that were not ours */
	dma_addr_t dma_handle;          /* the coherent buffer, as the device sees it */
	unsigned long dma_transfers;    /* finished transfers */
	unsigned long dma_timeouts;
	bool factorial_done;            /* last_n is valid */
	u32 last_n, last_factorial;
};

/* The function the edu driver holds (the first, if several), or NULL. */
struct pci_dev *edu_device(void);

/* Fill *st for the bound device: 0, or -ENODEV when none is bound. */
int edu_get_state(struct edu_state *st);

/*
 * BAR 0 as the driver mapped it (pci_iomap), for benchmarks that time a
 * readl of the identification register; NULL when none is bound.
 */
void __iomem *edu_regs(void);

/*
 * n! computed by the device (write, poll the status, read), modulo 2^32 as
 * the device computes it: 0, -ENODEV (no device bound), -ETIMEDOUT (still
 * computing after EDU_TIMEOUT_MS, with a log line).
 */
int edu_factorial(u32 n, u32 *result);

/*
 * Raise interrupt bits value (not 0) through register 0x60 and sleep until
 * the handler has acknowledged them: 0, -EINVAL (value 0: nothing would be
 * raised), -ENODEV, -ETIMEDOUT (no interrupt within EDU_TIMEOUT_MS, logged).
 */
int edu_raise_irq_and_wait(u32 value);

/*
 * Deliver the device's interrupt by MSI or INTx from now on: the handler is
 * freed, the vectors are reallocated in the new mode and the handler is
 * requested again (Linux's free_irq, pci_free_irq_vectors,
 * pci_alloc_irq_vectors, request_irq).  0, -EINVAL (bad mode), -ENODEV, or
 * the allocation's error (the old mode is then restored if possible).
 */
int edu_set_irq_mode(enum edu_irq_mode mode);

/*
 * The driver's 4 KiB DMA buffer (dma_alloc_coherent under the 28-bit mask),
 * for the CPU; NULL when none is bound.
 */
void *edu_dma_buffer(void);

/*
 * Copy len bytes at offset off of the driver's DMA buffer to the same
 * offset of the device's buffer (to_device), or back (from_device), and
 * sleep until the completion interrupt: 0, -EINVAL (len 0, or off + len
 * past EDU_DMA_XFER_MAX: one log line, nothing touched), -ENODEV, -EBUSY (the engine is still
 * running an earlier transfer), -ETIMEDOUT ("DMA timed out", after
 * EDU_TIMEOUT_MS).
 */
int edu_dma_to_device(size_t off, size_t len);
int edu_dma_from_device(size_t off, size_t len);

/*
 * One transfer between RAM at device address ram (memory mapped for the
 * device: dma_alloc_coherent or dma_map_single) and the device's address
 * dev_addr, len bytes, dir DMA_TO_DEVICE (RAM -> device) or
 * DMA_FROM_DEVICE, waiting at most timeout_ms for the interrupt.  Refused
 * with -EINVAL and one log line, before the device is touched: a RAM range
 * beyond the device's DMA mask, a device range outside 0x40000-0x40ffe
 * (EDU_DMA_XFER_MAX), len 0, another direction.  Otherwise as edu_dma_to_device.
 */
int edu_dma_xfer(dma_addr_t ram, u32 dev_addr, size_t len, enum dma_data_direction dir,
		 unsigned int timeout_ms);

#endif
