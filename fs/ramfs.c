/*
 * ramfs: files that live only in memory (Linux's fs/ramfs/).  A directory is
 * its dentries (the dcache is the whole directory, as Linux's ramfs); a
 * regular file is an array of pages, one per 4 KiB of data, allocated when
 * first written (a page never written reads as zeros); a symlink keeps its
 * target in i_link.  The initramfs is unpacked into the ramfs mounted at /,
 * and devtmpfs (/dev) is a ramfs of its own.
 *
 * The inode's i_lock guards i_size and the page array; data is copied with
 * the lock dropped (a copy to user space may fault and the fault may read a
 * file), so a page stays in the array until truncate or the last iput.
 */
#include <errno.h>
#include <asm/page.h>
#include <fs/fs.h>
#include <kernel/kernel.h>
#include <kernel/string.h>
#include <kernel/timekeeping.h>
#include <mm/gfp.h>
#include <mm/page.h>
#include <mm/slab.h>
#include <mm/vmstat.h>

#include "internal.h"

struct ramfs_data {
	unsigned long nr_pages;         /* length of pages[] */
	void **pages;                   /* kernel addresses of whole pages, or NULL */
};

static const u8 zero_buf[PAGE_SIZE] __aligned(PAGE_SIZE);

static struct ramfs_data *rdata(struct inode *inode)
{
	return inode->i_private;
}

/* meminfo's Cached and Shmem: ramfs pages are file pages held in memory only. */
static void ramfs_account(long pages)
{
	mod_node_page_state(NR_FILE_PAGES, pages);
	mod_node_page_state(NR_SHMEM, pages);
}

/*
 * The page of index idx with a reference for the caller (ramfs_page_put it),
 * or NULL (a hole).  The file holds one reference on each of its pages; the
 * caller's keeps the page alive while it copies, though a truncate running at
 * the same time drops the file's.
 */
static void *ramfs_page(struct inode *inode, unsigned long idx)
{
	struct ramfs_data *rd = rdata(inode);
	void *p;

	spin_lock(&inode->i_lock);
	p = idx < rd->nr_pages ? rd->pages[idx] : NULL;
	if (p)
		get_page(virt_to_page(p));
	spin_unlock(&inode->i_lock);
	return p;
}

static void ramfs_page_put(const void *p)
{
	if (p)
		put_page(virt_to_page(p));
}

/* Make pages[] hold at least nr entries: 0 or -ENOMEM (allocated unlocked). */
static int ramfs_grow(struct inode *inode, unsigned long nr)
{
	struct ramfs_data *rd = rdata(inode);
	unsigned long want = max(nr, 2 * rd->nr_pages);
	void **new = kcalloc(want, sizeof(void *), GFP_KERNEL), **old = NULL;

	if (!new)
		return -ENOMEM;
	spin_lock(&inode->i_lock);
	if (rd->nr_pages < nr) {
		memcpy(new, rd->pages, rd->nr_pages * sizeof(void *));
		old = rd->pages;
		rd->pages = new;
		rd->nr_pages = want;
		new = NULL;
	}
	spin_unlock(&inode->i_lock);
	kfree(new);
	kfree(old);
	return 0;
}

/* The page of index idx, allocated (zeroed) if it is a hole: NULL on -ENOMEM. */
static void *ramfs_page_for_write(struct inode *inode, unsigned long idx)
{
	struct ramfs_data *rd = rdata(inode);
	void *p = ramfs_page(inode, idx), *fresh;

	if (p)
		return p;
	if (idx >= rd->nr_pages && ramfs_grow(inode, idx + 1))
		return NULL;
	fresh = (void *)get_zeroed_page(GFP_HIGHUSER);
	if (!fresh)
		return NULL;
	spin_lock(&inode->i_lock);
	p = rd->pages[idx];
	if (!p)
		rd->pages[idx] = p = fresh;     /* the file's reference */
	get_page(virt_to_page(p));              /* and the caller's */
	spin_unlock(&inode->i_lock);
	if (p != fresh)
		free_page((unsigned long)fresh);
	else
		ramfs_account(1);
	return p;
}

static long ramfs_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t done = 0;

	while (done < count) {
		loff_t size = READ_ONCE(inode->i_size), at = *pos;
		size_t off = at % PAGE_SIZE, n = min(count - done, (size_t)(PAGE_SIZE - off));
		const u8 *page;

		if (at >= size)
			break;
		n = min(n, (size_t)(size - at));
		page = ramfs_page(inode, at / PAGE_SIZE);
		if (fs_copy_to_buf(f, buf + done, page ? page + off : zero_buf, n)) {
			ramfs_page_put(page);
			return done ? (long)done : -EFAULT;
		}
		ramfs_page_put(page);
		done += n;
		*pos += n;
	}
	return done;
}

static long ramfs_write(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t done = 0;

	if (f->f_flags & O_APPEND)
		*pos = READ_ONCE(inode->i_size);
	while (done < count) {
		loff_t at = *pos;
		size_t off = at % PAGE_SIZE, n = min(count - done, (size_t)(PAGE_SIZE - off));
		u8 *page = ramfs_page_for_write(inode, at / PAGE_SIZE);

		if (!page)
			return done ? (long)done : -ENOSPC;
		if (fs_copy_from_buf(f, page + off, buf + done, n)) {
			ramfs_page_put(page);
			return done ? (long)done : -EFAULT;
		}
		ramfs_page_put(page);
		done += n;
		*pos += n;
		spin_lock(&inode->i_lock);
		if (inode->i_size < *pos)
			inode->i_size = *pos;
		spin_unlock(&inode->i_lock);
	}
	inode->i_mtime = ktime_get_real_seconds();
	return done;
}

