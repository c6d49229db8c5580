/*
 * The memory devices of major 1 (Linux's drivers/char/mem.c): /dev/null
 * (1,3) reads nothing and swallows what is written, /dev/zero (1,5) reads
 * zeros.  One open for the major picks the minor's operations, as Linux's
 * memory_open; /dev/mem (1,1) joins them later.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/init.h>
#include <kernel/kernel.h>
#include <mm/page.h>

#define NULL_MINOR 3
#define ZERO_MINOR 5

static const u8 zeros[PAGE_SIZE] __aligned(PAGE_SIZE);

static long read_null(struct file *f, char *buf, size_t count, loff_t *pos)
{
	return 0;
}

static long write_null(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	return count;
}

/* Linux's null_lseek: every position is 0. */
static loff_t null_lseek(struct file *f, loff_t offset, int whence)
{
	return f->f_pos = 0;
}

static long read_zero(struct file *f, char *buf, size_t count, loff_t *pos)
{
	size_t done = 0;

	while (done < count) {
		size_t n = min(count - done, (size_t)PAGE_SIZE);

		if (fs_copy_to_buf(f, buf + done, zeros, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

static const struct file_operations null_fops = {
	.llseek = null_lseek,
	.read = read_null,
	.write = write_null,
};

static const struct file_operations zero_fops = {
	.llseek = null_lseek,
	.read = read_zero,
	.write = write_null,
};

static int memory_open(struct inode *inode, struct file *f)
{
	switch (iminor(inode)) {
	case NULL_MINOR: f->f_op = &null_fops; return 0;
	case ZERO_MINOR: f->f_op = &zero_fops; return 0;
	default:         return -ENXIO;
	}
}

static const struct file_operations memory_fops = {
	.open = memory_open,
};

/* Register major 1 (Linux's chr_dev_init): 0 or -EBUSY. */
int chr_dev_init(void)
{
	return register_chrdev(MEM_MAJOR, "mem", &memory_fops);
}
