/*
 * Host tests of drivers/acpi_tables.c (include/drivers/acpi.h): tables built
 * in memory the way QEMU 7.2's firmware lays them out (the facts and lines
 * of tests/data/linux/{pc,q35}-512M/acpi.txt), each handed over
 * in a malloc'd buffer of exactly its length so that AddressSanitizer catches
 * any read past it.  Valid RSDPs v1/v2, RSDT/XSDT, MADT with every entry
 * type, HPET, MCFG, short and long FADTs, _S5 packages in AML; then the
 * rejections (a flipped byte, truncated and oversized lengths, a zero-length
 * MADT entry), each in exactly one line; then seeded random mutations.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <drivers/acpi.h>

#include "hosttest.h"

/* ---- building tables ---- */

struct builder {
	u8 buf[8192];
	size_t len;
};

static void *put(struct builder *b, const void *src, size_t n)
{
	void *at = b->buf + b->len;

	memcpy(at, src, n);
	b->len += n;
	return at;
}

static void put_u8(struct builder *b, u8 v) { put(b, &v, 1); }
static void put_u32(struct builder *b, u32 v) { put(b, &v, 4); }
static void put_u64(struct builder *b, u64 v) { put(b, &v, 8); }

/* A header as QEMU's: OEM "BOCHS ", table "BXPC    ", revisions 1, creator "BXPC". */
static void begin(struct builder *b, const char *sig, u8 revision)
{
	struct acpi_table_header h = { .revision = revision, .oem_revision = 1,
				       .asl_compiler_revision = 1 };

	memcpy(h.signature, sig, 4);
	memcpy(h.oem_id, "BOCHS ", 6);
	memcpy(h.oem_table_id, "BXPC    ", 8);
	memcpy(h.asl_compiler_id, "BXPC", 4);
	b->len = 0;
	put(b, &h, sizeof(h));
}

static void set_checksum(struct acpi_table_header *h)
{
	h->checksum = 0;
	h->checksum = -acpi_checksum(h, h->length);
}

/* The finished table in a malloc'd buffer of exactly its length (free() it). */
static struct acpi_table_header *finish(struct builder *b)
{
	struct acpi_table_header *h = malloc(b->len);

	memcpy(h, b->buf, b->len);
	h->length = b->len;
	set_checksum(h);
	return h;
}

/* A copy of h in a buffer of exactly n bytes (n may differ from h->length). */
static void *dup_n(const void *h, size_t n)
{
	void *p = malloc(n ? n : 1);

	memcpy(p, h, n);
	return p;
}

/* ---- QEMU's tables (SeaBIOS, -m 512M -smp 2) ---- */

/* q35's MADT: 2 CPUs, the IOAPIC, 5 overrides, LINT1 NMI: 0x80 bytes. */
static struct acpi_table_header *qemu_madt(void)
{
	static const u8 entries[] = {
		0, 8, 0, 0, 1, 0, 0, 0,                 /* LAPIC acpi_id 0 id 0 enabled */
		0, 8, 1, 1, 1, 0, 0, 0,                 /* LAPIC acpi_id 1 id 1 enabled */
		1, 12, 0, 0, 0x00, 0x00, 0xc0, 0xfe, 0, 0, 0, 0,  /* IOAPIC 0 @fec00000 GSI 0 */
		2, 10, 0, 0, 2, 0, 0, 0, 0x00, 0x00,    /* IRQ0 -> GSI 2 dfl dfl */
		2, 10, 0, 5, 5, 0, 0, 0, 0x0d, 0x00,    /* IRQ5 high level */
		2, 10, 0, 9, 9, 0, 0, 0, 0x0d, 0x00,
		2, 10, 0, 10, 10, 0, 0, 0, 0x0d, 0x00,
		2, 10, 0, 11, 11, 0, 0, 0, 0x0d, 0x00,
		4, 6, 0xff, 0, 0, 1,                    /* LAPIC NMI every CPU, LINT1 */
	};
	struct builder b;

	begin(&b, "APIC", 1);
	put_u32(&b, 0xfee00000);
	put_u32(&b, ACPI_MADT_PCAT_COMPAT);
	put(&b, entries, sizeof(entries));
	return finish(&b);
}

static struct acpi_table_header *qemu_hpet(void)
{
	struct builder b;

	begin(&b, "HPET", 1);
	put_u32(&b, 0x8086a201);
	put(&b, (u8[]){ ACPI_ADR_SPACE_SYSTEM_MEMORY, 0, 0, 0 }, 4);
	put_u64(&b, 0xfed00000);
	put_u8(&b, 0);                          /* HPET number */
	put(&b, (u8[]){ 0x80, 0x00 }, 2);       /* min tick 128 */
	put_u8(&b, 0);
	return finish(&b);
}

static struct acpi_table_header *qemu_mcfg(void)
{
	struct builder b;

	begin(&b, "MCFG", 1);
	put_u64(&b, 0);                         /* reserved */
	put_u64(&b, 0xb0000000);
	put(&b, (u8[]){ 0, 0, 0, 0xff, 0, 0, 0, 0 }, 8);   /* segment 0, buses 0-255 */
	return finish(&b);
}

/* QEMU's FADT: pc has revision 1 in 116 bytes, q35 revision 3 in 244. */
static struct acpi_table_header *qemu_fadt(bool long_form)
{
	struct acpi_table_fadt f;
	struct builder b;

	memset(&f, 0, sizeof(f));
	begin(&b, "FACP", long_form ? 3 : 1);
	memcpy(&f.header, b.buf, sizeof(f.header));
	f.facs = 0x1ffe0000;
	f.dsdt = 0x1ffe0040;
	f.sci_interrupt = 9;
	f.smi_command = 0xb2;
	f.acpi_enable = 0xf1;
	f.acpi_disable = 0xf0;
	f.pm1a_event_block = 0x600;
	f.pm1a_control_block = 0x604;
	f.pm_timer_block = 0x608;
	f.gpe0_block = 0xafe0;
	f.gpe0_block_length = 4;
	f.pm1_event_length = 4;
	f.pm1_control_length = 2;
	f.pm_timer_length = 4;
	f.boot_flags = 0x0002;                  /* even in the short form: must be ignored there */
	f.flags = 0x84a5 | (long_form ? ACPI_FADT_RESET_REGISTER : 0);
	f.reset_register = (struct acpi_generic_address){ ACPI_ADR_SPACE_SYSTEM_IO, 8, 0, 0, 0xcf9 };
	f.reset_value = 0x0f;
	f.Xdsdt = 0x1ffe0040;
	f.xpm1a_control_block = (struct acpi_generic_address){ 1, 16, 0, 0, 0x604 };
	f.xpm_timer_block = (struct acpi_generic_address){ 1, 32, 0, 0, 0x608 };
	b.len = 0;
	put(&b, &f, long_form ? ACPI_FADT_V3_SIZE : ACPI_FADT_V1_SIZE);
	return finish(&b);
}

