/*
 * e820 suite: Linux's line format for every type, sanitising (sorting,
 * overlaps, merging, bad entries, overflow of the table), the queries, and the
 * table the firmware really gave us.
 */
#include <asm/page.h>
#include <errno.h>
#include <kernel/init.h>
#include <kernel/kunit.h>
#include <kernel/multiboot2.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/e820.h>
#include <mm/memblock.h>

static struct e820_table t;

static void expect_line(struct kunit *test, u64 addr, u64 size, u32 type, const char *want)
{
	struct e820_entry e = { addr, size, type };
	char line[96];

	e820_format_entry(line, sizeof(line), "BIOS-e820", &e);
	KUNIT_EXPECT_STREQ(test, line, want);
}

static void e820_prints_linux_format(struct kunit *test)
{
	expect_line(test, 0, 0x9fc00, 1,
		    "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable");
	expect_line(test, 0x9fc00, 0x400, 2,
		    "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved");
	expect_line(test, 0xfd00000000ULL, 0x300000000ULL, 2,
		    "BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved");
	expect_line(test, 0x1ffe0000, 0x1000, 3,
		    "BIOS-e820: [mem 0x000000001ffe0000-0x000000001ffe0fff] ACPI data");
	expect_line(test, 0x1000, 0x1000, 4,
		    "BIOS-e820: [mem 0x0000000000001000-0x0000000000001fff] ACPI NVS");
	expect_line(test, 0x1000, 0x1000, 5,
		    "BIOS-e820: [mem 0x0000000000001000-0x0000000000001fff] unusable");
	expect_line(test, 0x1000, 0x1000, 7,
		    "BIOS-e820: [mem 0x0000000000001000-0x0000000000001fff] persistent (type 7)");
	expect_line(test, 0x1000, 0x1000, 12,
		    "BIOS-e820: [mem 0x0000000000001000-0x0000000000001fff] persistent (type 12)");
	expect_line(test, 0x1000, 0x1000, 99,
		    "BIOS-e820: [mem 0x0000000000001000-0x0000000000001fff] type 99");
}

static void expect_entry(struct kunit *test, u32 i, u64 addr, u64 size, u32 type)
{
	KUNIT_ASSERT_LT(test, i, t.nr_entries);
	KUNIT_EXPECT_EQ(test, t.entries[i].addr, addr);
	KUNIT_EXPECT_EQ(test, t.entries[i].size, size);
	KUNIT_EXPECT_EQ(test, t.entries[i].type, type);
}

static void e820_sanitize_sorts_and_merges(struct kunit *test)
{
	t.nr_entries = 0;
	e820__range_add(&t, 0x200000, 0x100000, E820_TYPE_RAM);
	e820__range_add(&t, 0x100000000ULL, 0x40000000, E820_TYPE_RAM);   /* above 4 GiB */
	e820__range_add(&t, 0x100000, 0x100000, E820_TYPE_RAM);           /* touches the first */
	e820__range_add(&t, 0, 0x9fc00, E820_TYPE_RAM);
	e820__update_table(&t);
	KUNIT_ASSERT_EQ(test, t.nr_entries, 3);
	expect_entry(test, 0, 0, 0x9fc00, E820_TYPE_RAM);
	expect_entry(test, 1, 0x100000, 0x200000, E820_TYPE_RAM);
	expect_entry(test, 2, 0x100000000ULL, 0x40000000, E820_TYPE_RAM);
}

/* Where entries overlap, the higher (more restrictive) type wins. */
static void e820_sanitize_overlap_takes_higher_type(struct kunit *test)
{
	t.nr_entries = 0;
	e820__range_add(&t, 0, 0x100000, E820_TYPE_RAM);
	e820__range_add(&t, 0x80000, 0x10000, E820_TYPE_RESERVED);
	e820__range_add(&t, 0x88000, 0x10000, E820_TYPE_ACPI);
	e820__update_table(&t);
	KUNIT_ASSERT_EQ(test, t.nr_entries, 4);
	expect_entry(test, 0, 0, 0x80000, E820_TYPE_RAM);
	expect_entry(test, 1, 0x80000, 0x8000, E820_TYPE_RESERVED);
	expect_entry(test, 2, 0x88000, 0x10000, E820_TYPE_ACPI);
	expect_entry(test, 3, 0x98000, 0x68000, E820_TYPE_RAM);
}

static void e820_refuses_bad_entries(struct kunit *test)
{
	size_t pos = log_buf_pos();

	t.nr_entries = 0;
	KUNIT_EXPECT_EQ(test, e820__range_add(&t, 0x1000, 0, E820_TYPE_RAM), -EINVAL);
	KUNIT_EXPECT_EQ(test, e820__range_add(&t, ~0ULL - 0xfff, 0x2000, E820_TYPE_RAM), -EINVAL);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "wraps around"));
	KUNIT_EXPECT_EQ(test, t.nr_entries, 0);
	for (u32 i = 0; i < E820_MAX_ENTRIES; i++)
		KUNIT_ASSERT_EQ(test, e820__range_add(&t, i * 0x2000ULL, 0x1000, E820_TYPE_RAM), 0);
	pos = log_buf_pos();
	KUNIT_EXPECT_EQ(test, e820__range_add(&t, 0x10000000, 0x1000, E820_TYPE_RAM), -ENOSPC);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "too many entries"));
	e820__update_table(&t);
	KUNIT_EXPECT_EQ(test, t.nr_entries, E820_MAX_ENTRIES);     /* none touch: no merging */
}