/* Free the pages from index first on; zero the tail of the page holding size. */
static int ramfs_truncate(struct inode *inode, loff_t size)
{
	struct ramfs_data *rd = rdata(inode);
	unsigned long first = DIV_ROUND_UP(size, PAGE_SIZE);

	spin_lock(&inode->i_lock);
	for (unsigned long i = first; i < rd->nr_pages; i++) {
		if (rd->pages[i]) {
			ramfs_page_put(rd->pages[i]);   /* freed once no copy holds it */
			ramfs_account(-1);
		}
		rd->pages[i] = NULL;
	}
	if (size % PAGE_SIZE && size / PAGE_SIZE < rd->nr_pages && rd->pages[size / PAGE_SIZE])
		memset((u8 *)rd->pages[size / PAGE_SIZE] + size % PAGE_SIZE, 0,
		       PAGE_SIZE - size % PAGE_SIZE);
	inode->i_size = size;
	spin_unlock(&inode->i_lock);
	return 0;
}

static void ramfs_evict_inode(struct inode *inode)
{
	struct ramfs_data *rd = rdata(inode);

	if (rd) {
		ramfs_truncate(inode, 0);
		kfree(rd->pages);
		kfree(rd);
	}
	if (S_ISLNK(inode->i_mode))
		kfree(inode->i_link);
}

static const struct super_operations ramfs_ops = {
	.evict_inode = ramfs_evict_inode,
};

static const struct file_operations ramfs_file_operations = {
	.llseek = generic_file_llseek,
	.read = ramfs_read,
	.write = ramfs_write,
};

static const struct inode_operations ramfs_file_inode_operations = {
	.truncate = ramfs_truncate,
};

const struct file_operations simple_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = dcache_readdir,
};

static const struct inode_operations ramfs_dir_inode_operations;

/* Give a device or FIFO inode its file operations (Linux's init_special_inode; FIFOs
 * cannot be opened yet). */
static void init_special_inode(struct inode *inode, umode_t mode, dev_t dev)
{
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = dev;
	}
}

struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t dev)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_mode = mode;
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_private = kzalloc(sizeof(struct ramfs_data), GFP_KERNEL);
		if (!inode->i_private) {
			iput(inode);
			return NULL;
		}
		inode->i_op = &ramfs_file_inode_operations;
		inode->i_fop = &ramfs_file_operations;
		break;
	case S_IFDIR:
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inode->i_nlink = 2;     /* its . and its name in the parent */
		break;
	case S_IFLNK:
		break;
	default:
		init_special_inode(inode, mode, dev);
	}
	return inode;
}

static int ramfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, mode, dev);

	if (!inode)
		return -ENOSPC;
	dentry->d_inode = inode;        /* d_add_unique lists it */
	if (S_ISDIR(mode))
		__atomic_add_fetch(&dir->i_nlink, 1, __ATOMIC_RELAXED);        /* its .. */
	return 0;
}

static int ramfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return ramfs_mknod(dir, dentry, mode | S_IFREG, 0);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return ramfs_mknod(dir, dentry, mode | S_IFDIR, 0);
}

static int ramfs_symlink(struct inode *dir, struct dentry *dentry, const char *target)
{
	size_t len = strlen(target);
	char *link;
	int err;

	if (len >= PAGE_SIZE)
		return -ENAMETOOLONG;
	link = kmalloc(len + 1, GFP_KERNEL);
	if (!link)
		return -ENOSPC;
	memcpy(link, target, len + 1);
	err = ramfs_mknod(dir, dentry, S_IFLNK | 0777, 0);
	if (err) {
		kfree(link);
		return err;
	}
	dentry->d_inode->i_link = link;
	dentry->d_inode->i_size = len;
	return 0;
}

static int ramfs_unlink(struct inode *dir, struct dentry *dentry)
{
	__atomic_sub_fetch(&dentry->d_inode->i_nlink, 1, __ATOMIC_RELAXED);
	return 0;
}

static int ramfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	dentry->d_inode->i_nlink = 0;
	__atomic_sub_fetch(&dir->i_nlink, 1, __ATOMIC_RELAXED);
	return 0;
}

/* Linux's simple_rename: the link counts after the dcache moved the name. */
static int ramfs_rename(struct inode *old_dir, struct dentry *old, struct inode *new_dir,
			struct dentry *target)
{
	bool dir = S_ISDIR(old->d_inode->i_mode);

	if (target) {
		if (S_ISDIR(target->d_inode->i_mode)) {
			target->d_inode->i_nlink = 0;
			__atomic_sub_fetch(&new_dir->i_nlink, 1, __ATOMIC_RELAXED);
		} else {
			__atomic_sub_fetch(&target->d_inode->i_nlink, 1, __ATOMIC_RELAXED);
		}
	}
	if (dir && old_dir != new_dir) {
		__atomic_sub_fetch(&old_dir->i_nlink, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&new_dir->i_nlink, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

static const struct inode_operations ramfs_dir_inode_operations = {
	.rename = ramfs_rename,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.mknod = ramfs_mknod,
	.symlink = ramfs_symlink,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
};

/* A ramfs superblock with its root directory (s_root), or NULL. */
struct super_block *ramfs_new_sb(const char *type, dev_t dev)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;

	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_dev = dev;
	sb->s_op = &ramfs_ops;
	root = ramfs_get_inode(sb, S_IFDIR | 0755, 0);
	sb->s_root = root ? d_alloc(NULL, "/") : NULL;
	if (!sb->s_root) {
		iput(root);
		kfree(sb);
		return NULL;
	}
	d_add(sb->s_root, root);
	return sb;
}
