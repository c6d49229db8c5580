/*
 * PCI without hardware (include/drivers/pci.h): everything about PCI that is
 * pure computation, so that tests/host/test_pci.c builds this same file.
 *
 *   - class, programming-interface and capability names, as lspci prints
 *     them (a small part of the pci.ids database: the classes a PC has);
 *   - BAR decoding from the two numbers the hardware gives: what the BAR
 *     held, and what it read back after all ones were written (PCI Local Bus
 *     Specification 3.0 §6.2.5.1), as Linux's __pci_read_base, decode_bar
 *     and pci_size (drivers/pci/probe.c);
 *   - the host bridge's windows, derived the way QEMU computes them for its
 *     ACPI DSDT (hw/i386/acpi-build.c, hw/pci-host/q35.c and i440fx.c);
 *   - lspci's text (pciutils lspci.c: show_terse, show_bases, show_rom,
 *     show_size, show_verbose's Flags line; ls-caps.c: cap_msi).
 */
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/sprintf.h>
#include <mm/e820.h>

/* ---- names ---- */

struct class_name {
	u16 code;                       /* base class << 8 | subclass; 0xXXff: the base class */
	const char *name;
};

/* From pci.ids (https://pci-ids.ucw.cz), the classes a PC or a VM shows. */
static const struct class_name class_names[] = {
	{ 0x00ff, "Unclassified device" },
	{ 0x0000, "Non-VGA unclassified device" }, { 0x0001, "VGA compatible unclassified device" },
	{ 0x01ff, "Mass storage controller" },
	{ 0x0100, "SCSI storage controller" }, { 0x0101, "IDE interface" },
	{ 0x0102, "Floppy disk controller" }, { 0x0104, "RAID bus controller" },
	{ 0x0105, "ATA controller" }, { 0x0106, "SATA controller" },
	{ 0x0107, "Serial Attached SCSI controller" }, { 0x0108, "Non-Volatile memory controller" },
	{ 0x0180, "Mass storage controller" },
	{ 0x02ff, "Network controller" },
	{ 0x0200, "Ethernet controller" }, { 0x0280, "Network controller" },
	{ 0x03ff, "Display controller" },
	{ 0x0300, "VGA compatible controller" }, { 0x0301, "XGA compatible controller" },
	{ 0x0302, "3D controller" }, { 0x0380, "Display controller" },
	{ 0x04ff, "Multimedia controller" },
	{ 0x0400, "Multimedia video controller" }, { 0x0401, "Multimedia audio controller" },
	{ 0x0403, "Audio device" }, { 0x0480, "Multimedia controller" },
	{ 0x05ff, "Memory controller" },
	{ 0x0500, "RAM memory" }, { 0x0501, "FLASH memory" }, { 0x0580, "Memory controller" },
	{ 0x06ff, "Bridge" },
	{ 0x0600, "Host bridge" }, { 0x0601, "ISA bridge" }, { 0x0602, "EISA bridge" },
	{ 0x0604, "PCI bridge" }, { 0x0605, "PCMCIA bridge" }, { 0x0607, "CardBus bridge" },
	{ 0x0609, "Semi-transparent PCI-to-PCI bridge" }, { 0x0680, "Bridge" },
	{ 0x07ff, "Communication controller" },
	{ 0x0700, "Serial controller" }, { 0x0701, "Parallel controller" },
	{ 0x0702, "Multiport serial controller" }, { 0x0703, "Modem" },
	{ 0x0780, "Communication controller" },
	{ 0x08ff, "Generic system peripheral" },
	{ 0x0800, "PIC" }, { 0x0801, "DMA controller" }, { 0x0802, "Timer" }, { 0x0803, "RTC" },
	{ 0x0805, "SD Host controller" }, { 0x0806, "IOMMU" }, { 0x0880, "System peripheral" },
	{ 0x09ff, "Input device controller" },
	{ 0x0900, "Keyboard controller" }, { 0x0902, "Mouse controller" },
	{ 0x0cff, "Serial bus controller" },
	{ 0x0c00, "FireWire (IEEE 1394)" }, { 0x0c03, "USB controller" }, { 0x0c05, "SMBus" },
	{ 0x0c80, "Serial bus controller" },
	{ 0x0dff, "Wireless controller" },
	{ 0x10ff, "Encryption controller" },
	{ 0x11ff, "Signal processing controller" },
	{ 0x12ff, "Processing accelerators" },
	{ 0xffff, "Unassigned class" },
};

