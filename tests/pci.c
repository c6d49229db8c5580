/*
 * pci suite: what pci_init() found at boot (drivers/pci.c), checked against
 * what Linux found on the same QEMU machines
 * (tests/data/linux/{pc,q35}-512M/lspci.txt, iomem.txt,
 * ioports.txt): the functions, every BAR's type, size and flags,
 * and, when the machine has exactly the reference's devices (QEMU's default
 * VGA and NIC: QEMU_ARGS="-vga std -nic user,model=e1000" on pc, model=e1000e
 * on q35) under SeaBIOS, every address too.  Then: both configuration
 * doors read the same bytes (q35), the BAR probe leaves every register as
 * it found it, every BAR sits in iomem/ioports under a "PCI Bus" window in
 * its function's name, and a second claim of a BAR fails naming the holder.
 * Last, the expansion ROMs: each in a bus window, aligned, alone, in iomem
 * and in its BAR, where Linux's assignment puts those the firmware left
 * unassigned (OVMF leaves them all); and the boot VGA's ROM is the shadow at
 * 0xc0000 under either firmware.
 */
#include <drivers/acpi.h>
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/init.h>
#include <kernel/ioport.h>
#include <kernel/kernel.h>
#include <kernel/multiboot2.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/e820.h>

#define QEMU_SUBSYS_VENDOR 0x1af4       /* Red Hat (virtio's vendor): QEMU's subsystem IDs */
#define QEMU_SUBSYS_DEVICE 0x1100

/* ---- Linux's view of the two reference machines (lspci.txt) ---- */

struct ref_res {
	u64 start, end;
	unsigned long flags;            /* Linux's sysfs flags */
};

struct ref_fn {
	unsigned int devfn;
	u16 vendor, device;
	u32 class;
	u8 rev;
	u16 sub_vendor, sub_device;
	unsigned int irq;
	struct ref_res res[PCI_ROM_RESOURCE + 1];
};

#define LEGACY_IO (IORESOURCE_IO | IORESOURCE_PCI_FIXED)        /* 0x110 */
#define SHADOW    (IORESOURCE_MEM | IORESOURCE_ROM_SHADOW | IORESOURCE_PCI_FIXED) /* 0x212 */

static const struct ref_fn pc_ref[] = {
	{ PCI_DEVFN(0, 0), 0x8086, 0x1237, 0x060000, 0x02, 0x1af4, 0x1100, 0, {} },
	{ PCI_DEVFN(1, 0), 0x8086, 0x7000, 0x060100, 0x00, 0x1af4, 0x1100, 0, {} },
	{ PCI_DEVFN(1, 1), 0x8086, 0x7010, 0x010180, 0x00, 0x1af4, 0x1100, 0, {
		[0] = { 0x1f0, 0x1f7, LEGACY_IO }, [1] = { 0x3f6, 0x3f6, LEGACY_IO },
		[2] = { 0x170, 0x177, LEGACY_IO }, [3] = { 0x376, 0x376, LEGACY_IO },
		[4] = { 0xc040, 0xc04f, 0x40101 } } },
	{ PCI_DEVFN(1, 3), 0x8086, 0x7113, 0x068000, 0x03, 0x1af4, 0x1100, 9, {} },
	{ PCI_DEVFN(2, 0), 0x1234, 0x1111, 0x030000, 0x02, 0x1af4, 0x1100, 0, {
		[0] = { 0xfd000000, 0xfdffffff, 0x42208 }, [2] = { 0xfebf0000, 0xfebf0fff, 0x40200 },
		[6] = { 0xc0000, 0xdffff, SHADOW } } },
	{ PCI_DEVFN(3, 0), 0x8086, 0x100e, 0x020000, 0x03, 0x1af4, 0x1100, 11, {
		[0] = { 0xfebc0000, 0xfebdffff, 0x40200 }, [1] = { 0xc000, 0xc03f, 0x40101 },
		[6] = { 0xfeb80000, 0xfebbffff, 0x46200 } } },
};

static const struct ref_fn q35_ref[] = {
	{ PCI_DEVFN(0, 0), 0x8086, 0x29c0, 0x060000, 0x00, 0x1af4, 0x1100, 0, {} },
	{ PCI_DEVFN(1, 0), 0x1234, 0x1111, 0x030000, 0x02, 0x1af4, 0x1100, 0, {
		[0] = { 0xfd000000, 0xfdffffff, 0x42208 }, [2] = { 0xfebd4000, 0xfebd4fff, 0x40200 },
		[6] = { 0xc0000, 0xdffff, SHADOW } } },
	{ PCI_DEVFN(2, 0), 0x8086, 0x10d3, 0x020000, 0x00, 0x8086, 0x0000, 11, {
		[0] = { 0xfeb80000, 0xfeb9ffff, 0x40200 }, [1] = { 0xfeba0000, 0xfebbffff, 0x40200 },
		[2] = { 0xc040, 0xc05f, 0x40101 }, [3] = { 0xfebd0000, 0xfebd3fff, 0x40200 },
		[6] = { 0xfeb40000, 0xfeb7ffff, 0x46200 } } },
	{ PCI_DEVFN(31, 0), 0x8086, 0x2918, 0x060100, 0x02, 0x1af4, 0x1100, 0, {} },
	{ PCI_DEVFN(31, 2), 0x8086, 0x2922, 0x010601, 0x02, 0x1af4, 0x1100, 10, {
		[4] = { 0xc060, 0xc07f, 0x40101 }, [5] = { 0xfebd5000, 0xfebd5fff, 0x40200 } } },
	{ PCI_DEVFN(31, 3), 0x8086, 0x2930, 0x0c0500, 0x02, 0x1af4, 0x1100, 10, {
		[4] = { 0x700, 0x73f, 0x40101 } } },
};

