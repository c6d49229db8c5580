/*
 * Host tests of the UEFI half of mm/e820.c: setup_e820(), the conversion of
 * the EFI memory map into the e820 table as Linux's EFI stub does it
 * (drivers/firmware/efi/libstub/x86-stub.c), and e820__memory_setup()'s
 * choice between the EFI memory map tag and the memory map tag.  The data is
 * the map OVMF (OVMF_CODE_4M, -machine q35 -m 512M) gives GRUB, which passes it
 * on in the multiboot2 EFI memory map tag.
 */
#include <errno.h>
#include <string.h>

#include <kernel/efi.h>
#include <kernel/multiboot2.h>
#include <mm/e820.h>

#include "hosttest.h"

/* {type, start, pages, attribute}, in OVMF's order (sorted by address) */
struct efi_md {
	u32 type;
	u64 addr, pages, attr;
};

static const struct efi_md ovmf_q35_512m[] = {
	{ 2, 0x0, 0x87, 0xf }, { 4, 0x87000, 0x1, 0xf },
	{ 2, 0x88000, 0x18, 0xf }, { 2, 0x100000, 0x58, 0xf },
	{ 7, 0x158000, 0xa8, 0xf }, { 2, 0x200000, 0xbd, 0xf },
	{ 7, 0x2bd000, 0x549, 0xf }, { 10, 0x806000, 0x2, 0xf },
	{ 7, 0x808000, 0x8, 0xf }, { 10, 0x810000, 0xf0, 0xf },
	{ 4, 0x900000, 0xc00, 0xf }, { 7, 0x1500000, 0x13143, 0xf },
	{ 1, 0x14643000, 0x752a, 0xf }, { 4, 0x1bb6d000, 0x20, 0xf },
	{ 7, 0x1bb8d000, 0x269c, 0xf }, { 1, 0x1e229000, 0x27, 0xf },
	{ 7, 0x1e250000, 0x28, 0xf }, { 4, 0x1e278000, 0x2c5, 0xf },
	{ 3, 0x1e53d000, 0x9e, 0xf }, { 4, 0x1e5db000, 0x6, 0xf },
	{ 2, 0x1e5e1000, 0x1, 0xf }, { 4, 0x1e5e2000, 0x38, 0xf },
	{ 3, 0x1e61a000, 0x5, 0xf }, { 4, 0x1e61f000, 0x1, 0xf },
	{ 3, 0x1e620000, 0x1d, 0xf }, { 4, 0x1e63d000, 0x3, 0xf },
	{ 3, 0x1e640000, 0xa, 0xf }, { 4, 0x1e64a000, 0x2, 0xf },
	{ 3, 0x1e64c000, 0x17, 0xf }, { 4, 0x1e663000, 0x1, 0xf },
	{ 3, 0x1e664000, 0x8, 0xf }, { 4, 0x1e66c000, 0x4, 0xf },
	{ 3, 0x1e670000, 0x17, 0xf }, { 4, 0x1e687000, 0x5, 0xf },
	{ 3, 0x1e68c000, 0x14, 0xf }, { 4, 0x1e6a0000, 0x3, 0xf },
	{ 3, 0x1e6a3000, 0x3, 0xf }, { 4, 0x1e6a6000, 0x5, 0xf },
	{ 3, 0x1e6ab000, 0x15, 0xf }, { 4, 0x1e6c0000, 0x8, 0xf },
	{ 3, 0x1e6c8000, 0x23, 0xf }, { 4, 0x1e6eb000, 0x2, 0xf },
	{ 3, 0x1e6ed000, 0x14, 0xf }, { 4, 0x1e701000, 0x7, 0xf },
	{ 3, 0x1e708000, 0x20, 0xf }, { 4, 0x1e728000, 0x3, 0xf },
	{ 3, 0x1e72b000, 0xe, 0xf }, { 4, 0x1e739000, 0x3, 0xf },
	{ 3, 0x1e73c000, 0x67, 0xf }, { 4, 0x1e7a3000, 0x4, 0xf },
	{ 3, 0x1e7a7000, 0xe, 0xf }, { 4, 0x1e7b5000, 0x2, 0xf },
	{ 3, 0x1e7b7000, 0xd, 0xf }, { 4, 0x1e7c4000, 0x3, 0xf },
	{ 3, 0x1e7c7000, 0x6, 0xf }, { 4, 0x1e7cd000, 0x2, 0xf },
	{ 3, 0x1e7cf000, 0x1, 0xf }, { 4, 0x1e7d0000, 0x1, 0xf },
	{ 3, 0x1e7d1000, 0x5, 0xf }, { 4, 0x1e7d6000, 0x5, 0xf },
	{ 3, 0x1e7db000, 0x14, 0xf }, { 4, 0x1e7ef000, 0x2, 0xf },
	{ 3, 0x1e7f1000, 0xf, 0xf }, { 4, 0x1e800000, 0x201, 0xf },
	{ 3, 0x1ea01000, 0xd, 0xf }, { 4, 0x1ea0e000, 0x3, 0xf },
	{ 3, 0x1ea11000, 0x13, 0xf }, { 4, 0x1ea24000, 0x3, 0xf },
	{ 3, 0x1ea27000, 0x1, 0xf }, { 4, 0x1ea28000, 0x1, 0xf },
	{ 3, 0x1ea29000, 0x7, 0xf }, { 4, 0x1ea30000, 0x7, 0xf },
	{ 3, 0x1ea37000, 0x4, 0xf }, { 4, 0x1ea3b000, 0x7, 0xf },
	{ 3, 0x1ea42000, 0xd, 0xf }, { 4, 0x1ea4f000, 0x1, 0xf },
	{ 3, 0x1ea50000, 0x1, 0xf }, { 4, 0x1ea51000, 0x3, 0xf },
	{ 3, 0x1ea54000, 0x25, 0xf }, { 4, 0x1ea79000, 0x1, 0xf },
	{ 3, 0x1ea7a000, 0xc, 0xf }, { 4, 0x1ea86000, 0x4, 0xf },
	{ 6, 0x1ea8a000, 0x102, 0x800000000000000f }, { 3, 0x1eb8c000, 0x16, 0xf },
	{ 4, 0x1eba2000, 0x400, 0xf }, { 3, 0x1efa2000, 0x6f, 0xf },
	{ 4, 0x1f011000, 0x7, 0xf }, { 3, 0x1f018000, 0x3, 0xf },
	{ 4, 0x1f01b000, 0x3, 0xf }, { 3, 0x1f01e000, 0x8, 0xf },
	{ 4, 0x1f026000, 0x5, 0xf }, { 3, 0x1f02b000, 0x1, 0xf },
	{ 4, 0x1f02c000, 0x1, 0xf }, { 3, 0x1f02d000, 0x2, 0xf },
	{ 4, 0x1f02f000, 0x2, 0xf }, { 3, 0x1f031000, 0x6, 0xf },
	{ 4, 0x1f037000, 0x1a, 0xf }, { 3, 0x1f051000, 0x16, 0xf },
	{ 4, 0x1f067000, 0x1, 0xf }, { 3, 0x1f068000, 0x1, 0xf },
	{ 4, 0x1f069000, 0x2, 0xf }, { 3, 0x1f06b000, 0x1, 0xf },
	{ 4, 0x1f06c000, 0x1, 0xf }, { 3, 0x1f06d000, 0x3, 0xf },
	{ 4, 0x1f070000, 0x3, 0xf }, { 3, 0x1f073000, 0x2, 0xf },
	{ 4, 0x1f075000, 0x2, 0xf }, { 3, 0x1f077000, 0x4, 0xf },
	{ 4, 0x1f07b000, 0x2, 0xf }, { 3, 0x1f07d000, 0x1, 0xf },
	{ 4, 0x1f07e000, 0x2, 0xf }, { 3, 0x1f080000, 0x9, 0xf },
	{ 4, 0x1f089000, 0x3, 0xf }, { 3, 0x1f08c000, 0x3, 0xf },
	{ 4, 0x1f08f000, 0x45d, 0xf }, { 6, 0x1f4ec000, 0x100, 0x800000000000000f },
	{ 5, 0x1f5ec000, 0x100, 0x800000000000000f }, { 0, 0x1f6ec000, 0x80, 0xf },
	{ 9, 0x1f76c000, 0x12, 0xf }, { 10, 0x1f77e000, 0x80, 0xf },
	{ 4, 0x1f7fe000, 0x602, 0xf }, { 7, 0x1fe00000, 0x71, 0xf },
	{ 4, 0x1fe71000, 0x20, 0xf }, { 3, 0x1fe91000, 0x2e, 0xf },
	{ 4, 0x1febf000, 0x19, 0xf }, { 3, 0x1fed8000, 0x14, 0xf },
	{ 6, 0x1feec000, 0x84, 0x800000000000000f }, { 10, 0x1ff70000, 0x90, 0xf },
	{ 0, 0xb0000000, 0x10000, 0x1 }, { 11, 0xffc00000, 0x400, 0x8000000000000001 },
};
#define OVMF_N (sizeof(ovmf_q35_512m) / sizeof(ovmf_q35_512m[0]))

