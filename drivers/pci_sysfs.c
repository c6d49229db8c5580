/*
 * PCI in /sys (Linux's drivers/pci/pci-sysfs.c), in Linux's formats:
 *
 *   /sys/devices/pci0000:00/0000:00:04.0/          one directory per function;
 *       vendor device class revision ...           a function behind a bridge
 *       config resource resource0 ...              nests in the bridge's
 *       subsystem -> ../../../bus/pci
 *       driver -> ../../../bus/pci/drivers/edu     while a driver holds it
 *   /sys/bus/pci/devices/0000:00:04.0 -> ../../../devices/pci0000:00/0000:00:04.0
 *   /sys/bus/pci/drivers/edu/                      bind unbind new_id remove_id
 *       0000:00:04.0 -> ../../../../devices/pci0000:00/0000:00:04.0
 *
 * The files only read what the PCI core keeps (struct pci_dev) or the
 * configuration space.  The drivers' directories are pci_sysfs_driver.c's.
 */
#include <errno.h>
#include <asm/io.h>
#include <asm/page.h>
#include <drivers/pci.h>
#include <fs/sysfs.h>
#include <kernel/cpumask.h>
#include <kernel/kernel.h>
#include <kernel/mutex.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/mmap.h>
#include <mm/slab.h>

#include "pci_sysfs.h"


/*
 * Linux (with CONFIG_PCI_IOV) numbers a function's resources 0-5 BARs, 6
 * ROM, 7-12 SR-IOV BARs, 13-16 bridge windows; its resource file prints 13
 * lines for a device and 17 for a bridge.  Atlas keeps the ROM at 6 and the
 * windows at 7-9 (PCI_BRIDGE_RESOURCES): the lines between are zeros.
 */
#define LINUX_PCI_IOV_RESOURCES         6
#define LINUX_PCI_BRIDGE_RESOURCE_NUM   4

/* A function's own binary attributes: each has its size and BAR (kzalloc'd, never freed). */
struct pci_sysfs_files {
	struct sysfs_bin_attr config;
	struct sysfs_bin_attr res[PCI_STD_NUM_BARS];
	char res_name[PCI_STD_NUM_BARS][12];    /* "resource0" */
};

/* ---- paths ---- */

/* dev's directory under /sys into buf ("devices/pci0000:00/0000:00:05.0/0000:01:01.0"). */
void pci_sysfs_path(const struct pci_dev *dev, char *buf, size_t size)
{
	const struct pci_dev *up = dev->bus ? dev->bus->self : NULL;
	size_t len;

	if (up)
		pci_sysfs_path(up, buf, size);
	else
		strscpy(buf, PCI_SYSFS_ROOT, size);
	len = strlen(buf);
	snprintf(buf + len, size - len, "/%s", pci_name(dev));
}

/* How many directories dev's lies below /sys (3 for 0000:00:04.0). */
int pci_sysfs_depth(const struct pci_dev *dev)
{
	int depth = 3;

	for (const struct pci_bus *bus = dev->bus; bus && bus->self; bus = bus->self->bus)
		depth++;
	return depth;
}

/* "../" depth times, then rest, into buf: a link's target from a directory depth deep. */
void pci_sysfs_up(char *buf, size_t size, int depth, const char *rest)
{
	size_t len = 0;

	buf[0] = '\0';
	while (depth-- > 0 && len + 3 < size) {
		memcpy(buf + len, "../", 4);
		len += 3;
	}
	strscpy(buf + len, rest, size - len);
}

/* Linux's sysfs_streq: equal, but for one trailing newline on either. */
static bool pci_sysfs_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	if (*a == *b)
		return true;
	if (*a == '\n' && !a[1] && !*b)
		return true;
	return *b == '\n' && !b[1] && !*a;
}

/* The function named buf ("0000:00:04.0", a newline allowed), or NULL (bus_find_device_by_name). */
struct pci_dev *pci_sysfs_find_dev(const char *buf)
{
	struct pci_dev *dev;

