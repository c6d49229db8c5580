/*
 * Fuzzing drivers/acpi_tables.c (and the boot lines of acpi_print.c): the
 * first input byte picks what the rest is.
 *   0: the body of a table (MADT entries, HPET, MCFG, FADT fields, AML for
 *      the \_S5 search ...) behind a header the harness writes, with the
 *      signature the second byte picks and a right length and checksum, so
 *      acpi_table_check must take it;
 *   1: a whole table as firmware would give it, checked first;
 *   2: an RSDP.
 * Each is in a malloc'd buffer of exactly its length (ASan sees a read past
 * it).  A check passes silently or fails with exactly one line; a parser
 * succeeds, or fails with one line and leaves acpi_info as it was; the
 * counts stay within their arrays; an RSDT/XSDT lists no more entries than
 * fit in it.
 */
#include <errno.h>

#include <drivers/acpi.h>

#include "fuzz.h"

enum mode { MODE_BODY, MODE_TABLE, MODE_RSDP, NR_MODES };

static const char *const sigs[] = { "APIC", "HPET", "MCFG", "FACP", "DSDT", "SSDT", "XSDT",
				    "RSDT" };

static struct acpi_info info, before;

static void check_rejection(int rc, const char *what)
{
	int lines = printk_capture_lines();

	FUZZ_ASSERT(rc == 0 || (rc == -EINVAL && lines == 1), "%s: %d after %d lines:\n%s", what,
		    rc, lines, printk_capture());
}

/* One parser on a checked table: success, or one line and info untouched. */
static void run_parser(int (*parse)(const struct acpi_table_header *, struct acpi_info *),
		       const struct acpi_table_header *h, const char *what)
{
	int rc;

	printk_capture_reset();
	before = info;
	rc = parse(h, &info);
	check_rejection(rc, what);
	if (rc)
		FUZZ_ASSERT(!memcmp(&before, &info, sizeof(info)), "%s failed and changed info", what);
}

static void parse_checked(const struct acpi_table_header *h)
{
	u64 addrs[4];
	unsigned int n;
	char line[256];

	memset(&info, 0, sizeof(info));
	run_parser(acpi_parse_madt, h, "MADT");
	run_parser(acpi_parse_hpet, h, "HPET");
	run_parser(acpi_parse_mcfg, h, "MCFG");
	run_parser(acpi_parse_fadt, h, "FADT");
	acpi_find_s5(h, &info);
	FUZZ_ASSERT(info.nr_cpus <= ACPI_MAX_CPUS && info.nr_ioapics <= ACPI_MAX_IOAPICS &&
		    info.nr_isos <= ACPI_MAX_ISOS && info.nr_nmi_srcs <= ACPI_MAX_NMI_SRCS &&
		    info.nr_lapic_nmis <= ACPI_MAX_LAPIC_NMIS, "counts beyond the arrays");
	n = acpi_root_entries(h, addrs, 4);
	FUZZ_ASSERT(n <= (h->length - sizeof(*h)) / 4, "%u root entries in %u bytes", n, h->length);
	acpi_format_table(line, sizeof(line), 0xe0000, h);
	acpi_print_madt(&info);
	acpi_print_hpet(&info);
	acpi_print_mcfg(&info);
	acpi_print_fadt(&info);
}

static void fuzz_body(const uint8_t *data, size_t size)
{
	struct acpi_table_header *h;
	size_t len = sizeof(*h) + (size ? size - 1 : 0);

	if (len > ACPI_TABLE_MAX_LENGTH)
		return;
	h = calloc(1, len);
	if (!h)
		abort();
	memcpy(h->signature, sigs[size ? data[0] % ARRAY_SIZE(sigs) : 0], 4);
	h->length = (u32)len;
	h->revision = 2;
	if (size > 1)
		memcpy(h + 1, data + 1, size - 1);
	h->checksum = (u8)(0 - acpi_checksum(h, len));
	printk_capture_reset();
	FUZZ_ASSERT(acpi_table_check(h, len, NULL, 0) == 0, "a well-formed table refused: %s",
		    printk_capture());
	parse_checked(h);
	free(h);
}

static void fuzz_table(const uint8_t *data, size_t size)
{
	uint8_t *p = fuzz_dup(data, size);
	int rc;

	printk_capture_reset();
	rc = acpi_table_check((const void *)(p ? p : (const uint8_t *)""), size, NULL, 0);
	check_rejection(rc, "acpi_table_check");
	if (rc == 0)
		parse_checked((const void *)p);
	free(p);
}

static void fuzz_rsdp(const uint8_t *data, size_t size)
{
	uint8_t *p = fuzz_dup(data, size);
	char line[256];
	int rc;

	printk_capture_reset();
	rc = acpi_rsdp_check(p ? p : (const uint8_t *)"", size);
	check_rejection(rc, "acpi_rsdp_check");
	FUZZ_ASSERT(rc || printk_capture_lines() == 0, "an accepted RSDP printed");
	if (rc == 0)
		acpi_format_rsdp(line, sizeof(line), 0xf5000, (const void *)p);
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0] % NR_MODES) {
	case MODE_BODY:
		fuzz_body(data + 1, size - 1);
		break;
	case MODE_TABLE:
		fuzz_table(data + 1, size - 1);
		break;
	default:
		fuzz_rsdp(data + 1, size - 1);
		break;
	}
	return 0;
}