/* What Atlas prints from it: Linux's types, neighbours of one type merged. */
static const char *const ovmf_q35_512m_lines[] = {
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable",
	"BIOS-e820: [mem 0x0000000000100000-0x0000000000805fff] usable",
	"BIOS-e820: [mem 0x0000000000806000-0x0000000000807fff] ACPI NVS",
	"BIOS-e820: [mem 0x0000000000808000-0x000000000080ffff] usable",
	"BIOS-e820: [mem 0x0000000000810000-0x00000000008fffff] ACPI NVS",
	"BIOS-e820: [mem 0x0000000000900000-0x000000001ea89fff] usable",
	"BIOS-e820: [mem 0x000000001ea8a000-0x000000001eb8bfff] reserved",
	"BIOS-e820: [mem 0x000000001eb8c000-0x000000001f4ebfff] usable",
	"BIOS-e820: [mem 0x000000001f4ec000-0x000000001f76bfff] reserved",
	"BIOS-e820: [mem 0x000000001f76c000-0x000000001f77dfff] ACPI data",
	"BIOS-e820: [mem 0x000000001f77e000-0x000000001f7fdfff] ACPI NVS",
	"BIOS-e820: [mem 0x000000001f7fe000-0x000000001feebfff] usable",
	"BIOS-e820: [mem 0x000000001feec000-0x000000001ff6ffff] reserved",
	"BIOS-e820: [mem 0x000000001ff70000-0x000000001fffffff] ACPI NVS",
	"BIOS-e820: [mem 0x00000000b0000000-0x00000000bfffffff] reserved",
	"BIOS-e820: [mem 0x00000000ffc00000-0x00000000ffffffff] reserved",
};