/* A DSDT holding "Name (_S5, Package (0x04) { Zero, Zero, Zero, Zero })", as QEMU's. */
static struct acpi_table_header *dsdt_with(const void *aml, size_t n)
{
	static const u8 before[] = { 0x10, 0x0a, '\\', '_', 'S', 'B', '_', 0x5b, 0x80, 'X' };
	struct builder b;

	begin(&b, "DSDT", 1);
	put(&b, before, sizeof(before));        /* other AML in front */
	put(&b, aml, n);
	return finish(&b);
}

static const u8 qemu_s5[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };

static struct acpi_info info;

static void reset(void)
{
	memset(&info, 0, sizeof(info));
	printk_capture_reset();
}

/* ---- checksums and the RSDP ---- */

TEST(acpi_checksum_sums_bytes_mod_256)
{
	CHECK_EQ_INT(acpi_checksum("", 0), 0);
	CHECK_EQ_INT(acpi_checksum((u8[]){ 0x80, 0x80 }, 2), 0);
	CHECK_EQ_INT(acpi_checksum((u8[]){ 1, 2, 3 }, 3), 6);
	CHECK_EQ_INT(acpi_checksum((u8[]){ 0xff, 0xff }, 2), 0xfe);
}

/* An RSDP as SeaBIOS (v0, 20 bytes) or OVMF (v2, 36 bytes) makes it. */
static struct acpi_table_rsdp make_rsdp(u8 revision)
{
	struct acpi_table_rsdp r;

	memset(&r, 0, sizeof(r));
	memcpy(r.signature, ACPI_SIG_RSDP, 8);
	memcpy(r.oem_id, "BOCHS ", 6);
	r.revision = revision;
	r.rsdt_physical_address = 0x1ffe233c;
	if (revision >= 2) {
		r.length = 36;
		r.xsdt_physical_address = 0x7fb7d0e8;
	}
	r.checksum = -acpi_checksum(&r, 20);
	if (revision >= 2)
		r.extended_checksum = -acpi_checksum(&r, 36);
	return r;
}

/* acpi_rsdp_check() on the first n bytes of r, in a buffer of exactly n bytes. */
static int rsdp_check_n(const struct acpi_table_rsdp *r, size_t n)
{
	void *p = dup_n(r, n);
	int ret = acpi_rsdp_check(p, n);

	free(p);
	return ret;
}

