/*
 * exec suite: the ELF loader on a small static executable made by the test
 * in memory (three PT_LOAD segments and a bss, as musl-gcc -static lays
 * them out), served by a file of the test's own.  The new address space is
 * checked as a process would see it: /proc/PID/maps, the bss zeroed, and the
 * stack byte for byte at Linux 6.1's addresses for the same argv and envp
 * (argc at 0x7fffffffede0, argv[0] at 0x7fffffffefa7, AT_RANDOM at
 * 0x7fffffffef89, the auxv in Linux's order).  Bad files: -ENOEXEC.
 */
#include <errno.h>
#include <fs/binfmts.h>
#include <fs/fs.h>
#include <kernel/kunit.h>
#include <kernel/seq_file.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <mm/mmap.h>
#include <mm/slab.h>
#include <uapi/linux/auxvec.h>

#define IMG_SIZE  0x2100
#define PHNUM     4

static u8 image[IMG_SIZE];
static struct super_block img_sb = { .s_dev = MKDEV(0, 2) };
static struct inode img_inode = { .i_mode = S_IFREG | 0755, .i_ino = 17, .i_size = IMG_SIZE,
				  .i_sb = &img_sb };

static long img_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	(void)f;
	if (*pos >= img_inode.i_size)
		return 0;
	if (count > (size_t)(img_inode.i_size - *pos))
		count = img_inode.i_size - *pos;
	memcpy(buf, image + *pos, count);
	*pos += count;
	return count;
}

static const struct file_operations img_fops = { .read = img_read };
static struct file img_file;

static void phdr(int i, u32 type, u32 flags, u64 off, u64 vaddr, u64 filesz, u64 memsz)
{
	Elf64_Phdr *p = (Elf64_Phdr *)(image + sizeof(Elf64_Ehdr)) + i;

	*p = (Elf64_Phdr){ .p_type = type, .p_flags = flags, .p_offset = off, .p_vaddr = vaddr,
			   .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz, .p_align = 0x1000 };
}

/* The executable: headers at 0x400000, code at 0x401000, data + bss from 0x402010. */
static void make_image(unsigned int type, unsigned long base)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;

	memset(image, 0, sizeof(image));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = type;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = base + 0x1000;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = PHNUM;
	phdr(0, PT_LOAD, PF_R, 0, base, 0x120, 0x120);
	phdr(1, PT_LOAD, PF_R | PF_X, 0x1000, base + 0x1000, 0x20, 0x20);
	phdr(2, PT_LOAD, PF_R | PF_W, 0x2010, base + 0x2010, 0x30, 0x1100);
	phdr(3, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	memset(image + 0x1000, 0x90, 0x20);             /* nops */
	memset(image + 0x2010, 0xaa, 0x30);             /* initialised data */
	memset(image + 0x2040, 0xee, 0xc0);             /* after it: not the program's */
	img_inode.i_size = IMG_SIZE;
}

static const char *const test_argv[] = { "/user/maps", NULL };
static const char *const test_envp[] = {
	"SHLVL=1", "HOME=/", "TERM=linux", "PATH=/bin", "CONSOLE=/dev/tty", "PWD=/", NULL
};

struct exec_ctx {
	struct linux_binprm *bprm;
};

static int exec_init(struct kunit *test)
{
	struct exec_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);

	test->priv = c;
	memset(&img_file, 0, sizeof(img_file));
	img_file.f_inode = &img_inode;
	img_file.f_op = &img_fops;
	img_file.f_count = 1000;        /* the test owns it: no fput may free it */
	img_file.f_mode = FMODE_READ;   /* kernel_read checks it */
	make_image(ET_EXEC, 0x400000);
	return c ? 0 : -ENOMEM;
}

static void exec_exit(struct kunit *test)
{
	struct exec_ctx *c = test->priv;

	kthread_unuse_mm(NULL);
	if (c && c->bprm) {
		if (c->bprm->mm)
			mmput(c->bprm->mm);
		c->bprm->file = NULL;   /* the test's own */
		free_bprm(c->bprm);
	}
	kfree(c);
}

/* What exec_binprm does, short of giving the mm to a task: 0 or -errno. */
static int load(struct kunit *test)
{
	struct exec_ctx *c = test->priv;
	struct linux_binprm *bprm = alloc_bprm("/user/maps", &img_file);
	int err;

	c->bprm = bprm;
	if (!bprm)
		return -ENOMEM;
	err = bprm_copy_kernel_args(bprm, test_argv, test_envp);
	if (!err)
		err = elf_read_headers(bprm);
	if (err)
		return err;
	bprm->mm = mm_alloc();
	if (!bprm->mm)
		return -ENOMEM;
	arch_pick_mmap_layout(bprm->mm);
	bprm->stack_top = randomize_stack_top(STACK_TOP);
	kthread_use_mm(bprm->mm);
	return load_elf_binary(bprm);
}

static unsigned long user_long(unsigned long addr)
{
	unsigned long v = 0xdead;

	get_user(v, (unsigned long __user *)addr);
	return v;
}

