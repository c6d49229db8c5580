/*
 * ACPI tables (ACPI 6.5 §5.2): how the firmware describes the machine.
 *
 *   RSDP (§5.2.5) ──> RSDT (§5.2.7, 32-bit pointers) or XSDT (§5.2.8, 64-bit)
 *                        ├── FACP/FADT (§5.2.9) ──> DSDT (§5.2.11.1, AML: \_S5)
 *                        │                      └─> FACS (§5.2.10)
 *                        ├── APIC/MADT (§5.2.12): CPUs, IOAPICs, IRQ overrides
 *                        ├── HPET (IA-PC HPET spec §3.2.4)
 *                        └── MCFG (PCI Firmware spec §4.1.2): ECAM windows
 *
 * Two halves.  drivers/acpi_tables.c is pure parsing (checksums, the table
 * layouts, the _S5 package in AML) and drivers/acpi_print.c prints Linux's
 * boot lines; both also compile on the host for the unit tests, and are given
 * tables already in memory.
 * drivers/acpi.c is the kernel side: it finds the RSDP, maps each table with
 * ioremap_cache, copies it into kmalloc'd memory, checks the copy, and keeps
 * the results in struct acpi_info for the APIC, HPET, PCI and power-off code.
 * A table whose signature, length or checksum is wrong is reported in one line
 * and skipped, never trusted.  Names follow Linux's include/acpi/actbl*.h.
 */
#ifndef ATLAS_DRIVERS_ACPI_H
#define ATLAS_DRIVERS_ACPI_H

#include <kernel/compiler.h>
#include <kernel/types.h>

/* ---- the tables as the firmware lays them out (all packed, little-endian) ---- */

#define ACPI_SIG_RSDP "RSD PTR "        /* 8 bytes, on a 16-byte boundary */
#define ACPI_SIG_RSDT "RSDT"
#define ACPI_SIG_XSDT "XSDT"
#define ACPI_SIG_FADT "FACP"
#define ACPI_SIG_DSDT "DSDT"
#define ACPI_SIG_SSDT "SSDT"
#define ACPI_SIG_FACS "FACS"
#define ACPI_SIG_MADT "APIC"
#define ACPI_SIG_HPET "HPET"
#define ACPI_SIG_MCFG "MCFG"

#define ACPI_NAMESEG_SIZE  4
#define ACPI_OEM_ID_SIZE   6
#define ACPI_OEM_TABLE_ID_SIZE 8

/* The RSDP (§5.2.5.3): 20 bytes in ACPI 1.0 (revision 0), 36 from ACPI 2.0 (revision 2). */
struct acpi_table_rsdp {
	char signature[8];
	u8 checksum;                    /* bytes 0-19 sum to 0 */
	char oem_id[ACPI_OEM_ID_SIZE];
	u8 revision;
	u32 rsdt_physical_address;
	/* ACPI 2.0+ */
	u32 length;                     /* of the whole RSDP: 36 */
	u64 xsdt_physical_address;
	u8 extended_checksum;           /* bytes 0-35 sum to 0 */
	u8 reserved[3];
} __packed;

#define ACPI_RSDP_REV0_SIZE       20
#define ACPI_RSDP_XCHECKSUM_LENGTH 36

/* Every table but the RSDP and FACS starts with this (§5.2.6). */
struct acpi_table_header {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length;                     /* of the whole table, this header included */
	u8 revision;
	u8 checksum;                    /* the whole table sums to 0 */
	char oem_id[ACPI_OEM_ID_SIZE];
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE];
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAMESEG_SIZE];
	u32 asl_compiler_revision;
} __packed;

/* A register anywhere: memory, I/O port, PCI config ... (§5.2.3.2). */
struct acpi_generic_address {
	u8 space_id;                    /* ACPI_ADR_SPACE_* */
	u8 bit_width;
	u8 bit_offset;
	u8 access_width;                /* 0 any, 1 byte, 2 word, 3 dword, 4 qword */
	u64 address;
} __packed;

#define ACPI_ADR_SPACE_SYSTEM_MEMORY 0
#define ACPI_ADR_SPACE_SYSTEM_IO     1
#define ACPI_ADR_SPACE_PCI_CONFIG    2

