/*
 * pci_driver suite: the PCI driver model (drivers/pci_driver.c).  Matching
 * by Linux's rules on made-up functions (no hardware needed); a driver for
 * an ID no function has binds nothing; dynamic IDs as sysfs's new_id and
 * remove_id use them; then, on QEMU's edu (1234:11e8) when the machine has
 * one: take it from its driver, bind a test driver through a dynamic ID,
 * check what probe got (enabled, regions busy in iomem under the BAR, the
 * BAR mapped and reading edu's ID), release it, and give it back to the
 * driver that held it, so that a second run finds everything as the first.
 */
#include <asm/io.h>
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/ioport.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_ID_REG 0x00
#define EDU_ID_MAJOR_1 0x010000ed       /* edu's identification register: version 1.0 */

/* A function that is no machine's: edu's IDs with QEMU's subsystem and class 00ff00. */
static const struct pci_dev fake_edu = {
	.vendor = EDU_VENDOR, .device = EDU_DEVICE,
	.subsystem_vendor = 0x1af4, .subsystem_device = 0x1100,
	.class = 0x00ff00,
};

static struct pci_dev *find_edu(struct kunit *test)
{
	struct pci_dev *dev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);

	if (!dev)
		kunit_skip(test, "no edu device on this machine (-device edu absent)");
	return dev;
}

/* ---- matching ---- */

static const struct pci_device_id *match(const struct pci_device_id *table, const struct pci_dev *d)
{
	struct pci_driver drv = { .name = "pcidrv_match", .id_table = table };

	return pci_match_device(&drv, (struct pci_dev *)d);
}

static void pci_driver_match_ids_and_any(struct kunit *test)
{
	const struct pci_device_id exact[] = { { PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) }, {} };
	const struct pci_device_id any[] = { { PCI_DEVICE(PCI_ANY_ID, PCI_ANY_ID) }, {} };
	const struct pci_device_id other[] = {
		{ PCI_DEVICE(EDU_VENDOR, 0x1111) }, { PCI_DEVICE(0x8086, EDU_DEVICE) }, {} };
	const struct pci_device_id subsys[] = {
		{ EDU_VENDOR, EDU_DEVICE, 0x1af4, 0x1234, 0, 0, 1 },   /* wrong subdevice */
		{ EDU_VENDOR, EDU_DEVICE, 0x1af4, 0x1100, 0, 0, 2 },   /* right */
		{} };

	KUNIT_EXPECT_PTR_EQ(test, match(exact, &fake_edu), &exact[0]);
	KUNIT_EXPECT_PTR_EQ(test, match(any, &fake_edu), &any[0]);
	KUNIT_EXPECT_NULL(test, match(other, &fake_edu));
	KUNIT_EXPECT_PTR_EQ(test, match(subsys, &fake_edu), &subsys[1]);
	KUNIT_EXPECT_NULL(test, match(NULL, &fake_edu));       /* no table: only dynids */
}

static void pci_driver_match_class_under_mask(struct kunit *test)
{
	/* class 00ff00 (Unassigned class): prog-if ignored, then the whole class */
	const struct pci_device_id base_sub[] = {
		{ PCI_ANY_ID, PCI_ANY_ID, PCI_ANY_ID, PCI_ANY_ID, 0x00ff17, 0xffff00, 0 }, {} };
	const struct pci_device_id whole[] = {
		{ PCI_ANY_ID, PCI_ANY_ID, PCI_ANY_ID, PCI_ANY_ID, 0x00ff01, 0xffffff, 0 }, {} };
	const struct pci_device_id bridge[] = {
		{ PCI_ANY_ID, PCI_ANY_ID, PCI_ANY_ID, PCI_ANY_ID, 0x060400, 0xffff00, 0 }, {} };
	/* class_mask 0: class is ignored */
	const struct pci_device_id nomask[] = {
		{ EDU_VENDOR, PCI_ANY_ID, PCI_ANY_ID, PCI_ANY_ID, 0x060400, 0, 0 }, {} };
	/* an entry with only a class_mask is not the end of the table */
	const struct pci_device_id classonly[] = {
		{ 0, 0, 0, 0, 0x00ff00, 0xff0000, 0 }, {} };
	struct pci_dev vga = fake_edu;

	KUNIT_EXPECT_PTR_EQ(test, match(base_sub, &fake_edu), &base_sub[0]);
	KUNIT_EXPECT_NULL(test, match(whole, &fake_edu));
	KUNIT_EXPECT_NULL(test, match(bridge, &fake_edu));
	KUNIT_EXPECT_PTR_EQ(test, match(nomask, &fake_edu), &nomask[0]);
	/* vendor 0 must equal the function's vendor: edu's is not 0 */
	KUNIT_EXPECT_NULL(test, match(classonly, &fake_edu));
	vga.vendor = 0;
	vga.device = 0;
	vga.subsystem_vendor = 0;
	vga.subsystem_device = 0;
	KUNIT_EXPECT_PTR_EQ(test, match(classonly, &vga), &classonly[0]);
}