const char *pci_class_name(u32 class)
{
	u16 code = class >> 8, base = (code & 0xff00) | 0xff;
	const char *base_name = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(class_names); i++) {
		if (class_names[i].code == code)
			return class_names[i].name;
		if (class_names[i].code == base)
			base_name = class_names[i].name;
	}
	return base_name;
}

static const struct {
	u32 class;
	const char *name;
} progif_names[] = {
	{ 0x010180, "ISA Compatibility mode-only controller, supports bus mastering" },
	{ 0x01018a, "ISA Compatibility mode controller, supports both channels switched to PCI native mode, supports bus mastering" },
	{ 0x010601, "AHCI 1.0" },
	{ 0x010802, "NVM Express" },
	{ 0x030000, "VGA controller" },
	{ 0x060400, "Normal decode" },
	{ 0x060401, "Subtractive decode" },
	{ 0x0c0300, "UHCI" }, { 0x0c0310, "OHCI" }, { 0x0c0320, "EHCI" }, { 0x0c0330, "XHCI" },
};

const char *pci_progif_name(u32 class)
{
	for (size_t i = 0; i < ARRAY_SIZE(progif_names); i++)
		if (progif_names[i].class == class)
			return progif_names[i].name;
	return NULL;
}

/* Capability IDs (PCI Code and ID Assignment Specification 1.11 §2). */
static const char *const cap_names[] = {
	[0x01] = "Power Management", [0x02] = "AGP", [0x03] = "Vital Product Data",
	[0x04] = "Slot Identification", [0x05] = "MSI", [0x06] = "CompactPCI hot-swap",
	[0x07] = "PCI-X", [0x08] = "HyperTransport", [0x09] = "Vendor Specific Information",
	[0x0a] = "Debug port", [0x0c] = "PCI Hot-plug", [0x0d] = "Subsystem",
	[0x10] = "Express", [0x11] = "MSI-X", [0x12] = "SATA HBA", [0x13] = "PCI Advanced Features",
};

const char *pci_cap_name(u8 id)
{
	return id < ARRAY_SIZE(cap_names) ? cap_names[id] : NULL;
}

/* ---- BARs ---- */

