/*
 * The resources every PC has, entered in the trees at boot as Linux's
 * setup_arch() enters them (arch/x86/kernel/setup.c, e820.c, probe_roms.c):
 *
 *   1. the ROMs below 1 MiB: the video BIOS and adapter option ROMs, found by
 *      their 0x55 0xaa signature and byte checksum (PCI Firmware spec 3.0
 *      §5.1), and the system BIOS at 0xf0000;
 *   2. the kernel image: "Kernel code", "Kernel rodata", "Kernel data",
 *      "Kernel bss", at their physical addresses;
 *   3. every entry of the kernel's e820 table, inserted so that each adopts
 *      what is already inside it ("System RAM" takes in the kernel image,
 *      "Reserved" [0xf0000-0xfffff] the System ROM);
 *   4. the legacy ports of the PC/AT chipset ("dma1", "pic1", "timer0", ...),
 *      and two that Linux's drivers claim on every such PC: the CMOS clock's
 *      "rtc0" and, on a BIOS boot with a VGA card, the VGA registers' "vga+".
 *
 * The kernel's e820 table (not the firmware's) is the one Linux enters: page 0
 * is "Reserved" there (trim_bios_range), so /proc/iomem shows "System RAM"
 * from 0x1000.
 */
#define pr_fmt(fmt) fmt

#include <asm/io.h>
#include <asm/page.h>
#include <asm/sections.h>
#include <kernel/compiler.h>
#include <kernel/ioport.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <mm/e820.h>
#include <mm/slab.h>

#define KERNEL_RES_FLAGS (IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM)
#define ROM_RES_FLAGS    (IORESOURCE_BUSY | IORESOURCE_READONLY | IORESOURCE_MEM)
#define STD_IO_FLAGS     (IORESOURCE_BUSY | IORESOURCE_IO)
#define LEGACY_BIOS_END  0x100000       /* below 1 MiB: ROMs, the VGA hole, the BIOS */

static struct resource code_resource = { .name = "Kernel code", .flags = KERNEL_RES_FLAGS };
static struct resource rodata_resource = { .name = "Kernel rodata", .flags = KERNEL_RES_FLAGS };
static struct resource data_resource = { .name = "Kernel data", .flags = KERNEL_RES_FLAGS };
static struct resource bss_resource = { .name = "Kernel bss", .flags = KERNEL_RES_FLAGS };

/* ---- 1. ROMs (Linux's arch/x86/kernel/probe_roms.c) ---- */

#define ROM_AREA_START   0xc0000        /* ISA option ROMs from here ... */
#define ROM_AREA_SIZE    0x40000        /* ... up to the end of the BIOS at 1 MiB */
#define ROM_STEP         2048           /* option ROMs start on 2 KiB boundaries */
#define ROM_BLOCK        512            /* byte 2 of a ROM: its length in 512-byte blocks */
#define MAX_ADAPTER_ROMS 6

static struct resource video_rom_resource = {
	.name = "Video ROM", .start = 0xc0000, .end = 0xc7fff, .flags = ROM_RES_FLAGS };
static struct resource extension_rom_resource = {
	.name = "Extension ROM", .start = 0xe0000, .end = 0xeffff, .flags = ROM_RES_FLAGS };
static struct resource system_rom_resource = {
	.name = "System ROM", .start = 0xf0000, .end = 0xfffff, .flags = ROM_RES_FLAGS };
static struct resource adapter_rom_resources[MAX_ADAPTER_ROMS];

static volatile u8 __iomem *rom_area;     /* ROM_AREA_START, mapped */

static u8 rom_byte(unsigned long phys)
{
	return readb(rom_area + (phys - ROM_AREA_START));
}

static bool romsignature(unsigned long phys)
{
	return rom_byte(phys) == 0x55 && rom_byte(phys + 1) == 0xaa;
}

/* A ROM's bytes add up to 0 (mod 256). */
static bool romchecksum(unsigned long phys, unsigned long length)
{
	u8 sum = 0;

	if (phys + length > ROM_AREA_START + ROM_AREA_SIZE)
		return false;
	for (unsigned long i = 0; i < length; i++)
		sum += rom_byte(phys + i);
	return sum == 0;
}

