/*
 * Host tests of mm/e820.c (include/mm/e820.h): Linux's exact BIOS-e820 line
 * format and type names, adding ranges, sanitising (sorting, overlaps going
 * to the higher type, merging, dropping empty entries), the mapped_any/all
 * queries, the two SeaBIOS tables of tests/data/linux (firmware
 * table in, Linux's lines out), and a seeded random comparison of the
 * sanitiser with a brute-force model that types every address by hand.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mm/e820.h>

#include "hosttest.h"

/* e820_table is 3 KiB: one static instance per test process. */
static struct e820_table t;

static void table_reset(void)
{
	memset(&t, 0, sizeof(t));
	printk_capture_reset();
}

/* The BIOS-e820 line of entry i. */
static const char *line_of(unsigned int i)
{
	static char buf[128];

	e820_format_entry(buf, sizeof(buf), "BIOS-e820", &t.entries[i]);
	return buf;
}

static bool entry_is(const char *file, int line, unsigned int i, u64 addr, u64 size,
		     u32 type)
{
	const struct e820_entry *e = &t.entries[i];

	if (i < t.nr_entries && e->addr == addr && e->size == size && e->type == type)
		return true;
	host_fail(file, line, "entry %u of %u: {%#llx, %#llx, %u}, expected {%#llx, %#llx, %u}",
		  i, t.nr_entries, (unsigned long long)e->addr, (unsigned long long)e->size,
		  (u32)e->type, (unsigned long long)addr, (unsigned long long)size, type);
	return false;
}

#define CHECK_ENTRY(i, addr, size, type) entry_is(__FILE__, __LINE__, i, addr, size, type)

/* ---- formatting ---- */

TEST(e820_line_format_is_linux_exactly)
{
	struct e820_entry e = { 0, 0x9fc00, E820_TYPE_RAM };
	char buf[128];
	int n = e820_format_entry(buf, sizeof(buf), "BIOS-e820", &e);

	CHECK_STR(buf, "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable");
	CHECK_EQ_INT(n, strlen(buf));
	e = (struct e820_entry){ 0xfd00000000ULL, 0x300000000ULL, E820_TYPE_RESERVED };
	e820_format_entry(buf, sizeof(buf), "BIOS-e820", &e);
	CHECK_STR(buf, "BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved");
	e = (struct e820_entry){ 0x100000, 0x1000, E820_TYPE_ACPI };
	e820_format_entry(buf, sizeof(buf), "modified", &e);
	CHECK_STR(buf, "modified: [mem 0x0000000000100000-0x0000000000100fff] ACPI data");
}

/* type's name must be name, and the return value its length. */
static void check_type(const char *file, int line, enum e820_type type, const char *name)
{
	char buf[64];
	int n = e820_type_format(buf, sizeof(buf), type);

	host_check_str(buf, name, "e820_type_format()", name, file, line);
	host_check_int(n, (long long)strlen(name), "its return", "strlen(name)", file, line);
}

#define CHECK_TYPE(type, name) check_type(__FILE__, __LINE__, type, name)

TEST(e820_type_names_are_linux_names)
{
	CHECK_TYPE(E820_TYPE_RAM, "usable");
	CHECK_TYPE(E820_TYPE_RESERVED, "reserved");
	CHECK_TYPE(E820_TYPE_ACPI, "ACPI data");
	CHECK_TYPE(E820_TYPE_NVS, "ACPI NVS");
	CHECK_TYPE(E820_TYPE_UNUSABLE, "unusable");
	CHECK_TYPE(E820_TYPE_PMEM, "persistent (type 7)");
	CHECK_TYPE(E820_TYPE_PRAM, "persistent (type 12)");
	CHECK_TYPE(E820_TYPE_SOFT_RESERVED, "soft reserved");
	CHECK_TYPE((enum e820_type)99, "type 99");
	CHECK_TYPE((enum e820_type)6, "type 6");
	CHECK_TYPE((enum e820_type)0, "type 0");
}