/* The FACS (§5.2.10): only its signature and length matter here; no checksum. */
struct acpi_table_facs {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length;                     /* at least 64 */
	u32 hardware_signature;
	u32 firmware_waking_vector;
	u32 global_lock;
	u32 flags;
} __packed;

#define ACPI_FACS_MIN_LENGTH 64

/*
 * The FADT (§5.2.9, table 5.9).  Its length grew with each ACPI version: 116
 * bytes in ACPI 1.0 (revision 1, up to flags), 244 in 2.0/3.0 (revision 3/4,
 * up to xgpe1_block), 268 in 5.0, 276 in 6.0.  A field past the table's
 * length is absent: test with ACPI_FADT_HAS() before reading it.
 */
struct acpi_table_fadt {
	struct acpi_table_header header;
	u32 facs;                       /* 36: 32-bit physical address of the FACS */
	u32 dsdt;                       /* 40: 32-bit physical address of the DSDT */
	u8 model;                       /* 44: ACPI 1.0 INT_MODEL, now reserved */
	u8 preferred_profile;           /* 45 */
	u16 sci_interrupt;              /* 46: the SCI's 8259 IRQ / GSI */
	u32 smi_command;                /* 48: port for ACPI enable/disable */
	u8 acpi_enable;                 /* 52 */
	u8 acpi_disable;
	u8 s4_bios_request;
	u8 pstate_control;
	u32 pm1a_event_block;           /* 56: port of the PM1a event registers */
	u32 pm1b_event_block;
	u32 pm1a_control_block;         /* 64: port of PM1a_CNT (SLP_TYP, SLP_EN) */
	u32 pm1b_control_block;
	u32 pm2_control_block;          /* 72 */
	u32 pm_timer_block;             /* 76: port of the 24/32-bit PM timer */
	u32 gpe0_block;                 /* 80 */
	u32 gpe1_block;
	u8 pm1_event_length;            /* 88 */
	u8 pm1_control_length;
	u8 pm2_control_length;
	u8 pm_timer_length;
	u8 gpe0_block_length;
	u8 gpe1_block_length;
	u8 gpe1_base;
	u8 cst_control;
	u16 c2_latency;                 /* 96 */
	u16 c3_latency;
	u16 flush_size;
	u16 flush_stride;
	u8 duty_offset;                 /* 104 */
	u8 duty_width;
	u8 day_alarm;
	u8 month_alarm;
	u8 century;                     /* 108 */
	u16 boot_flags;                 /* 109: IAPC_BOOT_ARCH */
	u8 reserved;
	u32 flags;                      /* 112; 116 bytes end ACPI 1.0 */
	struct acpi_generic_address reset_register;    /* 116 (ACPI 2.0+) */
	u8 reset_value;                 /* 128 */
	u16 arm_boot_flags;
	u8 minor_revision;
	u64 Xfacs;                      /* 132 */
	u64 Xdsdt;                      /* 140 */
	struct acpi_generic_address xpm1a_event_block;   /* 148 */
	struct acpi_generic_address xpm1b_event_block;   /* 160 */
	struct acpi_generic_address xpm1a_control_block; /* 172 */
	struct acpi_generic_address xpm1b_control_block; /* 184 */
	struct acpi_generic_address xpm2_control_block;  /* 196 */
	struct acpi_generic_address xpm_timer_block;     /* 208 */
	struct acpi_generic_address xgpe0_block;         /* 220 */
	struct acpi_generic_address xgpe1_block;         /* 232; 244 bytes end ACPI 2.0 */
	struct acpi_generic_address sleep_control;       /* 244 (ACPI 5.0) */
	struct acpi_generic_address sleep_status;        /* 256 */
	u64 hypervisor_id;                               /* 268 (ACPI 6.0); 276 */
} __packed;

/* Sizes as ACPICA's actbl.h names them: "only the length can be trusted", not the revision. */
#define ACPI_FADT_V1_SIZE 116           /* ACPI 1.0: up to flags (QEMU's pc, revision 1) */
#define ACPI_FADT_V2_SIZE 132           /* ACPI 1.0 errata: up to minor_revision */
#define ACPI_FADT_V3_SIZE 244           /* ACPI 2.0-4.0: up to xgpe1_block (QEMU's q35, revision 3) */

