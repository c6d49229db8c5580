/*
 * Running a program: exec and the ELF loader (Linux's include/linux/binfmts.h
 * and fs/binfmt_elf.c).
 *
 *   kernel_execve / do_execve      (fs/exec.c) open the file, copy argv and
 *                                  envp, build a new mm, switch to it, set
 *                                  the registers for user mode
 *   elf_check_header/elf_check_phdrs  (fs/elf_check.c) pure validation of an
 *                                  ELF-64 static executable; host-tested and
 *                                  fuzzed: a bad file is -ENOEXEC with a reason
 *   load_elf_binary                (fs/binfmt_elf.c) the segments, bss, brk,
 *                                  [stack] with argv/envp/auxv, [vvar]/[vdso]
 */
#ifndef ATLAS_FS_BINFMTS_H
#define ATLAS_FS_BINFMTS_H

#include <kernel/compiler.h>
#include <kernel/types.h>
#include <uapi/linux/elf.h>

struct file;
struct mm_struct;

#define BINPRM_BUF_SIZE  256            /* the first bytes of the file (Linux's) */
#define MAX_ARG_STRLEN   (32 * 4096)    /* one argument or variable, Linux's limit */
#define MAX_ARG_BYTES    (256 * 1024)   /* all strings together (Linux: 1/4 of the stack rlimit) */
#define MAX_ARG_STRINGS  0x7fffffff

/* What the pure checks learnt about an ELF file. */
struct elf_info {
	unsigned int e_type;            /* ET_EXEC or ET_DYN (static-PIE) */
	unsigned long entry;            /* e_entry, before the load bias */
	unsigned long lo, hi;           /* page-aligned span of the PT_LOAD segments */
	unsigned long phdr_vaddr;       /* where the program headers are in memory (AT_PHDR - bias), 0 if not */
	unsigned int nr_load;           /* PT_LOAD segments */
	bool exec_stack;                /* PT_GNU_STACK asks for an executable stack */
	unsigned long brk;              /* end of the highest segment's memory (its bss) */
	unsigned long bss;              /* end of the highest segment's file part */
};

/*
 * Check an ELF header (len bytes read from a file of file_size bytes):
 * 64-bit, little-endian, ET_EXEC or ET_DYN, x86-64, program headers of the
 * right size inside the file.  0, or -ENOEXEC with *why saying why in words.
 */
int elf_check_header(const void *buf, size_t len, u64 file_size, const char **why);

/*
 * Check the program headers (eh already passed elf_check_header): PT_LOAD
 * segments inside the file, file size <= memory size, offset and address
 * congruent modulo the page, ascending and not overlapping, inside the user
 * half; at least one; the entry point inside one; no PT_INTERP (static
 * executables only).  Fills *info.  0, or -ENOEXEC with *why.
 */
int elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, u64 file_size,
		    struct elf_info *info, const char **why);

/* An exec in progress (Linux's struct linux_binprm, the fields Atlas uses). */
struct linux_binprm {
	struct file *file;
	const char *filename;           /* as given: AT_EXECFN, comm */
	struct mm_struct *mm;           /* the new address space */
	Elf64_Ehdr ehdr;
	Elf64_Phdr *phdrs;              /* kmalloc'd */
	struct elf_info elf;
	/*
	 * The strings as they will lie at the top of the stack (Linux's order:
	 * 8 zero bytes at the very top, the file name below them, then envp's
	 * strings, then argv's, argv[0] lowest): strings[strings_size - len ..].
	 */
	char *strings;                  /* MAX_ARG_BYTES, vmalloc'd */
	unsigned long strings_len;      /* bytes used, from the end */
	int argc, envc;
	unsigned long stack_top;        /* STACK_TOP, or lower when randomised */
	unsigned long p;                /* the stack pointer as exec builds the stack */
	unsigned long exec;             /* AT_EXECFN's address */
	unsigned long load_bias;        /* 0 for ET_EXEC */
	unsigned long entry;            /* where the program starts (bias added) */
	unsigned long vdso;             /* the [vdso] mapping's address */
};

/*
 * Build bprm->mm from bprm->file: the segments, bss and brk, the stack with
 * the strings, argv/envp pointers and auxv, the [vvar]/[vdso] pages.  The new
 * mm must be loaded on this CPU (switch_mm): the stack is written through
 * copy_to_user.  0 or -errno; bprm->entry and bprm->p are the new RIP/RSP.
 */
int load_elf_binary(struct linux_binprm *bprm);

/* Read the ELF and program headers of bprm->file and check them: 0 or -ENOEXEC / -EIO. */
int elf_read_headers(struct linux_binprm *bprm);

/* A bprm for filename with the caller's reference to file (free_bprm drops it), or NULL. */
struct linux_binprm *alloc_bprm(const char *filename, struct file *file);
void free_bprm(struct linux_binprm *bprm);
/* Copy the file name, envp and argv (kernel strings) to the top of bprm's strings: 0 or -E2BIG. */
int bprm_copy_kernel_args(struct linux_binprm *bprm, const char *const *argv,
			  const char *const *envp);

/*
 * Run filename in the calling task (kernel pointers: init=, the monitor's
 * run).  0 on success: the task returns to user mode in the new program.
 */
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp);
/* The same with argv/envp from user space (execve(2); filename already copied in). */
int do_execve(const char *filename, const char __user *const __user *argv,
	      const char __user *const __user *envp);

#endif
