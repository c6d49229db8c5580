/*
 * The e820 table: the firmware's map of physical memory, as Linux keeps it
 * (arch/x86/include/asm/e820/types.h, arch/x86/kernel/e820.c).  Under a BIOS
 * it comes from the multiboot2 memory map tag, which GRUB builds from the
 * INT 15h E820 call; under UEFI from the EFI memory map tag, converted as
 * Linux's EFI stub converts the EFI memory map (GRUB's own conversion keeps
 * EFI runtime code as a type 20 that Linux never shows).
 */
#ifndef ATLAS_MM_E820_H
#define ATLAS_MM_E820_H

#include <kernel/types.h>

struct mb2_info;

#define E820_MAX_ENTRIES 128            /* Linux's E820_MAX_ENTRIES_ZEROPAGE */

enum e820_type {
	E820_TYPE_RAM           = 1,
	E820_TYPE_RESERVED      = 2,
	E820_TYPE_ACPI          = 3,
	E820_TYPE_NVS           = 4,
	E820_TYPE_UNUSABLE      = 5,
	E820_TYPE_PMEM          = 7,
	E820_TYPE_PRAM          = 12,
	E820_TYPE_SOFT_RESERVED = 0xefffffff,
};

struct e820_entry {
	u64 addr;
	u64 size;
	enum e820_type type;
} __attribute__((packed));

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/*
 * The kernel's table, filled from the boot information at boot, and the
 * firmware's table as it was before the kernel changed anything (what the
 * BIOS-e820 lines and the monitor's e820 command show), as in Linux.
 */
extern struct e820_table e820_table;
extern struct e820_table e820_table_firmware;

/*
 * Append [start, start + size) to t.  A zero-sized range is dropped quietly
 * (-EINVAL, as Linux does); a wrapping one (-EINVAL) or one that does not fit
 * (-ENOSPC) is refused with a message.
 */
int e820__range_add(struct e820_table *t, u64 start, u64 size, enum e820_type type);

/*
 * Sanitise t as Linux's e820__update_table(): sort by address, give each
 * overlapped byte the highest type that covers it, merge neighbours of one type
 * (except persistent and soft-reserved memory), drop empty entries.  If the
 * result has more than E820_MAX_ENTRIES, the highest ones are dropped with a
 * message.
 */
void e820__update_table(struct e820_table *t);

/*
 * Change the type of the old_type parts of [start, start + size) to new_type
 * and re-sanitise; prints Linux's "e820: update [mem ...] usable ==> reserved".
 * Returns the number of bytes changed.
 */
u64 e820__range_update(struct e820_table *t, u64 start, u64 size,
			enum e820_type old_type, enum e820_type new_type);

/*
 * Take [start, start + size) out of t (only the old_type parts if
 * check_type), as Linux's e820__range_remove, and re-sanitise; prints
 * "e820: remove [mem 0x000a0000-0x000fffff] usable".  Returns the number of
 * bytes removed.
 */
u64 e820__range_remove(struct e820_table *t, u64 start, u64 size, enum e820_type old_type,
		       bool check_type);

/* "usable", "reserved", "ACPI data", ... as Linux's e820_print_type(). */
int e820_type_format(char *buf, size_t size, enum e820_type type);

/* "<who>: [mem 0x%016llx-0x%016llx] <type>", Linux's e820__print_table line. */
int e820_format_entry(char *buf, size_t size, const char *who, const struct e820_entry *e);

/* Print t as Linux does at boot, one printk line per entry. */
void e820__print_table(const struct e820_table *t, const char *who);

/* Whether any / every byte of [start, end) is of the given type. */
bool e820__mapped_any(const struct e820_table *t, u64 start, u64 end, enum e820_type type);
bool e820__mapped_all(const struct e820_table *t, u64 start, u64 end, enum e820_type type);

/*
 * Fill t from nr_desc EFI memory descriptors desc_size bytes apart at memmap,
 * as Linux's EFI stub does (setup_e820() in x86-stub.c): each EFI type becomes
 * usable, reserved, ACPI data, ACPI NVS, unusable, persistent or soft reserved
 * (types Linux does not know are left out), and a descriptor that continues
 * the previous entry with the same type extends it.  t is not sanitised.
 * Returns 0, or -ENOSPC (with a message) if more than E820_MAX_ENTRIES remain.
 */
int setup_e820(struct e820_table *t, const void *memmap, u32 desc_size, u32 nr_desc);

/*
 * Build e820_table from the boot information, as Linux's e820__memory_setup():
 * from the EFI memory map tag when there is a usable one, else from the memory
 * map tag, and when that has fewer than two entries from the basic memory
 * information tag, printed as BIOS-e801 lines (Linux's
 * e820__memory_setup_default); sanitise it, keep a copy as e820_table_firmware, print the
 * "BIOS-provided physical RAM map:" and its BIOS-e820 lines, then give page 0
 * to the BIOS and remove any RAM from 640 KiB to 1 MiB (Linux's
 * trim_bios_range, with its two "e820:" lines).
 */
void e820__memory_setup(const struct mb2_info *mbi);

#endif