/* Whether the FADT f (of f->header.length bytes) holds the whole field. */
#define ACPI_FADT_HAS(f, field) \
	(__builtin_offsetof(struct acpi_table_fadt, field) + sizeof((f)->field) <= (f)->header.length)

#define ACPI_FADT_RESET_REGISTER  (1u << 10)   /* flags: reset_register is valid */
#define ACPI_FADT_8042            (1u << 1)    /* boot_flags: an 8042 keyboard controller */

/* The MADT (§5.2.12): a header, then variable-length entries. */
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address;                    /* local APIC physical address */
	u32 flags;                      /* bit 0: PC-AT 8259 pair present */
} __packed;

#define ACPI_MADT_PCAT_COMPAT 1

struct acpi_subtable_header {
	u8 type;
	u8 length;                      /* of the entry, this header included */
} __packed;

enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC = 0,
	ACPI_MADT_TYPE_IO_APIC = 1,
	ACPI_MADT_TYPE_INTERRUPT_OVERRIDE = 2,
	ACPI_MADT_TYPE_NMI_SOURCE = 3,
	ACPI_MADT_TYPE_LOCAL_APIC_NMI = 4,
	ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE = 5,
	ACPI_MADT_TYPE_LOCAL_X2APIC = 9,
	ACPI_MADT_TYPE_LOCAL_X2APIC_NMI = 10,
};

struct acpi_madt_local_apic {           /* type 0, 8 bytes */
	struct acpi_subtable_header header;
	u8 processor_id;                /* ACPI processor UID */
	u8 id;                          /* local APIC ID */
	u32 lapic_flags;
} __packed;

#define ACPI_MADT_ENABLED        1      /* lapic_flags: the CPU is usable */
#define ACPI_MADT_ONLINE_CAPABLE 2      /* lapic_flags: may be enabled later (hotplug) */

struct acpi_madt_io_apic {              /* type 1, 12 bytes */
	struct acpi_subtable_header header;
	u8 id;
	u8 reserved;
	u32 address;
	u32 global_irq_base;            /* GSI of its first input */
} __packed;

struct acpi_madt_interrupt_override {   /* type 2, 10 bytes */
	struct acpi_subtable_header header;
	u8 bus;                         /* 0: ISA */
	u8 source_irq;
	u32 global_irq;
	u16 inti_flags;
} __packed;

struct acpi_madt_nmi_source {           /* type 3, 8 bytes */
	struct acpi_subtable_header header;
	u16 inti_flags;
	u32 global_irq;
} __packed;

struct acpi_madt_local_apic_nmi {       /* type 4, 6 bytes */
	struct acpi_subtable_header header;
	u8 processor_id;                /* 0xff: every processor */
	u16 inti_flags;
	u8 lint;                        /* LINT0 or LINT1 */
} __packed;

struct acpi_madt_local_apic_override {  /* type 5, 12 bytes */
	struct acpi_subtable_header header;
	u16 reserved;
	u64 address;                    /* replaces the 32-bit address in the header */
} __packed;

struct acpi_madt_local_x2apic {         /* type 9, 16 bytes */
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;
	u32 lapic_flags;
	u32 uid;
} __packed;

struct acpi_madt_local_x2apic_nmi {     /* type 10, 12 bytes */
	struct acpi_subtable_header header;
	u16 inti_flags;
	u32 uid;                        /* 0xffffffff: every processor */
	u8 lint;
	u8 reserved[3];
} __packed;

/* MPS INTI flags (§5.2.12.5, table 5.26): polarity in bits 1:0, trigger in 3:2. */
#define ACPI_MADT_POLARITY_MASK     0x3
#define ACPI_MADT_POLARITY_CONFORMS 0   /* "dfl": as the bus says (ISA: active high) */
#define ACPI_MADT_POLARITY_ACTIVE_HIGH 1
#define ACPI_MADT_POLARITY_ACTIVE_LOW  3
#define ACPI_MADT_TRIGGER_MASK      0xc
#define ACPI_MADT_TRIGGER_CONFORMS  0   /* "dfl": as the bus says (ISA: edge) */
#define ACPI_MADT_TRIGGER_EDGE      (1 << 2)
#define ACPI_MADT_TRIGGER_LEVEL     (3 << 2)

