/*
 * ACPI, the kernel side (ACPI 6.5 §5.2): find the RSDP, read every table the
 * RSDT or XSDT lists (and the DSDT and FACS the FADT points to), keep checked
 * copies, parse the MADT, HPET, MCFG, FADT and \_S5 (drivers/acpi_tables.c),
 * and print what Linux prints at boot.  Monitor: `acpi`.
 *
 * Where the RSDP is (§5.2.5.1): GRUB hands over a copy in the multiboot2 ACPI
 * tag (new, else old); without one, a BIOS keeps it on a 16-byte boundary in
 * the first KiB of the EBDA or in 0xE0000-0xFFFFF, and UEFI lists it in the
 * EFI system table's configuration tables (UEFI 2.10 §4.6).  The copy does
 * not say where the original lies, so both places are searched for it too:
 * Linux prints that address ("ACPI: RSDP 0x00000000000F59E0 ...").
 *
 * Tables lie in e820 "reserved" or "ACPI data" ranges, outside the direct
 * map: each is reached through ioremap_cache, copied into kmalloc'd memory
 * with memcpy_fromio and unmapped, and it is the copy that is checked and
 * used, so nothing can change between the check and the use.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <asm/io.h>
#include <asm/page.h>
#include <drivers/acpi.h>
#include <errno.h>
#include <kernel/init.h>
#include <kernel/kernel.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/e820.h>
#include <mm/slab.h>

#define ACPI_MAX_TABLES  32             /* QEMU has 8, a laptop ~30 */
#define BIOS_AREA_START  0xe0000        /* §5.2.5.1: the BIOS read-only area ... */
#define BIOS_AREA_END    0x100000       /* ... up to 1 MiB */
#define BDA_EBDA_SEGMENT 0x40e          /* BIOS data area: the EBDA's real-mode segment */
#define EBDA_SCAN_LENGTH 1024           /* §5.2.5.1: the EBDA's first KiB */
#define RSDP_SIG_QWORD   0x2052545020445352ULL  /* "RSD PTR " read as a little-endian u64 */

static struct acpi_info acpi_info;
static bool acpi_found, acpi_initialised;
static struct acpi_table_rsdp rsdp;     /* our copy; 36 bytes, zero past a v1's 20 */
static struct acpi_table_desc tables[ACPI_MAX_TABLES];
static unsigned int nr_tables;

/* ---- reaching physical memory (Linux's acpi_os_map_memory) ---- */

/*
 * Map [phys, phys + size): through the direct map where the e820 table says
 * its pages are RAM, else with ioremap_cache.  NULL when its pages are partly
 * RAM (ioremap refuses RAM, and the direct map ends at whole RAM pages: the
 * EBDA at 0x9fc00 shares its page with RAM) or ioremap fails (it says why).
 */
static const void __iomem *acpi_os_map_memory(u64 phys, size_t size)
{
	u64 start = phys & PAGE_MASK, end = PAGE_ALIGN(phys + size);

	if (e820__mapped_all(&e820_table, start, end, E820_TYPE_RAM))
		return __va(phys);
	if (e820__mapped_any(&e820_table, start, end, E820_TYPE_RAM))
		return NULL;
	return ioremap_cache(phys, size);
}

static void acpi_os_unmap_memory(const void __iomem *virt)
{
	unsigned long v = (unsigned long)virt;

	if (v >= VMALLOC_START && v <= VMALLOC_END)
		iounmap((volatile void __iomem *)virt);
}

/* Copy size bytes at physical address phys into buf: 0, or -EFAULT if unreachable. */
static int acpi_copy_phys(void *buf, u64 phys, size_t size)
{
	const void __iomem *p;

	if (phys + size < phys)
		return -EFAULT;
	p = acpi_os_map_memory(phys, size);
	if (!p)
		return -EFAULT;
	memcpy_fromio(buf, p, size);
	acpi_os_unmap_memory(p);
	return 0;
}

