/*
 * PCI configuration space access (include/drivers/pci.h): the two doors
 * through which the kernel reads and writes a function's registers.
 *
 *   ports 0xCF8/0xCFC   configuration mechanism #1 (PCI Local Bus
 *                       Specification 3.0 §3.2.2.3.2): the function's
 *                       address into CONFIG_ADDRESS, then the register
 *                       through CONFIG_DATA; the first 256 bytes only
 *   ECAM                memory-mapped (PCI Express Base Specification 4.0
 *                       §7.2.2), where ACPI's MCFG says: 1 MiB per bus,
 *                       4 KiB per function, each bus mapped when first used
 *
 * raw_pci_read/write choose the door as Linux does (arch/x86/pci/common.c,
 * direct.c, mmconfig_64.c), and the pci_bus_*_config_* accessors sit on top.
 * drivers/pci.c opens the doors in pci_init (pci_check_type1, then
 * pci_mmcfg_init with the MCFG's values) and does the scan and the claims;
 * what the two files share is in drivers/pci_internal.h.
 *
 * Many CPUs: mechanism #1 is two port accesses that must not be split, so
 * they hold pci_config_lock (Linux's), with interrupts off, as a handler on
 * this CPU may read configuration space too.  ECAM needs no lock: each access
 * is one memory read or write.  Its per-bus mappings are made on first use
 * outside any lock and installed with cmpxchg: a CPU that loses the race
 * unmaps its own.
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/ioport.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/sprintf.h>
#include <mm/e820.h>

#include "pci_internal.h"

#define PCI_CONF1_DATA    0xcfc         /* CONFIG_DATA: 4 bytes of that register's dword */
#define PCI_CONF1_ENABLE  0x80000000u   /* CONFIG_ADDRESS bit 31: make a configuration cycle */
#define ECAM_BUS_SHIFT    20            /* 1 MiB of ECAM per bus ... */
#define ECAM_DEVFN_SHIFT  12            /* ... and 4 KiB per function */

bool pci_conf1_ok;
static DEFINE_SPINLOCK(pci_config_lock);        /* CONFIG_ADDRESS, then CONFIG_DATA */

/* A register of len bytes at reg, within a space of limit bytes: a valid access? */
static bool bad_access(unsigned int bus, unsigned int devfn, int reg, int len, int limit)
{
	return bus >= PCI_MAX_BUSES || devfn > 0xff || reg < 0 || reg + len > limit ||
	       (len != 1 && len != 2 && len != 4) || (reg & (len - 1));
}

int pci_conf1_read(unsigned int bus, unsigned int devfn, int reg, int len, u32 *val)
{
	u16 port = PCI_CONF1_DATA + (reg & 3);
	unsigned long flags;

	*val = ~0u;
	if (bad_access(bus, devfn, reg, len, PCI_CFG_SPACE_SIZE))
		return -EINVAL;
	if (!pci_conf1_ok)
		return -ENODEV;
	spin_lock_irqsave(&pci_config_lock, flags);     /* nothing between address and data */
	outl(PCI_CONF1_ENABLE | bus << 16 | devfn << 8 | (reg & 0xfc), PCI_CONF1_ADDRESS);
	*val = len == 1 ? inb(port) : len == 2 ? inw(port) : inl(port);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return 0;
}

int pci_conf1_write(unsigned int bus, unsigned int devfn, int reg, int len, u32 val)
{
	u16 port = PCI_CONF1_DATA + (reg & 3);
	unsigned long flags;

	if (bad_access(bus, devfn, reg, len, PCI_CFG_SPACE_SIZE))
		return -EINVAL;
	if (!pci_conf1_ok)
		return -ENODEV;
	spin_lock_irqsave(&pci_config_lock, flags);
	outl(PCI_CONF1_ENABLE | bus << 16 | devfn << 8 | (reg & 0xfc), PCI_CONF1_ADDRESS);
	if (len == 1)
		outb(val, port);
	else if (len == 2)
		outw(val, port);
	else
		outl(val, port);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return 0;
}