struct machine {
	bool q35;
	const struct ref_fn *ref;
	size_t nref;
	bool ref_set;                   /* exactly the reference's functions */
	bool seabios;                   /* the firmware that made the reference */
};

/* SeaBIOS keeps the RSDP in the BIOS area below 1 MiB; OVMF does not. */
static bool seabios(void)
{
	const struct acpi_info *a = acpi_get_info();

	return a && a->rsdp_address >= 0xe0000 && a->rsdp_address < 0x100000;
}

static const struct ref_fn *ref_find(const struct machine *m, const struct pci_dev *dev)
{
	for (size_t i = 0; i < m->nref; i++)
		if (m->ref[i].devfn == dev->devfn && !dev->bus->number &&
		    m->ref[i].vendor == dev->vendor && m->ref[i].device == dev->device)
			return &m->ref[i];
	return NULL;
}

static int pci_suite_init(struct kunit *test)
{
	static struct machine m;
	struct pci_dev *host, *dev;
	size_t found = 0, total = 0;

	if (!pci_initialised())
		kunit_skip(test, "no PCI: pci_init() did not run at boot");
	host = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));
	if (!host)
		kunit_skip(test, "no host bridge at 00:00.0");
	m.q35 = host->device == PCI_DEVICE_ID_INTEL_Q35_MCH;
	m.ref = m.q35 ? q35_ref : pc_ref;
	m.nref = m.q35 ? ARRAY_SIZE(q35_ref) : ARRAY_SIZE(pc_ref);
	m.seabios = seabios();
	for_each_pci_dev(dev) {
		total++;
		found += ref_find(&m, dev) != NULL;
	}
	m.ref_set = found == m.nref && total == m.nref;
	test->priv = &m;
	return 0;
}

static const struct machine *machine_of(struct kunit *test)
{
	return test->priv;
}

/* ---- enumeration ---- */

static void pci_finds_the_host_bridge_and_isa_bridge(struct kunit *test)
{
	const struct machine *m = machine_of(test);
	struct pci_dev *host = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));
	struct pci_dev *isa = pci_get_domain_bus_and_slot(0, 0, m->q35 ? PCI_DEVFN(31, 0) :
							  PCI_DEVFN(1, 0));

	KUNIT_ASSERT_NOT_NULL(test, host);
	KUNIT_EXPECT_EQ(test, host->vendor, 0x8086);
	KUNIT_EXPECT_EQ(test, host->device, m->q35 ? 0x29c0 : 0x1237);   /* Q35 MCH / i440FX */
	KUNIT_EXPECT_EQ(test, host->class, 0x060000);
	KUNIT_EXPECT_STREQ(test, pci_name(host), "0000:00:00.0");
	KUNIT_EXPECT_TRUE(test, host->mmio_always_on);
	KUNIT_ASSERT_NOT_NULL(test, isa);
	KUNIT_EXPECT_EQ(test, isa->vendor, 0x8086);
	KUNIT_EXPECT_EQ(test, isa->device, m->q35 ? 0x2918 : 0x7000);    /* ICH9 LPC / PIIX3 */
	KUNIT_EXPECT_EQ(test, isa->class, 0x060100);
	KUNIT_EXPECT_TRUE(test, isa->multifunction);    /* its IDE/SATA and PM functions follow */
	KUNIT_EXPECT_PTR_EQ(test, pci_get_device(0x8086, isa->device, NULL), isa);
	KUNIT_EXPECT_PTR_EQ(test, pci_find_bus(0, 0), host->bus);
	KUNIT_EXPECT_STREQ(test, host->bus->name, "PCI Bus 0000:00");
}

/* In lspci's order, and each once. */
static void pci_list_is_sorted_by_bus_and_devfn(struct kunit *test)
{
	struct pci_dev *dev, *prev = NULL;
	int n = 0;

	for_each_pci_dev(dev) {
		if (prev)
			KUNIT_EXPECT_LT(test, prev->bus->number << 8 | prev->devfn,
					dev->bus->number << 8 | dev->devfn);
		prev = dev;
		n++;
	}
	KUNIT_EXPECT_GE(test, n, 4);    /* host, ISA, IDE/SATA, PM/SMBus at the least */
}

static void pci_functions_match_linux(struct kunit *test)
{
	const struct machine *m = machine_of(test);
	struct pci_dev *dev;

	if (!m->ref_set)
		kunit_log_diag(test, "not the reference's devices (runner without -vga std and "
			       "the NIC?): checking those that are there");
	for (size_t i = 0; i < m->nref; i++) {
		const struct ref_fn *r = &m->ref[i];

		dev = pci_get_domain_bus_and_slot(0, 0, r->devfn);
		/* the chipset's own functions are always there; VGA and NIC only with the args */
		if ((r->class >> 16 == 0x03 || r->class >> 16 == 0x02) &&
		    (!dev || dev->vendor != r->vendor || dev->device != r->device))
			continue;
		KUNIT_ASSERT_NOT_NULL(test, dev);
		KUNIT_EXPECT_EQ(test, dev->vendor, r->vendor);
		KUNIT_EXPECT_EQ(test, dev->device, r->device);
		KUNIT_EXPECT_EQ(test, dev->class, r->class);
		KUNIT_EXPECT_EQ(test, dev->revision, r->rev);
		KUNIT_EXPECT_EQ(test, dev->subsystem_vendor, r->sub_vendor);
		KUNIT_EXPECT_EQ(test, dev->subsystem_device, r->sub_device);
		KUNIT_EXPECT_EQ(test, dev->hdr_type, PCI_HEADER_TYPE_NORMAL);
		if (m->seabios)         /* the interrupt line is the firmware's choice */
			KUNIT_EXPECT_EQ(test, dev->irq, r->irq);
	}
}

