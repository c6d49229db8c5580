/*
 * Host tests of drivers/pci_setup.c: where Linux's resource assignment puts a
 * BAR or ROM the firmware left unassigned.  The bus, its windows and the
 * functions are built here; configuration space is an array, so what
 * pci_update_resource writes can be read back.  The windows are the host
 * bridge's on QEMU's q35 with 2 GiB under OVMF, where the kernel assigns the
 * e1000e's ROM (Linux's line: "pci 0000:00:02.0: ROM [mem
 * 0x80000000-0x8003ffff pref]: assigned").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <drivers/pci.h>
#include <kernel/ioport.h>
#include <kernel/sprintf.h>
#include <mm/e820.h>
#include <mm/slab.h>

#include "../../drivers/pci_internal.h"
#include "hosttest.h"

void *kzalloc(size_t size, gfp_t gfp)
{
	return calloc(1, size);
}

void kfree(const void *p)
{
	free((void *)p);
}

/* ---- a fake bus 0: its windows, up to 8 functions, their configuration space ---- */

#define NFN 8
#define ROM_FLAGS (IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_READONLY | IORESOURCE_SIZEALIGN)
#define MEM32     (IORESOURCE_MEM | IORESOURCE_SIZEALIGN)
#define MEM64PREF (IORESOURCE_MEM | IORESOURCE_MEM_64 | IORESOURCE_PREFETCH | IORESOURCE_SIZEALIGN | 0xc)
#define IOBAR     (IORESOURCE_IO | IORESOURCE_SIZEALIGN | 0x1)

static struct pci_bus bus0;
static struct pci_dev fns[NFN];
static int nfns;
static struct resource windows[PCI_BUS_NUM_RESOURCES];
static u32 cfg[256][64];                /* by devfn: 64 dwords of configuration space */
static bool read_only[256][64];         /* a register that ignores writes */

static int cfg_index(unsigned int devfn, int where)
{
	CHECK(devfn < 256 && where >= 0 && where < 256 && !(where & 3));
	return where / 4;
}

int pci_bus_read_config_dword(const struct pci_bus *bus, unsigned int devfn, int where, u32 *val)
{
	*val = cfg[devfn][cfg_index(devfn, where)];
	return 0;
}

int pci_bus_write_config_dword(const struct pci_bus *bus, unsigned int devfn, int where, u32 val)
{
	int i = cfg_index(devfn, where);

	if (!read_only[devfn][i])
		cfg[devfn][i] = val;
	return 0;
}

static u16 cmd_writes[8];               /* what was written to PCI_COMMAND, in order */
static int ncmd_writes;

int pci_bus_read_config_word(const struct pci_bus *bus, unsigned int devfn, int where, u16 *val)
{
	*val = cfg[devfn][cfg_index(devfn, where & ~3)] >> (8 * (where & 2));
	return 0;
}

int pci_bus_write_config_word(const struct pci_bus *bus, unsigned int devfn, int where, u16 val)
{
	u32 *reg = &cfg[devfn][cfg_index(devfn, where & ~3)];
	int shift = 8 * (where & 2);

	if (where == PCI_COMMAND && ncmd_writes < 8)
		cmd_writes[ncmd_writes++] = val;
	*reg = (*reg & ~(0xffffU << shift)) | (u32)val << shift;
	return 0;
}

/* pci_internal.h's inline accessors name these too; nothing here calls them. */
int pci_bus_read_config_byte(const struct pci_bus *bus, unsigned int devfn, int where, u8 *val)
{
	*val = 0;
	return -ENODEV;
}

int pci_bus_write_config_byte(const struct pci_bus *bus, unsigned int devfn, int where, u8 val)
{
	return -ENODEV;
}

struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device, struct pci_dev *from)
{
	int next = from ? (int)(from - fns) + 1 : 0;

	return next < nfns ? &fns[next] : NULL;
}

struct pci_bus *pci_first_bus(void)
{
	return &bus0;
}

static void add_window(int i, u64 start, u64 end, unsigned long flags)
{
	windows[i] = (struct resource){ .start = start, .end = end, .name = "PCI Bus 0000:00",
					.flags = flags | IORESOURCE_WINDOW };
	bus0.resource[i] = &windows[i];
}

