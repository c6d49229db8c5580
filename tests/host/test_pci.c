/*
 * Host tests of drivers/pci_names.c (include/drivers/pci.h), the parts of PCI
 * that touch no hardware: BAR decoding from (what the BAR held, what it read
 * back after all ones were written) pairs for every kind of BAR, checked
 * against the flags Linux shows in sysfs for the same BARs
 * (tests/data/linux/{pc,q35}-512M/lspci.txt); the host bridge
 * windows derived from the e820 maps of those machines, which must be
 * Linux's "root bus resource" windows; and lspci's text.
 */
#include <errno.h>
#include <string.h>

#include <drivers/pci.h>
#include <mm/e820.h>

#include "hosttest.h"

/* Decode a 32-bit BAR (or the ROM); returns pci_decode_bar's answer. */
static int decode32(u32 val, u32 probe, bool rom, struct resource *r)
{
	memset(r, 0xa5, sizeof(*r));            /* every field must be set */
	return pci_decode_bar(val, probe, rom, r);
}

static bool check_res(const struct resource *r, u64 start, u64 end, unsigned long flags)
{
	bool ok = CHECK_EQ_U64(r->start, start);

	ok &= CHECK_EQ_U64(r->end, end);
	ok &= CHECK_EQ_U64(r->flags, flags);
	return ok;
}

/* ---- BARs: the values are QEMU's devices', the flags Linux's sysfs ones ---- */

TEST(bar_mem32_non_prefetchable)
{
	struct resource r;

	/* q35 00:1f.2 AHCI BAR 5: 4 KiB registers */
	CHECK_EQ_INT(decode32(0xfebd5000, 0xfffff000, false, &r), 0);
	check_res(&r, 0xfebd5000, 0xfebd5fff, 0x40200);
	/* pc 00:03.0 e1000 BAR 0: 128 KiB */
	CHECK_EQ_INT(decode32(0xfebc0000, 0xfffe0000, false, &r), 0);
	check_res(&r, 0xfebc0000, 0xfebdffff, 0x40200);
}

TEST(bar_mem32_prefetchable)
{
	struct resource r;

	/* 00:02.0 VGA BAR 0: the 16 MiB frame buffer, prefetchable (bit 3) */
	CHECK_EQ_INT(decode32(0xfd000008, 0xff000008, false, &r), 0);
	check_res(&r, 0xfd000000, 0xfdffffff, 0x42208);
	CHECK(r.flags & IORESOURCE_PREFETCH);
	CHECK(!(r.flags & IORESOURCE_MEM_64));
}

TEST(bar_io)
{
	struct resource r;

	/* pc 00:03.0 e1000 BAR 1: 64 ports; all 32 bits take the ones */
	CHECK_EQ_INT(decode32(0xc001, 0xffffffc1, false, &r), 0);
	check_res(&r, 0xc000, 0xc03f, 0x40101);
	/* a 16-bit I/O decoder reads its upper half back as 0: still 16 ports */
	CHECK_EQ_INT(decode32(0xc041, 0x0000fff1, false, &r), 0);
	check_res(&r, 0xc040, 0xc04f, 0x40101);
	/* q35 00:1f.3 SMBus BAR 4 */
	CHECK_EQ_INT(decode32(0x0701, 0xffffffc1, false, &r), 0);
	check_res(&r, 0x700, 0x73f, 0x40101);
}