/* OVMF's descriptors are 48 bytes apart, more than the 40 of the struct. */
#define OVMF_DESC_SIZE 48

static u8 memmap[512 * OVMF_DESC_SIZE] __attribute__((aligned(8)));
static struct e820_table t;

/* Lay out n descriptors desc_size apart, the gaps filled with 0xab. */
static void *lay_out(const struct efi_md *md, unsigned int n, u32 desc_size)
{
	memset(memmap, 0xab, (size_t)n * desc_size);
	for (unsigned int i = 0; i < n; i++) {
		efi_memory_desc_t d = { .type = md[i].type, .phys_addr = md[i].addr,
			.virt_addr = 0, .num_pages = md[i].pages, .attribute = md[i].attr };

		memcpy(memmap + (size_t)i * desc_size, &d, sizeof(d));
	}
	printk_capture_reset();
	return memmap;
}

static const char *line_of(const struct e820_table *tab, unsigned int i)
{
	static char buf[128];

	e820_format_entry(buf, sizeof(buf), "BIOS-e820", &tab->entries[i]);
	return buf;
}

/* The e820 type setup_e820 gives one descriptor (0: left out). */
static u32 type_of(u32 efi_type, u64 attr)
{
	struct efi_md md = { efi_type, 0x100000, 4, attr };

	CHECK_EQ_INT(setup_e820(&t, lay_out(&md, 1, OVMF_DESC_SIZE), OVMF_DESC_SIZE, 1), 0);
	return t.nr_entries ? t.entries[0].type : 0;
}

