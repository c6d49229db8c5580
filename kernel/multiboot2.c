/*
 * Multiboot2 boot information parser (multiboot2 specification §3.6).
 *
 * The information is a u32 total_size, a u32 reserved, then tags, each an
 * {type, size} header and a body, each starting at an 8-byte boundary, ending
 * with a tag of type 0 and size 8.  Nothing in it is trusted: every size is
 * checked against the total and against what the tag's type needs before the
 * body is read.  Pure code, also compiled for the host tests and fuzzer.
 */
#define pr_fmt(fmt) "multiboot2: " fmt

#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/multiboot2.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define MB2_HEADER_SIZE 8               /* total_size + reserved */

const char *mb2_tag_name(u32 type)
{
	switch (type) {
	case MB2_TAG_END:           return "end";
	case MB2_TAG_CMDLINE:       return "command line";
	case MB2_TAG_BOOTLOADER:    return "boot loader name";
	case MB2_TAG_MODULE:        return "module";
	case MB2_TAG_BASIC_MEMINFO: return "basic memory information";
	case MB2_TAG_BOOTDEV:       return "BIOS boot device";
	case MB2_TAG_MMAP:          return "memory map";
	case MB2_TAG_FRAMEBUFFER:   return "framebuffer";
	case MB2_TAG_ELF_SECTIONS:  return "ELF sections";
	case MB2_TAG_APM:           return "APM table";
	case MB2_TAG_EFI64:         return "EFI 64-bit system table";
	case MB2_TAG_SMBIOS:        return "SMBIOS tables";
	case MB2_TAG_ACPI_OLD:      return "ACPI old RSDP";
	case MB2_TAG_ACPI_NEW:      return "ACPI new RSDP";
	case MB2_TAG_NETWORK:       return "network";
	case MB2_TAG_EFI_MMAP:      return "EFI memory map";
	case MB2_TAG_EFI_BS:        return "EFI boot services not terminated";
	case MB2_TAG_LOAD_BASE:     return "image load base";
	default:                    return "unknown";
	}
}

/* A string tag's body must hold its terminating NUL. */
static const char *tag_string(const struct mb2_tag *tag)
{
	const char *s = (const char *)(tag + 1);
	size_t room = tag->size - sizeof(*tag);

	return strnlen(s, room) < room ? s : NULL;
}

static int parse_mmap(const struct mb2_tag *tag, struct mb2_info *info)
{
#ifndef LAB1_STARTER    /* LAB 1 BEGIN: check the memory map tag and find its entries */
	const u32 *body = (const u32 *)(tag + 1);      /* entry_size, entry_version */
	u32 entry_size, bytes;

	if (tag->size < 16) {
		pr_err("memory map tag has size %u, less than its 16-byte header\n", tag->size);
		return -EINVAL;
	}
	entry_size = body[0];
	bytes = tag->size - 16;
	if (entry_size < sizeof(struct mb2_mmap_entry) || entry_size % 8) {
		pr_err("memory map entry size %u is invalid (need a multiple of 8, at least 24)\n",
		       entry_size);
		return -EINVAL;
	}
	if (bytes % entry_size) {
		pr_err("memory map of %u bytes is not a whole number of %u-byte entries\n",
		       bytes, entry_size);
		return -EINVAL;
	}
	info->mmap = (const u8 *)(body + 2);
	info->mmap_entry_size = entry_size;
	info->mmap_count = bytes / entry_size;
	return 0;
#else                   /* LAB 1 STARTER */
	/*
	 * TODO (lab 1, exercise 1): the tag's body is u32 entry_size, u32
	 * entry_version, then the entries, entry_size bytes apart (GRUB: 24; a
	 * later boot loader may give more).  Nothing in it is trusted: refuse
	 * (pr_err, -EINVAL) a tag shorter than its 16-byte header, an entry_size
	 * below sizeof(struct mb2_mmap_entry) or not a multiple of 8, and a body
	 * that is not a whole number of entries; then set info->mmap (the first
	 * entry), info->mmap_entry_size and info->mmap_count.  Linux's boot code
	 * asks the BIOS for these entries itself (arch/x86/boot/memory.c:
	 * detect_memory_e820); the multiboot2 spec, section 3.6.8, gives their
	 * layout.
	 */
	lab_not_implemented(1, "reading the multiboot2 memory map tag");
	info->mmap = (const u8 *)(tag + 1) + 8; /* a map of no entries: e820 falls back */
	info->mmap_entry_size = sizeof(struct mb2_mmap_entry);
	info->mmap_count = 0;
	return 0;
#endif                  /* LAB 1 END */
}