TEST(e820_format_into_a_short_buffer)
{
	struct e820_entry e = { 0, 0x9fc00, E820_TYPE_RAM };
	char buf[64];

	CHECK_EQ_INT(e820_format_entry(buf, 20, "BIOS-e820", &e), 19);
	CHECK_STR(buf, "BIOS-e820: [mem 0x0");
	CHECK_EQ_INT(e820_format_entry(buf, 54, "BIOS-e820", &e), 53);  /* type cut off */
	CHECK_STR(buf, "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff");
	CHECK_EQ_INT(e820_type_format(buf, 4, E820_TYPE_RAM), 3);
	CHECK_STR(buf, "usa");
}

/* ---- adding ---- */

TEST(e820_range_add_appends)
{
	table_reset();
	CHECK_EQ_INT(e820__range_add(&t, 0x100000, 0x1000, E820_TYPE_RAM), 0);
	CHECK_EQ_INT(e820__range_add(&t, 0, 0x1000, E820_TYPE_RESERVED), 0);
	CHECK_EQ_INT(t.nr_entries, 2);
	CHECK_ENTRY(0, 0x100000, 0x1000, E820_TYPE_RAM);
	CHECK_ENTRY(1, 0, 0x1000, E820_TYPE_RESERVED);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(e820_range_add_refuses_zero_size)
{
	table_reset();
	CHECK_EQ_INT(e820__range_add(&t, 0x1000, 0, E820_TYPE_RAM), -EINVAL);
	CHECK_EQ_INT(t.nr_entries, 0);
}

/* A zero-sized range is dropped without a message, as Linux drops empty entries. */
TEST(e820_range_add_drops_zero_size_quietly)
{
	table_reset();
	CHECK_EQ_INT(e820__range_add(&t, 0x1000, 0, E820_TYPE_RAM), -EINVAL);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_INT(t.nr_entries, 0);
}

TEST(e820_range_add_refuses_wrapping_ranges)
{
	table_reset();
	CHECK_EQ_INT(e820__range_add(&t, 0xfffffffffffff000ULL, 0x2000, E820_TYPE_RAM), -EINVAL);
	CHECK_ONE_LINE("[mem 0xfffffffffffff000 + 0x2000] wraps around the address space");
	printk_capture_reset();
	CHECK_EQ_INT(e820__range_add(&t, 1, ~0ULL, E820_TYPE_RAM), -EINVAL);
	CHECK_ONE_LINE("wraps around");
	CHECK_EQ_INT(t.nr_entries, 0);
	/* the last byte may be the top of the address space */
	CHECK_EQ_INT(e820__range_add(&t, 0xfffffffffffff000ULL, 0xfff, E820_TYPE_RAM), 0);
}

TEST(e820_range_add_more_than_128_is_enospc)
{
	table_reset();
	for (u64 i = 0; i < E820_MAX_ENTRIES; i++)
		CHECK_EQ_INT(e820__range_add(&t, i * 0x2000, 0x1000, E820_TYPE_RAM), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_INT(e820__range_add(&t, 0x10000000, 0x1000, E820_TYPE_RAM), -ENOSPC);
	CHECK_ONE_LINE("too many entries; ignoring [mem 0x10000000-0x10000fff]");
	CHECK_EQ_INT(t.nr_entries, E820_MAX_ENTRIES);
}

/* ---- sanitising ---- */

TEST(e820_update_sorts)
{
	table_reset();
	e820__range_add(&t, 0x100000, 0x1000, E820_TYPE_RAM);
	e820__range_add(&t, 0x2000, 0x1000, E820_TYPE_RESERVED);
	e820__range_add(&t, 0x100000000ULL, 0x1000, E820_TYPE_ACPI);
	e820__range_add(&t, 0, 0x1000, E820_TYPE_NVS);
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, 4);
	CHECK_ENTRY(0, 0, 0x1000, E820_TYPE_NVS);
	CHECK_ENTRY(1, 0x2000, 0x1000, E820_TYPE_RESERVED);
	CHECK_ENTRY(2, 0x100000, 0x1000, E820_TYPE_RAM);
	CHECK_ENTRY(3, 0x100000000ULL, 0x1000, E820_TYPE_ACPI);
}

TEST(e820_update_overlap_goes_to_the_higher_type)
{
	table_reset();
	e820__range_add(&t, 0, 0x10000, E820_TYPE_RAM);
	e820__range_add(&t, 0x8000, 0x1000, E820_TYPE_RESERVED);       /* inside */
	e820__range_add(&t, 0xf000, 0x2000, E820_TYPE_ACPI);           /* across the end */
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, 4);
	CHECK_ENTRY(0, 0, 0x8000, E820_TYPE_RAM);
	CHECK_ENTRY(1, 0x8000, 0x1000, E820_TYPE_RESERVED);
	CHECK_ENTRY(2, 0x9000, 0x6000, E820_TYPE_RAM);
	CHECK_ENTRY(3, 0xf000, 0x2000, E820_TYPE_ACPI);
}