TEST(bar_mem64_uses_two_registers)
{
	struct resource r;

	/* 16 KiB prefetchable at 0x8_fe000000: type 64 (bits 2:1 = 10), bit 3 */
	CHECK_EQ_INT(pci_decode_bar(0x00000008fe00000cULL, 0xffffffffffffc00cULL, false, &r), 0);
	check_res(&r, 0x8fe000000ULL, 0x8fe003fffULL, 0x14220c);   /* Linux: 0x14220c */
	/* 64 GiB: the size bit is in the upper register */
	CHECK_EQ_INT(pci_decode_bar(0x000000100000000cULL, 0xfffffff00000000cULL, false, &r), 0);
	check_res(&r, 0x1000000000ULL, 0x1fffffffffULL, 0x14220c);
	/* 64-bit, non-prefetchable, not assigned yet: the size is known, the address 0 */
	CHECK_EQ_INT(pci_decode_bar(0x4, 0xffffffffffff0004ULL, false, &r), 0);
	check_res(&r, 0, 0xffff, 0x140204);
}

TEST(bar_unimplemented_reads_zero)
{
	struct resource r;

	CHECK_EQ_INT(decode32(0, 0, false, &r), -ENOENT);
	CHECK_EQ_U64(r.flags, 0);
	/* a function that is gone answers all ones: that is no size either */
	CHECK_EQ_INT(decode32(0xffffffff, 0xffffffff, false, &r), -ENOENT);
	CHECK_EQ_U64(r.flags, 0);
	CHECK_EQ_INT(decode32(0, 0, true, &r), -ENOENT);
	CHECK_EQ_U64(r.flags, 0);
}

TEST(bar_that_cannot_be_sized_is_refused)
{
	struct resource r;

	/* it reads back exactly what it held, which is not all ones in its address bits */
	CHECK_EQ_INT(decode32(0x00100000, 0x00100000, false, &r), -EINVAL);
	CHECK_EQ_U64(r.flags, 0);
	CHECK_EQ_U64(pci_size(0x00100000, 0x00100000, 0xfffffff0), 0);
	/* the same, after the firmware really did program all ones: sane */
	CHECK_EQ_U64(pci_size(0xfffff000, 0xfffff000, 0xfffffff0), 0x1000);
}

TEST(bar_expansion_rom)
{
	struct resource r;

	/* pc 00:03.0 e1000 ROM: 256 KiB, disabled (bit 0 clear) */
	CHECK_EQ_INT(decode32(0xfeb80000, 0xfffc0000, true, &r), 0);
	check_res(&r, 0xfeb80000, 0xfebbffff, 0x46200);
	/* enabled: IORESOURCE_ROM_ENABLE, and the enable bit is no address */
	CHECK_EQ_INT(decode32(0xfebe0001, 0xffff0001, true, &r), 0);
	check_res(&r, 0xfebe0000, 0xfebeffff, 0x46201);
	/* bits 10:1 are reserved: a probe that sets them does not change the size */
	CHECK_EQ_INT(decode32(0xfebe0000, 0xffff07fe, true, &r), 0);
	check_res(&r, 0xfebe0000, 0xfebeffff, 0x46200);
}

TEST(bar_flags_of_the_low_bits)
{
	CHECK_EQ_U64(pci_decode_bar_flags(0x1), IORESOURCE_IO | 1);
	CHECK_EQ_U64(pci_decode_bar_flags(0x0), IORESOURCE_MEM);
	CHECK_EQ_U64(pci_decode_bar_flags(0x2), IORESOURCE_MEM | 2);       /* below 1M: 32-bit */
	CHECK_EQ_U64(pci_decode_bar_flags(0x6), IORESOURCE_MEM | 6);       /* reserved type */
	CHECK_EQ_U64(pci_decode_bar_flags(0xc), IORESOURCE_MEM | IORESOURCE_MEM_64 |
		     IORESOURCE_PREFETCH | 0xc);
}

/* ---- names ---- */

