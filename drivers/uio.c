/*
 * The UIO core (Linux's drivers/uio/uio.c; the contract is in
 * include/drivers/uio_driver.h): /dev/uioN for each registered device,
 * with a blocking read of the interrupt count, irqcontrol by write, mmap of
 * the device's memory, and the /sys/class/uio files a UIO program reads
 * (Documentation/driver-api/uio-howto.rst).
 *
 * Lifetime: a struct uio_device lives while it is registered or a file has
 * it open (refcount).  Unregistering frees the irq, removes /dev/uioN and
 * the /sys files, and sets info to NULL under info_lock; a file still open
 * then reads -EIO and maps nothing, as Linux's.
 */
#include <asm/atomic.h>
#include <drivers/pci.h>
#include <drivers/uio_driver.h>
#include <errno.h>
#include <fs/fs.h>
#include <fs/sysfs.h>
#include <kernel/init.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/mm_types.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/slab.h>
#include <uapi/linux/poll.h>

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
static struct sysfs_dirent *uio_class_dir;       /* /sys/class/uio, NULL without sysfs */

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
	if (len > mem->size || PAGE_ALIGN(len) > PAGE_ALIGN(mem->offs + mem->size)) {
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

/* ---- /sys/class/uio/uioN ---- */

static long uio_name_show(void *obj, char *buf)
{
	struct uio_device *idev = obj;

	return idev->info ? scnprintf(buf, PAGE_SIZE, "%s\n", idev->info->name) : -ENODEV;
}

static long uio_version_show(void *obj, char *buf)
{
	struct uio_device *idev = obj;

	return idev->info ? scnprintf(buf, PAGE_SIZE, "%s\n", idev->info->version) : -ENODEV;
}

static long uio_event_show(void *obj, char *buf)
{
	struct uio_device *idev = obj;

	return scnprintf(buf, PAGE_SIZE, "%u\n", (unsigned int)atomic_read(&idev->event));
}

/* The driver core's dev file: "246:0". */
static long uio_dev_show(void *obj, char *buf)
{
	struct uio_device *idev = obj;

	return scnprintf(buf, PAGE_SIZE, "%u:%d\n", uio_major_nr, idev->minor);
}

/* The driver core's uevent file: what udev would be told about the device. */
static long uio_uevent_show(void *obj, char *buf)
{
	struct uio_device *idev = obj;

	return scnprintf(buf, PAGE_SIZE, "MAJOR=%u\nMINOR=%d\nDEVNAME=%s\n", uio_major_nr, idev->minor,
			  idev->name);
}

/*
 * Writing an action to uevent asks Linux to send that event again
 * (kobject_synth_uevent); Atlas has no uevent listener to send it to, so a
 * known action is accepted and anything else is -EINVAL, as Linux's parse.
 */
static long uio_uevent_store(void *obj, const char *buf, size_t count)
{
	static const char *const actions[] = { "add", "remove", "change", "move", "online",
					       "offline", "bind", "unbind" };
	size_t len = count;

	if (len && buf[len - 1] == '\n')
		len--;
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strlen(actions[i]) == len && !strncmp(buf, actions[i], len))
			return count;
	return -EINVAL;
}

static const struct sysfs_attr uio_attrs[] = {
	{ .name = "name", .mode = 0444, .show = uio_name_show },
	{ .name = "version", .mode = 0444, .show = uio_version_show },
	{ .name = "event", .mode = 0444, .show = uio_event_show },
	{ .name = "dev", .mode = 0444, .show = uio_dev_show },
	{ .name = "uevent", .mode = 0644, .show = uio_uevent_show, .store = uio_uevent_store },
};

/* A map's files (Linux's map_*_show: "%pa" prints 0x and 16 hex digits). */
static long map_name_show(void *obj, char *buf)
{
	struct uio_mem *mem = obj;

	return scnprintf(buf, PAGE_SIZE, "%s\n", mem->name ? mem->name : "");
}

static long map_addr_show(void *obj, char *buf)
{
	struct uio_mem *mem = obj;

	return scnprintf(buf, PAGE_SIZE, "0x%016llx\n", (unsigned long long)mem->addr);
}

