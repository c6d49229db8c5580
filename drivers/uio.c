/*
 * The UIO core (Linux's drivers/uio/uio.c; the contract is in
 * include/drivers/uio_driver.h): /dev/uioN for each registered device,
 * with a blocking read of the interrupt count, irqcontrol by write, mmap of
 * the device's memory, and the /sys/class/uio files a UIO program reads
 * (Documentation/driver-api/uio-howto.rst; those files are drivers/uio_sysfs.c).
 *
 * Lifetime: a struct uio_device lives while it is registered or a file has
 * it open (refcount).  Unregistering frees the irq, removes /dev/uioN and
 * the /sys files, and sets info to NULL under info_lock; a file still open
 * then reads -EIO and maps nothing, as Linux's.
 *
 * Lab 7 (labs/07-devices.md) cuts one exercise from this file: the read
 * that blocks until the next interrupt.
 */
#define pr_fmt(fmt) "uio: " fmt

#include <asm/atomic.h>
#include <drivers/uio_driver.h>
#include <errno.h>
#include <fs/fs.h>
#include <kernel/init.h>
#include <kernel/lab.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/mm_types.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/slab.h>
#include <uapi/linux/poll.h>

#include "uio_internal.h"

/*
 * Linux's alloc_chrdev_region hands out the first free major from 254 down
 * to 234 (CHRDEV_MAJOR_DYN_END); on the reference VM other drivers had
 * taken 247-254, so uio got 246 there.
 */
#define CHRDEV_MAJOR_DYN_START 254
#define CHRDEV_MAJOR_DYN_END   234

static unsigned int uio_major_nr;
static DEFINE_MUTEX(uio_lock);                   /* uio_idevs[] */
static struct uio_device *uio_idevs[UIO_MAX_DEVICES];

/* One open file: the count it has seen (Linux's struct uio_listener). */
struct uio_listener {
	struct uio_device *dev;
	s32 event_count;
};

unsigned int uio_major(void)
{
	return uio_major_nr;
}

static void uio_put(struct uio_device *idev)
{
	if (atomic_dec_and_test(&idev->refcount))
		kfree(idev);
}

/* ---- interrupts ---- */

void uio_event_notify(struct uio_info *info)
{
	struct uio_device *idev = info->uio_dev;

	atomic_inc(&idev->event);
	wake_up_interruptible_all(&idev->wait);
}

static enum irqreturn uio_interrupt(int irq, void *dev_id)
{
	struct uio_device *idev = dev_id;
	enum irqreturn ret = idev->info->handler(irq, idev->info);

	if (ret == IRQ_HANDLED)
		uio_event_notify(idev->info);
	return ret;
}

/* Whether the device still has its driver and an interrupt (reads, writes and poll need both). */
static bool uio_has_irq(struct uio_device *idev)
{
	bool ok;

	mutex_lock(&idev->info_lock);
	ok = idev->info && idev->info->irq;
	mutex_unlock(&idev->info_lock);
	return ok;
}

/* ---- /dev/uioN ---- */

static int uio_open(struct inode *inode, struct file *f)
{
	unsigned int minor = iminor(inode);
	struct uio_listener *listener;
	struct uio_device *idev;
	int ret = 0;

	mutex_lock(&uio_lock);
	idev = minor < UIO_MAX_DEVICES ? uio_idevs[minor] : NULL;
	if (idev)
		atomic_inc(&idev->refcount);
	mutex_unlock(&uio_lock);
	if (!idev)
		return -ENODEV;
	listener = kmalloc(sizeof(*listener), GFP_KERNEL);
	if (!listener) {
		uio_put(idev);
		return -ENOMEM;
	}
	listener->dev = idev;
	listener->event_count = atomic_read(&idev->event);
	f->private_data = listener;
	mutex_lock(&idev->info_lock);
	if (!idev->info)
		ret = -EINVAL;
	else if (idev->info->open)
		ret = idev->info->open(idev->info, inode);
	mutex_unlock(&idev->info_lock);
	if (ret) {
		kfree(listener);
		uio_put(idev);
	}
	return ret;
}