/* ---- registration ---- */

static int fake_probes;

static int fake_probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	fake_probes++;
	return 0;
}

/* A driver that looks and declines, as a probe that finds the wrong hardware. */
static int reject_probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	fake_probes++;
	return -ENODEV;
}

static const struct pci_device_id fake_ids[] = { { PCI_DEVICE(0xdead, 0xbeef) }, {} };

static struct pci_driver fake_driver = {
	.name = "pcidrv_fake",
	.id_table = fake_ids,
	.probe = fake_probe,
};

static void pci_driver_absent_id_binds_nothing(struct kunit *test)
{
	struct pci_driver twin = { .name = "pcidrv_fake", .id_table = fake_ids };
	struct pci_dev *dev;
	int held = 0;

	fake_probes = 0;
	KUNIT_ASSERT_EQ(test, pci_register_driver(&fake_driver), 0);
	KUNIT_EXPECT_PTR_EQ(test, pci_find_driver("pcidrv_fake"), &fake_driver);
	KUNIT_EXPECT_STREQ(test, fake_driver.driver.name, "pcidrv_fake");
	for_each_pci_dev(dev)
		held += dev->driver == &fake_driver;
	KUNIT_EXPECT_EQ(test, held, 0);
	KUNIT_EXPECT_EQ(test, fake_probes, 0);
	KUNIT_EXPECT_EQ(test, pci_driver_probe_unbound(&fake_driver), 0);
	/* a second driver of the same name is refused */
	KUNIT_EXPECT_EQ(test, pci_register_driver(&twin), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, pci_find_driver("pcidrv_fake"), &fake_driver);
	dev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);
	if (dev)
		KUNIT_EXPECT_EQ(test, pci_driver_attach(&fake_driver, dev), -ENODEV);
	pci_unregister_driver(&fake_driver);
	KUNIT_EXPECT_NULL(test, pci_find_driver("pcidrv_fake"));
	KUNIT_EXPECT_EQ(test, fake_probes, 0);
}