TEST(e820_update_higher_type_wins_whatever_the_order)
{
	static const u32 types[] = { 1, 2, 3, 4, 5, 7, 12, E820_TYPE_SOFT_RESERVED };

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		for (size_t j = 0; j < sizeof(types) / sizeof(types[0]); j++) {
			u32 hi = types[i] > types[j] ? types[i] : types[j];

			table_reset();
			e820__range_add(&t, 0x1000, 0x3000, types[i]);
			e820__range_add(&t, 0x2000, 0x3000, types[j]);
			e820__update_table(&t);
			CHECK_MSG(t.entries[i < j ? 1 : 0].addr <= 0x2000 && e820__mapped_all(&t, 0x2000, 0x4000, hi),
				  "types %u and %u: the overlap is not type %u", types[i], types[j], hi);
			CHECK(e820__mapped_all(&t, 0x1000, 0x2000, types[i]));
			CHECK(e820__mapped_all(&t, 0x4000, 0x5000, types[j]));
		}
}

TEST(e820_update_merges_adjacent_and_overlapping_same_type)
{
	table_reset();
	e820__range_add(&t, 0x3000, 0x1000, E820_TYPE_RAM);
	e820__range_add(&t, 0x1000, 0x2000, E820_TYPE_RAM);
	e820__range_add(&t, 0x0, 0x1800, E820_TYPE_RAM);
	e820__range_add(&t, 0x3000, 0x1000, E820_TYPE_RAM);    /* a duplicate */
	e820__range_add(&t, 0x4000, 0x1000, E820_TYPE_RESERVED);
	e820__range_add(&t, 0x5000, 0x1000, E820_TYPE_RESERVED);
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, 2);
	CHECK_ENTRY(0, 0, 0x4000, E820_TYPE_RAM);
	CHECK_ENTRY(1, 0x4000, 0x2000, E820_TYPE_RESERVED);
}

TEST(e820_update_keeps_holes_and_different_neighbours)
{
	table_reset();
	e820__range_add(&t, 0, 0x1000, E820_TYPE_RAM);
	e820__range_add(&t, 0x2000, 0x1000, E820_TYPE_RAM);            /* hole before */
	e820__range_add(&t, 0x3000, 0x1000, E820_TYPE_ACPI);           /* touching */
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, 3);
	CHECK_ENTRY(1, 0x2000, 0x1000, E820_TYPE_RAM);
	CHECK_ENTRY(2, 0x3000, 0x1000, E820_TYPE_ACPI);
}

TEST(e820_update_drops_zero_length_entries)
{
	table_reset();
	t.entries[0] = (struct e820_entry){ 0x5000, 0, E820_TYPE_RESERVED };
	t.entries[1] = (struct e820_entry){ 0, 0x10000, E820_TYPE_RAM };
	t.entries[2] = (struct e820_entry){ 0x20000, 0, E820_TYPE_RAM };
	t.nr_entries = 3;
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, 1);
	CHECK_ENTRY(0, 0, 0x10000, E820_TYPE_RAM);
}

TEST(e820_update_empty_table)
{
	table_reset();
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, 0);
}

