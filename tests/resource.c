/*
 * resource suite: the resource trees (kernel/resource.c) in the kernel, with
 * kmalloc behind request_region.  On private roots: nesting, conflicts and the
 * message naming the holder, release, insert_resource adopting children,
 * lookup, and the exact /proc/iomem text of a hand-built tree.  On the real
 * trees (mm/e820_resources.c at boot): "System RAM" exactly where the e820
 * table has RAM, the kernel image nested inside it, RAM refused to drivers,
 * the legacy ports and COM1's "serial", and on q35 and pc with 512M under
 * TCG, Linux's own /proc/iomem lines for the ranges Atlas registers and
 * Linux's whole /proc/ioports, line for line.  (The option ROMs are left out
 * of iomem: Linux's reference ran with a VGA card and a NIC, scripts/qemu.py
 * runs with neither unless asked, so the ROMs below 1 MiB differ; ioports
 * is compared only when the boot has the reference's devices.)
 */
#include <asm/page.h>
#include <asm/sections.h>
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/ioport.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/e820.h>

#define MEM(s, e, n) { .start = (s), .end = (e), .name = (n), .flags = IORESOURCE_MEM }

static struct resource mem_root(void)
{
	return (struct resource){ .start = 0, .end = IOMEM_RESOURCE_END, .name = "test mem",
				  .flags = IORESOURCE_MEM };
}

/* The /proc/iomem text of a tree, with a '\n' in front so every line is "\n...\n". */
static char text[8192];

static void append_line(const char *line, void *arg)
{
	size_t n = strlen(text);

	scnprintf(text + n, sizeof(text) - n, "%s", line);
}

static const char *show(const struct resource *root)
{
	strscpy(text, "\n", sizeof(text));
	resource_show(root, append_line, NULL);
	return text;
}

/* Whether text has the line want, indented by any number of spaces. */
static bool has_line(const char *text, const char *want)
{
	size_t n = strlen(want);

	for (const char *p = text; (p = strchr(p, '\n')); ) {
		while (*++p == ' ')
			;
		if (!strncmp(p, want, n) && p[n] == '\n')
			return true;
	}
	return false;
}

#define EXPECT_LINE(test, text, want) \
	KUNIT_COND(test, false, has_line(text, want), "no line \"" want "\"")

/* ---- private trees ---- */

static void resource_request_nests_and_conflicts(struct kunit *test)
{
	struct resource root = mem_root();
	struct resource a = MEM(0x1000, 0x1fff, "a"), b = MEM(0x3000, 0x3fff, "b"),
			x = MEM(0x1800, 0x37ff, "x"), in = MEM(0x3100, 0x31ff, "in");

	KUNIT_EXPECT_EQ(test, request_resource(&root, &b), 0);
	KUNIT_EXPECT_EQ(test, request_resource(&root, &a), 0);
	KUNIT_EXPECT_PTR_EQ(test, root.child, &a);          /* sorted by address */
	KUNIT_EXPECT_PTR_EQ(test, a.sibling, &b);
	KUNIT_EXPECT_PTR_EQ(test, request_resource_conflict(&root, &x), &a);
	KUNIT_EXPECT_EQ(test, request_resource(&root, &x), -EBUSY);
	KUNIT_EXPECT_EQ(test, request_resource(&b, &in), 0);
	KUNIT_EXPECT_PTR_EQ(test, in.parent, &b);
	KUNIT_EXPECT_EQ(test, release_resource(&b), 0);
	KUNIT_EXPECT_NULL(test, a.sibling);
	KUNIT_EXPECT_PTR_EQ(test, b.child, &in);            /* b keeps its subtree */
	KUNIT_EXPECT_EQ(test, release_resource(&b), -EINVAL);
}

static void resource_conflict_message_names_the_holder(struct kunit *test)
{
	struct resource root = mem_root();
	struct resource *hpet = __request_region(&root, 0xfed00000, 0x400, "HPET 0", 0);
	size_t pos = log_buf_pos();

	KUNIT_ASSERT_NOT_NULL(test, hpet);
	KUNIT_EXPECT_EQ(test, hpet->flags, IORESOURCE_MEM | IORESOURCE_BUSY);
	KUNIT_EXPECT_NULL(test, __request_region(&root, 0xfed00000, 0x400, "HPET 0", 0));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "resource: can't claim [mem 0xfed00000-"
		"0xfed003ff] for \"HPET 0\": held by \"HPET 0\" [mem 0xfed00000-0xfed003ff]"));
	pos = log_buf_pos();
	KUNIT_EXPECT_NULL(test, __request_region(&root, 0xfed003fc, 8, "late", 0));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "for \"late\": held by \"HPET 0\""));
	__release_region(&root, 0xfed00000, 0x400);
	KUNIT_EXPECT_NULL(test, root.child);
}

