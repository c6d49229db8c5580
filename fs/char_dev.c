/*
 * Character devices (Linux's fs/char_dev.c): a driver registers its
 * file_operations for a major number; opening a device inode of that major
 * (chrdev_open, the default open of every S_IFCHR inode) puts the driver's
 * fops in the file and calls their open, which may pick other fops by the
 * minor (as drivers/mem.c does for null and zero, and the tty for console
 * and tty).  A major nobody registered is -ENXIO, as Linux.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/printk.h>

#define CHRDEV_MAJOR_MAX 512            /* Linux's CHRDEV_MAJOR_MAX */

struct char_device {
	const char *name;
	const struct file_operations *fops;
};

static struct char_device chrdevs[CHRDEV_MAJOR_MAX];
static DEFINE_SPINLOCK(chrdevs_lock);

int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops)
{
	int err = 0;

	if (major == 0 || major >= CHRDEV_MAJOR_MAX || !fops)
		return -EINVAL;
	spin_lock(&chrdevs_lock);
	if (chrdevs[major].fops)
		err = -EBUSY;
	else
		chrdevs[major] = (struct char_device){ .name = name, .fops = fops };
	spin_unlock(&chrdevs_lock);
	if (err)
		pr_err("register_chrdev: major %u is %s's already, not %s's\n", major,
		       chrdevs[major].name, name);
	return err;
}

void unregister_chrdev(unsigned int major, const char *name)
{
	if (major >= CHRDEV_MAJOR_MAX)
		return;
	spin_lock(&chrdevs_lock);
	chrdevs[major] = (struct char_device){ 0 };
	spin_unlock(&chrdevs_lock);
}

static int chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops;

	spin_lock(&chrdevs_lock);
	fops = imajor(inode) < CHRDEV_MAJOR_MAX ? chrdevs[imajor(inode)].fops : NULL;
	spin_unlock(&chrdevs_lock);
	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};
