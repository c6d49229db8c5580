/*
 * Loading a static ELF-64 executable into a new address space (Linux 6.1's
 * fs/binfmt_elf.c load_elf_binary and create_elf_tables, and
 * arch/x86/entry/vdso/vma.c map_vdso).
 *
 * Each PT_LOAD becomes a private file mapping at its link address (ET_EXEC)
 * or, for a static-PIE (ET_DYN without PT_INTERP), at a bias chosen top-down
 * in the mmap area, as Linux 6.1 loads an ELF interpreter (its
 * ELF_ET_DYN_BASE, 0x555555554000 without randomisation, is only for PIEs
 * that have an interpreter).  The bss is zeroed anonymous memory; [heap]
 * starts after it.  The top of the stack, as Linux builds it:
 *
 *   0x7ffffffff000  STACK_TOP
 *   ...ff8          8 zero bytes
 *                   the file name (AT_EXECFN), envp's strings, argv's strings
 *                   (16-byte aligned) "x86_64" (AT_PLATFORM), 16 random bytes (AT_RANDOM)
 *                   auxv ... AT_NULL
 *                   NULL, envp[], NULL, argv[]
 *   start_stack ->  argc          (16-byte aligned: the program's first RSP)
 *
 * [vvar] (4 pages) and [vdso] (2 pages) are mapped where Linux maps them,
 * right below mmap_base, so every later mmap lands at Linux's address; they
 * hold no vDSO (there is none yet), so auxv carries AT_IGNORE where Linux has
 * AT_SYSINFO_EHDR: the C library then makes real system calls, and the
 * vector keeps its length, so every stack address matches Linux's too.
 */
#define pr_fmt(fmt) fmt

#include <asm/page.h>
#include <asm/processor.h>
#include <errno.h>
#include <fs/binfmts.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <mm/mmap.h>
#include <mm/slab.h>
#include <uapi/asm/mman.h>
#include <uapi/linux/auxvec.h>
#include <fs/fs.h>
#include <kernel/sched.h>
#include <kernel/signal.h>

#define STACK_EXPAND     (128UL << 10)  /* room below the strings at exec (Linux's stack_expand) */
#define VVAR_PAGES       4              /* Linux 6.1's vvar_mapping on x86-64 */
#define VDSO_PAGES       2              /* its vdso64 image */
#define ELF_PLATFORM     "x86_64"
#define ELF_CLKTCK       100            /* USER_HZ */
#define MINSIGSTKSZ_FX   0x5a0          /* AT_MINSIGSTKSZ for an FXSAVE-only signal frame, as Linux on qemu64 */
#define AUXV_ENTRIES     21             /* the pairs below, AT_NULL included */

#ifndef LAB6_STARTER   /* LAB 6 BEGIN: mapping a PT_LOAD segment */
static unsigned long elf_prot(u32 p_flags)
{
	return (p_flags & PF_R ? PROT_READ : 0) | (p_flags & PF_W ? PROT_WRITE : 0) |
	       (p_flags & PF_X ? PROT_EXEC : 0);
}

/* The file part of one PT_LOAD, then its bss: zero the file page's tail, anonymous pages after. */
static int map_segment(struct linux_binprm *bprm, const Elf64_Phdr *p)
{
	unsigned long addr = bprm->load_bias + p->p_vaddr, start = addr & PAGE_MASK;
	unsigned long file_end = addr + p->p_filesz, mem_end = addr + p->p_memsz;
	unsigned long prot = elf_prot(p->p_flags), r;

	if (p->p_filesz) {
		mmap_write_lock(bprm->mm);
		r = do_mmap(bprm->mm, bprm->file, start, PAGE_ALIGN(file_end) - start, prot,
			    MAP_PRIVATE | MAP_FIXED, (p->p_offset - (addr - start)) >> PAGE_SHIFT);
		mmap_write_unlock(bprm->mm);
		if (IS_ERR_VALUE(r))
			return (int)r;
	}
	if (mem_end <= file_end)
		return 0;
	/* Linux's padzero: the bytes after the file part are the bss, not the file's next bytes */
	if (p->p_filesz && (file_end & ~PAGE_MASK) && (p->p_flags & PF_W) &&
	    clear_user((void __user *)file_end, PAGE_ALIGN(file_end) - file_end))
		return -EFAULT;
	start = p->p_filesz ? PAGE_ALIGN(file_end) : start;
	if (PAGE_ALIGN(mem_end) > start) {
		mmap_write_lock(bprm->mm);
		r = vm_brk_flags(bprm->mm, start, PAGE_ALIGN(mem_end) - start,
				 prot & PROT_EXEC ? VM_EXEC : 0);
		mmap_write_unlock(bprm->mm);
		return (int)r;
	}
	return 0;
}
#else           /* LAB 6 STARTER */
/*
 * TODO (lab 6, exercise 3): map one PT_LOAD segment p of bprm->file into
 * bprm->mm, as Linux's load_elf_binary does with elf_map, padzero and
 * set_brk (fs/binfmt_elf.c).  The segment's bytes go to bprm->load_bias +
 * p->p_vaddr, with the protection its p_flags ask (PF_R, PF_W, PF_X ->
 * PROT_READ, PROT_WRITE, PROT_EXEC):
 *   - the file part (p_filesz bytes from p_offset): a MAP_PRIVATE | MAP_FIXED
 *     file mapping, do_mmap(), of whole pages (mmap maps pages: the start
 *     rounded down, the file offset with it, the end rounded up);
 *   - the bss (p_memsz beyond p_filesz) reads as zero: the tail of the last
 *     file page is the file's next bytes, so clear it (clear_user), and map
 *     anonymous pages after it (vm_brk_flags);
 * each under mmap_write_lock(bprm->mm).  0 or -errno.
 */
