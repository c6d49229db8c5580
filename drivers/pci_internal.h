/*
 * What drivers/pci.c, pci_conf.c, pci_quirks.c and pci_setup.c share and
 * nothing else may use (as Linux's drivers/pci/pci.h): the state of the two
 * configuration doors, which pci_conf.c owns and pci_init() in pci.c opens
 * and reads; the header quirks, which pci_quirks.c holds and the scan in
 * pci.c applies; res_str and pci_resource_name for their messages; and
 * find_resource, which pci_setup.c places BARs with and the host test checks
 * on its own.  The public API,
 * configuration accessors included, is include/drivers/pci.h.
 */
#ifndef ATLAS_DRIVERS_PCI_INTERNAL_H
#define ATLAS_DRIVERS_PCI_INTERNAL_H

#include <asm/io.h>
#include <drivers/pci.h>
#include <kernel/ioport.h>
#include <kernel/types.h>

/* Configuration mechanism #1's ports, 0xCF8-0xCFF, claimed as "PCI conf1" by pci_init(). */
#define PCI_CONF1_ADDRESS 0xcf8         /* CONFIG_ADDRESS: which function and register */
#define PCI_CONF1_PORTS   8

/* Whether ports 0xCF8/0xCFC are a working configuration mechanism #1 (set by pci_check_type1). */
extern bool pci_conf1_ok;

/* The ECAM region from ACPI's MCFG (Linux's struct pci_mmcfg_region), set by pci_mmcfg_init(). */
struct pci_mmcfg_region {
	bool present;
	u64 address;                    /* bus 0's configuration space, as MCFG says */
	u16 segment;
	u8 start_bus, end_bus;
	struct resource res;
	char name[40];                  /* "PCI MMCONFIG 0000 [bus 00-ff]" */
	void __iomem *virt[PCI_MAX_BUSES];      /* each bus's 1 MiB, mapped when first used */
};

extern struct pci_mmcfg_region pci_mmcfg;

/*
 * Whether ports 0xCF8/0xCFC work as configuration mechanism #1 (Linux's
 * pci_check_type1): CONFIG_ADDRESS keeps what is written to it and bus 0
 * holds a host bridge, an ISA bridge or an Intel function.  Sets pci_conf1_ok to
 * the answer and returns it.  Interrupts are off meanwhile; CONFIG_ADDRESS is
 * restored.  Does not claim the ports: pci_init() does.
 */
bool pci_check_type1(void);

/* "BAR 2", "ROM", "bridge window": Linux's pci_resource_name for resource i of a device. */
static inline const char *pci_resource_name(int i)
{
	static const char *const bars[] = { "BAR 0", "BAR 1", "BAR 2", "BAR 3", "BAR 4", "BAR 5" };

	if (i < PCI_STD_NUM_BARS)
		return bars[i];
	return i == PCI_ROM_RESOURCE ? "ROM" : "bridge window";
}

/* res as Linux's %pR ("[io  0x01f0-0x01f7]", resource_format) in buf, which it returns. */
static inline const char *res_str(char *buf, size_t size, const struct resource *res)
{
	resource_format(buf, size, res);
	return buf;
}

/* What allocate_resource() is asked for (Linux's struct resource_constraint). */
struct resource_constraint {
	u64 min, max, align;
};

/*
 * Linux's __find_resource (drivers/pci_setup.c): the lowest place for size
 * bytes of new in a gap between root's children, inside [c->min, c->max],
 * aligned to c->align and clear of x86's reservations; new->start and
 * new->end are set to it.  Returns 0, or -EBUSY if there is none.  Links
 * nothing into the tree.
 */
int find_resource(const struct resource *root, struct resource *new, u64 size,
		  const struct resource_constraint *c);

/* ---- the header quirks (drivers/pci_quirks.c), which pci_setup_device applies ---- */

/*
 * Linux's legacy IDE quirk: each channel of IDE function dev (the caller
 * checks the class) that is in compatibility mode gets its ISA ports as BARs
 * 0-1 (primary) or 2-3 (secondary), IORESOURCE_PCI_FIXED, each printed with
 * "legacy IDE quirk".
 */
void pci_legacy_ide(struct pci_dev *dev);

/*
 * The PIIX4's and ICH9 LPC's chipset ports that no BAR describes (Linux's
 * quirk_piix4_acpi, ich6_lpc_acpi_gpio): each one enabled and with a nonzero
 * base goes in the next of dev's bridge-window slots (from PCI_BRIDGE_RESOURCES),
 * named in dev->quirk[], for pci_claim_all to claim.  Nothing for other devices.
 */
void pci_io_quirks(struct pci_dev *dev);

/*
 * Linux's pci_fixup_video: if dev is a VGA device with decoding on (memory or
 * I/O) and every bridge above it forwards VGA, its ROM BAR is switched off and
 * its ROM resource becomes the shadow at 0xc0000-0xdffff
 * (IORESOURCE_ROM_SHADOW | IORESOURCE_PCI_FIXED, never claimed), whatever the
 * firmware left there; prints what it did.
 */
void pci_fixup_video(struct pci_dev *dev);

#endif