unsigned long pci_decode_bar_flags(u32 bar)
{
	unsigned long flags;

	if ((bar & PCI_BASE_ADDRESS_SPACE) == PCI_BASE_ADDRESS_SPACE_IO)
		return (bar & ~PCI_BASE_ADDRESS_IO_MASK) | IORESOURCE_IO;
	/* the low four bits stay in the flags, as in Linux (lspci's sysfs shows them) */
	flags = (bar & ~PCI_BASE_ADDRESS_MEM_MASK) | IORESOURCE_MEM;
	if (bar & PCI_BASE_ADDRESS_MEM_PREFETCH)
		flags |= IORESOURCE_PREFETCH;
	/* type 1M (below 1 MiB) and the reserved type 3 are taken as 32-bit, as Linux */
	if ((bar & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64)
		flags |= IORESOURCE_MEM_64;
	return flags;
}

u64 pci_size(u64 base, u64 maxbase, u64 mask)
{
	u64 size = mask & maxbase;      /* the address bits that took the ones */

	if (!size)
		return 0;
	/* the lowest of them is the size: the bits below it are hard-wired to 0 */
	size &= ~(size - 1);
	/* base == maxbase is sane only if the BAR was programmed with all ones */
	if (base == maxbase && ((base | (size - 1)) & mask) != mask)
		return 0;
	return size;
}

int pci_decode_bar(u64 val, u64 probe, bool rom, struct resource *res)
{
	u32 l = (u32)val, sz = (u32)probe;
	u64 l64, sz64, mask64, limit;

	/* all ones is what a missing or broken function answers, not a BAR */
	if (sz == 0xffffffff)
		sz = 0;
	if (l == 0xffffffff)
		l = 0;
	if (rom) {
		res->flags = IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_READONLY |
			     IORESOURCE_SIZEALIGN;
		if (l & PCI_ROM_ADDRESS_ENABLE)
			res->flags |= IORESOURCE_ROM_ENABLE;
		l64 = l & PCI_ROM_ADDRESS_MASK;
		sz64 = sz & PCI_ROM_ADDRESS_MASK;
		mask64 = (u32)PCI_ROM_ADDRESS_MASK;
	} else {
		res->flags = pci_decode_bar_flags(l) | IORESOURCE_SIZEALIGN;
		if (res->flags & IORESOURCE_IO) {
			l64 = l & PCI_BASE_ADDRESS_IO_MASK;
			sz64 = sz & PCI_BASE_ADDRESS_IO_MASK;
			/* a 16-bit I/O BAR reads its upper half back as 0: only ports count */
			mask64 = PCI_BASE_ADDRESS_IO_MASK & IO_SPACE_LIMIT;
		} else {
			l64 = l & PCI_BASE_ADDRESS_MEM_MASK;
			sz64 = sz & PCI_BASE_ADDRESS_MEM_MASK;
			mask64 = (u32)PCI_BASE_ADDRESS_MEM_MASK;
		}
	}
	if (res->flags & IORESOURCE_MEM_64) {
		l64 |= val & ~0xffffffffULL;
		sz64 |= probe & ~0xffffffffULL;
		mask64 |= ~0xffffffffULL;
	}
	res->start = res->end = 0;
	if (!sz64) {
		res->flags = 0;
		return -ENOENT;
	}
	sz64 = pci_size(l64, sz64, mask64);
	if (!sz64) {
		res->flags = 0;
		return -EINVAL;
	}
	/*
	 * A base not aligned to its size (the bits below the size are wired to 0
	 * in a working BAR) can run past what the register addresses: 4 GiB for a
	 * 32-bit BAR, 2^64 (end < start) for a 64-bit one.  Nonsense, not a BAR.
	 */
	limit = res->flags & IORESOURCE_MEM_64 ? ~0ULL : 0xffffffffULL;
	if (sz64 - 1 > limit - l64) {
		res->flags = 0;
		return -EINVAL;
	}
	res->start = l64;
	res->end = l64 + sz64 - 1;
	return 0;
}

/* ---- the host bridge's windows ---- */

#define PCI_HOLE_END      0xfebfffffULL /* QEMU: the 32-bit hole ends below the IOAPIC */
#define VGA_WINDOW_START  0xa0000ULL    /* legacy VGA frame buffer */
#define VGA_WINDOW_END    0xbffffULL
#define BIOS_AREA_END     0xfffffULL    /* option ROMs and the BIOS, below 1 MiB */
#define PCI_CONF1_PORT    0xcf8         /* the 0xCF8-0xCFF doors stay outside the windows */
#define I440FX_HOLE64_SIZE (2ULL << 30) /* QEMU's pci-hole64-size defaults */
#define Q35_HOLE64_SIZE    (32ULL << 30)

static int add_window(struct resource *win, int n, int max, u64 start, u64 end,
		      unsigned long type)
{
	if (n >= max || start > end)
		return n;
	win[n] = (struct resource){ .start = start, .end = end, .name = "PCI Bus 0000:00",
				    .flags = type | IORESOURCE_WINDOW };
	return n + 1;
}

/*
 * QEMU's below_4g_mem_size: the end of RAM below 4 GiB, and of the ranges
 * that follow it without a gap (the firmware keeps the top of RAM for itself
 * and marks it reserved).
 */
static u64 low_mem_end(const struct e820_table *t)
{
	u64 end = 0;
	bool grew = true;

	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->type == E820_TYPE_RAM && e->addr < SZ_4G)
			end = max(end, min(e->addr + e->size, SZ_4G));
	}
	while (grew) {
		grew = false;
		for (u32 i = 0; i < t->nr_entries; i++) {
			const struct e820_entry *e = &t->entries[i];

			if (e->size && e->addr <= end && e->addr + e->size > end &&
			    e->addr + e->size <= SZ_4G) {
				end = e->addr + e->size;
				grew = true;
			}
		}
	}
	return end;
}

/* The end of RAM above 4 GiB, or 4 GiB. */
static u64 high_mem_end(const struct e820_table *t)
{
	u64 end = SZ_4G;

	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->type == E820_TYPE_RAM && e->addr + e->size > end)
			end = e->addr + e->size;
	}
	return end;
}

/*
 * Of the ranges the 32-bit window must leave out (every e820 range, and
 * the ECAM range), the first one that ends at or after pos; false if none
 * starts at or below hi.
 */