	for_each_pci_dev(dev)
		if (pci_sysfs_streq(pci_name(dev), buf))
			return dev;
	return NULL;
}

/* ---- a function's text attributes ---- */

#define PCI_SHOW(field, fmt) \
	static long field##_show(void *obj, char *buf) \
	{ \
		return sysfs_emit(buf, fmt "\n", ((struct pci_dev *)obj)->field); \
	}

PCI_SHOW(vendor, "0x%04x")
PCI_SHOW(device, "0x%04x")
PCI_SHOW(subsystem_vendor, "0x%04x")
PCI_SHOW(subsystem_device, "0x%04x")
PCI_SHOW(revision, "0x%02x")
PCI_SHOW(class, "0x%06x")

/* Linux 6.1's irq_show: the MSI's irq while MSI is on, else the INTx line. */
static long irq_show(void *obj, char *buf)
{
	struct pci_dev *dev = obj;

	return sysfs_emit(buf, "%u\n", dev->msi_enabled ? dev->msi_irq : dev->irq);
}

static long enable_show(void *obj, char *buf)
{
	return sysfs_emit(buf, "%u\n", (unsigned int)((struct pci_dev *)obj)->enable_cnt);
}

/*
 * Linux's enable_store: 1 enables, 0 disables an enabled function; not
 * while bound.  Under pci_bind_lock (Linux: device_lock), so that no
 * driver binds between the test and the change and has its enable count
 * and bus mastering taken away under it.
 */
static long enable_store(void *obj, const char *buf, size_t count)
{
	struct pci_dev *dev = obj;
	unsigned long val;
	long r = 0;

	if (kstrtoul(buf, 0, &val) < 0)
		return -EINVAL;
	mutex_lock(&pci_bind_lock);
	if (dev->driver)
		r = -EBUSY;
	else if (val)
		r = pci_enable_device(dev);
	else if (pci_is_enabled(dev))
		pci_disable_device(dev);
	else
		r = -EIO;
	mutex_unlock(&pci_bind_lock);
	return r < 0 ? r : (long)count;
}

/* Linux's "%*pb" of the online CPUs: hex, 32 bits a group, high group first. */
static long local_cpus_show(void *obj, char *buf)
{
	unsigned long bits = cpu_online_mask->bits[0];
	int width = DIV_ROUND_UP(nr_cpu_ids > 32 ? nr_cpu_ids - 32 : nr_cpu_ids, 4);

	(void)obj;
	if (nr_cpu_ids > 32)
		return sysfs_emit(buf, "%0*lx,%08lx\n", width, bits >> 32, bits & 0xffffffffUL);
	return sysfs_emit(buf, "%0*lx\n", width, bits);
}

/* Linux's "%*pbl": the online CPUs as ranges ("0-1"). */
static long local_cpulist_show(void *obj, char *buf)
{
	unsigned int cpu, len = 0;

	(void)obj;
	for_each_online_cpu(cpu) {
		unsigned int last = cpu;

		if (cpu && cpumask_test_cpu(cpu - 1, cpu_online_mask))
			continue;       /* inside a range already printed */
		while (cpumask_test_cpu(last + 1, cpu_online_mask))
			last++;
		len += scnprintf(buf + len, PAGE_SIZE - len, len ? ",%u" : "%u", cpu);
		if (last != cpu)
			len += scnprintf(buf + len, PAGE_SIZE - len, "-%u", last);
	}
	len += scnprintf(buf + len, PAGE_SIZE - len, "\n");
	return len;
}

static long numa_node_show(void *obj, char *buf)
{
	(void)obj;
	return sysfs_emit(buf, "%d\n", -1);     /* NUMA_NO_NODE: Atlas has one node */
}

static int pci_fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

