/*
 * A driver for QEMU's edu device (include/drivers/edu.h has the registers):
 * the model PCI driver of Atlas, written the way a Linux driver is, so that
 * a student can copy its shape:
 *
 *   probe   pci_enable_device      memory decoding on, INTx routed (dev->irq)
 *           pci_request_regions    BAR 0 busy as "edu" in /proc/iomem
 *           pci_iomap              BAR 0 mapped uncached
 *           identification and liveness checks: is it really an edu?
 *           dma_set_mask_and_coherent(28 bits), dma_alloc_coherent(4 KiB)
 *           pci_set_master         the device may write to memory (DMA, MSI)
 *           pci_alloc_irq_vectors  MSI if it can, else INTx
 *           request_irq            the handler, shared (INTx lines may be)
 *   remove  the same steps undone, in reverse order
 *
 * The handler reads the interrupt status; 0 means the interrupt was another
 * device's (a shared INTx line), else it acknowledges those bits (the device
 * drops INTx when none is left, and with MSI the next raise needs the ack
 * too) and wakes whoever waits.  Everything that drives the device
 * (factorial, raise, DMA, the interrupt mode) runs under edu_lock and waits
 * at most EDU_TIMEOUT_MS, saying so in the log when the device did not
 * answer.  The monitor's edu command shows the driver's state.
 *
 * Lab 7 (labs/07-devices.md) cuts three exercises from this file: the
 * probe sequence with its error unwinding, the interrupt handler, and one
 * DMA transfer.
 */
#define pr_fmt(fmt) "edu: " fmt

#include <asm/io.h>
#include <asm/processor.h>
#include <drivers/edu.h>
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/completion.h>
#include <kernel/init.h>
#include <kernel/irq.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/monitor.h>
#include <kernel/mutex.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/time.h>
#include <mm/slab.h>

#define EDU_LIVENESS_PATTERN    0x12345678u     /* any value: the device must invert it */

struct edu_dev {
	struct pci_dev *pdev;
	void __iomem *regs;             /* BAR 0 */
	u32 id;
	void *dma_buf;                  /* EDU_DMA_BUF_SIZE bytes, for the CPU */
	dma_addr_t dma_handle;          /* the same, for the device */
	enum edu_irq_mode irq_mode;
	int irq;                        /* requested irq, -1: none */
	struct completion irq_done;     /* any interrupt handled */
	struct completion dma_done;     /* one with EDU_IRQ_DMA */
	unsigned long irqs_handled, irqs_none;  /* written by the handler only */
	unsigned long dma_transfers, dma_timeouts;
	bool factorial_done;
	u32 last_n, last_factorial;
};

/* Serialises every use of the device against the others and against remove. */
static DEFINE_MUTEX(edu_lock);
static struct edu_dev *edu_current;     /* the device the API drives; under edu_lock */

static unsigned long ms_to_jiffies(unsigned int ms)
{
	return ((unsigned long)ms * HZ + 999) / 1000;
}

static enum irqreturn edu_irq_handler(int irq, void *data)
{
#ifndef LAB7_STARTER    /* LAB 7 BEGIN: the interrupt handler */
	struct edu_dev *edu = data;
	u32 status = readl(edu->regs + EDU_REG_IRQ_STATUS);

