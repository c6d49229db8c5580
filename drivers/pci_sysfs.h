/*
 * What drivers/pci_sysfs.c (the functions' directories) and
 * drivers/pci_sysfs_driver.c (the drivers' directories) share.
 */
#ifndef ATLAS_DRIVERS_PCI_SYSFS_H
#define ATLAS_DRIVERS_PCI_SYSFS_H

#include <drivers/pci.h>

#define PCI_SYSFS_ROOT  "devices/pci0000:00"    /* the root bus's directory */
#define PCI_SYSFS_PATH_MAX 128                  /* "devices/pci0000:00" + 13 per level */

/* dev's directory under /sys into buf ("devices/pci0000:00/0000:00:05.0/0000:01:01.0"). */
void pci_sysfs_path(const struct pci_dev *dev, char *buf, size_t size);
/* How many directories dev's lies below /sys (3 for 0000:00:04.0). */
int pci_sysfs_depth(const struct pci_dev *dev);
/* "../" depth times, then rest, into buf: a link's target from a directory depth deep. */
void pci_sysfs_up(char *buf, size_t size, int depth, const char *rest);
/* The function named buf ("0000:00:04.0", a newline allowed), or NULL (bus_find_device_by_name). */
struct pci_dev *pci_sysfs_find_dev(const char *buf);
/*
 * A write to a uevent file (Linux's kobject_synth_uevent) of the object at
 * path who: count for a known action, else -EINVAL and a line.
 */
long pci_sysfs_synth_uevent(const char *who, const char *buf, size_t count);

#endif
