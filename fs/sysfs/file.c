/*
 * Reading and writing /sys's attribute files (Linux's fs/sysfs/file.c on
 * fs/kernfs/file.c).
 *
 * A text attribute is one value printed by show() into a page: a read at
 * position 0 prints it afresh into the open file's page (as seq_read
 * does), reads further on copy from that page; a write hands the whole
 * text (NUL-terminated, shorter than a page) to store() in one call.
 *
 * A binary attribute is an array of bytes (config space, a BAR): read and
 * write go to read()/write() at the file position, at most a page per call
 * (kernfs's bounce buffer), stopping at size when it is known; mmap goes to
 * the attribute's mmap().
 *
 * Every call into show/store/read/write/mmap holds an active reference on
 * the entry: once it is removed they are not called again (-ENODEV), and
 * removal waits for those running (dir.c).
 */
#include <errno.h>
#include <asm/page.h>
#include <fs/fs.h>
#include <fs/sysfs.h>
#include <kernel/kernel.h>
#include <kernel/mutex.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/slab.h>

#include "../internal.h"
#include "internal.h"

/* An open attribute file (Linux's kernfs_open_file): its page of text and a lock. */
struct sysfs_open_file {
	struct mutex lock;              /* one read or write of this open file at a time */
	size_t len;                     /* bytes of text in page */
	char *page;                     /* PAGE_SIZE: the last show()'s text, or a bounce buffer */
};

int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, PAGE_SIZE, fmt, args);
	va_end(args);
	return len;
}

/*
 * Linux's kernfs_fop_open rule (even for root): opening for reading needs
 * a read bit and something that reads, for writing a write bit and
 * something that writes; else -EACCES.
 */
static int sysfs_check_open(struct file *f, umode_t mode, bool can_read, bool can_write)
{
	if ((f->f_mode & FMODE_WRITE) && (!(mode & 0222) || !can_write))
		return -EACCES;
	if ((f->f_mode & FMODE_READ) && (!(mode & 0444) || !can_read))
		return -EACCES;
	return 0;
}

static int sysfs_open_common(struct file *f, bool can_read, bool can_write)
{
	struct sysfs_open_file *of;
	int err = sysfs_check_open(f, f->f_inode->i_mode, can_read, can_write);

	if (err)
		return err;
	of = kzalloc(sizeof(*of), GFP_KERNEL);
	if (!of)
		return -ENOMEM;
	mutex_init(&of->lock);
	f->private_data = of;
	return 0;
}

static int sysfs_release(struct inode *inode, struct file *f)
{
	struct sysfs_open_file *of = f->private_data;

	if (of) {
		kfree(of->page);
		kfree(of);
	}
	f->private_data = NULL;
	return 0;
}

/* of's page, allocated at first use: NULL on -ENOMEM. */
static char *sysfs_of_page(struct sysfs_open_file *of)
{
	if (!of->page)
		of->page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	return of->page;
}

/* ---- text attributes ---- */

static int sysfs_text_open(struct inode *inode, struct file *f)
{
	const struct sysfs_attr *attr = sysfs_inode_sd(inode)->attr;

	return sysfs_open_common(f, attr->show, attr->store);
}

/* show() into of's page (Linux's sysfs_kf_seq_show): 0 or -errno. */
static long sysfs_text_fill(struct sysfs_dirent *sd, struct sysfs_open_file *of)
{
	char *page = sysfs_of_page(of);
	long n;

	if (!page)
		return -ENOMEM;
	if (!sysfs_get_active(sd))
		return -ENODEV;
	memset(page, 0, PAGE_SIZE);
	n = sd->attr->show(sd->obj, page);
	sysfs_put_active(sd);
	if (n < 0)
		return n;
	if (n >= (long)PAGE_SIZE) {
		pr_warn("fill_read_buffer: %pS returned bad count\n", sd->attr->show);
		n = PAGE_SIZE - 1;      /* as Linux: struggle along */
	}
	of->len = n;
	return 0;
}

static long sysfs_text_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	struct sysfs_open_file *of = f->private_data;
	long r = 0;

	mutex_lock(&of->lock);
	if (*pos == 0 || !of->page)
		r = sysfs_text_fill(sysfs_inode_sd(f->f_inode), of);
	if (!r && *pos < (loff_t)of->len) {
		size_t n = min(count, of->len - (size_t)*pos);

		if (fs_copy_to_buf(f, buf, of->page + *pos, n)) {
			r = -EFAULT;
		} else {
			*pos += n;
			r = n;
		}
	}
	mutex_unlock(&of->lock);
	return r;
}

/*
 * The whole write goes to store() at once, NUL-terminated; a text of a
 * page or more is refused with -EINVAL (store's buffer is a page with its
 * NUL; Linux 6.1's kernfs instead hands store() the first PAGE_SIZE bytes
 * and returns that much).  An empty write does nothing, as Linux's.
 */