TEST(e820_update_above_4g)
{
	table_reset();
	e820__range_add(&t, 0x100000000ULL, 0x80000000ULL, E820_TYPE_RAM);
	e820__range_add(&t, 0x180000000ULL, 0x1000, E820_TYPE_RESERVED);
	e820__range_add(&t, 0xfd00000000ULL, 0x300000000ULL, E820_TYPE_RESERVED);
	e820__range_add(&t, 0, 0x9fc00, E820_TYPE_RAM);
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, 4);
	CHECK_STR(line_of(1), "BIOS-e820: [mem 0x0000000100000000-0x000000017fffffff] usable");
	CHECK_STR(line_of(2), "BIOS-e820: [mem 0x0000000180000000-0x0000000180000fff] reserved");
	CHECK_STR(line_of(3), "BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved");
	CHECK_STR(line_of(0), "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable");
}

TEST(e820_update_reaches_the_top_of_the_address_space)
{
	table_reset();
	e820__range_add(&t, 0xfffffffffffff000ULL, 0xfff, E820_TYPE_RESERVED);
	e820__range_add(&t, 0, 0x1000, E820_TYPE_RAM);
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, 2);
	CHECK_ENTRY(1, 0xfffffffffffff000ULL, 0xfff, E820_TYPE_RESERVED);
}

/*
 * 128 entries can cut into up to 255 pieces (one RAM range with 127 reserved
 * holes punched in it).  The table holds 128: the rest are dropped with one
 * message, and nothing is written out of bounds (ASan watches).
 */
TEST(e820_update_more_pieces_than_entries_stays_in_bounds)
{
	table_reset();
	e820__range_add(&t, 0, 0x100000, E820_TYPE_RAM);
	for (u64 i = 1; i < E820_MAX_ENTRIES; i++)
		e820__range_add(&t, i * 0x1000 + 0x100, 0x100, E820_TYPE_RESERVED);
	e820__update_table(&t);
	CHECK_EQ_INT(t.nr_entries, E820_MAX_ENTRIES);
	CHECK_ONE_LINE("too many entries after sanitising");
	CHECK_ENTRY(0, 0, 0x1100, E820_TYPE_RAM);
	CHECK_ENTRY(1, 0x1100, 0x100, E820_TYPE_RESERVED);
}

/* ---- queries ---- */

static void build_small_pc_table(void)
{
	table_reset();
	e820__range_add(&t, 0, 0x9fc00, E820_TYPE_RAM);
	e820__range_add(&t, 0x9fc00, 0x400, E820_TYPE_RESERVED);
	e820__range_add(&t, 0xf0000, 0x10000, E820_TYPE_RESERVED);
	e820__range_add(&t, 0x100000, 0x1fee0000, E820_TYPE_RAM);
	e820__update_table(&t);
}

TEST(e820_mapped_any_and_all)
{
	build_small_pc_table();
	CHECK(e820__mapped_all(&t, 0, 0x1000, E820_TYPE_RAM));
	CHECK(e820__mapped_all(&t, 0, 0x9fc00, E820_TYPE_RAM));
	CHECK(!e820__mapped_all(&t, 0, 0x9fc01, E820_TYPE_RAM));
	CHECK(e820__mapped_any(&t, 0x9f000, 0xa0000, E820_TYPE_RAM));
	CHECK(e820__mapped_any(&t, 0x9f000, 0xa0000, E820_TYPE_RESERVED));
	CHECK(!e820__mapped_any(&t, 0xa0000, 0xf0000, E820_TYPE_RAM));          /* the hole */
	CHECK(!e820__mapped_any(&t, 0xa0000, 0xf0000, E820_TYPE_RESERVED));
	CHECK(!e820__mapped_all(&t, 0x9fc00, 0x100000, E820_TYPE_RESERVED));    /* across it */
	CHECK(e820__mapped_all(&t, 0xf0000, 0x100000, E820_TYPE_RESERVED));
	CHECK(e820__mapped_any(&t, 0xfffff, 0x100001, E820_TYPE_RAM));
	CHECK(e820__mapped_all(&t, 0x1ffdffff, 0x1ffe0000, E820_TYPE_RAM));
	CHECK(!e820__mapped_any(&t, 0x1ffe0000, 0x1ffe1000, E820_TYPE_RAM));
	CHECK(!e820__mapped_any(&t, 0, 0x1000, E820_TYPE_ACPI));
}