static int uio_release(struct inode *inode, struct file *f)
{
	struct uio_listener *listener = f->private_data;
	struct uio_device *idev = listener->dev;
	int ret = 0;

	mutex_lock(&idev->info_lock);
	if (idev->info && idev->info->release)
		ret = idev->info->release(idev->info, inode);
	mutex_unlock(&idev->info_lock);
	kfree(listener);
	uio_put(idev);
	return ret;
}

/*
 * POLLIN once the count differs from what this file last read; POLLERR
 * without an irq (Linux returns -EIO there, every bit set).  Atlas's poll
 * asks again each tick, so there is no poll_wait on idev->wait.
 */
static unsigned int uio_poll(struct file *f)
{
	struct uio_listener *listener = f->private_data;
	struct uio_device *idev = listener->dev;

	if (!uio_has_irq(idev))
		return POLLERR;
	if (listener->event_count != atomic_read(&idev->event))
		return POLLIN | POLLRDNORM;
	return 0;
}

/*
 * Exactly 4 bytes: wait (interruptibly) until the event count differs from
 * what this file saw last, and return the new count.  -EAGAIN with
 * O_NONBLOCK, -EIO once the driver is gone or if it has no interrupt.
 */
static long uio_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
#ifndef LAB7_STARTER    /* LAB 7 BEGIN: read blocks until the next interrupt */
	struct uio_listener *listener = f->private_data;
	struct uio_device *idev = listener->dev;
	s32 event_count;

	if (count != sizeof(s32))
		return -EINVAL;
	for (;;) {
		int err;

		if (!uio_has_irq(idev))
			return -EIO;
		event_count = atomic_read(&idev->event);
		if (event_count != listener->event_count)
			break;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(idev->wait,
					       atomic_read(&idev->event) != listener->event_count ||
					       !READ_ONCE(idev->info));
		if (err)
			return err;     /* -ERESTARTSYS: a signal */
	}
	if (fs_copy_to_buf(f, buf, &event_count, sizeof(event_count)))
		return -EFAULT;
	listener->event_count = event_count;
	return sizeof(s32);
#else                   /* LAB 7 STARTER */
	/*
	 * TODO (lab 7, exercise 4): Linux's uio_read (drivers/uio/uio.c).
	 * f->private_data is this file's struct uio_listener: the device and
	 * the event count the file saw last.  Anything but 4 bytes: -EINVAL.
	 * Then loop: -EIO if the device lost its driver or has no irq
	 * (uio_has_irq); if idev->event differs from listener->event_count,
	 * leave the loop; -EAGAIN with O_NONBLOCK in f->f_flags; else sleep
	 * with wait_event_interruptible on idev->wait until the count moves
	 * or idev->info goes (return its error: a signal).  Copy the count
	 * out with fs_copy_to_buf (-EFAULT), remember it in the listener,
	 * return 4.
	 */
	lab_not_implemented(7, "reading the interrupt count from /dev/uioN");
	return -ENOSYS;
#endif                  /* LAB 7 END */
}

/* Exactly 4 bytes: the s32 handed to the driver's irqcontrol (1 unmask, 0 mask). */
static long uio_write(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	struct uio_listener *listener = f->private_data;
	struct uio_device *idev = listener->dev;
	long ret;
	s32 irq_on;

	if (count != sizeof(s32))
		return -EINVAL;
	if (fs_copy_from_buf(f, &irq_on, buf, sizeof(irq_on)))
		return -EFAULT;
	mutex_lock(&idev->info_lock);
	if (!idev->info)
		ret = -EINVAL;
	else if (!idev->info->irq)
		ret = -EIO;
	else if (!idev->info->irqcontrol)
		ret = -ENOSYS;
	else
		ret = idev->info->irqcontrol(idev->info, irq_on);
	mutex_unlock(&idev->info_lock);
	return ret ? ret : (long)sizeof(s32);
}