static long sysfs_text_write(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	struct sysfs_dirent *sd = sysfs_inode_sd(f->f_inode);
	struct sysfs_open_file *of = f->private_data;
	char *page;
	long r;

	if (count >= PAGE_SIZE)
		return -EINVAL;
	if (!count)
		return 0;
	mutex_lock(&of->lock);
	page = sysfs_of_page(of);
	of->len = 0;                    /* the page no longer holds show()'s text */
	if (!page)
		r = -ENOMEM;
	else if (fs_copy_from_buf(f, page, buf, count))
		r = -EFAULT;
	else if (!sysfs_get_active(sd))
		r = -ENODEV;
	else {
		page[count] = '\0';
		r = sd->attr->store(sd->obj, page, count);
		sysfs_put_active(sd);
	}
	mutex_unlock(&of->lock);
	if (r > 0)
		*pos += r;
	return r;
}

/* Linux's seq_lseek: from the start or the current position; not from the end. */
static loff_t sysfs_text_llseek(struct file *f, loff_t offset, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->f_pos; break;
	default: return -EINVAL;
	}
	if (base + offset < 0)
		return -EINVAL;
	return f->f_pos = base + offset;
}

const struct file_operations sysfs_text_fops = {
	.llseek = sysfs_text_llseek,
	.read = sysfs_text_read,
	.write = sysfs_text_write,
	.open = sysfs_text_open,
	.release = sysfs_release,
};

/* ---- binary attributes ---- */

/*
 * Linux's sysfs_bin_kfops_mmap: a binary attribute that can be mapped may
 * be opened for reading and writing even without read() or write() (those
 * then fail with -EIO).
 */
static int sysfs_bin_open(struct inode *inode, struct file *f)
{
	const struct sysfs_bin_attr *bin = sysfs_inode_sd(inode)->bin;

	return sysfs_open_common(f, bin->read || bin->mmap, bin->write || bin->mmap);
}

/*
 * How many of count bytes at pos a call moves: at most a page, and not past
 * the attribute's size when it has one (*eof then when pos is at or past it).
 */
static size_t sysfs_bin_clip(const struct sysfs_bin_attr *bin, loff_t pos, size_t count,
			     bool *eof)
{
	*eof = false;
	count = min(count, (size_t)PAGE_SIZE);
	if (bin->size) {
		if (pos >= bin->size) {
			*eof = true;
			return 0;
		}
		count = min(count, (size_t)(bin->size - pos));
	}
	return count;
}

static long sysfs_bin_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	struct sysfs_dirent *sd = sysfs_inode_sd(f->f_inode);
	struct sysfs_open_file *of = f->private_data;
	bool eof;
	char *page;
	long r;

	if (*pos < 0)
		return -EINVAL;
	count = sysfs_bin_clip(sd->bin, *pos, count, &eof);
	if (eof || !count)
		return 0;
	mutex_lock(&of->lock);
	page = sysfs_of_page(of);
	if (!page)
		r = -ENOMEM;
	else if (!sysfs_get_active(sd))
		r = -ENODEV;
	else {
		r = sd->bin->read ? sd->bin->read(sd->obj, sd->bin, page, *pos, count) : -EIO;
		sysfs_put_active(sd);
	}
	if (r > 0) {
		if (fs_copy_to_buf(f, buf, page, r))
			r = -EFAULT;
		else
			*pos += r;
	}
	mutex_unlock(&of->lock);
	return r;
}

/* Linux's sysfs_kf_bin_write: past the size is -EFBIG; otherwise as read. */
static long sysfs_bin_write(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	struct sysfs_dirent *sd = sysfs_inode_sd(f->f_inode);
	struct sysfs_open_file *of = f->private_data;
	bool eof;
	char *page;
	long r;

	if (*pos < 0)
		return -EINVAL;
	count = sysfs_bin_clip(sd->bin, *pos, count, &eof);
	if (eof)
		return -EFBIG;
	if (!count)
		return 0;
	mutex_lock(&of->lock);
	page = sysfs_of_page(of);
	if (!page)
		r = -ENOMEM;
	else if (fs_copy_from_buf(f, page, buf, count))
		r = -EFAULT;
	else if (!sysfs_get_active(sd))
		r = -ENODEV;
	else {
		r = sd->bin->write ? sd->bin->write(sd->obj, sd->bin, page, *pos, count) : -EIO;
		sysfs_put_active(sd);
	}
	if (r > 0)
		*pos += r;
	mutex_unlock(&of->lock);
	return r;
}

static int sysfs_bin_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct sysfs_dirent *sd = sysfs_inode_sd(f->f_inode);
	int r;

	if (!sd->bin->mmap)
		return -ENODEV;         /* Linux: a file without mmap ops */
	if (!sysfs_get_active(sd))
		return -ENODEV;
	r = sd->bin->mmap(sd->obj, sd->bin, vma);
	sysfs_put_active(sd);
	return r;
}

const struct file_operations sysfs_bin_fops = {
	.llseek = generic_file_llseek,
	.read = sysfs_bin_read,
	.write = sysfs_bin_write,
	.mmap = sysfs_bin_mmap,
	.open = sysfs_bin_open,
	.release = sysfs_release,
};
