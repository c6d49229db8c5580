/*
 * PCI header quirks (as Linux's drivers/pci/quirks.c): what a function
 * decodes that its BARs do not say, or say wrongly.  pci_setup_device
 * (drivers/pci.c) calls them on each function once its BARs are sized, and
 * pci_claim_all (drivers/pci.c) claims what they set as it claims the BARs.
 *
 * Each copies one of Linux's, with Linux's messages, so that a function's
 * resources, and with them /proc/ioports and /proc/iomem, come out as Linux's
 * on the same machine (tests/pci.c compares them):
 *
 *   legacy IDE     Linux's pci_setup_device (drivers/pci/probe.c).  An IDE
 *                  channel in compatibility mode (programming interface bit 0
 *                  or 2 clear, PCI IDE Controller Specification 1.0) answers
 *                  at the ISA ports 0x1f0-0x1f7/0x3f6 or 0x170-0x177/0x376,
 *                  whatever its BARs hold: those ports become BARs 0-3,
 *                  fixed, and are claimed for the function.
 *   chipset ports  Linux's quirk_piix4_acpi and ich6_lpc_acpi_gpio
 *                  (drivers/pci/quirks.c).  The PIIX4's ACPI PM and SMBus
 *                  blocks and the ICH9 LPC's ACPI and GPIO blocks sit at bases
 *                  held in the chipset's own configuration registers, not in
 *                  BARs, and Linux claims them for the function ("0600-063f :
 *                  0000:00:01.3" under SeaBIOS).  They go in the slots a
 *                  bridge keeps for its windows, which an ordinary function
 *                  leaves empty, each named in dev->quirk[].
 *   video ROM      Linux's pci_fixup_video (arch/x86/pci/fixup.c).  The boot
 *                  VGA device's ROM is the copy the BIOS shadowed at 0xc0000,
 *                  not the disabled ROM BAR: the ROM resource becomes that
 *                  copy (IORESOURCE_ROM_SHADOW, fixed), which is never
 *                  claimed nor assigned, so the BAR's range stays out of
 *                  /proc/iomem.  Under UEFI too, as Linux, though no BIOS
 *                  copied anything there.
 *
 * What this file and drivers/pci.c share is in drivers/pci_internal.h.
 */
#include <drivers/pci.h>
#include <kernel/ioport.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/types.h>

#include "pci_internal.h"

#define VIDEO_ROM_SHADOW  0xc0000       /* where the BIOS copies the VGA ROM (128 KiB) */
#define VIDEO_ROM_SIZE    0x20000

/*
 * Linux's legacy IDE quirk (pci_setup_device): a channel in compatibility
 * mode (programming interface bit 0 or 2 clear) answers at the ISA ports
 * 0x1f0/0x3f6 or 0x170/0x376 whatever its BARs say.
 */
void pci_legacy_ide(struct pci_dev *dev)
{
	static const struct { u8 native; u16 cmd, ctl; } chan[2] = {
		{ 0x01, 0x1f0, 0x3f6 }, { 0x04, 0x170, 0x376 },
	};
	char buf[80];

	for (int c = 0; c < 2; c++) {
		struct resource *r = &dev->resource[2 * c];

		if (dev->class & chan[c].native)
			continue;
		r[0] = (struct resource){ .start = chan[c].cmd, .end = chan[c].cmd + 7,
			.name = dev->name, .flags = IORESOURCE_IO | IORESOURCE_PCI_FIXED };
		r[1] = (struct resource){ .start = chan[c].ctl, .end = chan[c].ctl,
			.name = dev->name, .flags = IORESOURCE_IO | IORESOURCE_PCI_FIXED };
		for (int i = 0; i < 2; i++)
			pr_info("pci %s: BAR %d %s: legacy IDE quirk\n", dev->name, 2 * c + i,
				res_str(buf, sizeof(buf), &r[i]));
	}
}