static void pci_driver_dynids_follow_new_id_rules(struct kunit *test)
{
	static const struct pci_device_id edu_ids[] = { { PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) }, {} };
	struct pci_driver dyn = { .name = "pcidrv_dyn", .probe = fake_probe };
	struct pci_driver tab = { .name = "pcidrv_tab", .id_table = edu_ids, .probe = reject_probe };
	struct pci_dev beef = fake_edu, *dev;

	beef.vendor = 0xdead;
	beef.device = 0xbeef;
	fake_probes = 0;
	KUNIT_ASSERT_EQ(test, pci_register_driver(&dyn), 0);
	KUNIT_EXPECT_NULL(test, pci_match_device(&dyn, &beef));
	KUNIT_EXPECT_EQ(test, pci_add_dynid(&dyn, 0xdead, 0xbeef, PCI_ANY_ID, PCI_ANY_ID, 0, 0, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, pci_match_device(&dyn, &beef), &dyn.dynids->id);
	/* the same again, or one it covers: -EEXIST, as new_id */
	KUNIT_EXPECT_EQ(test, pci_add_dynid(&dyn, 0xdead, 0xbeef, PCI_ANY_ID, PCI_ANY_ID, 0, 0, 0),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, pci_add_dynid(&dyn, 0xdead, 0xbeef, 0x1af4, 0x1100, 0, 0, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, fake_probes, 0);                  /* no such function */
	KUNIT_EXPECT_EQ(test, pci_remove_dynid(&dyn, 0xdead, 0xbeef, PCI_ANY_ID, PCI_ANY_ID), 0);
	KUNIT_EXPECT_NULL(test, pci_match_device(&dyn, &beef));
	KUNIT_EXPECT_EQ(test, pci_remove_dynid(&dyn, 0xdead, 0xbeef, PCI_ANY_ID, PCI_ANY_ID),
			-ENODEV);
	/* unregistering frees the IDs left behind (the leak check would see them) */
	KUNIT_EXPECT_EQ(test, pci_add_dynid(&dyn, 0xdead, 0xbee0, PCI_ANY_ID, PCI_ANY_ID, 0, 0, 0), 0);
	pci_unregister_driver(&dyn);
	KUNIT_EXPECT_NULL(test, dyn.dynids);

	/* a driver with a table: its own IDs exist already; driver_data must be one of its */
	KUNIT_ASSERT_EQ(test, pci_register_driver(&tab), 0);
	KUNIT_EXPECT_EQ(test, pci_add_dynid(&tab, EDU_VENDOR, EDU_DEVICE, PCI_ANY_ID, PCI_ANY_ID,
					    0, 0, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, pci_add_dynid(&tab, 0xdead, 0xbeef, PCI_ANY_ID, PCI_ANY_ID, 0, 0, 5),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, tab.dynids);
	for_each_pci_dev(dev)
		KUNIT_EXPECT_PTR_NE(test, dev->driver, &tab);  /* probe declined */
	pci_unregister_driver(&tab);
}

/* ---- binding a real function ---- */

struct probe_record {
	int probes, removes;
	bool enabled;                   /* pci_is_enabled during probe */
	u32 id;                         /* edu's identification register through pci_iomap */
	int regions;                    /* pci_request_regions' answer */
};

static struct probe_record rec;

static int test_probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	void __iomem *regs;
	int ret;

	rec.probes++;
	ret = pci_enable_device(dev);
	if (ret)
		return ret;
	rec.enabled = pci_is_enabled(dev);
	rec.regions = pci_request_regions(dev, "pcidrv_test");
	if (rec.regions) {
		pci_disable_device(dev);
		return rec.regions;
	}
	regs = pci_iomap(dev, 0, 0);
	rec.id = regs ? readl(regs + EDU_ID_REG) : 0;
	pci_iounmap(dev, regs);
	pci_set_drvdata(dev, &rec);
	return 0;
}

static void test_remove(struct pci_dev *dev)
{
	rec.removes++;
	pci_release_regions(dev);
	pci_disable_device(dev);
}

static struct pci_driver test_driver = {
	.name = "pcidrv_test",
	.probe = test_probe,
	.remove = test_remove,
};

/* The deepest iomem resource at the start of BAR 0. */
static struct resource *bar0_holder(struct pci_dev *dev)
{
	return lookup_resource_containing(&iomem_resource, pci_resource_start(dev, 0));
}

static void pci_driver_attach_and_release_edu(struct kunit *test)
{
	struct pci_dev *dev = find_edu(test);
	struct pci_driver *orig = dev->driver;
	struct resource *held, busy = {};
	int attach, again, dynid_again, restored = 0;

	memset(&rec, 0, sizeof(rec));
	pci_device_release_driver(dev);
	KUNIT_EXPECT_NULL(test, dev->driver);
	KUNIT_EXPECT_NULL(test, dev->dev.driver);
	KUNIT_EXPECT_NULL(test, pci_get_drvdata(dev));
	KUNIT_EXPECT_PTR_EQ(test, bar0_holder(dev), &dev->resource[0]);   /* nothing busy */
	KUNIT_ASSERT_EQ(test, pci_register_driver(&test_driver), 0);

	attach = pci_driver_attach(&test_driver, dev);          /* no ID yet */
	KUNIT_EXPECT_EQ(test, pci_add_dynid(&test_driver, EDU_VENDOR, EDU_DEVICE, PCI_ANY_ID,
					    PCI_ANY_ID, 0, 0, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, dev->driver, &test_driver);
	KUNIT_EXPECT_PTR_EQ(test, dev->dev.driver, &test_driver.driver);
	KUNIT_EXPECT_PTR_EQ(test, pci_get_drvdata(dev), &rec);
	held = bar0_holder(dev);
	if (held)       /* a copy: release frees it */
		busy = *held;
	again = pci_driver_attach(&test_driver, dev);
	dynid_again = pci_add_dynid(&test_driver, EDU_VENDOR, EDU_DEVICE, PCI_ANY_ID, PCI_ANY_ID,
				    0, 0, 0);
	pci_device_release_driver(dev);
	pci_unregister_driver(&test_driver);
	if (orig)
		restored = pci_driver_attach(orig, dev);

	KUNIT_EXPECT_EQ(test, attach, -ENODEV);
	KUNIT_EXPECT_EQ(test, again, -EBUSY);
	KUNIT_EXPECT_EQ(test, dynid_again, -EEXIST);
	KUNIT_EXPECT_EQ(test, rec.probes, 1);
	KUNIT_EXPECT_EQ(test, rec.removes, 1);
	KUNIT_EXPECT_TRUE(test, rec.enabled);
	KUNIT_EXPECT_EQ(test, rec.regions, 0);
	KUNIT_EXPECT_EQ(test, rec.id, EDU_ID_MAJOR_1);
	KUNIT_ASSERT_NOT_NULL(test, held);
	KUNIT_EXPECT_STREQ(test, busy.name ? busy.name : "", "pcidrv_test");
	KUNIT_EXPECT_TRUE(test, busy.flags & IORESOURCE_BUSY);
	KUNIT_EXPECT_PTR_EQ(test, busy.parent, &dev->resource[0]);
	KUNIT_EXPECT_EQ(test, busy.start, pci_resource_start(dev, 0));
	KUNIT_EXPECT_EQ(test, busy.end, pci_resource_end(dev, 0));
	/* given back: the driver it had, or none */
	KUNIT_EXPECT_EQ(test, restored, 0);
	KUNIT_EXPECT_PTR_EQ(test, dev->driver, orig);
	if (!orig)
		KUNIT_EXPECT_PTR_EQ(test, bar0_holder(dev), &dev->resource[0]);
}

static u16 command(struct pci_dev *dev)
{
	u16 cmd;

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	return cmd;
}

static void pci_driver_enable_is_counted(struct kunit *test)
{
	struct pci_dev *dev = find_edu(test);
	int base = dev->enable_cnt;
	u16 cmd0 = command(dev);
	char line[64];
	size_t pos = log_buf_pos();

	/* a free function with its decoding off says what enabling turned on */
	if (!base)
		pci_write_config_word(dev, PCI_COMMAND, cmd0 & ~PCI_COMMAND_DECODE_ENABLE);
	KUNIT_ASSERT_EQ(test, pci_enable_device(dev), 0);
	snprintf(line, sizeof(line), "%s: enabling device (%04x -> %04x)", pci_name(dev),
		 cmd0 & ~PCI_COMMAND_DECODE_ENABLE, (cmd0 & ~PCI_COMMAND_DECODE_ENABLE) | PCI_COMMAND_MEMORY);
	if (!base)
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, line));
	KUNIT_EXPECT_EQ(test, dev->enable_cnt, base + 1);
	KUNIT_EXPECT_TRUE(test, command(dev) & PCI_COMMAND_MEMORY);    /* BAR 0 is memory */
	KUNIT_ASSERT_EQ(test, pci_enable_device(dev), 0);
	KUNIT_EXPECT_EQ(test, dev->enable_cnt, base + 2);
	if (!base)
		pci_set_master(dev);
	KUNIT_EXPECT_TRUE(test, command(dev) & PCI_COMMAND_MASTER);
	pci_disable_device(dev);
	KUNIT_EXPECT_EQ(test, dev->enable_cnt, base + 1);
	KUNIT_EXPECT_TRUE(test, command(dev) & PCI_COMMAND_MASTER);
	pci_disable_device(dev);
	KUNIT_EXPECT_EQ(test, dev->enable_cnt, base);
	if (base) {
		/* a driver holds it: its bus mastering stays as it was */
		KUNIT_EXPECT_EQ(test, command(dev), cmd0);
		return;
	}
	/* the last disable stops mastering; decoding stays on, as Linux's */
	KUNIT_EXPECT_FALSE(test, command(dev) & PCI_COMMAND_MASTER);
	KUNIT_EXPECT_FALSE(test, dev->is_busmaster);
	KUNIT_EXPECT_TRUE(test, command(dev) & PCI_COMMAND_MEMORY);
	pos = log_buf_pos();
	pci_disable_device(dev);
	KUNIT_EXPECT_EQ(test, dev->enable_cnt, 0);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "disabling already-disabled device"));
	pci_write_config_word(dev, PCI_COMMAND, cmd0);          /* as the firmware left it */
}

