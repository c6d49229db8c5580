/*
 * QEMU's firmware configuration device, fw_cfg (QEMU's docs/specs/fw_cfg.rst):
 * the channel through which QEMU hands SeaBIOS and OVMF the ACPI tables, the
 * e820 map and the boot order.  Atlas does not read it; it only finds it and
 * enters its ports, as Linux's /proc/ioports shows them: the ACPI device
 * QEMU0002 describes them, and Linux inserts every ACPI device's ranges,
 * not busy, under the device's name.
 *
 *   0x510  selector (16-bit write: which item the data port shows)
 *   0x511  data (8-bit reads through the item)
 *   0x514  DMA address (64-bit, big-endian), when the DMA interface exists
 */
#include <asm/io.h>
#include <drivers/fw_cfg.h>
#include <kernel/ioport.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define FW_CFG_PORT_SEL    0x510
#define FW_CFG_PORT_DATA   0x511
#define FW_CFG_CTL_SIZE    2            /* the selector and data ports */
#define FW_CFG_DMA_SIZE    12           /* ... up to the DMA address's 8 bytes at 0x514 */
#define FW_CFG_SIGNATURE   0x0000       /* item 0 reads "QEMU" */
#define FW_CFG_ID          0x0001       /* item 1: the interfaces, a little-endian u32 */
#define FW_CFG_VERSION_DMA 0x2          /* ... bit 1: the DMA interface */

static struct resource fw_cfg_resource = {
	.name = "QEMU0002:00", .start = FW_CFG_PORT_SEL, .flags = IORESOURCE_IO };

/* Read the first n bytes of item key. */
static void fw_cfg_read(u16 key, u8 *buf, size_t n)
{
	outw(key, FW_CFG_PORT_SEL);
	for (size_t i = 0; i < n; i++)
		buf[i] = inb(FW_CFG_PORT_DATA);
}

void fw_cfg_init(void)
{
	u8 sig[4], id[4];

	fw_cfg_read(FW_CFG_SIGNATURE, sig, sizeof(sig));
	if (memcmp(sig, "QEMU", sizeof(sig)))
		return;                 /* not QEMU: nothing answers there */
	fw_cfg_read(FW_CFG_ID, id, sizeof(id));
	fw_cfg_resource.end = FW_CFG_PORT_SEL - 1 +
		((id[0] & FW_CFG_VERSION_DMA) ? FW_CFG_DMA_SIZE : FW_CFG_CTL_SIZE);
	insert_resource_report("fw_cfg", &ioport_resource, &fw_cfg_resource);
}
