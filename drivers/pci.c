/*
 * PCI, the kernel side (include/drivers/pci.h): enumeration of bus 0 and of
 * every bus behind a PCI-to-PCI bridge (PCI-to-PCI Bridge Architecture
 * Specification 1.2 §3.2); the BARs sized (PCI 3.0 §6.2.5); and the resource
 * claims that /proc/iomem shows:
 *
 *   c0000000-febfffff : PCI Bus 0000:00        a window of the host bridge
 *     fd000000-fdffffff : 0000:00:01.0         a BAR, named after its function
 *
 * Configuration space itself (ports 0xCF8/0xCFC and ECAM) is reached
 * through drivers/pci_conf.c, the header quirks live in
 * drivers/pci_quirks.c, and claiming and assigning single BARs in
 * drivers/pci_setup.c; what the four files share is in
 * drivers/pci_internal.h.
 *
 * The order, as Linux's (drivers/pci/probe.c, arch/x86/pci/):
 *   1. the doors (drivers/pci_conf.c): 0xCF8 checked and claimed ("PCI conf1"),
 *      ECAM from MCFG;
 *   2. the scan, depth first: every slot of a bus, every function of a
 *      multi-function device, then the bus behind each bridge; each function's
 *      header read and its BARs sized; header quirks (legacy IDE ports, the
 *      chipset's ACPI ports, the video ROM's shadow: drivers/pci_quirks.c)
 *      as Linux applies them;
 *   3. the host bridge's windows ("PCI Bus 0000:00"), which Linux reads from
 *      the DSDT's _CRS: Atlas has no AML interpreter and derives them the
 *      way QEMU computes them (pci_host_bridge_windows, drivers/pci_names.c);
 *   4. the claims, as Linux's pcibios_resource_survey: bridge windows from
 *      the top down, then every BAR, then the expansion ROMs; what cannot be
 *      claimed where the firmware left it is unassigned;
 *   5. the assignment, as Linux's pci_assign_unassigned_resources: what is
 *      unassigned gets a place in a window (drivers/pci_setup.c).
 *
 * The firmware (SeaBIOS or OVMF) has numbered the buses and assigned the
 * BARs; SeaBIOS assigns the expansion ROMs too, OVMF leaves them holding
 * their size probe, so under UEFI step 5 places them, as Linux does.
 */
#include <asm/processor.h>
#include <drivers/acpi.h>
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/dma-mapping.h>
#include <kernel/ioport.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <mm/e820.h>
#include <mm/slab.h>

#include "pci_internal.h"

static bool initialised;
static struct pci_bus *bus_list;        /* every bus, the root first */
static struct pci_dev *dev_list;        /* every function, by bus, then devfn */
static struct resource root_windows[PCI_BUS_NUM_RESOURCES];

/* ---- 2. the scan ---- */

/*
 * Switch dev's decoding off for a BAR probe (not a host bridge's: it decodes
 * RAM too, and switching it off would cut the CPU off from memory), with
 * interrupts off so that no handler on this CPU touches the device meanwhile.
 * Other CPUs leave it alone too: BARs are sized before any driver binds to
 * the device (as in Linux's __pci_read_base, which relies on that alone), and
 * each configuration access takes pci_config_lock.  Returns the command
 * register to give back to decode_restore().
 */
static u16 decode_off(struct pci_dev *dev, unsigned long *flags)
{
	u16 cmd = 0;

	local_irq_save(*flags);
	if (dev->mmio_always_on)
		return 0;
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	if (cmd & PCI_COMMAND_DECODE_ENABLE)
		pci_write_config_word(dev, PCI_COMMAND, cmd & ~PCI_COMMAND_DECODE_ENABLE);
	return cmd;
}

static void decode_restore(struct pci_dev *dev, u16 cmd, unsigned long flags)
{
	if (cmd & PCI_COMMAND_DECODE_ENABLE)
		pci_write_config_word(dev, PCI_COMMAND, cmd);
	local_irq_restore(flags);
}

/* What one BAR answered: its value and the all-ones readback (64-bit: both halves). */
struct bar_probe {
	u32 l, sz, lh, szh;
	unsigned int reg;
	bool rom, done;
};