/* ---- the RSDP ---- */

/* Whether buf (size bytes) is a valid RSDP, checked silently: scans meet other bytes. */
static bool rsdp_valid(const struct acpi_table_rsdp *r, size_t size)
{
	if (size < ACPI_RSDP_REV0_SIZE || memcmp(r->signature, ACPI_SIG_RSDP, 8) ||
	    acpi_checksum(r, ACPI_RSDP_REV0_SIZE))
		return false;
	return r->revision < 2 || (size >= ACPI_RSDP_XCHECKSUM_LENGTH &&
				   !acpi_checksum(r, ACPI_RSDP_XCHECKSUM_LENGTH));
}

/* The RSDP's size by its revision: 20 bytes (ACPI 1.0) or 36. */
static size_t rsdp_size(const struct acpi_table_rsdp *r)
{
	return r->revision < 2 ? ACPI_RSDP_REV0_SIZE : ACPI_RSDP_XCHECKSUM_LENGTH;
}

/*
 * Scan [start, start + len) on 16-byte boundaries for an RSDP: a valid one
 * equal to *want when want is given, else any valid one (copied to *found).
 * Returns its physical address, or 0.
 */
static u64 scan_rsdp(u64 start, size_t len, const struct acpi_table_rsdp *want,
		     struct acpi_table_rsdp *found)
{
	const u8 __iomem *area = acpi_os_map_memory(start, len);
	u64 hit = 0;

	if (!area)
		return 0;
	for (size_t off = 0; off + ACPI_RSDP_REV0_SIZE <= len && !hit; off += 16) {
		struct acpi_table_rsdp r;
		size_t n = min(sizeof(r), len - off);

		if (readq(area + off) != RSDP_SIG_QWORD)
			continue;
		memset(&r, 0, sizeof(r));
		memcpy_fromio(&r, area + off, n);
		if (!rsdp_valid(&r, n) || (want && memcmp(&r, want, rsdp_size(want))))
			continue;
		hit = start + off;
		if (found)
			*found = r;
	}
	acpi_os_unmap_memory(area);
	return hit;
}

/* The BIOS places: the EBDA's first KiB, then 0xE0000-0xFFFFF (Linux's order). */
static u64 scan_bios_areas(const struct acpi_table_rsdp *want, struct acpi_table_rsdp *found)
{
	u16 seg = 0;
	u64 ebda, hit = 0;

	if (!acpi_copy_phys(&seg, BDA_EBDA_SEGMENT, sizeof(seg))) {
		ebda = (u64)seg << 4;
		if (ebda >= 0x80000 && ebda < 0xa0000)  /* a sane EBDA, below the VGA hole */
			hit = scan_rsdp(ebda, EBDA_SCAN_LENGTH, want, found);
	}
	if (!hit)
		hit = scan_rsdp(BIOS_AREA_START, BIOS_AREA_END - BIOS_AREA_START, want, found);
	return hit;
}

/* The EFI system table's address from the multiboot2 EFI64 tag (§3.6.16), or 0. */
static u64 mb2_efi_system_table(void)
{
	const u8 *mbi = __va(boot_info_phys);

	for (u32 off = 8; off + 16 <= boot_info.total_size; ) {
		const struct mb2_tag *tag = (const void *)(mbi + off);

		if (tag->type == MB2_TAG_END || tag->size < 8 || tag->size > boot_info.total_size - off)
			break;
		if (tag->type == MB2_TAG_EFI64 && tag->size >= 16)
			return *(const u64 *)(tag + 1);
		off += ALIGN(tag->size, 8);
	}
	return 0;
}

/* UEFI 2.10 §4.3 and §4.6: the 64-bit system table and its configuration table. */
#define EFI_SYSTEM_TABLE_SIGNATURE 0x5453595320494249ULL       /* "IBI SYST" */
#define EFI_ST_NR_TABLES 104            /* offset of NumberOfTableEntries */
#define EFI_ST_TABLES    112            /* offset of ConfigurationTable */
#define EFI_MAX_CONFIG_TABLES 256