/*
 * Chipset ports that no BAR describes, which Linux claims for the function
 * in header quirks (drivers/pci/quirks.c: quirk_piix4_acpi, ich6_lpc_acpi_gpio):
 * a base register in configuration space, on when an enable bit is set.
 */
static const struct pci_io_quirk {
	u16 vendor, device;
	u8 base_reg, enable_reg, enable_bit;
	u16 size;
	const char *name;
} io_quirks[] = {
	{ 0x8086, 0x7113, 0x40, 0, 0, 64, "PIIX4 ACPI" },       /* 82371AB PIIX4: PMBA */
	{ 0x8086, 0x7113, 0x90, 0, 0, 16, "PIIX4 SMB" },        /* SMBBA */
	{ 0x8086, 0x2918, 0x40, 0x44, 0x80, 128, "ICH6 ACPI/GPIO/TCO" }, /* ICH9 LPC: PMBASE */
	{ 0x8086, 0x2918, 0x48, 0x4c, 0x10, 64, "ICH6 GPIO" },  /* GPIOBASE */
};

void pci_io_quirks(struct pci_dev *dev)
{
	int nr = PCI_BRIDGE_RESOURCES;

	for (size_t i = 0; i < ARRAY_SIZE(io_quirks) && nr < PCI_NUM_RESOURCES; i++) {
		const struct pci_io_quirk *q = &io_quirks[i];
		u16 region;
		u8 enable = 0;

		if (q->vendor != dev->vendor || q->device != dev->device)
			continue;
		if (q->enable_reg)
			pci_read_config_byte(dev, q->enable_reg, &enable);
		if (q->enable_reg && !(enable & q->enable_bit))
			continue;
		pci_read_config_word(dev, q->base_reg, &region);
		region &= ~(q->size - 1);
		if (!region)
			continue;
		dev->resource[nr] = (struct resource){ .start = region, .end = region + q->size - 1,
			.name = dev->name, .flags = IORESOURCE_IO };
		dev->quirk[nr++ - PCI_BRIDGE_RESOURCES] = q->name;
	}
}

/*
 * Linux's pci_fixup_video (arch/x86/pci/fixup.c): a VGA device that the
 * bridges above it route VGA to and whose decoding is on is the boot video
 * device, and its ROM is the copy at 0xc0000, not the ROM BAR (switched off).
 * Linux decides this before the video arbiter knows a default device, and
 * without looking for a "Video ROM" there: under UEFI, which copies no ROM,
 * the resource says the same.
 */
void pci_fixup_video(struct pci_dev *dev)
{
	struct resource *rom = &dev->resource[PCI_ROM_RESOURCE];
	int reg = dev->hdr_type == PCI_HEADER_TYPE_BRIDGE ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
	char buf[80];
	u32 rom_addr;
	u16 cmd;

	if ((dev->class >> 8) != PCI_CLASS_DISPLAY_VGA)
		return;
	for (struct pci_bus *bus = dev->bus; bus->self; bus = bus->parent) {
		pci_read_config_word(bus->self, PCI_BRIDGE_CONTROL, &cmd);
		if (!(cmd & PCI_BRIDGE_CTL_VGA))
			return;
	}
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	if (!(cmd & PCI_COMMAND_DECODE_ENABLE))
		return;
	/* Linux's pci_disable_rom */
	pci_read_config_dword(dev, reg, &rom_addr);
	if (rom_addr & PCI_ROM_ADDRESS_ENABLE)
		pci_write_config_dword(dev, reg, rom_addr & ~PCI_ROM_ADDRESS_ENABLE);
	*rom = (struct resource){ .start = VIDEO_ROM_SHADOW, .end = VIDEO_ROM_SHADOW + VIDEO_ROM_SIZE - 1,
		.name = dev->name,
		.flags = IORESOURCE_MEM | IORESOURCE_ROM_SHADOW | IORESOURCE_PCI_FIXED };
	pr_info("pci %s: Video device with shadowed ROM at %s\n", dev->name,
		res_str(buf, sizeof(buf), rom));
}