	if (!status) {
		WRITE_ONCE(edu->irqs_none, edu->irqs_none + 1);
		return IRQ_NONE;
	}
	writel(status, edu->regs + EDU_REG_IRQ_ACK);
	WRITE_ONCE(edu->irqs_handled, edu->irqs_handled + 1);
	if (status & EDU_IRQ_DMA)
		complete(&edu->dma_done);
	complete(&edu->irq_done);
	return IRQ_HANDLED;
#else                   /* LAB 7 STARTER */
	/*
	 * TODO (lab 7, exercise 2): an irq_handler_t, as Linux's
	 * drivers/misc/pci_endpoint_test.c: pci_endpoint_test_irqhandler.
	 * data is the struct edu_dev given to request_irq.  Read the
	 * interrupt status (EDU_REG_IRQ_STATUS); 0 means another device's
	 * interrupt on a shared INTx line: count it in irqs_none and return
	 * IRQ_NONE.  Otherwise write the same bits to EDU_REG_IRQ_ACK (INTx
	 * drops when none is left), count irqs_handled, complete dma_done if
	 * EDU_IRQ_DMA is among them, complete irq_done, return IRQ_HANDLED.
	 * (WRITE_ONCE the counters: edu_get_state reads them without a lock.)
	 */
	lab_not_implemented(7, "the edu interrupt handler");
	return IRQ_NONE;
#endif                  /* LAB 7 END */
}

static const char *edu_irq_mode_name(enum edu_irq_mode mode)
{
	return mode == EDU_IRQ_MSI ? "MSI" : mode == EDU_IRQ_INTX ? "INTx" : "none";
}

/* Allocate one vector in mode (or MSI, falling back to INTx, for EDU_IRQ_NONE) and request it. */
static int edu_irq_setup(struct edu_dev *edu, enum edu_irq_mode mode)
{
	unsigned int flags = mode == EDU_IRQ_MSI ? PCI_IRQ_MSI :
			     mode == EDU_IRQ_INTX ? PCI_IRQ_LEGACY : PCI_IRQ_MSI | PCI_IRQ_LEGACY;
	struct pci_dev *pdev = edu->pdev;
	int ret, irq;

	ret = pci_alloc_irq_vectors(pdev, 1, 1, flags);
	if (ret < 0) {
		dev_err(&pdev->dev, "no %s interrupt vector: %d\n",
			mode == EDU_IRQ_NONE ? "MSI or INTx" : edu_irq_mode_name(mode), ret);
		return ret;
	}
	irq = pci_irq_vector(pdev, 0);
	ret = irq < 0 ? irq : request_irq(irq, edu_irq_handler, IRQF_SHARED, "edu", edu);
	if (ret) {
		dev_err(&pdev->dev, "request_irq(%d) failed: %d\n", irq, ret);
		pci_free_irq_vectors(pdev);
		return ret;
	}
	edu->irq = irq;
	edu->irq_mode = pdev->msi_enabled ? EDU_IRQ_MSI : EDU_IRQ_INTX;
	return 0;
}

static void edu_irq_teardown(struct edu_dev *edu)
{
	if (edu->irq < 0)
		return;
	free_irq(edu->irq, edu);
	pci_free_irq_vectors(edu->pdev);
	edu->irq = -1;
	edu->irq_mode = EDU_IRQ_NONE;
}

/* Wait (sleeping a tick at a time) for a transfer the device is still running to end. */
static bool edu_dma_wait_idle(struct edu_dev *edu, unsigned int ms)
{
	u64 end = local_clock() + (u64)ms * NSEC_PER_MSEC;

	while (readl(edu->regs + EDU_REG_DMA_CMD) & EDU_DMA_CMD_START) {
		if (local_clock() > end)
			return false;
		schedule_timeout_uninterruptible(1);
	}
	return true;
}