static void pci_driver_regions_are_busy_once(struct kunit *test)
{
	struct pci_dev *dev = find_edu(test);
	struct resource *held;
	const char *name;
	bool busy;
	size_t pos;

	if (dev->driver) {
		/* the bound driver holds them: a second claim names the BAR */
		pos = log_buf_pos();
		KUNIT_EXPECT_EQ(test, pci_request_regions(dev, "pcidrv_test"), -EBUSY);
		KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BAR 0: can't reserve [mem "));
		held = bar0_holder(dev);
		KUNIT_ASSERT_NOT_NULL(test, held);
		KUNIT_EXPECT_STRNEQ(test, held->name, "pcidrv_test");
		return;
	}
	KUNIT_ASSERT_EQ(test, pci_request_regions(dev, "pcidrv_test"), 0);
	held = bar0_holder(dev);
	name = held && held != &dev->resource[0] ? held->name : "";
	busy = held && (held->flags & IORESOURCE_BUSY);
	pos = log_buf_pos();
	KUNIT_EXPECT_EQ(test, pci_request_regions(dev, "pcidrv_other"), -EBUSY);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "BAR 0: can't reserve [mem "));
	pci_release_regions(dev);
	KUNIT_EXPECT_STREQ(test, name, "pcidrv_test");  /* a literal: still there */
	KUNIT_EXPECT_TRUE(test, busy);
	KUNIT_EXPECT_PTR_EQ(test, bar0_holder(dev), &dev->resource[0]);
}

