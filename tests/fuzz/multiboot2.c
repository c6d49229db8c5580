/*
 * Fuzzing kernel/multiboot2.c: the input is the boot information list as
 * GRUB hands it over, in a malloc'd buffer of exactly its size (multiboot2
 * wants it 8-byte aligned; malloc gives 16).  mb2_parse must return 0 with
 * nothing printed, or -EINVAL with exactly one line; after a successful
 * parse every string, map entry, RSDP byte and ELF section header it points
 * at must lie inside the list (each is read, so ASan would see otherwise).
 * tests/host/test_multiboot2_fuzz.c is the seeded mutation run of the same
 * checks that needs no fuzzer.
 */
#include <errno.h>

#include <kernel/multiboot2.h>

#include "fuzz.h"

static void check_inside(const uint8_t *p, size_t size, const struct mb2_info *info)
{
	const uint8_t *end = p + size;
	volatile unsigned long sum = 0;

	if (info->cmdline)
		FUZZ_ASSERT((const uint8_t *)info->cmdline + strlen(info->cmdline) < end, "cmdline");
	if (info->bootloader)
		FUZZ_ASSERT((const uint8_t *)info->bootloader + strlen(info->bootloader) < end,
			    "boot loader name");
	if (info->mmap) {
		FUZZ_ASSERT(info->mmap + (size_t)info->mmap_count * info->mmap_entry_size <= end,
			    "%u map entries of %u bytes", info->mmap_count, info->mmap_entry_size);
		for (unsigned int i = 0; i < info->mmap_count; i++)
			sum += mb2_mmap_entry(info, i)->addr + mb2_mmap_entry(info, i)->type;
	}
	if (info->rsdp) {
		FUZZ_ASSERT((const uint8_t *)info->rsdp + info->rsdp_size <= end, "RSDP");
		for (u32 i = 0; i < info->rsdp_size; i++)
			sum += ((const uint8_t *)info->rsdp)[i];
	}
	if (info->elf_sections) {
		uint64_t n = (uint64_t)info->elf_num * info->elf_entsize;

		FUZZ_ASSERT((const uint8_t *)info->elf_sections + n <= end, "ELF sections");
		for (uint64_t i = 0; i < n; i++)
			sum += ((const uint8_t *)info->elf_sections)[i];
	}
	(void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *p = fuzz_dup(data, size);
	struct mb2_info info;
	int rc, lines;

	printk_capture_reset();
	rc = mb2_parse(p ? p : (const void *)"", size, &info);
	lines = printk_capture_lines();
	FUZZ_ASSERT((rc == 0 && lines == 0) || (rc == -EINVAL && lines == 1),
		    "returned %d after %d lines:\n%s", rc, lines, printk_capture());
	if (rc == 0)
		check_inside(p, size, &info);
	free(p);
	return 0;
}
