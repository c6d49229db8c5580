/* QEMU's firmware configuration device (QEMU's docs/specs/fw_cfg.rst). */
#ifndef ATLAS_DRIVERS_FW_CFG_H
#define ATLAS_DRIVERS_FW_CFG_H

/*
 * If QEMU's fw_cfg answers at port 0x510, enter its ports in ioports as
 * Linux shows them ("QEMU0002:00", not busy).  Call before pci_init, so
 * that the PCI bus window adopts it.
 */
void fw_cfg_init(void);

#endif