TEST(acpi_rsdp_v1_and_v2_are_accepted)
{
	struct acpi_table_rsdp v1 = make_rsdp(0), v2 = make_rsdp(2);

	reset();
	CHECK_EQ_INT(rsdp_check_n(&v1, 20), 0);
	CHECK_EQ_INT(rsdp_check_n(&v2, 36), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(acpi_rsdp_flipped_byte_is_rejected_in_one_line)
{
	struct acpi_table_rsdp v1 = make_rsdp(0), v2 = make_rsdp(2);

	for (size_t i = 0; i < 20; i++) {
		struct acpi_table_rsdp bad = v1;

		reset();
		((u8 *)&bad)[i] ^= 0x01;
		CHECK_EQ_INT(rsdp_check_n(&bad, 20), -EINVAL);
		CHECK_ONE_LINE("RSDP");
	}
	for (size_t i = 20; i < 36; i++) {     /* only the extended checksum covers these */
		struct acpi_table_rsdp bad = v2;

		reset();
		((u8 *)&bad)[i] ^= 0x40;
		CHECK_EQ_INT(rsdp_check_n(&bad, 36), -EINVAL);
		CHECK_ONE_LINE("RSDP: incorrect extended checksum");
	}
}

TEST(acpi_rsdp_too_short_is_rejected)
{
	struct acpi_table_rsdp v2 = make_rsdp(2);

	reset();
	CHECK_EQ_INT(rsdp_check_n(&v2, 19), -EINVAL);
	CHECK_ONE_LINE("RSDP of 19 bytes");
	reset();
	CHECK_EQ_INT(rsdp_check_n(&v2, 24), -EINVAL);   /* v2 in a v1 tag */
	CHECK_ONE_LINE("RSDP revision 2 in 24 bytes");
}

TEST(acpi_rsdp_line_is_linux_exactly)
{
	struct acpi_table_rsdp v1 = make_rsdp(0), v2 = make_rsdp(2);
	char buf[128];
	int n = acpi_format_rsdp(buf, sizeof(buf), 0xf59e0, &v1);

	CHECK_STR(buf, "RSDP 0x00000000000F59E0 000014 (v00 BOCHS )");
	CHECK_EQ_INT(n, strlen(buf));
	acpi_format_rsdp(buf, sizeof(buf), 0x7fb7e014, &v2);
	CHECK_STR(buf, "RSDP 0x000000007FB7E014 000024 (v02 BOCHS )");
}

/* ---- table headers ---- */

TEST(acpi_table_line_is_linux_exactly)
{
	struct builder b;
	struct acpi_table_header *h;
	struct acpi_table_facs facs = { .signature = "FACS", .length = 64 };
	char buf[128];

	begin(&b, "RSDT", 1);
	put_u32(&b, 0x1ffe212c);
	h = finish(&b);
	h->length = 0x38;                       /* only the line is under test here */
	acpi_format_table(buf, sizeof(buf), 0x1ffe233c, h);
	CHECK_STR(buf, "RSDT 0x000000001FFE233C 000038 (v01 BOCHS  BXPC     00000001 BXPC 00000001)");
	/* ACPICA's clean-up: a name ends at NUL (padded), other bytes show as '?' */
	memcpy(h->oem_table_id, "AB\0CDEFG", 8);
	memcpy(h->asl_compiler_id, "\x01Q\x7f" "Z", 4);
	acpi_format_table(buf, sizeof(buf), 0x1ffe233c, h);
	CHECK_STR(buf, "RSDT 0x000000001FFE233C 000038 (v01 BOCHS  AB       00000001 ?Q?Z 00000001)");
	acpi_format_facs(buf, sizeof(buf), 0x1ffe0000, &facs);
	CHECK_STR(buf, "FACS 0x000000001FFE0000 000040");
	free(h);
}

TEST(acpi_valid_table_passes_silently)
{
	struct acpi_table_header *h = qemu_madt();

	reset();
	CHECK_EQ_INT(h->length, 0x80);
	CHECK_EQ_INT(acpi_table_check(h, h->length, "APIC", 0x1ffe2220), 0);
	CHECK_EQ_INT(acpi_table_check(h, h->length, NULL, 0x1ffe2220), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	free(h);
}

TEST(acpi_every_flipped_byte_is_rejected_in_one_line)
{
	struct acpi_table_header *h = qemu_madt();

	for (size_t i = 0; i < h->length; i++) {
		u8 *copy = dup_n(h, h->length);

		reset();
		copy[i] ^= 1u << (i % 8);
		/* length or signature bytes fail their own checks; the rest the checksum */
		CHECK_MSG(acpi_table_check((void *)copy, h->length, "APIC", 0x1ffe2220) == -EINVAL,
			  "byte %zu flipped was accepted", i);
		CHECK_ONE_LINE("at 0x1ffe2220: ", ", ignored");
		free(copy);
	}
	reset();
	((u8 *)h)[40] ^= 0x10;
	acpi_table_check(h, h->length, "APIC", 0x1ffe2220);
	CHECK_ONE_LINE("[APIC] at 0x1ffe2220: incorrect checksum");
	free(h);
}

TEST(acpi_truncated_and_oversized_tables_are_rejected)
{
	struct acpi_table_header *h = qemu_hpet();
	struct acpi_table_header *c;

	reset();                                /* fewer bytes than a header */
	c = dup_n(h, 20);
	CHECK_EQ_INT(acpi_table_check(c, 20, "HPET", 0x1000), -EINVAL);
	CHECK_ONE_LINE("[HPET] at 0x1000: only 20 bytes, less than a 36-byte header");
	free(c);

	reset();                                /* a length shorter than the header */
	c = dup_n(h, h->length);
	c->length = 35;
	set_checksum(c);
	CHECK_EQ_INT(acpi_table_check(c, h->length, "HPET", 0x1000), -EINVAL);
	CHECK_ONE_LINE("length 35, less than its 36-byte header");
	free(c);

	reset();                                /* a length beyond what could be read */
	c = dup_n(h, h->length);
	CHECK_EQ_INT(acpi_table_check(c, h->length - 1, "HPET", 0x1000), -EINVAL);
	CHECK_ONE_LINE("length 56 runs past the 55 bytes available");
	c->length = 0xfffffff0;
	CHECK_EQ_INT(acpi_table_check(c, h->length, "HPET", 0x1000), -EINVAL);
	CHECK(printk_capture_contains("beyond the 1048576-byte limit"));
	free(c);

	reset();                                /* wrong or invalid signatures */
	CHECK_EQ_INT(acpi_table_check(h, h->length, "APIC", 0x1000), -EINVAL);
	CHECK_ONE_LINE("[HPET] at 0x1000: expected signature [APIC]");
	reset();
	c = dup_n(h, h->length);
	memcpy(c->signature, "hp\x01T", 4);
	set_checksum(c);
	CHECK_EQ_INT(acpi_table_check(c, h->length, NULL, 0x1000), -EINVAL);
	CHECK_ONE_LINE("[hp?T] at 0x1000: invalid signature 68 70 01 54");
	free(c);
	free(h);
}

TEST(acpi_facs_needs_signature_and_length)
{
	struct acpi_table_facs facs = { .signature = "FACS", .length = 64 };
	u8 buf[64] = { 0 };

	memcpy(buf, &facs, sizeof(facs));
	reset();
	CHECK_EQ_INT(acpi_facs_check((void *)buf, 64, 0x1ffe0000), 0);
	CHECK_EQ_INT(acpi_facs_check((void *)buf, 8, 0x1ffe0000), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_INT(acpi_facs_check((void *)buf, 7, 0x1ffe0000), -EINVAL);
	CHECK_ONE_LINE("[FACS] at 0x1ffe0000: only 7 bytes");
	reset();
	((struct acpi_table_facs *)buf)->length = 63;
	CHECK_EQ_INT(acpi_facs_check((void *)buf, 64, 0x1ffe0000), -EINVAL);
	CHECK_ONE_LINE("[FACS] at 0x1ffe0000: length 63, not between 64 and 1048576");
	reset();
	buf[0] = 'f';
	CHECK_EQ_INT(acpi_facs_check((void *)buf, 64, 0x1ffe0000), -EINVAL);
	CHECK_ONE_LINE("not [FACS]");
}

/* ---- RSDT / XSDT ---- */

TEST(acpi_rsdt_lists_32_bit_addresses)
{
	static const u32 q35[] = { 0x1ffe212c, 0x1ffe2220, 0x1ffe22a0, 0x1ffe22d8, 0x1ffe2314 };
	struct builder b;
	struct acpi_table_header *h;
	u64 addrs[8];

	begin(&b, "RSDT", 1);
	put(&b, q35, sizeof(q35));
	h = finish(&b);
	CHECK_EQ_INT(h->length, 0x38);          /* as q35's reference line */
	CHECK_EQ_INT(acpi_table_check(h, h->length, "RSDT", 0x1ffe233c), 0);
	CHECK_EQ_INT(acpi_root_entries(h, addrs, 8), 5);
	for (int i = 0; i < 5; i++)
		CHECK_EQ_U64(addrs[i], q35[i]);
	CHECK_EQ_INT(acpi_root_entries(h, addrs, 2), 5);   /* counts beyond max */
	free(h);
}

TEST(acpi_xsdt_lists_unaligned_64_bit_addresses)
{
	struct builder b;
	struct acpi_table_header *h;
	u64 addrs[4] = { 0 };

	begin(&b, "XSDT", 1);                   /* entries start at 36: 4-byte aligned only */
	put_u64(&b, 0x7fb79000);
	put_u64(&b, 0x123456789000ULL);
	put_u64(&b, 0x7fb78000);
	put_u32(&b, 0xdeadbeef);                /* a partial trailing entry is ignored */
	h = finish(&b);
	CHECK_EQ_INT(acpi_root_entries(h, addrs, 4), 3);
	CHECK_EQ_U64(addrs[0], 0x7fb79000);
	CHECK_EQ_U64(addrs[1], 0x123456789000ULL);
	CHECK_EQ_U64(addrs[2], 0x7fb78000);
	CHECK_EQ_U64(addrs[3], 0);
	free(h);
}

/* A whole firmware image: RSDP v2 -> XSDT -> tables, every link followed and checked. */
TEST(acpi_rsdp_to_xsdt_to_tables_all_check)
{
	struct acpi_table_header *t[4] = { qemu_fadt(true), qemu_madt(), qemu_hpet(), qemu_mcfg() };
	u8 image[2048];
	u64 off = 64, addrs[8];
	struct builder b;
	struct acpi_table_header *xsdt, *built;
	struct acpi_table_rsdp r = make_rsdp(2);

	begin(&b, "XSDT", 1);
	for (int i = 0; i < 4; i++) {
		memcpy(image + off, t[i], t[i]->length);
		put_u64(&b, off);
		off += t[i]->length;
	}
	built = finish(&b);
	memcpy(image + off, built, built->length);
	free(built);
	r.xsdt_physical_address = off;
	r.extended_checksum = 0;
	r.extended_checksum = -acpi_checksum(&r, 36);
	memcpy(image, &r, sizeof(r));

	reset();
	CHECK_EQ_INT(acpi_rsdp_check(image, sizeof(r)), 0);
	xsdt = (void *)(image + ((struct acpi_table_rsdp *)image)->xsdt_physical_address);
	CHECK_EQ_INT(acpi_table_check(xsdt, sizeof(image) - off, "XSDT", off), 0);
	CHECK_EQ_INT(acpi_root_entries(xsdt, addrs, 8), 4);
	for (int i = 0; i < 4; i++) {
		struct acpi_table_header *h = (void *)(image + addrs[i]);

		CHECK_EQ_INT(acpi_table_check(h, sizeof(image) - addrs[i], NULL, addrs[i]), 0);
		CHECK_MEM(h->signature, t[i]->signature, 4);
		free(t[i]);
	}
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

/* ---- MADT ---- */

TEST(acpi_madt_of_qemu_gives_linux_facts_and_lines)
{
	struct acpi_table_header *h = qemu_madt();

	reset();
	CHECK_EQ_INT(acpi_parse_madt(h, &info), 0);
	CHECK_EQ_U64(info.lapic_addr, 0xfee00000);
	CHECK(!info.lapic_addr_override);
	CHECK_EQ_INT(info.madt_flags, ACPI_MADT_PCAT_COMPAT);
	CHECK_EQ_INT(info.nr_cpus, 2);
	CHECK_EQ_INT(info.cpus[1].apic_id, 1);
	CHECK_EQ_INT(info.cpus[1].flags, ACPI_MADT_ENABLED);
	CHECK_EQ_INT(info.nr_ioapics, 1);
	CHECK_EQ_INT(info.ioapics[0].id, 0);
	CHECK_EQ_U64(info.ioapics[0].address, 0xfec00000);
	CHECK_EQ_INT(info.ioapics[0].gsi_base, 0);
	CHECK_EQ_INT(info.nr_isos, 5);
	CHECK_EQ_INT(info.isos[0].source, 0);
	CHECK_EQ_INT(info.isos[0].gsi, 2);
	CHECK_EQ_INT(info.isos[1].flags, ACPI_MADT_POLARITY_ACTIVE_HIGH | ACPI_MADT_TRIGGER_LEVEL);
	CHECK_EQ_INT(info.nr_lapic_nmis, 1);
	CHECK_EQ_INT(info.lapic_nmis[0].lint, 1);
	CHECK_EQ_INT(printk_capture_lines(), 0);        /* parsing is silent; printing is not */
	acpi_print_madt(&info);
	CHECK_STR(printk_capture(),
		  "ACPI: LAPIC_NMI (acpi_id[0xff] dfl dfl lint[0x1])\n"
		  "ACPI: IOAPIC (id[0x00] address[0xfec00000] gsi_base[0])\n"
		  "ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)\n"
		  "ACPI: INT_SRC_OVR (bus 0 bus_irq 5 global_irq 5 high level)\n"
		  "ACPI: INT_SRC_OVR (bus 0 bus_irq 9 global_irq 9 high level)\n"
		  "ACPI: INT_SRC_OVR (bus 0 bus_irq 10 global_irq 10 high level)\n"
		  "ACPI: INT_SRC_OVR (bus 0 bus_irq 11 global_irq 11 high level)\n"
		  "ACPI: Using ACPI (MADT) for SMP configuration information\n");
	free(h);
}

TEST(acpi_madt_every_entry_type_is_parsed)
{
	static const u8 entries[] = {
		5, 12, 0, 0, 0x00, 0x00, 0xe0, 0xfe, 0x01, 0, 0, 0,      /* LAPIC override 0x1fee00000 */
		0, 8, 3, 7, 2, 0, 0, 0,                 /* LAPIC uid 3 id 7 online-capable */
		0, 8, 4, 0xff, 1, 0, 0, 0,              /* id 0xff: invalid, ignored as Linux */
		9, 16, 0, 0, 0x00, 0x01, 0, 0, 1, 0, 0, 0, 0x20, 0, 0, 0,  /* x2APIC id 256 uid 32 */
		1, 12, 2, 0, 0x00, 0x10, 0xc0, 0xfe, 24, 0, 0, 0,  /* IOAPIC 2 @fec01000 GSI 24 */
		2, 10, 0, 9, 20, 0, 0, 0, 0x0f, 0x00,   /* IRQ9 -> GSI 20 low level */
		3, 8, 0x05, 0x00, 23, 0, 0, 0,          /* NMI source GSI 23 high edge */
		4, 6, 0x03, 0x0d, 0x00, 0,              /* LAPIC NMI uid 3 high level LINT0 */
		10, 12, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0,  /* x2APIC NMI all, LINT1 */
		0x7f, 3, 0xaa,                          /* an unknown type: skipped */
	};
	struct builder b;
	struct acpi_table_header *h;

	begin(&b, "APIC", 5);
	put_u32(&b, 0xfee00000);
	put_u32(&b, 0);
	put(&b, entries, sizeof(entries));
	h = finish(&b);
	reset();
	CHECK_EQ_INT(acpi_parse_madt(h, &info), 0);
	CHECK_EQ_U64(info.lapic_addr, 0x1fee00000ULL);
	CHECK(info.lapic_addr_override);
	CHECK_EQ_INT(info.nr_cpus, 2);
	CHECK_EQ_INT(info.cpus[0].acpi_id, 3);
	CHECK_EQ_INT(info.cpus[0].apic_id, 7);
	CHECK_EQ_INT(info.cpus[0].flags, ACPI_MADT_ONLINE_CAPABLE);
	CHECK(!info.cpus[0].x2apic);
	CHECK_EQ_INT(info.cpus[1].apic_id, 256);
	CHECK_EQ_INT(info.cpus[1].acpi_id, 32);
	CHECK(info.cpus[1].x2apic);
	CHECK_EQ_INT(info.nr_ioapics, 1);
	CHECK_EQ_INT(info.ioapics[0].id, 2);
	CHECK_EQ_U64(info.ioapics[0].address, 0xfec01000);
	CHECK_EQ_INT(info.ioapics[0].gsi_base, 24);
	CHECK_EQ_INT(info.nr_isos, 1);
	CHECK_EQ_INT(info.nr_nmi_srcs, 1);
	CHECK_EQ_INT(info.nmi_srcs[0].gsi, 23);
	CHECK_EQ_INT(info.nr_lapic_nmis, 2);
	CHECK_EQ_INT(info.lapic_nmis[1].acpi_id, 0xffffffff);
	CHECK(info.lapic_nmis[1].x2apic);
	acpi_print_madt(&info);
	CHECK_STR(printk_capture(),
		  "ACPI: LAPIC_ADDR_OVR (address[0x1fee00000])\n"
		  "ACPI: LAPIC_NMI (acpi_id[0x03] high level lint[0x0])\n"
		  "ACPI: X2APIC_NMI (uid[0xffffffff] dfl dfl lint[0x1])\n"
		  "ACPI: IOAPIC (id[0x02] address[0xfec01000] gsi_base[24])\n"
		  "ACPI: INT_SRC_OVR (bus 0 bus_irq 9 global_irq 20 low level)\n"
		  "ACPI: NMI_SRC (high edge global_irq 23)\n"
		  "ACPI: Using ACPI (MADT) for SMP configuration information\n");
	printk_capture_reset();
	acpi_print_hpet(&info);                 /* no HPET: nothing (smpboot prints the CPU count) */
	CHECK_STR(printk_capture(), "");
	free(h);
}

/* A MADT whose entries are bad must be refused whole, in one line, leaving info alone. */
static void check_bad_madt(const char *file, int line, const u8 *entries, size_t n,
			   const char *needle)
{
	struct builder b;
	struct acpi_table_header *h;

	begin(&b, "APIC", 1);
	put_u32(&b, 0xfee00000);
	put_u32(&b, 1);
	put(&b, entries, n);
	h = finish(&b);
	reset();
	info.nr_ioapics = 7;
	host_check_int(acpi_parse_madt(h, &info), -EINVAL, "acpi_parse_madt()", "-EINVAL",
		       file, line);
	host_check_one_line(file, line, (const char *[]){ needle, "MADT ignored", NULL });
	host_check_int(info.nr_ioapics, 7, "info.nr_ioapics", "7", file, line);
	host_check(!info.madt_present, "!info.madt_present", file, line);
	free(h);
}

#define CHECK_BAD_MADT(needle, ...) do { \
	static const u8 e[] = { __VA_ARGS__ }; \
	check_bad_madt(__FILE__, __LINE__, e, sizeof(e), needle); \
} while (0)

TEST(acpi_madt_bad_entries_are_rejected_without_looping)
{
	host_set_timeout(5);                    /* a zero length must not loop forever */
	CHECK_BAD_MADT("offset 52 has length 0", 0, 8, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0);
	CHECK_BAD_MADT("offset 52 has length 0", 0, 8, 0, 0, 1, 0, 0, 0, 0x7f, 0, 0, 0);
	CHECK_BAD_MADT("offset 44 has length 1", 0, 1, 0, 0);
	CHECK_BAD_MADT("offset 44 runs past", 1, 12, 0, 0, 0, 0, 0xc0, 0xfe);
	CHECK_BAD_MADT("offset 52 runs past", 0, 8, 0, 0, 1, 0, 0, 0, 2);   /* half a header */
	CHECK_BAD_MADT("type 1 at offset 44 has length 8, less than its 12",
		       1, 8, 0, 0, 0, 0, 0xc0, 0xfe);
	CHECK_BAD_MADT("type 5 at offset 44 has length 4", 5, 4, 0, 0);
}

TEST(acpi_madt_shorter_than_its_header_is_rejected)
{
	struct builder b;
	struct acpi_table_header *h;

	begin(&b, "APIC", 1);
	put_u32(&b, 0xfee00000);
	h = finish(&b);
	reset();
	CHECK_EQ_INT(acpi_parse_madt(h, &info), -EINVAL);
	CHECK_ONE_LINE("MADT of 40 bytes, less than its 44-byte header");
	free(h);
}

TEST(acpi_madt_more_entries_than_kept_are_counted_in_one_line)
{
	struct builder b;
	struct acpi_table_header *h;

	begin(&b, "APIC", 1);
	put_u32(&b, 0xfee00000);
	put_u32(&b, 1);
	for (int i = 0; i < ACPI_MAX_ISOS + 3; i++)
		put(&b, (u8[]){ 2, 10, 0, (u8)i, (u8)i, 0, 0, 0, 0, 0 }, 10);
	h = finish(&b);
	reset();
	CHECK_EQ_INT(acpi_parse_madt(h, &info), 0);
	CHECK_EQ_INT(info.nr_isos, ACPI_MAX_ISOS);
	CHECK_EQ_INT(info.isos[ACPI_MAX_ISOS - 1].source, ACPI_MAX_ISOS - 1);
	CHECK_ONE_LINE("MADT: 3 entries beyond what Atlas keeps, ignored");
	free(h);
}

/* ---- HPET and MCFG ---- */

TEST(acpi_hpet_of_qemu)
{
	struct acpi_table_header *h = qemu_hpet();

	reset();
	CHECK_EQ_INT(h->length, 0x38);
	CHECK_EQ_INT(acpi_parse_hpet(h, &info), 0);
	CHECK(info.hpet.present);
	CHECK_EQ_U64(info.hpet.address, 0xfed00000);
	CHECK_EQ_INT(info.hpet.id, 0x8086a201);
	CHECK_EQ_INT(info.hpet.comparators, 3);        /* Linux: "hpet0: 3 comparators" */
	CHECK(info.hpet.counter_64bit);
	CHECK(info.hpet.legacy_capable);
	CHECK_EQ_INT(info.hpet.vendor, 0x8086);
	CHECK_EQ_INT(info.hpet.number, 0);
	CHECK_EQ_INT(info.hpet.min_tick, 128);
	acpi_print_hpet(&info);
	CHECK_STR(printk_capture(), "ACPI: HPET id: 0x8086a201 base: 0xfed00000\n");
	free(h);
}

TEST(acpi_hpet_short_or_not_memory_is_rejected)
{
	struct acpi_table_header *h = qemu_hpet(), *c;

	reset();
	c = dup_n(h, 52);
	c->length = 52;
	set_checksum(c);
	CHECK_EQ_INT(acpi_parse_hpet(c, &info), -EINVAL);
	CHECK_ONE_LINE("HPET table of 52 bytes, less than its 56");
	CHECK(!info.hpet.present);
	free(c);
	reset();
	((struct acpi_table_hpet *)h)->address.space_id = ACPI_ADR_SPACE_SYSTEM_IO;
	set_checksum(h);
	CHECK_EQ_INT(acpi_parse_hpet(h, &info), -EINVAL);
	CHECK_ONE_LINE("not memory");
	free(h);
}

TEST(acpi_mcfg_of_q35)
{
	struct acpi_table_header *h = qemu_mcfg();

	reset();
	CHECK_EQ_INT(h->length, 0x3c);
	CHECK_EQ_INT(acpi_parse_mcfg(h, &info), 0);
	CHECK(info.mcfg.present);
	CHECK_EQ_INT(info.mcfg.nr_allocations, 1);
	CHECK_EQ_U64(info.mcfg.address, 0xb0000000);
	CHECK_EQ_INT(info.mcfg.segment, 0);
	CHECK_EQ_INT(info.mcfg.start_bus, 0);
	CHECK_EQ_INT(info.mcfg.end_bus, 255);
	acpi_print_mcfg(&info);
	CHECK_STR(printk_capture(), "PCI: MMCONFIG for domain 0000 [bus 00-ff] at "
		  "[mem 0xb0000000-0xbfffffff] (base 0xb0000000)\n");
	free(h);
}

TEST(acpi_mcfg_empty_or_backwards_is_rejected)
{
	struct builder b;
	struct acpi_table_header *h;

	begin(&b, "MCFG", 1);
	put_u64(&b, 0);
	put_u64(&b, 0xb0000000);                /* half an allocation */
	h = finish(&b);
	reset();
	CHECK_EQ_INT(acpi_parse_mcfg(h, &info), -EINVAL);
	CHECK_ONE_LINE("MCFG of 52 bytes has no allocation");
	free(h);

	begin(&b, "MCFG", 1);
	put_u64(&b, 0);
	put_u64(&b, 0xe0000000);
	put(&b, (u8[]){ 0, 0, 0, 0x3f, 0, 0, 0, 0 }, 8);
	put_u64(&b, 0xf0000000);
	put(&b, (u8[]){ 1, 0, 0x20, 0x10, 0, 0, 0, 0 }, 8);
	h = finish(&b);
	reset();
	CHECK_EQ_INT(acpi_parse_mcfg(h, &info), -EINVAL);
	CHECK_ONE_LINE("MCFG allocation 1: buses 20-10 backwards");
	CHECK(!info.mcfg.present);
	free(h);
}

/* ---- FADT ---- */

TEST(acpi_fadt_short_revision_1_of_pc)
{
	struct acpi_table_header *h = qemu_fadt(false);

	reset();
	CHECK_EQ_INT(h->length, 116);
	CHECK_EQ_INT(acpi_table_check(h, h->length, "FACP", 0x1ffe19df), 0);
	/* anything read past byte 116 would be an ASan report here */
	CHECK_EQ_INT(acpi_parse_fadt(h, &info), 0);
	CHECK(info.fadt.present);
	CHECK_EQ_INT(info.fadt.revision, 1);
	CHECK_EQ_INT(info.fadt.sci_irq, 9);
	CHECK_EQ_INT(info.fadt.smi_command, 0xb2);
	CHECK_EQ_INT(info.fadt.pm1a_cnt.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
	CHECK_EQ_U64(info.fadt.pm1a_cnt.address, 0x604);
	CHECK_EQ_INT(info.fadt.pm1a_cnt.bit_width, 16);
	CHECK_EQ_U64(info.fadt.pm1b_cnt.address, 0);
	CHECK_EQ_U64(info.fadt.pm_timer.address, 0x608);
	/* the blocks /proc/ioports names: PM1a_EVT_BLK, GPE0_BLK, with their lengths */
	CHECK_EQ_U64(info.fadt.pm1a_evt.address, 0x600);
	CHECK_EQ_INT(info.fadt.pm1a_evt.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
	CHECK_EQ_INT(info.fadt.pm1_evt_length, 4);
	CHECK_EQ_INT(info.fadt.pm1_cnt_length, 2);
	CHECK_EQ_U64(info.fadt.gpe0.address, 0xafe0);
	CHECK_EQ_INT(info.fadt.gpe0_length, 4);
	CHECK_EQ_U64(info.fadt.pm1b_evt.address, 0);
	CHECK_EQ_U64(info.fadt.gpe1.address, 0);
	CHECK_EQ_U64(info.fadt.dsdt, 0x1ffe0040);
	CHECK_EQ_U64(info.fadt.facs, 0x1ffe0000);
	CHECK(!info.fadt.has_reset);            /* ACPI 1.0 has no reset register */
	CHECK_EQ_INT(info.fadt.boot_flags, 0);  /* reserved in a 116-byte FADT */
	CHECK(!info.fadt.has_s5);
	acpi_print_fadt(&info);
	CHECK_STR(printk_capture(), "ACPI: PM-Timer IO Port: 0x608\n");
	free(h);
}

TEST(acpi_fadt_long_revision_3_of_q35)
{
	struct acpi_table_header *h = qemu_fadt(true);
	struct acpi_table_fadt *f = (void *)h;

	reset();
	CHECK_EQ_INT(h->length, 0xf4);
	CHECK_EQ_INT(acpi_parse_fadt(h, &info), 0);
	CHECK_EQ_INT(info.fadt.revision, 3);
	CHECK(info.fadt.has_reset);
	CHECK_EQ_INT(info.fadt.reset_reg.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
	CHECK_EQ_U64(info.fadt.reset_reg.address, 0xcf9);
	CHECK_EQ_INT(info.fadt.reset_value, 0x0f);
	CHECK_EQ_INT(info.fadt.boot_flags, ACPI_FADT_8042);
	CHECK_EQ_U64(info.fadt.pm1a_cnt.address, 0x604);
	CHECK_EQ_INT(info.fadt.pm_timer.bit_width, 32);    /* the X_ form is used */

	/* the 64-bit addresses win when set; the 32-bit ones serve when they are 0 */
	f->Xdsdt = 0x123400000ULL;
	f->xpm1a_control_block.address = 0;
	f->pm1a_control_block = 0xb004;
	set_checksum(h);
	CHECK_EQ_INT(acpi_parse_fadt(h, &info), 0);
	CHECK_EQ_U64(info.fadt.dsdt, 0x123400000ULL);
	CHECK_EQ_U64(info.fadt.pm1a_cnt.address, 0xb004);
	CHECK_EQ_INT(info.fadt.pm1a_cnt.bit_width, 16);

	f->flags &= ~ACPI_FADT_RESET_REGISTER;  /* no RESET_REG_SUP: not valid */
	set_checksum(h);
	CHECK_EQ_INT(acpi_parse_fadt(h, &info), 0);
	CHECK(!info.fadt.has_reset);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	free(h);
}

TEST(acpi_fadt_shorter_than_acpi_1_is_rejected)
{
	struct acpi_table_header *h = qemu_fadt(false), *c = dup_n(h, 100);

	c->length = 100;
	set_checksum(c);
	reset();
	CHECK_EQ_INT(acpi_parse_fadt(c, &info), -EINVAL);
	CHECK_ONE_LINE("FADT of 100 bytes, less than the 116 of ACPI 1.0");
	CHECK(!info.fadt.present);
	free(c);
	free(h);
}

/* ---- \_S5 ---- */

/* Parse a DSDT holding aml; returns acpi_find_s5()'s result. */
static int s5_of(const void *aml, size_t n)
{
	struct acpi_table_header *h = dsdt_with(aml, n);
	int ret;

	reset();
	ret = acpi_find_s5(h, &info);
	free(h);
	return ret;
}

TEST(acpi_s5_of_qemu_is_zero_zero)
{
	info.fadt.slp_typa = 9;
	CHECK_EQ_INT(s5_of(qemu_s5, sizeof(qemu_s5)), 0);
	CHECK(info.fadt.has_s5);
	CHECK_EQ_INT(info.fadt.slp_typa, 0);
	CHECK_EQ_INT(info.fadt.slp_typb, 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(acpi_s5_byte_word_one_and_root_prefix)
{
	static const u8 bytes[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x08, 0x04,
				    0x0a, 0x05, 0x0a, 0x07, 0x00, 0x00 };
	static const u8 one[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x01, 0x0b, 0x06, 0x00 };
	static const u8 packed[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x01, 0x0b, 0x07, 0x05 };
	/* a two-byte PkgLength: 0x40 | low nibble, then the next 8 bits */
	static const u8 long_len[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x49, 0x00, 0x02, 0x0c,
				       0x03, 0, 0, 0, 0xff };

	CHECK_EQ_INT(s5_of(bytes, sizeof(bytes)), 0);
	CHECK_EQ_INT(info.fadt.slp_typa, 5);
	CHECK_EQ_INT(info.fadt.slp_typb, 7);
	CHECK_EQ_INT(s5_of(one, sizeof(one)), 0);
	CHECK_EQ_INT(info.fadt.slp_typa, 1);
	CHECK_EQ_INT(info.fadt.slp_typb, 6);
	CHECK_EQ_INT(s5_of(packed, sizeof(packed)), 0);    /* one element: a | b << 8 */
	CHECK_EQ_INT(info.fadt.slp_typa, 7);
	CHECK_EQ_INT(info.fadt.slp_typb, 5);
	CHECK_EQ_INT(s5_of(long_len, sizeof(long_len)), 0);
	CHECK_EQ_INT(info.fadt.slp_typa, 3);
	CHECK_EQ_INT(info.fadt.slp_typb, 0xff);
}

TEST(acpi_s5_skips_references_that_are_not_its_name)
{
	/* "Notify (_S5_ ...)"-like use first, then a string "_S5_", then the name */
	static const u8 aml[] = { 0x86, '_', 'S', '5', '_', 0x0a, 0x80,
				  0x0d, '_', 'S', '5', '_', 0x00,
				  0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a, 0x02,
				  0x0a, 0x03, 0x00, 0x00 };

	CHECK_EQ_INT(s5_of(aml, sizeof(aml)), 0);
	CHECK_EQ_INT(info.fadt.slp_typa, 2);
	CHECK_EQ_INT(info.fadt.slp_typb, 3);
}

TEST(acpi_s5_absent_or_malformed_is_not_found)
{
	static const u8 none[] = { 0x08, '_', 'S', '4', '_', 0x12, 0x06, 0x04, 0, 0, 0, 0 };
	static const u8 method[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x70, 0x00, 0, 0 };
	static const u8 empty[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x02, 0x00 };
	static const u8 not_pkg[] = { 0x08, '_', 'S', '5', '_', 0x0a, 0x05 };
	/* each cut short at the table's end: nothing may be read past it */
	static const u8 cut_name[] = { 0x08, '_', 'S', '5' };
	static const u8 cut_pkglen[] = { 0x08, '_', 'S', '5', '_', 0x12, 0xc0, 0x01 };
	static const u8 cut_byte[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0a };
	static const u8 len_past[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x3f, 0x04, 0x00, 0x00 };

	CHECK_EQ_INT(s5_of(none, sizeof(none)), -ENOENT);
	CHECK_EQ_INT(s5_of(method, sizeof(method)), -ENOENT);
	CHECK_EQ_INT(s5_of(empty, sizeof(empty)), -ENOENT);
	CHECK_EQ_INT(s5_of(not_pkg, sizeof(not_pkg)), -ENOENT);
	CHECK_EQ_INT(s5_of(cut_name, sizeof(cut_name)), -ENOENT);
	CHECK_EQ_INT(s5_of(cut_pkglen, sizeof(cut_pkglen)), -ENOENT);
	CHECK_EQ_INT(s5_of(cut_byte, sizeof(cut_byte)), -ENOENT);
	CHECK_EQ_INT(s5_of(len_past, sizeof(len_past)), -ENOENT);
	CHECK(!info.fadt.has_s5);
}

/*
 * A package opcode as the table's last byte: its PkgLength would be the byte
 * after the table.  It used to be read before the end was checked (a
 * one-byte heap over-read that ASan reports: the DSDT is malloc'd to its
 * length).  tests/fuzz/acpi/regressions/s5-package-op-last-byte holds it.
 */
TEST(acpi_s5_package_op_as_the_last_byte_is_not_found)
{
	static const u8 pkg_last[] = { 0x08, '_', 'S', '5', '_', 0x12 };
	static const u8 root_pkg_last[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12 };

	CHECK_EQ_INT(s5_of(pkg_last, sizeof(pkg_last)), -ENOENT);
	CHECK_EQ_INT(s5_of(root_pkg_last, sizeof(root_pkg_last)), -ENOENT);
	CHECK(!info.fadt.has_s5);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

/* ---- random mutations ---- */

static const u32 edge_u32[] = { 0, 1, 2, 35, 36, 37, 43, 44, 45, 55, 56, 115, 116, 117, 244,
				0xff, 0x10000, 0x100000, 0x100001, 0x7fffffff, 0xffffffff };

/* Change one to four things in buf (len bytes): a byte, a u32 field, or an entry length. */
static void mutate(u8 *buf, size_t len)
{
	for (int n = 1 + host_rand_below(4); n--; ) {
		size_t at = host_rand_below(len);

		switch (host_rand_below(3)) {
		case 0:
			buf[at] = (u8)host_rand();
			break;
		case 1:
			if (at + 4 <= len)
				memcpy(buf + at, &edge_u32[host_rand_below(ARRAY_SIZE(edge_u32))], 4);
			break;
		default:
			buf[at] = (u8)host_rand_below(20);  /* small values: MADT lengths, AML ops */
			break;
		}
	}
}

/* Check, then parse with everything, as acpi.c would: no crash, no ASan report. */
static void parse_mutant(const u8 *base, size_t len, unsigned int iter)
{
	size_t size = len;
	u8 *buf;
	int lines;

	if (host_rand_below(8) == 0)
		size = host_rand_below(len + 1);        /* the buffer itself cut short */
	buf = dup_n(base, size);
	if (size)
		mutate(buf, size);
	if (size >= sizeof(struct acpi_table_header) && host_rand_below(2)) {
		struct acpi_table_header *h = (void *)buf;

		if (h->length >= sizeof(*h) && h->length <= size)
			set_checksum(h);        /* let the parsers see the mutant */
	}
	reset();
	if (acpi_table_check((void *)buf, size, NULL, iter) == 0) {
		acpi_parse_madt((void *)buf, &info);
		acpi_parse_hpet((void *)buf, &info);
		acpi_parse_mcfg((void *)buf, &info);
		acpi_parse_fadt((void *)buf, &info);
		acpi_find_s5((void *)buf, &info);
		acpi_root_entries((void *)buf, (u64[4]){ 0 }, 4);
		acpi_print_madt(&info);
		CHECK_MSG(info.nr_cpus <= ACPI_MAX_CPUS && info.nr_isos <= ACPI_MAX_ISOS,
			  "iter %u: counts beyond the arrays", iter);
	} else {
		lines = printk_capture_lines();
		CHECK_MSG(lines == 1, "iter %u: rejection printed %d lines", iter, lines);
	}
	free(buf);
}

TEST(acpi_random_mutations_are_parsed_safely)
{
	struct acpi_table_header *t[] = { qemu_madt(), qemu_hpet(), qemu_mcfg(), qemu_fadt(false),
					  qemu_fadt(true), dsdt_with(qemu_s5, sizeof(qemu_s5)) };

	host_set_timeout(60);
	host_srand(0xac91);
	for (unsigned int iter = 0; iter < 60000 && !host_failures(); iter++) {
		struct acpi_table_header *h = t[iter % ARRAY_SIZE(t)];

		parse_mutant((const u8 *)h, h->length, iter);
	}
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		free(t[i]);
}

TEST(acpi_random_rsdps_are_checked_safely)
{
	struct acpi_table_rsdp good[2] = { make_rsdp(0), make_rsdp(2) };

	host_srand(0x5d9);
	for (unsigned int iter = 0; iter < 20000 && !host_failures(); iter++) {
		size_t size = iter & 1 ? 36 : 20 + host_rand_below(17);
		u8 *buf = dup_n(&good[iter & 1], size);
		int ret;

		mutate(buf, size);
		reset();
		ret = acpi_rsdp_check(buf, size);
		CHECK_MSG(ret == 0 ? printk_capture_lines() == 0 : printk_capture_lines() == 1,
			  "iter %u: %d with %d lines", iter, ret, printk_capture_lines());
		free(buf);
	}
}
