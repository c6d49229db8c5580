/*
 * acpi suite: the firmware's real tables (drivers/acpi.c).  Every table kept
 * passes its checks again; the RSDP found is where the firmware keeps it; the
 * MADT gives QEMU's IOAPIC, local APIC and IRQ0 override; the HPET, MCFG and
 * FADT say what tests/data/linux/{pc,q35}-512M/acpi.txt says
 * Linux found (QEMU builds the same tables under SeaBIOS and OVMF); a copy
 * with one byte flipped is rejected in one line.
 */
#include <asm/io.h>
#include <drivers/acpi.h>
#include <errno.h>
#include <kernel/init.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/e820.h>
#include <mm/slab.h>

#define QEMU_IOAPIC_BASE 0xfec00000
#define QEMU_LAPIC_BASE  0xfee00000
#define QEMU_HPET_BASE   0xfed00000
#define Q35_ECAM_BASE    0xb0000000
/* QEMU's FADT (reference acpi.txt): q35 revision 3 in 0xf4 bytes, pc revision 1 in 0x74 */
#define Q35_FADT_LENGTH  0xf4
#define PC_FADT_LENGTH   0x74

/*
 * The tables as start_kernel's acpi_init() left them (running it here would
 * count its copies as pages leaked by the case).
 */
static int acpi_suite_init(struct kunit *test)
{
	test->priv = (void *)acpi_get_info();
	if (!test->priv)
		kunit_skip(test, "no ACPI: acpi_init() not run at boot, or no valid RSDP");
	return 0;
}

static const struct acpi_info *info_of(struct kunit *test)
{
	return test->priv;
}

/* The number of lines logged since pos. */
static unsigned int lines_since(size_t pos)
{
	static char buf[1024];
	unsigned int n = 0;

	log_buf_read(pos, buf, sizeof(buf));
	for (const char *p = buf; *p; p++)
		n += *p == '\n';
	return n;
}

static void acpi_every_table_is_valid_and_checks_again(struct kunit *test)
{
	unsigned int n = acpi_table_count();

	KUNIT_ASSERT_GE(test, n, 4);            /* root, FADT, DSDT, MADT at least */
	for (unsigned int i = 0; i < n; i++) {
		const struct acpi_table_desc *d = acpi_table_desc(i);
		const struct acpi_table_header *t = d->table;

		KUNIT_EXPECT_TRUE(test, d->valid);
		if (!d->valid)
			continue;
		if (!t) {                       /* AML, searched for \_S5 and freed */
			KUNIT_EXPECT_TRUE(test, !memcmp(d->header.signature, ACPI_SIG_DSDT, 4) ||
					  !memcmp(d->header.signature, ACPI_SIG_SSDT, 4));
			continue;
		}
		if (!memcmp(t->signature, ACPI_SIG_FACS, 4)) {
			KUNIT_EXPECT_EQ(test, acpi_facs_check((const void *)t, 64, d->address), 0);
			continue;
		}
		KUNIT_EXPECT_EQ(test, acpi_checksum(t, t->length), 0);
		KUNIT_EXPECT_EQ(test, acpi_table_check(t, t->length, NULL, d->address), 0);
		KUNIT_EXPECT_EQ(test, t->length, d->header.length);
	}
}

/* The firmware's own RSDP (BIOS area, or the EFI configuration table) equals the tag's copy. */
static void acpi_rsdp_is_where_the_firmware_keeps_it(struct kunit *test)
{
	const struct acpi_info *a = info_of(test);
	size_t n = a->rsdp_revision >= 2 ? 36 : 20;
	u8 __iomem *p;
	u8 bytes[36];

	KUNIT_ASSERT_NE(test, a->rsdp_address, 0);
	KUNIT_ASSERT_NOT_NULL(test, boot_info.rsdp);
	KUNIT_ASSERT_GE(test, boot_info.rsdp_size, n);
	p = ioremap_cache(a->rsdp_address, n);
	KUNIT_ASSERT_NOT_NULL(test, p);
	memcpy_fromio(bytes, p, n);
	iounmap(p);
	KUNIT_EXPECT_EQ(test, memcmp(bytes, boot_info.rsdp, n), 0);
	KUNIT_EXPECT_EQ(test, acpi_rsdp_check(bytes, n), 0);
	if (a->rsdp_address < 0x100000)         /* SeaBIOS: §5.2.5.1's 16-byte boundary */
		KUNIT_EXPECT_EQ(test, a->rsdp_address % 16, 0);
}

