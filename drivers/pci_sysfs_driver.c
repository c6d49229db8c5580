/*
 * The drivers' directories in /sys (Linux's drivers/base/bus.c bind/unbind
 * and drivers/pci/pci-driver.c new_id/remove_id):
 *
 *   /sys/bus/pci/drivers/edu/                      bind unbind new_id remove_id uevent
 *       0000:00:04.0 -> ../../../../devices/pci0000:00/0000:00:04.0
 *
 * Writes go to the driver core's binding operations (drivers/pci_driver.c)
 * and return Linux's errnos; the driver core calls the pci_sysfs_* hooks
 * below as drivers register and devices bind.
 */
#include <errno.h>
#include <drivers/pci.h>
#include <fs/sysfs.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

#include "pci_sysfs.h"

static bool pci_sysfs_isxdigit(char c)
{
	return isdigit_k(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* Linux's bind_store: attach the named function to this driver. */
static long bind_store(void *obj, const char *buf, size_t count)
{
	struct pci_dev *dev = pci_sysfs_find_dev(buf);
	int err;

	if (!dev)
		return -ENODEV;
	err = pci_driver_attach(obj, dev);
	return err ? err : (long)count;
}

/* Linux's unbind_store: release the named function if this driver holds it, else -ENODEV. */
static long unbind_store(void *obj, const char *buf, size_t count)
{
	struct pci_dev *dev = pci_sysfs_find_dev(buf);

	if (!dev || dev->driver != obj)
		return -ENODEV;
	pci_device_release_driver(dev);
	return count;
}

/*
 * sscanf's "%x" for each of the n fields of buf (blanks between, an optional
 * 0x): how many were read, stopping at the first that is not hex.  The
 * fields not read keep their values.
 */
static int pci_sysfs_scan_hex(const char *buf, unsigned long *fields, int n)
{
	int got = 0;

	while (got < n) {
		unsigned long v = 0;
		const char *start;

		while (isspace_k(*buf))
			buf++;
		if (buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X') && pci_sysfs_isxdigit(buf[2]))
			buf += 2;
		start = buf;
		for (; pci_sysfs_isxdigit(*buf); buf++)
			v = v << 4 | (isdigit_k(*buf) ? *buf - '0' : (*buf | 0x20) - 'a' + 10);
		if (buf == start)
			break;
		fields[got++] = v;
	}
	return got;
}

/*
 * Linux's new_id_store: "vendor device [subvendor subdevice class
 * class_mask driver_data]" in hex, at least two fields (-EINVAL); then
 * pci_add_dynid applies Linux's rules (-EEXIST if the driver matches such
 * a device already, -EINVAL for a driver_data its table lacks).
 */
static long new_id_store(void *obj, const char *buf, size_t count)
{
	unsigned long f[7] = { 0, 0, PCI_ANY_ID, PCI_ANY_ID, 0, 0, 0 };
	int err;

	if (pci_sysfs_scan_hex(buf, f, 7) < 2)
		return -EINVAL;
	err = pci_add_dynid(obj, f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
	return err ? err : (long)count;
}

/* Linux's remove_id_store: "vendor device [subvendor subdevice]"; -ENODEV if no such ID. */
static long remove_id_store(void *obj, const char *buf, size_t count)
{
	unsigned long f[6] = { 0, 0, PCI_ANY_ID, PCI_ANY_ID, 0, 0 };
	int err;

	if (pci_sysfs_scan_hex(buf, f, 6) < 2)
		return -EINVAL;
	err = pci_remove_dynid(obj, f[0], f[1], f[2], f[3]);
	return err ? err : (long)count;
}

static long drv_uevent_store(void *obj, const char *buf, size_t count)
{
	char who[64];

	snprintf(who, sizeof(who), "/bus/pci/drivers/%s", ((struct pci_driver *)obj)->name);
	return pci_sysfs_synth_uevent(who, buf, count);
}

static const struct sysfs_attr pci_drv_attrs[] = {
	{ "bind", 0200, NULL, bind_store },
	{ "unbind", 0200, NULL, unbind_store },
	{ "new_id", 0200, NULL, new_id_store },
	{ "remove_id", 0200, NULL, remove_id_store },
	{ "uevent", 0200, NULL, drv_uevent_store },
};

/** pci_sysfs_add_driver - /sys/bus/pci/drivers/NAME with its files (pci_register_driver) */
void pci_sysfs_add_driver(struct pci_driver *drv)
{
	struct sysfs_dirent *drivers = sysfs_dir("bus/pci/drivers", true), *dir;
	int err = 0;

	dir = drivers ? sysfs_mkdir(drivers, drv->name) : NULL;
	if (!dir) {
		pr_err("pci_sysfs: cannot make /sys/bus/pci/drivers/%s\n", drv->name);
		return;
	}
	for (unsigned int i = 0; i < sizeof(pci_drv_attrs) / sizeof(pci_drv_attrs[0]) && !err; i++)
		err = sysfs_create_file(dir, &pci_drv_attrs[i], drv);
	if (err)
		pr_err("pci_sysfs: /sys/bus/pci/drivers/%s is incomplete (%d)\n", drv->name, err);
	drv->sysfs_dir = dir;
}

/*
 * pci_sysfs_remove_driver - remove /sys/bus/pci/drivers/NAME; waits for
 * writes to its files in progress (call it without pci_bind_lock held).
 */
void pci_sysfs_remove_driver(struct pci_driver *drv)
{
	sysfs_remove_dir(drv->sysfs_dir);
	drv->sysfs_dir = NULL;
}

/** pci_sysfs_bind - the links of dev's new driver: dev/driver and drivers/NAME/dev */
void pci_sysfs_bind(struct pci_dev *dev)
{
	char path[PCI_SYSFS_PATH_MAX], link[PCI_SYSFS_PATH_MAX + 64];
	int err = -ENOENT;

	if (!dev->driver || !dev->dev.sysfs_dir)
		return;
	snprintf(path, sizeof(path), "bus/pci/drivers/%s", dev->driver->name);
	pci_sysfs_up(link, sizeof(link), pci_sysfs_depth(dev), path);
	err = sysfs_create_link(dev->dev.sysfs_dir, "driver", link);
	pci_sysfs_path(dev, path, sizeof(path));
	pci_sysfs_up(link, sizeof(link), 4, path);
	if (!err && dev->driver->sysfs_dir)
		err = sysfs_create_link(dev->driver->sysfs_dir, pci_name(dev), link);
	if (err)
		pr_err("pci %s: cannot link driver %s in /sys (%d)\n", pci_name(dev),
		       dev->driver->name, err);
}

/** pci_sysfs_unbind - remove the links pci_sysfs_bind made (before the driver's remove) */
void pci_sysfs_unbind(struct pci_dev *dev)
{
	if (dev->dev.sysfs_dir)
		sysfs_remove_entry(dev->dev.sysfs_dir, "driver");
	if (dev->driver && dev->driver->sysfs_dir)
		sysfs_remove_entry(dev->driver->sysfs_dir, pci_name(dev));
}