static long map_size_show(void *obj, char *buf)
{
	struct uio_mem *mem = obj;

	return scnprintf(buf, PAGE_SIZE, "0x%016llx\n", (unsigned long long)mem->size);
}

static long map_offset_show(void *obj, char *buf)
{
	struct uio_mem *mem = obj;

	return scnprintf(buf, PAGE_SIZE, "0x%llx\n", (unsigned long long)mem->offs);
}

static const struct sysfs_attr map_attrs[] = {
	{ .name = "name", .mode = 0444, .show = map_name_show },
	{ .name = "addr", .mode = 0444, .show = map_addr_show },
	{ .name = "size", .mode = 0444, .show = map_size_show },
	{ .name = "offset", .mode = 0444, .show = map_offset_show },
};

/*
 * parent's directory under /sys into buf ("devices/pci0000:00/0000:00:04.0"):
 * a PCI function nests under the bridges in front of it, as Linux's
 * pci-sysfs tree does; any other device is a platform device.  Returns the
 * length, or -ENAMETOOLONG.
 */
static int uio_parent_path(struct device *parent, char *buf, size_t size)
{
	const char *names[32];
	struct pci_dev *pdev;
	struct pci_bus *bus;
	int n = 0, len;

	if (!parent->bus_name || strcmp(parent->bus_name, "pci")) {
		len = snprintf(buf, size, "devices/platform/%s", dev_name(parent));
		return len < (int)size ? len : -ENAMETOOLONG;
	}
	for (pdev = to_pci_dev(parent);; pdev = bus->self) {
		names[n++] = pci_name(pdev);
		bus = pdev->bus;
		if (!bus->self || n == 32)
			break;
	}
	len = snprintf(buf, size, "devices/pci0000:%02x", bus->number);
	while (n > 0 && len < (int)size)
		len += snprintf(buf + len, size - len, "/%s", names[--n]);
	return len < (int)size ? len : -ENAMETOOLONG;
}

/* uio0/maps/mapM for each map, with its four files. */
static int uio_sysfs_add_maps(struct uio_device *idev)
{
	struct uio_info *info = idev->info;
	char name[8];

	for (int mi = 0; mi < MAX_UIO_MAPS && info->mem[mi].size; mi++) {
		struct sysfs_dirent *dir;

		if (!idev->map_dir && !(idev->map_dir = sysfs_mkdir(idev->dev.sysfs_dir, "maps")))
			return -ENOMEM;
		snprintf(name, sizeof(name), "map%d", mi);
		dir = sysfs_mkdir(idev->map_dir, name);
		if (!dir)
			return -ENOMEM;
		for (size_t i = 0; i < sizeof(map_attrs) / sizeof(map_attrs[0]); i++) {
			int err = sysfs_create_file(dir, &map_attrs[i], &info->mem[mi]);

			if (err)
				return err;
		}
	}
	return 0;
}

/* "../" once per component of path, then tail, into buf (the links' relative targets). */
static void uio_up_path(char *buf, size_t size, const char *path, const char *tail)
{
	int len = 0;

	for (const char *p = path; *p && len < (int)size; p++)
		if (p == path || p[-1] == '/')
			len += snprintf(buf + len, size - len, "../");
	if (len < (int)size)
		snprintf(buf + len, size - len, "%s", tail);
}

/*
 * PARENT/uio/uioN with its files and links, and /sys/class/uio/uioN.
 * Nothing (0) when the parent has no directory in /sys (sysfs absent).
 */