/* Claims come from kmalloc and go back to it: the runner's page count checks that. */
static void resource_release_region_frees_the_claim(struct kunit *test)
{
	struct resource root = { .start = 0, .end = IO_SPACE_LIMIT, .name = "test io",
				 .flags = IORESOURCE_IO };
	struct resource *r[64];

	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 64; i++) {
			r[i] = __request_region(&root, 0x100 + 8 * i, 8, "port", 0);
			KUNIT_ASSERT_NOT_NULL(test, r[i]);
		}
		for (int i = 63; i >= 0; i -= 2)        /* every other one, then the rest */
			__release_region(&root, 0x100 + 8 * i, 8);
		for (int i = 0; i < 64; i += 2)
			__release_region(&root, 0x100 + 8 * i, 8);
		KUNIT_ASSERT_TRUE(test, root.child == NULL);
	}
}

static void resource_release_of_nothing_is_reported(struct kunit *test)
{
	struct resource root = mem_root();
	size_t pos = log_buf_pos();

	__release_region(&root, 0x1000, 0x1000);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "Trying to free nonexistent resource "
		"<0x0000000000001000-0x0000000000001fff>"));
}

static void resource_region_descends_into_a_range_not_busy(struct kunit *test)
{
	struct resource root = mem_root();
	struct resource window = MEM(0xc0000000, 0xfebfffff, "PCI Bus 0000:00");
	struct resource *bar;

	KUNIT_ASSERT_EQ(test, request_resource(&root, &window), 0);
	bar = __request_region(&root, 0xfebd5000, 0x1000, "0000:00:1f.2", 0);
	KUNIT_ASSERT_NOT_NULL(test, bar);
	KUNIT_EXPECT_PTR_EQ(test, bar->parent, &window);
	KUNIT_EXPECT_PTR_EQ(test, lookup_resource_containing(&root, 0xfebd5abc), bar);
	KUNIT_EXPECT_PTR_EQ(test, lookup_resource_containing(&root, 0xfebd6000), &window);
	KUNIT_EXPECT_NULL(test, lookup_resource_containing(&root, 0xfec00000));
	__release_region(&root, 0xfebd5000, 0x1000);
	KUNIT_EXPECT_NULL(test, window.child);
}

static void resource_insert_adopts_children(struct kunit *test)
{
	struct resource root = mem_root();
	struct resource rom = MEM(0xf0000, 0xfffff, "System ROM"),
			code = MEM(0x200000, 0x2fffff, "Kernel code"),
			data = MEM(0x400000, 0x4fffff, "Kernel data"),
			res = MEM(0xf0000, 0xfffff, "Reserved"),
			ram = MEM(0x100000, 0x1ffdefff, "System RAM"),
			cut = MEM(0x1ffd0000, 0x20000fff, "cut");

	request_resource(&root, &rom);
	request_resource(&root, &code);
	request_resource(&root, &data);
	KUNIT_EXPECT_EQ(test, insert_resource(&root, &ram), 0);
	KUNIT_EXPECT_EQ(test, insert_resource(&root, &res), 0);     /* same range: goes above */
	KUNIT_EXPECT_PTR_EQ(test, code.parent, &ram);
	KUNIT_EXPECT_PTR_EQ(test, data.parent, &ram);
	KUNIT_EXPECT_PTR_EQ(test, rom.parent, &res);
	KUNIT_EXPECT_PTR_EQ(test, root.child, &res);
	KUNIT_EXPECT_PTR_EQ(test, res.sibling, &ram);
	KUNIT_EXPECT_PTR_EQ(test, insert_resource_conflict(&root, &cut), &ram);
	KUNIT_EXPECT_NULL(test, cut.parent);
}