static int map_segment(struct linux_binprm *bprm, const Elf64_Phdr *p)
{
	lab_not_implemented(6, "mapping an ELF PT_LOAD segment");
	return 0;               /* nothing mapped: the program dies at its first instruction */
}
#endif          /* LAB 6 END */

/* The code/data bounds /proc/PID/stat shows (Linux's start_code ... end_data). */
static void set_code_data(struct mm_struct *mm, const struct linux_binprm *bprm)
{
	unsigned long start_code = ~0UL, end_code = 0, start_data = 0, end_data = 0;

	for (unsigned int i = 0; i < bprm->ehdr.e_phnum; i++) {
		const Elf64_Phdr *p = &bprm->phdrs[i];
		unsigned long k = p->p_vaddr;

		if (p->p_type != PT_LOAD)
			continue;
		if ((p->p_flags & PF_X) && k < start_code)
			start_code = k;
		if (start_data < k)
			start_data = k;
		k += p->p_filesz;
		if ((p->p_flags & PF_X) && end_code < k)
			end_code = k;
		if (end_data < k)
			end_data = k;
	}
	mm->start_code = start_code + bprm->load_bias;
	mm->end_code = end_code + bprm->load_bias;
	mm->start_data = start_data + bprm->load_bias;
	mm->end_data = end_data + bprm->load_bias;
}

static int map_segments(struct linux_binprm *bprm)
{
	struct mm_struct *mm = bprm->mm;
	int err;

	if (bprm->elf.e_type == ET_DYN) {
		/* a static-PIE is placed as Linux 6.1 places a loader: top-down, mmap area */
		unsigned long base;

		mmap_write_lock(mm);
		base = get_unmapped_area(mm, 0, bprm->elf.hi - bprm->elf.lo, 0);
		mmap_write_unlock(mm);

		if (IS_ERR_VALUE(base))
			return (int)base;
		bprm->load_bias = base - bprm->elf.lo;
	}
	for (unsigned int i = 0; i < bprm->ehdr.e_phnum; i++) {
		if (bprm->phdrs[i].p_type != PT_LOAD)
			continue;
		err = map_segment(bprm, &bprm->phdrs[i]);
		if (err)
			return err;
	}
	set_code_data(mm, bprm);
	mm->start_brk = mm->brk = PAGE_ALIGN(bprm->elf.brk + bprm->load_bias);
	mm->start_brk = mm->brk = arch_randomize_brk(mm);
	bprm->entry = bprm->elf.entry + bprm->load_bias;
	return 0;
}

/* [vvar] then [vdso], below everything mapped so far (Linux's map_vdso). */
static int map_vdso(struct linux_binprm *bprm)
{
	unsigned long len = (VVAR_PAGES + VDSO_PAGES) * PAGE_SIZE, addr;
	int err;

	mmap_write_lock(bprm->mm);
	addr = get_unmapped_area(bprm->mm, 0, len, 0);
	if (IS_ERR_VALUE(addr))
		err = (int)addr;
	else
		err = install_special_mapping(bprm->mm, addr, VVAR_PAGES * PAGE_SIZE,
					      VM_READ | VM_MAYREAD, "[vvar]");
	if (!err)
		err = install_special_mapping(bprm->mm, addr + VVAR_PAGES * PAGE_SIZE,
					      VDSO_PAGES * PAGE_SIZE,
					      VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC,
					      "[vdso]");
	mmap_write_unlock(bprm->mm);
	bprm->vdso = addr + VVAR_PAGES * PAGE_SIZE;
	return err;
}