struct efi_config_table {
	u8 guid[16];
	u64 table;
} __packed;

/* ACPI_20_TABLE_GUID, 8868e871-e4f1-11d3-bc22-0080c73c8881, as stored (little-endian). */
static const u8 acpi_20_guid[16] = { 0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,
				     0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 };
/* ACPI_TABLE_GUID (ACPI 1.0), eb9d2d30-2d88-11d3-9a16-0090273fc14d. */
static const u8 acpi_10_guid[16] = { 0x30, 0x2d, 0x9d, 0xeb, 0x88, 0x2d, 0xd3, 0x11,
				     0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d };

/* The RSDP's address in the EFI configuration table (ACPI 2.0 entry first), or 0. */
static u64 efi_rsdp_address(void)
{
	u64 st = mb2_efi_system_table(), sig = 0, nr = 0, cfg = 0, hit = 0;
	struct efi_config_table t;

	if (!st || acpi_copy_phys(&sig, st, 8) || sig != EFI_SYSTEM_TABLE_SIGNATURE ||
	    acpi_copy_phys(&nr, st + EFI_ST_NR_TABLES, 8) ||
	    acpi_copy_phys(&cfg, st + EFI_ST_TABLES, 8))
		return 0;
	for (u64 i = 0; i < nr && i < EFI_MAX_CONFIG_TABLES; i++) {
		if (acpi_copy_phys(&t, cfg + i * sizeof(t), sizeof(t)))
			return 0;
		if (!memcmp(t.guid, acpi_20_guid, 16))
			return t.table;
		if (!memcmp(t.guid, acpi_10_guid, 16))
			hit = t.table;
	}
	return hit;
}

/* Whether the RSDP at phys is the same as our copy. */
static bool rsdp_is_at(u64 phys)
{
	struct acpi_table_rsdp r;

	return phys && !acpi_copy_phys(&r, phys, rsdp_size(&rsdp)) &&
	       !memcmp(&r, &rsdp, rsdp_size(&rsdp));
}

/*
 * Set rsdp and acpi_info.rsdp_address.  Returns 0, or -ENODEV when no valid
 * RSDP exists.  The address stays 0 if the boot loader's copy is found nowhere.
 */
static int acpi_find_rsdp(void)
{
	u64 efi = efi_rsdp_address();

	if (boot_info.rsdp && !acpi_rsdp_check(boot_info.rsdp, boot_info.rsdp_size)) {
		memcpy(&rsdp, boot_info.rsdp, min((size_t)boot_info.rsdp_size, sizeof(rsdp)));
		acpi_info.rsdp_address = rsdp_is_at(efi) ? efi : scan_bios_areas(&rsdp, NULL);
		return 0;
	}
	if (efi && !acpi_copy_phys(&rsdp, efi, sizeof(rsdp)) && rsdp_valid(&rsdp, sizeof(rsdp))) {
		acpi_info.rsdp_address = efi;
		return 0;
	}
	acpi_info.rsdp_address = scan_bios_areas(NULL, &rsdp);
	return acpi_info.rsdp_address ? 0 : -ENODEV;
}

/* ---- reading and keeping tables ---- */

/* Keep the table at phys in tables[] (copy NULL: rejected).  False when full. */
static bool acpi_keep(u64 phys, const struct acpi_table_header *hdr,
		      const struct acpi_table_header *copy)
{
	if (nr_tables == ACPI_MAX_TABLES) {
		pr_warn("[%.4s] at %#llx: more than %u tables, ignored\n", hdr->signature,
			(unsigned long long)phys, ACPI_MAX_TABLES);
		return false;
	}
	tables[nr_tables++] = (struct acpi_table_desc){ .address = phys, .header = *hdr,
							.table = copy, .valid = copy != NULL };
	return true;
}