TEST(setup_e820_converts_each_efi_type_as_linux)
{
	static const u32 want[] = {
		[EFI_RESERVED_TYPE] = E820_TYPE_RESERVED,
		[EFI_LOADER_CODE] = E820_TYPE_RAM,
		[EFI_LOADER_DATA] = E820_TYPE_RAM,
		[EFI_BOOT_SERVICES_CODE] = E820_TYPE_RAM,
		[EFI_BOOT_SERVICES_DATA] = E820_TYPE_RAM,
		[EFI_RUNTIME_SERVICES_CODE] = E820_TYPE_RESERVED,
		[EFI_RUNTIME_SERVICES_DATA] = E820_TYPE_RESERVED,
		[EFI_CONVENTIONAL_MEMORY] = E820_TYPE_RAM,
		[EFI_UNUSABLE_MEMORY] = E820_TYPE_UNUSABLE,
		[EFI_ACPI_RECLAIM_MEMORY] = E820_TYPE_ACPI,
		[EFI_ACPI_MEMORY_NVS] = E820_TYPE_NVS,
		[EFI_MEMORY_MAPPED_IO] = E820_TYPE_RESERVED,
		[EFI_MEMORY_MAPPED_IO_PORT_SPACE] = E820_TYPE_RESERVED,
		[EFI_PAL_CODE] = E820_TYPE_RESERVED,
		[EFI_PERSISTENT_MEMORY] = E820_TYPE_PMEM,
	};

	for (u32 type = 0; type < sizeof(want) / sizeof(want[0]); type++)
		CHECK_MSG(type_of(type, 0) == want[type], "EFI type %u: e820 type %u, want %u",
			  type, type_of(type, 0), want[type]);
	/* types Linux does not know (unaccepted memory, OEM, OS-defined) are left out */
	CHECK_EQ_INT(type_of(15, 0), 0);
	CHECK_EQ_INT(type_of(0x70000000, 0), 0);
	CHECK_EQ_INT(type_of(0x80000000, 0), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(setup_e820_soft_reserves_specific_purpose_ram_only)
{
	CHECK_EQ_INT(type_of(EFI_CONVENTIONAL_MEMORY, EFI_MEMORY_SP), E820_TYPE_SOFT_RESERVED);
	CHECK_EQ_INT(type_of(EFI_BOOT_SERVICES_DATA, EFI_MEMORY_SP | 0xf), E820_TYPE_SOFT_RESERVED);
	CHECK_EQ_INT(type_of(EFI_RUNTIME_SERVICES_CODE, EFI_MEMORY_SP), E820_TYPE_RESERVED);
	CHECK_EQ_INT(type_of(EFI_ACPI_MEMORY_NVS, EFI_MEMORY_SP), E820_TYPE_NVS);
}

TEST(setup_e820_extends_only_a_touching_entry_of_one_type)
{
	static const struct efi_md md[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, 0xf },
		{ EFI_BOOT_SERVICES_CODE, 0x10000, 0x10, 0xf },    /* RAM, touches: extends */
		{ EFI_RUNTIME_SERVICES_CODE, 0x20000, 0x10, 0xf }, /* reserved: new entry */
		{ EFI_RUNTIME_SERVICES_DATA, 0x30000, 0x10, 0xf }, /* reserved, touches: extends */
		{ EFI_CONVENTIONAL_MEMORY, 0x50000, 0x10, 0xf },   /* RAM after a gap */
		{ EFI_LOADER_DATA, 0x40000, 0x10, 0xf },           /* touches only the one before last */
		{ 0x7fffffff, 0x60000, 0x10, 0xf },                /* unknown: left out */
		{ EFI_CONVENTIONAL_MEMORY, 0x70000, 0x10, 0xf },   /* RAM: the gap keeps it apart */
	};

	CHECK_EQ_INT(setup_e820(&t, lay_out(md, 8, 40), 40, 8), 0);
	CHECK_EQ_INT(t.nr_entries, 5);
	CHECK_STR(line_of(&t, 0), "BIOS-e820: [mem 0x0000000000000000-0x000000000001ffff] usable");
	CHECK_STR(line_of(&t, 1), "BIOS-e820: [mem 0x0000000000020000-0x000000000003ffff] reserved");
	CHECK_STR(line_of(&t, 2), "BIOS-e820: [mem 0x0000000000050000-0x000000000005ffff] usable");
	CHECK_STR(line_of(&t, 3), "BIOS-e820: [mem 0x0000000000040000-0x000000000004ffff] usable");
	CHECK_STR(line_of(&t, 4), "BIOS-e820: [mem 0x0000000000070000-0x000000000007ffff] usable");
	/* the sanitiser then sorts and merges what the stub could not */
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, 4);
	CHECK_STR(line_of(&t, 2), "BIOS-e820: [mem 0x0000000000040000-0x000000000005ffff] usable");
}