/*
 * A descriptor must describe whole pages that end below 2^64 (the e820 table,
 * as Linux's, has no entry reaching the very top).
 */
static bool efi_desc_ok(const efi_memory_desc_t *d)
{
	return !(d->phys_addr & ((1ULL << EFI_PAGE_SHIFT) - 1)) && d->num_pages &&
	       d->num_pages <= ~d->phys_addr >> EFI_PAGE_SHIFT;
}

/*
 * The EFI memory map tag (multiboot2 spec, "EFI memory map"): descriptor
 * size, descriptor version, then the descriptors.  Checked whole before it
 * is used: a malformed one is refused like any bad tag, and the kernel then
 * builds its table from the memory map tag, which GRUB puts before it.
 */
static int parse_efi_mmap(const struct mb2_tag *tag, struct mb2_info *info)
{
	const u32 *body = (const u32 *)(tag + 1);      /* descr_size, descr_vers */
	u32 desc_size, bytes;

	if (tag->size < 16) {
		pr_err("EFI memory map tag has size %u, less than its 16-byte header\n", tag->size);
		return -EINVAL;
	}
	desc_size = body[0];
	bytes = tag->size - 16;
	if (desc_size < sizeof(efi_memory_desc_t) || desc_size % 8 ||
	    body[1] != EFI_MEMORY_DESCRIPTOR_VERSION || bytes % desc_size) {
		pr_err("EFI memory map of %u bytes with descriptor size %u, version %u is malformed (need version 1, a multiple of 8 and at least 40)\n",
		       bytes, desc_size, body[1]);
		return -EINVAL;
	}
	for (u32 off = 0; off < bytes; off += desc_size) {
		const efi_memory_desc_t *d = (const void *)((const u8 *)(body + 2) + off);

		if (!efi_desc_ok(d)) {
			pr_err("EFI memory map descriptor %u ([mem %#llx], %llu pages) is not whole pages below 2^64\n",
			       off / desc_size, (unsigned long long)d->phys_addr,
			       (unsigned long long)d->num_pages);
			return -EINVAL;
		}
	}
	info->efi_mmap = (const u8 *)(body + 2);
	info->efi_desc_size = desc_size;
	info->efi_desc_count = bytes / desc_size;
	return 0;
}

static int parse_elf_sections(const struct mb2_tag *tag, struct mb2_info *info)
{
	const u32 *body = (const u32 *)(tag + 1);      /* num, entsize, shndx */

	if (tag->size < 20) {
		pr_err("ELF sections tag has size %u, less than its 20-byte header\n", tag->size);
		return -EINVAL;
	}
	if ((u64)body[0] * body[1] > tag->size - 20) {
		pr_err("ELF sections tag: %u headers of %u bytes do not fit in %u bytes\n",
		       body[0], body[1], tag->size - 20);
		return -EINVAL;
	}
	info->elf_num = body[0];
	info->elf_entsize = body[1];
	info->elf_shndx = body[2];
	info->elf_sections = body + 3;
	return 0;
}

/*
 * A module tag (§3.6.6): mod_start, mod_end, then a NUL-terminated string.
 * Linux takes the first module as its initrd; so does Atlas, and counts the
 * others.
 */
static int parse_module(const struct mb2_tag *tag, struct mb2_info *info)
{
	const u32 *body = (const u32 *)(tag + 1);
	const char *s = (const char *)(body + 2);

	if (strnlen(s, tag->size - 16) >= tag->size - 16) {
		pr_err("module tag's string is not NUL-terminated\n");
		return -EINVAL;
	}
	if (body[1] < body[0]) {
		pr_err("module [mem %#x-%#x] ends before it starts\n", body[0], body[1]);
		return -EINVAL;
	}
	if (!info->nr_modules++) {
		info->mod_start = body[0];
		info->mod_end = body[1];
		info->mod_string = s;
	}
	return 0;
}

/* The minimum size of each tag we read, header included (§3.6). */
static u32 min_tag_size(u32 type)
{
	switch (type) {
	case MB2_TAG_BASIC_MEMINFO: return 16;
	case MB2_TAG_EFI64:         return 16;      /* a 64-bit pointer */
	case MB2_TAG_MODULE:        return 17;      /* start, end, at least a NUL */
	case MB2_TAG_ACPI_OLD:      return 8 + 20;  /* RSDP v1: 20 bytes (ACPI §5.2.5.3) */
	case MB2_TAG_ACPI_NEW:      return 8 + 36;  /* RSDP v2: 36 bytes */
	case MB2_TAG_END:           return 8;
	default:                    return 8;
	}
}