/*
 * Read the table at phys into a kmalloc'd copy and check the copy: sig (NULL:
 * any), length, checksum.  *hdr gets its header as first read.  Returns the
 * copy, or NULL after one line.
 */
static struct acpi_table_header *acpi_read_table(u64 phys, const char *sig,
						 struct acpi_table_header *hdr)
{
	struct acpi_table_header *t;

	if (!phys || acpi_copy_phys(hdr, phys, sizeof(*hdr))) {
		pr_err("[%.4s] at %#llx: cannot be read, ignored\n", sig ? sig : "????",
		       (unsigned long long)phys);
		return NULL;
	}
	if (hdr->length < sizeof(*hdr) || hdr->length > ACPI_TABLE_MAX_LENGTH) {
		acpi_table_check(hdr, sizeof(*hdr), sig, phys);        /* says which */
		return NULL;
	}
	t = kmalloc(hdr->length, GFP_KERNEL);
	if (!t) {
		pr_err("[%.4s] at %#llx: no memory for its %u bytes, ignored\n", hdr->signature,
		       (unsigned long long)phys, hdr->length);
		return NULL;
	}
	if (acpi_copy_phys(t, phys, hdr->length) || acpi_table_check(t, hdr->length, sig, phys)) {
		kfree(t);
		return NULL;
	}
	return t;
}

/* Read, check, print (as Linux) and keep the table at phys.  Returns the copy or NULL. */
static const struct acpi_table_header *acpi_install_table(u64 phys, const char *sig)
{
	struct acpi_table_header hdr;
	struct acpi_table_header *t;
	char line[128];

	memset(&hdr, 0, sizeof(hdr));
	if (sig)
		memcpy(hdr.signature, sig, ACPI_NAMESEG_SIZE);
	t = acpi_read_table(phys, sig, &hdr);
	if (!acpi_keep(phys, &hdr, t)) {
		kfree(t);
		return NULL;
	}
	if (t) {
		acpi_format_table(line, sizeof(line), phys, t);
		pr_info("%s\n", line);
	}
	return t;
}

/*
 * The FACS has no checksum and no standard header: check its signature and
 * length, keep its first 64 bytes (all a FACS must have), print its line.
 */
static void acpi_install_facs(u64 phys)
{
	struct acpi_table_header hdr = { .signature = "FACS" };
	struct acpi_table_facs *facs = kzalloc(ACPI_FACS_MIN_LENGTH, GFP_KERNEL);
	char line[64];

	if (!facs || acpi_copy_phys(facs, phys, ACPI_FACS_MIN_LENGTH)) {
		pr_err("[FACS] at %#llx: %s, ignored\n", (unsigned long long)phys,
		       facs ? "cannot be read" : "no memory for a copy");
	} else if (!acpi_facs_check(facs, ACPI_FACS_MIN_LENGTH, phys)) {
		memcpy(&hdr, facs, sizeof(hdr));
		if (acpi_keep(phys, &hdr, (const void *)facs)) {
			acpi_format_facs(line, sizeof(line), phys, facs);
			pr_info("%s\n", line);
			return;
		}
	}
	kfree(facs);
	acpi_keep(phys, &hdr, NULL);
}

/* The FADT points to the DSDT and FACS; Linux lists them right after it. */
static void acpi_install_fadt(const struct acpi_table_header *fadt)
{
	if (acpi_info.fadt.present || acpi_parse_fadt(fadt, &acpi_info))
		return;
	acpi_install_table(acpi_info.fadt.dsdt, ACPI_SIG_DSDT);
	if (acpi_info.fadt.facs)
		acpi_install_facs(acpi_info.fadt.facs);
}