static void acpi_madt_gives_qemu_ioapic_and_lapic(struct kunit *test)
{
	const struct acpi_info *a = info_of(test);

	KUNIT_ASSERT_TRUE(test, a->madt_present);
	KUNIT_EXPECT_EQ(test, a->lapic_addr, QEMU_LAPIC_BASE);
	KUNIT_ASSERT_GE(test, a->nr_ioapics, 1);
	KUNIT_EXPECT_EQ(test, a->ioapics[0].address, QEMU_IOAPIC_BASE);
	KUNIT_EXPECT_EQ(test, a->ioapics[0].gsi_base, 0);
	KUNIT_ASSERT_GE(test, a->nr_cpus, 1);
	KUNIT_EXPECT_TRUE(test, a->cpus[0].flags & ACPI_MADT_ENABLED);
	KUNIT_ASSERT_EQ(test, a->nr_lapic_nmis, 1);     /* LINT1 of every CPU, as Linux shows */
	KUNIT_EXPECT_EQ(test, a->lapic_nmis[0].acpi_id, 0xff);
	KUNIT_EXPECT_EQ(test, a->lapic_nmis[0].lint, 1);
}

static void acpi_irq0_is_overridden_to_gsi2(struct kunit *test)
{
	const struct acpi_info *a = info_of(test);
	bool found = false;

	for (unsigned int i = 0; i < a->nr_isos; i++) {
		const struct acpi_int_src_ovr *o = &a->isos[i];

		if (o->bus == 0 && o->source == 0) {
			found = true;
			KUNIT_EXPECT_EQ(test, o->gsi, 2);
			KUNIT_EXPECT_STREQ(test, acpi_inti_polarity(o->flags), "dfl");
			KUNIT_EXPECT_STREQ(test, acpi_inti_trigger(o->flags), "dfl");
		}
		if (o->source == 9) {           /* the SCI: "bus_irq 9 global_irq 9 high level" */
			KUNIT_EXPECT_STREQ(test, acpi_inti_polarity(o->flags), "high");
			KUNIT_EXPECT_STREQ(test, acpi_inti_trigger(o->flags), "level");
		}
	}
	KUNIT_EXPECT_TRUE(test, found);
}

static void acpi_hpet_is_at_qemu_base(struct kunit *test)
{
	const struct acpi_info *a = info_of(test);
	const struct acpi_table_header *t;

	if (!a->hpet.present) {
		KUNIT_EXPECT_EQ(test, acpi_get_table(ACPI_SIG_HPET, 0, &t), -ENOENT);
		kunit_skip(test, "no HPET table (machine with hpet=off)");
	}
	KUNIT_EXPECT_EQ(test, a->hpet.address, QEMU_HPET_BASE);
	KUNIT_EXPECT_EQ(test, a->hpet.id, 0x8086a201);  /* "ACPI: HPET id: 0x8086a201" */
	KUNIT_EXPECT_EQ(test, a->hpet.comparators, 3);  /* "hpet0: 3 comparators" */
	KUNIT_EXPECT_EQ(test, a->hpet.vendor, 0x8086);
}

/*
 * q35 has an MCFG (ECAM at 0xb0000000, buses 00-ff) and a revision 3 FADT;
 * pc has neither an MCFG nor more than an ACPI 1.0 FADT (reference acpi.txt).
 */
static void acpi_mcfg_on_q35_only(struct kunit *test)
{
	const struct acpi_info *a = info_of(test);
	const struct acpi_mcfg_info *m = &a->mcfg;

	KUNIT_ASSERT_TRUE(test, a->fadt.present);
	if (!m->present) {
		KUNIT_EXPECT_EQ(test, a->fadt.length, PC_FADT_LENGTH);
		kunit_skip(test, "no MCFG: a pc (i440FX) machine has no ECAM");
	}
	KUNIT_EXPECT_EQ(test, a->fadt.length, Q35_FADT_LENGTH);
	KUNIT_EXPECT_EQ(test, m->address, Q35_ECAM_BASE);
	KUNIT_EXPECT_EQ(test, m->segment, 0);
	KUNIT_EXPECT_EQ(test, m->start_bus, 0);
	KUNIT_EXPECT_EQ(test, m->end_bus, 255);
	/* Linux: "PCI: MMCONFIG at [mem 0xb0000000-0xbfffffff] reserved in E820" */
	KUNIT_EXPECT_TRUE(test, e820__mapped_all(&e820_table, m->address,
						 m->address + (256UL << 20), E820_TYPE_RESERVED));
}

