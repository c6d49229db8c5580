/*
 * The I/O ports the FADT (ACPI 6.5 §5.2.9) names, claimed as Linux's
 * acpi_reserve_resources() claims them (drivers/acpi/osl.c), under the same
 * names, so /proc/ioports shows who owns the power-management registers:
 *
 *   0600-0603 : ACPI PM1a_EVT_BLK      (q35: inside the ICH9 LPC's 0600-067f;
 *   0604-0605 : ACPI PM1a_CNT_BLK       pc: inside the PIIX4's 0600-063f)
 *   0608-060b : ACPI PM_TMR
 *   0620-062f : ACPI GPE0_BLK          (pc: afe0-afe3, under the PCI bus window)
 *
 * It runs after PCI, as Linux's fs_initcall does, so that a block lying in a
 * chipset's range, which the PCI quirks entered (not busy), nests inside it.
 */
#include <drivers/acpi.h>
#include <kernel/ioport.h>

/* Linux's acpi_request_region: nothing for an absent block or a zero length. */
static void acpi_request_region(const struct acpi_generic_address *gas, unsigned int length,
				const char *desc)
{
	if (!gas->address || !length)
		return;
	/* Resources are never freed; a refusal is one line in the log, naming the holder */
	if (gas->space_id == ACPI_ADR_SPACE_SYSTEM_IO)
		request_region(gas->address, length, desc);
	else if (gas->space_id == ACPI_ADR_SPACE_SYSTEM_MEMORY)
		request_mem_region(gas->address, length, desc);
}

/* A GPE block's length must be even (ACPI §4.8.4.1: status half, enable half). */
static unsigned int gpe_length(u8 length)
{
	return length & 1 ? 0 : length;
}

void acpi_reserve_resources(void)
{
	const struct acpi_info *acpi = acpi_get_info();
	const struct acpi_fadt_info *f;

	if (!acpi || !acpi->fadt.present)
		return;
	f = &acpi->fadt;
	acpi_request_region(&f->pm1a_evt, f->pm1_evt_length, "ACPI PM1a_EVT_BLK");
	acpi_request_region(&f->pm1b_evt, f->pm1_evt_length, "ACPI PM1b_EVT_BLK");
	acpi_request_region(&f->pm1a_cnt, f->pm1_cnt_length, "ACPI PM1a_CNT_BLK");
	acpi_request_region(&f->pm1b_cnt, f->pm1_cnt_length, "ACPI PM1b_CNT_BLK");
	if (f->pm_timer_length == 4)    /* the only length the spec allows */
		acpi_request_region(&f->pm_timer, 4, "ACPI PM_TMR");
	acpi_request_region(&f->pm2_cnt, f->pm2_cnt_length, "ACPI PM2_CNT_BLK");
	acpi_request_region(&f->gpe0, gpe_length(f->gpe0_length), "ACPI GPE0_BLK");
	acpi_request_region(&f->gpe1, gpe_length(f->gpe1_length), "ACPI GPE1_BLK");
}