/* Type and size always; the address where the firmware and the devices are the reference's. */
static void pci_bars_match_linux(struct kunit *test)
{
	const struct machine *m = machine_of(test);
	bool addresses = m->ref_set && m->seabios;
	struct pci_dev *dev;
	int compared = 0;

	if (!addresses)
		kunit_log_diag(test, "%s: BAR addresses not compared", !m->seabios ?
			       "not SeaBIOS" : "not the reference's devices");
	for_each_pci_dev(dev) {
		const struct ref_fn *r = ref_find(m, dev);

		for (int i = 0; r && i <= PCI_ROM_RESOURCE; i++) {
			const struct resource *res = &dev->resource[i];
			const struct ref_res *want = &r->res[i];
			unsigned long flags = res->flags & ~IORESOURCE_UNSET;

			if (flags != want->flags || resource_size(res) != want->end - want->start + 1)
				kunit_log_diag(test, "%s %d: [%#llx-%#llx] flags %#lx, Linux: "
					       "[%#llx-%#llx] flags %#lx", pci_name(dev), i,
					       (unsigned long long)res->start, (unsigned long long)res->end,
					       res->flags, (unsigned long long)want->start,
					       (unsigned long long)want->end, want->flags);
			KUNIT_EXPECT_EQ(test, flags, want->flags);
			if (!want->flags)
				continue;
			KUNIT_EXPECT_EQ(test, resource_size(res), want->end - want->start + 1);
			if (addresses || (flags & IORESOURCE_PCI_FIXED))
				KUNIT_EXPECT_EQ(test, res->start, want->start);
			compared++;
		}
	}
	KUNIT_EXPECT_GT(test, compared, 0);
}

/* Ports Linux's quirks claim for the chipset: ACPI PM (and SMBus on PIIX4). */
static void pci_chipset_ports_are_claimed_as_linux(struct kunit *test)
{
	const struct machine *m = machine_of(test);
	struct pci_dev *pm = pci_get_domain_bus_and_slot(0, 0, m->q35 ? PCI_DEVFN(31, 0) :
							 PCI_DEVFN(1, 3));
	const struct resource *acpi;

	KUNIT_ASSERT_NOT_NULL(test, pm);
	acpi = &pm->resource[PCI_BRIDGE_RESOURCES];
	KUNIT_ASSERT_EQ(test, acpi->flags, IORESOURCE_IO);
	KUNIT_EXPECT_STREQ(test, pm->quirk[0], m->q35 ? "ICH6 ACPI/GPIO/TCO" : "PIIX4 ACPI");
	KUNIT_EXPECT_EQ(test, resource_size(acpi), m->q35 ? 128 : 64);
	KUNIT_EXPECT_NOT_NULL(test, acpi->parent);
	if (m->seabios)         /* Linux: "0600-063f : 0000:00:01.3", "0600-067f : 0000:00:1f.0" */
		KUNIT_EXPECT_EQ(test, acpi->start, 0x600);
	if (!m->q35) {          /* Linux: "0700-070f : 0000:00:01.3" (PIIX4 SMB) */
		KUNIT_EXPECT_STREQ(test, pm->quirk[1], "PIIX4 SMB");
		KUNIT_EXPECT_EQ(test, resource_size(&pm->resource[PCI_BRIDGE_RESOURCES + 1]), 16);
		if (m->seabios)
			KUNIT_EXPECT_EQ(test, pm->resource[PCI_BRIDGE_RESOURCES + 1].start, 0x700);
	}
}

/* ---- configuration access ---- */

static void pci_ecam_and_ports_read_the_same(struct kunit *test)
{
	struct pci_dev *dev;
	int missing = -1, compared = 0;

	if (!pci_mmcfg_covers(0, 0))
		kunit_skip(test, "no ECAM (no MCFG: a pc machine)");
	for_each_pci_dev(dev) {
		unsigned int bus = dev->bus->number;

		for (int reg = 0; reg < PCI_CFG_SPACE_SIZE; reg += 4) {
			u32 a, b;

			KUNIT_ASSERT_EQ(test, pci_conf1_read(bus, dev->devfn, reg, 4, &a), 0);
			KUNIT_ASSERT_EQ(test, pci_mmcfg_read(0, bus, dev->devfn, reg, 4, &b), 0);
			if (a != b)
				kunit_log_diag(test, "%s reg %#x: ports %08x, ECAM %08x", pci_name(dev),
					       reg, a, b);
			KUNIT_EXPECT_EQ(test, a, b);
			compared++;
		}
		/* narrower reads are the same bytes of the same dword, either way */
		for (int reg = 0; reg < 64; reg++) {
			u32 a, b, w;

			pci_conf1_read(bus, dev->devfn, reg & ~3, 4, &w);
			pci_conf1_read(bus, dev->devfn, reg, 1, &a);
			pci_mmcfg_read(0, bus, dev->devfn, reg, 1, &b);
			KUNIT_EXPECT_EQ(test, a, (w >> (8 * (reg & 3))) & 0xff);
			KUNIT_EXPECT_EQ(test, b, a);
			if (reg & 1)
				continue;
			pci_conf1_read(bus, dev->devfn, reg, 2, &a);
			pci_mmcfg_read(0, bus, dev->devfn, reg, 2, &b);
			KUNIT_EXPECT_EQ(test, a, (w >> (8 * (reg & 2))) & 0xffff);
			KUNIT_EXPECT_EQ(test, b, a);
		}
	}
	KUNIT_EXPECT_GE(test, compared, 4 * 64);     /* host, LPC, SATA, SMBus */
	/* a slot nobody answers reads all ones through both doors */
	for (int slot = 1; slot < 32 && missing < 0; slot++)
		if (!pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(slot, 0)))
			missing = slot;
	KUNIT_ASSERT_GE(test, missing, 0);
	for (int door = 0; door < 2; door++) {
		u32 v = 0;

		if (door)
			pci_mmcfg_read(0, 0, PCI_DEVFN(missing, 0), PCI_VENDOR_ID, 4, &v);
		else
			pci_conf1_read(0, PCI_DEVFN(missing, 0), PCI_VENDOR_ID, 4, &v);
		KUNIT_EXPECT_EQ(test, v, 0xffffffff);
	}
}

