/*
 * MSI for PCI functions, one vector each (Linux's drivers/pci/msi/, and
 * arch/x86's message format).  A function with the MSI capability
 * (PCI 3.0 §6.8.1) interrupts by writing a message: data to an address.
 * On x86 the address names a local APIC (0xfee00000 | APIC ID << 12,
 * physical destination, no redirection hint) and the data a vector (fixed
 * delivery, edge), so the interrupt arrives like an IPI, with no IOAPIC on
 * the way.  The capability comes in two layouts:
 *
 *   32-bit:  +0 id, next  +2 control  +4 address        +8 data   (+0xc mask)
 *   64-bit:  +0 id, next  +2 control  +4 address low    +8 high  +0xc data  (+0x10 mask)
 *
 * The mask register is there only with PCI_MSI_FLAGS_MASKBIT.  While MSI
 * is on, INTx is disabled in the command register, as Linux's
 * pci_intx_for_msi(dev, 0).
 */
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/device.h>
#include <kernel/irq.h>
#include <kernel/printk.h>

#define MSI_ADDR_BASE           0xfee00000u     /* x86: the local APICs' MSI window */
#define MSI_ADDR_DEST_ID_SHIFT  12              /* bits 19:12: the destination APIC ID */
#define PCI_MSI_MASK_32         0x0c            /* per-vector mask bits, 32-bit layout */
#define PCI_MSI_MASK_64         0x10            /* and 64-bit */

/*
 * Linux's hwirq for an MSI, /proc/interrupts' number after "PCI-MSI"
 * (pci_msi_domain_calc_hwirq): the index, then bus and devfn from bit 11,
 * then the domain (0) from bit 27.  00:04.0 gives 4 << 3 << 11 = 65536.
 */
static unsigned long msi_hwirq(const struct pci_dev *dev, unsigned int index)
{
	return index | ((unsigned long)dev->bus->number << 8 | dev->devfn) << 11;
}

static void msi_set_enable(struct pci_dev *dev, u8 cap, bool enable)
{
	u16 control;

	pci_read_config_word(dev, cap + PCI_MSI_FLAGS, &control);
	control &= ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);      /* QSIZE 0: one vector */
	if (enable)
		control |= PCI_MSI_FLAGS_ENABLE;
	pci_write_config_word(dev, cap + PCI_MSI_FLAGS, control);
}

/* Write the message (and clear vector 0's mask bit when the function has one). */
static void msi_write_msg(struct pci_dev *dev, u8 cap, u32 address, u32 data)
{
	u16 control;
	bool is64;

	pci_read_config_word(dev, cap + PCI_MSI_FLAGS, &control);
	is64 = control & PCI_MSI_FLAGS_64BIT;
	pci_write_config_dword(dev, cap + PCI_MSI_ADDRESS_LO, address);
	if (is64) {
		pci_write_config_dword(dev, cap + PCI_MSI_ADDRESS_HI, 0);
		pci_write_config_word(dev, cap + PCI_MSI_DATA_64, (u16)data);
	} else {
		pci_write_config_word(dev, cap + PCI_MSI_DATA_32, (u16)data);
	}
	if (control & PCI_MSI_FLAGS_MASKBIT)
		pci_write_config_dword(dev, cap + (is64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32), 0);
}

/* Mask vector 0 again where the function can (Linux's pci_msi_mask on shutdown). */
static void msi_mask(struct pci_dev *dev, u8 cap)
{
	u16 control;

	pci_read_config_word(dev, cap + PCI_MSI_FLAGS, &control);
	if (control & PCI_MSI_FLAGS_MASKBIT)
		pci_write_config_dword(dev, cap + ((control & PCI_MSI_FLAGS_64BIT) ?
						   PCI_MSI_MASK_64 : PCI_MSI_MASK_32), 1);
}

/* One MSI for dev (Linux's msi_capability_init): 0, -EINVAL (no capability) or -ENOSPC. */
static int msi_enable(struct pci_dev *dev)
{
	u8 cap = dev->msi_cap ? dev->msi_cap : pci_find_capability(dev, PCI_CAP_ID_MSI);
	u32 apicid;
	u8 vector;
	int irq;

	if (!cap)
		return -EINVAL;
	msi_set_enable(dev, cap, false);        /* never half-programmed while on */
	irq = irq_alloc_msi(msi_hwirq(dev, 0), &vector, &apicid);
	if (irq < 0)
		return irq;
	msi_write_msg(dev, cap, MSI_ADDR_BASE | apicid << MSI_ADDR_DEST_ID_SHIFT, vector);
	pci_intx(dev, 0);
	msi_set_enable(dev, cap, true);
	dev->msi_cap = cap;
	dev->msi_irq = (unsigned int)irq;
	dev->msi_enabled = true;
	return 0;
}

int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs, unsigned int max_vecs,
			  unsigned int flags)
{
	int err = -EINVAL;

	if (min_vecs > 1 || max_vecs < 1 || min_vecs > max_vecs) {
		dev_err(&dev->dev, "pci_alloc_irq_vectors: %u-%u vectors asked, Atlas gives one\n",
			min_vecs, max_vecs);
		return -EINVAL;
	}
	if (dev->msi_enabled) {
		dev_err(&dev->dev, "pci_alloc_irq_vectors: MSI already enabled\n");
		return -EINVAL;
	}
	if (flags & PCI_IRQ_MSI) {
		err = msi_enable(dev);
		if (!err)
			return 1;
	}
	/* Linux: INTx when allowed, one vector asked and a line routed (pci_enable_device) */
	if ((flags & PCI_IRQ_LEGACY) && dev->irq) {
		pci_intx(dev, 1);
		return 1;
	}
	return err;
}

int pci_irq_vector(struct pci_dev *dev, unsigned int nr)
{
	if (nr)
		return -EINVAL;
	if (dev->msi_enabled)
		return (int)dev->msi_irq;
	return dev->irq ? (int)dev->irq : -EINVAL;
}

void pci_free_irq_vectors(struct pci_dev *dev)
{
	if (!dev->msi_enabled)
		return;                         /* INTx: nothing was allocated */
	msi_set_enable(dev, dev->msi_cap, false);
	msi_mask(dev, dev->msi_cap);
	pci_intx(dev, 1);                       /* Linux's pci_intx_for_msi(dev, 1) */
	irq_free_msi(dev->msi_irq);
	dev->msi_enabled = false;
	dev->msi_irq = 0;
}