/* The [stack] VMA with the strings copied to its top (Linux's setup_arg_pages). */
static int setup_arg_pages(struct linux_binprm *bprm)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long p = bprm->stack_top - bprm->strings_len;
	unsigned long start = (p & PAGE_MASK) - STACK_EXPAND;
	unsigned long flags = VM_STACK_FLAGS | (bprm->elf.exec_stack ? VM_EXEC : 0);
	int err;

	mmap_write_lock(mm);
	err = install_special_mapping(mm, start, bprm->stack_top - start, flags, NULL);
	mmap_write_unlock(mm);
	if (err)
		return err;
	if (copy_to_user((void __user *)p, bprm->strings + MAX_ARG_BYTES - bprm->strings_len,
			 bprm->strings_len))
		return -EFAULT;
	bprm->p = p;
	/* the file name sits right below the 8 zero bytes at the top */
	bprm->exec = bprm->stack_top - sizeof(long) - (strlen(bprm->filename) + 1);
	return 0;
}

/* Fill the auxiliary vector in Linux 6.1's order; returns the number of longs used. */
static unsigned int fill_auxv(struct linux_binprm *bprm, unsigned long *v,
			      unsigned long u_rand, unsigned long u_platform)
{
	unsigned int n = 0;
	u32 a, b, c, edx;

#define NEW_AUX_ENT(id, val) do { v[n++] = (id); v[n++] = (val); } while (0)
	cpuid(1, &a, &b, &c, &edx);
	NEW_AUX_ENT(AT_IGNORE, 0);              /* Linux: AT_SYSINFO_EHDR (no vDSO image here) */
	NEW_AUX_ENT(AT_MINSIGSTKSZ, MINSIGSTKSZ_FX);
	NEW_AUX_ENT(AT_HWCAP, edx);
	NEW_AUX_ENT(AT_PAGESZ, PAGE_SIZE);
	NEW_AUX_ENT(AT_CLKTCK, ELF_CLKTCK);
	NEW_AUX_ENT(AT_PHDR, bprm->elf.phdr_vaddr ? bprm->elf.phdr_vaddr + bprm->load_bias : 0);
	NEW_AUX_ENT(AT_PHENT, sizeof(Elf64_Phdr));
	NEW_AUX_ENT(AT_PHNUM, bprm->ehdr.e_phnum);
	NEW_AUX_ENT(AT_BASE, 0);
	NEW_AUX_ENT(AT_FLAGS, 0);
	NEW_AUX_ENT(AT_ENTRY, bprm->entry);
	NEW_AUX_ENT(AT_UID, 0);                 /* everyone is root */
	NEW_AUX_ENT(AT_EUID, 0);
	NEW_AUX_ENT(AT_GID, 0);
	NEW_AUX_ENT(AT_EGID, 0);
	NEW_AUX_ENT(AT_SECURE, 0);
	NEW_AUX_ENT(AT_RANDOM, u_rand);
	NEW_AUX_ENT(AT_HWCAP2, 0);
	NEW_AUX_ENT(AT_EXECFN, bprm->exec);
	NEW_AUX_ENT(AT_PLATFORM, u_platform);
	NEW_AUX_ENT(AT_NULL, 0);
#undef NEW_AUX_ENT
	return n;
}

#ifndef LAB6_STARTER   /* LAB 6 BEGIN: the initial user stack */
/* Write argc, argv[], envp[] pointing at the strings from str (user address) on. */
static int put_pointers(struct linux_binprm *bprm, unsigned long __user *sp, unsigned long str)
{
	const char *k = bprm->strings + MAX_ARG_BYTES - bprm->strings_len;
	struct mm_struct *mm = bprm->mm;

	if (put_user((unsigned long)bprm->argc, sp++))
		return -EFAULT;
	mm->arg_start = str;
	for (int i = 0; i < bprm->argc + 1 + bprm->envc; i++) {
		if (i == bprm->argc) {
			mm->arg_end = mm->env_start = str;
			if (put_user(0UL, sp++))
				return -EFAULT;
			continue;
		}
		if (put_user(str, sp++))
			return -EFAULT;
		str += strlen(k + (str - bprm->p)) + 1;
	}
	mm->env_end = str;
	return put_user(0UL, sp) ? -EFAULT : 0;
}