/* The all-ones probe of one BAR, decoding already off; returns 1 for a 64-bit BAR. */
static int probe_bar(struct pci_dev *dev, struct bar_probe *p)
{
	/* the ROM BAR's enable bit is left as it is */
	u32 mask = p->rom ? (u32)PCI_ROM_ADDRESS_MASK : ~0u;
	bool is64;

	pci_read_config_dword(dev, p->reg, &p->l);
	pci_write_config_dword(dev, p->reg, p->l | mask);
	pci_read_config_dword(dev, p->reg, &p->sz);
	pci_write_config_dword(dev, p->reg, p->l);
	is64 = !p->rom && (pci_decode_bar_flags(p->l) & IORESOURCE_MEM_64);
	if (is64) {
		pci_read_config_dword(dev, p->reg + 4, &p->lh);
		pci_write_config_dword(dev, p->reg + 4, ~0u);
		pci_read_config_dword(dev, p->reg + 4, &p->szh);
		pci_write_config_dword(dev, p->reg + 4, p->lh);
	}
	p->done = true;
	return is64;
}

/* Turn a probe into res (after decoding is back on: this may print). */
static void decode_probe(struct pci_dev *dev, const struct bar_probe *p, struct resource *res)
{
	if (pci_decode_bar((u64)p->lh << 32 | p->l, (u64)p->szh << 32 | p->sz, p->rom, res) ==
	    -EINVAL)
		pr_info("pci %s: [Firmware Bug]: reg %#x: invalid BAR (can't size)\n", dev->name,
			p->reg);
	res->name = dev->name;
	if (res->flags && !res->start)
		res->flags |= IORESOURCE_UNSET;
}

int __pci_read_base(struct pci_dev *dev, enum pci_bar_type type, struct resource *res,
		    unsigned int reg)
{
	struct bar_probe p = { .reg = reg, .rom = type != pci_bar_unknown };
	unsigned long flags;
	u16 cmd = decode_off(dev, &flags);
	int is64 = probe_bar(dev, &p);

	decode_restore(dev, cmd, flags);
	decode_probe(dev, &p, res);
	return is64;
}

/*
 * Every BAR of dev, then its ROM.  Linux switches decoding off and on again
 * around each BAR; once for them all is as safe, and under QEMU, where each
 * switch rebuilds the guest's memory map, several times faster.
 */
static void pci_read_bases(struct pci_dev *dev, int howmany, int rom)
{
	struct bar_probe p[PCI_ROM_RESOURCE + 1] = {};
	unsigned long flags;
	u16 cmd = decode_off(dev, &flags);
	char buf[80];

	for (int i = 0; i < howmany; i++) {
		p[i].reg = PCI_BASE_ADDRESS_0 + 4 * i;
		i += probe_bar(dev, &p[i]);
	}
	if (rom) {
		p[PCI_ROM_RESOURCE] = (struct bar_probe){ .reg = rom, .rom = true };
		probe_bar(dev, &p[PCI_ROM_RESOURCE]);
	}
	decode_restore(dev, cmd, flags);
	for (int i = 0; i <= PCI_ROM_RESOURCE; i++) {
		if (!p[i].done)
			continue;
		decode_probe(dev, &p[i], &dev->resource[i]);
		if (dev->resource[i].flags)
			pr_info("pci %s: %s %s\n", dev->name, pci_resource_name(i),
				res_str(buf, sizeof(buf), &dev->resource[i]));
	}
}