/* The XSDT where the RSDP has one (and it is valid), else the RSDT; then every table. */
static void acpi_walk_root(void)
{
	const struct acpi_table_header *root = NULL;
	u64 addrs[ACPI_MAX_TABLES];
	unsigned int n;

	if (rsdp.revision >= 2 && rsdp.xsdt_physical_address)
		root = acpi_install_table(rsdp.xsdt_physical_address, ACPI_SIG_XSDT);
	acpi_info.xsdt = root != NULL;
	if (!root)
		root = acpi_install_table(rsdp.rsdt_physical_address, ACPI_SIG_RSDT);
	if (!root)
		return;
	n = acpi_root_entries(root, addrs, ARRAY_SIZE(addrs));
	if (n > ARRAY_SIZE(addrs))
		pr_warn("[%.4s] lists %u tables; the first %zu are read\n", root->signature, n,
			ARRAY_SIZE(addrs));
	for (unsigned int i = 0; i < n && i < ARRAY_SIZE(addrs); i++) {
		const struct acpi_table_header *t = acpi_install_table(addrs[i], NULL);

		if (t && !memcmp(t->signature, ACPI_SIG_FADT, ACPI_NAMESEG_SIZE))
			acpi_install_fadt(t);
	}
}

int acpi_get_table(const char *sig, u32 instance, const struct acpi_table_header **out)
{
	for (unsigned int i = 0; i < nr_tables; i++) {
		if (!tables[i].table || memcmp(tables[i].header.signature, sig, ACPI_NAMESEG_SIZE))
			continue;
		if (instance-- == 0) {
			*out = tables[i].table;
			return 0;
		}
	}
	return -ENOENT;
}

unsigned int acpi_table_count(void)
{
	return nr_tables;
}

const struct acpi_table_desc *acpi_table_desc(unsigned int i)
{
	return i < nr_tables ? &tables[i] : NULL;
}

const struct acpi_info *acpi_get_info(void)
{
	return acpi_found ? &acpi_info : NULL;
}

/*
 * AML (the DSDT and SSDTs) is only searched for \_S5: Atlas has no AML
 * interpreter.  Free those copies (8 KiB and more of pages that would stay
 * split for good) and keep their headers.
 */
static void acpi_drop_aml(void)
{
	for (unsigned int i = 0; i < nr_tables; i++) {
		const char *sig = tables[i].header.signature;

		if (!memcmp(sig, ACPI_SIG_DSDT, 4) || !memcmp(sig, ACPI_SIG_SSDT, 4)) {
			kfree(tables[i].table);
			tables[i].table = NULL;
		}
	}
}

/* \_S5 in the DSDT, else in an SSDT (some firmware keeps it there). */
static void acpi_find_sleep_state(void)
{
	const struct acpi_table_header *t;
	int found = -ENOENT;

	if (!acpi_get_table(ACPI_SIG_DSDT, 0, &t))
		found = acpi_find_s5(t, &acpi_info);
	for (u32 i = 0; found && !acpi_get_table(ACPI_SIG_SSDT, i, &t); i++)
		found = acpi_find_s5(t, &acpi_info);
	if (found)
		pr_warn("PM: no \\_S5 package found: ACPI power-off unavailable\n");
	else
		pr_info("PM: \\_S5: SLP_TYPa %#x SLP_TYPb %#x (power-off)\n", acpi_info.fadt.slp_typa,
			acpi_info.fadt.slp_typb);
}

/* Parse the first table of signature sig with parse, if there is one. */
static void acpi_parse(const char *sig, int (*parse)(const struct acpi_table_header *,
						      struct acpi_info *))
{
	const struct acpi_table_header *t;

	if (!acpi_get_table(sig, 0, &t))
		parse(t, &acpi_info);
}