static void acpi_fadt_has_pm1a_and_s5(struct kunit *test)
{
	const struct acpi_fadt_info *f = &info_of(test)->fadt;
	const struct acpi_table_desc *dsdt = NULL;

	KUNIT_ASSERT_TRUE(test, f->present);
	KUNIT_EXPECT_NE(test, f->pm1a_cnt.address, 0);
	KUNIT_EXPECT_EQ(test, f->pm1a_cnt.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
	/* PIIX4 and ICH9 alike: PM1a_EVT at the PM base, PM1a_CNT at +4, the PM timer at +8 */
	KUNIT_EXPECT_EQ(test, f->pm_timer.address, f->pm1a_cnt.address + 4);
	if (info_of(test)->rsdp_address < 0x100000)     /* SeaBIOS, as the reference */
		KUNIT_EXPECT_EQ(test, f->pm_timer.address, 0x608);  /* "PM-Timer IO Port: 0x608" */
	KUNIT_EXPECT_EQ(test, f->sci_irq, 9);
	for (unsigned int i = 0; i < acpi_table_count(); i++)
		if (acpi_table_desc(i)->address == f->dsdt)
			dsdt = acpi_table_desc(i);
	KUNIT_ASSERT_NOT_NULL(test, dsdt);
	KUNIT_EXPECT_TRUE(test, dsdt->valid);
	KUNIT_EXPECT_EQ(test, memcmp(dsdt->header.signature, ACPI_SIG_DSDT, 4), 0);
	KUNIT_EXPECT_PTR_EQ(test, dsdt->table, NULL);   /* its AML is not kept */
	KUNIT_EXPECT_TRUE(test, f->has_s5);
	/* QEMU's DSDT: Name (_S5, Package (0x04) { Zero, Zero, Zero, Zero }) */
	KUNIT_EXPECT_EQ(test, f->slp_typa, 0);
	KUNIT_EXPECT_EQ(test, f->slp_typb, 0);
	/* a reset register needs a long (ACPI 2.0+) FADT: q35 has one, pc not */
	KUNIT_EXPECT_EQ(test, f->has_reset, f->length >= 129);
}

/* A copy of the MADT with one byte flipped (signature, length, body, checksum): one line each. */
static void acpi_flipped_copy_is_rejected(struct kunit *test)
{
	static const unsigned int at[] = { 0, 4, 9, 40, 44, 60 };
	const struct acpi_table_header *madt;
	u8 *copy;

	KUNIT_ASSERT_EQ(test, acpi_get_table(ACPI_SIG_MADT, 0, &madt), 0);
	copy = kmalloc(madt->length, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	for (unsigned int i = 0; i < ARRAY_SIZE(at) && at[i] < madt->length; i++) {
		size_t pos = log_buf_pos();

		memcpy(copy, madt, madt->length);
		copy[at[i]] ^= 0x20;
		KUNIT_EXPECT_EQ(test, acpi_table_check((void *)copy, madt->length, ACPI_SIG_MADT,
						       0x1234), -EINVAL);
		KUNIT_EXPECT_EQ(test, lines_since(pos), 1);
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "at 0x1234: "));
	}
	memcpy(copy, madt, madt->length);
	KUNIT_EXPECT_EQ(test, acpi_table_check((void *)copy, madt->length, ACPI_SIG_MADT, 0), 0);
	kfree(copy);
}

static void acpi_get_table_counts_instances(struct kunit *test)
{
	const struct acpi_table_header *t = NULL;

	KUNIT_EXPECT_EQ(test, acpi_get_table(ACPI_SIG_MADT, 0, &t), 0);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, memcmp(t->signature, "APIC", 4), 0);
	KUNIT_EXPECT_EQ(test, acpi_get_table(ACPI_SIG_MADT, 1, &t), -ENOENT);
	KUNIT_EXPECT_EQ(test, acpi_get_table("XXXX", 0, &t), -ENOENT);
	KUNIT_EXPECT_EQ(test, acpi_get_table(ACPI_SIG_DSDT, 0, &t), -ENOENT);   /* AML freed */
	KUNIT_EXPECT_EQ(test, acpi_get_table(ACPI_SIG_FADT, 0, &t), 0);
	KUNIT_EXPECT_EQ(test, t->length, info_of(test)->fadt.length);
	KUNIT_EXPECT_PTR_EQ(test, acpi_table_desc(acpi_table_count()), NULL);
}

static struct kunit_case acpi_cases[] = {
	KUNIT_CASE(acpi_every_table_is_valid_and_checks_again),
	KUNIT_CASE(acpi_rsdp_is_where_the_firmware_keeps_it),
	KUNIT_CASE(acpi_madt_gives_qemu_ioapic_and_lapic),
	KUNIT_CASE(acpi_irq0_is_overridden_to_gsi2),
	KUNIT_CASE(acpi_hpet_is_at_qemu_base),
	KUNIT_CASE(acpi_mcfg_on_q35_only),
	KUNIT_CASE(acpi_fadt_has_pm1a_and_s5),
	KUNIT_CASE(acpi_flipped_copy_is_rejected),
	KUNIT_CASE(acpi_get_table_counts_instances),
	{}
};

static struct kunit_suite acpi_suite = {
	.name = "acpi",
	.init = acpi_suite_init,
	.test_cases = acpi_cases,
};
kunit_test_suite(acpi_suite);
