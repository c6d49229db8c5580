/*
 * Checking an ELF-64 executable before anything of it is mapped (the checks
 * of Linux's fs/binfmt_elf.c load_elf_binary and elf_read_implies_exec,
 * stricter where a teaching kernel can afford it).  A file that fails is
 * refused with -ENOEXEC and one sentence saying why; nothing here trusts a
 * number from the file without checking it against the file's size and the
 * user half.
 *
 * Pure code: no allocation, no I/O, so it is built on the host too, tested
 * (tests/host/test_elf.c) and fuzzed (tests/fuzz/elf.c).
 */
#include <errno.h>
#include <fs/binfmts.h>
#include <kernel/string.h>

#define ELF_PAGE_SIZE   4096UL
#define ELF_USER_END    0x00007ffffffff000UL    /* TASK_SIZE */
#define ELF_MAX_PHNUM   (65536U / sizeof(Elf64_Phdr))   /* Linux's limit: 64 KiB of headers */

static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -ENOEXEC;
}

int elf_check_header(const void *buf, size_t len, u64 file_size, const char **why)
{
	const Elf64_Ehdr *eh = buf;

	if (len < sizeof(*eh) || file_size < sizeof(*eh))
		return refuse(why, "truncated: shorter than an ELF header");
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return refuse(why, "not an ELF file (no \\177ELF at the start)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return refuse(why, "not a 64-bit ELF file");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return refuse(why, "not a little-endian ELF file");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return refuse(why, "unknown ELF version");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return refuse(why, "not an executable (e_type is neither ET_EXEC nor ET_DYN)");
	if (eh->e_machine != EM_X86_64)
		return refuse(why, "built for another machine (e_machine is not x86-64)");
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return refuse(why, "program header size is not 56");
	if (eh->e_phnum < 1 || eh->e_phnum > ELF_MAX_PHNUM)
		return refuse(why, "no program headers, or too many");
	if (eh->e_phoff > file_size || file_size - eh->e_phoff < (u64)eh->e_phnum * sizeof(Elf64_Phdr))
		return refuse(why, "truncated: the program headers run past the end of the file");
	return 0;
}

/* Check one PT_LOAD against the file and the segment before it (prev_end). */
static int check_load(const Elf64_Phdr *p, u64 file_size, unsigned long prev_end,
		      const char **why)
{
	if (p->p_filesz > p->p_memsz)
		return refuse(why, "a segment's file size exceeds its memory size");
	if (p->p_offset > file_size || file_size - p->p_offset < p->p_filesz)
		return refuse(why, "truncated: a segment runs past the end of the file");
	if ((p->p_vaddr - p->p_offset) & (ELF_PAGE_SIZE - 1))
		return refuse(why, "a segment's address and file offset differ modulo the page size");
	if (p->p_vaddr >= ELF_USER_END || p->p_memsz > ELF_USER_END - p->p_vaddr)
		return refuse(why, "a segment is huge: it does not fit in the user half");
	if (p->p_vaddr < prev_end)
		return refuse(why, "segments overlap or are out of order");
	return 0;
}

/* Where the program headers lie in memory: in the PT_LOAD whose file part holds them. */
static unsigned long phdr_address(const Elf64_Ehdr *eh, const Elf64_Phdr *ph)
{
	for (unsigned int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			return ph[i].p_vaddr;
	for (unsigned int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff - ph[i].p_offset < ph[i].p_filesz)
			return eh->e_phoff - ph[i].p_offset + ph[i].p_vaddr;
	return 0;
}

int elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, u64 file_size,
		    struct elf_info *info, const char **why)
{
	unsigned long prev_end = 0;
	bool entry_ok = false;

	memset(info, 0, sizeof(*info));
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		int err;

		if (p->p_type == PT_INTERP)
			return refuse(why, "dynamically linked (PT_INTERP): only static executables run here");
		if (p->p_type == PT_GNU_STACK)
			info->exec_stack = p->p_flags & PF_X;
		if (p->p_type != PT_LOAD)
			continue;
		err = check_load(p, file_size, prev_end, why);
		if (err)
			return err;
		if (!info->nr_load++)
			info->lo = p->p_vaddr & ~(ELF_PAGE_SIZE - 1);
		prev_end = p->p_vaddr + p->p_memsz;
		info->hi = (prev_end + ELF_PAGE_SIZE - 1) & ~(ELF_PAGE_SIZE - 1);
		info->bss = p->p_vaddr + p->p_filesz;
		info->brk = prev_end;
		if (eh->e_entry >= p->p_vaddr && eh->e_entry - p->p_vaddr < p->p_memsz)
			entry_ok = true;
	}
	if (!info->nr_load)
		return refuse(why, "no loadable segment");
	if (!entry_ok)
		return refuse(why, "the entry point lies outside every segment");
	info->e_type = eh->e_type;
	info->entry = eh->e_entry;
	info->phdr_vaddr = phdr_address(eh, ph);
	return 0;
}