static void exec_maps_match_linux_layout(struct kunit *test)
{
	static char buf[2048];
	struct seq_file m;

	KUNIT_ASSERT_EQ(test, load(test), 0);
	seq_file_init(&m, buf, sizeof(buf) - 1);
	show_mm_maps(&m, ((struct exec_ctx *)test->priv)->bprm->mm);
	buf[m.count] = '\0';
	/* a file of the test's own has no dentry, so no path: "?" */
	KUNIT_EXPECT_STREQ(test, buf,
		"00400000-00401000 r--p 00000000 00:02 17                                 ?\n"
		"00401000-00402000 r-xp 00001000 00:02 17                                 ?\n"
		"00402000-00403000 rw-p 00002000 00:02 17                                 ?\n"
		"00403000-00404000 rw-p 00000000 00:00 0                                  [heap]\n"
		"7ffff7ff9000-7ffff7ffd000 r--p 00000000 00:00 0                          [vvar]\n"
		"7ffff7ffd000-7ffff7fff000 r-xp 00000000 00:00 0                          [vdso]\n"
		"7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n");
}

static void exec_segments_hold_the_file_and_a_zeroed_bss(struct kunit *test)
{
	struct mm_struct *mm;
	u8 b = 0;

	KUNIT_ASSERT_EQ(test, load(test), 0);
	mm = ((struct exec_ctx *)test->priv)->bprm->mm;
	KUNIT_EXPECT_EQ(test, get_user(b, (u8 __user *)0x401000), 0);
	KUNIT_EXPECT_EQ(test, b, 0x90);
	KUNIT_EXPECT_EQ(test, get_user(b, (u8 __user *)0x40203f), 0);
	KUNIT_EXPECT_EQ(test, b, 0xaa);
	KUNIT_EXPECT_EQ(test, get_user(b, (u8 __user *)0x402040), 0);      /* bss: padzero */
	KUNIT_EXPECT_EQ(test, b, 0);
	KUNIT_EXPECT_EQ(test, user_long(0x402ff8), 0);
	KUNIT_EXPECT_EQ(test, user_long(0x403100), 0);                      /* bss page */
	KUNIT_EXPECT_EQ(test, put_user(1, (u8 __user *)0x401000), -EFAULT); /* text is r-x */
	KUNIT_EXPECT_EQ(test, mm->start_brk, 0x404000);
	KUNIT_EXPECT_EQ(test, mm->brk, 0x404000);
	KUNIT_EXPECT_EQ(test, mm->start_code, 0x401000);
	KUNIT_EXPECT_EQ(test, mm->end_code, 0x401020);
	KUNIT_EXPECT_EQ(test, mm->end_data, 0x402040);
	KUNIT_EXPECT_EQ(test, ((struct exec_ctx *)test->priv)->bprm->entry, 0x401000);
	/* brk grows a [heap] VMA of its own above the bss one, as in Linux */
	mmap_write_lock(mm);
	KUNIT_EXPECT_EQ(test, do_brk(mm, 0x406000), 0x406000);
	mmap_write_unlock(mm);
	KUNIT_EXPECT_EQ(test, find_vma(mm, 0x404000)->vm_start, 0x404000);
	KUNIT_EXPECT_EQ(test, find_vma(mm, 0x403000)->vm_end, 0x404000);
}