TEST(e820_mapped_empty_or_reversed_range_is_false)
{
	build_small_pc_table();
	CHECK(!e820__mapped_any(&t, 0x1000, 0x1000, E820_TYPE_RAM));
	CHECK(!e820__mapped_all(&t, 0x1000, 0x1000, E820_TYPE_RAM));
	CHECK(!e820__mapped_any(&t, 0x2000, 0x1000, E820_TYPE_RAM));
	CHECK(!e820__mapped_all(&t, 0x2000, 0x1000, E820_TYPE_RAM));
}

/* ---- the SeaBIOS tables Linux saw (reference/linux/<machine>/) ---- */

/* pc-512M/firmware-e820-tcg.txt, lines 2..8 */
static const char *const pc_firmware[] = {
	"  0: 0000000000000000 - 000000000009fc00 = 1 RAM",
	"  1: 000000000009fc00 - 00000000000a0000 = 2 RESERVED",
	"  2: 00000000000f0000 - 0000000000100000 = 2 RESERVED",
	"  3: 0000000000100000 - 000000001ffe0000 = 1 RAM",
	"  4: 000000001ffe0000 - 0000000020000000 = 2 RESERVED",
	"  5: 00000000fffc0000 - 0000000100000000 = 2 RESERVED",
	"  6: 000000fd00000000 - 0000010000000000 = 2 RESERVED",
	NULL
};

/* pc-512M/e820.txt */
static const char *const pc_linux[] = {
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
	"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved",
	"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
	"BIOS-e820: [mem 0x0000000000100000-0x000000001ffdffff] usable",
	"BIOS-e820: [mem 0x000000001ffe0000-0x000000001fffffff] reserved",
	"BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved",
	"BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved",
	NULL
};

/* q35-512M/firmware-e820-tcg.txt, lines 2..10 */
static const char *const q35_firmware[] = {
	"  0: 0000000000000000 - 000000000009fc00 = 1 RAM",
	"  1: 000000000009fc00 - 00000000000a0000 = 2 RESERVED",
	"  2: 00000000000f0000 - 0000000000100000 = 2 RESERVED",
	"  3: 0000000000100000 - 000000001ffdf000 = 1 RAM",
	"  4: 000000001ffdf000 - 0000000020000000 = 2 RESERVED",
	"  5: 00000000b0000000 - 00000000c0000000 = 2 RESERVED",
	"  6: 00000000fed1c000 - 00000000fed20000 = 2 RESERVED",
	"  7: 00000000fffc0000 - 0000000100000000 = 2 RESERVED",
	"  8: 000000fd00000000 - 0000010000000000 = 2 RESERVED",
	NULL
};

/* q35-512M/e820.txt */
static const char *const q35_linux[] = {
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
	"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved",
	"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
	"BIOS-e820: [mem 0x0000000000100000-0x000000001ffdefff] usable",
	"BIOS-e820: [mem 0x000000001ffdf000-0x000000001fffffff] reserved",
	"BIOS-e820: [mem 0x00000000b0000000-0x00000000bfffffff] reserved",
	"BIOS-e820: [mem 0x00000000fed1c000-0x00000000fed1ffff] reserved",
	"BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved",
	"BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved",
	NULL
};

/* Add the firmware lines ("N: start - end = type NAME") to t, last first if reversed. */
static void add_firmware(const char *const *lines, bool reversed)
{
	int n = 0;

	while (lines[n])
		n++;
	table_reset();
	for (int i = 0; i < n; i++) {
		unsigned long long start, end;
		unsigned int idx, type;
		const char *l = lines[reversed ? n - 1 - i : i];

		if (!CHECK_MSG(sscanf(l, " %u: %llx - %llx = %u", &idx, &start, &end, &type) == 4,
			       "cannot parse \"%s\"", l))
			return;
		CHECK_EQ_INT(e820__range_add(&t, start, end - start, type), 0);
	}
}

