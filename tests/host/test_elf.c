/*
 * Host tests of fs/elf_check.c (include/fs/binfmts.h): a good static
 * executable and a good static-PIE pass with the right elf_info (span,
 * entry, AT_PHDR's address, bss and brk, an executable stack asked for);
 * every kind of bad file (truncated, another machine or class, wrong
 * header sizes, segments outside the file, misaligned, overlapping or out of
 * order, huge, no PT_LOAD, the entry outside, dynamically linked) is
 * -ENOEXEC with the reason the kernel prints.
 */
#include <errno.h>
#include <string.h>

#include <fs/binfmts.h>

#include "hosttest.h"

#define FILE_SIZE 0x3000

static union {
	Elf64_Ehdr eh;
	unsigned char bytes[FILE_SIZE];
} img;

static Elf64_Phdr *ph(int i)
{
	return (Elf64_Phdr *)(img.bytes + img.eh.e_phoff) + i;
}

static void set_ph(int i, unsigned int type, unsigned int flags, unsigned long off,
		   unsigned long vaddr, unsigned long filesz, unsigned long memsz)
{
	*ph(i) = (Elf64_Phdr){ type, flags, off, vaddr, vaddr, filesz, memsz, 0x1000 };
}

/* musl-gcc -static's shape: headers r--, text r-x, data rw- with a bss, GNU_STACK. */
static void good(unsigned int type, unsigned long base)
{
	memset(&img, 0, sizeof(img));
	memcpy(img.eh.e_ident, ELFMAG, SELFMAG);
	img.eh.e_ident[EI_CLASS] = ELFCLASS64;
	img.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	img.eh.e_ident[EI_VERSION] = EV_CURRENT;
	img.eh.e_type = type;
	img.eh.e_machine = EM_X86_64;
	img.eh.e_version = EV_CURRENT;
	img.eh.e_entry = base + 0x1010;
	img.eh.e_phoff = sizeof(Elf64_Ehdr);
	img.eh.e_phentsize = sizeof(Elf64_Phdr);
	img.eh.e_phnum = 4;
	set_ph(0, PT_LOAD, PF_R, 0, base, 0x200, 0x200);
	set_ph(1, PT_LOAD, PF_R | PF_X, 0x1000, base + 0x1000, 0x800, 0x800);
	set_ph(2, PT_LOAD, PF_R | PF_W, 0x2008, base + 0x2008, 0x100, 0x3000);
	set_ph(3, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
}

/* The check's answer for the image; *why for the caller. */
static int check(struct elf_info *info, const char **why)
{
	int err = elf_check_header(&img, sizeof(img), FILE_SIZE, why);

	if (!err)
		err = elf_check_phdrs(&img.eh, ph(0), FILE_SIZE, info, why);
	return err;
}

static bool refused_with(const char *reason)
{
	struct elf_info info;
	const char *why = NULL;
	int err = check(&info, &why);

	return CHECK_EQ_INT(err, -ENOEXEC) && CHECK(why != NULL) && CHECK_STR(why, reason);
}

TEST(elf_static_executable_passes)
{
	struct elf_info info;
	const char *why = NULL;

	good(ET_EXEC, 0x400000);
	CHECK_EQ_INT(check(&info, &why), 0);
	CHECK(why == NULL);
	CHECK_EQ_INT(info.e_type, ET_EXEC);
	CHECK_EQ_U64(info.entry, 0x401010);
	CHECK_EQ_U64(info.lo, 0x400000);
	CHECK_EQ_U64(info.hi, 0x406000);
	CHECK_EQ_U64(info.phdr_vaddr, 0x400040);       /* inside the first segment's file part */
	CHECK_EQ_U64(info.bss, 0x402108);
	CHECK_EQ_U64(info.brk, 0x405008);
	CHECK_EQ_INT(info.nr_load, 3);
	CHECK(!info.exec_stack);
}

TEST(elf_static_pie_and_pt_phdr)
{
	struct elf_info info;
	const char *why;

	good(ET_DYN, 0);
	ph(3)->p_flags |= PF_X;                         /* asks for an executable stack */
	CHECK_EQ_INT(check(&info, &why), 0);
	CHECK_EQ_INT(info.e_type, ET_DYN);
	CHECK_EQ_U64(info.lo, 0);
	CHECK_EQ_U64(info.hi, 0x6000);
	CHECK(info.exec_stack);
	set_ph(3, PT_PHDR, PF_R, 0x40, 0x40, 0xe0, 0xe0);
	CHECK_EQ_INT(check(&info, &why), 0);
	CHECK_EQ_U64(info.phdr_vaddr, 0x40);
}

TEST(elf_header_refusals)
{
	good(ET_EXEC, 0x400000);
	img.bytes[1] = 'X';
	refused_with("not an ELF file (no \\177ELF at the start)");
	good(ET_EXEC, 0x400000);
	img.eh.e_ident[EI_CLASS] = 1;
	refused_with("not a 64-bit ELF file");
	good(ET_EXEC, 0x400000);
	img.eh.e_ident[EI_DATA] = 2;
	refused_with("not a little-endian ELF file");
	good(ET_EXEC, 0x400000);
	img.eh.e_version = 0;
	refused_with("unknown ELF version");
	good(ET_EXEC, 0x400000);
	img.eh.e_type = 1;                              /* ET_REL: an object file */
	refused_with("not an executable (e_type is neither ET_EXEC nor ET_DYN)");
	good(ET_EXEC, 0x400000);
	img.eh.e_machine = 183;                         /* AArch64 */
	refused_with("built for another machine (e_machine is not x86-64)");
	good(ET_EXEC, 0x400000);
	img.eh.e_phentsize = 32;
	refused_with("program header size is not 56");
	good(ET_EXEC, 0x400000);
	img.eh.e_phnum = 0;
	refused_with("no program headers, or too many");
	good(ET_EXEC, 0x400000);
	img.eh.e_phoff = FILE_SIZE - 100;
	refused_with("truncated: the program headers run past the end of the file");
	good(ET_EXEC, 0x400000);
	img.eh.e_phoff = ~0UL - 8;                      /* wraps */
	refused_with("truncated: the program headers run past the end of the file");
}

TEST(elf_truncated_header)
{
	const char *why = NULL;

	good(ET_EXEC, 0x400000);
	CHECK_EQ_INT(elf_check_header(&img, 63, FILE_SIZE, &why), -ENOEXEC);
	CHECK_STR(why, "truncated: shorter than an ELF header");
	CHECK_EQ_INT(elf_check_header(&img, 64, 10, &why), -ENOEXEC);
}

TEST(elf_segment_refusals)
{
	good(ET_EXEC, 0x400000);
	ph(2)->p_filesz = 0x4000;
	refused_with("a segment's file size exceeds its memory size");
	good(ET_EXEC, 0x400000);
	ph(2)->p_filesz = 0x1000;                       /* 0x2008 + 0x1000 > 0x3000 */
	refused_with("truncated: a segment runs past the end of the file");
	good(ET_EXEC, 0x400000);
	ph(2)->p_offset = ~0UL - 0x10;
	refused_with("truncated: a segment runs past the end of the file");
	good(ET_EXEC, 0x400000);
	ph(2)->p_vaddr += 8;
	refused_with("a segment's address and file offset differ modulo the page size");
	good(ET_EXEC, 0x400000);
	ph(2)->p_memsz = 0x00007ffffffff000UL;
	refused_with("a segment is huge: it does not fit in the user half");
	good(ET_EXEC, 0x400000);
	ph(2)->p_vaddr = ph(2)->p_paddr = 0xffffffff80002008UL;        /* the kernel's half */
	refused_with("a segment is huge: it does not fit in the user half");
	good(ET_EXEC, 0x400000);
	ph(1)->p_vaddr = 0x400000 + 0x1000 - 0x1000 + 0x0;             /* onto the headers */
	ph(1)->p_offset = 0;
	refused_with("segments overlap or are out of order");
	good(ET_EXEC, 0x400000);
	set_ph(0, PT_NOTE, PF_R, 0, 0, 0, 0);
	set_ph(1, PT_NOTE, PF_R, 0, 0, 0, 0);
	set_ph(2, PT_NOTE, PF_R, 0, 0, 0, 0);
	refused_with("no loadable segment");
	good(ET_EXEC, 0x400000);
	img.eh.e_entry = 0x300000;
	refused_with("the entry point lies outside every segment");
	good(ET_EXEC, 0x400000);
	set_ph(3, PT_INTERP, PF_R, 0x100, 0x400100, 0x1c, 0x1c);
	refused_with("dynamically linked (PT_INTERP): only static executables run here");
}

TEST(elf_entry_in_bss_is_inside)
{
	struct elf_info info;
	const char *why;

	good(ET_EXEC, 0x400000);
	img.eh.e_entry = 0x405000;                      /* memsz, not filesz, bounds a segment */
	CHECK_EQ_INT(check(&info, &why), 0);
	img.eh.e_entry = 0x405008;
	CHECK_EQ_INT(check(&info, &why), -ENOEXEC);
}