static void pci_config_access_rejects_bad_registers(struct kunit *test)
{
	u32 v = 0;

	KUNIT_EXPECT_EQ(test, pci_conf1_read(0, 0, 256, 4, &v), -EINVAL);    /* ports: 256 bytes */
	KUNIT_EXPECT_EQ(test, v, 0xffffffff);
	KUNIT_EXPECT_EQ(test, pci_conf1_read(0, 0, 2, 4, &v), -EINVAL);      /* misaligned */
	KUNIT_EXPECT_EQ(test, pci_conf1_read(0, 0, 1, 2, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, pci_conf1_read(0, 0, 0, 3, &v), -EINVAL);      /* no 3-byte access */
	KUNIT_EXPECT_EQ(test, pci_conf1_read(256, 0, 0, 4, &v), -EINVAL);    /* no bus 256 */
	KUNIT_EXPECT_EQ(test, pci_conf1_write(0, 0, -4, 4, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pci_mmcfg_read(0, 0, 0, 4096, 4, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, pci_mmcfg_read(1, 0, 0, 0, 4, &v), -ENODEV);    /* no segment 1 */
	if (pci_mmcfg_covers(0, 0)) {   /* the extended space is ECAM's alone */
		KUNIT_EXPECT_EQ(test, raw_pci_read(0, 0, 0, 0x100, 4, &v), 0);
		KUNIT_EXPECT_EQ(test, pci_mmcfg_read(0, 0, 0, 0xffc, 4, &v), 0);
	} else {
		KUNIT_EXPECT_EQ(test, raw_pci_read(0, 0, 0, 0x100, 4, &v), -ENODEV);
	}
	KUNIT_EXPECT_EQ(test, raw_pci_read(0, 0, 0, PCI_VENDOR_ID, 2, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x8086);
}

/* The header's first 64 bytes, as dwords. */
static void read_header(const struct pci_dev *dev, u32 *h)
{
	for (int i = 0; i < 16; i++)
		pci_read_config_dword(dev, 4 * i, &h[i]);
}

/* Changed after the probe at boot: a quirk's legacy address, or a ROM left unassigned. */
static bool is_quirked(const struct resource *r)
{
	return r->flags & (IORESOURCE_PCI_FIXED | IORESOURCE_ROM_SHADOW | IORESOURCE_UNSET);
}

static void pci_probe_restores_bars_and_command(struct kunit *test)
{
	struct pci_dev *dev;
	int probed = 0;

	for_each_pci_dev(dev) {
		int nbars = dev->hdr_type == PCI_HEADER_TYPE_NORMAL ? PCI_STD_NUM_BARS : 2;
		int rom = dev->hdr_type == PCI_HEADER_TYPE_NORMAL ? PCI_ROM_ADDRESS : PCI_ROM_ADDRESS1;
		u32 before[16], after[16];

		if (dev->hdr_type > PCI_HEADER_TYPE_BRIDGE)
			continue;
		read_header(dev, before);
		for (int i = 0; i <= nbars; i++) {
			struct resource got = {};
			const struct resource *had = &dev->resource[i < nbars ? i : PCI_ROM_RESOURCE];
			int is64;

			if (i == nbars)
				is64 = __pci_read_base(dev, pci_bar_mem32, &got, rom);
			else
				is64 = __pci_read_base(dev, pci_bar_unknown, &got,
						       PCI_BASE_ADDRESS_0 + 4 * i);
			probed++;
			/* the same answer as at boot, where nothing replaced it since */
			if (!is_quirked(had)) {
				KUNIT_EXPECT_EQ(test, got.start, had->start);
				KUNIT_EXPECT_EQ(test, got.end, had->end);
				KUNIT_EXPECT_EQ(test, got.flags, had->flags);
			}
			i += is64;
		}
		read_header(dev, after);
		for (int i = 0; i < 16; i++) {
			if (before[i] != after[i])
				kunit_log_diag(test, "%s: reg %#x was %08x, is %08x after the probe",
					       pci_name(dev), 4 * i, before[i], after[i]);
			KUNIT_EXPECT_EQ(test, after[i], before[i]);
		}
	}
	KUNIT_EXPECT_GT(test, probed, 0);
}

/* ---- resources ---- */

static bool is_bus_window(const struct resource *r)
{
	return r && r->name && !strncmp(r->name, "PCI Bus 0000:", 13);
}

static void pci_every_bar_is_claimed_under_a_bus_window(struct kunit *test)
{
	struct pci_dev *dev;
	int claimed = 0;

	for_each_pci_dev(dev) {
		for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
			struct resource *r = &dev->resource[i], *root, *found;
			bool window = i >= PCI_BRIDGE_RESOURCES && dev->hdr_type == PCI_HEADER_TYPE_BRIDGE;

			if (!r->flags || (r->flags & (IORESOURCE_ROM_SHADOW | IORESOURCE_UNSET)))
				continue;
			if (!r->parent)
				kunit_log_diag(test, "%s resource %d [%#llx-%#llx] is not claimed",
					       pci_name(dev), i, (unsigned long long)r->start,
					       (unsigned long long)r->end);
			KUNIT_EXPECT_NOT_NULL(test, r->parent);
			if (!r->parent)
				continue;
			if (window)
				KUNIT_EXPECT_TRUE(test, is_bus_window(r));
			else
				KUNIT_EXPECT_STREQ(test, r->name, pci_name(dev));
			KUNIT_EXPECT_TRUE(test, is_bus_window(r->parent));
			root = r->flags & IORESOURCE_IO ? &ioport_resource : &iomem_resource;
			/* the address leads to it (or to a driver's claim inside it) */
			found = lookup_resource_containing(root, r->start);
			while (found && found != r)
				found = found->parent;
			KUNIT_EXPECT_PTR_EQ(test, found, r);
			claimed++;
		}
	}
	KUNIT_EXPECT_GT(test, claimed, 0);
}

static bool ram_is_512m(void)
{
	return e820__mapped_any(&e820_table, 0x1fd00000, 0x1fd01000, E820_TYPE_RAM) &&
	       !e820__mapped_any(&e820_table, 0x20000000, 0x100000000ULL, E820_TYPE_RAM);
}

static void pci_host_windows_match_linux(struct kunit *test)
{
	static const struct ref_res pc[] = {
		{ 0, 0xcf7, IORESOURCE_IO }, { 0xd00, 0xffff, IORESOURCE_IO },
		{ 0xa0000, 0xbffff, IORESOURCE_MEM }, { 0x20000000, 0xfebfffff, IORESOURCE_MEM },
		{ 0x100000000ULL, 0x17fffffffULL, IORESOURCE_MEM }, {},
	}, q35[] = {
		{ 0, 0xcf7, IORESOURCE_IO }, { 0xd00, 0xffff, IORESOURCE_IO },
		{ 0xa0000, 0xbffff, IORESOURCE_MEM }, { 0x20000000, 0xafffffff, IORESOURCE_MEM },
		{ 0xc0000000, 0xfebfffff, IORESOURCE_MEM },
		{ 0x100000000ULL, 0x8ffffffffULL, IORESOURCE_MEM }, {},
	};
	const struct machine *m = machine_of(test);
	const struct ref_res *want = m->q35 ? q35 : pc;
	struct pci_bus *root = pci_find_bus(0, 0);
	struct resource *conf1 = lookup_resource_containing(&ioport_resource, 0xcf8);
	int n = 0;

	KUNIT_ASSERT_NOT_NULL(test, root);
	while (n < PCI_BUS_NUM_RESOURCES && root->resource[n])
		n++;
	KUNIT_ASSERT_GE(test, n, 4);
	for (int i = 0; i < n; i++) {
		KUNIT_EXPECT_TRUE(test, root->resource[i]->flags & IORESOURCE_WINDOW);
		KUNIT_EXPECT_STREQ(test, root->resource[i]->name, "PCI Bus 0000:00");
		KUNIT_EXPECT_NOT_NULL(test, root->resource[i]->parent);
	}
	/* these three never depend on the memory size or the firmware */
	for (int i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, root->resource[i]->start, want[i].start);
		KUNIT_EXPECT_EQ(test, root->resource[i]->end, want[i].end);
	}
	KUNIT_ASSERT_NOT_NULL(test, conf1);
	KUNIT_EXPECT_STREQ(test, conf1->name, "PCI conf1");
	KUNIT_EXPECT_EQ(test, conf1->start, 0xcf8);
	KUNIT_EXPECT_EQ(test, conf1->end, 0xcff);
	if (m->q35 && pci_mmcfg_covers(0, 0)) {
		struct resource *ecam = lookup_resource_containing(&iomem_resource, 0xb0000000);

		while (ecam && ecam->parent != &iomem_resource)
			ecam = ecam->parent;
		KUNIT_ASSERT_NOT_NULL(test, ecam);
		KUNIT_EXPECT_STREQ(test, ecam->name, "PCI MMCONFIG 0000 [bus 00-ff]");
		KUNIT_EXPECT_EQ(test, ecam->end, 0xbfffffff);
	}
	if (!ram_is_512m() || !m->seabios)
		kunit_skip(test, "windows checked against Linux's on 512M under SeaBIOS only");
	for (int i = 0; i < n || want[i].flags; i++) {
		KUNIT_ASSERT_LT(test, i, n);
		KUNIT_ASSERT_NE(test, want[i].flags, 0);
		KUNIT_EXPECT_EQ(test, root->resource[i]->start, want[i].start);
		KUNIT_EXPECT_EQ(test, root->resource[i]->end, want[i].end);
		KUNIT_EXPECT_EQ(test, resource_type(root->resource[i]), want[i].flags);
	}
}

/* The first BAR (or quirk range) that is claimed and that no driver holds, a memory one if there is one. */
static struct pci_dev *claimed_bar(int *bar)
{
	struct pci_dev *dev, *io_dev = NULL;
	int io_bar = 0;

	for_each_pci_dev(dev) {
		for (int i = 0; i < PCI_STD_NUM_BARS; i++) {
			/* claimed, and free: a driver's claim (edu's) would be in the way */
			if (!dev->resource[i].parent || dev->resource[i].child)
				continue;
			if (dev->resource[i].flags & IORESOURCE_MEM) {
				*bar = i;
				return dev;
			}
			if (!io_dev) {
				io_dev = dev;
				io_bar = i;
			}
		}
	}
	*bar = io_bar;
	return io_dev;
}

static void pci_second_claim_of_a_bar_fails_naming_the_holder(struct kunit *test)
{
	struct pci_dev *dev;
	struct resource *r, *root;
	size_t pos;
	char want[64];
	int bar;

	dev = claimed_bar(&bar);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	r = &dev->resource[bar];
	root = r->flags & IORESOURCE_IO ? &ioport_resource : &iomem_resource;
	/* a driver's claim goes inside the BAR ... */
	KUNIT_ASSERT_EQ(test, pci_request_region(dev, bar, "pci-selftest"), 0);
	KUNIT_ASSERT_NOT_NULL(test, r->child);
	KUNIT_EXPECT_STREQ(test, r->child->name, "pci-selftest");
	/* ... and a second one fails, naming the first */
	pos = log_buf_pos();
	KUNIT_EXPECT_EQ(test, pci_request_region(dev, bar, "pci-selftest2"), -EBUSY);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "held by \"pci-selftest\""));
	pci_release_region(dev, bar);
	KUNIT_EXPECT_NULL(test, r->child);
	/* a claim that runs past the BAR's end fails naming the BAR's function */
	if (r->end < r->parent->end) {
		snprintf(want, sizeof(want), "overlaps \"%s\"", pci_name(dev));
		pos = log_buf_pos();
		KUNIT_EXPECT_NULL(test, __request_region(root, r->start, resource_size(r) + 1,
							 "pci-selftest", 0));
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	}
	/* and the BAR is free for a driver again */
	KUNIT_EXPECT_EQ(test, pci_request_region(dev, bar, "pci-selftest"), 0);
	pci_release_region(dev, bar);
}