TEST(class_names_as_lspci)
{
	CHECK_STR(pci_class_name(0x060000), "Host bridge");
	CHECK_STR(pci_class_name(0x060100), "ISA bridge");
	CHECK_STR(pci_class_name(0x010180), "IDE interface");
	CHECK_STR(pci_class_name(0x068000), "Bridge");
	CHECK_STR(pci_class_name(0x030000), "VGA compatible controller");
	CHECK_STR(pci_class_name(0x020000), "Ethernet controller");
	CHECK_STR(pci_class_name(0x010601), "SATA controller");
	CHECK_STR(pci_class_name(0x0c0500), "SMBus");
	CHECK_STR(pci_class_name(0x067700), "Bridge");          /* unknown subclass: the base */
	CHECK_STR(pci_class_name(0xff0000), "Unassigned class");
	CHECK(pci_class_name(0x130000) == NULL);
	CHECK_STR(pci_progif_name(0x010601), "AHCI 1.0");
	CHECK(pci_progif_name(0x010600) == NULL);
	CHECK_STR(pci_cap_name(0x10), "Express");
	CHECK(pci_cap_name(0x0b) == NULL);
	CHECK(pci_cap_name(0xff) == NULL);
}

/* ---- lspci's text ---- */

static struct pci_bus bus0 = { .number = 0 };

static struct pci_dev make_dev(unsigned int devfn, u16 vendor, u16 device, u32 class, u8 rev)
{
	return (struct pci_dev){ .bus = &bus0, .devfn = devfn, .vendor = vendor,
				 .device = device, .class = class, .revision = rev };
}

TEST(lspci_terse_lines)
{
	struct pci_dev vga = make_dev(PCI_DEVFN(2, 0), 0x1234, 0x1111, 0x030000, 2);
	struct pci_dev host = make_dev(0, 0x8086, 0x29c0, 0x060000, 0);
	struct pci_dev ide = make_dev(PCI_DEVFN(1, 1), 0x8086, 0x7010, 0x010180, 0);
	struct pci_dev odd = make_dev(PCI_DEVFN(31, 7), 0x1b36, 0x0001, 0x773456, 0x10);
	struct pci_bus bus12 = { .number = 0x12 };
	char buf[256];

	lspci_format_terse(buf, sizeof(buf), &vga, false);
	CHECK_STR(buf, "00:02.0 VGA compatible controller [0300]: Device 1234:1111 (rev 02)");
	lspci_format_terse(buf, sizeof(buf), &vga, true);
	CHECK_STR(buf, "00:02.0 VGA compatible controller [0300]: Device 1234:1111 (rev 02) "
		  "(prog-if 00 [VGA controller])");
	lspci_format_terse(buf, sizeof(buf), &host, true);      /* no revision 0, no prog-if 00 */
	CHECK_STR(buf, "00:00.0 Host bridge [0600]: Device 8086:29c0");
	lspci_format_terse(buf, sizeof(buf), &ide, true);
	CHECK_STR(buf, "00:01.1 IDE interface [0101]: Device 8086:7010 (prog-if 80 [ISA "
		  "Compatibility mode-only controller, supports bus mastering])");
	odd.bus = &bus12;
	lspci_format_terse(buf, sizeof(buf), &odd, true);
	CHECK_STR(buf, "12:1f.7 Class [7734]: Device 1b36:0001 (rev 10) (prog-if 56)");
}

TEST(lspci_text_is_cut_safely)
{
	struct pci_dev vga = make_dev(PCI_DEVFN(2, 0), 0x1234, 0x1111, 0x030000, 2);
	char buf[12];
	int n = lspci_format_terse(buf, sizeof(buf), &vga, false);

	CHECK_EQ_INT(n, (int)strlen("00:02.0 VGA compatible controller [0300]: Device 1234:1111 (rev 02)"));
	CHECK_STR(buf, "00:02.0 VGA");
}