/* After sanitising, t printed as Linux does must be exactly expect. */
static void check_linux_lines(const char *const *expect)
{
	char all[2048] = "";
	size_t n = 0;

	e820__update_table(&t);
	for (unsigned int i = 0; i < t.nr_entries || expect[i]; i++) {
		if (!CHECK_MSG(i < t.nr_entries && expect[i], "%u entries", t.nr_entries))
			return;
		CHECK_STR(line_of(i), expect[i]);
		n += libc_snprintf(all + n, sizeof(all) - n, "%s\n", expect[i]);
	}
	printk_capture_reset();
	e820__print_table(&t, "BIOS-e820");
	CHECK_STR(printk_capture(), all);
}

TEST(e820_qemu_pc_512m_prints_as_linux)
{
	add_firmware(pc_firmware, false);
	check_linux_lines(pc_linux);
}

TEST(e820_qemu_q35_512m_prints_as_linux)
{
	add_firmware(q35_firmware, false);
	check_linux_lines(q35_linux);
}

TEST(e820_qemu_tables_reversed_sanitise_to_the_same_lines)
{
	add_firmware(pc_firmware, true);
	check_linux_lines(pc_linux);
	add_firmware(q35_firmware, true);
	check_linux_lines(q35_linux);
}

TEST(e820_qemu_table_with_duplicates_and_overlaps)
{
	add_firmware(q35_firmware, true);
	/* GRUB or firmware quirks: a repeated entry and RAM claimed inside a reserved hole */
	e820__range_add(&t, 0xb0000000, 0x10000000, E820_TYPE_RESERVED);
	e820__range_add(&t, 0xb8000000, 0x1000, E820_TYPE_RAM);
	e820__range_add(&t, 0x1000, 0x2000, E820_TYPE_RAM);
	check_linux_lines(q35_linux);
}

/* ---- random tables against a brute-force model ---- */

#define MODEL_UNITS 96          /* addresses 0..95 units of model_unit bytes */

static const u32 model_types[] = { 1, 2, 3, 4, 5, 7, 12, 99, E820_TYPE_SOFT_RESERVED };

/* A random table of 1..12 entries (some empty); expected[u] = highest type on unit u. */
static void random_table(u64 unit, u32 *expected)
{
	int n = 1 + host_rand_below(12);

	table_reset();
	memset(expected, 0, MODEL_UNITS * sizeof(*expected));
	while (n--) {
		u64 a = host_rand_below(MODEL_UNITS - 1);
		u64 s = host_rand_below(host_rand_below(2) ? 8 : MODEL_UNITS - a + 1);
		u32 type = model_types[host_rand_below(sizeof(model_types) / sizeof(model_types[0]))];

		if (a + s > MODEL_UNITS)
			s = MODEL_UNITS - a;
		if (!s)         /* e820__range_add refuses it: put it in by hand */
			t.entries[t.nr_entries++] = (struct e820_entry){ a * unit, 0, type };
		else
			e820__range_add(&t, a * unit, s * unit, type);
		for (u64 u = a; u < a + s; u++)
			if (type > expected[u])
				expected[u] = type;
	}
}

/* The type of address a in the sanitised t (0: none). */
static u32 type_in_table(u64 a)
{
	for (u32 i = 0; i < t.nr_entries; i++)
		if (a >= t.entries[i].addr && a - t.entries[i].addr < t.entries[i].size)
			return t.entries[i].type;
	return 0;
}

/*
 * Sorted, non-overlapping, no empty entries, no same-type neighbours touching
 * (except persistent and soft-reserved pieces, which Linux never merges).
 */
static bool check_shape(unsigned int iter)
{
	for (u32 i = 0; i < t.nr_entries; i++) {
		const struct e820_entry *e = &t.entries[i], *prev = e - 1;

		if (!CHECK_MSG(e->size, "iter %u: entry %u is empty", iter, i))
			return false;
		if (!i)
			continue;
		if (!CHECK_MSG(prev->addr + prev->size <= e->addr, "iter %u: %u overlaps", iter, i) ||
		    !CHECK_MSG(prev->addr + prev->size < e->addr || prev->type != e->type ||
			       e->type == E820_TYPE_PRAM || e->type == E820_TYPE_SOFT_RESERVED,
			       "iter %u: %u should have merged", iter, i))
			return false;
	}
	return true;
}