/* The video BIOS: the first ROM from 0xc0000; returns where adapter ROMs may start. */
static unsigned long probe_video_rom(void)
{
	unsigned long start, upper = 0xc8000;   /* where Linux's adapter ROM search begins */

	for (start = video_rom_resource.start; start < upper; start += ROM_STEP) {
		unsigned long length = rom_byte(start + 2) * ROM_BLOCK;

		if (!romsignature(start))
			continue;
		video_rom_resource.start = start;
		if (length && romchecksum(start, length))
			video_rom_resource.end = start + length - 1;
		request_resource(&iomem_resource, &video_rom_resource);
		break;
	}
	start = ALIGN(video_rom_resource.end + 1, ROM_STEP);
	return start < upper ? upper : start;
}

/* Option ROMs of other adapters, on 2 KiB boundaries in [start, upper). */
static int probe_adapter_roms(unsigned long start, unsigned long upper)
{
	int i = 0;

	for (; i < MAX_ADAPTER_ROMS && start < upper; start += ROM_STEP) {
		unsigned long length = rom_byte(start + 2) * ROM_BLOCK;
		struct resource *r = &adapter_rom_resources[i];

		/* accept any length that fits, if the checksum is right */
		if (!romsignature(start) || !length || start + length > upper ||
		    !romchecksum(start, length))
			continue;
		*r = (struct resource){ .name = "Adapter ROM", .start = start,
					.end = start + length - 1, .flags = ROM_RES_FLAGS };
		request_resource(&iomem_resource, r);
		i++;
		start = r->end & ~(ROM_STEP - 1UL);
	}
	return i;
}

/* Linux's probe_roms(); returns how many ROMs it entered. */
static int probe_roms(void)
{
	unsigned long start, upper = system_rom_resource.start;
	int n = 1;

	request_resource(&iomem_resource, &system_rom_resource);
	/* Linux reads through its direct map, which covers the first 1 MiB; Atlas's does not */
	rom_area = ioremap(ROM_AREA_START, ROM_AREA_SIZE);
	if (!rom_area)
		return n;
	start = probe_video_rom();
	n += video_rom_resource.parent != NULL;
	/* the extension ROM's length byte is not trusted: it is 64 KiB */
	if (romsignature(extension_rom_resource.start) &&
	    romchecksum(extension_rom_resource.start, resource_size(&extension_rom_resource))) {
		request_resource(&iomem_resource, &extension_rom_resource);
		upper = extension_rom_resource.start;
		n++;
	}
	n += probe_adapter_roms(start, upper);
	iounmap(rom_area);
	rom_area = NULL;
	return n;
}

/* ---- 2. the kernel image ---- */

static void insert_kernel_part(struct resource *r, const char *start, const char *end)
{
	r->start = __pa(start);
	r->end = __pa(end) - 1;
	if (end > start)
		insert_resource(&iomem_resource, r);
}

/* ---- 3. the e820 table (Linux's arch/x86/kernel/e820.c) ---- */

static struct resource *e820_res;       /* one per entry of e820_table */

static const char *e820_type_to_string(enum e820_type type)
{
	switch (type) {
	case E820_TYPE_RAM:           return "System RAM";
	case E820_TYPE_ACPI:          return "ACPI Tables";
	case E820_TYPE_NVS:           return "ACPI Non-volatile Storage";
	case E820_TYPE_UNUSABLE:      return "Unusable memory";
	case E820_TYPE_PRAM:          return "Persistent Memory (legacy)";
	case E820_TYPE_PMEM:          return "Persistent Memory";
	case E820_TYPE_RESERVED:      return "Reserved";
	case E820_TYPE_SOFT_RESERVED: return "Soft Reserved";
	default:                      return "Unknown E820 type";
	}
}

/*
 * Linux's do_mark_busy: the first megabyte, and RAM, ACPI and unusable
 * ranges, are busy at once (no driver may claim them); reserved and
 * persistent ranges stay open, since devices (PCI BARs, ECAM, pmem drivers)
 * claim inside them, and go in only after PCI (e820__reserve_resources_late).
 */
static bool do_mark_busy(enum e820_type type, const struct resource *res)
{
	if (res->start < LEGACY_BIOS_END)
		return true;
	switch (type) {
	case E820_TYPE_RESERVED:
	case E820_TYPE_SOFT_RESERVED:
	case E820_TYPE_PRAM:
	case E820_TYPE_PMEM:
		return false;
	default:
		return true;
	}
}

static void e820_insert(struct resource *res)
{
	insert_resource_report("e820", &iomem_resource, res);
}