static bool next_exclusion(const struct e820_table *t, const struct pci_host_info *h,
			   u64 pos, u64 hi, u64 *xs, u64 *xe)
{
	bool found = false;

	for (u32 i = 0; i <= t->nr_entries; i++) {
		u64 s, e;

		if (i < t->nr_entries) {
			if (!t->entries[i].size)
				continue;
			s = t->entries[i].addr;
			e = s + t->entries[i].size - 1;
		} else {
			if (!h->ecam_end)
				continue;
			s = h->ecam_start;
			e = h->ecam_end;
		}
		if (e < pos || s > hi || (found && s >= *xs))
			continue;
		*xs = s;
		*xe = e;
		found = true;
	}
	return found;
}

int pci_host_bridge_windows(const struct e820_table *t, const struct pci_host_info *h,
			    struct resource *win, int max)
{
	struct pci_host_info ecam = *h;
	u64 pos, xs = 0, xe = 0, size64 = 0, start64, end64;
	int n = 0;

	/* an ECAM range that wraps (end < start) is nonsense from the firmware: left out */
	if (ecam.ecam_end < ecam.ecam_start)
		ecam.ecam_start = ecam.ecam_end = 0;
	h = &ecam;
	/* the hole starts above the VGA window and the BIOS area, whatever a map says */
	pos = max(low_mem_end(t), BIOS_AREA_END + 1);

	n = add_window(win, n, max, 0, PCI_CONF1_PORT - 1, IORESOURCE_IO);
	n = add_window(win, n, max, PCI_CONF1_PORT + 8, IO_SPACE_LIMIT, IORESOURCE_IO);
	n = add_window(win, n, max, VGA_WINDOW_START, VGA_WINDOW_END, IORESOURCE_MEM);
	while (pos <= PCI_HOLE_END && next_exclusion(t, h, pos, PCI_HOLE_END, &xs, &xe)) {
		if (xs > pos)
			n = add_window(win, n, max, pos, xs - 1, IORESOURCE_MEM);
		/* an exclusion may end at 2^64 - 1, where xe + 1 would wrap to 0 */
		pos = min(xe, PCI_HOLE_END) + 1;
	}
	if (pos <= PCI_HOLE_END)
		n = add_window(win, n, max, pos, PCI_HOLE_END, IORESOURCE_MEM);

	if (h->device == PCI_DEVICE_ID_INTEL_82441)
		size64 = I440FX_HOLE64_SIZE;
	else if (h->device == PCI_DEVICE_ID_INTEL_Q35_MCH)
		size64 = Q35_HOLE64_SIZE;
	if (!size64 && !h->bar64_end)
		return n;
	start64 = h->bar64_end ? h->bar64_start : ALIGN(high_mem_end(t), SZ_1G);
	if (start64 < SZ_4G)
		return n;       /* RAM up to the last GiB of the address space: ALIGN wrapped */
	/* the hole ends at a GiB boundary, or at 2^64 - 1 where start64 + size64 would wrap */
	end64 = start64 + size64 < start64 ? ~0ULL : ALIGN(start64 + size64, SZ_1G) - 1;
	if (h->bar64_end > end64)
		end64 = h->bar64_end;
	return add_window(win, n, max, start64, end64, IORESOURCE_MEM);
}

/* A BAR's address in lspci's width (4 hex digits for ports, 8 for memory), or "<unassigned>". */
static void format_bar_addr(char *buf, size_t size, resource_size_t start, int width)
{
	if (start)
		snprintf(buf, size, "%0*llx", width, (unsigned long long)start);
	else
		snprintf(buf, size, "<unassigned>");
}

/* ---- lspci's text ---- */

int pci_format_size(char *buf, size_t size, u64 len)
{
	static const char suffix[][2] = { "", "K", "M", "G", "T" };
	unsigned int i;

	if (!len)
		return snprintf(buf, size, "%s", "");
	for (i = 0; i < ARRAY_SIZE(suffix) - 1 && !(len % 1024); i++)
		len /= 1024;
	return snprintf(buf, size, " [size=%u%s]", (unsigned int)len, suffix[i]);
}

int lspci_format_terse(char *buf, size_t size, const struct pci_dev *dev, bool verbose)
{
	const char *cname = pci_class_name(dev->class), *progif = pci_progif_name(dev->class);
	u8 pi = dev->class & 0xff;
	char rev[16] = "", pif[160] = "";

	if (dev->revision)
		snprintf(rev, sizeof(rev), " (rev %02x)", dev->revision);
	if (verbose && (pi || progif))
		snprintf(pif, sizeof(pif), " (prog-if %02x%s%s%s)", pi, progif ? " [" : "",
			 progif ? progif : "", progif ? "]" : "");
	return snprintf(buf, size, "%02x:%02x.%d %s [%04x]: Device %04x:%04x%s%s",
			dev->bus ? dev->bus->number : 0, PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn),
			cname ? cname : "Class", (unsigned int)(dev->class >> 8), dev->vendor,
			dev->device, rev, pif);
}