TEST(setup_e820_ovmf_map_gives_linux_lines)
{
	struct efi_md md[OVMF_N];

	memcpy(md, ovmf_q35_512m, sizeof(md));
	/* 130 descriptors: more than the table holds before merging */
	CHECK(OVMF_N > E820_MAX_ENTRIES);
	CHECK_EQ_INT(setup_e820(&t, lay_out(md, OVMF_N, OVMF_DESC_SIZE), OVMF_DESC_SIZE, OVMF_N), 0);
	CHECK(t.nr_entries <= 20);
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, sizeof(ovmf_q35_512m_lines) / sizeof(ovmf_q35_512m_lines[0]));
	for (unsigned int i = 0; i < t.nr_entries; i++)
		CHECK_STR(line_of(&t, i), ovmf_q35_512m_lines[i]);
	/* the runtime services code (type 5) GRUB would call type 20 is reserved */
	CHECK(e820__mapped_all(&t, 0x1f5ec000, 0x1f6ec000, E820_TYPE_RESERVED));
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(setup_e820_refuses_more_entries_than_the_table_holds)
{
	static struct efi_md md[E820_MAX_ENTRIES + 1];

	for (unsigned int i = 0; i <= E820_MAX_ENTRIES; i++)
		md[i] = (struct efi_md){ EFI_CONVENTIONAL_MEMORY, i * 0x2000ULL, 1, 0 };
	CHECK_EQ_INT(setup_e820(&t, lay_out(md, E820_MAX_ENTRIES, 40), 40, E820_MAX_ENTRIES), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_INT(setup_e820(&t, lay_out(md, E820_MAX_ENTRIES + 1, 40), 40,
				E820_MAX_ENTRIES + 1), -ENOSPC);
	CHECK_ONE_LINE("too many entries");
}

/* ---- e820__memory_setup: which tag the table comes from ---- */

static const struct mb2_mmap_entry grub_map[] = {
	{ 0x0, 0xa0000, 1, 0 },
	{ 0x100000, 0x1f4ec000 - 0x100000, 1, 0 },
	{ 0x1f4ec000, 0x100000, 2, 0 },
	{ 0x1f5ec000, 0x100000, 20, 0 },        /* GRUB's "code" type for runtime code */
	{ 0x1f6ec000, 0x80000, 2, 0 },
};

static void setup_from(const void *efi, u32 desc_size, u32 count)
{
	struct mb2_info mbi = { .mmap = (const u8 *)grub_map, .mmap_entry_size = 24,
		.mmap_count = 5, .efi_mmap = efi, .efi_desc_size = desc_size,
		.efi_desc_count = count };

	printk_capture_reset();
	e820__memory_setup(&mbi);
}

TEST(e820_memory_setup_prefers_the_efi_memory_map)
{
	static const struct efi_md md[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x0, 0xa0, 0xf },
		{ EFI_BOOT_SERVICES_DATA, 0x100000, 0x1f3ec, 0xf },
		{ EFI_RUNTIME_SERVICES_DATA, 0x1f4ec000, 0x100, 0xf },
		{ EFI_RUNTIME_SERVICES_CODE, 0x1f5ec000, 0x100, 0xf },
		{ EFI_RESERVED_TYPE, 0x1f6ec000, 0x80, 0xf },
	};

	setup_from(lay_out(md, 5, OVMF_DESC_SIZE), OVMF_DESC_SIZE, 5);
	CHECK_EQ_INT(e820_table_firmware.nr_entries, 3);
	CHECK_STR(line_of(&e820_table_firmware, 2),
		  "BIOS-e820: [mem 0x000000001f4ec000-0x000000001f76bfff] reserved");
	CHECK(printk_capture_contains("BIOS-provided physical RAM map:\n"
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"));
	CHECK(!printk_capture_contains("type 20"));
	/* then page 0 goes to the BIOS and 640K-1M is no RAM, as Linux's trim_bios_range() */
	CHECK(printk_capture_contains("e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n"
		"e820: remove [mem 0x000a0000-0x000fffff] usable\n"));
	CHECK(e820__mapped_all(&e820_table, 0, 0x1000, E820_TYPE_RESERVED));
}

TEST(e820_memory_setup_uses_the_memory_map_without_an_efi_one)
{
	setup_from(NULL, 0, 0);
	CHECK_EQ_INT(e820_table_firmware.nr_entries, 5);
	CHECK_STR(line_of(&e820_table_firmware, 3),
		  "BIOS-e820: [mem 0x000000001f5ec000-0x000000001f6ebfff] type 20");
}

TEST(e820_memory_setup_falls_back_when_the_efi_map_does_not_fit)
{
	static struct efi_md md[E820_MAX_ENTRIES + 1];

	for (unsigned int i = 0; i <= E820_MAX_ENTRIES; i++)
		md[i] = (struct efi_md){ i % 2 ? EFI_RESERVED_TYPE : EFI_CONVENTIONAL_MEMORY,
					 i * 0x1000ULL, 1, 0 };
	setup_from(lay_out(md, E820_MAX_ENTRIES + 1, 40), 40, E820_MAX_ENTRIES + 1);
	CHECK(printk_capture_contains("the EFI memory map does not fit in 128 entries; using the memory map tag"));
	CHECK_EQ_INT(e820_table_firmware.nr_entries, 5);
}

/*
 * A seeded random comparison with a model: after setup_e820 and sanitising,
 * every address has the highest e820 type of the descriptors covering it
 * (as converted one by one), or none.
 */
static u32 model_type(const struct efi_md *md, unsigned int n, u64 a)
{
	u32 best = 0;

	for (unsigned int i = 0; i < n; i++) {
		u32 ty = type_of(md[i].type, md[i].attr);

		if (a >= md[i].addr && a < md[i].addr + (md[i].pages << 12) && ty > best)
			best = ty;
	}
	return best;
}

static u32 table_type(u64 a)
{
	for (u32 i = 0; i < t.nr_entries; i++)
		if (a >= t.entries[i].addr && a - t.entries[i].addr < t.entries[i].size)
			return t.entries[i].type;
	return 0;
}

TEST(setup_e820_matches_a_model_on_random_maps)
{
	static const u32 types[] = { 0, 1, 3, 4, 5, 6, 7, 7, 7, 8, 9, 10, 11, 14, 15 };

	host_srand(820);
	for (int iter = 0; iter < 300; iter++) {
		struct efi_md md[40];
		unsigned int n = 1 + host_rand_below(40);
		u32 want[64];

		for (unsigned int i = 0; i < n; i++)
			md[i] = (struct efi_md){ types[host_rand_below(15)], host_rand_below(64) << 12,
						 1 + host_rand_below(8),
						 host_rand_below(8) ? 0xf : EFI_MEMORY_SP };
		for (u64 pg = 0; pg < 64; pg++)
			want[pg] = model_type(md, n, pg << 12);     /* type_of uses t: before */
		CHECK_EQ_INT(setup_e820(&t, lay_out(md, n, OVMF_DESC_SIZE), OVMF_DESC_SIZE, n), 0);
		e820__update_table(&t);
		for (u64 pg = 0; pg < 64; pg++)
			if (!CHECK_MSG(table_type(pg << 12) == want[pg], "iter %d page %llu: %u, model %u",
				       iter, (unsigned long long)pg, table_type(pg << 12), want[pg]))
				return;
	}
}

TEST(e820_memory_setup_needs_only_the_efi_memory_map)
{
	static const struct efi_md md[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x0, 0xa0, 0xf },
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x1000, 0xf },
	};
	struct mb2_info mbi = { .efi_mmap = lay_out(md, 2, 40), .efi_desc_size = 40,
				.efi_desc_count = 2 };

	e820__memory_setup(&mbi);
	CHECK_EQ_INT(e820_table_firmware.nr_entries, 2);
	CHECK_STR(line_of(&e820_table_firmware, 1),
		  "BIOS-e820: [mem 0x0000000000100000-0x00000000010fffff] usable");
}