/* mapped_any/all on a random range must agree with expected[]. */
static bool check_random_query(u64 unit, const u32 *expected, unsigned int iter)
{
	u64 s = host_rand_below(MODEL_UNITS + 1), e = host_rand_below(MODEL_UNITS + 1);
	u32 type = model_types[host_rand_below(sizeof(model_types) / sizeof(model_types[0]))];
	bool any = false, all = s < e;

	for (u64 u = s; u < e; u++) {
		any = any || expected[u] == type;
		all = all && expected[u] == type;
	}
	return CHECK_MSG(e820__mapped_any(&t, s * unit, e * unit, type) == any &&
			 e820__mapped_all(&t, s * unit, e * unit, type) == all,
			 "iter %u: [%llu, %llu) type %u: any %d all %d expected", iter,
			 (unsigned long long)s, (unsigned long long)e, type, any, all);
}

TEST(e820_update_matches_a_brute_force_model)
{
	static const u64 units[] = { 1, 0x1000, 0x100000000ULL, 0x1000000000000ULL };
	u32 expected[MODEL_UNITS];

	for (unsigned int iter = 0; iter < 20000; iter++) {
		u64 unit = units[host_rand_below(sizeof(units) / sizeof(units[0]))];
		bool ok = true;

		random_table(unit, expected);
		e820__update_table(&t);
		if (!check_shape(iter))
			break;
		for (u64 u = 0; u < MODEL_UNITS && ok; u++)
			ok = CHECK_MSG(type_in_table(u * unit) == expected[u],
				       "iter %u: unit %llu is type %u, expected %u", iter,
				       (unsigned long long)u, type_in_table(u * unit), expected[u]);
		for (int q = 0; q < 4 && ok; q++)
			ok = check_random_query(unit, expected, iter);
		if (!ok)
			break;
	}
}

/* ---- e820__range_remove (Linux's trim_bios_range uses it at boot) ---- */

TEST(e820_range_remove_cuts_only_the_old_type_and_prints_linux_line)
{
	table_reset();
	e820__range_add(&t, 0, 0xc0000, E820_TYPE_RAM);             /* RAM into the VGA hole */
	e820__range_add(&t, 0xc0000, 0x20000, E820_TYPE_RESERVED);
	e820__range_add(&t, 0xe0000, 0x40000, E820_TYPE_RAM);       /* and across 1 MiB */
	e820__update_table(&t);
	printk_capture_reset();
	CHECK_EQ_U64(e820__range_remove(&t, 0xa0000, 0x60000, E820_TYPE_RAM, true), 0x40000);
	CHECK_ONE_LINE("e820: remove [mem 0x000a0000-0x000fffff] usable");
	CHECK_EQ_INT(t.nr_entries, 3);
	CHECK_ENTRY(0, 0, 0xa0000, E820_TYPE_RAM);
	CHECK_ENTRY(1, 0xc0000, 0x20000, E820_TYPE_RESERVED);
	CHECK_ENTRY(2, 0x100000, 0x20000, E820_TYPE_RAM);
}

TEST(e820_range_remove_splits_an_entry_and_ignores_type_when_asked)
{
	table_reset();
	e820__range_add(&t, 0x100000, 0x300000, E820_TYPE_RESERVED);
	CHECK_EQ_U64(e820__range_remove(&t, 0x200000, 0x100000, E820_TYPE_RAM, true), 0);
	CHECK_EQ_INT(t.nr_entries, 1);
	CHECK_EQ_U64(e820__range_remove(&t, 0x200000, 0x100000, E820_TYPE_RAM, false), 0x100000);
	CHECK_EQ_INT(t.nr_entries, 2);
	CHECK_ENTRY(0, 0x100000, 0x100000, E820_TYPE_RESERVED);
	CHECK_ENTRY(1, 0x300000, 0x100000, E820_TYPE_RESERVED);
	/* a size running past 2^64 stops at the top */
	CHECK_EQ_U64(e820__range_remove(&t, 0x380000, ~0ULL, E820_TYPE_RAM, false), 0x80000);
	CHECK_EQ_INT(t.nr_entries, 2);
	CHECK_ENTRY(1, 0x300000, 0x80000, E820_TYPE_RESERVED);
}