void acpi_init(void)
{
	char line[64];

	if (acpi_initialised)
		return;
	acpi_initialised = true;
	if (acpi_find_rsdp()) {
		pr_warn("no valid RSDP from the boot loader or in the BIOS areas: no ACPI\n");
		return;
	}
	acpi_found = true;
	acpi_info.rsdp_revision = rsdp.revision;
	acpi_format_rsdp(line, sizeof(line), acpi_info.rsdp_address, &rsdp);
	pr_info("%s\n", line);
	acpi_walk_root();
	acpi_parse(ACPI_SIG_MADT, acpi_parse_madt);
	acpi_parse(ACPI_SIG_HPET, acpi_parse_hpet);
	acpi_parse(ACPI_SIG_MCFG, acpi_parse_mcfg);
	acpi_print_fadt(&acpi_info);
	acpi_print_madt(&acpi_info);
	acpi_print_hpet(&acpi_info);
	acpi_print_mcfg(&acpi_info);
	if (acpi_info.fadt.present)
		acpi_find_sleep_state();
	acpi_drop_aml();
	if (!acpi_info.madt_present)
		pr_warn("no valid MADT: no IOAPIC or local APIC information\n");
}

/* ---- monitor: acpi ---- */

/* "io 0x604" / "mem 0xfed00000" / "none", with the width when known. */
static const char *gas_str(char *buf, size_t size, const struct acpi_generic_address *g)
{
	static const char *const space[] = { "mem", "io", "pci" };

	if (!g->address)
		return "none";
	snprintf(buf, size, "%s %#llx (%u-bit)", g->space_id < 3 ? space[g->space_id] : "space?",
		 (unsigned long long)g->address, g->bit_width);
	return buf;
}

static void show_tables(struct seq_file *m)
{
	char line[128];

	acpi_format_rsdp(line, sizeof(line), acpi_info.rsdp_address, &rsdp);
	seq_printf(m, "%-76s %s\n", line, rsdp_valid(&rsdp, sizeof(rsdp)) ? "checksum ok" : "BAD");
	for (unsigned int i = 0; i < nr_tables; i++) {
		const struct acpi_table_desc *d = &tables[i];
		bool facs = !memcmp(d->header.signature, ACPI_SIG_FACS, 4);

		if (facs)
			acpi_format_facs(line, sizeof(line), d->address, (const void *)&d->header);
		else
			acpi_format_table(line, sizeof(line), d->address, &d->header);
		seq_printf(m, "%-76s %s\n", line, !d->valid ? "rejected (see dmesg)" :
			   facs ? "no checksum" : !d->table ? "checksum ok (AML not kept)" :
			   acpi_checksum(d->table, d->table->length) ? "BAD" : "checksum ok");
	}
}

static void show_madt(struct seq_file *m)
{
	const struct acpi_info *a = &acpi_info;

	seq_printf(m, "MADT: local APIC %#llx%s%s\n", (unsigned long long)a->lapic_addr,
		   a->lapic_addr_override ? " (64-bit override)" : "",
		   a->madt_flags & ACPI_MADT_PCAT_COMPAT ? ", PC-AT 8259 pair present" : "");
	for (unsigned int i = 0; i < a->nr_cpus; i++)
		seq_printf(m, "  CPU %u: acpi_id %#x %sapic_id %#x %s\n", i, a->cpus[i].acpi_id,
			   a->cpus[i].x2apic ? "x2" : "", a->cpus[i].apic_id,
			   a->cpus[i].flags & ACPI_MADT_ENABLED ? "enabled" :
			   a->cpus[i].flags & ACPI_MADT_ONLINE_CAPABLE ? "online-capable" : "disabled");
	for (unsigned int i = 0; i < a->nr_ioapics; i++)
		seq_printf(m, "  IOAPIC %u: id %u at %#x, GSI base %u\n", i, a->ioapics[i].id,
			   a->ioapics[i].address, a->ioapics[i].gsi_base);
	for (unsigned int i = 0; i < a->nr_isos; i++)
		seq_printf(m, "  override: bus %u IRQ %u -> GSI %u, polarity %s, trigger %s\n",
			   a->isos[i].bus, a->isos[i].source, a->isos[i].gsi,
			   acpi_inti_polarity(a->isos[i].flags), acpi_inti_trigger(a->isos[i].flags));
	for (unsigned int i = 0; i < a->nr_nmi_srcs; i++)
		seq_printf(m, "  NMI source: GSI %u, polarity %s, trigger %s\n", a->nmi_srcs[i].gsi,
			   acpi_inti_polarity(a->nmi_srcs[i].flags), acpi_inti_trigger(a->nmi_srcs[i].flags));
	for (unsigned int i = 0; i < a->nr_lapic_nmis; i++)
		seq_printf(m, "  local APIC NMI: acpi_id %#x LINT%u, polarity %s, trigger %s\n",
			   a->lapic_nmis[i].acpi_id, a->lapic_nmis[i].lint,
			   acpi_inti_polarity(a->lapic_nmis[i].flags),
			   acpi_inti_trigger(a->lapic_nmis[i].flags));
}