static int uio_sysfs_add(struct uio_device *idev)
{
	struct device *parent = idev->parent;
	char ppath[96], target[192];
	int err = 0;

	if (!parent->sysfs_dir || !uio_class_dir)
		return 0;
	if (uio_parent_path(parent, ppath, sizeof(ppath)) < 0)
		return -ENAMETOOLONG;
	idev->glue_dir = sysfs_mkdir(parent->sysfs_dir, "uio");
	if (!idev->glue_dir) {          /* another uio device of this parent made it */
		snprintf(target, sizeof(target), "%s/uio", ppath);
		idev->glue_dir = sysfs_dir(target, false);
	}
	if (!idev->glue_dir || !(idev->dev.sysfs_dir = sysfs_mkdir(idev->glue_dir, idev->name)))
		return -ENOMEM;
	snprintf(idev->sysfs_path, sizeof(idev->sysfs_path), "%s/uio/%s", ppath, idev->name);
	for (size_t i = 0; i < sizeof(uio_attrs) / sizeof(uio_attrs[0]) && !err; i++)
		err = sysfs_create_file(idev->dev.sysfs_dir, &uio_attrs[i], idev);
	/* uio0 -> uio -> PARENT -> PARENT's directory: the parent is ../../../NAME */
	snprintf(target, sizeof(target), "../../../%s", dev_name(parent));
	if (!err)
		err = sysfs_create_link(idev->dev.sysfs_dir, "device", target);
	uio_up_path(target, sizeof(target), idev->sysfs_path, "class/uio");
	if (!err)
		err = sysfs_create_link(idev->dev.sysfs_dir, "subsystem", target);
	if (!err)
		err = uio_sysfs_add_maps(idev);
	snprintf(target, sizeof(target), "../../%s", idev->sysfs_path);
	if (!err)
		err = sysfs_create_link(uio_class_dir, idev->name, target);
	return err;
}

/*
 * Remove what uio_sysfs_add made (any part of it), and the parent's uio
 * directory when no other UIO device is in it.  Under uio_lock.
 */
static void uio_sysfs_del(struct uio_device *idev)
{
	bool shared = false;

	if (!idev->glue_dir)
		return;
	if (uio_class_dir)
		sysfs_remove_entry(uio_class_dir, idev->name);
	sysfs_remove_entry(idev->glue_dir, idev->name);
	for (int i = 0; i < UIO_MAX_DEVICES; i++)
		if (uio_idevs[i] && uio_idevs[i] != idev && uio_idevs[i]->glue_dir == idev->glue_dir)
			shared = true;
	if (!shared)
		sysfs_remove_entry(idev->parent->sysfs_dir, "uio");
	idev->glue_dir = idev->map_dir = idev->dev.sysfs_dir = NULL;
	idev->sysfs_path[0] = '\0';
}

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

/* Everything but the irq and info->uio_dev; under uio_lock. */
static void uio_teardown(struct uio_device *idev, bool node)
{
	char path[32];

	uio_sysfs_del(idev);
	if (node) {
		uio_dev_path(idev, path, sizeof(path));
		init_unlink(path);
	}
	uio_idevs[idev->minor] = NULL;
}

int uio_register_device(struct device *parent, struct uio_info *info)
{
	struct uio_device *idev;
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
		goto err;
	}
	ret = uio_sysfs_add(idev);
	if (ret) {
		dev_err(&idev->dev, "error creating sysfs files (%d)\n", ret);
		goto err_node;
	}
	mutex_unlock(&uio_lock);

	info->uio_dev = idev;
	if (info->irq && info->irq != UIO_IRQ_CUSTOM) {
		ret = request_irq(info->irq, uio_interrupt, info->irq_flags, info->name, idev);
		if (ret) {
			dev_err(&idev->dev, "request_irq(%ld) failed (%d)\n", info->irq, ret);
			info->uio_dev = NULL;
			mutex_lock(&uio_lock);
			goto err_node;
		}
	}
	return 0;

err_node:
	uio_teardown(idev, true);
	mutex_unlock(&uio_lock);
	uio_put(idev);
	return ret;
err:
	uio_teardown(idev, false);
	mutex_unlock(&uio_lock);
	uio_put(idev);
	return ret;
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
		pr_err("uio: no free character major in %d-%d\n", CHRDEV_MAJOR_DYN_END,
		       CHRDEV_MAJOR_DYN_START);
		return err;
	}
	uio_class_dir = sysfs_dir("class/uio", true);
	return 0;
}
device_initcall(uio_init);
