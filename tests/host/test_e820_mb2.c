/*
 * Host tests of e820__memory_setup() under a BIOS (mm/e820.c): the memory map
 * tag's entries become the e820 table (Linux's append_e820_table), and without
 * a map of at least two entries the basic memory information does, as Linux's
 * e820__memory_setup_default() falls back to the BIOS's older calls
 * ("BIOS-e801").  The data is the map SeaBIOS gives GRUB on
 * -machine q35 -m 512M, and the lines are Linux's for that machine
 * (reference/linux/q35-512M/e820.txt).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/multiboot2.h>
#include <mm/e820.h>

#include "hosttest.h"
#include "mb2_build.h"

/* GRUB's memory map tag on q35 512M: SeaBIOS's e820 table, in its order */
static const struct mb2_mmap_entry q35_map[] = {
	{ 0x0, 0x9fc00, 1, 0 },
	{ 0x9fc00, 0x400, 2, 0 },
	{ 0xf0000, 0x10000, 2, 0 },
	{ 0x100000, 0x1fedf000, 1, 0 },
	{ 0x1ffdf000, 0x21000, 2, 0 },
	{ 0xb0000000, 0x10000000, 2, 0 },
	{ 0xfed1c000, 0x4000, 2, 0 },
	{ 0xfffc0000, 0x40000, 2, 0 },
	{ 0xfd00000000ULL, 0x300000000ULL, 2, 0 },
};
#define Q35_N (sizeof(q35_map) / sizeof(q35_map[0]))

/* reference/linux/q35-512M/e820.txt, after "BIOS-provided physical RAM map:" */
static const char q35_linux[] =
	"BIOS-provided physical RAM map:\n"
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
	"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
	"BIOS-e820: [mem 0x0000000000100000-0x000000001ffdefff] usable\n"
	"BIOS-e820: [mem 0x000000001ffdf000-0x000000001fffffff] reserved\n"
	"BIOS-e820: [mem 0x00000000b0000000-0x00000000bfffffff] reserved\n"
	"BIOS-e820: [mem 0x00000000fed1c000-0x00000000fed1ffff] reserved\n"
	"BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n"
	"BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved\n";

/* Entries entry_size apart, the gap after each filled with 0xab. */
static u8 mmap_buf[64 * 48] __attribute__((aligned(8)));

static const u8 *lay_out(const struct mb2_mmap_entry *e, unsigned int n, u32 entry_size)
{
	memset(mmap_buf, 0xab, sizeof(mmap_buf));
	for (unsigned int i = 0; i < n; i++)
		memcpy(mmap_buf + (size_t)i * entry_size, &e[i], sizeof(e[i]));
	return mmap_buf;
}

static void setup(const struct mb2_mmap_entry *e, unsigned int n, u32 entry_size,
		  bool meminfo)
{
	struct mb2_info mbi = { .mmap = lay_out(e, n, entry_size), .mmap_entry_size = entry_size,
				.mmap_count = n, .has_meminfo = meminfo,
				.mem_lower_kb = 639, .mem_upper_kb = 523132 };

	memset(&e820_table, 0xcd, sizeof(e820_table));  /* nothing left from before */
	printk_capture_reset();
	e820__memory_setup(&mbi);
}

static const char *line_of(const struct e820_table *tab, unsigned int i)
{
	static char buf[128];

	e820_format_entry(buf, sizeof(buf), "BIOS-e820", &tab->entries[i]);
	return buf;
}

TEST(e820_mb2_q35_map_prints_as_linux)
{
	setup(q35_map, Q35_N, 24, true);
	CHECK(printk_capture_contains(q35_linux));
	CHECK(!printk_capture_contains("BIOS-e801"));
	CHECK_EQ_INT(e820_table_firmware.nr_entries, Q35_N);
	for (unsigned int i = 0; i < Q35_N && i < e820_table_firmware.nr_entries; i++) {
		CHECK_EQ_U64(e820_table_firmware.entries[i].addr, q35_map[i].addr);
		CHECK_EQ_U64(e820_table_firmware.entries[i].size, q35_map[i].len);
		CHECK_EQ_INT(e820_table_firmware.entries[i].type, q35_map[i].type);
	}
	/* then the kernel's own table: page 0 the BIOS's, as Linux's trim_bios_range() */
	CHECK(e820__mapped_all(&e820_table, 0, 0x1000, E820_TYPE_RESERVED));
	CHECK(e820__mapped_all(&e820_table, 0x1000, 0x9fc00, E820_TYPE_RAM));
}