/* The HPET description table (IA-PC HPET specification 1.0a §3.2.4), 56 bytes. */
struct acpi_table_hpet {
	struct acpi_table_header header;
	u32 id;                         /* 36: the event timer block ID: GCAP_ID bits 31:0 */
	struct acpi_generic_address address;   /* 40: base of the registers */
	u8 sequence;                    /* 52: HPET number */
	u16 minimum_tick;               /* 53: main counter ticks */
	u8 flags;                       /* 55: page protection */
} __packed;

/* Fields of hpet.id, as the HPET's General Capabilities register (spec §2.3.4). */
#define ACPI_HPET_ID_NUM_TIM_SHIFT 8    /* bits 12:8: index of the last comparator */
#define ACPI_HPET_ID_NUM_TIM_MASK  0x1f
#define ACPI_HPET_ID_COUNT_SIZE    (1u << 13)  /* 64-bit main counter */
#define ACPI_HPET_ID_LEGACY        (1u << 15)  /* legacy replacement routing */
#define ACPI_HPET_ID_VENDOR_SHIFT  16

/* MCFG (PCI Firmware Specification 3.2 §4.1.2): a header, 8 reserved bytes, allocations. */
struct acpi_table_mcfg {
	struct acpi_table_header header;
	u8 reserved[8];
} __packed;

struct acpi_mcfg_allocation {
	u64 address;                    /* ECAM base: bus 0's configuration space */
	u16 pci_segment;
	u8 start_bus_number;
	u8 end_bus_number;
	u32 reserved;
} __packed;

/* ---- what Atlas keeps (struct acpi_info) ---- */

#define ACPI_MAX_CPUS      64
#define ACPI_MAX_IOAPICS   8
#define ACPI_MAX_ISOS      16
#define ACPI_MAX_NMI_SRCS  4
#define ACPI_MAX_LAPIC_NMIS 8

struct acpi_cpu {
	u32 acpi_id;                    /* processor UID */
	u32 apic_id;
	u32 flags;                      /* ACPI_MADT_ENABLED, ACPI_MADT_ONLINE_CAPABLE */
	bool x2apic;                    /* from an x2APIC entry (type 9) */
};

struct acpi_ioapic {
	u8 id;
	u32 address;
	u32 gsi_base;
};

/* An interrupt source override: ISA IRQ source arrives at GSI gsi. */
struct acpi_int_src_ovr {
	u8 bus;
	u8 source;
	u32 gsi;
	u16 flags;                      /* ACPI_MADT_POLARITY_*, ACPI_MADT_TRIGGER_* */
};

struct acpi_nmi_src {
	u32 gsi;
	u16 flags;
};

/* An NMI wired to a local APIC's LINT pin. */
struct acpi_lapic_nmi {
	u32 acpi_id;                    /* 0xff (x2APIC: 0xffffffff): every processor */
	u16 flags;
	u8 lint;
	bool x2apic;                    /* from an x2APIC NMI entry (type 10) */
};

struct acpi_hpet_info {
	bool present;
	u32 id;                         /* the event timer block ID, as the table gives it */
	u64 address;
	u8 space_id;                    /* ACPI_ADR_SPACE_SYSTEM_MEMORY on every PC */
	u8 number;                      /* the table's sequence: HPET number */
	u16 min_tick;
	u8 comparators;                 /* in the first timer block */
	bool counter_64bit;
	bool legacy_capable;
	u16 vendor;                     /* PCI vendor ID: 0x8086 on QEMU */
};

struct acpi_mcfg_info {
	bool present;
	unsigned int nr_allocations;    /* in the table; the first is kept below */
	u64 address;                    /* ECAM base (bus 0) */
	u16 segment;
	u8 start_bus, end_bus;
};

struct acpi_fadt_info {
	bool present;
	u8 revision;
	u32 length;
	u16 sci_irq;
	u32 smi_command;
	u8 acpi_enable, acpi_disable;
	u32 flags;
	u16 boot_flags;                 /* IAPC_BOOT_ARCH (ACPI_FADT_8042 ...); 0 if absent */
	struct acpi_generic_address pm1a_cnt, pm1b_cnt, pm_timer;  /* address 0: none */
	u8 pm_timer_length;
	/* the other register blocks, and the lengths the FADT gives each kind */
	struct acpi_generic_address pm1a_evt, pm1b_evt, pm2_cnt, gpe0, gpe1;
	u8 pm1_evt_length, pm1_cnt_length, pm2_cnt_length, gpe0_length, gpe1_length;
	bool has_reset;                 /* reset_reg and reset_value are valid */
	struct acpi_generic_address reset_reg;
	u8 reset_value;
	u64 dsdt;                       /* X_DSDT when present and nonzero, else DSDT */
	u64 facs;                       /* X_FIRMWARE_CTRL likewise, else FIRMWARE_CTRL */
	bool has_s5;                    /* \_S5 found in the DSDT (or an SSDT) */
	u8 slp_typa, slp_typb;          /* its SLP_TYPa / SLP_TYPb, for power-off */
};

