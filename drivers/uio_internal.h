/* The UIO core's own seam: drivers/uio.c and its /sys files, drivers/uio_sysfs.c. */
#ifndef ATLAS_DRIVERS_UIO_INTERNAL_H
#define ATLAS_DRIVERS_UIO_INTERNAL_H

#include <drivers/uio_driver.h>

/* Make /sys/class/uio (nothing without sysfs).  Once, from uio_init. */
void uio_sysfs_init(void);

/*
 * PARENT/uio/uioN with its files and links, and /sys/class/uio/uioN:
 * 0 or -errno (the parts made stay for uio_sysfs_del).  Nothing (0) when
 * the parent has no directory in /sys.  Under uio_lock.
 */
int uio_sysfs_add(struct uio_device *idev);

/*
 * Remove what uio_sysfs_add made (any part of it), and the parent's uio
 * directory unless shared (another UIO device of the parent is in it).
 * Under uio_lock.
 */
void uio_sysfs_del(struct uio_device *idev, bool shared);

#endif