/* Linux's pci_read_bridge_bases: the windows a bridge forwards to the bus behind it. */
static void pci_read_bridge_windows(struct pci_dev *dev, const char *bus_name)
{
	struct resource *io = &dev->resource[PCI_BRIDGE_RESOURCES];
	struct resource *mem = io + 1, *pref = io + 2;
	u8 io_lo, io_hi;
	u16 m_lo, m_hi, up_lo = 0, up_hi = 0;
	u32 p_lo = 0, p_hi = 0;
	u64 base, limit;

	pci_read_config_byte(dev, PCI_IO_BASE, &io_lo);
	pci_read_config_byte(dev, PCI_IO_LIMIT, &io_hi);
	if ((io_lo & PCI_IO_RANGE_TYPE_MASK) == PCI_IO_RANGE_TYPE_32) {
		pci_read_config_word(dev, PCI_IO_BASE_UPPER16, &up_lo);
		pci_read_config_word(dev, PCI_IO_LIMIT_UPPER16, &up_hi);
	}
	base = (u32)up_lo << 16 | (io_lo & PCI_IO_RANGE_MASK) << 8;
	limit = (u32)up_hi << 16 | (io_hi & PCI_IO_RANGE_MASK) << 8;
	if (base <= limit)      /* 4 KiB granules */
		*io = (struct resource){ .start = base, .end = limit + 0xfff, .flags = IORESOURCE_IO };

	pci_read_config_word(dev, PCI_MEMORY_BASE, &m_lo);
	pci_read_config_word(dev, PCI_MEMORY_LIMIT, &m_hi);
	base = (u64)(m_lo & PCI_MEMORY_RANGE_MASK) << 16;
	limit = (u64)(m_hi & PCI_MEMORY_RANGE_MASK) << 16;
	if (base <= limit)      /* 1 MiB granules */
		*mem = (struct resource){ .start = base, .end = limit + 0xfffff, .flags = IORESOURCE_MEM };

	pci_read_config_word(dev, PCI_PREF_MEMORY_BASE, &m_lo);
	pci_read_config_word(dev, PCI_PREF_MEMORY_LIMIT, &m_hi);
	if ((m_lo & PCI_PREF_RANGE_TYPE_MASK) == PCI_PREF_RANGE_TYPE_64) {
		pci_read_config_dword(dev, PCI_PREF_BASE_UPPER32, &p_lo);
		pci_read_config_dword(dev, PCI_PREF_LIMIT_UPPER32, &p_hi);
	}
	base = (u64)p_lo << 32 | (u64)(m_lo & PCI_PREF_RANGE_MASK) << 16;
	limit = (u64)p_hi << 32 | (u64)(m_hi & PCI_PREF_RANGE_MASK) << 16;
	if (base <= limit)
		*pref = (struct resource){ .start = base, .end = limit + 0xfffff,
			.flags = IORESOURCE_MEM | IORESOURCE_PREFETCH |
				 ((m_lo & PCI_PREF_RANGE_TYPE_MASK) == PCI_PREF_RANGE_TYPE_64 ?
				  IORESOURCE_MEM_64 : 0) };
	for (int i = 0; i < PCI_BRIDGE_RESOURCE_NUM; i++)
		io[i].name = bus_name;
}

/* Read a function's header (Linux's pci_setup_device).  -EIO for an unknown header type. */
static int pci_setup_device(struct pci_dev *dev)
{
	u32 class;
	u8 hdr, line;

	pci_read_config_byte(dev, PCI_HEADER_TYPE, &hdr);
	dev->hdr_type = hdr & PCI_HEADER_TYPE_MASK;
	dev->multifunction = hdr & PCI_HEADER_TYPE_MFD;
	pci_read_config_dword(dev, PCI_CLASS_REVISION, &class);
	dev->revision = class & 0xff;
	dev->class = class >> 8;
	snprintf(dev->name, sizeof(dev->name), "0000:%02x:%02x.%d", dev->bus->number,
		 PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn));
	dev->dev.init_name = dev->name;
	dev->dev.bus_name = "pci";
	dev->dev.dma_mask_store = DMA_BIT_MASK(32);     /* PCI's default, as Linux */
	dev->dev.dma_mask = &dev->dev.dma_mask_store;
	dev->dev.coherent_dma_mask = DMA_BIT_MASK(32);
	pr_info("pci %s: [%04x:%04x] type %02x class %#08x\n", dev->name, dev->vendor,
		dev->device, dev->hdr_type, dev->class);
	/* a host bridge decodes RAM too: switching it off to size a BAR cuts the CPU off */
	dev->mmio_always_on = (dev->class >> 8) == PCI_CLASS_BRIDGE_HOST;
	pci_read_config_byte(dev, PCI_INTERRUPT_PIN, &dev->pin);
	if (dev->pin) {
		pci_read_config_byte(dev, PCI_INTERRUPT_LINE, &line);
		dev->irq = dev->firmware_irq = line;
	}
	switch (dev->hdr_type) {
	case PCI_HEADER_TYPE_NORMAL:
		pci_read_bases(dev, PCI_STD_NUM_BARS, PCI_ROM_ADDRESS);
		pci_read_config_word(dev, PCI_SUBSYSTEM_VENDOR_ID, &dev->subsystem_vendor);
		pci_read_config_word(dev, PCI_SUBSYSTEM_ID, &dev->subsystem_device);
		if ((dev->class >> 8) == PCI_CLASS_STORAGE_IDE)
			pci_legacy_ide(dev);
		break;
	case PCI_HEADER_TYPE_BRIDGE:
		pci_read_bases(dev, 2, PCI_ROM_ADDRESS1);
		break;
	case PCI_HEADER_TYPE_CARDBUS:
		pci_read_bases(dev, 1, 0);
		pci_read_config_word(dev, 0x40, &dev->subsystem_vendor);
		pci_read_config_word(dev, 0x42, &dev->subsystem_device);
		break;
	default:
		pr_err("pci %s: unknown header type %02x, ignoring device\n", dev->name, dev->hdr_type);
		return -EIO;
	}
	pci_io_quirks(dev);
	pci_fixup_video(dev);
	return 0;
}

