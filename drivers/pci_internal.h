/*
 * What drivers/pci.c and drivers/pci_conf.c share and nothing else may use
 * (as Linux's drivers/pci/pci.h): the state of the two configuration doors,
 * which pci_conf.c owns and pci_init() in pci.c opens and reads.  The public
 * API, configuration accessors included, is include/drivers/pci.h.
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

#endif
