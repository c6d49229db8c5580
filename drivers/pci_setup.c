/*
 * The BARs' and ROMs' places in the resource tree: claiming those the
 * firmware assigned, as Linux's pci_claim_resource(), and giving addresses to
 * those it left without one, as Linux's pci_assign_unassigned_resources()
 * (drivers/pci/setup-res.c, setup-bus.c), placed the way allocate_resource()
 * does it (kernel/resource.c) with x86's rules on top (pcibios_align_resource
 * in arch/x86/pci/i386.c, arch_remove_reservations in
 * arch/x86/kernel/resource.c).
 *
 * The story, on q35 with 2 GiB under OVMF: OVMF leaves the e1000e's 256 KiB
 * ROM BAR holding its all-ones probe, 0xfffc0000, outside every window of the
 * host bridge, so pci_claim_all() cannot claim it and marks it unassigned.
 * A BAR is aligned to its size, so the ROM needs a 0x40000-aligned gap of
 * 0x40000 bytes.  The bus's windows are tried in order: the legacy VGA window
 * 0xa0000-0xbffff lies below 1 MiB, which x86 keeps for ISA cards; the next,
 * 0x80000000-0xafffffff, is empty (OVMF put every BAR at 0xc0000000 and
 * above), so the ROM lands at its start: "pci 0000:00:02.0: ROM [mem
 * 0x80000000-0x8003ffff pref]: assigned", a new child of the window in
 * iomem.  Its BAR gets the address with the enable bit off: a ROM is only
 * switched on while someone reads it.
 *
 * Everything here reads and writes through the resource tree and the
 * configuration accessors, so tests/host/test_pci_setup.c links this file
 * with a fake configuration space.
 */
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <mm/e820.h>

#include "pci_internal.h"

/* ---- claiming what the firmware assigned (Linux's setup-res.c) ---- */

struct resource *pci_find_parent_resource(const struct pci_dev *dev, struct resource *res)
{
	for (int i = 0; i < PCI_BUS_NUM_RESOURCES; i++) {
		struct resource *r = dev->bus->resource[i];

		if (!r || resource_type(r) != resource_type(res) || (r->flags & IORESOURCE_UNSET) ||
		    res->start < r->start || res->end > r->end)
			continue;
		/* a prefetchable window may hold only prefetchable BARs */
		if ((r->flags & IORESOURCE_PREFETCH) && !(res->flags & IORESOURCE_PREFETCH))
			return NULL;
		return r;
	}
	return NULL;
}

int pci_claim_resource(struct pci_dev *dev, int i)
{
	struct resource *res = &dev->resource[i], *root, *conflict;
	const char *what = i >= PCI_BRIDGE_RESOURCES && dev->hdr_type != PCI_HEADER_TYPE_BRIDGE ?
			   "quirk" : pci_resource_name(i);
	char buf[80], held[80];

	if (res->flags & IORESOURCE_UNSET) {
		pr_info("pci %s: can't claim %s %s: no address assigned\n", dev->name, what,
			res_str(buf, sizeof(buf), res));
		return -EINVAL;
	}
	/* the device does not answer at its shadow: nothing to claim */
	if (res->flags & IORESOURCE_ROM_SHADOW)
		return 0;
	root = pci_find_parent_resource(dev, res);
	if (!root) {
		pr_info("pci %s: can't claim %s %s: no compatible bridge window\n", dev->name, what,
			res_str(buf, sizeof(buf), res));
		return -EINVAL;
	}
	conflict = request_resource_conflict(root, res);
	if (conflict) {
		pr_info("pci %s: can't claim %s %s: address conflict with %s %s\n", dev->name, what,
			res_str(buf, sizeof(buf), res), conflict->name,
			res_str(held, sizeof(held), conflict));
		return -EBUSY;
	}
	return 0;
}

/* ---- assigning what it did not ---- */

#define PCIBIOS_MIN_IO  0x1000ULL       /* x86: ports below 4 KiB are ISA's and the chipset's */
/*
 * x86's PCIBIOS_MIN_MEM is the start of the largest gap in the e820 table;
 * it matters only for a window that starts at 0, and no memory window does,
 * so 1 MiB (where pcibios_align_resource would move it anyway) stands in.
 */
