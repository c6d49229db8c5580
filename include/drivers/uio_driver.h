/*
 * UIO, the Userspace I/O framework (Linux's include/linux/uio_driver.h and
 * Documentation/driver-api/uio-howto.rst): a small kernel driver registers
 * a device's memory ranges and its interrupt; a program does the rest.
 *
 *   /dev/uioN     read(4 bytes): block until an interrupt came, return the
 *                 s32 count of them; write(4 bytes): irqcontrol(1 or 0),
 *                 re-enable or disable the device's interrupt; mmap at
 *                 offset M * PAGE_SIZE: map M, uncached; poll: POLLIN
 *                 when a read would not block
 *   /sys/class/uio/uioN -> ../../devices/.../PARENT/uio/uioN, holding
 *                 name, version, event (the count), dev ("MAJOR:MINOR"),
 *                 uevent, maps/mapM/{name,addr,size,offset}, and the links
 *                 device (the parent) and subsystem (../../class/uio)
 *
 * A driver (drivers/uio_pci_generic.c) fills a struct uio_info and calls
 * uio_register_device(&pdev->dev, info) from its probe; its remove calls
 * uio_unregister_device(info).  The core requests the irq itself and calls
 * info->handler on each interrupt: IRQ_HANDLED counts an event and wakes
 * the readers (uio_event_notify), IRQ_NONE says the interrupt was another
 * device's (a shared INTx line).
 */
#ifndef ATLAS_DRIVERS_UIO_DRIVER_H
#define ATLAS_DRIVERS_UIO_DRIVER_H

#include <asm/atomic.h>
#include <fs/fs.h>
#include <kernel/device.h>
#include <kernel/irq.h>
#include <kernel/mutex.h>
#include <kernel/types.h>
#include <kernel/wait.h>

#define MAX_UIO_MAPS    5               /* Linux's: map0..map4 */
#define UIO_MAX_DEVICES 255             /* minors, as Linux's (1U << MINORBITS is its limit) */

/* What a map's addr means (only UIO_MEM_PHYS is mmap-able in Atlas). */
#define UIO_MEM_NONE    0
#define UIO_MEM_PHYS    1               /* a physical address: device registers, mapped uncached */
#define UIO_MEM_LOGICAL 2               /* kmalloc'd memory (not supported: mmap gives -EINVAL) */
#define UIO_MEM_VIRTUAL 3               /* vmalloc'd memory (ditto) */
#define UIO_MEM_IOVA    4               /* as UIO_MEM_PHYS, mapped cached (not used) */

/* info->irq: no interrupt, or one the driver handles itself (no request_irq). */
#define UIO_IRQ_CUSTOM  -1
#define UIO_IRQ_NONE    0

struct uio_device;

/* One memory range a program may map (Linux's struct uio_mem). */
struct uio_mem {
	const char *name;               /* maps/mapM/name: "0000:00:04.0" for a BAR */
	phys_addr_t addr;               /* page aligned for UIO_MEM_PHYS */
	unsigned long offs;             /* where the range starts in its first page */
	resource_size_t size;           /* 0 ends the list */
	int memtype;                    /* UIO_MEM_* */
};

/* What a UIO driver gives the core (Linux's struct uio_info). */
struct uio_info {
	struct uio_device *uio_dev;     /* the core's, while registered */
	const char *name;               /* /sys/class/uio/uioN/name, and /proc/interrupts' */
	const char *version;            /* .../version */
	struct uio_mem mem[MAX_UIO_MAPS];
	long irq;                       /* the irq number, UIO_IRQ_NONE or UIO_IRQ_CUSTOM */
	unsigned long irq_flags;        /* request_irq's: IRQF_SHARED */
	void *priv;                     /* the driver's */
	/* In the interrupt: IRQ_HANDLED if it was the device's (and it is quiet now). */
	enum irqreturn (*handler)(int irq, struct uio_info *info);
	/* Called for each open and last close of /dev/uioN; 0 or -errno. */
	int (*open)(struct uio_info *info, struct inode *inode);
	int (*release)(struct uio_info *info, struct inode *inode);
	/* A write of the s32 irq_on to /dev/uioN: 0 or -errno. */
	int (*irqcontrol)(struct uio_info *info, s32 irq_on);
};

/*
 * The core's own per device (Linux's, moved to this header in 5.x): the
 * event count, the readers' wait queue and the info (NULL once the driver
 * has unregistered while a file is still open: reads then fail with -EIO).
 */
struct uio_device {
	struct device dev;              /* dev.init_name = "uio0", dev.sysfs_dir = its /sys directory */
	struct device *parent;
	int minor;
	atomic_t event;                 /* interrupts counted (s32, wrapping) */
	wait_queue_head_t wait;         /* readers waiting for the count to change */
	struct uio_info *info;          /* under info_lock */
	struct mutex info_lock;
	atomic_t refcount;              /* the registration + every open file */
	char name[16];                  /* "uio0" */
	char sysfs_path[128];           /* "devices/pci0000:00/0000:00:04.0/uio/uio0"; "" without sysfs */
	struct sysfs_dirent *glue_dir;  /* the parent's "uio" directory */
	struct sysfs_dirent *map_dir;   /* uio0/maps */
};

/*
 * Make info a UIO device under parent (Linux's uio_register_device): the
 * lowest free minor N, /dev/uioN (crw-------), the /sys files when parent
 * has a directory there, and, if info->irq is a real irq, request_irq(irq,
 * ..., info->irq_flags, info->name).  0, or -EINVAL (no parent, name or
 * version), -ENOSPC (no minor), -ENOMEM, or what request_irq or mknod said,
 * with nothing left behind.  May sleep.
 */
int uio_register_device(struct device *parent, struct uio_info *info);

/* Undo uio_register_device: free the irq, remove the files; open files get -EIO. */
void uio_unregister_device(struct uio_info *info);

/* Count one event and wake the readers (for drivers with UIO_IRQ_CUSTOM). Any context. */
void uio_event_notify(struct uio_info *info);

/* The minor of the UIO device registered under parent, or -ENODEV (tests, monitor). */
int uio_find_minor(struct device *parent);

/* The dynamic major /dev/uioN use (from 254 down, as Linux's), or 0 before uio_init. */
unsigned int uio_major(void);

#endif