static long dma_mask_bits_show(void *obj, char *buf)
{
	struct pci_dev *dev = obj;

	return sysfs_emit(buf, "%d\n", pci_fls64(dev->dev.dma_mask ? *dev->dev.dma_mask : 0));
}

static long consistent_dma_mask_bits_show(void *obj, char *buf)
{
	return sysfs_emit(buf, "%d\n", pci_fls64(((struct pci_dev *)obj)->dev.coherent_dma_mask));
}

/* "pci:v00001234d000011E8sv00001AF4sd00001100bcFFsc00i00", no newline (for uevent too). */
static int pci_modalias(const struct pci_dev *dev, char *buf, size_t size)
{
	return scnprintf(buf, size, "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X",
			 dev->vendor, dev->device, dev->subsystem_vendor, dev->subsystem_device,
			 (dev->class >> 16) & 0xff, (dev->class >> 8) & 0xff, dev->class & 0xff);
}

static long modalias_show(void *obj, char *buf)
{
	int len = pci_modalias(obj, buf, PAGE_SIZE);

	return len + scnprintf(buf + len, PAGE_SIZE - len, "\n");
}

/* Linux's dev_uevent + pci_uevent, as uevent_show prints them (busybox's lspci reads it). */
static long dev_uevent_show(void *obj, char *buf)
{
	struct pci_dev *dev = obj;
	int len = 0;

	if (dev->driver)
		len += scnprintf(buf, PAGE_SIZE, "DRIVER=%s\n", dev->driver->name);
	len += scnprintf(buf + len, PAGE_SIZE - len,
			 "PCI_CLASS=%X\nPCI_ID=%04X:%04X\nPCI_SUBSYS_ID=%04X:%04X\n"
			 "PCI_SLOT_NAME=%s\nMODALIAS=", dev->class, dev->vendor, dev->device,
			 dev->subsystem_vendor, dev->subsystem_device, pci_name(dev));
	len += pci_modalias(dev, buf + len, PAGE_SIZE - len);
	return len + scnprintf(buf + len, PAGE_SIZE - len, "\n");
}

/*
 * Linux's kobject_synth_uevent: a write to uevent names an action ("add",
 * "change" ...); there is no hotplug helper to tell, so a known action is
 * accepted and nothing else happens.  Anything else: -EINVAL and a line.
 */
long pci_sysfs_synth_uevent(const char *who, const char *buf, size_t count)
{
	static const char *const actions[] = {
		"add", "remove", "change", "move", "online", "offline", "bind", "unbind",
	};
	size_t len = strlen(buf);

	while (len && (buf[len - 1] == '\n'))
		len--;
	for (unsigned int i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		size_t n = strlen(actions[i]);

		if (len >= n && !strncmp(buf, actions[i], n) && (len == n || buf[n] == ' '))
			return count;
	}
	pr_warn("synth uevent: %s: unknown uevent action string\n", who);
	return -EINVAL;
}

static long dev_uevent_store(void *obj, const char *buf, size_t count)
{
	char path[PCI_SYSFS_PATH_MAX + 1] = "/";

	pci_sysfs_path(obj, path + 1, sizeof(path) - 1);
	return pci_sysfs_synth_uevent(path, buf, count);
}

/* One resource line: start, end and flags, as Linux's resource_show (NULL: zeros). */
static int pci_resource_line(char *buf, size_t size, const struct resource *res)
{
	static const struct resource zero;

	if (!res)
		res = &zero;
	/* pci_resource_to_user: on x86 the bus address is the CPU's */
	return scnprintf(buf, size, "0x%016llx 0x%016llx 0x%016llx\n",
			 (unsigned long long)res->start, (unsigned long long)res->end,
			 (unsigned long long)res->flags);
}