/* A later boot loader may give wider entries: they are entry_size apart, not 24. */
TEST(e820_mb2_entries_are_entry_size_apart)
{
	setup(q35_map, Q35_N, 40, true);
	CHECK(printk_capture_contains(q35_linux));
	CHECK_EQ_INT(e820_table_firmware.nr_entries, Q35_N);
}

/* GRUB's map in any order, with a repeat: the same table once sanitised. */
TEST(e820_unsorted_memory_map_tag_gives_the_same_lines)
{
	struct mb2_mmap_entry rev[Q35_N + 1];

	for (unsigned int i = 0; i < Q35_N; i++)
		rev[i] = q35_map[Q35_N - 1 - i];
	rev[Q35_N] = q35_map[3];
	setup(rev, Q35_N + 1, 24, true);
	CHECK(printk_capture_contains(q35_linux));
}

/* A type the kernel has no name for is kept as the firmware gave it. */
TEST(e820_mb2_types_pass_through)
{
	static const struct mb2_mmap_entry map[] = {
		{ 0x0, 0x9fc00, 1, 0 }, { 0x100000, 0x100000, 3, 0 },
		{ 0x200000, 0x1000, 4, 0 }, { 0x201000, 0x1000, 5, 0 },
		{ 0x300000, 0x1000, 20, 0 },
	};

	setup(map, 5, 24, true);
	CHECK_EQ_INT(e820_table_firmware.nr_entries, 5);
	CHECK_STR(line_of(&e820_table_firmware, 1),
		  "BIOS-e820: [mem 0x0000000000100000-0x00000000001fffff] ACPI data");
	CHECK_STR(line_of(&e820_table_firmware, 2),
		  "BIOS-e820: [mem 0x0000000000200000-0x0000000000200fff] ACPI NVS");
	CHECK_STR(line_of(&e820_table_firmware, 3),
		  "BIOS-e820: [mem 0x0000000000201000-0x0000000000201fff] unusable");
	CHECK_STR(line_of(&e820_table_firmware, 4),
		  "BIOS-e820: [mem 0x0000000000300000-0x0000000000300fff] type 20");
}

/* An entry that wraps past 2^64 is refused with its line; the others stay. */
TEST(e820_mb2_wrapping_entry_is_refused)
{
	static const struct mb2_mmap_entry map[] = {
		{ 0x0, 0x9fc00, 1, 0 }, { 0x100000, 0x1000000, 1, 0 },
		{ 0xfffffffffffff000ULL, 0x2000, 2, 0 },
	};

	setup(map, 3, 24, true);
	CHECK(printk_capture_contains("wraps around the address space; ignored"));
	CHECK_EQ_INT(e820_table_firmware.nr_entries, 2);
	CHECK(!printk_capture_contains("BIOS-e801"));
}

/*
 * As Linux: a map of fewer than two entries is no map; the basic memory
 * information gives RAM below 640K and above 1M, printed as "BIOS-e801".
 */
TEST(e820_mb2_one_entry_falls_back_to_the_basic_memory_information)
{
	setup(q35_map + 3, 1, 24, true);
	CHECK(printk_capture_contains("BIOS-provided physical RAM map:\n"
		"BIOS-e801: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"BIOS-e801: [mem 0x0000000000100000-0x000000001ffdefff] usable\n"));
	CHECK_EQ_INT(e820_table_firmware.nr_entries, 2);
}

/* The whole path from GRUB's bytes: mb2_parse, then e820__memory_setup. */
TEST(e820_from_boot_information_to_linux_lines)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_string(&b, MB2_TAG_BOOTLOADER, "GRUB 2.06");
	mb_meminfo(&b, 639, 523132);
	mb_mmap(&b, 24, q35_map, Q35_N);
	mb_end(&b);
	p = mb_finish(&b);
	if (CHECK_EQ_INT(mb2_parse(p, b.len, &info), 0)) {
		printk_capture_reset();
		e820__memory_setup(&info);
		CHECK(printk_capture_contains(q35_linux));
	}
	free(p);
}
