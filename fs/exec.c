/*
 * execve: replacing the calling task's program (Linux's fs/exec.c
 * do_execveat_common, copy_strings, exec_mmap, begin_new_exec).
 *
 *   1. open the file, check it is a regular file someone may execute
 *   2. copy argv and envp (user or kernel strings) into a kernel buffer, in
 *      the order they will have at the top of the new stack
 *   3. read and check the ELF headers (fs/elf_check.c): -ENOEXEC + one line
 *   4. make a new mm and make it the task's (CR3 too), keeping the old one
 *   5. load_elf_binary builds it: segments, bss, [heap], [stack], auxv
 *   6. on failure the old mm comes back and execve returns the error; on
 *      success the old mm is dropped, close-on-exec fds are closed, signal
 *      handlers reset, and the task leaves for user mode at the ELF's entry
 *
 * Until step 6 the caller's program is intact, so every error, even one
 * found while building the new address space, is an ordinary return value.
 */
#define pr_fmt(fmt) fmt

#include <errno.h>
#include <fs/binfmts.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <mm/mmap.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <fs/fs.h>
#include <kernel/sched.h>
#include <kernel/signal.h>

/* argv or envp: an array of user pointers, or of kernel pointers (Linux's user_arg_ptr). */
struct user_arg_ptr {
	bool is_kernel;
	union {
		const char *const *native;
		const char __user *const __user *user;
	} ptr;
};

/* Element nr: its address (NULL at the end), or ERR_PTR(-EFAULT). */
static const char *get_arg_ptr(struct user_arg_ptr argv, int nr)
{
	unsigned long p;

	if (argv.is_kernel)
		return argv.ptr.native[nr];
	if (__get_user_size(&p, argv.ptr.user + nr, sizeof(p)))
		return ERR_PTR(-EFAULT);
	return (const char *)p;
}

/* The number of strings before the NULL, or -errno (Linux's count). */
static int count_strings(struct user_arg_ptr argv)
{
	int i = 0;

	if (!argv.ptr.native)
		return 0;
	for (;;) {
		const char *p = get_arg_ptr(argv, i);

		if (!p)
			return i;
		if (IS_ERR(p))
			return PTR_ERR(p);
		if (++i == MAX_ARG_STRINGS)
			return -E2BIG;
	}
}

/* Put len bytes (a string and its NUL) below what is in bprm->strings already. */
static char *strings_reserve(struct linux_binprm *bprm, unsigned long len)
{
	if (len > MAX_ARG_STRLEN || MAX_ARG_BYTES - bprm->strings_len < len)
		return NULL;
	bprm->strings_len += len;
	return bprm->strings + MAX_ARG_BYTES - bprm->strings_len;
}

static int copy_string_kernel(const char *s, struct linux_binprm *bprm)
{
	unsigned long len = strlen(s) + 1;
	char *dst = strings_reserve(bprm, len);

	if (!dst)
		return -E2BIG;
	memcpy(dst, s, len);
	return 0;
}

/* Linux's copy_strings: the last string first, so argv[0] ends up lowest. */
static int copy_strings(int count, struct user_arg_ptr argv, struct linux_binprm *bprm)
{
	while (count-- > 0) {
		const char *s = get_arg_ptr(argv, count);
		long len;
		char *dst;

		if (IS_ERR_OR_NULL(s))
			return -EFAULT;
		if (argv.is_kernel) {
			if (copy_string_kernel(s, bprm))
				return -E2BIG;
			continue;
		}
		len = strnlen_user((const char __user *)s, MAX_ARG_STRLEN);
		if (!len)
			return -EFAULT;
		dst = len > MAX_ARG_STRLEN ? NULL : strings_reserve(bprm, len);
		if (!dst)
			return -E2BIG;
		if (copy_from_user(dst, (const char __user *)s, len))
			return -EFAULT;
		dst[len - 1] = '\0';    /* the string may have changed under us */
	}
	return 0;
}

/* Step 2: the 8 zero bytes, the file name, envp, argv (Linux's order, top down). */
static int bprm_copy_args(struct linux_binprm *bprm, struct user_arg_ptr argv,
			  struct user_arg_ptr envp)
{
	static const char zeros[sizeof(long)];
	char *top = strings_reserve(bprm, sizeof(zeros));
	int err;

	memcpy(top, zeros, sizeof(zeros));
	bprm->argc = count_strings(argv);
	if (bprm->argc < 0)
		return bprm->argc;
	bprm->envc = count_strings(envp);
	if (bprm->envc < 0)
		return bprm->envc;
	err = copy_string_kernel(bprm->filename, bprm);
	if (!err)
		err = copy_strings(bprm->envc, envp, bprm);
	if (!err)
		err = copy_strings(bprm->argc, argv, bprm);
	if (!err && bprm->argc == 0) {
		/* as Linux 5.18+: a program never sees argc 0 */
		pr_info("exec %s: started with an empty argv: \"\" added\n", bprm->filename);
		err = copy_string_kernel("", bprm);
		bprm->argc = 1;
	}
	return err;
}

