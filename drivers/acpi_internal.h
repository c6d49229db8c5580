/*
 * What drivers/acpi_tables.c and drivers/acpi_print.c share and nothing else
 * may use (as Linux's drivers/acpi/internal.h).  The public API is
 * include/drivers/acpi.h.
 */
#ifndef ATLAS_DRIVERS_ACPI_INTERNAL_H
#define ATLAS_DRIVERS_ACPI_INTERNAL_H

#include <kernel/types.h>

/*
 * A name field as ACPICA prints it (acpi_tb_fix_string): the up to n bytes
 * at src, ending at the first NUL, copied into dst (n + 1 bytes) with each
 * non-printable byte shown as '?'.  Returns dst.  (drivers/acpi_print.c)
 */
const char *acpi_tb_fix_string(char *dst, const char *src, size_t n);

#endif