static void show_devices(struct seq_file *m)
{
	const struct acpi_hpet_info *h = &acpi_info.hpet;
	const struct acpi_mcfg_info *mc = &acpi_info.mcfg;

	if (h->present)
		seq_printf(m, "HPET %u: base %#llx, id %#x: vendor %04x, %u comparators, %s counter%s, min tick %u\n",
			   h->number, (unsigned long long)h->address, h->id, h->vendor, h->comparators,
			   h->counter_64bit ? "64-bit" : "32-bit",
			   h->legacy_capable ? ", legacy routing" : "", h->min_tick);
	else
		seq_printf(m, "HPET: no table\n");
	if (mc->present)
		seq_printf(m, "MCFG: ECAM %#llx, segment %u, buses %02x-%02x (%u allocation%s)\n",
			   (unsigned long long)mc->address, mc->segment, mc->start_bus, mc->end_bus,
			   mc->nr_allocations, mc->nr_allocations == 1 ? "" : "s");
	else
		seq_printf(m, "MCFG: no table (no ECAM; configuration through ports 0xcf8/0xcfc)\n");
}

static void show_fadt(struct seq_file *m)
{
	const struct acpi_fadt_info *f = &acpi_info.fadt;
	char a[48], b[48], c[48];

	if (!f->present) {
		seq_printf(m, "FADT: none\n");
		return;
	}
	seq_printf(m, "FADT: revision %u, %u bytes, SCI IRQ %u, SMI command port %#x, flags %#x\n",
		   f->revision, f->length, f->sci_irq, f->smi_command, f->flags);
	seq_printf(m, "  PM1a_CNT %s, PM1b_CNT %s, PM timer %s\n", gas_str(a, sizeof(a), &f->pm1a_cnt),
		   gas_str(b, sizeof(b), &f->pm1b_cnt), gas_str(c, sizeof(c), &f->pm_timer));
	if (f->has_reset)
		seq_printf(m, "  reset register %s, value %#x\n", gas_str(a, sizeof(a), &f->reset_reg),
			   f->reset_value);
	else
		seq_printf(m, "  no reset register\n");
	seq_printf(m, "  DSDT %#llx, FACS %#llx, IAPC_BOOT_ARCH %#x\n", (unsigned long long)f->dsdt,
		   (unsigned long long)f->facs, f->boot_flags);
	if (f->has_s5)
		seq_printf(m, "  \\_S5: SLP_TYPa %#x, SLP_TYPb %#x\n", f->slp_typa, f->slp_typb);
	else
		seq_printf(m, "  \\_S5: not found\n");
}

static int acpi_show(struct seq_file *m, void *v)
{
	if (!acpi_found) {
		seq_printf(m, "acpi: no ACPI tables (%s)\n", acpi_initialised ? "no valid RSDP" :
			   "acpi_init() has not run");
		return -ENODEV;
	}
	show_tables(m);
	if (acpi_info.madt_present)
		show_madt(m);
	show_devices(m);
	show_fadt(m);
	return 0;
}
MONITOR_SHOW(acpi, "the ACPI tables and what the MADT, HPET, MCFG and FADT say", acpi_show);
