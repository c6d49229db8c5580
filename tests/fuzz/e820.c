/*
 * Fuzzing the e820 sanitising of mm/e820.c: the input is a firmware memory
 * map (up to E820_MAX_ENTRIES ranges), added with e820__range_add and
 * sanitised with e820__update_table, then one type change with
 * e820__range_update.  After each, the table must be sorted, without
 * overlaps or empty entries, with neighbours of one type merged (except the
 * types Linux keeps whole), and every address must have the type a model
 * gives it: the highest type among the input ranges covering it (none if
 * none does), then the new type where the change applied.  The first byte
 * chooses small addresses (page numbers below 256, so ranges overlap often)
 * or full 64-bit ones.
 */
#include <mm/e820.h>

#include "fuzz.h"

#define PAGE 0x1000ULL

static const u32 types[] = {
	E820_TYPE_RAM, E820_TYPE_RESERVED, E820_TYPE_ACPI, E820_TYPE_NVS, E820_TYPE_UNUSABLE,
	E820_TYPE_PMEM, E820_TYPE_PRAM, E820_TYPE_SOFT_RESERVED, 20,
};

static struct e820_table in, t;

struct change { u64 start, end; u32 old_type, new_type; bool done; };

/* The type the model gives address a: the highest covering input range's, then the change. */
static u32 model_type(u64 a, const struct change *c)
{
	u32 best = 0;

	for (u32 i = 0; i < in.nr_entries; i++) {
		const struct e820_entry *e = &in.entries[i];

		if (a >= e->addr && a - e->addr < e->size && (u32)e->type > best)
			best = e->type;
	}
	if (c->done && best == c->old_type && a >= c->start && a < c->end)
		best = c->new_type;
	return best;
}

static u32 table_type(u64 a)
{
	for (u32 i = 0; i < t.nr_entries; i++)
		if (a >= t.entries[i].addr && a - t.entries[i].addr < t.entries[i].size)
			return t.entries[i].type;
	return 0;
}

static void check_point(u64 a, const struct change *c)
{
	u32 want = model_type(a, c), got = table_type(a);

	FUZZ_ASSERT(got == want, "address %#llx is type %u, want %u", (unsigned long long)a,
		    got, want);
}

static void check_shape(void)
{
	FUZZ_ASSERT(t.nr_entries <= E820_MAX_ENTRIES, "%u entries", t.nr_entries);
	for (u32 i = 0; i < t.nr_entries; i++) {
		const struct e820_entry *e = &t.entries[i], *n = e + 1;

		FUZZ_ASSERT(e->size && e->addr + e->size - 1 >= e->addr, "entry %u empty or wraps", i);
		if (i + 1 == t.nr_entries)
			break;
		FUZZ_ASSERT(e->addr + e->size <= n->addr, "entries %u and %u overlap or are unsorted",
			    i, i + 1);
		FUZZ_ASSERT(e->addr + e->size != n->addr || e->type != n->type ||
			    e->type == E820_TYPE_PRAM || e->type == E820_TYPE_SOFT_RESERVED,
			    "entries %u and %u not merged", i, i + 1);
	}
}

/* Every boundary of the input, the change and the table, and the byte before each. */
static void check_types(const struct change *c)
{
	for (u32 i = 0; i < in.nr_entries; i++) {
		const struct e820_entry *e = &in.entries[i];

		check_point(e->addr, c);
		check_point(e->addr + e->size - 1, c);
		if (e->addr + e->size)
			check_point(e->addr + e->size, c);
	}
	for (u32 i = 0; i < t.nr_entries; i++) {
		check_point(t.entries[i].addr, c);
		check_point(t.entries[i].addr + t.entries[i].size - 1, c);
		if (t.entries[i].addr)
			check_point(t.entries[i].addr - 1, c);
	}
	if (c->done && c->end > c->start) {
		check_point(c->start, c);
		check_point(c->end - 1, c);
	}
}

static u64 take_addr(struct fuzz_input *f, bool small)
{
	return small ? fuzz_u8(f) * PAGE : fuzz_u64(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input f = { data, size };
	bool small = !(fuzz_u8(&f) & 1);
	struct change c = { 0 };
	unsigned int n = fuzz_u8(&f) % (E820_MAX_ENTRIES + 1);

	printk_capture_reset();
	in.nr_entries = 0;
	for (unsigned int i = 0; i < n && f.left; i++) {
		u64 addr = take_addr(&f, small), len = take_addr(&f, small);

		e820__range_add(&in, addr, len, types[fuzz_u8(&f) % ARRAY_SIZE(types)]);
	}
	t = in;
	e820__update_table(&t);
	check_shape();
	if (printk_capture_contains("too many"))
		return 0;       /* the highest ranges were dropped, as documented */
	check_types(&c);

	c.start = take_addr(&f, small);
	c.end = c.start + take_addr(&f, small);
	c.old_type = types[fuzz_u8(&f) % ARRAY_SIZE(types)];
	c.new_type = types[fuzz_u8(&f) % ARRAY_SIZE(types)];
	if (c.end <= c.start || t.nr_entries * 3 > E820_MAX_ENTRIES)
		return 0;
	e820__range_update(&t, c.start, c.end - c.start, c.old_type, c.new_type);
	c.done = true;
	check_shape();
	if (!printk_capture_contains("too many"))
		check_types(&c);
	return 0;
}