void e820__reserve_resources(void)
{
	e820_res = kcalloc(e820_table.nr_entries, sizeof(*e820_res), GFP_KERNEL);
	if (!e820_res) {
		pr_err("e820: no memory for %u resources; iomem shows no RAM\n", e820_table.nr_entries);
		return;
	}
	for (u32 i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *entry = &e820_table.entries[i];
		struct resource *res = &e820_res[i];

		res->start = entry->addr;
		res->end = entry->addr + entry->size - 1;
		res->name = e820_type_to_string(entry->type);
		res->flags = entry->type == E820_TYPE_RAM ? IORESOURCE_SYSTEM_RAM : IORESOURCE_MEM;
		if (do_mark_busy(entry->type, res)) {
			res->flags |= IORESOURCE_BUSY;
			e820_insert(res);
		}
	}
}

void e820__reserve_resources_late(void)
{
	for (u32 i = 0; e820_res && i < e820_table.nr_entries; i++)
		if (!e820_res[i].parent && e820_res[i].end)
			insert_resource_expand_to_fit(&iomem_resource, &e820_res[i]);
}

/* ---- 4. legacy ports (Linux's reserve_standard_io_resources) ---- */

static struct resource standard_io_resources[] = {
	{ .name = "dma1",         .start = 0x00, .end = 0x1f, .flags = STD_IO_FLAGS },
	{ .name = "pic1",         .start = 0x20, .end = 0x21, .flags = STD_IO_FLAGS },
	{ .name = "timer0",       .start = 0x40, .end = 0x43, .flags = STD_IO_FLAGS },
	{ .name = "timer1",       .start = 0x50, .end = 0x53, .flags = STD_IO_FLAGS },
	{ .name = "keyboard",     .start = 0x60, .end = 0x60, .flags = STD_IO_FLAGS },
	{ .name = "keyboard",     .start = 0x64, .end = 0x64, .flags = STD_IO_FLAGS },
	{ .name = "dma page reg", .start = 0x80, .end = 0x8f, .flags = STD_IO_FLAGS },
	{ .name = "pic2",         .start = 0xa0, .end = 0xa1, .flags = STD_IO_FLAGS },
	{ .name = "dma2",         .start = 0xc0, .end = 0xdf, .flags = STD_IO_FLAGS },
	{ .name = "fpu",          .start = 0xf0, .end = 0xff, .flags = STD_IO_FLAGS },
};

/*
 * Ports Linux's drivers claim, which Atlas enters for them so that
 * /proc/ioports shows the same PC (Atlas drives neither device):
 *   - rtc-cmos claims the CMOS clock's ports under the name of the clock
 *     device it registers, rtc0 (QEMU's ACPI describes 0x70-0x77);
 *   - the VGA text console (vgacon) claims the VGA registers as "vga+" when
 *     the BIOS left the screen in VGA text mode: a BIOS boot with a VGA card,
 *     which is when the card's video BIOS sits at 0xc0000 (UEFI leaves none).
 */
static struct resource rtc_resource = {
	.name = "rtc0", .start = 0x70, .end = 0x77, .flags = STD_IO_FLAGS };
static struct resource vga_console_resource = {
	.name = "vga+", .start = 0x3c0, .end = 0x3df, .flags = STD_IO_FLAGS };

/* request_resource, and one line naming the holder when the ports are taken. */
static void request_std_resource(struct resource *res)
{
	struct resource *conflict = request_resource_conflict(&ioport_resource, res);
	char want[64], held[64];

	if (!conflict)
		return;
	resource_format(want, sizeof(want), res);
	resource_format(held, sizeof(held), conflict);
	pr_warn("resource: can't claim %s for \"%s\": held by \"%s\" %s\n", want, res->name,
		conflict->name, held);
}

void reserve_standard_io_resources(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(standard_io_resources); i++)
		request_std_resource(&standard_io_resources[i]);
	request_std_resource(&rtc_resource);
	if (video_rom_resource.parent)
		request_std_resource(&vga_console_resource);
}

void kernel_resources_init(void)
{
	int roms = probe_roms();

	insert_kernel_part(&code_resource, _text, _etext);
	insert_kernel_part(&rodata_resource, __start_rodata, __end_rodata);
	insert_kernel_part(&data_resource, _sdata, _edata);
	insert_kernel_part(&bss_resource, __bss_start, __bss_stop);
	e820__reserve_resources();
	/* no PCI yet to claim its windows first: the reserved ranges go in now */
	e820__reserve_resources_late();
	reserve_standard_io_resources();
	pr_info("resource: iomem: %u e820 ranges, the kernel image, ROMs found: %d; "
		"ioports: %zu legacy ranges\n", e820_table.nr_entries, roms,
		ARRAY_SIZE(standard_io_resources));
}
