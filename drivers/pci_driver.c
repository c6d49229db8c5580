/*
 * The PCI driver model (Linux's drivers/pci/pci-driver.c with the parts of
 * drivers/base/dd.c it leans on) and the helpers a driver's probe calls
 * (drivers/pci/pci.c, setup-res.c, lib/pci_iomap.c).
 *
 * A driver registers a struct pci_driver: a name and a table of IDs.  The
 * core offers it every function that has no driver and that one of its IDs
 * matches; probe() then owns the function until remove().  Matching, as
 * Linux's pci_match_one_device:
 *
 *   vendor, device, subvendor, subdevice   equal, or PCI_ANY_ID in the ID
 *   class                                  (dev->class ^ id->class) & id->class_mask == 0
 *
 * so { PCI_DEVICE(0x1234, 0x11e8) } takes QEMU's edu, and { .vendor =
 * PCI_ANY_ID, .device = PCI_ANY_ID, ..., .class = 0x0c0300, .class_mask =
 * 0xffff00 } every USB UHCI controller whatever its prog-if.  IDs added at
 * run time through sysfs's new_id (the "dynamic IDs") are tried before the
 * table.
 *
 * One mutex, pci_bind_lock, orders every binding change: registration,
 * probe, remove and the dynamic IDs.  It is a mutex because probe may sleep
 * (allocate, wait for the device).  A second spinlock, pci_cmd_lock, guards
 * read-modify-write of the command register, which interrupt handlers of
 * shared INTx lines also touch (pci_check_and_mask_intx).
 */
#include <asm/io.h>
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/mutex.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <mm/slab.h>

#define pci_info(pdev, fmt, ...) dev_info(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_warn(pdev, fmt, ...) dev_warn(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_err(pdev, fmt, ...)  dev_err(&(pdev)->dev, fmt, ##__VA_ARGS__)

DEFINE_MUTEX(pci_bind_lock);
static DEFINE_SPINLOCK(pci_cmd_lock);
static DEFINE_MUTEX(pci_enable_lock);   /* enable_cnt and the bridges above */
static struct pci_driver *driver_list;  /* in registration order */

/* ---- matching ---- */

/* Linux's pci_match_one_device: whether id describes dev. */
static bool pci_match_one_device(const struct pci_device_id *id, const struct pci_dev *dev)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == dev->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == dev->device) &&
	       (id->subvendor == PCI_ANY_ID || id->subvendor == dev->subsystem_vendor) &&
	       (id->subdevice == PCI_ANY_ID || id->subdevice == dev->subsystem_device) &&
	       !((id->class ^ dev->class) & id->class_mask);
}

/* An id table ends with an entry whose vendor, subvendor and class_mask are all 0. */
static bool pci_id_is_end(const struct pci_device_id *id)
{
	return !id->vendor && !id->subvendor && !id->class_mask;
}

const struct pci_device_id *pci_match_device(struct pci_driver *drv, struct pci_dev *dev)
{
	for (struct pci_dynid *d = drv->dynids; d; d = d->next)
		if (pci_match_one_device(&d->id, dev))
			return &d->id;
	for (const struct pci_device_id *id = drv->id_table; id && !pci_id_is_end(id); id++)
		if (pci_match_one_device(id, dev))
			return id;
	return NULL;
}

/* ---- the registry ---- */

static struct pci_driver *find_driver_locked(const char *name)
{
	for (struct pci_driver *drv = driver_list; drv; drv = drv->next_driver)
		if (!strcmp(drv->name, name))
			return drv;
	return NULL;
}

/* Takes pci_bind_lock: not for probe, remove or the sysfs hooks, which run under it. */
struct pci_driver *pci_find_driver(const char *name)
{
	struct pci_driver *drv;

	mutex_lock(&pci_bind_lock);
	drv = find_driver_locked(name);
	mutex_unlock(&pci_bind_lock);
	return drv;
}

struct pci_driver *pci_first_driver(void)
{
	return driver_list;
}

/* ---- probe and remove (all under pci_bind_lock) ---- */

/*
 * Linux's really_probe for PCI: the device names its driver during probe
 * (so the driver's dev_info lines carry its name) and forgets it again if
 * probe fails.  As Linux, -ENODEV and -ENXIO are a quiet "not mine".
 */
static int pci_probe_locked(struct pci_driver *drv, struct pci_dev *dev,
			    const struct pci_device_id *id)
{
	int ret = 0;

	dev->driver = drv;
	dev->dev.driver = &drv->driver;
	if (drv->probe)
		ret = drv->probe(dev, id);
	if (ret) {
		dev->driver = NULL;
		dev->dev.driver = NULL;
		dev_set_drvdata(&dev->dev, NULL);
		if (ret != -ENODEV && ret != -ENXIO)
			printk(KERN_WARNING "%s: probe of %s failed with error %d\n", drv->name,
			       pci_name(dev), ret);
		return ret;
	}
	pci_sysfs_bind(dev);
	return 0;
}