int lspci_format_bar(char *buf, size_t size, int bar, const struct resource *res, u32 reg,
		     u16 cmd)
{
	/* an address the kernel knows but the BAR does not hold: a legacy one */
	bool virt = res->start && !reg;
	char addr[24], len[24];

	pci_format_size(len, sizeof(len), res->flags ? resource_size(res) : 0);
	if (res->flags & IORESOURCE_IO) {
		format_bar_addr(addr, sizeof(addr), res->start, 4);
		return snprintf(buf, size, "Region %d: %sI/O ports at %s%s%s", bar,
				virt ? "[virtual] " : "", addr,
				!virt && !(cmd & PCI_COMMAND_IO) ? " [disabled]" : "", len);
	}
	format_bar_addr(addr, sizeof(addr), res->start, 8);
	return snprintf(buf, size, "Region %d: %sMemory at %s (%s, %sprefetchable)%s%s", bar,
			virt ? "[virtual] " : "", addr,
			res->flags & IORESOURCE_MEM_64 ? "64-bit" :
			(res->flags & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_1M ?
			"low-1M" : "32-bit",
			res->flags & IORESOURCE_PREFETCH ? "" : "non-",
			!virt && !(cmd & PCI_COMMAND_MEMORY) ? " [disabled]" : "", len);
}

int lspci_format_rom(char *buf, size_t size, const struct resource *res, u32 reg, u16 cmd)
{
	bool virt = res->start && !(reg & PCI_ROM_ADDRESS_MASK);
	const char *state = "";
	char addr[24], len[24];

	pci_format_size(len, sizeof(len), res->flags ? resource_size(res) : 0);
	format_bar_addr(addr, sizeof(addr), res->start, 8);
	if (!(reg & PCI_ROM_ADDRESS_ENABLE))
		state = " [disabled]";
	else if (!virt && !(cmd & PCI_COMMAND_MEMORY))
		state = " [disabled by cmd]";
	return snprintf(buf, size, "Expansion ROM at %s%s%s%s", virt ? "[virtual] " : "", addr,
			state, len);
}

int lspci_format_flags(char *buf, size_t size, u16 cmd, u16 status, u8 latency,
		       unsigned int irq)
{
	static const char *const devsel[] = { "fast", "medium", "slow", "??" };
	char lat[24] = "", line[24] = "";

	if (cmd & PCI_COMMAND_MASTER)
		snprintf(lat, sizeof(lat), ", latency %u", latency);
	if (irq)
		snprintf(line, sizeof(line), ", IRQ %u", irq);
	return snprintf(buf, size, "Flags: %s%s%s%s%s%s%s devsel%s%s",
			cmd & PCI_COMMAND_MASTER ? "bus master, " : "",
			cmd & PCI_COMMAND_VGA_PALETTE ? "VGA palette snoop, " : "",
			cmd & PCI_COMMAND_WAIT ? "stepping, " : "",
			cmd & PCI_COMMAND_FAST_BACK ? "fast Back2Back, " : "",
			status & PCI_STATUS_66MHZ ? "66MHz, " : "",
			status & PCI_STATUS_UDF ? "user-definable features, " : "",
			devsel[(status & PCI_STATUS_DEVSEL_MASK) >> 9], lat, line);
}

/* pciutils' FLAG(): '+' when the bit is set, '-' when not. */
static char lspci_flag(unsigned int value, unsigned int bit)
{
	return value & bit ? '+' : '-';
}

int lspci_format_msi(char *buf, size_t size, u16 flags)
{
	return snprintf(buf, size, "MSI: Enable%c Count=%d/%d Maskable%c 64bit%c",
			lspci_flag(flags, PCI_MSI_FLAGS_ENABLE),
			1 << ((flags & PCI_MSI_FLAGS_QSIZE) >> 4),
			1 << ((flags & PCI_MSI_FLAGS_QMASK) >> 1),
			lspci_flag(flags, PCI_MSI_FLAGS_MASKBIT), lspci_flag(flags, PCI_MSI_FLAGS_64BIT));
}
