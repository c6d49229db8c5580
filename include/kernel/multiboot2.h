/*
 * The multiboot2 boot information (multiboot2 specification §3.6): a list of
 * tags that GRUB leaves in memory and passes to start_kernel.  mb2_parse()
 * checks every tag's size against the total and against what its type needs,
 * and collects pointers to the ones Atlas uses.
 */
#ifndef ATLAS_KERNEL_MULTIBOOT2_H
#define ATLAS_KERNEL_MULTIBOOT2_H

#include <kernel/efi.h>
#include <kernel/types.h>

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289  /* in EAX at entry (§3.3) */

#define MB2_TAG_END           0
#define MB2_TAG_CMDLINE       1
#define MB2_TAG_BOOTLOADER    2
#define MB2_TAG_MODULE        3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_BOOTDEV       5
#define MB2_TAG_MMAP          6
#define MB2_TAG_FRAMEBUFFER   8
#define MB2_TAG_ELF_SECTIONS  9
#define MB2_TAG_APM           10
#define MB2_TAG_EFI64         12
#define MB2_TAG_SMBIOS        13
#define MB2_TAG_ACPI_OLD      14
#define MB2_TAG_ACPI_NEW      15
#define MB2_TAG_NETWORK       16
#define MB2_TAG_EFI_MMAP      17
#define MB2_TAG_EFI_BS        18
#define MB2_TAG_LOAD_BASE     21

#define MB2_MAX_INFO_SIZE     (1 << 20)  /* we never trust a larger total_size */

struct mb2_tag {
	u32 type;
	u32 size;               /* including this header; the next tag is 8-aligned */
};

/* One memory map entry (§3.6.8); entry_size may be larger in later versions. */
struct mb2_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;               /* 1 RAM, 3 ACPI, 4 NVS, 5 bad; anything else reserved */
	u32 zero;
};

struct mb2_info {
	u32 total_size;
	unsigned int ntags;
	const char *cmdline;            /* NULL if absent */
	const char *bootloader;
	const u8 *mmap;                 /* first entry, entry_size apart */
	u32 mmap_entry_size;
	u32 mmap_count;
	u64 efi_systab;                 /* EFI 64-bit system table (0: not booted by UEFI) */
	const u8 *efi_mmap;             /* first EFI descriptor (NULL: none, or malformed) */
	u32 efi_desc_size;              /* how far apart the descriptors are */
	u32 efi_desc_count;
	const void *rsdp;               /* the RSDP copy in the ACPI tag */
	u32 rsdp_size;
	int acpi_version;               /* 1: old (RSDP v1), 2: new; 0: none */
	const void *elf_sections;       /* section headers */
	u32 elf_num, elf_entsize, elf_shndx;
	bool has_meminfo;
	u32 mem_lower_kb, mem_upper_kb;
	/* the first module (§3.6.6), the initramfs: [mod_start, mod_end) physical */
	unsigned int nr_modules;
	u32 mod_start, mod_end;
	const char *mod_string;         /* what follows the path on grub.cfg's module2 line */
};

/*
 * Parse the boot information at mbi, reading at most limit bytes (and never
 * more than MB2_MAX_INFO_SIZE, whatever total_size says).  Returns 0,
 * or -EINVAL after printing one line that names the problem; *info then holds
 * the tags that came before the bad one (so a malformed EFI memory map tag,
 * which GRUB puts after the memory map tag, leaves efi_mmap NULL and the
 * memory map tag in place).
 */
int mb2_parse(const void *mbi, size_t limit, struct mb2_info *info);

/* A tag type's name for messages ("memory map", "ACPI new RSDP", ...). */
const char *mb2_tag_name(u32 type);

/* The i-th memory map entry (i < info->mmap_count). */
const struct mb2_mmap_entry *mb2_mmap_entry(const struct mb2_info *info, unsigned int i);

/* The i-th EFI memory descriptor (i < info->efi_desc_count). */
const efi_memory_desc_t *mb2_efi_mmap_desc(const struct mb2_info *info, unsigned int i);

#endif