static long pci_dev_resource_show(void *obj, char *buf)
{
	struct pci_dev *dev = obj;
	int len = 0, i;

	for (i = 0; i <= PCI_ROM_RESOURCE; i++)
		len += pci_resource_line(buf + len, PAGE_SIZE - len, &dev->resource[i]);
	for (i = 0; i < LINUX_PCI_IOV_RESOURCES; i++)
		len += pci_resource_line(buf + len, PAGE_SIZE - len, NULL);
	if (!dev->subordinate)
		return len;     /* a device's quirk ports (resource[7..9]) are not shown, as Linux's */
	for (i = 0; i < LINUX_PCI_BRIDGE_RESOURCE_NUM; i++)
		len += pci_resource_line(buf + len, PAGE_SIZE - len,
					 i < PCI_BRIDGE_RESOURCE_NUM ?
					 &dev->resource[PCI_BRIDGE_RESOURCES + i] : NULL);
	return len;
}

static const struct sysfs_attr pci_dev_attrs[] = {
	{ "vendor", 0444, vendor_show, NULL },
	{ "device", 0444, device_show, NULL },
	{ "subsystem_vendor", 0444, subsystem_vendor_show, NULL },
	{ "subsystem_device", 0444, subsystem_device_show, NULL },
	{ "revision", 0444, revision_show, NULL },
	{ "class", 0444, class_show, NULL },
	{ "irq", 0444, irq_show, NULL },
	{ "resource", 0444, pci_dev_resource_show, NULL },
	{ "enable", 0600, enable_show, enable_store },
	{ "local_cpus", 0444, local_cpus_show, NULL },
	{ "local_cpulist", 0444, local_cpulist_show, NULL },
	{ "numa_node", 0444, numa_node_show, NULL },
	{ "dma_mask_bits", 0444, dma_mask_bits_show, NULL },
	{ "consistent_dma_mask_bits", 0444, consistent_dma_mask_bits_show, NULL },
	{ "modalias", 0444, modalias_show, NULL },
	{ "uevent", 0644, dev_uevent_show, dev_uevent_store },
};

/* ---- config: the configuration space ---- */

/*
 * Linux's pci_read_config: count bytes from off (clipped to the space),
 * read as an aligned byte, word, dwords, word, byte, so that a read of any
 * offset and length touches each register at its natural width.
 */
static long pci_config_read(void *obj, const struct sysfs_bin_attr *attr, char *buf, loff_t off,
			    size_t count)
{
	struct pci_dev *dev = obj;
	u8 *data = (u8 *)buf;
	size_t size;

	size = count;           /* the sysfs core clipped it to the space */
	if ((off & 1) && size) {
		pci_read_config_byte(dev, off, data);
		off++, data++, size--;
	}
	if ((off & 3) && size > 2) {
		u16 v;

		pci_read_config_word(dev, off, &v);
		memcpy(data, &v, 2);
		off += 2, data += 2, size -= 2;
	}
	for (; size > 3; off += 4, data += 4, size -= 4) {
		u32 v;

		pci_read_config_dword(dev, off, &v);
		memcpy(data, &v, 4);
	}
	if (size >= 2) {
		u16 v;

		pci_read_config_word(dev, off, &v);
		memcpy(data, &v, 2);
		off += 2, data += 2, size -= 2;
	}
	if (size)
		pci_read_config_byte(dev, off, data);
	return count;
}

/* Linux's pci_write_config: the same widths, so a program may set the command register. */
static long pci_config_write(void *obj, const struct sysfs_bin_attr *attr, const char *buf,
			     loff_t off, size_t count)
{
	struct pci_dev *dev = obj;
	const u8 *data = (const u8 *)buf;
	size_t size;

	size = count;           /* the sysfs core clipped it to the space */
	if ((off & 1) && size) {
		pci_write_config_byte(dev, off, data[0]);
		off++, data++, size--;
	}
	if ((off & 3) && size > 2) {
		pci_write_config_word(dev, off, data[0] | data[1] << 8);
		off += 2, data += 2, size -= 2;
	}
	for (; size > 3; off += 4, data += 4, size -= 4)
		pci_write_config_dword(dev, off, data[0] | data[1] << 8 | data[2] << 16 |
				       (u32)data[3] << 24);
	if (size >= 2) {
		pci_write_config_word(dev, off, data[0] | data[1] << 8);
		off += 2, data += 2, size -= 2;
	}
	if (size)
		pci_write_config_byte(dev, off, data[0]);
	return count;
}