TEST(lspci_sizes)
{
	static const struct { u64 len; const char *want; } t[] = {
		{ 0, "" }, { 1, " [size=1]" }, { 8, " [size=8]" }, { 1536, " [size=1536]" },
		{ 4096, " [size=4K]" }, { 128 << 10, " [size=128K]" }, { 16 << 20, " [size=16M]" },
		{ 1ULL << 30, " [size=1G]" }, { 64ULL << 30, " [size=64G]" },
		{ 1ULL << 40, " [size=1T]" }, { 1ULL << 50, " [size=1024T]" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		pci_format_size(buf, sizeof(buf), t[i].len);
		CHECK_STR(buf, t[i].want);
	}
}

static struct resource res(u64 start, u64 end, unsigned long flags)
{
	return (struct resource){ .start = start, .end = end, .flags = flags };
}

TEST(lspci_regions)
{
	struct resource r;
	char buf[128];
	const u16 on = PCI_COMMAND_IO | PCI_COMMAND_MEMORY;

	r = res(0xfd000000, 0xfdffffff, 0x42208);
	lspci_format_bar(buf, sizeof(buf), 0, &r, 0xfd000008, on);
	CHECK_STR(buf, "Region 0: Memory at fd000000 (32-bit, prefetchable) [size=16M]");
	r = res(0xfebf0000, 0xfebf0fff, 0x40200);
	lspci_format_bar(buf, sizeof(buf), 2, &r, 0xfebf0000, on);
	CHECK_STR(buf, "Region 2: Memory at febf0000 (32-bit, non-prefetchable) [size=4K]");
	r = res(0xc040, 0xc04f, 0x40101);
	lspci_format_bar(buf, sizeof(buf), 4, &r, 0xc041, on);
	CHECK_STR(buf, "Region 4: I/O ports at c040 [size=16]");
	r = res(0x8fe000000ULL, 0x8fe003fffULL, 0x14220c);
	lspci_format_bar(buf, sizeof(buf), 2, &r, 0xfe00000c, on);
	CHECK_STR(buf, "Region 2: Memory at 8fe000000 (64-bit, prefetchable) [size=16K]");
	/* decoding off in the command register */
	r = res(0xc040, 0xc04f, 0x40101);
	lspci_format_bar(buf, sizeof(buf), 4, &r, 0xc041, PCI_COMMAND_MEMORY);
	CHECK_STR(buf, "Region 4: I/O ports at c040 [disabled] [size=16]");
	r = res(0xfebf0000, 0xfebf0fff, 0x40200);
	lspci_format_bar(buf, sizeof(buf), 1, &r, 0xfebf0000, 0);
	CHECK_STR(buf, "Region 1: Memory at febf0000 (32-bit, non-prefetchable) [disabled] [size=4K]");
	/* the legacy IDE ports: the BAR holds 0, the kernel knows the address */
	r = res(0x3f6, 0x3f6, IORESOURCE_IO | IORESOURCE_PCI_FIXED);
	lspci_format_bar(buf, sizeof(buf), 1, &r, 0, PCI_COMMAND_MASTER);
	CHECK_STR(buf, "Region 1: [virtual] I/O ports at 03f6 [size=1]");
	/* a BAR the firmware left unassigned */
	r = res(0, 0xfff, 0x40200 | IORESOURCE_UNSET);
	lspci_format_bar(buf, sizeof(buf), 3, &r, 0, 0);
	CHECK_STR(buf, "Region 3: Memory at <unassigned> (32-bit, non-prefetchable) [disabled] [size=4K]");
	r = res(0xe0000, 0xeffff, 0x40202);
	lspci_format_bar(buf, sizeof(buf), 0, &r, 0xe0002, on);
	CHECK_STR(buf, "Region 0: Memory at 000e0000 (low-1M, non-prefetchable) [size=64K]");
}

TEST(lspci_expansion_roms)
{
	struct resource r;
	char buf[128];

	r = res(0xfeb80000, 0xfebbffff, 0x46200);
	lspci_format_rom(buf, sizeof(buf), &r, 0xfeb80000, PCI_COMMAND_MEMORY);
	CHECK_STR(buf, "Expansion ROM at feb80000 [disabled] [size=256K]");
	r = res(0xfeb80000, 0xfebbffff, 0x46201);
	lspci_format_rom(buf, sizeof(buf), &r, 0xfeb80001, PCI_COMMAND_MEMORY);
	CHECK_STR(buf, "Expansion ROM at feb80000 [size=256K]");
	lspci_format_rom(buf, sizeof(buf), &r, 0xfeb80001, 0);
	CHECK_STR(buf, "Expansion ROM at feb80000 [disabled by cmd] [size=256K]");
	/* the VGA's shadow: Linux's lspci prints the same line on the same machine */
	r = res(0xc0000, 0xdffff, IORESOURCE_MEM | IORESOURCE_ROM_SHADOW | IORESOURCE_PCI_FIXED);
	lspci_format_rom(buf, sizeof(buf), &r, 0xfebe0000, PCI_COMMAND_MEMORY);
	CHECK_STR(buf, "Expansion ROM at 000c0000 [disabled] [size=128K]");
	lspci_format_rom(buf, sizeof(buf), &r, 0, PCI_COMMAND_MEMORY);
	CHECK_STR(buf, "Expansion ROM at [virtual] 000c0000 [disabled] [size=128K]");
}

TEST(lspci_flags_line)
{
	char buf[128];

	lspci_format_flags(buf, sizeof(buf), PCI_COMMAND_MASTER | PCI_COMMAND_IO, 0x0010, 0, 10);
	CHECK_STR(buf, "Flags: bus master, fast devsel, latency 0, IRQ 10");
	lspci_format_flags(buf, sizeof(buf), PCI_COMMAND_IO, PCI_STATUS_DEVSEL_MEDIUM, 0, 9);
	CHECK_STR(buf, "Flags: medium devsel, IRQ 9");
	lspci_format_flags(buf, sizeof(buf), 0, 0, 0, 0);
	CHECK_STR(buf, "Flags: fast devsel");
	lspci_format_flags(buf, sizeof(buf), PCI_COMMAND_MASTER | PCI_COMMAND_FAST_BACK,
			   PCI_STATUS_66MHZ | PCI_STATUS_DEVSEL_SLOW, 64, 0);
	CHECK_STR(buf, "Flags: bus master, fast Back2Back, 66MHz, slow devsel, latency 64");
}

/* pciutils' cap_msi line: QEMU's edu (msi_init(pdev, 0, 1, true, false)) before and after MSI is on */
TEST(lspci_msi_capability)
{
	char buf[128];

	lspci_format_msi(buf, sizeof(buf), PCI_MSI_FLAGS_64BIT);
	CHECK_STR(buf, "MSI: Enable- Count=1/1 Maskable- 64bit+");
	lspci_format_msi(buf, sizeof(buf), PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_ENABLE);
	CHECK_STR(buf, "MSI: Enable+ Count=1/1 Maskable- 64bit+");
	/* 32 vectors possible (QMASK 5), 4 enabled (QSIZE 2), per-vector masking, 32-bit */
	lspci_format_msi(buf, sizeof(buf), 0x0a | 0x20 | PCI_MSI_FLAGS_MASKBIT);
	CHECK_STR(buf, "MSI: Enable- Count=4/32 Maskable+ 64bit-");
}

/* ---- the host bridge windows ---- */

static void add(struct e820_table *t, u64 start, u64 end, enum e820_type type)
{
	t->entries[t->nr_entries++] = (struct e820_entry){ start, end - start + 1, type };
}

/* The machines' BIOS-e820 lines (reference e820.txt), page 0 taken as Atlas does. */
static void pc_512m(struct e820_table *t)
{
	t->nr_entries = 0;
	add(t, 0x0, 0xfff, E820_TYPE_RESERVED);
	add(t, 0x1000, 0x9fbff, E820_TYPE_RAM);
	add(t, 0x9fc00, 0x9ffff, E820_TYPE_RESERVED);
	add(t, 0xf0000, 0xfffff, E820_TYPE_RESERVED);
	add(t, 0x100000, 0x1ffdffff, E820_TYPE_RAM);
	add(t, 0x1ffe0000, 0x1fffffff, E820_TYPE_RESERVED);
	add(t, 0xfffc0000, 0xffffffff, E820_TYPE_RESERVED);
	add(t, 0xfd00000000ULL, 0xffffffffffULL, E820_TYPE_RESERVED);
}

static void q35_512m(struct e820_table *t)
{
	t->nr_entries = 0;
	add(t, 0x0, 0x9fbff, E820_TYPE_RAM);
	add(t, 0x9fc00, 0x9ffff, E820_TYPE_RESERVED);
	add(t, 0xf0000, 0xfffff, E820_TYPE_RESERVED);
	add(t, 0x100000, 0x1ffdefff, E820_TYPE_RAM);
	add(t, 0x1ffdf000, 0x1fffffff, E820_TYPE_RESERVED);
	add(t, 0xb0000000, 0xbfffffff, E820_TYPE_RESERVED);
	add(t, 0xfed1c000, 0xfed1ffff, E820_TYPE_RESERVED);
	add(t, 0xfffc0000, 0xffffffff, E820_TYPE_RESERVED);
	add(t, 0xfd00000000ULL, 0xffffffffffULL, E820_TYPE_RESERVED);
}

struct win { u64 start, end; unsigned long type; };

static bool check_windows(const struct resource *got, int n, const struct win *want, int nwant)
{
	bool ok = CHECK_EQ_INT(n, nwant);

	for (int i = 0; i < n && i < nwant; i++) {
		ok &= CHECK_MSG(got[i].start == want[i].start && got[i].end == want[i].end,
				"window %d: [%#llx-%#llx], want [%#llx-%#llx]", i,
				(unsigned long long)got[i].start, (unsigned long long)got[i].end,
				(unsigned long long)want[i].start, (unsigned long long)want[i].end);
		ok &= CHECK_EQ_U64(got[i].flags, want[i].type | IORESOURCE_WINDOW);
		ok &= CHECK_STR(got[i].name, "PCI Bus 0000:00");
	}
	return ok;
}

#define IO  IORESOURCE_IO
#define MEM IORESOURCE_MEM

/* Linux, pc-512M: "pci_bus 0000:00: root bus resource [...]" */
TEST(windows_of_pc_512m_are_linuxs)
{
	static const struct win want[] = {
		{ 0, 0xcf7, IO }, { 0xd00, 0xffff, IO }, { 0xa0000, 0xbffff, MEM },
		{ 0x20000000, 0xfebfffff, MEM }, { 0x100000000ULL, 0x17fffffffULL, MEM },
	};
	struct pci_host_info h = { .device = PCI_DEVICE_ID_INTEL_82441 };
	static struct e820_table t;
	struct resource w[8];

	pc_512m(&t);
	check_windows(w, pci_host_bridge_windows(&t, &h, w, 8), want, 5);
}

/* Linux, q35-512M: the ECAM range is cut out of the 32-bit window. */
TEST(windows_of_q35_512m_are_linuxs)
{
	static const struct win want[] = {
		{ 0, 0xcf7, IO }, { 0xd00, 0xffff, IO }, { 0xa0000, 0xbffff, MEM },
		{ 0x20000000, 0xafffffff, MEM }, { 0xc0000000, 0xfebfffff, MEM },
		{ 0x100000000ULL, 0x8ffffffffULL, MEM },
	};
	struct pci_host_info h = { .device = PCI_DEVICE_ID_INTEL_Q35_MCH,
				   .ecam_start = 0xb0000000, .ecam_end = 0xbfffffff };
	static struct e820_table t;
	struct resource w[8];

	q35_512m(&t);
	check_windows(w, pci_host_bridge_windows(&t, &h, w, 8), want, 6);
	/* the ECAM range alone (no e820 entry for it) cuts the window the same way */
	t.entries[5] = t.entries[--t.nr_entries];      /* the 1T hole's entry, last is fine */
	check_windows(w, pci_host_bridge_windows(&t, &h, w, 8), want, 6);
}

/* q35 with 5G: 2 GiB below 4 GiB, 3 GiB above; the 64-bit window starts above that RAM. */
TEST(windows_above_ram_above_4g)
{
	static const struct win want[] = {
		{ 0, 0xcf7, IO }, { 0xd00, 0xffff, IO }, { 0xa0000, 0xbffff, MEM },
		{ 0x80000000, 0xafffffff, MEM }, { 0xc0000000, 0xfebfffff, MEM },
		{ 0x1c0000000ULL, 0x9bfffffffULL, MEM },
	};
	struct pci_host_info h = { .device = PCI_DEVICE_ID_INTEL_Q35_MCH,
				   .ecam_start = 0xb0000000, .ecam_end = 0xbfffffff };
	static struct e820_table t;
	struct resource w[8];

	t.nr_entries = 0;
	add(&t, 0x0, 0x9fbff, E820_TYPE_RAM);
	add(&t, 0x100000, 0x7ffdbfff, E820_TYPE_RAM);
	add(&t, 0x7ffdc000, 0x7fffffff, E820_TYPE_RESERVED);
	add(&t, 0xb0000000, 0xbfffffff, E820_TYPE_RESERVED);
	add(&t, 0x100000000ULL, 0x1bfffffffULL, E820_TYPE_RAM);
	check_windows(w, pci_host_bridge_windows(&t, &h, w, 8), want, 6);
}

/* Firmware that placed 64-bit BARs high (OVMF does): the window starts at them and covers them. */
TEST(windows_follow_64bit_bars)
{
	static const struct win want[] = {
		{ 0, 0xcf7, IO }, { 0xd00, 0xffff, IO }, { 0xa0000, 0xbffff, MEM },
		{ 0x20000000, 0xfebfffff, MEM }, { 0x800000000ULL, 0x87fffffffULL, MEM },
	};
	struct pci_host_info h = { .device = PCI_DEVICE_ID_INTEL_82441,
				   .bar64_start = 0x800000000ULL, .bar64_end = 0x800003fffULL };
	static struct e820_table t;
	struct resource w[8];

	pc_512m(&t);
	check_windows(w, pci_host_bridge_windows(&t, &h, w, 8), want, 5);
	/* a BAR beyond the default size stretches the window */
	h.bar64_end = 0x9ffffffffULL;
	pci_host_bridge_windows(&t, &h, w, 8);
	CHECK_EQ_U64(w[4].end, 0x9ffffffffULL);
}

TEST(windows_of_other_hosts_and_small_arrays)
{
	struct pci_host_info h = { .device = 0x1234 };
	static struct e820_table t;
	struct resource w[8];

	pc_512m(&t);
	/* no known hole64 size and no 64-bit BAR: no 64-bit window */
	CHECK_EQ_INT(pci_host_bridge_windows(&t, &h, w, 8), 4);
	/* never more than max */
	CHECK_EQ_INT(pci_host_bridge_windows(&t, &h, w, 2), 2);
	CHECK_EQ_U64(w[1].start, 0xd00);
	/* pc with 128M: the window starts where RAM (and its reserved tail) ends */
	t.nr_entries = 0;
	add(&t, 0x100000, 0x7fdffff, E820_TYPE_RAM);
	add(&t, 0x7fe0000, 0x7ffffff, E820_TYPE_RESERVED);
	add(&t, 0xfffc0000, 0xffffffff, E820_TYPE_RESERVED);
	pci_host_bridge_windows(&t, &h, w, 8);
	CHECK_EQ_U64(w[3].start, 0x8000000);
	CHECK_EQ_U64(w[3].end, 0xfebfffff);
}
