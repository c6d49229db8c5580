/*
 * Fuzzing fs/elf_check.c: the input is a whole file.  elf_check_header then
 * elf_check_phdrs must either refuse it with -ENOEXEC and a reason, or
 * accept it only if what exec will then do is safe: every PT_LOAD's file
 * part inside the file, its memory inside the user half, the segments in
 * order without overlap, the span [lo, hi) page-aligned and covering them,
 * the entry inside one of them, no PT_INTERP.  The headers are copied to
 * aligned buffers first, as the kernel reads them into its own.
 */
#include <errno.h>

#include <fs/binfmts.h>

#include "fuzz.h"

#define USER_END 0x00007ffffffff000UL

/* An accepted file's promises, checked from the raw headers. */
static void check_accepted(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, size_t size,
			   const struct elf_info *info)
{
	unsigned long prev_end = 0;
	bool entry_in = false;

	FUZZ_ASSERT(info->nr_load >= 1, "accepted with %u PT_LOAD", info->nr_load);
	FUZZ_ASSERT(!(info->lo & 0xfff) && !(info->hi & 0xfff) && info->lo < info->hi &&
		    info->hi <= USER_END, "span %#lx-%#lx", info->lo, info->hi);
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];

		FUZZ_ASSERT(p->p_type != PT_INTERP, "accepted a PT_INTERP at %u", i);
		if (p->p_type != PT_LOAD)
			continue;
		FUZZ_ASSERT(p->p_offset <= size && p->p_filesz <= size - p->p_offset,
			    "segment %u's file part %#lx+%#lx outside %zu bytes", i,
			    (unsigned long)p->p_offset, (unsigned long)p->p_filesz, size);
		FUZZ_ASSERT(p->p_filesz <= p->p_memsz && p->p_vaddr >= prev_end &&
			    p->p_vaddr >= info->lo && p->p_vaddr + p->p_memsz <= info->hi,
			    "segment %u at %#lx+%#lx", i, (unsigned long)p->p_vaddr,
			    (unsigned long)p->p_memsz);
		prev_end = p->p_vaddr + p->p_memsz;
		entry_in |= eh->e_entry >= p->p_vaddr && eh->e_entry < prev_end;
	}
	FUZZ_ASSERT(entry_in, "entry %#lx in no segment", (unsigned long)eh->e_entry);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr *ph;
	struct elf_info info;
	const char *why = NULL;
	int err;

	memcpy(&eh, data, size < sizeof(eh) ? size : sizeof(eh));
	err = elf_check_header(&eh, size, size, &why);
	FUZZ_ASSERT(err == 0 || (err == -ENOEXEC && why && *why), "header: %d", err);
	if (err)
		return 0;
	FUZZ_ASSERT(eh.e_phoff + eh.e_phnum * sizeof(*ph) <= size, "phdrs past the end");
	ph = malloc(eh.e_phnum * sizeof(*ph));
	memcpy(ph, data + eh.e_phoff, eh.e_phnum * sizeof(*ph));
	why = NULL;
	err = elf_check_phdrs(&eh, ph, size, &info, &why);
	FUZZ_ASSERT(err == 0 || (err == -ENOEXEC && why && *why), "phdrs: %d", err);
	if (!err)
		check_accepted(&eh, ph, size, &info);
	free(ph);
	return 0;
}