/*
 * Linux's pci_cfg_space_size: 4 KiB for a host bridge or a PCI Express
 * function when ECAM reaches its bus and offset 0x100 answers; 256 bytes
 * for conventional PCI (edu, even on q35).
 */
static loff_t pci_sysfs_cfg_size(struct pci_dev *dev)
{
	u32 v;

	if (!pci_mmcfg_covers(0, dev->bus->number))
		return PCI_CFG_SPACE_SIZE;
	if ((dev->class >> 8) != PCI_CLASS_BRIDGE_HOST && !pci_find_capability(dev, PCI_CAP_ID_EXP))
		return PCI_CFG_SPACE_SIZE;
	if (pci_read_config_dword(dev, PCI_CFG_SPACE_SIZE, &v) || v == 0xffffffff)
		return PCI_CFG_SPACE_SIZE;
	return PCI_CFG_SPACE_EXP_SIZE;
}

/* ---- resourceN: a BAR ---- */

/*
 * Linux's pci_resource_io: one port access of 1, 2 or 4 bytes at the
 * BAR's start + off (0 past the BAR's end, -EINVAL for a run past it or
 * another width).
 */
static long pci_resource_io(struct pci_dev *dev, const struct sysfs_bin_attr *attr, char *buf,
			    loff_t off, size_t count, bool write)
{
	int bar = (int)(unsigned long)attr->private;
	u64 port = pci_resource_start(dev, bar) + off;

	if (port > pci_resource_end(dev, bar))
		return 0;
	if (port + count - 1 > pci_resource_end(dev, bar))
		return -EINVAL;
	switch (count) {
	case 1:
		if (write)
			outb(*(u8 *)buf, port);
		else
			*(u8 *)buf = inb(port);
		return 1;
	case 2:
		if (write)
			outw(*(u16 *)buf, port);
		else
			*(u16 *)buf = inw(port);
		return 2;
	case 4:
		if (write)
			outl(*(u32 *)buf, port);
		else
			*(u32 *)buf = inl(port);
		return 4;
	}
	return -EINVAL;
}

static long pci_read_resource_io(void *obj, const struct sysfs_bin_attr *attr, char *buf,
				 loff_t off, size_t count)
{
	return pci_resource_io(obj, attr, buf, off, count, false);
}

static long pci_write_resource_io(void *obj, const struct sysfs_bin_attr *attr, const char *buf,
				  loff_t off, size_t count)
{
	return pci_resource_io(obj, attr, (char *)buf, off, count, true);
}

/*
 * Linux's pci_mmap_resource_uc: map pages vm_pgoff.. of a memory BAR
 * uncached.  -EINVAL when a driver holds the range busy (iomem_is_exclusive,
 * as CONFIG_IO_STRICT_DEVMEM) or the pages run past the BAR (pci_mmap_fits).
 */
static int pci_mmap_resource(void *obj, const struct sysfs_bin_attr *attr,
			     struct vm_area_struct *vma)
{
	struct pci_dev *dev = obj;
	int bar = (int)(unsigned long)attr->private;
	struct resource *res = &dev->resource[bar];
	unsigned long nr = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	unsigned long pages = ((pci_resource_len(dev, bar) - 1) >> PAGE_SHIFT) + 1;

	if (!(res->flags & IORESOURCE_MEM))
		return -EINVAL;         /* x86 cannot map I/O ports */
	if (iomem_is_exclusive(res->start))
		return -EINVAL;
	if (!pci_resource_len(dev, bar) || vma->vm_pgoff >= pages || nr > pages - vma->vm_pgoff)
		return -EINVAL;
	vma->vm_pgoff += res->start >> PAGE_SHIFT;
	return remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff, nr << PAGE_SHIFT,
			       pgprot_noncached(vm_get_page_prot(vma->vm_flags)));
}