static void exec_stack_matches_linux_byte_for_byte(struct kunit *test)
{
	static const unsigned long auxv_types[] = {
		AT_IGNORE, AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR, AT_PHENT,
		AT_PHNUM, AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID,
		AT_SECURE, AT_RANDOM, AT_HWCAP2, AT_EXECFN, AT_PLATFORM, AT_NULL,
	};
	unsigned long sp, auxv;
	struct mm_struct *mm;
	char s[16];

	KUNIT_ASSERT_EQ(test, load(test), 0);
	mm = ((struct exec_ctx *)test->priv)->bprm->mm;
	sp = ((struct exec_ctx *)test->priv)->bprm->p;
	KUNIT_EXPECT_EQ(test, sp, 0x7fffffffede0UL);
	KUNIT_EXPECT_EQ(test, mm->start_stack, sp);
	KUNIT_EXPECT_EQ(test, user_long(sp), 1);                            /* argc */
	KUNIT_EXPECT_EQ(test, user_long(sp + 8), 0x7fffffffefa7UL);         /* argv[0] */
	KUNIT_EXPECT_EQ(test, user_long(sp + 16), 0);
	KUNIT_EXPECT_EQ(test, user_long(sp + 24), 0x7fffffffefb2UL);        /* envp[0], SHLVL=1 */
	KUNIT_EXPECT_EQ(test, user_long(sp + 24 + 4 * 8), 0x7fffffffefd6UL);
	KUNIT_EXPECT_EQ(test, user_long(sp + 24 + 5 * 8), 0x7fffffffefe7UL);        /* PWD=/ */
	KUNIT_EXPECT_EQ(test, user_long(sp + 24 + 6 * 8), 0);
	KUNIT_ASSERT_EQ(test, strncpy_from_user(s, (const char __user *)0x7fffffffefe7UL, sizeof(s)), 5);
	KUNIT_EXPECT_STREQ(test, s, "PWD=/");
	auxv = sp + 24 + 7 * 8;
	for (size_t i = 0; i < ARRAY_SIZE(auxv_types); i++)
		KUNIT_EXPECT_EQ(test, user_long(auxv + 16 * i), auxv_types[i]);
	KUNIT_EXPECT_EQ(test, user_long(auxv + 16 * 1 + 8), 0x5a0);         /* AT_MINSIGSTKSZ */
	KUNIT_EXPECT_EQ(test, user_long(auxv + 16 * 5 + 8), 0x400040);      /* AT_PHDR */
	KUNIT_EXPECT_EQ(test, user_long(auxv + 16 * 7 + 8), PHNUM);
	KUNIT_EXPECT_EQ(test, user_long(auxv + 16 * 10 + 8), 0x401000);     /* AT_ENTRY */
	KUNIT_EXPECT_EQ(test, user_long(auxv + 16 * 16 + 8), 0x7fffffffef89UL);     /* AT_RANDOM */
	KUNIT_EXPECT_EQ(test, user_long(auxv + 16 * 18 + 8), 0x7fffffffefedUL);     /* AT_EXECFN */
	KUNIT_EXPECT_EQ(test, user_long(auxv + 16 * 19 + 8), 0x7fffffffef99UL);     /* AT_PLATFORM */
	KUNIT_ASSERT_EQ(test, strncpy_from_user(s, (const char __user *)0x7fffffffef99UL, sizeof(s)), 6);
	KUNIT_EXPECT_STREQ(test, s, "x86_64");
	KUNIT_ASSERT_EQ(test, strncpy_from_user(s, (const char __user *)0x7fffffffefedUL, sizeof(s)), 10);
	KUNIT_EXPECT_STREQ(test, s, "/user/maps");
	KUNIT_EXPECT_EQ(test, user_long(0x7fffffffeff8UL), 0);
	KUNIT_EXPECT_EQ(test, mm->arg_start, 0x7fffffffefa7UL);
	KUNIT_EXPECT_EQ(test, mm->env_start, 0x7fffffffefb2UL);
	KUNIT_EXPECT_EQ(test, mm->env_end, 0x7fffffffefedUL);
	KUNIT_EXPECT_EQ(test, mm->saved_auxv[2 * 16], AT_RANDOM);
}

static void exec_static_pie_goes_below_mmap_base(struct kunit *test)
{
	struct linux_binprm *bprm;

	make_image(ET_DYN, 0);
	KUNIT_ASSERT_EQ(test, load(test), 0);
	bprm = ((struct exec_ctx *)test->priv)->bprm;
	/* Linux 6.1 maps a static-PIE as a loader: its 4 pages right under mmap_base */
	KUNIT_EXPECT_EQ(test, bprm->load_bias, 0x7ffff7ffb000UL);
	KUNIT_EXPECT_EQ(test, bprm->entry, 0x7ffff7ffc000UL);
	KUNIT_EXPECT_EQ(test, bprm->vdso, 0x7ffff7ff9000UL);
	KUNIT_EXPECT_EQ(test, bprm->mm->start_brk, 0x7ffff7fff000UL);
	KUNIT_EXPECT_EQ(test, user_long(bprm->p + 24 + 7 * 8 + 16 * 5 + 8), 0x7ffff7ffb040UL);
}

/* One damaged header field at a time: each refused with -ENOEXEC. */
static void exec_refuses_bad_files(struct kunit *test)
{
	struct exec_ctx *c = test->priv;
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
	Elf64_Phdr *ph = (Elf64_Phdr *)(image + sizeof(*eh));

	for (int k = 0; k < 7; k++) {
		make_image(ET_EXEC, 0x400000);
		switch (k) {
		case 0: eh->e_machine = 3; break;                       /* i386 */
		case 1: img_inode.i_size = 0x1800; break;               /* truncated */
		case 2: ph[2].p_vaddr = 0x401010; ph[2].p_offset = 0x10; break;  /* overlap */
		case 3: ph[2].p_memsz = 0x00007ffffffff000UL; break;    /* huge */
		case 4: eh->e_entry = 0x500000; break;                  /* outside */
		case 5: ph[1].p_type = PT_INTERP; break;                /* dynamic */
		case 6: image[0] = 0; break;                            /* not ELF */
		}
		KUNIT_EXPECT_EQ(test, load(test), -ENOEXEC);
		KUNIT_EXPECT_NULL(test, c->bprm->mm);
		c->bprm->file = NULL;
		free_bprm(c->bprm);
		c->bprm = NULL;
	}
}

static struct kunit_case exec_cases[] = {
	KUNIT_CASE(exec_maps_match_linux_layout),
	KUNIT_CASE(exec_segments_hold_the_file_and_a_zeroed_bss),
	KUNIT_CASE(exec_stack_matches_linux_byte_for_byte),
	KUNIT_CASE(exec_static_pie_goes_below_mmap_base),
	KUNIT_CASE(exec_refuses_bad_files),
	{}
};

static struct kunit_suite exec_suite = {
	.name = "exec",
	.init = exec_init,
	.exit = exec_exit,
	.test_cases = exec_cases,
};
kunit_test_suite(exec_suite);