#define PCIBIOS_MIN_MEM BIOS_END
#define BIOS_END        0x100000ULL     /* x86: memory below 1 MiB is left to ISA cards */
#define BIOS_ROM_BASE   0xffe00000ULL   /* the top 2 MiB below 4 GiB: the firmware's flash */
#define BIOS_ROM_END    0xffffffffULL
#define ISA_ALIAS_MASK  0x300ULL        /* ISA decodes 10 address bits: x86 skips the aliases */
#define ISA_ALIAS_ALIGN 0x400ULL
#define PCI_CLASS_NOT_DEFINED 0x0000    /* a function from before class codes (PCI 2.0) */

/* Which bus addresses a resource may take (Linux's struct pci_bus_region). */
struct pci_bus_region {
	u64 start, end;
};

static const struct pci_bus_region pci_32_bit = { 0, 0xffffffffULL };
static const struct pci_bus_region pci_64_bit = { 0, ~0ULL };
static const struct pci_bus_region pci_high = { SZ_4G, ~0ULL };

/* x86's resource_clip: cut [start, end] out of res, keeping the larger side. */
static void resource_clip(struct resource *res, u64 start, u64 end)
{
	u64 low = 0, high = 0;

	if (res->end < start || res->start > end)
		return;
	if (res->start < start)
		low = start - res->start;
	if (res->end > end)
		high = res->end - end;
	if (low > high)
		res->end = start - 1;
	else
		res->start = end + 1;
}

/* x86's arch_remove_reservations: never the firmware's flash, nor anything e820 lists. */
static void arch_remove_reservations(struct resource *avail)
{
	char was[80], now[80];

	if (!(avail->flags & IORESOURCE_MEM))
		return;
	resource_clip(avail, BIOS_ROM_BASE, BIOS_ROM_END);
	for (u32 i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		struct resource orig = *avail;

		resource_clip(avail, e->addr, e->addr + e->size - 1);
		if (orig.start != avail->start || orig.end != avail->end)
			pr_info("clipped %s to %s for e820 entry [mem %#010llx-%#010llx]\n",
				res_str(was, sizeof(was), &orig), res_str(now, sizeof(now), avail),
				(unsigned long long)e->addr,
				(unsigned long long)(e->addr + e->size - 1));
	}
}

/* x86's pcibios_align_resource: no memory below 1 MiB, no I/O on an ISA alias. */
static u64 pcibios_align_resource(const struct resource *avail)
{
	u64 start = avail->start;

	if (avail->flags & IORESOURCE_IO) {
		if (start & ISA_ALIAS_MASK)
			start = ALIGN(start, ISA_ALIAS_ALIGN);
	} else if (start < BIOS_END) {
		start = BIOS_END;
	}
	return start;
}

int find_resource(const struct resource *root, struct resource *new, u64 size,
		  const struct resource_constraint *c)
{
	const struct resource *this = root->child;
	struct resource tmp = *new, avail, alloc;

	tmp.start = root->start;
	if (this && this->start == root->start) {
		if (this->end == root->end)
			return -EBUSY;  /* one child fills root (and end + 1 might wrap) */
		tmp.start = this->end + 1;
		this = this->sibling;
	}
	for (;;) {
		tmp.end = this ? this->start - 1 : root->end;
		if (tmp.end >= tmp.start) {
			tmp.start = max(tmp.start, c->min);
			tmp.end = min(tmp.end, c->max);
		}
		if (tmp.end >= tmp.start) {
			arch_remove_reservations(&tmp);
			avail = (struct resource){ .start = ALIGN(tmp.start, c->align), .end = tmp.end,
				.flags = new->flags & ~IORESOURCE_UNSET };
			alloc.start = pcibios_align_resource(&avail);
			alloc.end = alloc.start + size - 1;
			/* ALIGN may wrap past 2^64: then avail.start < tmp.start */
			if (avail.start >= tmp.start && alloc.start <= alloc.end &&
			    alloc.start >= avail.start && alloc.end <= avail.end) {
				new->start = alloc.start;
				new->end = alloc.end;
				return 0;
			}
		}
		if (!this || this->end == root->end)
			return -EBUSY;
		tmp.start = this->end + 1;
		this = this->sibling;
	}
}

/* Linux's allocate_resource: find the place, then link new in under root. */
static int allocate_resource(struct resource *root, struct resource *new, u64 size,
			     const struct resource_constraint *c)
{
	if (find_resource(root, new, size, c))
		return -EBUSY;
	return request_resource_conflict(root, new) ? -EBUSY : 0;
}