static void pci_bridges_lead_to_scanned_buses(struct kunit *test)
{
	struct pci_dev *dev, *child;
	int bridges = 0;

	for_each_pci_dev(dev) {
		struct pci_bus *sub = dev->subordinate;
		char name[24];
		u8 secondary;

		if (dev->hdr_type != PCI_HEADER_TYPE_BRIDGE)
			continue;
		bridges++;
		KUNIT_ASSERT_NOT_NULL(test, sub);
		pci_read_config_byte(dev, PCI_SECONDARY_BUS, &secondary);
		KUNIT_EXPECT_EQ(test, sub->number, secondary);
		KUNIT_EXPECT_PTR_EQ(test, sub->self, dev);
		KUNIT_EXPECT_PTR_EQ(test, sub->parent, dev->bus);
		KUNIT_EXPECT_PTR_EQ(test, pci_find_bus(0, secondary), sub);
		snprintf(name, sizeof(name), "PCI Bus 0000:%02x", secondary);
		KUNIT_EXPECT_STREQ(test, sub->name, name);
		for_each_pci_dev(child)
			if (child->bus == sub)
				KUNIT_EXPECT_EQ(test, child->bus->primary, dev->bus->number);
	}
	if (!bridges)
		kunit_skip(test, "no PCI-to-PCI bridge (QEMU_ARGS=\"-device pci-bridge,"
			   "chassis_nr=1\" adds one)");
}