static void pci_release_locked(struct pci_dev *dev)
{
	struct pci_driver *drv = dev->driver;

	if (!drv)
		return;
	pci_sysfs_unbind(dev);
	if (drv->remove)
		drv->remove(dev);
	dev->driver = NULL;
	dev->dev.driver = NULL;
	dev_set_drvdata(&dev->dev, NULL);
}

static int probe_unbound_locked(struct pci_driver *drv)
{
	struct pci_dev *dev;
	const struct pci_device_id *id;
	int bound = 0;

	for_each_pci_dev(dev) {
		if (dev->driver || !(id = pci_match_device(drv, dev)))
			continue;
		if (!pci_probe_locked(drv, dev, id))
			bound++;
	}
	return bound;
}

int pci_driver_attach(struct pci_driver *drv, struct pci_dev *dev)
{
	const struct pci_device_id *id;
	int ret;

	mutex_lock(&pci_bind_lock);
	id = pci_match_device(drv, dev);
	if (!id)
		ret = -ENODEV;          /* Linux's bind_store: driver_match_device first */
	else if (dev->driver)
		ret = -EBUSY;
	else
		ret = pci_probe_locked(drv, dev, id);
	mutex_unlock(&pci_bind_lock);
	return ret;
}

void pci_device_release_driver(struct pci_dev *dev)
{
	mutex_lock(&pci_bind_lock);
	pci_release_locked(dev);
	mutex_unlock(&pci_bind_lock);
}

int pci_driver_probe_unbound(struct pci_driver *drv)
{
	int bound;

	mutex_lock(&pci_bind_lock);
	bound = probe_unbound_locked(drv);
	mutex_unlock(&pci_bind_lock);
	return bound;
}

int pci_register_driver(struct pci_driver *drv)
{
	struct pci_driver **tail;

	if (!drv || !drv->name || !*drv->name)
		return -EINVAL;
	mutex_lock(&pci_bind_lock);
	if (find_driver_locked(drv->name)) {
		mutex_unlock(&pci_bind_lock);
		printk(KERN_ERR "Error: Driver '%s' is already registered, aborting...\n",
		       drv->name);
		return -EBUSY;
	}
	drv->driver.name = drv->name;
	drv->dynids = NULL;
	drv->next_driver = NULL;
	for (tail = &driver_list; *tail; tail = &(*tail)->next_driver)
		;
	*tail = drv;
	pci_sysfs_add_driver(drv);
	probe_unbound_locked(drv);
	mutex_unlock(&pci_bind_lock);
	return 0;
}

/* drv's place in driver_list, or NULL if it is not registered; under pci_bind_lock. */
static struct pci_driver **driver_slot(struct pci_driver *drv)
{
	struct pci_driver **p;

	for (p = &driver_list; *p && *p != drv; p = &(*p)->next_driver)
		;
	return *p ? p : NULL;
}

void pci_unregister_driver(struct pci_driver *drv)
{
	struct pci_driver **p;
	struct pci_dev *dev;

	mutex_lock(&pci_bind_lock);
	p = driver_slot(drv);
	mutex_unlock(&pci_bind_lock);
	if (!p) {
		printk(KERN_WARNING "pci: unregistering driver %s that is not registered\n",
		       drv->name);
		return;
	}
	/*
	 * Its /sys files go first, without the lock, as Linux's
	 * bus_remove_driver: removing them waits for a bind or unbind write
	 * already running, and that write may be waiting for pci_bind_lock.
	 */
	pci_sysfs_remove_driver(drv);
	mutex_lock(&pci_bind_lock);
	p = driver_slot(drv);
	if (!p) {                       /* another unregister got there first */
		mutex_unlock(&pci_bind_lock);
		return;
	}
	for_each_pci_dev(dev)
		if (dev->driver == drv)
			pci_release_locked(dev);
	*p = drv->next_driver;
	drv->next_driver = NULL;
	while (drv->dynids) {
		struct pci_dynid *d = drv->dynids;

		drv->dynids = d->next;
		kfree(d);
	}
	mutex_unlock(&pci_bind_lock);
}

/* ---- dynamic IDs (sysfs's new_id and remove_id) ---- */