/* Linux's pci_bus_alloc_from_region: the first window of bus that fits, in region. */
static int pci_bus_alloc_from_region(struct pci_bus *bus, struct resource *res, u64 size,
				     u64 align, u64 min, unsigned long type_mask,
				     const struct pci_bus_region *region)
{
	type_mask |= IORESOURCE_TYPE_BITS;
	for (int i = 0; i < PCI_BUS_NUM_RESOURCES; i++) {
		struct resource *r = bus->resource[i];
		struct resource_constraint c = { .min = min, .align = align };
		struct resource avail;

		if (!r || ((res->flags ^ r->flags) & type_mask))
			continue;
		/* a prefetchable window may hold only prefetchable BARs */
		if ((r->flags & IORESOURCE_PREFETCH) && !(res->flags & IORESOURCE_PREFETCH))
			continue;
		avail = *r;
		avail.start = max(avail.start, region->start);
		avail.end = min(avail.end, region->end);
		if (avail.end < avail.start)
			continue;
		/* a window's own start overrides the platform's minimum */
		if (avail.start)
			c.min = avail.start;
		c.max = avail.end;
		if (c.min > c.max || size - 1 > c.max - c.min)
			continue;
		if (!allocate_resource(r, res, size, &c))
			return 0;
	}
	return -ENOMEM;
}

int pci_bus_alloc_resource(struct pci_bus *bus, struct resource *res, u64 size, u64 align,
			   u64 min, unsigned long type_mask)
{
	if (res->flags & IORESOURCE_MEM_64) {
		if (!pci_bus_alloc_from_region(bus, res, size, align, min, type_mask, &pci_high))
			return 0;
		return pci_bus_alloc_from_region(bus, res, size, align, min, type_mask,
						 &pci_64_bit);
	}
	return pci_bus_alloc_from_region(bus, res, size, align, min, type_mask, &pci_32_bit);
}

/*
 * Linux's __pci_assign_resource: a window of the same kind first (prefetchable
 * and 64-bit alike), then a 32-bit prefetchable one for a 64-bit prefetchable
 * BAR, then any memory window.
 */
static int __pci_assign_resource(struct pci_dev *dev, struct resource *res, u64 size, u64 align)
{
	const unsigned long pref64 = IORESOURCE_PREFETCH | IORESOURCE_MEM_64;
	u64 min = res->flags & IORESOURCE_IO ? PCIBIOS_MIN_IO : PCIBIOS_MIN_MEM;

	if (!pci_bus_alloc_resource(dev->bus, res, size, align, min, pref64))
		return 0;
	if ((res->flags & pref64) == pref64 &&
	    !pci_bus_alloc_resource(dev->bus, res, size, align, min, IORESOURCE_PREFETCH))
		return 0;
	if (res->flags & pref64)
		return pci_bus_alloc_resource(dev->bus, res, size, align, min, 0);
	return -ENOMEM;
}

/* Linux's resource_alignment: a BAR is aligned to its size. */
static u64 pci_resource_alignment(const struct resource *res)
{
	if (res->flags & IORESOURCE_SIZEALIGN)
		return resource_size(res);
	return 0;
}

/* The configuration register that holds resource resno of dev (0: none). */
static int pci_resource_reg(const struct pci_dev *dev, int resno)
{
	if (resno < PCI_STD_NUM_BARS)
		return PCI_BASE_ADDRESS_0 + 4 * resno;
	if (resno != PCI_ROM_RESOURCE)
		return 0;
	return dev->hdr_type == PCI_HEADER_TYPE_BRIDGE ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
}