/* ---- ROMs: placed as Linux places them; the boot VGA's is the shadow ---- */

#define BIOS_END 0x100000ULL            /* x86 assigns no memory below 1 MiB */

/* Whether resource idx of self overlaps another function's BAR or ROM. */
static bool overlaps_another_bar(const struct pci_dev *self, int idx)
{
	const struct resource *r = &self->resource[idx];
	struct pci_dev *d;

	for_each_pci_dev(d) {
		for (int k = 0; k <= PCI_ROM_RESOURCE; k++) {
			const struct resource *o = &d->resource[k];

			if ((d == self && k == idx) || !o->flags || resource_type(o) != resource_type(r) ||
			    (o->flags & (IORESOURCE_UNSET | IORESOURCE_ROM_SHADOW)))
				continue;
			if (o->start <= r->end && r->start <= o->end)
				return true;
		}
	}
	return false;
}

/*
 * The lowest size-aligned place for size bytes in window w, above 1 MiB, that
 * no child of w (but ignore) and no e820 range touches: where Linux's
 * allocate_resource() puts it, found by brute force.  0: none.
 */
static u64 lowest_free(const struct resource *w, u64 size, const struct resource *ignore)
{
	u64 a = ALIGN(max(w->start, BIOS_END), size);

	while (a >= w->start && a + size - 1 <= w->end) {
		u64 next = 0;

		for (const struct resource *c = w->child; c; c = c->sibling)
			if (c != ignore && c->start < a + size && c->end >= a)
				next = max(next, c->end + 1);
		for (u32 i = 0; i < e820_table.nr_entries; i++) {
			const struct e820_entry *e = &e820_table.entries[i];

			if (e->addr < a + size && e->addr + e->size > a)
				next = max(next, e->addr + e->size);
		}
		if (!next)
			return a;
		a = ALIGN(next, size);
	}
	return 0;
}