/* Step 1: a regular file with an execute bit (everyone is root, as Linux's root). */
static struct file *open_exec(const char *name)
{
	struct file *file = filp_open(name, O_RDONLY, 0);
	struct inode *inode;

	if (IS_ERR(file))
		return file;
	inode = file->f_inode;
	if (!inode || !S_ISREG(inode->i_mode) || !(inode->i_mode & 0111)) {
		fput(file);
		return ERR_PTR(-EACCES);
	}
	return file;
}

/*
 * me's mm and active_mm become mm and active, under tasklist_lock: /proc
 * readers (get_task_mm) take their reference under it, so the mm they see is
 * never one exec has already dropped.
 */
static void exec_set_mm(struct task_struct *me, struct mm_struct *mm, struct mm_struct *active)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	me->mm = mm;
	me->active_mm = active;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* Steps 4-6 for bprm (its strings copied, headers checked). */
static int exec_binprm(struct linux_binprm *bprm)
{
	struct task_struct *me = current;
	struct mm_struct *old_mm = me->mm, *old_active = me->active_mm;
	int err;

	bprm->mm = mm_alloc();
	if (!bprm->mm)
		return -ENOMEM;
	arch_pick_mmap_layout(bprm->mm);
	bprm->stack_top = randomize_stack_top(STACK_TOP);
	/* the new mm is ours from here: a context switch reloads it, faults fill it */
	exec_set_mm(me, bprm->mm, bprm->mm);
	switch_mm(old_active, bprm->mm, me);
	err = load_elf_binary(bprm);
	if (err) {
		exec_set_mm(me, old_mm, old_active);
		switch_mm(bprm->mm, old_active ? old_active : &init_mm, me);
		mmput(bprm->mm);
		return err;
	}
	bprm->mm->exe_file = get_file(bprm->file);
	if (old_mm)
		mmput(old_mm);
	vfork_release(me);              /* a vfork parent may go on now */
	return 0;
}

/* What is left of the old program goes; the new one starts (Linux's begin_new_exec). */
static void exec_commit(struct linux_binprm *bprm)
{
	struct task_struct *me = current;
	const char *base = strrchr(bprm->filename, '/');

	me->flags &= ~PF_KTHREAD;
	__set_task_comm(me, base ? base + 1 : bprm->filename);
	if (me->files)
		do_close_on_exec(me->files);
	flush_signal_handlers(me, 0);
	start_thread(task_pt_regs(me), bprm->entry, bprm->p);
}

struct linux_binprm *alloc_bprm(const char *filename, struct file *file)
{
	struct linux_binprm *bprm = kzalloc(sizeof(*bprm), GFP_KERNEL);

	if (!bprm)
		return NULL;
	bprm->strings = vmalloc(MAX_ARG_BYTES);
	if (!bprm->strings) {
		kfree(bprm);
		return NULL;
	}
	bprm->file = file;
	bprm->filename = filename;
	return bprm;
}

int bprm_copy_kernel_args(struct linux_binprm *bprm, const char *const *argv,
			  const char *const *envp)
{
	struct user_arg_ptr a = { .is_kernel = true, .ptr.native = argv };
	struct user_arg_ptr e = { .is_kernel = true, .ptr.native = envp };

	return bprm_copy_args(bprm, a, e);
}

void free_bprm(struct linux_binprm *bprm)
{
	if (bprm->file)
		fput(bprm->file);
	vfree(bprm->strings);
	kfree(bprm->phdrs);
	kfree(bprm);
}

static int bprm_execve(const char *filename, struct user_arg_ptr argv, struct user_arg_ptr envp)
{
	struct linux_binprm *bprm;
	struct file *file;
	int err;

	if (!current)
		return -ENOSYS;         /* no task to give the program to */
	file = open_exec(filename);
	if (IS_ERR(file))
		return PTR_ERR(file);
	bprm = alloc_bprm(filename, file);
	if (!bprm) {
		fput(file);
		return -ENOMEM;
	}
	err = bprm_copy_args(bprm, argv, envp);
	if (!err)
		err = elf_read_headers(bprm);
	if (!err)
		err = exec_binprm(bprm);
	if (!err)
		exec_commit(bprm);
	free_bprm(bprm);
	return err;
}

int kernel_execve(const char *filename, const char *const *argv, const char *const *envp)
{
	struct user_arg_ptr a = { .is_kernel = true, .ptr.native = argv };
	struct user_arg_ptr e = { .is_kernel = true, .ptr.native = envp };

	return bprm_execve(filename, a, e);
}

int do_execve(const char *filename, const char __user *const __user *argv,
	      const char __user *const __user *envp)
{
	struct user_arg_ptr a = { .is_kernel = false, .ptr.user = argv };
	struct user_arg_ptr e = { .is_kernel = false, .ptr.user = envp };

	return bprm_execve(filename, a, e);
}
