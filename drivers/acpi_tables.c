/*
 * ACPI table parsing (ACPI 6.5 §5.2), pure: no hardware, no mappings.  The
 * kernel side (drivers/acpi.c) hands over checked copies of the tables; the
 * host unit tests (tests/host/test_acpi.c) hand over tables built in memory.
 *
 * Nothing a table says is trusted before it is checked: acpi_table_check()
 * verifies the signature, the length against what the caller could read, and
 * the checksum (§5.2.6: all bytes sum to 0 mod 256).  The parsers then read
 * only within the table's length, and every variable-length part (MADT
 * entries §5.2.12, MCFG allocations, the AML package of \_S5 §7.4.2.5 and
 * §20.2) is bounded before it is read.  The boot lines that say what was
 * found are drivers/acpi_print.c; the helper the two files share is in
 * drivers/acpi_internal.h.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <drivers/acpi.h>
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "acpi_internal.h"

BUILD_BUG_ON(sizeof(struct acpi_table_rsdp) != 36);
BUILD_BUG_ON(sizeof(struct acpi_table_header) != 36);
BUILD_BUG_ON(sizeof(struct acpi_generic_address) != 12);
BUILD_BUG_ON(sizeof(struct acpi_table_fadt) != 276);
BUILD_BUG_ON(__builtin_offsetof(struct acpi_table_fadt, reset_register) != ACPI_FADT_V1_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct acpi_table_fadt, Xfacs) != ACPI_FADT_V2_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct acpi_table_fadt, sleep_control) != ACPI_FADT_V3_SIZE);
BUILD_BUG_ON(sizeof(struct acpi_table_madt) != 44);
BUILD_BUG_ON(sizeof(struct acpi_table_hpet) != 56);
BUILD_BUG_ON(sizeof(struct acpi_table_mcfg) != 44);
BUILD_BUG_ON(sizeof(struct acpi_mcfg_allocation) != 16);

u8 acpi_checksum(const void *buf, size_t len)
{
	const u8 *p = buf;
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/* ACPICA's acpi_ut_valid_nameseg(): A-Z, 0-9, '_' and '!' only. */
static bool valid_signature(const char *sig)
{
	for (int i = 0; i < ACPI_NAMESEG_SIZE; i++) {
		char c = sig[i];

		if (!((c >= 'A' && c <= 'Z') || isdigit_k(c) || c == '_' || c == '!'))
			return false;
	}
	return true;
}

/* ---- checking ---- */

int acpi_rsdp_check(const void *p, size_t size)
{
	const struct acpi_table_rsdp *rsdp = p;

	if (size < ACPI_RSDP_REV0_SIZE) {
		pr_err("RSDP of %zu bytes, less than the %u of ACPI 1.0, ignored\n",
		       size, ACPI_RSDP_REV0_SIZE);
		return -EINVAL;
	}
	if (memcmp(rsdp->signature, ACPI_SIG_RSDP, 8)) {
		pr_err("RSDP signature is not \"" ACPI_SIG_RSDP "\", ignored\n");
		return -EINVAL;
	}
	if (acpi_checksum(rsdp, ACPI_RSDP_REV0_SIZE)) {
		pr_err("RSDP: incorrect checksum 0x%02x, should be 0x%02x, ignored\n", rsdp->checksum,
		       (u8)(rsdp->checksum - acpi_checksum(rsdp, ACPI_RSDP_REV0_SIZE)));
		return -EINVAL;
	}
	if (rsdp->revision < 2)
		return 0;
	if (size < ACPI_RSDP_XCHECKSUM_LENGTH) {
		pr_err("RSDP revision %u in %zu bytes, less than its %u, ignored\n",
		       rsdp->revision, size, ACPI_RSDP_XCHECKSUM_LENGTH);
		return -EINVAL;
	}
	if (acpi_checksum(rsdp, ACPI_RSDP_XCHECKSUM_LENGTH)) {
		pr_err("RSDP: incorrect extended checksum 0x%02x, should be 0x%02x, ignored\n",
		       rsdp->extended_checksum, (u8)(rsdp->extended_checksum -
			       acpi_checksum(rsdp, ACPI_RSDP_XCHECKSUM_LENGTH)));
		return -EINVAL;
	}
	return 0;
}