/*
 * Where Linux's pci_assign_resource() puts a 32-bit memory resource of dev:
 * the lowest free place in the first memory window of its bus, below 4 GiB,
 * that has one (non-prefetchable root windows take prefetchable BARs too).
 */
static u64 linux_place(const struct pci_dev *dev, const struct resource *r,
		       struct resource **window)
{
	for (int i = 0; i < PCI_BUS_NUM_RESOURCES; i++) {
		struct resource *w = dev->bus->resource[i];
		u64 a;

		if (!w || resource_type(w) != IORESOURCE_MEM || w->start >= SZ_4G ||
		    ((w->flags & IORESOURCE_PREFETCH) && !(r->flags & IORESOURCE_PREFETCH)))
			continue;
		a = lowest_free(w, resource_size(r), r);
		if (a) {
			*window = w;
			return a;
		}
	}
	return 0;
}

/* A ROM the kernel claimed or assigned: aligned, in a window, alone, in iomem, in its BAR. */
static void expect_rom_placed(struct kunit *test, struct pci_dev *dev)
{
	const struct resource *rom = &dev->resource[PCI_ROM_RESOURCE];
	int reg = dev->hdr_type == PCI_HEADER_TYPE_BRIDGE ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
	u32 bar;

	KUNIT_EXPECT_FALSE(test, rom->flags & IORESOURCE_UNSET);
	KUNIT_EXPECT_EQ(test, rom->start & (resource_size(rom) - 1), 0);
	KUNIT_ASSERT_NOT_NULL(test, rom->parent);
	KUNIT_EXPECT_TRUE(test, is_bus_window(rom->parent));
	KUNIT_EXPECT_TRUE(test, rom->start >= rom->parent->start && rom->end <= rom->parent->end);
	KUNIT_EXPECT_GE(test, rom->start, BIOS_END);
	KUNIT_EXPECT_FALSE(test, overlaps_another_bar(dev, PCI_ROM_RESOURCE));
	KUNIT_EXPECT_FALSE(test, e820__mapped_any(&e820_table, rom->start, rom->end + 1,
						  E820_TYPE_RESERVED));
	KUNIT_EXPECT_PTR_EQ(test, lookup_resource_containing(&iomem_resource, rom->start), rom);
	pci_read_config_dword(dev, reg, &bar);
	KUNIT_EXPECT_EQ(test, bar & PCI_ROM_ADDRESS_MASK, rom->start);
	KUNIT_EXPECT_EQ(test, bar & PCI_ROM_ADDRESS_ENABLE, 0);     /* off until someone reads it */
}

/*
 * Every ROM but the VGA's shadow has an address in a bus window: where the
 * firmware put it (SeaBIOS), or, where it did not (OVMF), where Linux's
 * assignment puts it, with Linux's line.
 */
static void pci_roms_are_assigned_in_bus_windows(struct kunit *test)
{
	struct pci_dev *dev;
	struct resource *window;
	int roms = 0, assigned = 0;
	bool boot_log = log_holds_boot();

	if (!boot_log)
		kunit_info(test, "the boot's lines have left the log: placement checked, not the lines");
	for_each_pci_dev(dev) {
		const struct resource *rom = &dev->resource[PCI_ROM_RESOURCE];
		char line[96], range[64];

		if (!rom->flags || (rom->flags & IORESOURCE_ROM_SHADOW))
			continue;
		roms++;
		expect_rom_placed(test, dev);
		if (!rom->parent)
			continue;
		resource_format(range, sizeof(range), rom);
		snprintf(line, sizeof(line), "pci %s: ROM %s: assigned", pci_name(dev), range);
		if (!boot_log || !log_contains_since(0, line))
			continue;
		assigned++;
		KUNIT_EXPECT_EQ(test, rom->start, lowest_free(rom->parent, resource_size(rom), rom));
		/* and no earlier window had room */
		KUNIT_EXPECT_EQ(test, linux_place(dev, rom, &window), rom->start);
		KUNIT_EXPECT_PTR_EQ(test, window, rom->parent);
	}
	if (!roms)
		kunit_skip(test, "no device with an expansion ROM (QEMU_ARGS=\"-nic user,model=e1000\")");
	/* OVMF leaves every ROM BAR holding its probe, outside the windows */
	if (boot_info.efi_mmap && boot_log)
		KUNIT_EXPECT_EQ(test, assigned, roms);
}

/* Release a ROM and assign it again: Linux's placement, its line, its BAR; then put it back. */
static void pci_assign_resource_places_a_rom_as_linux(struct kunit *test)
{
	struct pci_dev *dev;
	struct resource *rom = NULL, *was, *window = NULL;
	u64 start = 0, end = 0, want;
	int reg = PCI_ROM_ADDRESS;
	char range[64], line[96];
	size_t pos;
	u32 bar;

	for_each_pci_dev(dev) {
		rom = &dev->resource[PCI_ROM_RESOURCE];
		if (dev->hdr_type == PCI_HEADER_TYPE_NORMAL && rom->parent &&
		    !(rom->flags & IORESOURCE_ROM_SHADOW))
			break;
	}
	if (!dev)
		kunit_skip(test, "no assigned expansion ROM (QEMU_ARGS=\"-nic user,model=e1000\")");
	was = rom->parent;
	start = rom->start;
	end = rom->end;
	pci_read_config_dword(dev, reg, &bar);
	/* the ROM's own place counts as free: it is given up first */
	want = linux_place(dev, rom, &window);
	KUNIT_ASSERT_NE(test, want, 0);
	KUNIT_ASSERT_EQ(test, release_resource(rom), 0);
	pos = log_buf_pos();
	KUNIT_EXPECT_EQ(test, pci_assign_resource(dev, PCI_ROM_RESOURCE), 0);
	KUNIT_EXPECT_EQ(test, rom->start, want);
	KUNIT_EXPECT_PTR_EQ(test, rom->parent, window);
	resource_format(range, sizeof(range), rom);
	snprintf(line, sizeof(line), "pci %s: ROM %s: assigned", pci_name(dev), range);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, line));
	expect_rom_placed(test, dev);
	/* back where it was */
	if (rom->parent)
		release_resource(rom);
	rom->start = start;
	rom->end = end;
	rom->flags &= ~IORESOURCE_UNSET;
	pci_write_config_dword(dev, reg, bar);
	KUNIT_EXPECT_EQ(test, request_resource(was, rom), 0);
}