/* q35 with 2 GiB under OVMF: Atlas's (and Linux's) root bus windows, empty. */
static void q35_uefi_bus(void)
{
	memset(&bus0, 0, sizeof(bus0));
	memset(windows, 0, sizeof(windows));
	memset(fns, 0, sizeof(fns));
	memset(cfg, 0, sizeof(cfg));
	memset(read_only, 0, sizeof(read_only));
	memset(&e820_table, 0, sizeof(e820_table));
	nfns = ncmd_writes = 0;
	add_window(0, 0x0000, 0x0cf7, IORESOURCE_IO);
	add_window(1, 0x0d00, 0xffff, IORESOURCE_IO);
	add_window(2, 0xa0000, 0xbffff, IORESOURCE_MEM);
	add_window(3, 0x80000000, 0xafffffff, IORESOURCE_MEM);
	add_window(4, 0xc0000000, 0xfebfffff, IORESOURCE_MEM);
	add_window(5, 0x800000000ULL, 0xfffffffffULL, IORESOURCE_MEM);
	printk_capture_reset();
}

/* Function devfn (class 0x020000, an Ethernet controller), in the list. */
static struct pci_dev *add_fn(unsigned int devfn)
{
	struct pci_dev *dev = &fns[nfns++];

	dev->bus = &bus0;
	dev->devfn = devfn;
	dev->class = 0x020000;
	snprintf(dev->name, sizeof(dev->name), "0000:00:%02x.%d", devfn >> 3, devfn & 7);
	return dev;
}

/* An unassigned resource i of dev, size bytes: as pci_claim_all leaves one. */
static struct resource *unset(struct pci_dev *dev, int i, u64 size, unsigned long flags)
{
	struct resource *r = &dev->resource[i];

	*r = (struct resource){ .start = 0, .end = size - 1, .name = dev->name,
				.flags = flags | IORESOURCE_UNSET };
	return r;
}

/* A child already in window w (another BAR). */
static struct resource *occupy(struct resource *w, u64 start, u64 end)
{
	struct resource *r = calloc(1, sizeof(*r));

	*r = (struct resource){ .start = start, .end = end, .name = "busy", .flags = w->flags };
	CHECK(request_resource(w, r) == 0);
	return r;
}

#define ROM_REG (PCI_ROM_ADDRESS / 4)

/* ---- placement ---- */

TEST(pci_rom_goes_to_the_start_of_the_first_window_above_1m)
{
	struct pci_dev *dev;
	struct resource *rom;

	q35_uefi_bus();
	dev = add_fn(PCI_DEVFN(2, 0));
	rom = unset(dev, PCI_ROM_RESOURCE, 0x40000, ROM_FLAGS);
	cfg[dev->devfn][ROM_REG] = 0xfffc0000;  /* OVMF leaves the probe's answer */
	CHECK_EQ_INT(pci_assign_resource(dev, PCI_ROM_RESOURCE), 0);
	CHECK_EQ_U64(rom->start, 0x80000000);
	CHECK_EQ_U64(rom->end, 0x8003ffff);
	CHECK(rom->parent == &windows[3]);
	CHECK(!(rom->flags & IORESOURCE_UNSET));
	CHECK_ONE_LINE("pci 0000:00:02.0: ROM [mem 0x80000000-0x8003ffff pref]: assigned");
	/* the BAR holds the address, its enable bit off */
	CHECK_EQ_U64(cfg[dev->devfn][ROM_REG], 0x80000000);
}

TEST(pci_placement_takes_the_lowest_aligned_gap_between_children)
{
	struct pci_dev *dev;
	struct resource *rom, *bar;

	q35_uefi_bus();
	occupy(&windows[3], 0x80000000, 0x80000fff);
	occupy(&windows[3], 0x80050000, 0x8007ffff);
	dev = add_fn(PCI_DEVFN(3, 0));
	rom = unset(dev, PCI_ROM_RESOURCE, 0x40000, ROM_FLAGS);
	bar = unset(dev, 0, 0x1000, MEM32);
	CHECK_EQ_INT(pci_assign_resource(dev, PCI_ROM_RESOURCE), 0);
	CHECK_EQ_U64(rom->start, 0x80080000);   /* 0x80040000 would run into the second child */
	CHECK_EQ_INT(pci_assign_resource(dev, 0), 0);
	CHECK_EQ_U64(bar->start, 0x80001000);   /* right after the first child */
	CHECK_EQ_U64(cfg[dev->devfn][PCI_BASE_ADDRESS_0 / 4], 0x80001000);
}