static void resource_tree_prints_as_proc_iomem(struct kunit *test)
{
	struct resource root = mem_root();
	struct resource r0 = MEM(0, 0xfff, "Reserved"), r1 = MEM(0xf0000, 0xfffff, "Reserved"),
			r2 = MEM(0xf0000, 0xfffff, "System ROM"), r3 = MEM(0x100000, 0x1ffdefff, "System RAM"),
			r4 = MEM(0x1000000, 0x1e01d31, "Kernel code"),
			r5 = MEM(0xfd00000000ULL, 0xffffffffffULL, "Reserved");
	struct resource io = { .start = 0, .end = IO_SPACE_LIMIT, .name = "test io",
			       .flags = IORESOURCE_IO };
	struct resource p0 = { .start = 0x60, .end = 0x60, .name = "keyboard", .flags = IORESOURCE_IO },
			p1 = { .start = 0x3f8, .end = 0x3ff, .name = "serial", .flags = IORESOURCE_IO };

	insert_resource(&root, &r5);
	insert_resource(&root, &r2);
	insert_resource(&root, &r4);
	insert_resource(&root, &r3);
	insert_resource(&root, &r1);
	insert_resource(&root, &r0);
	KUNIT_EXPECT_STREQ(test, show(&root), "\n"
			   "00000000-00000fff : Reserved\n"
			   "000f0000-000fffff : Reserved\n"
			   "  000f0000-000fffff : System ROM\n"
			   "00100000-1ffdefff : System RAM\n"
			   "  01000000-01e01d31 : Kernel code\n"
			   "fd00000000-ffffffffff : Reserved\n");
	request_resource(&io, &p1);
	request_resource(&io, &p0);
	KUNIT_EXPECT_STREQ(test, show(&io), "\n0060-0060 : keyboard\n03f8-03ff : serial\n");
}

/* ---- the real trees ---- */

static const char *name_at(resource_size_t addr)
{
	struct resource *r = lookup_resource_containing(&iomem_resource, addr);

	return r ? r->name : "(nothing)";
}

static void need_boot_resources(struct kunit *test)
{
	if (!iomem_resource.child)
		kunit_skip(test, "nothing in iomem: kernel_resources_init() has not run");
}

/* Each e820 RAM entry is a top-level "System RAM" of exactly its range, and nothing else is. */
static void resource_iomem_system_ram_is_the_e820_ram(struct kunit *test)
{
	unsigned int ram = 0, seen = 0;

	need_boot_resources(test);
	for (u32 i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		struct resource *r = lookup_resource_containing(&iomem_resource, e->addr);

		if (e->type != E820_TYPE_RAM)
			continue;
		ram++;
		while (r && r->parent != &iomem_resource)
			r = r->parent;
		KUNIT_ASSERT_NOT_NULL(test, r);
		KUNIT_EXPECT_STREQ(test, r->name, "System RAM");
		KUNIT_EXPECT_EQ(test, r->start, e->addr);
		KUNIT_EXPECT_EQ(test, r->end, e->addr + e->size - 1);
		KUNIT_EXPECT_EQ(test, r->flags, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY);
	}
	for (struct resource *r = iomem_resource.child; r; r = r->sibling)
		seen += !strcmp(r->name, "System RAM");
	KUNIT_EXPECT_EQ(test, seen, ram);
	/* page 0 is the BIOS's, as in Linux (trim_bios_range) */
	if (e820__mapped_any(&e820_table_firmware, 0, 1, E820_TYPE_RAM)) {
		KUNIT_EXPECT_STREQ(test, name_at(0), "Reserved");
		KUNIT_EXPECT_STREQ(test, name_at(0x1000), "System RAM");
	}
}

static void expect_kernel_part(struct kunit *test, const char *name, const void *start,
			       const void *end)
{
	struct resource *r = lookup_resource_containing(&iomem_resource, __pa(start));

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_STREQ(test, r->name, name);
	KUNIT_EXPECT_EQ(test, r->start, __pa(start));
	KUNIT_EXPECT_EQ(test, r->end, __pa(end) - 1);
	KUNIT_ASSERT_NOT_NULL(test, r->parent);
	KUNIT_EXPECT_STREQ(test, r->parent->name, "System RAM");
	KUNIT_EXPECT_PTR_EQ(test, r->parent->parent, &iomem_resource);
}

static void resource_kernel_image_is_inside_system_ram(struct kunit *test)
{
	char line[80];

	need_boot_resources(test);
	expect_kernel_part(test, "Kernel code", _text, _etext);
	expect_kernel_part(test, "Kernel rodata", __start_rodata, __end_rodata);
	expect_kernel_part(test, "Kernel data", _sdata, _edata);
	expect_kernel_part(test, "Kernel bss", __bss_start, __bss_stop);
	show(&iomem_resource);
	scnprintf(line, sizeof(line), "\n  %08llx-%08llx : Kernel code\n",
		  (unsigned long long)__pa(_text), (unsigned long long)__pa(_etext) - 1);
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, line));
}

