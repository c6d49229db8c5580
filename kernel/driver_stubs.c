/*
 * Weak stand-ins for the driver-model functions whose real versions are
 * being written (issue 11): each is replaced by a strong definition as its
 * part lands, and this file goes when the last one has.
 */
#include <drivers/pci.h>
#include <errno.h>
#include <fs/sysfs.h>
#include <kernel/dma-mapping.h>
#include <kernel/irq.h>

#define __weak __attribute__((weak))

/* kernel/irq.c */
__weak void disable_irq(unsigned int irq) { (void)irq; }
__weak void enable_irq(unsigned int irq) { (void)irq; }
__weak int irq_setup_gsi(u32 gsi, bool level, bool active_low)
{ (void)gsi; (void)level; (void)active_low; return -ENODEV; }
__weak int irq_alloc_msi(unsigned long hwirq, u8 *vector, u32 *apicid)
{ (void)hwirq; (void)vector; (void)apicid; return -ENOSPC; }
__weak void irq_free_msi(unsigned int irq) { (void)irq; }
__weak unsigned long kstat_irqs(unsigned int irq) { (void)irq; return 0; }

/* drivers/pci_driver.c */
__weak int pci_register_driver(struct pci_driver *drv) { (void)drv; return -ENODEV; }
__weak void pci_unregister_driver(struct pci_driver *drv) { (void)drv; }
__weak struct pci_driver *pci_find_driver(const char *name) { (void)name; return NULL; }
__weak struct pci_driver *pci_first_driver(void) { return NULL; }
__weak const struct pci_device_id *pci_match_device(struct pci_driver *drv, struct pci_dev *dev)
{ (void)drv; (void)dev; return NULL; }
__weak int pci_driver_attach(struct pci_driver *drv, struct pci_dev *dev)
{ (void)drv; (void)dev; return -ENODEV; }
__weak void pci_device_release_driver(struct pci_dev *dev) { (void)dev; }
__weak int pci_driver_probe_unbound(struct pci_driver *drv) { (void)drv; return 0; }
__weak int pci_add_dynid(struct pci_driver *drv, u32 vendor, u32 device, u32 subvendor,
			 u32 subdevice, u32 class, u32 class_mask, unsigned long driver_data)
{ (void)drv; (void)vendor; (void)device; (void)subvendor; (void)subdevice; (void)class;
  (void)class_mask; (void)driver_data; return -ENODEV; }
__weak int pci_remove_dynid(struct pci_driver *drv, u32 vendor, u32 device, u32 subvendor,
			    u32 subdevice)
{ (void)drv; (void)vendor; (void)device; (void)subvendor; (void)subdevice; return -ENODEV; }
__weak int pci_enable_device(struct pci_dev *dev) { (void)dev; return -ENODEV; }
__weak void pci_disable_device(struct pci_dev *dev) { (void)dev; }
__weak void pci_set_master(struct pci_dev *dev) { (void)dev; }
__weak void pci_clear_master(struct pci_dev *dev) { (void)dev; }
__weak void pci_intx(struct pci_dev *dev, int enable) { (void)dev; (void)enable; }
__weak bool pci_intx_mask_supported(struct pci_dev *dev) { (void)dev; return false; }
__weak bool pci_check_and_mask_intx(struct pci_dev *dev) { (void)dev; return false; }
__weak bool pci_check_and_unmask_intx(struct pci_dev *dev) { (void)dev; return false; }
__weak int pci_request_regions(struct pci_dev *dev, const char *name)
{ (void)dev; (void)name; return -EBUSY; }
__weak void pci_release_regions(struct pci_dev *dev) { (void)dev; }
__weak void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen)
{ (void)dev; (void)bar; (void)maxlen; return NULL; }
__weak void pci_iounmap(struct pci_dev *dev, void __iomem *addr) { (void)dev; (void)addr; }
__weak u8 pci_find_capability(struct pci_dev *dev, int cap) { (void)dev; (void)cap; return 0; }

/* drivers/pci_irq.c, drivers/pci_msi.c */
__weak int pci_intx_gsi(struct pci_dev *dev, bool *level, bool *active_low)
{ (void)dev; (void)level; (void)active_low; return -ENOENT; }
__weak int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs,
				 unsigned int max_vecs, unsigned int flags)
{ (void)dev; (void)min_vecs; (void)max_vecs; (void)flags; return -EINVAL; }
__weak int pci_irq_vector(struct pci_dev *dev, unsigned int nr) { (void)dev; (void)nr; return -EINVAL; }
__weak void pci_free_irq_vectors(struct pci_dev *dev) { (void)dev; }

/* kernel/dma.c */
__weak int dma_set_mask(struct device *dev, u64 mask) { (void)dev; (void)mask; return -EIO; }
__weak int dma_set_coherent_mask(struct device *dev, u64 mask) { (void)dev; (void)mask; return -EIO; }
__weak int dma_set_mask_and_coherent(struct device *dev, u64 mask) { (void)dev; (void)mask; return -EIO; }
__weak u64 dma_get_mask(struct device *dev) { (void)dev; return 0; }
__weak void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp)
{ (void)dev; (void)size; (void)dma_handle; (void)gfp; return NULL; }
__weak void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle)
{ (void)dev; (void)size; (void)cpu_addr; (void)dma_handle; }
__weak dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size, enum dma_data_direction dir)
{ (void)dev; (void)ptr; (void)size; (void)dir; return DMA_MAPPING_ERROR; }
__weak void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir)
{ (void)dev; (void)addr; (void)size; (void)dir; }
__weak bool dma_capable(struct device *dev, dma_addr_t addr, size_t size)
{ (void)dev; (void)addr; (void)size; return false; }

/* fs/sysfs/, drivers/pci_sysfs.c */
__weak void sysfs_init(void) { }
__weak struct sysfs_dirent *sysfs_dir(const char *path, bool create) { (void)path; (void)create; return NULL; }
__weak struct sysfs_dirent *sysfs_mkdir(struct sysfs_dirent *parent, const char *name)
{ (void)parent; (void)name; return NULL; }
__weak int sysfs_create_file(struct sysfs_dirent *dir, const struct sysfs_attr *attr, void *obj)
{ (void)dir; (void)attr; (void)obj; return -ENOMEM; }
__weak int sysfs_create_bin_file(struct sysfs_dirent *dir, const struct sysfs_bin_attr *attr, void *obj)
{ (void)dir; (void)attr; (void)obj; return -ENOMEM; }
__weak int sysfs_create_link(struct sysfs_dirent *dir, const char *name, const char *target)
{ (void)dir; (void)name; (void)target; return -ENOMEM; }
__weak int sysfs_remove_entry(struct sysfs_dirent *dir, const char *name) { (void)dir; (void)name; return -ENOENT; }
__weak void sysfs_remove_dir(struct sysfs_dirent *dir) { (void)dir; }
__weak void pci_sysfs_init(void) { }
__weak void pci_sysfs_add_driver(struct pci_driver *drv) { (void)drv; }
__weak void pci_sysfs_remove_driver(struct pci_driver *drv) { (void)drv; }
__weak void pci_sysfs_bind(struct pci_dev *dev) { (void)dev; }
__weak void pci_sysfs_unbind(struct pci_dev *dev) { (void)dev; }