#ifndef LAB7_STARTER    /* LAB 7 BEGIN: probe: enable, claim, map, check, DMA, interrupt */
/* Is this really an edu: the identification's magic and major 1, and a live liveness register. */
static int edu_check_device(struct edu_dev *edu)
{
	struct device *dev = &edu->pdev->dev;
	u32 live;

	edu->id = readl(edu->regs + EDU_REG_ID);
	if ((edu->id & 0xff) != EDU_ID_MAGIC || EDU_ID_MAJOR(edu->id) != 1) {
		dev_err(dev, "identification 0x%08x is not an edu 1.x (0x010000ed)\n", edu->id);
		return -ENODEV;
	}
	writel(EDU_LIVENESS_PATTERN, edu->regs + EDU_REG_LIVENESS);
	live = readl(edu->regs + EDU_REG_LIVENESS);
	if (live != ~EDU_LIVENESS_PATTERN) {
		dev_err(dev, "liveness check failed: wrote 0x%08x, read 0x%08x (expected 0x%08x)\n",
			EDU_LIVENESS_PATTERN, live, ~EDU_LIVENESS_PATTERN);
		return -EIO;
	}
	return 0;
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct edu_dev *edu;
	int ret;

	edu = kzalloc(sizeof(*edu), GFP_KERNEL);
	if (!edu)
		return -ENOMEM;
	edu->pdev = pdev;
	edu->irq = -1;
	init_completion(&edu->irq_done);
	init_completion(&edu->dma_done);

	ret = pci_enable_device(pdev);
	if (ret) {
		dev_err(dev, "can't enable device: %d\n", ret);
		goto err_free;
	}
	ret = pci_request_regions(pdev, "edu");
	if (ret) {
		dev_err(dev, "can't claim its BARs: %d\n", ret);
		goto err_disable;
	}
	edu->regs = pci_iomap(pdev, 0, 0);
	if (!edu->regs) {
		dev_err(dev, "can't map BAR 0\n");
		ret = -ENOMEM;
		goto err_regions;
	}
	ret = edu_check_device(edu);
	if (ret)
		goto err_unmap;
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(EDU_DMA_BITS));
	if (ret) {
		dev_err(dev, "no usable %d-bit DMA: %d\n", EDU_DMA_BITS, ret);
		goto err_unmap;
	}
	edu->dma_buf = dma_alloc_coherent(dev, EDU_DMA_BUF_SIZE, &edu->dma_handle, GFP_KERNEL);
	if (!edu->dma_buf) {
		dev_err(dev, "no DMA buffer below 256 MiB\n");
		ret = -ENOMEM;
		goto err_unmap;
	}
	pci_set_master(pdev);
	ret = edu_irq_setup(edu, EDU_IRQ_NONE);
	if (ret)
		goto err_master;

	pci_set_drvdata(pdev, edu);
	mutex_lock(&edu_lock);
	if (!edu_current)
		edu_current = edu;
	mutex_unlock(&edu_lock);
	dev_info(dev, "edu %u.%u, BAR 0 [mem %#010llx-%#010llx], irq %d (%s), DMA buffer %#llx\n",
		 EDU_ID_MAJOR(edu->id), EDU_ID_MINOR(edu->id),
		 (unsigned long long)pci_resource_start(pdev, 0),
		 (unsigned long long)pci_resource_end(pdev, 0), edu->irq,
		 edu_irq_mode_name(edu->irq_mode), (unsigned long long)edu->dma_handle);
	return 0;

err_master:
	pci_clear_master(pdev);
	dma_free_coherent(dev, EDU_DMA_BUF_SIZE, edu->dma_buf, edu->dma_handle);
err_unmap:
	pci_iounmap(pdev, edu->regs);
