/*
 * The UIO core's files in /sys (Linux's uio.c attributes, the driver
 * core's dev and uevent, and the class links), for drivers/uio.c:
 *
 *   /sys/devices/pci0000:00/0000:00:04.0/uio/uio0/
 *       name version event dev uevent
 *       maps/map0/{name,addr,size,offset}
 *       device -> ../../../0000:00:04.0
 *       subsystem -> ../../../../../class/uio
 *   /sys/class/uio/uio0 -> ../../devices/pci0000:00/0000:00:04.0/uio/uio0
 *
 * Atlas's struct device has no parent pointer nor kobject path, so the
 * parent's place under /sys is worked out here: a PCI function under its
 * root bus and bridges, as drivers/pci_sysfs.c lays them out; any other
 * device under devices/platform.  Linux's power/ directory is not made
 * (Atlas has no runtime power management).
 */
#include <drivers/pci.h>
#include <drivers/uio_driver.h>
#include <errno.h>
#include <fs/sysfs.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/page.h>

#include "uio_internal.h"

static struct sysfs_dirent *uio_class_dir;       /* /sys/class/uio, NULL without sysfs */

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

	return scnprintf(buf, PAGE_SIZE, "%u:%d\n", uio_major(), idev->minor);
}

/* The driver core's uevent file: what udev would be told about the device. */
static long uio_uevent_show(void *obj, char *buf)
{
	struct uio_device *idev = obj;

	return scnprintf(buf, PAGE_SIZE, "MAJOR=%u\nMINOR=%d\nDEVNAME=%s\n", uio_major(), idev->minor,
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

int uio_sysfs_add(struct uio_device *idev)
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


void uio_sysfs_del(struct uio_device *idev, bool shared)
{

	if (!idev->glue_dir)
		return;
	if (uio_class_dir)
		sysfs_remove_entry(uio_class_dir, idev->name);
	sysfs_remove_entry(idev->glue_dir, idev->name);
	if (!shared)
		sysfs_remove_entry(idev->parent->sysfs_dir, "uio");
	idev->glue_dir = idev->map_dir = idev->dev.sysfs_dir = NULL;
	idev->sysfs_path[0] = '\0';
}

void uio_sysfs_init(void)
{
	uio_class_dir = sysfs_dir("class/uio", true);
}