/*
 * Linux's new_id_store and pci_add_dynid together: an ID that the driver
 * matches already (a function with these IDs and this class would bind) is
 * -EEXIST; driver_data must be one of the table's (-EINVAL) when there is a
 * table; the new ID goes at the end of the list and every unbound function
 * it matches is probed.
 */
int pci_add_dynid(struct pci_driver *drv, u32 vendor, u32 device, u32 subvendor, u32 subdevice,
		  u32 class, u32 class_mask, unsigned long driver_data)
{
	struct pci_dev probe = {
		.vendor = vendor, .device = device,
		.subsystem_vendor = subvendor, .subsystem_device = subdevice,
		.class = class,
	};
	struct pci_dynid *new, **tail;
	const struct pci_device_id *id;
	bool known = !drv->id_table;

	for (id = drv->id_table; id && !pci_id_is_end(id); id++)
		if (id->driver_data == driver_data)
			known = true;
	if (!known)
		return -EINVAL;
	mutex_lock(&pci_bind_lock);
	if (pci_match_device(drv, &probe)) {
		mutex_unlock(&pci_bind_lock);
		return -EEXIST;
	}
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new) {
		mutex_unlock(&pci_bind_lock);
		return -ENOMEM;
	}
	new->id = (struct pci_device_id){ vendor, device, subvendor, subdevice, class,
					  class_mask, driver_data };
	for (tail = &drv->dynids; *tail; tail = &(*tail)->next)
		;
	*tail = new;
	probe_unbound_locked(drv);
	mutex_unlock(&pci_bind_lock);
	return 0;
}

/* Linux's remove_id_store: the first dynamic ID with these IDs (PCI_ANY_ID: any sub-IDs). */
int pci_remove_dynid(struct pci_driver *drv, u32 vendor, u32 device, u32 subvendor,
		     u32 subdevice)
{
	int ret = -ENODEV;

	mutex_lock(&pci_bind_lock);
	for (struct pci_dynid **p = &drv->dynids; *p; p = &(*p)->next) {
		struct pci_device_id *id = &(*p)->id;

		if (id->vendor == vendor && id->device == device &&
		    (subvendor == PCI_ANY_ID || id->subvendor == subvendor) &&
		    (subdevice == PCI_ANY_ID || id->subdevice == subdevice)) {
			struct pci_dynid *gone = *p;

			*p = gone->next;
			kfree(gone);
			ret = 0;
			break;
		}
	}
	mutex_unlock(&pci_bind_lock);
	return ret;
}

/* ---- the command register ---- */

/* Set the bits of set and clear those of clear in dev's command register; the old value. */
static u16 pci_update_command(struct pci_dev *dev, u16 clear, u16 set)
{
	unsigned long flags;
	u16 old, new;

	spin_lock_irqsave(&pci_cmd_lock, flags);
	pci_read_config_word(dev, PCI_COMMAND, &old);
	new = (old & ~clear) | set;
	if (new != old)
		pci_write_config_word(dev, PCI_COMMAND, new);
	spin_unlock_irqrestore(&pci_cmd_lock, flags);
	return old;
}

/* Whether dev has a PCI Express capability (the latency timer does not apply then). */
static bool pci_is_pcie(struct pci_dev *dev)
{
	return pci_find_capability(dev, PCI_CAP_ID_EXP) != 0;
}

#define PCIBIOS_MIN_LATENCY 16          /* below this, a latency timer is "unset" */
#define PCIBIOS_DEFAULT_LATENCY 64      /* what Linux's pcibios_set_master then writes */

void pci_set_master(struct pci_dev *dev)
{
	u8 lat;

	pci_update_command(dev, 0, PCI_COMMAND_MASTER);
	dev->is_busmaster = true;
	/* Linux's pcibios_set_master: a conventional PCI master needs a latency timer. */
	if (pci_is_pcie(dev))
		return;
	pci_read_config_byte(dev, PCI_LATENCY_TIMER, &lat);
	if (lat < PCIBIOS_MIN_LATENCY)
		pci_write_config_byte(dev, PCI_LATENCY_TIMER, PCIBIOS_DEFAULT_LATENCY);
}

void pci_clear_master(struct pci_dev *dev)
{
	pci_update_command(dev, PCI_COMMAND_MASTER, 0);
	dev->is_busmaster = false;
}

void pci_intx(struct pci_dev *dev, int enable)
{
	if (enable)
		pci_update_command(dev, PCI_COMMAND_INTX_DISABLE, 0);
	else
		pci_update_command(dev, 0, PCI_COMMAND_INTX_DISABLE);
}

/*
 * Linux's pci_intx_mask_supported: flip INTx disable and read it back.  A
 * function that ignores the bit cannot have its line masked at the device
 * (PCI 2.3 added the bit), so uio_pci_generic refuses it.
 */