/* One line: "ACPI: [APIC] at 0x1ffe2220: <problem>, ignored". */
#define table_err(name, phys, fmt, ...) \
	pr_err("[%s] at %#llx: " fmt ", ignored\n", name, (unsigned long long)(phys), ##__VA_ARGS__)

int acpi_table_check(const struct acpi_table_header *h, size_t size, const char *sig, u64 phys)
{
	char name[ACPI_NAMESEG_SIZE + 1];
	u8 sum;

	if (size < sizeof(*h)) {
		table_err(sig ? sig : "????", phys, "only %zu bytes, less than a %zu-byte header",
			  size, sizeof(*h));
		return -EINVAL;
	}
	acpi_tb_fix_string(name, h->signature, ACPI_NAMESEG_SIZE);
	if (!valid_signature(h->signature)) {
		table_err(name, phys, "invalid signature %02x %02x %02x %02x", (u8)h->signature[0],
			  (u8)h->signature[1], (u8)h->signature[2], (u8)h->signature[3]);
		return -EINVAL;
	}
	if (sig && memcmp(h->signature, sig, ACPI_NAMESEG_SIZE)) {
		table_err(name, phys, "expected signature [%.4s]", sig);
		return -EINVAL;
	}
	if (h->length < sizeof(*h)) {
		table_err(name, phys, "length %u, less than its %zu-byte header", h->length, sizeof(*h));
		return -EINVAL;
	}
	if (h->length > ACPI_TABLE_MAX_LENGTH) {
		table_err(name, phys, "length %u, beyond the %u-byte limit", h->length,
			  ACPI_TABLE_MAX_LENGTH);
		return -EINVAL;
	}
	if (h->length > size) {
		table_err(name, phys, "length %u runs past the %zu bytes available", h->length, size);
		return -EINVAL;
	}
	sum = acpi_checksum(h, h->length);
	if (sum) {
		table_err(name, phys, "incorrect checksum 0x%02x, should be 0x%02x", h->checksum,
			  (u8)(h->checksum - sum));
		return -EINVAL;
	}
	return 0;
}

int acpi_facs_check(const struct acpi_table_facs *facs, size_t size, u64 phys)
{
	if (size < 8) {
		table_err(ACPI_SIG_FACS, phys, "only %zu bytes, less than its signature and length",
			  size);
		return -EINVAL;
	}
	if (memcmp(facs->signature, ACPI_SIG_FACS, ACPI_NAMESEG_SIZE)) {
		table_err(ACPI_SIG_FACS, phys, "signature is not [FACS]");
		return -EINVAL;
	}
	if (facs->length < ACPI_FACS_MIN_LENGTH || facs->length > ACPI_TABLE_MAX_LENGTH) {
		table_err(ACPI_SIG_FACS, phys, "length %u, not between %u and %u", facs->length,
			  ACPI_FACS_MIN_LENGTH, ACPI_TABLE_MAX_LENGTH);
		return -EINVAL;
	}
	return 0;
}

unsigned int acpi_root_entries(const struct acpi_table_header *root, u64 *addrs,
			       unsigned int max)
{
	size_t esize = memcmp(root->signature, ACPI_SIG_XSDT, 4) ? 4 : 8;
	unsigned int n = (root->length - sizeof(*root)) / esize;
	const u8 *p = (const u8 *)(root + 1);

	for (unsigned int i = 0; i < n && i < max; i++) {
		u64 a = 0;

		memcpy(&a, p + i * esize, esize);       /* XSDT entries are unaligned */
		addrs[i] = a;
	}
	return n;
}

/* ---- MADT (§5.2.12) ---- */

/* The shortest valid entry of each type Atlas reads; 0: any (unknown types are skipped). */
static u8 madt_min_length(u8 type)
{
	switch (type) {
	case ACPI_MADT_TYPE_LOCAL_APIC:          return sizeof(struct acpi_madt_local_apic);
	case ACPI_MADT_TYPE_IO_APIC:             return sizeof(struct acpi_madt_io_apic);
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE:  return sizeof(struct acpi_madt_interrupt_override);
	case ACPI_MADT_TYPE_NMI_SOURCE:          return sizeof(struct acpi_madt_nmi_source);
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI:      return sizeof(struct acpi_madt_local_apic_nmi);
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE: return sizeof(struct acpi_madt_local_apic_override);
	case ACPI_MADT_TYPE_LOCAL_X2APIC:        return sizeof(struct acpi_madt_local_x2apic);
	case ACPI_MADT_TYPE_LOCAL_X2APIC_NMI:    return sizeof(struct acpi_madt_local_x2apic_nmi);
	default:                                 return 0;
	}
}

/*
 * Walk the entries once before using any: each must have a length of at least
 * its 2-byte header (a 0 would loop forever), lie inside the table, and be
 * long enough for its type.
 */
static int madt_check_entries(const struct acpi_table_header *h)
{
	const u8 *start = (const u8 *)h, *p, *end = start + h->length;

	if (h->length < sizeof(struct acpi_table_madt)) {
		pr_err("MADT of %u bytes, less than its %zu-byte header, ignored\n", h->length,
		       sizeof(struct acpi_table_madt));
		return -EINVAL;
	}
	p = start + sizeof(struct acpi_table_madt);
	while (p < end) {
		const struct acpi_subtable_header *e = (const void *)p;
		unsigned int off = p - start;

		if (end - p < (long)sizeof(*e) || e->length > end - p) {
			pr_err("MADT entry at offset %u runs past the table's %u bytes, MADT ignored\n",
			       off, h->length);
			return -EINVAL;
		}
		if (e->length < sizeof(*e)) {
			pr_err("MADT entry at offset %u has length %u, less than its 2-byte header, MADT ignored\n",
			       off, e->length);
			return -EINVAL;
		}
		if (e->length < madt_min_length(e->type)) {
			pr_err("MADT entry type %u at offset %u has length %u, less than its %u, MADT ignored\n",
			       e->type, off, e->length, madt_min_length(e->type));
			return -EINVAL;
		}
		p += e->length;
	}
	return 0;
}

/* The next free slot of info->arr[], or NULL (counted in *dropped) when it is full. */
#define NEXT_SLOT(info, nr, arr, dropped) \
	((info)->nr < ARRAY_SIZE((info)->arr) ? &(info)->arr[(info)->nr++] : ((*(dropped))++, NULL))

static void madt_add_cpu(struct acpi_info *info, u32 acpi_id, u32 apic_id, u32 flags,
			 bool x2apic, unsigned int *dropped)
{
	struct acpi_cpu *c = NEXT_SLOT(info, nr_cpus, cpus, dropped);

	if (c)
		*c = (struct acpi_cpu){ acpi_id, apic_id, flags, x2apic };
}

static void madt_add_nmi(struct acpi_info *info, u32 acpi_id, u16 flags, u8 lint, bool x2apic,
			 unsigned int *dropped)
{
	struct acpi_lapic_nmi *n = NEXT_SLOT(info, nr_lapic_nmis, lapic_nmis, dropped);

	if (n)
		*n = (struct acpi_lapic_nmi){ acpi_id, flags, lint, x2apic };
}

/* Every MADT entry Atlas reads, as Linux's union acpi_subtable_headers. */
union madt_entry {
	struct acpi_subtable_header header;
	struct acpi_madt_local_apic lapic;
	struct acpi_madt_io_apic ioapic;
	struct acpi_madt_interrupt_override iso;
	struct acpi_madt_nmi_source nmi_src;
	struct acpi_madt_local_apic_nmi lapic_nmi;
	struct acpi_madt_local_apic_override lapic_ovr;
	struct acpi_madt_local_x2apic x2apic;
	struct acpi_madt_local_x2apic_nmi x2apic_nmi;
};

/* Record one entry (already checked to be long enough for its type). */
static void madt_add_entry(const union madt_entry *u, struct acpi_info *info,
			   unsigned int *dropped)
{
	struct acpi_ioapic *io;
	struct acpi_int_src_ovr *iso;
	struct acpi_nmi_src *nmi;

	switch (u->header.type) {
	case ACPI_MADT_TYPE_LOCAL_APIC:         /* as Linux: APIC ID 0xff is not valid */
		if (u->lapic.id != 0xff)
			madt_add_cpu(info, u->lapic.processor_id, u->lapic.id,
				     u->lapic.lapic_flags, false, dropped);
		break;
	case ACPI_MADT_TYPE_LOCAL_X2APIC:
		if (u->x2apic.local_apic_id != 0xffffffff)
			madt_add_cpu(info, u->x2apic.uid, u->x2apic.local_apic_id,
				     u->x2apic.lapic_flags, true, dropped);
		break;
	case ACPI_MADT_TYPE_IO_APIC:
		if ((io = NEXT_SLOT(info, nr_ioapics, ioapics, dropped)))
			*io = (struct acpi_ioapic){ u->ioapic.id, u->ioapic.address,
						    u->ioapic.global_irq_base };
		break;
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE:
		if ((iso = NEXT_SLOT(info, nr_isos, isos, dropped)))
			*iso = (struct acpi_int_src_ovr){ u->iso.bus, u->iso.source_irq,
							  u->iso.global_irq, u->iso.inti_flags };
		break;
	case ACPI_MADT_TYPE_NMI_SOURCE:
		if ((nmi = NEXT_SLOT(info, nr_nmi_srcs, nmi_srcs, dropped)))
			*nmi = (struct acpi_nmi_src){ u->nmi_src.global_irq, u->nmi_src.inti_flags };
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI:
		madt_add_nmi(info, u->lapic_nmi.processor_id, u->lapic_nmi.inti_flags,
			     u->lapic_nmi.lint, false, dropped);
		break;
	case ACPI_MADT_TYPE_LOCAL_X2APIC_NMI:
		madt_add_nmi(info, u->x2apic_nmi.uid, u->x2apic_nmi.inti_flags,
			     u->x2apic_nmi.lint, true, dropped);
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		info->lapic_addr = u->lapic_ovr.address;
		info->lapic_addr_override = true;
		break;
	default:                                /* GIC, RINTC ...: other architectures */
		break;
	}
}

int acpi_parse_madt(const struct acpi_table_header *h, struct acpi_info *info)
{
	const struct acpi_table_madt *madt = (const void *)h;
	const u8 *p, *end = (const u8 *)h + h->length;
	unsigned int dropped = 0;

	if (madt_check_entries(h))
		return -EINVAL;
	p = (const u8 *)(madt + 1);
	info->madt_present = true;
	info->lapic_addr = madt->address;
	info->lapic_addr_override = false;
	info->madt_flags = madt->flags;
	info->nr_cpus = info->nr_ioapics = info->nr_isos = 0;
	info->nr_nmi_srcs = info->nr_lapic_nmis = 0;
	for (; p < end; p += ((const struct acpi_subtable_header *)p)->length)  /* all checked */
		madt_add_entry((const void *)p, info, &dropped);
	if (dropped)
		pr_warn("MADT: %u entries beyond what Atlas keeps, ignored\n", dropped);
	return 0;
}

/* ---- HPET, MCFG ---- */

int acpi_parse_hpet(const struct acpi_table_header *h, struct acpi_info *info)
{
	const struct acpi_table_hpet *t = (const void *)h;
	struct acpi_hpet_info *hp = &info->hpet;

	if (h->length < sizeof(*t)) {
		pr_err("HPET table of %u bytes, less than its %zu, ignored\n", h->length, sizeof(*t));
		return -EINVAL;
	}
	if (t->address.space_id != ACPI_ADR_SPACE_SYSTEM_MEMORY || !t->address.address) {
		pr_err("HPET table: base %#llx in address space %u is not memory, ignored\n",
		       (unsigned long long)t->address.address, t->address.space_id);
		return -EINVAL;
	}
	hp->present = true;
	hp->id = t->id;
	hp->address = t->address.address;
	hp->space_id = t->address.space_id;
	hp->number = t->sequence;
	hp->min_tick = t->minimum_tick;
	/* the field holds the last comparator's index: QEMU's 0x8086a201 has 2, so 3 */
	hp->comparators = ((t->id >> ACPI_HPET_ID_NUM_TIM_SHIFT) & ACPI_HPET_ID_NUM_TIM_MASK) + 1;
	hp->counter_64bit = t->id & ACPI_HPET_ID_COUNT_SIZE;
	hp->legacy_capable = t->id & ACPI_HPET_ID_LEGACY;
	hp->vendor = t->id >> ACPI_HPET_ID_VENDOR_SHIFT;
	return 0;
}

int acpi_parse_mcfg(const struct acpi_table_header *h, struct acpi_info *info)
{
	const struct acpi_mcfg_allocation *a = (const void *)((const u8 *)h +
						sizeof(struct acpi_table_mcfg));
	unsigned int n;

	n = h->length < sizeof(struct acpi_table_mcfg) ? 0 :
		(h->length - sizeof(struct acpi_table_mcfg)) / sizeof(*a);
	if (!n) {
		pr_err("MCFG of %u bytes has no allocation, ignored\n", h->length);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < n; i++)
		if (a[i].start_bus_number > a[i].end_bus_number) {
			pr_err("MCFG allocation %u: buses %02x-%02x backwards, MCFG ignored\n", i,
			       a[i].start_bus_number, a[i].end_bus_number);
			return -EINVAL;
		}
	info->mcfg = (struct acpi_mcfg_info){
		.present = true, .nr_allocations = n, .address = a[0].address,
		.segment = a[0].pci_segment, .start_bus = a[0].start_bus_number,
		.end_bus = a[0].end_bus_number,
	};
	return 0;
}

/* ---- FADT (§5.2.9) ---- */

/*
 * A PM register: the 64-bit X_ form where the table holds it and it is set,
 * else the ACPI 1.0 port number with the length byte beside it.
 */
static struct acpi_generic_address fadt_reg(const struct acpi_table_fadt *f,
					    const struct acpi_generic_address *x, bool has_x,
					    u32 port, u8 len)
{
	if (has_x && x->address)
		return *x;
	return (struct acpi_generic_address){
		.space_id = ACPI_ADR_SPACE_SYSTEM_IO, .bit_width = len * 8, .address = port,
	};
}

int acpi_parse_fadt(const struct acpi_table_header *h, struct acpi_info *info)
{
	const struct acpi_table_fadt *f = (const void *)h;
	struct acpi_fadt_info *fi = &info->fadt;

	if (h->length < ACPI_FADT_V1_SIZE) {
		pr_err("FADT of %u bytes, less than the %u of ACPI 1.0, ignored\n", h->length,
		       ACPI_FADT_V1_SIZE);
		return -EINVAL;
	}
	*fi = (struct acpi_fadt_info){
		.present = true, .revision = h->revision, .length = h->length,
		.sci_irq = f->sci_interrupt, .smi_command = f->smi_command,
		.acpi_enable = f->acpi_enable, .acpi_disable = f->acpi_disable, .flags = f->flags,
		/* as ACPICA: only the length is trusted, and short FADTs had this reserved */
		.boot_flags = h->length > ACPI_FADT_V2_SIZE ? f->boot_flags : 0,
		.pm_timer_length = f->pm_timer_length,
		.dsdt = ACPI_FADT_HAS(f, Xdsdt) && f->Xdsdt ? f->Xdsdt : f->dsdt,
		.facs = ACPI_FADT_HAS(f, Xfacs) && f->Xfacs ? f->Xfacs : f->facs,
	};
	fi->pm1a_cnt = fadt_reg(f, &f->xpm1a_control_block, ACPI_FADT_HAS(f, xpm1a_control_block),
				f->pm1a_control_block, f->pm1_control_length);
	fi->pm1b_cnt = fadt_reg(f, &f->xpm1b_control_block, ACPI_FADT_HAS(f, xpm1b_control_block),
				f->pm1b_control_block, f->pm1_control_length);
	fi->pm_timer = fadt_reg(f, &f->xpm_timer_block, ACPI_FADT_HAS(f, xpm_timer_block),
				f->pm_timer_block, f->pm_timer_length);
	fi->pm1a_evt = fadt_reg(f, &f->xpm1a_event_block, ACPI_FADT_HAS(f, xpm1a_event_block),
				f->pm1a_event_block, f->pm1_event_length);
	fi->pm1b_evt = fadt_reg(f, &f->xpm1b_event_block, ACPI_FADT_HAS(f, xpm1b_event_block),
				f->pm1b_event_block, f->pm1_event_length);
	fi->pm2_cnt = fadt_reg(f, &f->xpm2_control_block, ACPI_FADT_HAS(f, xpm2_control_block),
			       f->pm2_control_block, f->pm2_control_length);
	fi->gpe0 = fadt_reg(f, &f->xgpe0_block, ACPI_FADT_HAS(f, xgpe0_block), f->gpe0_block,
			    f->gpe0_block_length);
	fi->gpe1 = fadt_reg(f, &f->xgpe1_block, ACPI_FADT_HAS(f, xgpe1_block), f->gpe1_block,
			    f->gpe1_block_length);
	fi->pm1_evt_length = f->pm1_event_length;
	fi->pm1_cnt_length = f->pm1_control_length;
	fi->pm2_cnt_length = f->pm2_control_length;
	fi->gpe0_length = f->gpe0_block_length;
	fi->gpe1_length = f->gpe1_block_length;
	if (ACPI_FADT_HAS(f, reset_value) && (f->flags & ACPI_FADT_RESET_REGISTER) &&
	    f->reset_register.address) {
		fi->has_reset = true;
		fi->reset_reg = f->reset_register;
		fi->reset_value = f->reset_value;
	}
	return 0;
}

/* ---- \_S5 in AML (§7.4.2.5 sleep states, §20.2 AML grammar) ---- */

#define AML_ZERO_OP        0x00
#define AML_ONE_OP         0x01
#define AML_NAME_OP        0x08
#define AML_BYTE_PREFIX    0x0a
#define AML_WORD_PREFIX    0x0b
#define AML_DWORD_PREFIX   0x0c
#define AML_QWORD_PREFIX   0x0e
#define AML_PACKAGE_OP     0x12
#define AML_ROOT_PREFIX    '\\'
#define AML_ONES_OP        0xff

/* One integer constant at p (before end): its size in bytes, or 0 if it is not one. */
static size_t aml_integer(const u8 *p, const u8 *end, u64 *val)
{
	size_t n;

	switch (*p) {
	case AML_ZERO_OP: *val = 0;  return 1;
	case AML_ONE_OP:  *val = 1;  return 1;
	case AML_ONES_OP: *val = ~0ULL; return 1;
	case AML_BYTE_PREFIX:  n = 1; break;
	case AML_WORD_PREFIX:  n = 2; break;
	case AML_DWORD_PREFIX: n = 4; break;
	case AML_QWORD_PREFIX: n = 8; break;
	default: return 0;
	}
	if (end - p < (long)(1 + n))
		return 0;
	*val = 0;
	memcpy(val, p + 1, n);                  /* little-endian, as x86 */
	return 1 + n;
}

/*
 * PkgLength (§20.2.4) at p: bits 7:6 of the lead byte count the bytes that
 * follow (0-3); alone, bits 5:0 are the length, else bits 3:0 are its low
 * nibble and each following byte adds 8 bits.  The length counts itself.
 * Returns the bytes it takes, or 0 if it does not fit before end (p may be
 * end itself: a package opcode as the table's last byte).
 */
static size_t aml_pkg_length(const u8 *p, const u8 *end, u32 *len)
{
	size_t follow;

	if (p >= end)
		return 0;
	follow = p[0] >> 6;
	if (end - p < (long)(1 + follow))
		return 0;
	if (!follow) {
		*len = p[0] & 0x3f;
		return 1;
	}
	*len = p[0] & 0x0f;
	for (size_t i = 1; i <= follow; i++)
		*len |= (u32)p[i] << (4 + 8 * (i - 1));
	return 1 + follow;
}

/*
 * The package after "_S5_" at p (the byte after the name): 0 with the two
 * sleep types, or -ENOENT if it is not a package of integer constants.
 */
static int s5_package(const u8 *p, const u8 *end, u8 *typa, u8 *typb)
{
	const u8 *pkg_end;
	u64 v[2] = { 0, 0 };
	size_t n;
	u32 len;
	u8 count;

	if (p >= end || *p++ != AML_PACKAGE_OP)
		return -ENOENT;
	n = aml_pkg_length(p, end, &len);
	if (!n || len < n + 1 || len > (size_t)(end - p))
		return -ENOENT;
	pkg_end = p + len;
	p += n;
	count = *p++;                           /* NumElements */
	for (int i = 0; i < count && i < 2; i++) {
		if (p >= pkg_end || !(n = aml_integer(p, pkg_end, &v[i])))
			return -ENOENT;
		p += n;
	}
	if (!count)
		return -ENOENT;
	/* one element: some firmware packs both types in it, a in byte 0 and b in byte 1 */
	*typa = (u8)v[0];
	*typb = count == 1 ? (u8)(v[0] >> 8) : (u8)v[1];
	return 0;
}

int acpi_find_s5(const struct acpi_table_header *h, struct acpi_info *info)
{
	const u8 *aml = (const u8 *)h, *end = aml + h->length;

	for (const u8 *p = aml + sizeof(*h); end - p >= 4; p++) {
		bool named;

		if (memcmp(p, "_S5_", 4))
			continue;
		named = (p - aml > (long)sizeof(*h) && p[-1] == AML_NAME_OP) ||
			(p - aml > (long)sizeof(*h) + 1 && p[-1] == AML_ROOT_PREFIX &&
			 p[-2] == AML_NAME_OP);
		if (named && !s5_package(p + 4, end, &info->fadt.slp_typa, &info->fadt.slp_typb)) {
			info->fadt.has_s5 = true;
			return 0;
		}
	}
	return -ENOENT;
}