/* config and resourceN in dev's directory: 0 or -errno. */
static int pci_sysfs_add_bin_files(struct pci_dev *dev, struct sysfs_dirent *dir)
{
	struct pci_sysfs_files *files = kzalloc(sizeof(*files), GFP_KERNEL);
	int err;

	if (!files)
		return -ENOMEM;
	files->config = (struct sysfs_bin_attr){
		.name = "config", .mode = 0644, .size = pci_sysfs_cfg_size(dev),
		.read = pci_config_read, .write = pci_config_write,
	};
	err = sysfs_create_bin_file(dir, &files->config, dev);
	for (int i = 0; i < PCI_STD_NUM_BARS && !err; i++) {
		struct sysfs_bin_attr *a = &files->res[i];

		if (!pci_resource_len(dev, i))
			continue;
		snprintf(files->res_name[i], sizeof(files->res_name[i]), "resource%d", i);
		*a = (struct sysfs_bin_attr){
			.name = files->res_name[i], .mode = 0600, .size = pci_resource_len(dev, i),
			.private = (void *)(unsigned long)i,
		};
		if (pci_resource_flags(dev, i) & IORESOURCE_IO) {
			a->read = pci_read_resource_io;
			a->write = pci_write_resource_io;
		} else {
			a->mmap = pci_mmap_resource;
		}
		err = sysfs_create_bin_file(dir, a, dev);
	}
	return err;
}

/* ---- the tree ---- */

/* dev's directory with its files and links: 0 or -errno. */
static int pci_sysfs_add_dev(struct pci_dev *dev)
{
	char path[PCI_SYSFS_PATH_MAX], link[PCI_SYSFS_PATH_MAX + 32];
	struct sysfs_dirent *parent, *dir;
	int depth = pci_sysfs_depth(dev), err = 0;

	parent = dev->bus && dev->bus->self ? dev->bus->self->dev.sysfs_dir
					    : sysfs_dir(PCI_SYSFS_ROOT, true);
	dir = parent ? sysfs_mkdir(parent, pci_name(dev)) : NULL;
	if (!dir)
		return -ENOMEM;
	dev->dev.sysfs_dir = dir;
	for (unsigned int i = 0; i < sizeof(pci_dev_attrs) / sizeof(pci_dev_attrs[0]) && !err; i++)
		err = sysfs_create_file(dir, &pci_dev_attrs[i], dev);
	if (!err)
		err = pci_sysfs_add_bin_files(dev, dir);
	pci_sysfs_up(link, sizeof(link), depth, "bus/pci");
	if (!err)
		err = sysfs_create_link(dir, "subsystem", link);
	pci_sysfs_path(dev, path, sizeof(path));
	pci_sysfs_up(link, sizeof(link), 3, path);
	if (!err)
		err = sysfs_create_link(sysfs_dir("bus/pci/devices", true), pci_name(dev), link);
	return err;
}

/**
 * pci_sysfs_init - /sys/devices/pci0000:00/... for every function, with
 * /sys/bus/pci/devices' links and /sys/bus/pci/drivers.  sysfs_init calls
 * it once /sys is mounted.
 */
void pci_sysfs_init(void)
{
	struct pci_dev *dev;

	if (!sysfs_dir("bus/pci/devices", true) || !sysfs_dir("bus/pci/drivers", true)) {
		pr_err("pci_sysfs: cannot make /sys/bus/pci\n");
		return;
	}
	for_each_pci_dev(dev) {
		int err = pci_sysfs_add_dev(dev);

		if (err)
			pr_err("pci %s: cannot add its /sys files (%d)\n", pci_name(dev), err);
	}
}