/* Put dev into the list of every function, which stays sorted by bus, then devfn. */
static void pci_add_device(struct pci_dev *dev)
{
	struct pci_dev **p = &dev_list;

	while (*p && ((*p)->bus->number < dev->bus->number ||
		      ((*p)->bus->number == dev->bus->number && (*p)->devfn < dev->devfn)))
		p = &(*p)->next;
	dev->next = *p;
	*p = dev;
}

/* The function at bus/devfn, read and added to the list; NULL if there is none. */
static struct pci_dev *pci_scan_device(struct pci_bus *bus, unsigned int devfn)
{
	struct pci_dev *dev;
	u32 id;

	pci_bus_read_config_dword(bus, devfn, PCI_VENDOR_ID, &id);
	/* all ones: no one answered; 0 or 0xffff in one half: an empty slot's bus noise */
	if (id == 0xffffffff || !id || (id & 0xffff) == 0xffff || !(id & 0xffff) ||
	    (id >> 16) == 0xffff)
		return NULL;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		pr_err("pci: no memory for %02x:%02x.%d\n", bus->number, PCI_SLOT(devfn),
		       PCI_FUNC(devfn));
		return NULL;
	}
	dev->bus = bus;
	dev->devfn = devfn;
	dev->vendor = id & 0xffff;
	dev->device = id >> 16;
	if (pci_setup_device(dev)) {
		kfree(dev);
		return NULL;
	}
	pci_add_device(dev);
	return dev;
}

static struct pci_bus *pci_alloc_bus(struct pci_bus *parent, struct pci_dev *self, u8 number)
{
	struct pci_bus *bus = kzalloc(sizeof(*bus), GFP_KERNEL), **p = &bus_list;

	if (!bus)
		return NULL;
	bus->parent = parent;
	bus->self = self;
	bus->number = number;
	bus->primary = parent ? parent->number : 0;
	bus->busn_end = 0xff;
	snprintf(bus->name, sizeof(bus->name), "PCI Bus 0000:%02x", number);
	while (*p)
		p = &(*p)->next;
	*p = bus;
	return bus;
}

static void pci_scan_child_bus(struct pci_bus *bus);

/* Linux's pci_scan_bridge: the bus behind a bridge, as the firmware numbered it. */
static void pci_scan_bridge(struct pci_bus *bus, struct pci_dev *dev)
{
	struct pci_bus *child;
	u8 primary, secondary, subordinate;
	char buf[80];

	pci_read_config_byte(dev, PCI_PRIMARY_BUS, &primary);
	pci_read_config_byte(dev, PCI_SECONDARY_BUS, &secondary);
	pci_read_config_byte(dev, PCI_SUBORDINATE_BUS, &subordinate);
	/* a bus number at or below this one would make the scan go round in circles */
	if (secondary <= bus->number || subordinate < secondary || pci_find_bus(0, secondary)) {
		pr_info("pci %s: bridge to [bus %02x-%02x] not configured by the firmware: not scanned\n",
			dev->name, secondary, subordinate);
		return;
	}
	child = pci_alloc_bus(bus, dev, secondary);
	if (!child)
		return;
	child->primary = primary;
	child->busn_end = subordinate;
	dev->subordinate = child;
	pci_read_bridge_windows(dev, child->name);
	pr_info("pci %s: PCI bridge to [bus %02x-%02x]\n", dev->name, secondary, subordinate);
	for (int i = 0; i < PCI_BRIDGE_RESOURCE_NUM; i++) {
		struct resource *w = &dev->resource[PCI_BRIDGE_RESOURCES + i];

		child->resource[i] = w;
		if (w->flags)
			pr_info("pci %s:   bridge window %s\n", dev->name, res_str(buf, sizeof(buf), w));
	}
	pci_scan_child_bus(child);
}