err_regions:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	kfree(edu);
	return ret;
}
#else                   /* LAB 7 STARTER */
static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	/*
	 * TODO (lab 7, exercise 1): the probe sequence of a Linux PCI driver
	 * (drivers/misc/pci_endpoint_test.c: pci_endpoint_test_probe).
	 * kzalloc the struct edu_dev (irq -1, both completions initialised),
	 * then in order: pci_enable_device; pci_request_regions(pdev, "edu");
	 * edu->regs = pci_iomap(pdev, 0, 0);
	 * edu_check_device(edu), a static function of yours above this one
	 * (is it really an edu?): the identification must have EDU_ID_MAGIC
	 * in its low byte and major 1 (else -ENODEV), the liveness register
	 * must read back the inverse of EDU_LIVENESS_PATTERN written to it
	 * (else -EIO), each failure one dev_err line with what it read;
	 * dma_set_mask_and_coherent(dev, DMA_BIT_MASK(EDU_DMA_BITS)) and
	 * dma_alloc_coherent(dev, EDU_DMA_BUF_SIZE, &edu->dma_handle, ...);
	 * pci_set_master; edu_irq_setup(edu, EDU_IRQ_NONE).  When a step
	 * fails, say which with dev_err and undo the steps before it in
	 * reverse order (a goto ladder, as edu_remove does them all), then
	 * free edu and return the error.  On success: pci_set_drvdata, make
	 * edu the device the API drives (edu_current, under edu_lock) if
	 * there is none, one dev_info line, return 0.
	 */
	lab_not_implemented(7, "probing an edu device");
	return -ENODEV;
}
#endif                  /* LAB 7 END */

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pci_get_drvdata(pdev);

	mutex_lock(&edu_lock);
	if (edu_current == edu)
		edu_current = NULL;
	mutex_unlock(&edu_lock);

	/* a transfer still running would write into the buffer freed below */
	if (!edu_dma_wait_idle(edu, EDU_TIMEOUT_MS))
		dev_err(&pdev->dev, "DMA still running after %u ms at remove\n", EDU_TIMEOUT_MS);
	edu_irq_teardown(edu);
	writel(readl(edu->regs + EDU_REG_IRQ_STATUS), edu->regs + EDU_REG_IRQ_ACK);
	pci_clear_master(pdev);
	dma_free_coherent(&pdev->dev, EDU_DMA_BUF_SIZE, edu->dma_buf, edu->dma_handle);
	pci_iounmap(pdev, edu->regs);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	pci_set_drvdata(pdev, NULL);
	kfree(edu);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_QEMU, PCI_DEVICE_ID_QEMU_EDU) },
	{ 0 }
};

static struct pci_driver edu_driver = {
	.name = "edu",
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
};

static int edu_init(void)
{
	return pci_register_driver(&edu_driver);
}
device_initcall(edu_init);

/* ---- the API of include/drivers/edu.h ---- */

struct pci_dev *edu_device(void)
{
	struct pci_dev *pdev;

	mutex_lock(&edu_lock);
	pdev = edu_current ? edu_current->pdev : NULL;
	mutex_unlock(&edu_lock);
	return pdev;
}

void __iomem *edu_regs(void)
{
	void __iomem *regs;

	mutex_lock(&edu_lock);
	regs = edu_current ? edu_current->regs : NULL;
	mutex_unlock(&edu_lock);
	return regs;
}

void *edu_dma_buffer(void)
{
	void *buf;

	mutex_lock(&edu_lock);
	buf = edu_current ? edu_current->dma_buf : NULL;
	mutex_unlock(&edu_lock);
	return buf;
}

int edu_get_state(struct edu_state *st)
{
	struct edu_dev *edu;

	mutex_lock(&edu_lock);
	edu = edu_current;
	if (!edu) {
		mutex_unlock(&edu_lock);
		return -ENODEV;
	}
	*st = (struct edu_state){
		.slot = pci_name(edu->pdev),
		.bar_start = pci_resource_start(edu->pdev, 0),
		.bar_end = pci_resource_end(edu->pdev, 0),
		.id = edu->id,
		.irq_mode = edu->irq_mode,
		.irq = edu->irq,
		.irqs_handled = READ_ONCE(edu->irqs_handled),
		.irqs_none = READ_ONCE(edu->irqs_none),
		.dma_handle = edu->dma_handle,
		.dma_transfers = edu->dma_transfers,
		.dma_timeouts = edu->dma_timeouts,
		.factorial_done = edu->factorial_done,
		.last_n = edu->last_n,
		.last_factorial = edu->last_factorial,
	};
	mutex_unlock(&edu_lock);
	return 0;
}

/* Take edu_lock with a bound device: the device, or NULL (lock not held). */
static struct edu_dev *edu_get(void)
{
	mutex_lock(&edu_lock);
	if (edu_current)
		return edu_current;
	mutex_unlock(&edu_lock);
	return NULL;
}

