/*
 * ACPI's boot lines, pure like drivers/acpi_tables.c and built with it for the
 * host tests: each table as it is found ("ACPI: RSDT 0x000000001FFE233C ...")
 * and the facts the parsers took from the FADT, MADT, HPET and MCFG tables
 * ("ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)").  They are
 * Linux's, byte for byte (drivers/acpi/acpica/tbprint.c, drivers/acpi/tables.c,
 * arch/x86/kernel/acpi/boot.c).  The fields are ACPI 6.5's: the RSDP and
 * table headers §5.2.5-§5.2.6, the MADT's INTI flags §5.2.12.5.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <drivers/acpi.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

#include "acpi_internal.h"

/*
 * A name field as ACPICA prints it (acpi_tb_fix_string): up to n bytes, ending
 * at the first NUL, each non-printable byte shown as '?'.
 */
const char *acpi_tb_fix_string(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = isprint_k((u8)src[i]) ? src[i] : '?';
	dst[i] = '\0';
	return dst;
}

/* ---- Linux's lines ---- */

int acpi_format_rsdp(char *buf, size_t size, u64 phys, const struct acpi_table_rsdp *rsdp)
{
	char oem[ACPI_OEM_ID_SIZE + 1];
	u32 len = rsdp->revision >= 2 ? rsdp->length : ACPI_RSDP_REV0_SIZE;

	return snprintf(buf, size, "RSDP 0x%016llX %06X (v%02u %-6.6s)", (unsigned long long)phys,
			len, rsdp->revision, acpi_tb_fix_string(oem, rsdp->oem_id, ACPI_OEM_ID_SIZE));
}

int acpi_format_table(char *buf, size_t size, u64 phys, const struct acpi_table_header *h)
{
	char sig[5], oem[7], table_id[9], compiler[5];

	return snprintf(buf, size, "%-4.4s 0x%016llX %06X (v%02u %-6.6s %-8.8s %08X %-4.4s %08X)",
			acpi_tb_fix_string(sig, h->signature, 4), (unsigned long long)phys, h->length,
			h->revision, acpi_tb_fix_string(oem, h->oem_id, 6),
			acpi_tb_fix_string(table_id, h->oem_table_id, 8), h->oem_revision,
			acpi_tb_fix_string(compiler, h->asl_compiler_id, 4), h->asl_compiler_revision);
}

int acpi_format_facs(char *buf, size_t size, u64 phys, const struct acpi_table_facs *facs)
{
	char sig[5];

	return snprintf(buf, size, "%-4.4s 0x%016llX %06X", acpi_tb_fix_string(sig, facs->signature, 4),
			(unsigned long long)phys, facs->length);
}

const char *acpi_inti_polarity(u16 flags)
{
	static const char *const name[] = { "dfl", "high", "res", "low" };

	return name[flags & ACPI_MADT_POLARITY_MASK];
}

const char *acpi_inti_trigger(u16 flags)
{
	static const char *const name[] = { "dfl", "edge", "res", "level" };

	return name[(flags & ACPI_MADT_TRIGGER_MASK) >> 2];
}

void acpi_print_fadt(const struct acpi_info *info)
{
	const struct acpi_generic_address *t = &info->fadt.pm_timer;

	if (info->fadt.present && t->space_id == ACPI_ADR_SPACE_SYSTEM_IO && t->address)
		pr_info("PM-Timer IO Port: %#llx\n", (unsigned long long)t->address);
}

/*
 * In Linux's order (acpi_parse_madt_lapic_entries, then _ioapic_entries): the
 * address override, the LINT NMIs, the IOAPICs, the overrides, the NMI sources.
 * Linux prints the IOAPIC entries only at debug level and "IOAPIC[0]: apic_id
 * 0, version 32, address 0xfec00000, GSI 0-23" once it has read the chip; the
 * IOAPIC driver prints that line, this one says what the table gives.
 */
void acpi_print_madt(const struct acpi_info *info)
{
	if (!info->madt_present)
		return;
	if (info->lapic_addr_override)
		pr_info("LAPIC_ADDR_OVR (address[0x%llx])\n", (unsigned long long)info->lapic_addr);
	for (unsigned int i = 0; i < info->nr_lapic_nmis; i++) {
		const struct acpi_lapic_nmi *n = &info->lapic_nmis[i];

		pr_info("%s[0x%02x] %s %s lint[0x%x])\n", n->x2apic ? "X2APIC_NMI (uid" :
			"LAPIC_NMI (acpi_id", n->acpi_id, acpi_inti_polarity(n->flags),
			acpi_inti_trigger(n->flags), n->lint);
	}
	for (unsigned int i = 0; i < info->nr_ioapics; i++)
		pr_info("IOAPIC (id[0x%02x] address[0x%08x] gsi_base[%u])\n", info->ioapics[i].id,
			info->ioapics[i].address, info->ioapics[i].gsi_base);
	for (unsigned int i = 0; i < info->nr_isos; i++) {
		const struct acpi_int_src_ovr *o = &info->isos[i];

		pr_info("INT_SRC_OVR (bus %u bus_irq %u global_irq %u %s %s)\n", o->bus, o->source,
			o->gsi, acpi_inti_polarity(o->flags), acpi_inti_trigger(o->flags));
	}
	for (unsigned int i = 0; i < info->nr_nmi_srcs; i++)
		pr_info("NMI_SRC (%s %s global_irq %u)\n", acpi_inti_polarity(info->nmi_srcs[i].flags),
			acpi_inti_trigger(info->nmi_srcs[i].flags), info->nmi_srcs[i].gsi);
	pr_info("Using ACPI (MADT) for SMP configuration information\n");
}

/* The HPET (Linux's next line, smpboot's CPU count, is kernel/smpboot.c's: nr_cpus= limits it). */
void acpi_print_hpet(const struct acpi_info *info)
{
	if (info->hpet.present)
		pr_info("HPET id: %#x base: %#llx\n", info->hpet.id,
			(unsigned long long)info->hpet.address);
}

void acpi_print_mcfg(const struct acpi_info *info)
{
	const struct acpi_mcfg_info *m = &info->mcfg;

	if (!m->present)
		return;
	printk(KERN_INFO "PCI: MMCONFIG for domain %04x [bus %02x-%02x] at [mem %#010llx-%#010llx] (base %#llx)\n",
	       m->segment, m->start_bus, m->end_bus,
	       (unsigned long long)(m->address + ((u64)m->start_bus << 20)),
	       (unsigned long long)(m->address + ((u64)(m->end_bus + 1) << 20) - 1),
	       (unsigned long long)m->address);
}