bool pci_intx_mask_supported(struct pci_dev *dev)
{
	unsigned long flags;
	bool supported = false;
	u16 orig, new;

	spin_lock_irqsave(&pci_cmd_lock, flags);
	pci_read_config_word(dev, PCI_COMMAND, &orig);
	pci_write_config_word(dev, PCI_COMMAND, orig ^ PCI_COMMAND_INTX_DISABLE);
	pci_read_config_word(dev, PCI_COMMAND, &new);
	if ((new ^ orig) & ~PCI_COMMAND_INTX_DISABLE) {
		spin_unlock_irqrestore(&pci_cmd_lock, flags);
		pci_err(dev, "Command register changed from 0x%x to 0x%x: driver or hardware bug?\n",
			orig, new);
		return false;
	}
	if ((new ^ orig) & PCI_COMMAND_INTX_DISABLE) {
		supported = true;
		pci_write_config_word(dev, PCI_COMMAND, orig);
	}
	spin_unlock_irqrestore(&pci_cmd_lock, flags);
	return supported;
}

/*
 * Linux's pci_check_and_set_intx_mask: one dword read gives the command
 * register (low half) and the status register (high half).  Mask only when
 * the function says it asserts INTx (so a shared line's other devices are
 * left alone); unmask only when nothing is pending.
 */
static bool pci_check_and_set_intx_mask(struct pci_dev *dev, bool mask)
{
	unsigned long flags;
	bool pending;
	u32 cmd_status;
	u16 cmd;

	spin_lock_irqsave(&pci_cmd_lock, flags);
	pci_read_config_dword(dev, PCI_COMMAND, &cmd_status);
	pending = (cmd_status >> 16) & PCI_STATUS_INTERRUPT;
	if (mask != pending) {
		spin_unlock_irqrestore(&pci_cmd_lock, flags);
		return false;
	}
	cmd = (u16)cmd_status & ~PCI_COMMAND_INTX_DISABLE;
	if (mask)
		cmd |= PCI_COMMAND_INTX_DISABLE;
	if (cmd != (u16)cmd_status)
		pci_write_config_word(dev, PCI_COMMAND, cmd);
	spin_unlock_irqrestore(&pci_cmd_lock, flags);
	return true;
}

bool pci_check_and_mask_intx(struct pci_dev *dev)
{
	return pci_check_and_set_intx_mask(dev, true);
}

bool pci_check_and_unmask_intx(struct pci_dev *dev)
{
	return pci_check_and_set_intx_mask(dev, false);
}

/* ---- enabling ---- */

/*
 * Linux's pci_enable_resources: the decoding the function's claimed BARs
 * need (a ROM only if its enable bit is set).  A BAR with no address, or
 * not in the resource tree, stops it: the function would answer where
 * something else lives.
 */
static int pci_enable_resources(struct pci_dev *dev)
{
	char buf[96];
	u16 cmd = 0, old;

	for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
		struct resource *r = &dev->resource[i];

		if (!(r->flags & (IORESOURCE_IO | IORESOURCE_MEM)))
			continue;
		if (i == PCI_ROM_RESOURCE && !(r->flags & IORESOURCE_ROM_ENABLE))
			continue;
		if ((r->flags & IORESOURCE_UNSET) || !r->parent) {
			resource_format(buf, sizeof(buf), r);
			pci_err(dev, "can't enable device: BAR %d %s not %s\n", i, buf,
				r->flags & IORESOURCE_UNSET ? "assigned" : "claimed");
			return -EINVAL;
		}
		cmd |= r->flags & IORESOURCE_IO ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
	}
	old = pci_update_command(dev, 0, cmd);
	if ((old | cmd) != old)
		pci_info(dev, "enabling device (%04x -> %04x)\n", old, old | cmd);
	return 0;
}

static int __pci_enable_device(struct pci_dev *dev);

/* Linux's pci_enable_bridge: a bridge on the way must forward and master. */
static void pci_enable_bridge(struct pci_dev *bridge)
{
	int ret;

	if (bridge->bus->self)
		pci_enable_bridge(bridge->bus->self);
	if (!pci_is_enabled(bridge)) {
		ret = __pci_enable_device(bridge);
		if (ret)
			pci_err(bridge, "Error enabling bridge (%d), continuing\n", ret);
	}
	if (!bridge->is_busmaster)
		pci_set_master(bridge);
}