int edu_factorial(u32 n, u32 *result)
{
	struct edu_dev *edu = edu_get();
	u64 end;

	if (!edu)
		return -ENODEV;
	end = local_clock() + (u64)EDU_TIMEOUT_MS * NSEC_PER_MSEC;
	writel(n, edu->regs + EDU_REG_FACTORIAL);
	/* QEMU computes in a thread of its own: the status says when it is done */
	while (readl(edu->regs + EDU_REG_STATUS) & EDU_STATUS_COMPUTING) {
		if (local_clock() > end) {
			dev_err(&edu->pdev->dev, "factorial of %u timed out after %u ms\n", n,
				EDU_TIMEOUT_MS);
			mutex_unlock(&edu_lock);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	*result = readl(edu->regs + EDU_REG_FACTORIAL);
	edu->factorial_done = true;
	edu->last_n = n;
	edu->last_factorial = *result;
	mutex_unlock(&edu_lock);
	return 0;
}

int edu_raise_irq_and_wait(u32 value)
{
	struct edu_dev *edu;
	int ret = 0;

	if (!value)
		return -EINVAL;
	edu = edu_get();
	if (!edu)
		return -ENODEV;
	if (edu->irq < 0) {
		mutex_unlock(&edu_lock);
		return -ENODEV;
	}
	reinit_completion(&edu->irq_done);
	writel(value, edu->regs + EDU_REG_IRQ_RAISE);
	if (!wait_for_completion_timeout(&edu->irq_done, ms_to_jiffies(EDU_TIMEOUT_MS))) {
		dev_err(&edu->pdev->dev, "interrupt %#x not delivered in %u ms (irq %d, %s)\n",
			value, EDU_TIMEOUT_MS, edu->irq, edu_irq_mode_name(edu->irq_mode));
		writel(value, edu->regs + EDU_REG_IRQ_ACK);     /* let INTx drop */
		ret = -ETIMEDOUT;
	}
	mutex_unlock(&edu_lock);
	return ret;
}

int edu_set_irq_mode(enum edu_irq_mode mode)
{
	enum edu_irq_mode old;
	struct edu_dev *edu;
	int ret;

	if (mode != EDU_IRQ_MSI && mode != EDU_IRQ_INTX)
		return -EINVAL;
	edu = edu_get();
	if (!edu)
		return -ENODEV;
	old = edu->irq_mode;
	if (old == mode) {
		mutex_unlock(&edu_lock);
		return 0;
	}
	edu_irq_teardown(edu);
	ret = edu_irq_setup(edu, mode);
	if (ret && old != EDU_IRQ_NONE && edu_irq_setup(edu, old))
		dev_err(&edu->pdev->dev, "no interrupt at all now: %s failed again\n",
			edu_irq_mode_name(old));
	if (!ret)
		dev_info(&edu->pdev->dev, "interrupts by %s now, irq %d\n",
			 edu_irq_mode_name(mode), edu->irq);
	mutex_unlock(&edu_lock);
	return ret;
}

/* The checks that keep QEMU from stopping dead (hw_error) or the device from writing astray. */
static int edu_dma_check(struct edu_dev *edu, dma_addr_t ram, u32 dev_addr, size_t len,
			 enum dma_data_direction dir)
{
	struct device *dev = &edu->pdev->dev;
	u64 mask = dma_get_mask(dev);

	if (dir != DMA_TO_DEVICE && dir != DMA_FROM_DEVICE) {
		dev_err(dev, "DMA direction %d: only to or from the device\n", dir);
		return -EINVAL;
	}
	if (!edu_dma_dev_range_ok(dev_addr, len)) {
		dev_err(dev, "DMA of %zu bytes at device address %#x: outside its buffer %#x-%#x "
			"(QEMU 7.2 refuses the last byte)\n", len, dev_addr, EDU_DMA_BUF_ADDR,
			EDU_DMA_BUF_ADDR + EDU_DMA_XFER_MAX - 1);
		return -EINVAL;
	}
	if (!edu_dma_ram_range_ok(ram, len, mask)) {
		dev_err(dev, "DMA address %#llx+%zu beyond the device's DMA mask %#llx\n",
			(unsigned long long)ram, len, (unsigned long long)mask);
		return -EINVAL;
	}
	return 0;
}

#ifndef LAB7_STARTER    /* LAB 7 BEGIN: one DMA transfer, and a late one */
/* The device did not say it finished: let it end (or give up), then take its late interrupt. */
static void edu_dma_timed_out(struct edu_dev *edu, unsigned int timeout_ms)
{
	struct device *dev = &edu->pdev->dev;

	edu->dma_timeouts++;
	dev_err(dev, "DMA timed out after %u ms (irq %d, %s)\n", timeout_ms, edu->irq,
		edu_irq_mode_name(edu->irq_mode));
	if (!edu_dma_wait_idle(edu, EDU_TIMEOUT_MS))
		dev_err(dev, "DMA engine still busy after %u ms more\n", EDU_TIMEOUT_MS);
	else if (!wait_for_completion_timeout(&edu->dma_done, ms_to_jiffies(100)))
		writel(EDU_IRQ_DMA, edu->regs + EDU_REG_IRQ_ACK);
}

/* One transfer, edu_lock held. */
static int __edu_dma_xfer(struct edu_dev *edu, dma_addr_t ram, u32 dev_addr, size_t len,
			  enum dma_data_direction dir, unsigned int timeout_ms)
{
	int ret = edu_dma_check(edu, ram, dev_addr, len, dir);

	if (ret)
		return ret;
	if (readl(edu->regs + EDU_REG_DMA_CMD) & EDU_DMA_CMD_START) {
		dev_err(&edu->pdev->dev, "DMA engine busy with an earlier transfer\n");
		return -EBUSY;
	}
	u64 cmd = EDU_DMA_CMD_START | EDU_DMA_CMD_IRQ;

	reinit_completion(&edu->dma_done);
	if (dir == DMA_TO_DEVICE) {
		writeq(ram, edu->regs + EDU_REG_DMA_SRC);
		writeq(dev_addr, edu->regs + EDU_REG_DMA_DST);
	} else {
		writeq(dev_addr, edu->regs + EDU_REG_DMA_SRC);
		writeq(ram, edu->regs + EDU_REG_DMA_DST);
		cmd |= EDU_DMA_CMD_TO_RAM;
	}
	writeq(len, edu->regs + EDU_REG_DMA_COUNT);
	writeq(cmd, edu->regs + EDU_REG_DMA_CMD);
	if (!wait_for_completion_timeout(&edu->dma_done, ms_to_jiffies(timeout_ms))) {
		edu_dma_timed_out(edu, timeout_ms);
		return -ETIMEDOUT;
	}
	edu->dma_transfers++;
	return 0;
}
#else                   /* LAB 7 STARTER */
/* One transfer, edu_lock held. */
static int __edu_dma_xfer(struct edu_dev *edu, dma_addr_t ram, u32 dev_addr, size_t len,
			  enum dma_data_direction dir, unsigned int timeout_ms)
{
	int ret = edu_dma_check(edu, ram, dev_addr, len, dir);

	if (ret)
		return ret;
	/*
	 * TODO (lab 7, exercise 3): one transfer of the DMA engine (QEMU's
	 * docs/specs/edu.txt; Linux's pci_endpoint_test_copy drives its
	 * device the same way).  -EBUSY (and a dev_err) if EDU_REG_DMA_CMD
	 * still reads EDU_DMA_CMD_START.  reinit_completion(&edu->dma_done);
	 * writeq the source and the destination (to the device: ram, then
	 * dev_addr; from it: dev_addr, then ram), the count (len), then the
	 * command: EDU_DMA_CMD_START | EDU_DMA_CMD_IRQ, with
	 * EDU_DMA_CMD_TO_RAM from the device.  Wait for the handler's
	 * complete (exercise 2): wait_for_completion_timeout(&edu->dma_done,
	 * ms_to_jiffies(timeout_ms)).  Done: count edu->dma_transfers,
	 * return 0.  Timed out: count dma_timeouts, dev_err "DMA timed out
	 * after N ms ...", let the engine finish (edu_dma_wait_idle) and take
	 * its late interrupt (wait on dma_done again, or ack EDU_IRQ_DMA
	 * yourself), so the next transfer starts clean; return -ETIMEDOUT.
	 */
	lab_not_implemented(7, "a DMA transfer of the edu device");
	return -EOPNOTSUPP;
}
#endif                  /* LAB 7 END */

int edu_dma_xfer(dma_addr_t ram, u32 dev_addr, size_t len, enum dma_data_direction dir,
		 unsigned int timeout_ms)
{
	struct edu_dev *edu = edu_get();
	int ret;

	if (!edu)
		return -ENODEV;
	ret = __edu_dma_xfer(edu, ram, dev_addr, len, dir, timeout_ms);
	mutex_unlock(&edu_lock);
	return ret;
}

/* A transfer between the driver's own buffer and the same offset of the device's. */
static int edu_dma_buffer_xfer(size_t off, size_t len, enum dma_data_direction dir)
{
	struct edu_dev *edu = edu_get();
	int ret;

	if (!edu)
		return -ENODEV;
	if (!len || off > EDU_DMA_XFER_MAX || len > EDU_DMA_XFER_MAX - off) {
		dev_err(&edu->pdev->dev, "DMA of %zu bytes at offset %zu: past the %u bytes a "
			"transfer may cover\n", len, off, EDU_DMA_XFER_MAX);
		ret = -EINVAL;
	} else {
		ret = __edu_dma_xfer(edu, edu->dma_handle + off, EDU_DMA_BUF_ADDR + off, len, dir,
				     EDU_TIMEOUT_MS);
	}
	mutex_unlock(&edu_lock);
	return ret;
}

int edu_dma_to_device(size_t off, size_t len)
{
	return edu_dma_buffer_xfer(off, len, DMA_TO_DEVICE);
}

int edu_dma_from_device(size_t off, size_t len)
{
	return edu_dma_buffer_xfer(off, len, DMA_FROM_DEVICE);
}

/* ---- the monitor's edu command ---- */

/* Where edu is when the driver does not hold it: absent, free, or another driver's. */
static int edu_show_unbound(struct seq_file *m)
{
	struct pci_dev *pdev = pci_get_device(PCI_VENDOR_ID_QEMU, PCI_DEVICE_ID_QEMU_EDU, NULL);

	if (!pdev) {
		seq_printf(m, "edu: no edu device on this machine (QEMU needs -device edu)\n");
		return -ENODEV;
	}
	if (pdev->driver)
		seq_printf(m, "edu: %s is bound to %s, not edu (its unbind, then edu's bind, in "
			   "/sys/bus/pci/drivers)\n", pci_name(pdev), pdev->driver->name);
	else
		seq_printf(m, "edu: %s has no driver (echo %s > /sys/bus/pci/drivers/edu/bind)\n",
			   pci_name(pdev), pci_name(pdev));
	return -ENODEV;
}

static int edu_show(struct seq_file *m)
{
	struct edu_state st;

	if (edu_get_state(&st))
		return edu_show_unbound(m);
	seq_printf(m, "edu %s: bound to edu, version %u.%u (id %#010x)\n", st.slot,
		   EDU_ID_MAJOR(st.id), EDU_ID_MINOR(st.id), st.id);
	seq_printf(m, "  BAR 0:     [mem %#010llx-%#010llx] (busy \"edu\" in iomem)\n",
		   (unsigned long long)st.bar_start, (unsigned long long)st.bar_end);
	seq_printf(m, "  interrupt: irq %d by %s, %lu handled, %lu not ours\n", st.irq,
		   edu_irq_mode_name(st.irq_mode), st.irqs_handled, st.irqs_none);
	seq_printf(m, "  DMA:       buffer at %#llx (%u bytes, %d-bit mask), %lu transfers, "
		   "%lu timed out\n", (unsigned long long)st.dma_handle, EDU_DMA_BUF_SIZE,
		   EDU_DMA_BITS, st.dma_transfers, st.dma_timeouts);
	if (st.factorial_done)
		seq_printf(m, "  factorial: last %u! = %u\n", st.last_n, st.last_factorial);
	else
		seq_printf(m, "  factorial: none computed yet\n");
	return 0;
}

/*
 * edu dma: a pattern of EDU_DMA_XFER_MAX bytes to the device and back,
 * compared.  All of it under edu_lock: an unbind meanwhile (a write to
 * /sys) would free the buffer under the pattern.
 */
static int edu_dma_roundtrip(struct seq_file *m)
{
	struct edu_dev *edu = edu_get();
	u8 *buf;
	int ret, bad = 0;

	if (!edu)
		return edu_show_unbound(m);
	buf = edu->dma_buf;
	for (int i = 0; i < EDU_DMA_XFER_MAX; i++)
		buf[i] = (u8)(i * 7 + 1);
	ret = __edu_dma_xfer(edu, edu->dma_handle, EDU_DMA_BUF_ADDR, EDU_DMA_XFER_MAX,
			     DMA_TO_DEVICE, EDU_TIMEOUT_MS);
	if (!ret) {
		memset(buf, 0, EDU_DMA_XFER_MAX);
		ret = __edu_dma_xfer(edu, edu->dma_handle, EDU_DMA_BUF_ADDR, EDU_DMA_XFER_MAX,
				     DMA_FROM_DEVICE, EDU_TIMEOUT_MS);
	}
	for (int i = 0; !ret && i < EDU_DMA_XFER_MAX; i++)
		bad += buf[i] != (u8)(i * 7 + 1);
	mutex_unlock(&edu_lock);
	if (ret) {
		seq_printf(m, "edu: DMA failed: %d\n", ret);
		return ret;
	}
	seq_printf(m, "edu: %u bytes to the device and back, %d differ\n", EDU_DMA_XFER_MAX, bad);
	return bad ? -EIO : 0;
}

static int edu_cmd(struct seq_file *m, int argc, char **argv)
{
	unsigned int n;
	u32 result;
	int ret;

	if (argc == 1)
		return edu_show(m);
	if (!strcmp(argv[1], "fact") && argc == 3) {
		if (kstrtouint(argv[2], 0, &n))
			return -EINVAL;
		ret = edu_factorial(n, &result);
		if (!ret)
			seq_printf(m, "%u! = %u (modulo 2^32, as the device computes it)\n", n, result);
	} else if (!strcmp(argv[1], "irq") && argc == 2) {
		ret = edu_raise_irq_and_wait(EDU_IRQ_FACTORIAL);
		if (!ret)
			seq_printf(m, "edu: interrupt raised, handled and acknowledged\n");
	} else if (!strcmp(argv[1], "mode") && argc == 3) {
		if (strcmp(argv[2], "msi") && strcmp(argv[2], "intx"))
			return -EINVAL;
		ret = edu_set_irq_mode(!strcmp(argv[2], "msi") ? EDU_IRQ_MSI : EDU_IRQ_INTX);
	} else if (!strcmp(argv[1], "dma") && argc == 2) {
		return edu_dma_roundtrip(m);
	} else {
		return -EINVAL;
	}
	if (ret == -ENODEV)
		return edu_show_unbound(m);
	if (ret)
		seq_printf(m, "edu: failed: %d\n", ret);
	return ret;
}
MONITOR_CMD(edu, "[fact N | irq | mode msi|intx | dma]",
	    "QEMU's edu device: the driver's state, or drive it", edu_cmd);