/* Linux's create_elf_tables: platform string, random bytes, auxv, pointers, argc. */
static int create_elf_tables(struct linux_binprm *bprm)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long p = bprm->p, u_platform, u_rand, rnd[2], *auxv = mm->saved_auxv;
	unsigned int nwords, items = (bprm->argc + 1) + (bprm->envc + 1) + 1;

	if (mm_randomize_va_space())
		p -= mm_random_long() % 8192;   /* Linux's arch_align_stack */
	p &= ~15UL;
	p -= sizeof(ELF_PLATFORM);
	u_platform = p;
	rnd[0] = mm_random_long();
	rnd[1] = mm_random_long();
	p -= sizeof(rnd);
	u_rand = p;
	if (copy_to_user((void __user *)u_platform, ELF_PLATFORM, sizeof(ELF_PLATFORM)) ||
	    copy_to_user((void __user *)u_rand, rnd, sizeof(rnd)))
		return -EFAULT;
	BUILD_BUG_ON(2 * AUXV_ENTRIES > ARRAY_SIZE(mm->saved_auxv));
	memset(mm->saved_auxv, 0, sizeof(mm->saved_auxv));
	nwords = fill_auxv(bprm, auxv, u_rand, u_platform);
	p -= nwords * sizeof(long);
	p = (p - items * sizeof(long)) & ~15UL;         /* Linux's STACK_ROUND */
	mm->start_stack = p;
	if (put_pointers(bprm, (unsigned long __user *)p, bprm->p))
		return -EFAULT;
	if (copy_to_user((void __user *)(p + items * sizeof(long)), auxv, nwords * sizeof(long)))
		return -EFAULT;
	bprm->p = p;
	return 0;
}
#else           /* LAB 6 STARTER */
/*
 * TODO (lab 6, exercise 2): below the strings that setup_arg_pages copied to
 * the top of the stack (they start at bprm->p: argv's, then envp's, then
 * the file name), build what the program's _start finds at its first RSP,
 * as Linux's create_elf_tables (fs/binfmt_elf.c) and the diagram at the top
 * of this file: from bprm->p down,
 *   - (if mm_randomize_va_space(): minus mm_random_long() % 8192), round
 *     down to 16 bytes, then the string "x86_64" (AT_PLATFORM) and 16
 *     random bytes (AT_RANDOM; two mm_random_long()s) below it;
 *   - the auxiliary vector: fill_auxv() fills mm->saved_auxv (zero it
 *     first) and says how many longs it used;
 *   - below the auxv: argc, argv[0..argc-1], NULL, envp[0..envc-1], NULL,
 *     the pointers being the user addresses of the strings at bprm->p on
 *     (each string's length from the kernel copy, bprm->strings +
 *     MAX_ARG_BYTES - bprm->strings_len); argc's address, the new
 *     bprm->p and mm->start_stack, 16-byte aligned (Linux's STACK_ROUND);
 *   - mm->arg_start, arg_end, env_start, env_end: where argv's and envp's
 *     strings begin and end (what /proc/PID/cmdline and environ read).
 * copy_to_user and put_user write the user stack (they fault its pages in).
 * 0 or -EFAULT.
 */
static int create_elf_tables(struct linux_binprm *bprm)
{
	(void)fill_auxv;                /* yours to call */
	lab_not_implemented(6, "building the initial user stack (argc, argv, envp, auxv)");
	return -ENOSYS;
}
#endif          /* LAB 6 END */

int load_elf_binary(struct linux_binprm *bprm)
{
	int err;

	err = setup_arg_pages(bprm);
	if (!err)
		err = map_segments(bprm);
	if (!err)
		err = map_vdso(bprm);
	if (!err)
		err = create_elf_tables(bprm);
	if (err)
		pr_info("exec %s: could not build the address space (error %d)\n", bprm->filename, err);
	return err;
}

int elf_read_headers(struct linux_binprm *bprm)
{
	struct inode *inode = bprm->file->f_inode;
	u64 size = inode ? (u64)inode->i_size : 0;
	size_t phsize;
	const char *why = NULL;
	loff_t pos = 0;
	long n;
	int err;

	n = kernel_read(bprm->file, &bprm->ehdr, sizeof(bprm->ehdr), &pos);
	if (n < 0)
		return (int)n;
	err = elf_check_header(&bprm->ehdr, n, size, &why);
	if (err)
		goto refuse;
	phsize = bprm->ehdr.e_phnum * sizeof(Elf64_Phdr);
	bprm->phdrs = kmalloc(phsize, GFP_KERNEL);
	if (!bprm->phdrs)
		return -ENOMEM;
	pos = bprm->ehdr.e_phoff;
	n = kernel_read(bprm->file, bprm->phdrs, phsize, &pos);
	if (n < 0)
		return (int)n;
	if ((size_t)n != phsize) {
		why = "truncated: the program headers could not be read whole";
		err = -ENOEXEC;
		goto refuse;
	}
	err = elf_check_phdrs(&bprm->ehdr, bprm->phdrs, size, &bprm->elf, &why);
	if (!err)
		return 0;
refuse:
	pr_info("exec %s: %s: -ENOEXEC\n", bprm->filename, why);
	return err;
}