static int __pci_enable_device(struct pci_dev *dev)
{
	u8 pin;
	int ret;

	if (dev->enable_cnt++ > 0)
		return 0;
	if (dev->bus->self)
		pci_enable_bridge(dev->bus->self);
	ret = pci_enable_resources(dev);
	/*
	 * As Linux's acpi_pci_irq_enable: a pin with no route (-ENOENT) leaves
	 * the function usable (MSI, polling); a route that fails to set up fails.
	 */
	if (!ret && !dev->msi_enabled && (ret = pcibios_enable_irq(dev)) == -ENOENT)
		ret = 0;
	if (ret) {
		dev->enable_cnt--;
		return ret;
	}
	/* as Linux's do_pci_enable_device: a function with a pin gets INTx back */
	pci_read_config_byte(dev, PCI_INTERRUPT_PIN, &pin);
	if (pin && !dev->msi_enabled)
		pci_intx(dev, 1);
	return 0;
}

int pci_enable_device(struct pci_dev *dev)
{
	int ret;

	mutex_lock(&pci_enable_lock);
	ret = __pci_enable_device(dev);
	mutex_unlock(&pci_enable_lock);
	return ret;
}

/*
 * Linux's pci_disable_device: the last one stops bus mastering.  As Linux,
 * decoding stays on (BIOS and bridges dislike it off; /dev/mem and sysfs's
 * resourceN can still read an unbound function).
 */
void pci_disable_device(struct pci_dev *dev)
{
	mutex_lock(&pci_enable_lock);
	if (dev->enable_cnt <= 0) {
		mutex_unlock(&pci_enable_lock);
		pci_warn(dev, "disabling already-disabled device\n");
		return;
	}
	if (--dev->enable_cnt == 0) {
		pci_update_command(dev, PCI_COMMAND_MASTER, 0);
		dev->is_busmaster = false;
	}
	mutex_unlock(&pci_enable_lock);
}

/* ---- regions and mappings ---- */

int pci_request_regions(struct pci_dev *dev, const char *name)
{
	char buf[96];
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		if (!pci_resource_len(dev, bar))
			continue;
		if (pci_request_region(dev, bar, name))
			goto fail;
	}
	return 0;
fail:
	resource_format(buf, sizeof(buf), &dev->resource[bar]);
	pci_warn(dev, "BAR %d: can't reserve %s\n", bar, buf);
	while (--bar >= 0)
		if (pci_resource_len(dev, bar))
			pci_release_region(dev, bar);
	return -EBUSY;
}

void pci_release_regions(struct pci_dev *dev)
{
	for (int bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		if (pci_resource_len(dev, bar))
			pci_release_region(dev, bar);
}

/*
 * Linux's pci_iomap: an uncached mapping of a memory BAR's first maxlen
 * bytes (all of it for 0).  Atlas maps no port ranges into memory space,
 * so an I/O BAR gives NULL, as does a BAR with no address.
 */
void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen)
{
	u64 start, len;

	if (bar < 0 || bar > PCI_ROM_RESOURCE)
		return NULL;
	start = pci_resource_start(dev, bar);
	len = pci_resource_len(dev, bar);
	if (!len || !start || !(pci_resource_flags(dev, bar) & IORESOURCE_MEM))
		return NULL;
	if (maxlen && len > maxlen)
		len = maxlen;
	return ioremap(start, len);
}

void pci_iounmap(struct pci_dev *dev, void __iomem *addr)
{
	if (addr)
		iounmap(addr);
}

/* ---- capabilities ---- */

#define PCI_FIND_CAP_TTL 48             /* (256 - 64) / 4: a loop cannot last longer */
#define PCI_CB_CAPABILITY_LIST 0x14     /* where a CardBus bridge keeps the pointer */

u8 pci_find_capability(struct pci_dev *dev, int cap)
{
	u16 status, ent;
	u8 pos;
	int where;

	pci_read_config_word(dev, PCI_STATUS, &status);
	if (!(status & PCI_STATUS_CAP_LIST))
		return 0;
	if (dev->hdr_type == PCI_HEADER_TYPE_NORMAL || dev->hdr_type == PCI_HEADER_TYPE_BRIDGE)
		where = PCI_CAPABILITY_LIST;
	else if (dev->hdr_type == PCI_HEADER_TYPE_CARDBUS)
		where = PCI_CB_CAPABILITY_LIST;
	else
		return 0;
	pci_read_config_byte(dev, where, &pos);
	for (int ttl = PCI_FIND_CAP_TTL; ttl > 0; ttl--) {
		if (pos < 0x40)         /* the list lives after the standard header */
			break;
		pos &= ~3;
		pci_read_config_word(dev, pos, &ent);
		if ((ent & 0xff) == 0xff)
			break;
		if ((ent & 0xff) == cap)
			return pos;
		pos = ent >> 8;
	}
	return 0;
}