TEST(pci_placement_never_uses_the_legacy_vga_window)
{
	struct pci_dev *dev;
	struct resource *rom;

	q35_uefi_bus();
	bus0.resource[3] = NULL;                /* only the VGA window and the high 32-bit one */
	dev = add_fn(PCI_DEVFN(2, 0));
	rom = unset(dev, PCI_ROM_RESOURCE, 0x10000, ROM_FLAGS);    /* would fit at 0xa0000 */
	CHECK_EQ_INT(pci_assign_resource(dev, PCI_ROM_RESOURCE), 0);
	CHECK_EQ_U64(rom->start, 0xc0000000);
}

TEST(pci_non_prefetchable_bar_skips_a_prefetchable_window)
{
	struct pci_dev *dev;
	struct resource *bar, *rom;

	q35_uefi_bus();
	windows[3].flags |= IORESOURCE_PREFETCH;
	dev = add_fn(PCI_DEVFN(4, 0));
	bar = unset(dev, 0, 0x1000, MEM32);
	rom = unset(dev, PCI_ROM_RESOURCE, 0x40000, ROM_FLAGS);
	CHECK_EQ_INT(pci_assign_resource(dev, 0), 0);
	CHECK_EQ_U64(bar->start, 0xc0000000);
	/* a prefetchable ROM takes the prefetchable window first (same kind) */
	CHECK_EQ_INT(pci_assign_resource(dev, PCI_ROM_RESOURCE), 0);
	CHECK_EQ_U64(rom->start, 0x80000000);
}

TEST(pci_64bit_bar_goes_above_4g_first)
{
	struct pci_dev *dev;
	struct resource *bar;

	q35_uefi_bus();
	dev = add_fn(PCI_DEVFN(5, 0));
	bar = unset(dev, 0, 0x1000000, MEM64PREF);
	CHECK_EQ_INT(pci_assign_resource(dev, 0), 0);
	CHECK_EQ_U64(bar->start, 0x800000000ULL);
	CHECK_EQ_U64(cfg[dev->devfn][4], 0x0000000c);   /* low half: address 0, 64-bit prefetchable */
	CHECK_EQ_U64(cfg[dev->devfn][5], 0x8);          /* high half */
	CHECK_ONE_LINE("pci 0000:00:05.0: BAR 0 [mem 0x800000000-0x800ffffff 64bit pref]: assigned");
	CHECK_EQ_INT(ncmd_writes, 0);           /* decoding was off: nothing to switch */
}