/* RAM is busy: a driver cannot claim it, and the message says whose it is. */
static void resource_ram_cannot_be_claimed(struct kunit *test)
{
	size_t pos = log_buf_pos();

	need_boot_resources(test);
	/* System RAM is busy itself: the claim stops there, not at "Kernel code" */
	KUNIT_EXPECT_NULL(test, request_mem_region(__pa(_text), PAGE_SIZE, "test"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "for \"test\": held by \"System RAM\""));
	pos = log_buf_pos();
	KUNIT_EXPECT_NULL(test, request_mem_region(0x1000, PAGE_SIZE, "test"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "for \"test\": held by \"System RAM\" "
		"[mem 0x00001000-"));
}

/*
 * Linux's /proc/ioports on the reference machines, with their VGA card and
 * network card (as make test boots them): every line must be Atlas's too,
 * in order, and no other.  Without those devices (make run gives QEMU none)
 * the firmware places the BARs elsewhere, and the comparison skips.
 */
static const char *const linux_ioports_q35[] = {
	"0000-0cf7 : PCI Bus 0000:00",
	"  0000-001f : dma1",
	"  0020-0021 : pic1",
	"  0040-0043 : timer0",
	"  0050-0053 : timer1",
	"  0060-0060 : keyboard",
	"  0064-0064 : keyboard",
	"  0070-0077 : rtc0",
	"  0080-008f : dma page reg",
	"  00a0-00a1 : pic2",
	"  00c0-00df : dma2",
	"  00f0-00ff : fpu",
	"  03c0-03df : vga+",
	"  03f8-03ff : serial",
	"  0510-051b : QEMU0002:00",
	"  0600-067f : 0000:00:1f.0",
	"    0600-0603 : ACPI PM1a_EVT_BLK",
	"    0604-0605 : ACPI PM1a_CNT_BLK",
	"    0608-060b : ACPI PM_TMR",
	"    0620-062f : ACPI GPE0_BLK",
	"  0700-073f : 0000:00:1f.3",
	"0cf8-0cff : PCI conf1",
	"0d00-ffff : PCI Bus 0000:00",
	"  c040-c05f : 0000:00:02.0",
	"  c060-c07f : 0000:00:1f.2",
	NULL
};
static const char *const linux_ioports_pc[] = {
	"0000-0cf7 : PCI Bus 0000:00",
	"  0000-001f : dma1",
	"  0020-0021 : pic1",
	"  0040-0043 : timer0",
	"  0050-0053 : timer1",
	"  0060-0060 : keyboard",
	"  0064-0064 : keyboard",
	"  0070-0077 : rtc0",
	"  0080-008f : dma page reg",
	"  00a0-00a1 : pic2",
	"  00c0-00df : dma2",
	"  00f0-00ff : fpu",
	"  0170-0177 : 0000:00:01.1",
	"  01f0-01f7 : 0000:00:01.1",
	"  0376-0376 : 0000:00:01.1",
	"  03c0-03df : vga+",
	"  03f6-03f6 : 0000:00:01.1",
	"  03f8-03ff : serial",
	"  0510-051b : QEMU0002:00",
	"  0600-063f : 0000:00:01.3",
	"    0600-0603 : ACPI PM1a_EVT_BLK",
	"    0604-0605 : ACPI PM1a_CNT_BLK",
	"    0608-060b : ACPI PM_TMR",
	"  0700-070f : 0000:00:01.3",
	"0cf8-0cff : PCI conf1",
	"0d00-ffff : PCI Bus 0000:00",
	"  afe0-afe3 : ACPI GPE0_BLK",
	"  c000-c03f : 0000:00:03.0",
	"  c040-c04f : 0000:00:01.1",
	NULL
};

/* Linux's /proc/iomem lines for what Atlas registers, on the reference machines. */
struct linux_machine {
	const char *name;
	struct e820_entry e820[10];             /* Linux's BIOS-e820 table under TCG */
	const char *lines[16];
	const char *const *ioports;
};