/* Every slot of bus (every function of a multi-function device), then behind each bridge. */
static void pci_scan_child_bus(struct pci_bus *bus)
{
	for (unsigned int slot = 0; slot < 32; slot++) {
		struct pci_dev *dev = pci_scan_device(bus, PCI_DEVFN(slot, 0));

		for (unsigned int fn = 1; dev && dev->multifunction && fn < 8; fn++)
			pci_scan_device(bus, PCI_DEVFN(slot, fn));
	}
	for (struct pci_dev *dev = dev_list; dev; dev = dev->next)
		if (dev->bus == bus && dev->hdr_type == PCI_HEADER_TYPE_BRIDGE)
			pci_scan_bridge(bus, dev);     /* CardBus bridges are left alone */
}

/* ---- 3. the host bridge's windows ---- */

/* QEMU's hole64 covers the 64-bit BARs that decode at or above 4 GiB. */
static void pci_bar64_extent(struct pci_host_info *h)
{
	struct pci_dev *dev;
	u16 cmd;

	for_each_pci_dev(dev) {
		pci_read_config_word(dev, PCI_COMMAND, &cmd);
		if (!(cmd & PCI_COMMAND_MEMORY))
			continue;
		for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
			const struct resource *r = &dev->resource[i];

			if (!(r->flags & IORESOURCE_MEM_64) || r->end < SZ_4G)
				continue;
			if (!h->bar64_end || max(r->start, SZ_4G) < h->bar64_start)
				h->bar64_start = max(r->start, SZ_4G);
			h->bar64_end = max(h->bar64_end, r->end);
		}
	}
}

static void pci_root_windows(struct pci_bus *root)
{
	struct pci_dev *host = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));
	struct pci_host_info h = { .device = host && host->vendor == 0x8086 ? host->device : 0 };
	int n, used = 0;
	char buf[80];

	if (pci_mmcfg.present) {
		h.ecam_start = pci_mmcfg.res.start;
		h.ecam_end = pci_mmcfg.res.end;
	}
	pci_bar64_extent(&h);
	n = pci_host_bridge_windows(&e820_table, &h, root_windows, ARRAY_SIZE(root_windows));
	pr_info("PCI host bridge to bus 0000:00\n");
	for (int i = 0; i < n; i++) {
		struct resource *w = &root_windows[i];
		struct resource *conflict = insert_resource_conflict(
			w->flags & IORESOURCE_IO ? &ioport_resource : &iomem_resource, w);

		if (conflict) {
			pr_info("pci_bus 0000:00: ignoring host bridge window %s (conflicts with %s)\n",
				res_str(buf, sizeof(buf), w), conflict->name);
			continue;
		}
		root->resource[used++] = w;
		pr_info("pci_bus 0000:00: root bus resource %s\n", res_str(buf, sizeof(buf), w));
	}
}

/* ---- 4. the claims (pci_claim_resource is in drivers/pci_setup.c) ---- */

/*
 * As Linux, a BAR or ROM that cannot be claimed where the firmware left it is
 * unassigned (start 0, IORESOURCE_UNSET), for pci_assign_unassigned_resources
 * to place; a legacy (fixed) address stays as it is.
 */
static void pci_unassign(struct resource *res)
{
	if (res->flags & (IORESOURCE_PCI_FIXED | IORESOURCE_UNSET))
		return;
	res->end -= res->start;
	res->start = 0;
	res->flags |= IORESOURCE_UNSET;
}

/* Linux's pcibios_resource_survey: bridge windows top-down, then BARs and quirk ports, then ROMs. */
static int pci_claim_all(void)
{
	int claimed = 0;
	struct pci_dev *dev;
	char buf[80];

	for (struct pci_bus *bus = bus_list; bus; bus = bus->next)
		for (int i = 0; bus->self && i < PCI_BRIDGE_RESOURCE_NUM; i++)
			if (bus->self->resource[PCI_BRIDGE_RESOURCES + i].flags)
				pci_claim_resource(bus->self, PCI_BRIDGE_RESOURCES + i);
	for_each_pci_dev(dev) {
		for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
			bool quirk = i >= PCI_BRIDGE_RESOURCES && dev->hdr_type != PCI_HEADER_TYPE_BRIDGE;

			if (i == PCI_ROM_RESOURCE || (i >= PCI_BRIDGE_RESOURCES && !quirk) ||
			    !dev->resource[i].flags)
				continue;
			if (pci_claim_resource(dev, i)) {
				if (!quirk)
					pci_unassign(&dev->resource[i]);
				continue;
			}
			claimed++;
			if (quirk)
				pr_info("pci %s: quirk: %s claimed by %s\n", dev->name,
					res_str(buf, sizeof(buf), &dev->resource[i]),
					dev->quirk[i - PCI_BRIDGE_RESOURCES]);
		}
	}
	for_each_pci_dev(dev) {
		struct resource *rom = &dev->resource[PCI_ROM_RESOURCE];

		/* Linux's pcibios_allocate_dev_rom_resource: only a ROM with an address */
		if (!rom->flags || (rom->flags & (IORESOURCE_ROM_SHADOW | IORESOURCE_UNSET)))
			continue;
		if (!pci_claim_resource(dev, PCI_ROM_RESOURCE))
			claimed++;
		else
			pci_unassign(rom);
	}
	return claimed;
}

