/*
 * The driver model, as far as Atlas needs it (Linux's include/linux/device.h,
 * much reduced): a struct device is embedded in each bus's own device
 * structure (struct pci_dev's dev), names the driver bound to it, carries
 * the driver's private data and the device's DMA masks, and has a directory
 * in /sys (sysfs_dir).  There are no kobjects, no reference counts and no
 * hotplug: devices exist from enumeration to power-off.
 */
#ifndef ATLAS_KERNEL_DEVICE_H
#define ATLAS_KERNEL_DEVICE_H

#include <kernel/printk.h>
#include <kernel/types.h>

struct sysfs_dirent;

struct device_driver {
	const char *name;               /* "edu", "uio_pci_generic": /sys/bus/pci/drivers/NAME */
};

struct device {
	const char *init_name;          /* dev_name(): "0000:00:04.0" */
	const char *bus_name;           /* "pci": dev_printk's prefix when no driver is bound */
	struct device_driver *driver;   /* bound driver, or NULL */
	void *driver_data;              /* dev_set_drvdata */
	u64 *dma_mask;                  /* what streaming DMA may address (points at dma_mask_store) */
	u64 coherent_dma_mask;          /* what dma_alloc_coherent may return */
	u64 dma_mask_store;
	struct sysfs_dirent *sysfs_dir; /* /sys/devices/pci0000:00/0000:00:04.0, NULL before sysfs */
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name;
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

/* The prefix Linux's dev_printk gives: the driver's name if bound, else the bus's. */
static inline const char *dev_driver_string(const struct device *dev)
{
	return dev->driver ? dev->driver->name : dev->bus_name ? dev->bus_name : "";
}

/* "edu 0000:00:04.0: message", as Linux's dev_info and friends. */
#define dev_printk(level, dev, fmt, ...) \
	printk(level "%s %s: " fmt, dev_driver_string(dev), dev_name(dev), ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)    dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)   dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)   dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)    dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)

#endif