/* The firmware's table, as the kernel keeps it: sorted, disjoint, with RAM where a PC has it. */
static void e820_boot_table_is_sane(struct kunit *test)
{
	const struct e820_table *b = &e820_table;
	u64 ram = 0;

	KUNIT_ASSERT_GE(test, b->nr_entries, 4);
	for (u32 i = 0; i < b->nr_entries; i++) {
		if (b->entries[i].type == E820_TYPE_RAM)
			ram += b->entries[i].size;
		if (i)
			KUNIT_EXPECT_LE(test, b->entries[i - 1].addr + b->entries[i - 1].size,
					b->entries[i].addr);
	}
	/* the firmware's map has RAM at 0; the kernel gave page 0 back to the BIOS, as Linux */
	KUNIT_EXPECT_TRUE(test, e820__mapped_all(&e820_table_firmware, 0, 0x9f000, E820_TYPE_RAM));
	KUNIT_EXPECT_TRUE(test, e820__mapped_all(b, 0, 0x1000, E820_TYPE_RESERVED));
	KUNIT_EXPECT_TRUE(test, e820__mapped_all(b, 0x1000, 0x9f000, E820_TYPE_RAM));
	KUNIT_EXPECT_TRUE(test, e820__mapped_all(b, 0x100000, 0x800000, E820_TYPE_RAM));
	/* the legacy VGA/ROM area and the APIC's MMIO are never RAM */
	KUNIT_EXPECT_FALSE(test, e820__mapped_any(b, 0xa0000, 0x100000, E820_TYPE_RAM));
	KUNIT_EXPECT_FALSE(test, e820__mapped_any(b, 0xfec00000, 0xfee01000, E820_TYPE_RAM));
	/* memblock has the same RAM, less the partial pages at the ranges' edges */
	KUNIT_EXPECT_LE(test, memblock_phys_mem_size(), ram);
	KUNIT_EXPECT_GT(test, memblock_phys_mem_size() + b->nr_entries * PAGE_SIZE, ram);
}

static void e820_range_update_changes_only_the_old_type(struct kunit *test)
{
	size_t pos = log_buf_pos();

	t.nr_entries = 0;
	e820__range_add(&t, 0, 0x9fc00, E820_TYPE_RAM);
	e820__range_add(&t, 0x9fc00, 0x400, E820_TYPE_RESERVED);
	e820__update_table(&t);
	KUNIT_EXPECT_EQ(test, e820__range_update(&t, 0x9f000, 0x2000, E820_TYPE_RAM,
						 E820_TYPE_UNUSABLE), 0xc00);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		"e820: update [mem 0x0009f000-0x000a0fff] usable ==> unusable"));
	KUNIT_ASSERT_EQ(test, t.nr_entries, 3);
	expect_entry(test, 0, 0, 0x9f000, E820_TYPE_RAM);
	expect_entry(test, 1, 0x9f000, 0xc00, E820_TYPE_UNUSABLE);
	expect_entry(test, 2, 0x9fc00, 0x400, E820_TYPE_RESERVED);
}

static void e820_queries_respect_edges(struct kunit *test)
{
	t.nr_entries = 0;
	e820__range_add(&t, 0x1000, 0x1000, E820_TYPE_RAM);
	e820__range_add(&t, 0x3000, 0x1000, E820_TYPE_RAM);
	e820__update_table(&t);
	KUNIT_EXPECT_TRUE(test, e820__mapped_all(&t, 0x1000, 0x2000, E820_TYPE_RAM));
	KUNIT_EXPECT_FALSE(test, e820__mapped_all(&t, 0x1000, 0x2001, E820_TYPE_RAM));
	KUNIT_EXPECT_TRUE(test, e820__mapped_any(&t, 0x1fff, 0x3001, E820_TYPE_RAM));
	KUNIT_EXPECT_FALSE(test, e820__mapped_any(&t, 0x2000, 0x3000, E820_TYPE_RAM));
	KUNIT_EXPECT_FALSE(test, e820__mapped_any(&t, 0x1000, 0x1000, E820_TYPE_RAM));
}

/* The types Linux names; anything else ("type 20") is a firmware value passed through. */
static bool e820_type_known(u32 type)
{
	switch (type) {
	case E820_TYPE_RAM: case E820_TYPE_RESERVED: case E820_TYPE_ACPI: case E820_TYPE_NVS:
	case E820_TYPE_UNUSABLE: case E820_TYPE_PMEM: case E820_TYPE_PRAM:
	case E820_TYPE_SOFT_RESERVED:
		return true;
	default:
		return false;
	}
}