/* ---- the rest of the interface ---- */

void pci_init(void)
{
	struct pci_bus *root;
	const struct acpi_info *acpi = acpi_get_info();
	int nfn = 0, nbus = 0, claimed;
	struct pci_dev *dev;

	if (initialised)
		return;
	initialised = true;
	if (pci_check_type1()) {
		if (!request_region(PCI_CONF1_ADDRESS, PCI_CONF1_PORTS, "PCI conf1"))
			pr_warn("PCI: can't claim ports 0xcf8-0xcff\n");
		pr_info("PCI: Using configuration type 1 for base access\n");
	}
	if (acpi && acpi->mcfg.present)
		pci_mmcfg_init(acpi->mcfg.address, acpi->mcfg.segment, acpi->mcfg.start_bus,
			       acpi->mcfg.end_bus);
	if (!pci_conf1_ok && !pci_mmcfg.present) {
		pr_info("PCI: no configuration access (no 0xcf8 ports, no MMCONFIG): no PCI\n");
		return;
	}
	root = pci_alloc_bus(NULL, NULL, 0);
	if (!root)
		return;
	pci_scan_child_bus(root);
	pci_root_windows(root);
	claimed = pci_claim_all();
	claimed += pci_assign_unassigned_resources();
	for_each_pci_dev(dev)
		nfn++;
	for (struct pci_bus *b = bus_list; b; b = b->next)
		nbus++;
	pr_info("PCI: %d functions on %d bus%s, %d resources claimed; %s\n", nfn, nbus,
		nbus == 1 ? "" : "es", claimed,
		pci_mmcfg.present ? "extended configuration space through MMCONFIG" : "no MMCONFIG");
}

bool pci_initialised(void)
{
	return initialised && bus_list;
}

struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device, struct pci_dev *from)
{
	for (struct pci_dev *dev = from ? from->next : dev_list; dev; dev = dev->next)
		if ((vendor == PCI_ANY_ID || dev->vendor == vendor) &&
		    (device == PCI_ANY_ID || dev->device == device))
			return dev;
	return NULL;
}

struct pci_dev *pci_get_domain_bus_and_slot(int domain, unsigned int bus, unsigned int devfn)
{
	struct pci_dev *dev;

	if (domain)
		return NULL;
	for_each_pci_dev(dev)
		if (dev->bus->number == bus && dev->devfn == devfn)
			return dev;
	return NULL;
}

struct pci_bus *pci_find_bus(int domain, int busnr)
{
	for (struct pci_bus *bus = bus_list; bus && !domain; bus = bus->next)
		if (bus->number == busnr)
			return bus;
	return NULL;
}

struct pci_bus *pci_first_bus(void)
{
	return bus_list;
}

int pci_request_region(struct pci_dev *dev, int bar, const char *name)
{
	struct resource *res;

	if (bar < 0 || bar >= PCI_NUM_RESOURCES)
		return -EINVAL;
	res = &dev->resource[bar];
	if (!res->flags || !res->start || (res->flags & IORESOURCE_ROM_SHADOW))
		return -EINVAL;
	if (!__request_region(res->flags & IORESOURCE_IO ? &ioport_resource : &iomem_resource,
			      res->start, resource_size(res), name, 0))
		return -EBUSY;
	return 0;
}

void pci_release_region(struct pci_dev *dev, int bar)
{
	struct resource *res = &dev->resource[bar];

	__release_region(res->flags & IORESOURCE_IO ? &ioport_resource : &iomem_resource,
			 res->start, resource_size(res));
}
