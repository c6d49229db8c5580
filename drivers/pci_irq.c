/*
 * PCI INTx routing (Linux's drivers/acpi/pci_irq.c and pci_link.c, for the
 * two chipsets QEMU emulates).  Atlas has no AML interpreter, so the _PRT
 * tables and the interrupt links QEMU's DSDT would give Linux are written
 * out here, as hw/i386/acpi-build.c generates them:
 *
 *   q35 (MCH 8086:29c0): in APIC mode the _PRT names the links GSIA-GSIH,
 *     each a fixed GSI 16-23, level, active high.  Bus 0 slots 0-24 use
 *     E-H: pin INTA of slot s reaches PIRQ E + (s & 3) and the other pins
 *     rotate from there ((s + pin - 1) & 3, within E-H); slots 25-29 and 31
 *     start at A (A-D), slot 30 (the DMI-to-PCI bridge) at E.
 *   pc (i440FX 8086:1237, PIIX3 at 00:01.0): the links LNKA-LNKD are the
 *     PIIX3's PIRQ routing registers (config 0x60-0x63: the ISA IRQ, bit 7
 *     set when disabled), level, active high.  Slot s pin p (1-4) reaches
 *     PIRQ (s + p - 2) & 3, as the PIIX3 wires them (QEMU's
 *     pci_slot_get_pirq; the DSDT's "(slot + pin) & 3 -> LNK[D|A|B|C]"),
 *     except INTA of slot 1 (the PIIX4 ACPI function), on LNKS: IRQ 9.
 *
 * A function behind a bridge has its pin swizzled to the bridge's slot on
 * the root bus (Linux's pci_swizzle_interrupt_pin), as QEMU's bridges wire it.
 */
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/device.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>

#define PIIX_PIRQC              0x60    /* PIIX3: PIRQA-D route control, one byte each */
#define PIIX_PIRQ_DISABLED      0x80
#define PIIX_PIRQ_IRQ_MASK      0x0f
#define PIRQ_LNKS               8       /* pc: the SCI's link, LNKS */

/* Which links have printed "Enabled at IRQ" (Linux prints it once per link). */
static unsigned int links_enabled;
static DEFINE_SPINLOCK(links_lock);

static u16 host_bridge_device(void)
{
	struct pci_dev *host = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));

	return host && host->vendor == 0x8086 ? host->device : 0;
}

/* The root-bus slot and pin that dev's pin reaches through its bridges. */
static unsigned int swizzle_to_root(struct pci_dev *dev, unsigned int pin, unsigned int *slot)
{
	while (dev->bus && dev->bus->parent && dev->bus->self) {
		pin = ((pin - 1 + PCI_SLOT(dev->devfn)) % 4) + 1;
		dev = dev->bus->self;
	}
	*slot = PCI_SLOT(dev->devfn);
	return pin;
}

/* q35: the PIRQ (0-7: A-H) of slot, pin (1-4) on bus 0, per QEMU's _PRT. */
static unsigned int q35_pirq(unsigned int slot, unsigned int pin)
{
	unsigned int i = pin - 1;

	if (slot < 25)
		return 4 + ((slot + i) & 3);
	if (slot == 30)
		return 4 + i;
	return i;                       /* 25-29, 31: INTA -> PIRQA */
}

/*
 * The GSI of dev's INTx and the link that routes it (pirq: 0-7 for
 * PIRQA-H, PIRQ_LNKS); q35 reports the GSIx link, pc the LNKx.
 */
static int intx_route(struct pci_dev *dev, bool *level, bool *active_low, unsigned int *pirq,
		      bool *q35)
{
	unsigned int slot, pin;
	u16 host = host_bridge_device();

	if (!dev->pin || dev->pin > 4)
		return -ENOENT;
	pin = swizzle_to_root(dev, dev->pin, &slot);
	*level = true;                  /* every QEMU link: Level, ActiveHigh */
	*active_low = false;
	*q35 = host == PCI_DEVICE_ID_INTEL_Q35_MCH;
	if (*q35) {
		*pirq = q35_pirq(slot, pin);
		return 16 + (int)*pirq;
	}
	if (host == PCI_DEVICE_ID_INTEL_82441) {
		struct pci_dev *piix = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(1, 0));
		u8 route;

		if (slot == 1 && pin == 1) {
			*pirq = PIRQ_LNKS;
			return 9;
		}
		*pirq = (slot + pin - 2) & 3;
		if (!piix || pci_read_config_byte(piix, PIIX_PIRQC + (int)*pirq, &route))
			return -ENOENT;
		if (route & PIIX_PIRQ_DISABLED)
			return -ENOENT;
		return route & PIIX_PIRQ_IRQ_MASK;
	}
	return -ENODEV;
}

int pci_intx_gsi(struct pci_dev *dev, bool *level, bool *active_low)
{
	unsigned int pirq;
	bool q35;
	int gsi = intx_route(dev, level, active_low, &pirq, &q35);

	return gsi == -ENODEV ? -ENOENT : gsi;
}

int pcibios_enable_irq(struct pci_dev *dev)
{
	unsigned int pirq;
	unsigned long flags;
	bool level, low, q35, first;
	int gsi, irq;

	if (!dev->pin)
		return 0;                       /* no INTx: dev->irq stays */
	gsi = intx_route(dev, &level, &low, &pirq, &q35);
	if (gsi == -ENODEV) {
		/* not a chipset whose _PRT Atlas knows: keep what the firmware set */
		dev_warn(&dev->dev, "PCI INT %c: no routing known for this chipset, using "
			 "the firmware's IRQ %u\n", 'A' + dev->pin - 1, dev->firmware_irq);
		dev->irq = dev->firmware_irq;
		return 0;
	}
	if (gsi < 0) {
		/* Linux's acpi_pci_irq_enable: a link with no IRQ leaves the device without */
		dev_warn(&dev->dev, "PCI INT %c: no GSI\n", 'A' + dev->pin - 1);
		return 0;
	}
	irq = irq_setup_gsi((u32)gsi, level, low);
	if (irq < 0)
		return irq;
	spin_lock_irqsave(&links_lock, flags);
	first = !(links_enabled & (1U << pirq));
	links_enabled |= 1U << pirq;
	spin_unlock_irqrestore(&links_lock, flags);
	if (first) {
		if (q35)
			pr_info("ACPI: \\_SB_.GSI%c: Enabled at IRQ %d\n", 'A' + pirq, irq);
		else if (pirq == PIRQ_LNKS)
			pr_info("ACPI: \\_SB_.LNKS: Enabled at IRQ %d\n", irq);
		else
			pr_info("ACPI: \\_SB_.LNK%c: Enabled at IRQ %d\n", 'A' + pirq, irq);
	}
	dev->irq = (unsigned int)irq;
	return 0;
}