static void pci_driver_capabilities_and_intx_mask(struct kunit *test)
{
	struct pci_dev *dev = find_edu(test);
	u16 cmd0 = command(dev);
	u8 id;

	/* QEMU's edu: MSI at 0x40 (lspci's "Capabilities: [40] MSI"), nothing else */
	KUNIT_EXPECT_EQ(test, pci_find_capability(dev, PCI_CAP_ID_MSI), 0x40);
	pci_read_config_byte(dev, 0x40 + PCI_CAP_LIST_ID, &id);
	KUNIT_EXPECT_EQ(test, id, PCI_CAP_ID_MSI);
	KUNIT_EXPECT_EQ(test, pci_find_capability(dev, PCI_CAP_ID_MSIX), 0);
	KUNIT_EXPECT_EQ(test, pci_find_capability(dev, PCI_CAP_ID_EXP), 0);
	KUNIT_EXPECT_TRUE(test, pci_intx_mask_supported(dev));
	KUNIT_EXPECT_EQ(test, command(dev), cmd0);              /* put back as it was */
	pci_intx(dev, !(cmd0 & PCI_COMMAND_INTX_DISABLE) ? 0 : 1);
	KUNIT_EXPECT_EQ(test, command(dev), cmd0 ^ PCI_COMMAND_INTX_DISABLE);
	pci_intx(dev, !(cmd0 & PCI_COMMAND_INTX_DISABLE));
	KUNIT_EXPECT_EQ(test, command(dev), cmd0);
}

/* The first function behind a bridge that has a BAR and no driver (e1000 on 01:01.0), or NULL. */
static struct pci_dev *find_behind_bridge(void)
{
	struct pci_dev *dev;

	for_each_pci_dev(dev)
		if (dev->bus->self && !dev->driver && !dev->enable_cnt && pci_resource_len(dev, 0))
			return dev;
	return NULL;
}

static void pci_driver_enable_behind_a_bridge(struct kunit *test)
{
	struct pci_dev *dev = find_behind_bridge(), *bridge;
	u16 cmd0, bcmd;
	int ret;

	if (!dev)
		kunit_skip(test, "no free function behind a PCI bridge (-device pci-bridge,...)");
	bridge = dev->bus->self;
	cmd0 = command(dev);
	ret = pci_enable_device(dev);
	bcmd = command(bridge);
	if (!ret)
		pci_disable_device(dev);
	pci_write_config_word(dev, PCI_COMMAND, cmd0);
	KUNIT_EXPECT_EQ(test, ret, 0);
	/* as Linux's pci_enable_bridge: the bridge forwards and masters, and stays so */
	KUNIT_EXPECT_TRUE(test, pci_is_enabled(bridge));
	KUNIT_EXPECT_TRUE(test, bridge->is_busmaster);
	KUNIT_EXPECT_TRUE(test, bcmd & PCI_COMMAND_MASTER);
	KUNIT_EXPECT_TRUE(test, bcmd & PCI_COMMAND_MEMORY);
	KUNIT_EXPECT_EQ(test, dev->enable_cnt, 0);
}

static struct kunit_case pci_driver_cases[] = {
	KUNIT_CASE(pci_driver_match_ids_and_any),
	KUNIT_CASE(pci_driver_match_class_under_mask),
	KUNIT_CASE(pci_driver_absent_id_binds_nothing),
	KUNIT_CASE(pci_driver_dynids_follow_new_id_rules),
	KUNIT_CASE(pci_driver_attach_and_release_edu),
	KUNIT_CASE(pci_driver_enable_is_counted),
	KUNIT_CASE(pci_driver_regions_are_busy_once),
	KUNIT_CASE(pci_driver_capabilities_and_intx_mask),
	KUNIT_CASE(pci_driver_enable_behind_a_bridge),
	{}
};

static struct kunit_suite pci_driver_suite = {
	.name = "pci_driver",
	.test_cases = pci_driver_cases,
};
kunit_test_suite(pci_driver_suite);