static int parse_tag(const struct mb2_tag *tag, struct mb2_info *info)
{
	const u32 *body = (const u32 *)(tag + 1);

	if (tag->size < min_tag_size(tag->type)) {
		pr_err("%s tag has size %u, less than the %u it needs\n",
		       mb2_tag_name(tag->type), tag->size, min_tag_size(tag->type));
		return -EINVAL;
	}
	switch (tag->type) {
	case MB2_TAG_CMDLINE:
	case MB2_TAG_BOOTLOADER:
		if (!tag_string(tag)) {
			pr_err("%s tag is not NUL-terminated\n", mb2_tag_name(tag->type));
			return -EINVAL;
		}
		if (tag->type == MB2_TAG_CMDLINE)
			info->cmdline = tag_string(tag);
		else
			info->bootloader = tag_string(tag);
		return 0;
	case MB2_TAG_MMAP:
		return parse_mmap(tag, info);
	case MB2_TAG_MODULE:
		return parse_module(tag, info);
	case MB2_TAG_EFI_MMAP:
		return parse_efi_mmap(tag, info);
	case MB2_TAG_EFI64:
		info->efi_systab = (u64)body[1] << 32 | body[0];
		return 0;
	case MB2_TAG_ELF_SECTIONS:
		return parse_elf_sections(tag, info);
	case MB2_TAG_BASIC_MEMINFO:
		info->has_meminfo = true;
		info->mem_lower_kb = body[0];
		info->mem_upper_kb = body[1];
		return 0;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		/* prefer the new (XSDT-capable) RSDP when both are given */
		if (tag->type == MB2_TAG_ACPI_NEW || info->acpi_version < 2) {
			info->rsdp = body;
			info->rsdp_size = tag->size - 8;
			info->acpi_version = tag->type == MB2_TAG_ACPI_NEW ? 2 : 1;
		}
		return 0;
	default:
		return 0;               /* §3.6: ignore tags we do not know */
	}
}

static int check_header(const void *mbi, size_t limit, u32 total)
{
	if (!mbi) {
		pr_err("no boot information (NULL pointer)\n");
		return -EINVAL;
	}
	if ((uintptr_t)mbi & 7) {
		pr_err("boot information at %p is not 8-byte aligned\n", mbi);
		return -EINVAL;
	}
	if (limit < MB2_HEADER_SIZE + 8) {
		pr_err("only %zu bytes may be read: less than a header and an end tag\n", limit);
		return -EINVAL;
	}
	if (total < MB2_HEADER_SIZE + 8) {
		pr_err("total size %u is too small to hold even the end tag\n", total);
		return -EINVAL;
	}
	if (total > limit || total > MB2_MAX_INFO_SIZE) {
		pr_err("total size %u is larger than the %zu bytes that may be read\n",
		       total, limit < MB2_MAX_INFO_SIZE ? limit : (size_t)MB2_MAX_INFO_SIZE);
		return -EINVAL;
	}
	return 0;
}

int mb2_parse(const void *mbi, size_t limit, struct mb2_info *info)
{
	u32 total = (mbi && limit >= 4 && !((uintptr_t)mbi & 7)) ? *(const u32 *)mbi : 0;
	size_t off = MB2_HEADER_SIZE;       /* never more than total + 7: no wrap */

	memset(info, 0, sizeof(*info));
	if (check_header(mbi, limit, total))
		return -EINVAL;
	info->total_size = total;
	while (off <= total - sizeof(struct mb2_tag)) {
		const struct mb2_tag *tag = (const void *)((const u8 *)mbi + off);

		if (tag->size < sizeof(*tag) || tag->size > total - off) {
			pr_err("tag %u (%s, type %u) at offset %#zx has size %u: outside the %u bytes of boot information\n",
			       info->ntags, mb2_tag_name(tag->type), tag->type, off, tag->size, total);
			return -EINVAL;
		}
		if (parse_tag(tag, info))
			return -EINVAL;
		info->ntags++;
		if (tag->type == MB2_TAG_END)
			return 0;
		off += ALIGN(tag->size, 8);
	}
	pr_err("no end tag within the %u bytes of boot information\n", total);
	return -EINVAL;
}

const struct mb2_mmap_entry *mb2_mmap_entry(const struct mb2_info *info, unsigned int i)
{
	return (const struct mb2_mmap_entry *)(info->mmap + (size_t)i * info->mmap_entry_size);
}

const efi_memory_desc_t *mb2_efi_mmap_desc(const struct mb2_info *info, unsigned int i)
{
	return (const efi_memory_desc_t *)(info->efi_mmap + (size_t)i * info->efi_desc_size);
}
