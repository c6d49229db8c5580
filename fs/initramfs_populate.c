/*
 * populate_rootfs (Linux's init/initramfs.c): unpack the cpio archive GRUB
 * loaded as the first multiboot2 module into / (fs/initramfs.c parses, this
 * file makes the directories, files, symlinks and device nodes), then give
 * the module's pages back to the buddy allocator with Linux's line
 * "Freeing initrd memory: NK".  A malformed archive is reported as Linux
 * reports it, "Initramfs unpacking failed: <why>", and what unpacked before
 * the bad member stays.  Modes are the archive's exactly (the umask is 0
 * while unpacking, as for Linux's init).
 */
#include <errno.h>
#include <fs/fs.h>
#include <asm/page.h>
#include <fs/initramfs.h>
#include <kernel/err.h>
#include <kernel/init.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <asm/atomic.h>

unsigned int initramfs_members;
const char *initramfs_error;

static int unpack_file(const char *name, const struct cpio_entry *e)
{
	struct file *f = filp_open(name, O_WRONLY | O_CREAT | O_TRUNC, e->mode & 07777);
	loff_t pos = 0;
	long n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, e->data, e->size, &pos);
	f->f_inode->i_mode = S_IFREG | (e->mode & 07777);      /* an existing file's too */
	fput(f);
	return n == e->size ? 0 : (n < 0 ? n : -ENOSPC);
}

static int unpack_symlink(const char *name, const struct cpio_entry *e)
{
	char *target;
	int err;

	if (e->size == 0 || e->size >= PATH_MAX)
		return -EINVAL;
	target = kmalloc(e->size + 1, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	err = init_symlink(target, name);
	kfree(target);
	return err;
}

/* The archive's time for what was made (Linux's do_utime). */
static void set_mtime(const char *name, u32 mtime)
{
	struct dentry *d;

	if (!kern_path(name, 0, &d)) {
		d->d_inode->i_mtime = mtime;
		dput(d);
	}
}

/* One archive member into / (its name is relative to /, as cpio writes it). */
static int unpack_entry(void *ctx, const struct cpio_entry *e)
{
	const char *name = e->name;
	int err;

	while (*name == '/' || (name[0] == '.' && name[1] == '/'))
		name += *name == '/' ? 1 : 2;
	if (!*name || !strcmp(name, "."))
		return 0;               /* the root itself */
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		err = init_mkdir(name, e->mode & 07777);
		if (err == -EEXIST)
			err = 0;
		break;
	case S_IFREG:
		err = unpack_file(name, e);
		break;
	case S_IFLNK:
		err = unpack_symlink(name, e);
		break;
	case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		err = init_mknod(name, e->mode, MKDEV(e->rdev_major, e->rdev_minor));
		break;
	default:
		err = -EINVAL;
	}
	if (err)
		pr_err("initramfs: %s: cannot unpack (error %d)\n", name, err);
	else
		set_mtime(name, e->mtime);
	return err;
}

const char *unpack_to_rootfs(const void *buf, size_t len, unsigned int *count)
{
	struct fs_struct *fs = current_fs_struct();
	unsigned int umask = xchg(&fs->umask, 0);
	const char *err = cpio_unpack(buf, len, unpack_entry, NULL, count);

	fs->umask = umask;
	return err;
}

/*
 * The module's pages, whole pages, less any page the boot information shares
 * with it (reserved separately, still in use).
 */
static void free_initrd_mem(phys_addr_t start, phys_addr_t end)
{
	phys_addr_t s = ALIGN_DOWN(start, PAGE_SIZE), e = ALIGN(end, PAGE_SIZE);
	phys_addr_t bi = boot_info_phys, bi_end = boot_info_phys + boot_info.total_size;

	if (bi < e && bi_end > s) {
		if (bi <= s)
			s = ALIGN(bi_end, PAGE_SIZE);
		else
			e = ALIGN_DOWN(bi, PAGE_SIZE);
	}
	if (s < e)
		free_reserved_area(s, e, "initrd");
}

void populate_rootfs(void)
{
	phys_addr_t start = boot_info.mod_start, end = boot_info.mod_end;
	if (!boot_info.nr_modules || start == end) {
		pr_info("initramfs: no module from the boot loader: / is empty\n");
		return;
	}
	pr_info("Trying to unpack rootfs image as initramfs...\n");
	initramfs_error = unpack_to_rootfs(__va(start), end - start, &initramfs_members);
	if (initramfs_error)
		pr_err("Initramfs unpacking failed: %s\n", initramfs_error);
	free_initrd_mem(start, end);
}
