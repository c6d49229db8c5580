/*
 * uio_pci_generic: any PCI function, driven from user space through UIO
 * (Linux's drivers/uio/uio_pci_generic.c, 6.1).  It has no ID table: a
 * device is handed to it from a shell,
 *
 *     echo 0000:00:04.0 > /sys/bus/pci/devices/0000:00:04.0/driver/unbind
 *     echo "1234 11e8" > /sys/bus/pci/drivers/uio_pci_generic/new_id
 *
 * and probe turns the function's decoding on, offers each 32-bit
 * non-prefetchable memory BAR as a map (Linux's exact test on the flags),
 * and takes its INTx line shared.  The interrupt handler masks INTx with
 * the command register's INTx-disable bit (PCI 3.0 §6.2.2) when the status
 * register says this function is asserting it, so a level-triggered line
 * goes quiet until the program has dealt with the device and writes 1 to
 * /dev/uioN (irqcontrol: INTx enabled again).  Unlike Linux's, which
 * leaves that to a write of the command register through /sys's config
 * file, this one has irqcontrol, as the UIO howto's generic example wants.
 *
 * It claims no regions: /proc/iomem shows the BAR free, and /dev/mem may
 * read it too.
 */
#include <drivers/pci.h>
#include <drivers/uio_driver.h>
#include <errno.h>
#include <kernel/init.h>
#include <mm/page.h>
#include <mm/slab.h>

#define DRIVER_VERSION "0.01.0"

struct uio_pci_generic_dev {
	struct uio_info info;
	struct pci_dev *pdev;
};

static struct uio_pci_generic_dev *to_uio_pci_generic_dev(struct uio_info *info)
{
	return (struct uio_pci_generic_dev *)((char *)info -
		__builtin_offsetof(struct uio_pci_generic_dev, info));
}

/* The INTx handler: ours only if the function asserts it, which it then stops. */
static enum irqreturn irqhandler(int irq, struct uio_info *info)
{
	struct uio_pci_generic_dev *gdev = to_uio_pci_generic_dev(info);

	if (!pci_check_and_mask_intx(gdev->pdev))
		return IRQ_NONE;
	return IRQ_HANDLED;     /* the UIO core counts it and wakes the readers */
}

/* write(1) to /dev/uioN: INTx on again; write(0): off. */
static int irqcontrol(struct uio_info *info, s32 irq_on)
{
	struct uio_pci_generic_dev *gdev = to_uio_pci_generic_dev(info);

	pci_intx(gdev->pdev, !!irq_on);
	return 0;
}

/*
 * Each close of /dev/uioN: no DMA after the program is gone (Linux: some
 * use this driver with devices that master the bus).
 */
static int release(struct uio_info *info, struct inode *inode)
{
	struct uio_pci_generic_dev *gdev = to_uio_pci_generic_dev(info);

	pci_clear_master(gdev->pdev);
	return 0;
}

/* Each 32-bit non-prefetchable memory BAR among the first MAX_UIO_MAPS, page-granular. */
static void uio_pci_generic_maps(struct uio_pci_generic_dev *gdev)
{
	struct uio_mem *uiomem = &gdev->info.mem[0];

	for (int i = 0; i < MAX_UIO_MAPS; i++) {
		struct resource *r = &gdev->pdev->resource[i];

		if (r->flags != (IORESOURCE_SIZEALIGN | IORESOURCE_MEM))
			continue;
		uiomem->memtype = UIO_MEM_PHYS;
		uiomem->addr = r->start & PAGE_MASK;
		uiomem->offs = r->start & ~PAGE_MASK;
		uiomem->size = (uiomem->offs + resource_size(r) + PAGE_SIZE - 1) & PAGE_MASK;
		uiomem->name = r->name;
		uiomem++;
	}
}

static int probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct uio_pci_generic_dev *gdev;
	int err;

	err = pci_enable_device(pdev);
	if (err) {
		dev_err(&pdev->dev, "%s: pci_enable_device failed: %d\n", __func__, err);
		return err;
	}
	if (pdev->irq && !pci_intx_mask_supported(pdev)) {
		err = -ENODEV;
		goto err_disable;
	}
	gdev = kzalloc(sizeof(*gdev), GFP_KERNEL);
	if (!gdev) {
		err = -ENOMEM;
		goto err_disable;
	}
	gdev->info.name = "uio_pci_generic";
	gdev->info.version = DRIVER_VERSION;
	gdev->info.release = release;
	gdev->pdev = pdev;
	if (pdev->irq) {
		gdev->info.irq = pdev->irq;
		gdev->info.irq_flags = IRQF_SHARED;
		gdev->info.handler = irqhandler;
		gdev->info.irqcontrol = irqcontrol;
	} else {
		dev_warn(&pdev->dev, "No IRQ assigned to device: no support for interrupts?\n");
	}
	uio_pci_generic_maps(gdev);
	pci_set_drvdata(pdev, gdev);
	err = uio_register_device(&pdev->dev, &gdev->info);
	if (err)
		goto err_free;
	return 0;

err_free:
	pci_set_drvdata(pdev, NULL);
	kfree(gdev);
err_disable:
	pci_disable_device(pdev);
	return err;
}

/* Linux's is devres doing this: unregister (the irq is freed), then disable. */
static void remove(struct pci_dev *pdev)
{
	struct uio_pci_generic_dev *gdev = pci_get_drvdata(pdev);

	uio_unregister_device(&gdev->info);
	pci_set_drvdata(pdev, NULL);
	kfree(gdev);
	pci_disable_device(pdev);
}

static struct pci_driver uio_pci_driver = {
	.name = "uio_pci_generic",
	.id_table = NULL,               /* only dynamic IDs (new_id) */
	.probe = probe,
	.remove = remove,
};

static int uio_pci_generic_init(void)
{
	return pci_register_driver(&uio_pci_driver);
}
device_initcall(uio_pci_generic_init);
