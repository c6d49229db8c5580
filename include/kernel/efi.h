/*
 * The UEFI memory map as the firmware describes it (UEFI 2.10 §7.2.3,
 * EFI_BOOT_SERVICES.GetMemoryMap; Linux's include/linux/efi.h).  GRUB passes
 * the map it got at ExitBootServices in the multiboot2 EFI memory map tag;
 * setup_e820() in mm/e820.c turns it into the e820 table as Linux's EFI stub
 * does.
 */
#ifndef ATLAS_KERNEL_EFI_H
#define ATLAS_KERNEL_EFI_H

#include <kernel/types.h>

/* Memory types (EFI_MEMORY_TYPE), Linux's names. */
#define EFI_RESERVED_TYPE                0
#define EFI_LOADER_CODE                  1
#define EFI_LOADER_DATA                  2
#define EFI_BOOT_SERVICES_CODE           3
#define EFI_BOOT_SERVICES_DATA           4
#define EFI_RUNTIME_SERVICES_CODE        5
#define EFI_RUNTIME_SERVICES_DATA        6
#define EFI_CONVENTIONAL_MEMORY          7
#define EFI_UNUSABLE_MEMORY              8
#define EFI_ACPI_RECLAIM_MEMORY          9
#define EFI_ACPI_MEMORY_NVS             10
#define EFI_MEMORY_MAPPED_IO            11
#define EFI_MEMORY_MAPPED_IO_PORT_SPACE 12
#define EFI_PAL_CODE                    13
#define EFI_PERSISTENT_MEMORY           14

/* Attribute bits used here: specific-purpose ("soft reserved") memory. */
#define EFI_MEMORY_SP                   (1ULL << 18)

#define EFI_PAGE_SHIFT                  12      /* NumberOfPages counts 4 KiB pages */
#define EFI_MEMORY_DESCRIPTOR_VERSION   1       /* the only version UEFI has defined */

/*
 * One descriptor (EFI_MEMORY_DESCRIPTOR).  The firmware says how far apart
 * descriptors are (OVMF: 48 bytes), which may be more than this struct.
 */
typedef struct {
	u32 type;
	u32 pad;
	u64 phys_addr;
	u64 virt_addr;
	u64 num_pages;
	u64 attribute;
} efi_memory_desc_t;

#endif