static const struct linux_machine linux_machines[] = {
	{ "q35 512M", {
		{ 0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
		{ 0x100000, 0x1fedf000, 1 }, { 0x1ffdf000, 0x21000, 2 },
		{ 0xb0000000, 0x10000000, 2 }, { 0xfed1c000, 0x4000, 2 },
		{ 0xfffc0000, 0x40000, 2 }, { 0xfd00000000ULL, 0x300000000ULL, 2 } },
	  { "00000000-00000fff : Reserved", "00001000-0009fbff : System RAM",
	    "0009fc00-0009ffff : Reserved", "000f0000-000fffff : Reserved",
	    "000f0000-000fffff : System ROM", "00100000-1ffdefff : System RAM",
	    "1ffdf000-1fffffff : Reserved", "b0000000-bfffffff : Reserved",
	    "fed1c000-fed1ffff : Reserved", "fffc0000-ffffffff : Reserved",
	    "fd00000000-ffffffffff : Reserved", "fec00000-fec003ff : IOAPIC 0",
	    "fee00000-fee00fff : Local APIC" }, linux_ioports_q35 },
	{ "pc 512M", {
		{ 0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
		{ 0x100000, 0x1fee0000, 1 }, { 0x1ffe0000, 0x20000, 2 },
		{ 0xfffc0000, 0x40000, 2 }, { 0xfd00000000ULL, 0x300000000ULL, 2 } },
	  { "00000000-00000fff : Reserved", "00001000-0009fbff : System RAM",
	    "0009fc00-0009ffff : Reserved", "000f0000-000fffff : Reserved",
	    "000f0000-000fffff : System ROM", "00100000-1ffdffff : System RAM",
	    "1ffe0000-1fffffff : Reserved", "fffc0000-ffffffff : Reserved",
	    "fd00000000-ffffffffff : Reserved", "fec00000-fec003ff : IOAPIC 0",
	    "fee00000-fee00fff : Local APIC" }, linux_ioports_pc },
};

static const struct linux_machine *this_machine(void)
{
	for (size_t m = 0; m < ARRAY_SIZE(linux_machines); m++) {
		const struct e820_entry *want = linux_machines[m].e820;
		u32 n = 0;

		while (n < ARRAY_SIZE(linux_machines[m].e820) && want[n].size)
			n++;
		if (e820_table_firmware.nr_entries == n &&
		    !memcmp(e820_table_firmware.entries, want, n * sizeof(*want)))
			return &linux_machines[m];
	}
	return NULL;
}

static void resource_iomem_has_linux_lines(struct kunit *test)
{
	const struct linux_machine *m = this_machine();
	struct resource *rom;

	need_boot_resources(test);
	if (!m)
		kunit_skip(test, "not q35 or pc 512M under TCG: no Linux iomem to compare with");
	show(&iomem_resource);
	for (size_t i = 0; i < ARRAY_SIZE(m->lines) && m->lines[i]; i++)
		KUNIT_COND(test, false, has_line(text, m->lines[i]), m->lines[i]);
	rom = lookup_resource_containing(&iomem_resource, 0xf0000);
	KUNIT_ASSERT_NOT_NULL(test, rom);
	KUNIT_EXPECT_STREQ(test, rom->name, "System ROM");
	KUNIT_EXPECT_STREQ(test, rom->parent->name, "Reserved");
}

static void resource_ioports_has_legacy_ports_and_serial(struct kunit *test)
{
	need_boot_resources(test);
	show(&ioport_resource);
	EXPECT_LINE(test, text, "0000-001f : dma1");
	EXPECT_LINE(test, text, "0020-0021 : pic1");
	EXPECT_LINE(test, text, "0040-0043 : timer0");
	EXPECT_LINE(test, text, "0050-0053 : timer1");
	EXPECT_LINE(test, text, "0060-0060 : keyboard");
	EXPECT_LINE(test, text, "0064-0064 : keyboard");
	EXPECT_LINE(test, text, "0070-0077 : rtc0");
	EXPECT_LINE(test, text, "0080-008f : dma page reg");
	EXPECT_LINE(test, text, "00a0-00a1 : pic2");
	EXPECT_LINE(test, text, "00c0-00df : dma2");
	EXPECT_LINE(test, text, "00f0-00ff : fpu");
	EXPECT_LINE(test, text, "03f8-03ff : serial");
}

/* Whether this boot has what a reference line names: a PCI function, or the VGA BIOS of "vga+". */
static bool ioports_line_applies(const char *line)
{
	const char *name = strstr(line, " : ");
	struct resource *rom = lookup_resource_containing(&iomem_resource, 0xc0000);
	struct pci_dev *dev;

	name = name ? name + 3 : line;
	if (!strcmp(name, "vga+"))
		return rom && !strcmp(rom->name, "Video ROM");
	if (strncmp(name, "0000:", 5))
		return true;
	for_each_pci_dev(dev)
		if (!strcmp(pci_name(dev), name))
			return true;
	return false;
}

/* The next line of *p (without its '\n') into buf; false at the end. */
static bool next_line(const char **p, char *buf, size_t size)
{
	const char *end = strchr(*p, '\n');

	if (!**p || !end)
		return false;
	scnprintf(buf, size, "%.*s", (int)(end - *p), *p);
	*p = end + 1;
	return true;
}

static void resource_ioports_are_linux_line_for_line(struct kunit *test)
{
	const struct linux_machine *m = this_machine();
	const char *p = text + 1;
	char got[96], why[160];
	int n = 0;

	need_boot_resources(test);
	if (!m || !pci_initialised())
		kunit_skip(test, "not q35 or pc 512M under TCG: no Linux ioports to compare with");
	for (const char *const *want = m->ioports; *want; want++)
		if (!ioports_line_applies(*want))
			kunit_skip(test, "without the reference's VGA card and NIC: the BARs lie elsewhere");
	show(&ioport_resource);
	for (const char *const *want = m->ioports; *want; want++) {
		n++;
		if (!next_line(&p, got, sizeof(got)))
			strscpy(got, "(nothing)", sizeof(got));
		scnprintf(why, sizeof(why), "line %d: Linux \"%s\", Atlas \"%s\"", n, *want, got);
		KUNIT_COND(test, true, !strcmp(*want, got), why);     /* the first difference */
	}
	if (next_line(&p, got, sizeof(got))) {
		scnprintf(why, sizeof(why), "Atlas has more lines than Linux: \"%s\"", got);
		KUNIT_FAIL(test, why);
	}
	KUNIT_EXPECT_GE(test, n, 20);
}

/* Whether nothing busy holds any of [port, port + 7]: a claim there must succeed. */
static bool ports_free(resource_size_t port)
{
	struct resource *p = lookup_resource_containing(&ioport_resource, port);

	if (p != lookup_resource_containing(&ioport_resource, port + 7))
		return false;
	if (!p)
		p = &ioport_resource;
	if (p->flags & IORESOURCE_BUSY)
		return false;
	for (struct resource *c = p->child; c; c = c->sibling)
		if (c->start <= port + 7 && port <= c->end)
			return false;
	return true;
}

/* A claim on the real port tree, where nothing holds the ports yet, then its release. */
static void resource_claim_and_release_real_ports(struct kunit *test)
{
	resource_size_t port = 0x1000;
	struct resource *r, *before;
	size_t pos;

	need_boot_resources(test);
	while (port < IO_SPACE_LIMIT - 0x100 && !ports_free(port))
		port += 0x100;
	before = lookup_resource_containing(&ioport_resource, port);
	r = request_region(port, 8, "resource test");
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->flags, IORESOURCE_IO | IORESOURCE_BUSY);
	KUNIT_EXPECT_PTR_EQ(test, lookup_resource_containing(&ioport_resource, port + 3), r);
	pos = log_buf_pos();
	KUNIT_EXPECT_NULL(test, request_region(port + 4, 1, "second"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "for \"second\": held by \"resource test\""));
	release_region(port, 8);
	KUNIT_EXPECT_PTR_EQ(test, lookup_resource_containing(&ioport_resource, port + 3), before);
}

static struct kunit_case resource_cases[] = {
	KUNIT_CASE(resource_request_nests_and_conflicts),
	KUNIT_CASE(resource_conflict_message_names_the_holder),
	KUNIT_CASE(resource_release_region_frees_the_claim),
	KUNIT_CASE(resource_release_of_nothing_is_reported),
	KUNIT_CASE(resource_region_descends_into_a_range_not_busy),
	KUNIT_CASE(resource_insert_adopts_children),
	KUNIT_CASE(resource_tree_prints_as_proc_iomem),
	KUNIT_CASE(resource_iomem_system_ram_is_the_e820_ram),
	KUNIT_CASE(resource_kernel_image_is_inside_system_ram),
	KUNIT_CASE(resource_ram_cannot_be_claimed),
	KUNIT_CASE(resource_iomem_has_linux_lines),
	KUNIT_CASE(resource_ioports_has_legacy_ports_and_serial),
	KUNIT_CASE(resource_ioports_are_linux_line_for_line),
	KUNIT_CASE(resource_claim_and_release_real_ports),
	{}
};

static struct kunit_suite resource_suite = {
	.name = "resource",
	.test_cases = resource_cases,
};
kunit_test_suite(resource_suite);