TEST(pci_64bit_bar_is_written_with_memory_decoding_off)
{
	struct pci_dev *dev;

	q35_uefi_bus();
	dev = add_fn(PCI_DEVFN(5, 0));
	cfg[dev->devfn][PCI_COMMAND / 4] = PCI_COMMAND_MEMORY | PCI_COMMAND_IO;
	unset(dev, 0, 0x1000000, MEM64PREF);
	CHECK_EQ_INT(pci_assign_resource(dev, 0), 0);
	CHECK_EQ_INT(ncmd_writes, 2);
	CHECK_EQ_INT(cmd_writes[0], PCI_COMMAND_IO);
	CHECK_EQ_INT(cmd_writes[1], PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	/* a 32-bit BAR is one write: decoding stays on */
	ncmd_writes = 0;
	unset(dev, 2, 0x1000, MEM32);
	CHECK_EQ_INT(pci_assign_resource(dev, 2), 0);
	CHECK_EQ_INT(ncmd_writes, 0);
}

TEST(pci_io_bar_avoids_isa_ports_and_their_aliases)
{
	struct pci_dev *dev;
	struct resource *bar;

	q35_uefi_bus();
	dev = add_fn(PCI_DEVFN(6, 0));
	bar = unset(dev, 1, 0x20, IOBAR);
	CHECK_EQ_INT(pci_assign_resource(dev, 1), 0);
	CHECK_EQ_U64(bar->start, 0x1000);       /* not below PCIBIOS_MIN_IO */
	CHECK(bar->parent == &windows[1]);
	CHECK_EQ_U64(cfg[dev->devfn][5], 0x1001);
	release_resource(bar);
	occupy(&windows[1], 0x1000, 0x10ff);
	unset(dev, 1, 0x20, IOBAR);
	CHECK_EQ_INT(pci_assign_resource(dev, 1), 0);
	CHECK_EQ_U64(bar->start, 0x1400);       /* 0x1100-0x13ff alias ISA's 0x100-0x3ff */
}

TEST(pci_placement_clips_e820_ranges_and_the_bios_rom)
{
	struct pci_dev *dev;
	struct resource *rom, *bar;

	q35_uefi_bus();
	e820__range_add(&e820_table, 0x80000000, 0x10000, E820_TYPE_RESERVED);
	dev = add_fn(PCI_DEVFN(2, 0));
	rom = unset(dev, PCI_ROM_RESOURCE, 0x40000, ROM_FLAGS);
	CHECK_EQ_INT(pci_assign_resource(dev, PCI_ROM_RESOURCE), 0);
	CHECK_EQ_U64(rom->start, 0x80040000);
	CHECK(printk_capture_contains("clipped [mem size 0x30000000 pref] to [mem size 0x2fff0000 pref] for e820 entry [mem 0x80000000-0x8000ffff]"));

	/* the top 2 MiB below 4 GiB are the firmware's flash */
	q35_uefi_bus();
	bus0.resource[3] = bus0.resource[4] = NULL;
	add_window(3, 0xffc00000, 0xffffffff, IORESOURCE_MEM);
	dev = add_fn(PCI_DEVFN(2, 0));
	bar = unset(dev, 0, 0x200000, MEM32);
	CHECK_EQ_INT(pci_assign_resource(dev, 0), 0);
	CHECK_EQ_U64(bar->start, 0xffc00000);
	bar = unset(dev, 2, 0x400000, MEM32);
	CHECK_EQ_INT(pci_assign_resource(dev, 2), -ENOMEM);
}

TEST(pci_no_space_is_reported_and_leaves_the_resource_unset)
{
	struct pci_dev *dev;
	struct resource *rom;

	q35_uefi_bus();
	for (int i = 3; i <= 5; i++)
		bus0.resource[i] = NULL;
	dev = add_fn(PCI_DEVFN(2, 0));
	rom = unset(dev, PCI_ROM_RESOURCE, 0x40000, ROM_FLAGS);
	cfg[dev->devfn][ROM_REG] = 0xfffc0000;
	CHECK_EQ_INT(pci_assign_resource(dev, PCI_ROM_RESOURCE), -ENOMEM);
	CHECK(printk_capture_contains("pci 0000:00:02.0: ROM [mem size 0x00040000 pref]: can't assign; no space\n"
		"pci 0000:00:02.0: ROM [mem size 0x00040000 pref]: failed to assign\n"));
	CHECK_EQ_INT(printk_capture_lines(), 2);
	CHECK(!rom->parent && (rom->flags & IORESOURCE_UNSET) && rom->start == 0);
	CHECK_EQ_U64(cfg[dev->devfn][ROM_REG], 0xfffc0000);    /* untouched */
}

TEST(pci_placement_near_the_top_of_the_address_space_does_not_wrap)
{
	struct pci_dev *dev;

	q35_uefi_bus();
	for (int i = 3; i <= 5; i++)
		bus0.resource[i] = NULL;
	add_window(3, 0xfffffffffff00000ULL, 0xffffffffffffffffULL, IORESOURCE_MEM);
	dev = add_fn(PCI_DEVFN(2, 0));
	unset(dev, 0, 0x200000, MEM64PREF);     /* aligning 2^64 - 1 MiB up wraps to 0 */
	host_set_timeout(2);
	CHECK_EQ_INT(pci_assign_resource(dev, 0), -ENOMEM);
}

TEST(pci_fixed_and_unaligned_resources_are_not_assigned)
{
	struct pci_dev *dev;
	struct resource *r;

	q35_uefi_bus();
	dev = add_fn(PCI_DEVFN(1, 1));
	r = &dev->resource[0];
	*r = (struct resource){ .start = 0x1f0, .end = 0x1f7,
				.flags = IORESOURCE_IO | IORESOURCE_PCI_FIXED };
	CHECK_EQ_INT(pci_assign_resource(dev, 0), 0);
	CHECK_EQ_U64(r->start, 0x1f0);
	CHECK(!r->parent);
	r = unset(dev, 1, 0x100, IORESOURCE_MEM);       /* no SIZEALIGN: no alignment known */
	CHECK_EQ_INT(pci_assign_resource(dev, 1), -EINVAL);
	CHECK_ONE_LINE("BAR 1 [mem size 0x00000100]: can't assign; bogus alignment");
}

/* ---- the order: the largest alignment first, ties in device and BAR order ---- */

TEST(pci_assign_unassigned_resources_goes_largest_alignment_first)
{
	struct pci_dev *a, *b, *c, *host;
	struct resource *a_bar, *a_rom, *b_bar, *b_bar2;

	q35_uefi_bus();
	host = add_fn(PCI_DEVFN(0, 0));
	host->class = 0x060000;                 /* a host bridge's BARs are left alone */
	unset(host, 0, 0x1000, MEM32);
	a = add_fn(PCI_DEVFN(1, 0));
	a_bar = unset(a, 0, 0x1000, MEM32);
	a_rom = unset(a, PCI_ROM_RESOURCE, 0x40000, ROM_FLAGS);
	b = add_fn(PCI_DEVFN(2, 0));
	b_bar = unset(b, 0, 0x100000, MEM32);
	b_bar2 = unset(b, 2, 0x1000, MEM32);
	c = add_fn(PCI_DEVFN(3, 0));            /* the VGA's shadow: never assigned */
	c->resource[PCI_ROM_RESOURCE] = (struct resource){ .start = 0xc0000, .end = 0xdffff,
		.flags = IORESOURCE_MEM | IORESOURCE_ROM_SHADOW | IORESOURCE_PCI_FIXED };
	add_fn(PCI_DEVFN(4, 0))->class = 0;     /* classless (pre-PCI 2.0): left alone */
	unset(&fns[nfns - 1], 0, 0x200000, MEM32);
	CHECK_EQ_INT(pci_assign_unassigned_resources(), 4);
	CHECK_EQ_U64(b_bar->start, 0x80000000);         /* 1 MiB */
	CHECK_EQ_U64(a_rom->start, 0x80100000);         /* 256 KiB */
	CHECK_EQ_U64(a_bar->start, 0x80140000);         /* 4 KiB, device 1 before device 2 */
	CHECK_EQ_U64(b_bar2->start, 0x80141000);
	CHECK(host->resource[0].flags & IORESOURCE_UNSET);
	CHECK(fns[nfns - 1].resource[0].flags & IORESOURCE_UNSET);
	CHECK_EQ_U64(c->resource[PCI_ROM_RESOURCE].start, 0xc0000);
	CHECK_EQ_INT(printk_capture_lines(), 4);
	/* a second run finds nothing left */
	printk_capture_reset();
	CHECK_EQ_INT(pci_assign_unassigned_resources(), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(pci_assign_unassigned_resources_goes_on_after_a_failure)
{
	struct pci_dev *a, *b;
	struct resource *big, *small;

	q35_uefi_bus();
	a = add_fn(PCI_DEVFN(1, 0));
	big = unset(a, 0, 0x100000000ULL, MEM32);       /* 4 GiB: no window holds it */
	b = add_fn(PCI_DEVFN(2, 0));
	small = unset(b, PCI_ROM_RESOURCE, 0x40000, ROM_FLAGS);
	CHECK_EQ_INT(pci_assign_unassigned_resources(), 1);
	CHECK(big->flags & IORESOURCE_UNSET);
	CHECK_EQ_U64(small->start, 0x80000000);
}

/* ---- writing the BAR ---- */

TEST(pci_update_resource_keeps_the_rom_enable_bit_and_checks_the_write)
{
	struct pci_dev *dev;
	struct resource *rom;

	q35_uefi_bus();
	dev = add_fn(PCI_DEVFN(2, 0));
	rom = &dev->resource[PCI_ROM_RESOURCE];
	*rom = (struct resource){ .start = 0x80000000, .end = 0x8003ffff, .flags = ROM_FLAGS };
	cfg[dev->devfn][ROM_REG] = 0xfffc0001;  /* enabled */
	CHECK_EQ_INT(pci_update_resource(dev, PCI_ROM_RESOURCE), 0);
	CHECK_EQ_U64(cfg[dev->devfn][ROM_REG], 0x80000001);
	/* a register that does not keep what is written */
	read_only[dev->devfn][ROM_REG] = true;
	cfg[dev->devfn][ROM_REG] = 0;
	CHECK_EQ_INT(pci_update_resource(dev, PCI_ROM_RESOURCE), -EIO);
	CHECK_ONE_LINE("pci 0000:00:02.0: ROM: error updating (0x80000000 != 0x00000000)");
	/* nothing to write for an unset resource or a bridge window */
	rom->flags |= IORESOURCE_UNSET;
	CHECK_EQ_INT(pci_update_resource(dev, PCI_ROM_RESOURCE), -EINVAL);
	CHECK_EQ_INT(pci_update_resource(dev, PCI_BRIDGE_RESOURCES), -EINVAL);
}

/* ---- claiming what the firmware assigned ---- */

TEST(pci_claim_resource_puts_a_bar_under_its_window_or_says_why_not)
{
	struct pci_dev *dev;
	struct resource *bar, *rom;

	q35_uefi_bus();
	dev = add_fn(PCI_DEVFN(2, 0));
	bar = &dev->resource[0];
	*bar = (struct resource){ .start = 0xc1040000, .end = 0xc105ffff, .name = dev->name,
				  .flags = MEM32 };
	CHECK_EQ_INT(pci_claim_resource(dev, 0), 0);
	CHECK(bar->parent == &windows[4]);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	/* OVMF's ROM probe value lies in no window */
	rom = &dev->resource[PCI_ROM_RESOURCE];
	*rom = (struct resource){ .start = 0xfffc0000, .end = 0xffffffff, .name = dev->name,
				  .flags = ROM_FLAGS };
	CHECK_EQ_INT(pci_claim_resource(dev, PCI_ROM_RESOURCE), -EINVAL);
	CHECK_ONE_LINE("pci 0000:00:02.0: can't claim ROM [mem 0xfffc0000-0xffffffff pref]: no compatible bridge window");
	/* a second function on the same addresses */
	dev = add_fn(PCI_DEVFN(3, 0));
	dev->resource[2] = (struct resource){ .start = 0xc1050000, .end = 0xc1050fff,
					      .name = dev->name, .flags = MEM32 };
	printk_capture_reset();
	CHECK_EQ_INT(pci_claim_resource(dev, 2), -EBUSY);
	CHECK_ONE_LINE("pci 0000:00:03.0: can't claim BAR 2 [mem 0xc1050000-0xc1050fff]: address conflict with 0000:00:02.0 [mem 0xc1040000-0xc105ffff]");
}

TEST(pci_placement_in_a_window_one_child_fills_fails)
{
	struct pci_dev *dev;

	q35_uefi_bus();
	for (int i = 3; i <= 5; i++)
		bus0.resource[i] = NULL;
	add_window(3, 0xfffffffff0000000ULL, 0xffffffffffffffffULL, IORESOURCE_MEM);
	occupy(&windows[3], 0xfffffffff0000000ULL, 0xffffffffffffffffULL);
	dev = add_fn(PCI_DEVFN(2, 0));
	unset(dev, 0, 0x1000, MEM64PREF);
	/* the search itself finds nothing (not a place the conflict check must catch) */
	CHECK_EQ_INT(find_resource(&windows[3], &dev->resource[0], 0x1000,
				   &(struct resource_constraint){ 0, ~0ULL, 0x1000 }), -EBUSY);
	CHECK_EQ_INT(pci_assign_resource(dev, 0), -ENOMEM);
	CHECK(!dev->resource[0].parent);
}