struct acpi_info {
	u64 rsdp_address;               /* physical; 0 if only the boot loader's copy was seen */
	u8 rsdp_revision;               /* 0: ACPI 1.0, 2: ACPI 2.0+ */
	bool xsdt;                      /* the root table used is the XSDT */
	bool madt_present;
	u64 lapic_addr;                 /* the MADT's, or its 64-bit override */
	bool lapic_addr_override;
	u32 madt_flags;                 /* ACPI_MADT_PCAT_COMPAT: 8259s present */
	unsigned int nr_cpus;           /* entries in cpus[] (enabled or not) */
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	unsigned int nr_ioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	unsigned int nr_isos;
	struct acpi_int_src_ovr isos[ACPI_MAX_ISOS];
	unsigned int nr_nmi_srcs;
	struct acpi_nmi_src nmi_srcs[ACPI_MAX_NMI_SRCS];
	unsigned int nr_lapic_nmis;
	struct acpi_lapic_nmi lapic_nmis[ACPI_MAX_LAPIC_NMIS];
	struct acpi_hpet_info hpet;
	struct acpi_mcfg_info mcfg;
	struct acpi_fadt_info fadt;
};

/* ---- pure parsing (drivers/acpi_tables.c; also built for the host tests) ---- */

#define ACPI_TABLE_MAX_LENGTH (1u << 20)   /* no sane table is near 1 MiB; a larger length is a lie */

/* The 8-bit sum of len bytes: 0 for a valid table. */
u8 acpi_checksum(const void *buf, size_t len);

/*
 * Check an RSDP of size readable bytes: signature, the ACPI 1.0 checksum over
 * 20 bytes and, for revision 2 and later, the extended checksum over 36
 * (which must be readable).  Returns 0, or -EINVAL after printing one line.
 */
int acpi_rsdp_check(const void *rsdp, size_t size);

/*
 * Check a table of which size bytes are readable at h: at least a header,
 * a length of at least a header and at most size and ACPI_TABLE_MAX_LENGTH,
 * a printable signature equal to sig (when sig is not NULL), and a checksum
 * summing to 0.  Returns 0, or -EINVAL after printing one line naming the
 * table, its physical address phys and the problem.
 */
int acpi_table_check(const struct acpi_table_header *h, size_t size, const char *sig, u64 phys);

/*
 * Likewise for the FACS, which has no checksum: at least 8 readable bytes,
 * its signature, and a length of at least 64 (the body past size is not
 * needed, so a longer length is not an error).
 */
int acpi_facs_check(const struct acpi_table_facs *facs, size_t size, u64 phys);

/*
 * The table addresses in a checked RSDT (32-bit entries) or XSDT (64-bit
 * ones): at most max of them into addrs.  Returns how many there are, even
 * beyond max (a partial trailing entry is ignored).
 */
unsigned int acpi_root_entries(const struct acpi_table_header *root, u64 *addrs,
			       unsigned int max);

/*
 * Parsers for checked tables (acpi_table_check passed for h's whole length).
 * Each fills its part of info, or returns -EINVAL after one line and leaves
 * info as it was: a MADT entry shorter than 2 bytes, running past the table
 * or too short for its type; an HPET or FADT table shorter than its layout;
 * an MCFG allocation with its buses backwards.
 */
int acpi_parse_madt(const struct acpi_table_header *h, struct acpi_info *info);
int acpi_parse_hpet(const struct acpi_table_header *h, struct acpi_info *info);
int acpi_parse_mcfg(const struct acpi_table_header *h, struct acpi_info *info);
int acpi_parse_fadt(const struct acpi_table_header *h, struct acpi_info *info);