/* Linux's pci_fixup_video: the boot VGA's ROM is the shadow at 0xc0000, BIOS or UEFI. */
static void pci_vga_rom_is_the_shadow_at_0xc0000(struct kunit *test)
{
	struct pci_dev *dev;
	int vga = 0;

	for_each_pci_dev(dev) {
		const struct resource *rom = &dev->resource[PCI_ROM_RESOURCE];
		char line[96];
		u32 bar;
		u16 cmd;

		pci_read_config_word(dev, PCI_COMMAND, &cmd);
		if ((dev->class >> 8) != PCI_CLASS_DISPLAY_VGA || !(cmd & PCI_COMMAND_DECODE_ENABLE))
			continue;
		vga++;
		KUNIT_EXPECT_EQ(test, rom->start, 0xc0000);
		KUNIT_EXPECT_EQ(test, rom->end, 0xdffff);
		KUNIT_EXPECT_EQ(test, rom->flags, SHADOW);
		KUNIT_EXPECT_NULL(test, rom->parent);
		pci_read_config_dword(dev, PCI_ROM_ADDRESS, &bar);
		KUNIT_EXPECT_EQ(test, bar & PCI_ROM_ADDRESS_ENABLE, 0);
		snprintf(line, sizeof(line),
			 "pci %s: Video device with shadowed ROM at [mem 0x000c0000-0x000dffff]",
			 pci_name(dev));
		if (log_holds_boot())
			KUNIT_EXPECT_TRUE(test, log_contains_since(0, line));
		else
			kunit_info(test, "the boot's lines have left the log: the shadow line is not checked");
	}
	if (!vga)
		kunit_skip(test, "no VGA device (QEMU_ARGS=\"-vga std\")");
}

static void pci_lspci_lines(struct kunit *test)
{
	const struct machine *m = machine_of(test);
	struct pci_dev *host = pci_get_domain_bus_and_slot(0, 0, 0), *dev;
	char line[256];

	lspci_format_terse(line, sizeof(line), host, false);
	KUNIT_EXPECT_STREQ(test, line, m->q35 ? "00:00.0 Host bridge [0600]: Device 8086:29c0" :
			   "00:00.0 Host bridge [0600]: Device 8086:1237 (rev 02)");
	dev = pci_get_domain_bus_and_slot(0, 0, m->q35 ? PCI_DEVFN(31, 2) : PCI_DEVFN(1, 1));
	KUNIT_ASSERT_NOT_NULL(test, dev);
	lspci_format_terse(line, sizeof(line), dev, true);
	KUNIT_EXPECT_STREQ(test, line, m->q35 ?
		"00:1f.2 SATA controller [0106]: Device 8086:2922 (rev 02) (prog-if 01 [AHCI 1.0])" :
		"00:01.1 IDE interface [0101]: Device 8086:7010 (prog-if 80 [ISA Compatibility "
		"mode-only controller, supports bus mastering])");
	if (!m->q35) {
		u16 cmd;

		pci_read_config_word(dev, PCI_COMMAND, &cmd);
		lspci_format_bar(line, sizeof(line), 0, &dev->resource[0], 0, cmd);
		KUNIT_EXPECT_STREQ(test, line, "Region 0: [virtual] I/O ports at 01f0 [size=8]");
	}
}

static struct kunit_case pci_cases[] = {
	KUNIT_CASE(pci_finds_the_host_bridge_and_isa_bridge),
	KUNIT_CASE(pci_list_is_sorted_by_bus_and_devfn),
	KUNIT_CASE(pci_functions_match_linux),
	KUNIT_CASE(pci_bars_match_linux),
	KUNIT_CASE(pci_chipset_ports_are_claimed_as_linux),
	KUNIT_CASE(pci_ecam_and_ports_read_the_same),
	KUNIT_CASE(pci_config_access_rejects_bad_registers),
	KUNIT_CASE(pci_probe_restores_bars_and_command),
	KUNIT_CASE(pci_every_bar_is_claimed_under_a_bus_window),
	KUNIT_CASE(pci_host_windows_match_linux),
	KUNIT_CASE(pci_second_claim_of_a_bar_fails_naming_the_holder),
	KUNIT_CASE(pci_bridges_lead_to_scanned_buses),
	KUNIT_CASE(pci_roms_are_assigned_in_bus_windows),
	KUNIT_CASE(pci_assign_resource_places_a_rom_as_linux),
	KUNIT_CASE(pci_vga_rom_is_the_shadow_at_0xc0000),
	KUNIT_CASE(pci_lspci_lines),
	{}
};

static struct kunit_suite pci_suite = {
	.name = "pci",
	.init = pci_suite_init,
	.test_cases = pci_cases,
};
kunit_test_suite(pci_suite);