int pci_update_resource(struct pci_dev *dev, int resno)
{
	const struct resource *res = &dev->resource[resno];
	int reg = pci_resource_reg(dev, resno);
	u32 new, check, mask;
	u16 cmd = 0;

	if (!reg || !res->flags || (res->flags & (IORESOURCE_UNSET | IORESOURCE_PCI_FIXED)))
		return -EINVAL;
	if (resno == PCI_ROM_RESOURCE) {
		/* the enable bit stays as the device has it: off, until someone reads the ROM */
		pci_read_config_dword(dev, reg, &check);
		mask = (u32)PCI_ROM_ADDRESS_MASK;
		new = (u32)res->start | (check & PCI_ROM_ADDRESS_ENABLE);
	} else {
		mask = res->flags & IORESOURCE_IO ? (u32)PCI_BASE_ADDRESS_IO_MASK :
						    (u32)PCI_BASE_ADDRESS_MEM_MASK;
		new = (u32)res->start | (u32)(res->flags & PCI_REGION_FLAG_MASK);
	}
	/* as Linux: no decoding while a 64-bit BAR holds half an address */
	if ((res->flags & IORESOURCE_MEM_64) && !dev->mmio_always_on) {
		pci_read_config_word(dev, PCI_COMMAND, &cmd);
		if (cmd & PCI_COMMAND_MEMORY)
			pci_write_config_word(dev, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
	}
	pci_write_config_dword(dev, reg, new);
	if (res->flags & IORESOURCE_MEM_64)
		pci_write_config_dword(dev, reg + 4, (u32)(res->start >> 32));
	if (cmd & PCI_COMMAND_MEMORY)
		pci_write_config_word(dev, PCI_COMMAND, cmd);
	pci_read_config_dword(dev, reg, &check);
	if ((new ^ check) & mask) {
		pr_err("pci %s: %s: error updating (%#010x != %#010x)\n", dev->name,
		       pci_resource_name(resno), new, check);
		return -EIO;
	}
	return 0;
}

int pci_assign_resource(struct pci_dev *dev, int resno)
{
	struct resource *res = &dev->resource[resno];
	const char *name = pci_resource_name(resno);
	u64 align, size = resource_size(res);
	char buf[80];

	if (res->flags & IORESOURCE_PCI_FIXED)
		return 0;
	res->flags |= IORESOURCE_UNSET;
	align = pci_resource_alignment(res);
	if (!align) {
		pr_info("pci %s: %s %s: can't assign; bogus alignment\n", dev->name, name,
			res_str(buf, sizeof(buf), res));
		return -EINVAL;
	}
	if (__pci_assign_resource(dev, res, size, align)) {
		res->start = 0;         /* find_resource may have left a candidate */
		res->end = size - 1;
		pr_info("pci %s: %s %s: can't assign; no space\n", dev->name, name,
			res_str(buf, sizeof(buf), res));
		pr_info("pci %s: %s %s: failed to assign\n", dev->name, name,
			res_str(buf, sizeof(buf), res));
		return -ENOMEM;
	}
	res->flags &= ~IORESOURCE_UNSET;
	pr_info("pci %s: %s %s: assigned\n", dev->name, name, res_str(buf, sizeof(buf), res));
	if (resno < PCI_BRIDGE_RESOURCES)
		pci_update_resource(dev, resno);
	return 0;
}

/* Whether Linux's pdev_sort_resources would queue resource i of dev for assignment. */
static bool pci_needs_assignment(const struct pci_dev *dev, int i)
{
	const struct resource *r = &dev->resource[i];
	u32 class = dev->class >> 8;

	/*
	 * Bridges' windows are sized by Linux's bridge code, which Atlas leaves
	 * out; classless functions and host bridges are left alone, as Linux's
	 * __dev_sort_resources does.
	 */
	if (i >= PCI_BRIDGE_RESOURCES || class == PCI_CLASS_NOT_DEFINED ||
	    class == PCI_CLASS_BRIDGE_HOST)
		return false;
	return r->flags && !r->parent && !(r->flags & (IORESOURCE_PCI_FIXED | IORESOURCE_ROM_SHADOW));
}

/*
 * The next resource of bus to assign, in the order of Linux's
 * pdev_sort_resources list: the largest alignment first, ties in device and
 * BAR order.  (*dev, *i) is the one assigned last (*dev NULL: none yet), of
 * alignment last_align; returns false when none is left.
 */
static bool pci_next_unassigned(const struct pci_bus *bus, u64 last_align,
				struct pci_dev **dev, int *i)
{
	struct pci_dev *best = NULL, *d;
	bool passed = !*dev;            /* past the last one in list order */
	int best_i = 0;
	u64 best_align = 0;

	for_each_pci_dev(d) {
		for (int k = 0; d->bus == bus && k < PCI_BRIDGE_RESOURCES; k++) {
			u64 a = pci_resource_alignment(&d->resource[k]);

			if (d == *dev && k == *i) {
				passed = true;
				continue;
			}
			if (!pci_needs_assignment(d, k) || a > last_align ||
			    (a == last_align && !passed) || (best && a <= best_align))
				continue;
			best = d;
			best_i = k;
			best_align = a;
		}
	}
	*dev = best;
	*i = best_i;
	return best;
}

int pci_assign_unassigned_resources(void)
{
	int assigned = 0;

	for (struct pci_bus *bus = pci_first_bus(); bus; bus = bus->next) {
		struct pci_dev *dev = NULL;
		u64 align = ~0ULL;
		int i = 0;

		while (pci_next_unassigned(bus, align, &dev, &i)) {
			align = pci_resource_alignment(&dev->resource[i]);
			if (!pci_assign_resource(dev, i))
				assigned++;
		}
	}
	return assigned;
}