/*
 * Linux's pci_check_type1 (arch/x86/pci/direct.c): CONFIG_ADDRESS must keep
 * what is written to it, and bus 0 must hold a host bridge, an ISA bridge or
 * an Intel function, or the ports are something else.
 */
bool pci_check_type1(void)
{
	unsigned long flags;
	bool works = false, keeps;
	u32 saved, v;

	spin_lock_irqsave(&pci_config_lock, flags);
	outb(0x01, PCI_CONF1_ADDRESS + 3);      /* selects mechanism #1 on chipsets that had two */
	saved = inl(PCI_CONF1_ADDRESS);
	outl(PCI_CONF1_ENABLE, PCI_CONF1_ADDRESS);
	keeps = inl(PCI_CONF1_ADDRESS) == PCI_CONF1_ENABLE;
	outl(saved, PCI_CONF1_ADDRESS);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	if (keeps) {
		pci_conf1_ok = true;            /* for the reads below */
		for (unsigned int devfn = 0; devfn < 0x100 && !works; devfn += 8) {
			pci_conf1_read(0, devfn, PCI_CLASS_DEVICE, 2, &v);
			works = v == PCI_CLASS_BRIDGE_HOST || v == PCI_CLASS_BRIDGE_ISA;
			pci_conf1_read(0, devfn, PCI_VENDOR_ID, 2, &v);
			works |= v == 0x8086;
		}
	}
	pci_conf1_ok = works;
	return works;
}

struct pci_mmcfg_region pci_mmcfg;

bool pci_mmcfg_covers(unsigned int seg, unsigned int bus)
{
	return pci_mmcfg.present && seg == pci_mmcfg.segment && bus >= pci_mmcfg.start_bus &&
	       bus <= pci_mmcfg.end_bus;
}

/* The ECAM address of a function's register, or NULL (no ECAM there, or no mapping). */
static void __iomem *mmcfg_addr(unsigned int seg, unsigned int bus, unsigned int devfn, int reg)
{
	void __iomem *old;
	void __iomem *virt = READ_ONCE(pci_mmcfg.virt[bus]);

	if (!pci_mmcfg_covers(seg, bus))
		return NULL;
	/* 256 MiB for all 256 buses would cost 512 KiB of page tables: map a bus at a time */
	if (!virt) {
		virt = ioremap(pci_mmcfg.address + ((u64)bus << ECAM_BUS_SHIFT), 1UL << ECAM_BUS_SHIFT);
		if (!virt)
			return NULL;
		old = cmpxchg(&pci_mmcfg.virt[bus], NULL, virt);
		if (old) {              /* another CPU mapped it first */
			iounmap(virt);
			virt = old;
		}
	}
	return (u8 __iomem *)virt + (devfn << ECAM_DEVFN_SHIFT) + reg;
}

int pci_mmcfg_read(unsigned int seg, unsigned int bus, unsigned int devfn, int reg,
		   int len, u32 *val)
{
	void __iomem *addr;

	*val = ~0u;
	if (bad_access(bus, devfn, reg, len, PCI_CFG_SPACE_EXP_SIZE))
		return -EINVAL;
	addr = mmcfg_addr(seg, bus, devfn, reg);
	if (!addr)
		return -ENODEV;
	*val = len == 1 ? readb(addr) : len == 2 ? readw(addr) : readl(addr);
	return 0;
}

int pci_mmcfg_write(unsigned int seg, unsigned int bus, unsigned int devfn, int reg,
		    int len, u32 val)
{
	void __iomem *addr;

	if (bad_access(bus, devfn, reg, len, PCI_CFG_SPACE_EXP_SIZE))
		return -EINVAL;
	addr = mmcfg_addr(seg, bus, devfn, reg);
	if (!addr)
		return -ENODEV;
	if (len == 1)
		writeb(val, addr);
	else if (len == 2)
		writew(val, addr);
	else
		writel(val, addr);
	return 0;
}