/*
 * mmap at offset M pages maps map M from its start (Linux's
 * uio_find_mem_index: the offset picks the map, it is not a position in
 * it), at most its size, uncached.  A map that does not exist, or a length
 * beyond it, is -EINVAL with one line saying which.
 */
static int uio_mmap_locked(struct uio_device *idev, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	struct uio_mem *mem;

	if (vma->vm_pgoff >= MAX_UIO_MAPS || !idev->info->mem[vma->vm_pgoff].size) {
		dev_info(&idev->dev, "mmap refused: offset %#lx names map %lu, which does not exist\n",
			 vma->vm_pgoff << PAGE_SHIFT, vma->vm_pgoff);
		return -EINVAL;
	}
	mem = &idev->info->mem[vma->vm_pgoff];
	if (len > mem->size) {
		dev_info(&idev->dev, "mmap refused: %#lx bytes of map%lu, which has %#llx\n",
			 len, vma->vm_pgoff, (unsigned long long)mem->size);
		return -EINVAL;
	}
	if (mem->memtype != UIO_MEM_PHYS) {
		dev_info(&idev->dev, "mmap refused: map%lu is not physical memory\n", vma->vm_pgoff);
		return -EINVAL;
	}
	if (mem->addr & ~PAGE_MASK)
		return -ENODEV;
	return remap_pfn_range(vma, vma->vm_start, mem->addr >> PAGE_SHIFT, len,
			       pgprot_noncached(vm_get_page_prot(vma->vm_flags)));
}

static int uio_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct uio_listener *listener = f->private_data;
	struct uio_device *idev = listener->dev;
	int ret;

	if (vma->vm_end < vma->vm_start)
		return -EINVAL;
	mutex_lock(&idev->info_lock);
	ret = idev->info ? uio_mmap_locked(idev, vma) : -EINVAL;
	mutex_unlock(&idev->info_lock);
	return ret;
}

static const struct file_operations uio_fops = {
	.open = uio_open,
	.release = uio_release,
	.read = uio_read,
	.write = uio_write,
	.poll = uio_poll,
	.mmap = uio_mmap,
};

/* ---- registration ---- */

int uio_find_minor(struct device *parent)
{
	int minor = -ENODEV;

	mutex_lock(&uio_lock);
	for (int i = 0; i < UIO_MAX_DEVICES && minor < 0; i++)
		if (uio_idevs[i] && uio_idevs[i]->parent == parent)
			minor = i;
	mutex_unlock(&uio_lock);
	return minor;
}

/* The lowest free minor for idev, as Linux's idr: 0 or -ENOSPC.  Under uio_lock. */
static int uio_get_minor(struct uio_device *idev)
{
	for (int i = 0; i < UIO_MAX_DEVICES; i++) {
		if (!uio_idevs[i]) {
			uio_idevs[i] = idev;
			idev->minor = i;
			return 0;
		}
	}
	return -ENOSPC;
}

static void uio_dev_path(struct uio_device *idev, char *buf, size_t size)
{
	snprintf(buf, size, "/dev/%s", idev->name);
}

/* Whether another UIO device shares idev's parent (and its uio directory).  Under uio_lock. */
static bool uio_parent_shared(struct uio_device *idev)
{
	for (int i = 0; i < UIO_MAX_DEVICES; i++)
		if (uio_idevs[i] && uio_idevs[i] != idev && uio_idevs[i]->parent == idev->parent)
			return true;
	return false;
}

/* Everything but the irq and info->uio_dev; under uio_lock. */
static void uio_teardown(struct uio_device *idev, bool node)
{
	char path[32];

	uio_sysfs_del(idev, uio_parent_shared(idev));
	if (node) {
		uio_dev_path(idev, path, sizeof(path));
		init_unlink(path);
	}
	uio_idevs[idev->minor] = NULL;
}

/*
 * Undo a registration that failed at ret (node: /dev/uioN was made).  A
 * file opened meanwhile keeps idev, but must not reach the caller's info.
 */