/*
 * Find "Name (\_S5, Package () { SLP_TYPa, SLP_TYPb, ... })" in the AML of a
 * checked DSDT or SSDT: NameOp (0x08), optional root prefix '\', "_S5_",
 * PackageOp (0x12), PkgLength, NumElements, then integer constants (ZeroOp,
 * OneOp, OnesOp, Byte/Word/DWord/QWordPrefix).  Sets info->fadt.has_s5 and the
 * two sleep types and returns 0, or returns -ENOENT.
 */
int acpi_find_s5(const struct acpi_table_header *h, struct acpi_info *info);

/* ---- boot lines (drivers/acpi_print.c; also built for the host tests) ---- */

/*
 * Linux's lines (drivers/acpi/acpica/tbprint.c), without the "ACPI: " prefix:
 *   "RSDP 0x00000000000F59E0 000014 (v00 BOCHS )"
 *   "RSDT 0x000000001FFE233C 000038 (v01 BOCHS  BXPC     00000001 BXPC 00000001)"
 *   "FACS 0x000000001FFE0000 000040"
 * Non-printable bytes in the names show as '?', as ACPICA does.  Return the
 * length vsnprintf would have produced.
 */
int acpi_format_rsdp(char *buf, size_t size, u64 phys, const struct acpi_table_rsdp *rsdp);
int acpi_format_table(char *buf, size_t size, u64 phys, const struct acpi_table_header *h);
int acpi_format_facs(char *buf, size_t size, u64 phys, const struct acpi_table_facs *facs);

/* "dfl"/"high"/"res"/"low" and "dfl"/"edge"/"res"/"level" for INTI flags, as Linux. */
const char *acpi_inti_polarity(u16 flags);
const char *acpi_inti_trigger(u16 flags);

/*
 * The boot lines Linux prints for the parsed facts (arch/x86/kernel/acpi/boot.c,
 * drivers/acpi/tables.c), e.g. "ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq
 * 2 dfl dfl)", "ACPI: HPET id: 0x8086a201 base: 0xfed00000", "PCI: MMCONFIG
 * for domain 0000 [bus 00-ff] at [mem 0xb0000000-0xbfffffff] (base 0xb0000000)".
 */
void acpi_print_fadt(const struct acpi_info *info);
void acpi_print_madt(const struct acpi_info *info);
void acpi_print_hpet(const struct acpi_info *info);
void acpi_print_mcfg(const struct acpi_info *info);

/* ---- the kernel side (drivers/acpi.c) ---- */

/*
 * A table Atlas found: where, its header, and its checked copy.  The AML of
 * the DSDT and SSDTs is only searched for \_S5 (Atlas has no AML
 * interpreter), so their copies are freed after that: valid, table NULL.
 */
struct acpi_table_desc {
	u64 address;
	struct acpi_table_header header;        /* FACS: its first 36 bytes */
	const struct acpi_table_header *table;  /* the checked copy, or NULL */
	bool valid;                             /* it passed its checks */
};

/*
 * Find the RSDP, read and check every table, parse the MADT, HPET, MCFG, FADT
 * and \_S5, and print Linux's boot lines.  Call once, after ioremap and
 * kmalloc work.  Without ACPI the kernel goes on: acpi_get_info() gives NULL.
 */
void acpi_init(void);

/*
 * Claim the FADT's register blocks as Linux does ("ACPI PM1a_EVT_BLK", "ACPI
 * PM1a_CNT_BLK", "ACPI PM_TMR", "ACPI GPE0_BLK", ...; drivers/acpi_resources.c).
 * Call once, after pci_init, so blocks nest in the chipset ranges PCI found.
 */
void acpi_reserve_resources(void);

/* What the tables said, or NULL when there is no (valid) RSDP or before acpi_init. */
const struct acpi_info *acpi_get_info(void);

/*
 * The instance-th (from 0) valid table with signature sig that Atlas keeps a
 * copy of, as Linux's acpi_get_table(): 0 and *out set, or -ENOENT (always
 * for the DSDT and SSDTs after acpi_init).  The copy stays for the kernel's
 * life; do not write to it.
 */
int acpi_get_table(const char *sig, u32 instance, const struct acpi_table_header **out);

/* The tables in the order they were found, rejected ones included. */
unsigned int acpi_table_count(void);
const struct acpi_table_desc *acpi_table_desc(unsigned int i);

#endif