/*
 * Under UEFI the firmware table is the EFI memory map converted as Linux's EFI
 * stub does: only Linux's types, neighbours of one type merged, and what GRUB's
 * memory map calls type 20 (EFI runtime services code) reserved.
 */
static void e820_uefi_table_is_the_converted_efi_memory_map(struct kunit *test)
{
	const struct e820_table *fw = &e820_table_firmware;

	if (!boot_info.efi_mmap)
		kunit_skip(test, "no EFI memory map from the boot loader (a BIOS boot)");
	KUNIT_ASSERT_EQ(test, setup_e820(&t, boot_info.efi_mmap, boot_info.efi_desc_size,
					 boot_info.efi_desc_count), 0);
	e820__update_table(&t);
	KUNIT_ASSERT_EQ(test, t.nr_entries, fw->nr_entries);
	KUNIT_EXPECT_EQ(test, memcmp(&t.entries, &fw->entries, t.nr_entries * sizeof(t.entries[0])), 0);
	for (u32 i = 0; i < fw->nr_entries; i++) {
		const struct e820_entry *e = &fw->entries[i], *prev = e - 1;

		KUNIT_EXPECT_TRUE(test, e820_type_known(e->type));
		if (i && e->type != E820_TYPE_PRAM && e->type != E820_TYPE_SOFT_RESERVED)
			KUNIT_EXPECT_FALSE(test, prev->type == e->type &&
					   prev->addr + prev->size == e->addr);
	}
	for (u32 i = 0; i < boot_info.mmap_count; i++) {
		const struct mb2_mmap_entry *m = mb2_mmap_entry(&boot_info, i);

		if (!e820_type_known(m->type))
			KUNIT_EXPECT_TRUE(test, e820__mapped_all(fw, m->addr, m->addr + m->len,
								 E820_TYPE_RESERVED));
	}
}

/* Under a BIOS there is no EFI map: the table is the memory map tag, sanitised. */
static void e820_bios_table_is_the_memory_map_tag(struct kunit *test)
{
	if (boot_info.efi_mmap)
		kunit_skip(test, "booted through UEFI: the EFI memory map is used");
	t.nr_entries = 0;
	for (u32 i = 0; i < boot_info.mmap_count; i++) {
		const struct mb2_mmap_entry *m = mb2_mmap_entry(&boot_info, i);

		e820__range_add(&t, m->addr, m->len, m->type);
	}
	e820__update_table(&t);
	KUNIT_ASSERT_EQ(test, t.nr_entries, e820_table_firmware.nr_entries);
	KUNIT_EXPECT_EQ(test, memcmp(&t.entries, &e820_table_firmware.entries,
				     t.nr_entries * sizeof(t.entries[0])), 0);
}

/*
 * Under a BIOS the firmware's table is the memory map tag: every entry GRUB
 * passed is there with its type (QEMU's entries never overlap), and the kernel
 * did not have to fall back to the basic memory information ("BIOS-e801").
 */
static void e820_firmware_table_has_every_memory_map_entry(struct kunit *test)
{
	const struct e820_table *fw = &e820_table_firmware;

	if (boot_info.efi_mmap)
		kunit_skip(test, "booted through UEFI: the EFI memory map is used");
	KUNIT_ASSERT_GE(test, boot_info.mmap_count, 2);
	KUNIT_EXPECT_GE(test, fw->nr_entries, 4);
	for (u32 i = 0; i < boot_info.mmap_count; i++) {
		const struct mb2_mmap_entry *m = mb2_mmap_entry(&boot_info, i);

		if (m->len)
			KUNIT_EXPECT_TRUE(test, e820__mapped_all(fw, m->addr, m->addr + m->len,
								 m->type));
	}
	/* every PC's BIOS area (the BIOS ROM at 0xf0000) is reserved in the tag */
	KUNIT_EXPECT_TRUE(test, e820__mapped_all(fw, 0xf0000, 0x100000, E820_TYPE_RESERVED));
	KUNIT_EXPECT_FALSE(test, log_contains_since(0, "BIOS-e801"));
}

static struct kunit_case e820_cases[] = {
	KUNIT_CASE(e820_prints_linux_format),
	KUNIT_CASE(e820_sanitize_sorts_and_merges),
	KUNIT_CASE(e820_sanitize_overlap_takes_higher_type),
	KUNIT_CASE(e820_refuses_bad_entries),
	KUNIT_CASE(e820_boot_table_is_sane),
	KUNIT_CASE(e820_range_update_changes_only_the_old_type),
	KUNIT_CASE(e820_queries_respect_edges),
	KUNIT_CASE(e820_uefi_table_is_the_converted_efi_memory_map),
	KUNIT_CASE(e820_bios_table_is_the_memory_map_tag),
	KUNIT_CASE(e820_firmware_table_has_every_memory_map_entry),
	{}
};

static struct kunit_suite e820_suite = {
	.name = "e820",
	.test_cases = e820_cases,
};
kunit_test_suite(e820_suite);