static int uio_register_undo(struct uio_device *idev, bool node, int ret)
{
	mutex_lock(&uio_lock);
	uio_teardown(idev, node);
	mutex_unlock(&uio_lock);
	mutex_lock(&idev->info_lock);
	idev->info = NULL;
	mutex_unlock(&idev->info_lock);
	uio_put(idev);
	return ret;
}

int uio_register_device(struct device *parent, struct uio_info *info)
{
	struct uio_device *idev;
	bool node = false;
	char path[32];
	int ret;

	if (!parent || !info || !info->name || !info->version)
		return -EINVAL;
	if (!uio_major_nr)
		return -ENODEV;
	info->uio_dev = NULL;
	idev = kzalloc(sizeof(*idev), GFP_KERNEL);
	if (!idev)
		return -ENOMEM;
	idev->info = info;
	idev->parent = parent;
	mutex_init(&idev->info_lock);
	init_waitqueue_head(&idev->wait);
	atomic_set(&idev->event, 0);
	atomic_set(&idev->refcount, 1);
	idev->dev.bus_name = "uio";
	idev->dev.driver_data = idev;

	mutex_lock(&uio_lock);
	ret = uio_get_minor(idev);
	if (ret) {
		mutex_unlock(&uio_lock);
		dev_err(parent, "uio: no free minor (%d devices)\n", UIO_MAX_DEVICES);
		kfree(idev);
		return ret;
	}
	snprintf(idev->name, sizeof(idev->name), "uio%d", idev->minor);
	idev->dev.init_name = idev->name;
	uio_dev_path(idev, path, sizeof(path));
	ret = init_mknod(path, S_IFCHR | 0600, MKDEV(uio_major_nr, idev->minor));
	if (ret) {
		dev_err(parent, "uio: cannot make %s (%d)\n", path, ret);
	} else {
		node = true;
		ret = uio_sysfs_add(idev);
		if (ret)
			dev_err(&idev->dev, "error creating sysfs files (%d)\n", ret);
	}
	mutex_unlock(&uio_lock);
	if (ret)
		return uio_register_undo(idev, node, ret);

	info->uio_dev = idev;
	if (info->irq && info->irq != UIO_IRQ_CUSTOM) {
		ret = request_irq(info->irq, uio_interrupt, info->irq_flags, info->name, idev);
		if (ret) {
			dev_err(&idev->dev, "request_irq(%ld) failed (%d)\n", info->irq, ret);
			info->uio_dev = NULL;
			return uio_register_undo(idev, true, ret);
		}
	}
	return 0;
}

void uio_unregister_device(struct uio_info *info)
{
	struct uio_device *idev;

	if (!info || !info->uio_dev)
		return;
	idev = info->uio_dev;
	mutex_lock(&uio_lock);
	uio_teardown(idev, true);
	mutex_unlock(&uio_lock);

	mutex_lock(&idev->info_lock);
	if (info->irq && info->irq != UIO_IRQ_CUSTOM)
		free_irq(info->irq, idev);
	idev->info = NULL;
	mutex_unlock(&idev->info_lock);
	wake_up_interruptible_all(&idev->wait);  /* blocked readers return -EIO */
	info->uio_dev = NULL;
	uio_put(idev);
}

/*
 * The uio class (Linux's uio_init): a dynamic major for /dev/uioN and
 * /sys/class/uio.
 */
static int uio_init(void)
{
	int err = -EBUSY;

	for (unsigned int major = CHRDEV_MAJOR_DYN_START; major >= CHRDEV_MAJOR_DYN_END; major--) {
		err = register_chrdev(major, "uio", &uio_fops);
		if (!err) {
			uio_major_nr = major;
			break;
		}
	}
	if (err) {
		pr_err("no free character major in %d-%d\n", CHRDEV_MAJOR_DYN_END,
		       CHRDEV_MAJOR_DYN_START);
		return err;
	}
	uio_sysfs_init();
	return 0;
}
device_initcall(uio_init);