int pci_mmcfg_init(u64 base, u16 segment, u8 start_bus, u8 end_bus)
{
	struct resource *conflict;
	u32 id_ecam, id_conf1;

	if (pci_mmcfg.present)
		return -EBUSY;
	if (end_bus < start_bus || (base & ((1UL << ECAM_BUS_SHIFT) - 1)))
		return -EINVAL;
	pci_mmcfg.address = base;
	pci_mmcfg.segment = segment;
	pci_mmcfg.start_bus = start_bus;
	pci_mmcfg.end_bus = end_bus;
	pci_mmcfg.res.start = base + ((u64)start_bus << ECAM_BUS_SHIFT);
	pci_mmcfg.res.end = base + ((u64)(end_bus + 1) << ECAM_BUS_SHIFT) - 1;
	/* as Linux: ECAM that the firmware does not reserve may be something else */
	if (!e820__mapped_all(&e820_table, pci_mmcfg.res.start, pci_mmcfg.res.end + 1, E820_TYPE_RESERVED)) {
		pr_warn("PCI: MMCONFIG at [mem %#010llx-%#010llx] not reserved in E820: not using it\n",
			(unsigned long long)pci_mmcfg.res.start, (unsigned long long)pci_mmcfg.res.end);
		return -EINVAL;
	}
	pr_info("PCI: MMCONFIG at [mem %#010llx-%#010llx] reserved in E820\n",
		(unsigned long long)pci_mmcfg.res.start, (unsigned long long)pci_mmcfg.res.end);
	snprintf(pci_mmcfg.name, sizeof(pci_mmcfg.name), "PCI MMCONFIG %04x [bus %02x-%02x]", segment,
		 start_bus, end_bus);
	pci_mmcfg.res.name = pci_mmcfg.name;
	pci_mmcfg.res.flags = IORESOURCE_MEM | IORESOURCE_BUSY;
	conflict = insert_resource_conflict(&iomem_resource, &pci_mmcfg.res);
	if (conflict)
		pr_warn("PCI: can't insert %s: conflicts with \"%s\"\n", pci_mmcfg.name, conflict->name);
	pci_mmcfg.present = true;
	/* both doors must show the same first function, or ECAM is not what MCFG says */
	pci_mmcfg_read(segment, start_bus, 0, PCI_VENDOR_ID, 4, &id_ecam);
	if (pci_conf1_ok && segment == 0 && !pci_conf1_read(start_bus, 0, PCI_VENDOR_ID, 4, &id_conf1) &&
	    id_conf1 != id_ecam) {
		pr_warn("PCI: MMCONFIG reads %08x where ports 0xcf8/0xcfc read %08x: not using it\n",
			id_ecam, id_conf1);
		pci_mmcfg.present = false;
		return -EIO;
	}
	return 0;
}

int raw_pci_read(unsigned int domain, unsigned int bus, unsigned int devfn, int reg,
		 int len, u32 *val)
{
	if (domain == 0 && reg < PCI_CFG_SPACE_SIZE && pci_conf1_ok)
		return pci_conf1_read(bus, devfn, reg, len, val);
	return pci_mmcfg_read(domain, bus, devfn, reg, len, val);
}

int raw_pci_write(unsigned int domain, unsigned int bus, unsigned int devfn, int reg,
		  int len, u32 val)
{
	if (domain == 0 && reg < PCI_CFG_SPACE_SIZE && pci_conf1_ok)
		return pci_conf1_write(bus, devfn, reg, len, val);
	return pci_mmcfg_write(domain, bus, devfn, reg, len, val);
}

#define PCI_BUS_ACCESSORS(size, type, len) \
int pci_bus_read_config_##size(const struct pci_bus *bus, unsigned int devfn, int where, \
			       type *val) \
{ \
	u32 v; \
	int err = raw_pci_read(0, bus->number, devfn, where, len, &v); \
	*val = (type)v; \
	return err; \
} \
int pci_bus_write_config_##size(const struct pci_bus *bus, unsigned int devfn, int where, \
				type val) \
{ \
	return raw_pci_write(0, bus->number, devfn, where, len, val); \
}
PCI_BUS_ACCESSORS(byte, u8, 1)
PCI_BUS_ACCESSORS(word, u16, 2)
PCI_BUS_ACCESSORS(dword, u32, 4)
#undef PCI_BUS_ACCESSORS
