/*
 * PCI: configuration space, enumeration and BARs, as Linux's
 * include/linux/pci.h and include/uapi/linux/pci_regs.h name them.
 *
 * Every PCI function has a 256-byte configuration space (PCI Local Bus
 * Specification 3.0 §6.1; 4 KiB in PCI Express, PCIe Base Specification 4.0
 * §7.2.2), reached through one of two doors:
 *
 *   ports 0xCF8/0xCFC   "configuration mechanism #1" (PCI 3.0 §3.2.2.3.2):
 *                       write the function's address to 0xCF8, then read or
 *                       write its register through 0xCFC-0xCFF; 256 bytes
 *   ECAM                memory-mapped (PCIe 4.0 §7.2.2), where ACPI's MCFG table
 *                       says: 1 MiB per bus, 4 KiB per function:
 *                         base + (bus << 20 | device << 15 | function << 12 | reg)
 *
 * The first 64 bytes are a standard header (§6.1): who made the function
 * (vendor, device), what it is (class), and its Base Address Registers: where
 * in the physical address space or the port space the firmware placed its
 * registers (§6.2.5).  A BAR's size is not stored anywhere: the low bits that
 * ignore writes give it away, so a kernel writes all ones and reads back.
 *
 * Layout of the code:
 *   drivers/pci_conf.c   configuration access through both doors: the 0xCF8/0xCFC
 *                        ports and ECAM
 *   drivers/pci.c        enumeration behind bridges, BAR probing, the host
 *                        bridge windows and the resource claims (iomem/ioports:
 *                        "PCI Bus 0000:00", each BAR under it named "0000:00:02.0")
 *   drivers/pci_quirks.c the header quirks copied from Linux: legacy IDE ports,
 *                        the PIIX4/ICH9 ACPI and SMBus/GPIO ports, the video
 *                        ROM's shadow at 0xc0000
 *   drivers/pci_names.c  the parts that touch no hardware, also built for the
 *                        host tests: class names, BAR decoding, the windows'
 *                        derivation from the e820 map, lspci's text
 *   drivers/lspci.c      the monitor's lspci command
 */
#ifndef ATLAS_DRIVERS_PCI_H
#define ATLAS_DRIVERS_PCI_H

#include <asm/io.h>
#include <kernel/device.h>
#include <kernel/ioport.h>
#include <kernel/types.h>

/* ---- the configuration header (PCI 3.0 §6.1, figure 6-1; Linux's pci_regs.h) ---- */

#define PCI_VENDOR_ID           0x00    /* 16 bits; 0xffff: no function here */
#define PCI_DEVICE_ID           0x02
#define PCI_COMMAND             0x04    /* 16 bits, PCI_COMMAND_* */
#define PCI_STATUS              0x06    /* 16 bits, PCI_STATUS_* */
#define PCI_CLASS_REVISION      0x08    /* class << 8 | revision */
#define PCI_REVISION_ID         0x08
#define PCI_CLASS_PROG          0x09    /* programming interface */
#define PCI_CLASS_DEVICE        0x0a    /* base class << 8 | subclass */
#define PCI_CACHE_LINE_SIZE     0x0c
#define PCI_LATENCY_TIMER       0x0d
#define PCI_HEADER_TYPE         0x0e    /* PCI_HEADER_TYPE_*, bit 7: multi-function */
#define PCI_BIST                0x0f
#define PCI_BASE_ADDRESS_0      0x10    /* BARs 0-5 at 0x10-0x24 (bridges: 0-1) */
#define PCI_CARDBUS_CIS         0x28
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e
#define PCI_ROM_ADDRESS         0x30    /* expansion ROM BAR (type 0 header) */
#define PCI_CAPABILITY_LIST     0x34    /* offset of the first capability */
#define PCI_INTERRUPT_LINE      0x3c    /* the IRQ the firmware routed INTx to */
#define PCI_INTERRUPT_PIN       0x3d    /* 0: none, 1-4: INTA#-INTD# */
#define PCI_MIN_GNT             0x3e
#define PCI_MAX_LAT             0x3f

#define PCI_HEADER_TYPE_MASK    0x7f
#define PCI_HEADER_TYPE_MFD     0x80
#define PCI_HEADER_TYPE_NORMAL  0       /* a device */
#define PCI_HEADER_TYPE_BRIDGE  1       /* a PCI-to-PCI bridge (PCI-to-PCI Bridge spec 1.2 §3.2) */
#define PCI_HEADER_TYPE_CARDBUS 2

#define PCI_COMMAND_IO          0x001   /* respond to I/O space accesses */
#define PCI_COMMAND_MEMORY      0x002   /* respond to memory space accesses */
#define PCI_COMMAND_MASTER      0x004   /* may master the bus (DMA) */
#define PCI_COMMAND_SPECIAL     0x008
#define PCI_COMMAND_INVALIDATE  0x010
#define PCI_COMMAND_VGA_PALETTE 0x020
#define PCI_COMMAND_PARITY      0x040
#define PCI_COMMAND_WAIT        0x080   /* address/data stepping */
#define PCI_COMMAND_SERR        0x100
#define PCI_COMMAND_FAST_BACK   0x200
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_COMMAND_DECODE_ENABLE (PCI_COMMAND_MEMORY | PCI_COMMAND_IO)

#define PCI_STATUS_INTERRUPT    0x008   /* INTx is asserted (PCI 3.0 §6.2.3) */
#define PCI_STATUS_CAP_LIST     0x010   /* PCI_CAPABILITY_LIST is valid */
#define PCI_STATUS_66MHZ        0x020
#define PCI_STATUS_UDF          0x040
#define PCI_STATUS_FAST_BACK    0x080
#define PCI_STATUS_DEVSEL_MASK  0x600   /* DEVSEL timing: fast, medium, slow */
#define PCI_STATUS_DEVSEL_FAST  0x000
#define PCI_STATUS_DEVSEL_MEDIUM 0x200
#define PCI_STATUS_DEVSEL_SLOW  0x400

/* A BAR's low bits say what it maps (PCI 3.0 §6.2.5.1, figures 6-5 and 6-6). */
#define PCI_BASE_ADDRESS_SPACE          0x01
#define PCI_BASE_ADDRESS_SPACE_IO       0x01
#define PCI_BASE_ADDRESS_SPACE_MEMORY   0x00
#define PCI_BASE_ADDRESS_MEM_TYPE_MASK  0x06
#define PCI_BASE_ADDRESS_MEM_TYPE_32    0x00    /* anywhere in 32-bit space */
#define PCI_BASE_ADDRESS_MEM_TYPE_1M    0x02    /* below 1 MiB (PCI 2.x, obsolete) */
#define PCI_BASE_ADDRESS_MEM_TYPE_64    0x04    /* 64-bit: the next BAR holds the top half */
#define PCI_BASE_ADDRESS_MEM_PREFETCH   0x08    /* reads have no side effects */
#define PCI_BASE_ADDRESS_MEM_MASK       (~0x0fUL)
#define PCI_BASE_ADDRESS_IO_MASK        (~0x03UL)

/* The expansion ROM BAR (§6.2.5.2): bit 0 enables decoding, address bits 31:11. */
#define PCI_ROM_ADDRESS_ENABLE  0x01
#define PCI_ROM_ADDRESS_MASK    (~0x7ffUL)

/* The type 1 (bridge) header (PCI-to-PCI Bridge Architecture spec 1.2 §3.2). */
#define PCI_PRIMARY_BUS         0x18
#define PCI_SECONDARY_BUS       0x19    /* the bus right behind the bridge */
#define PCI_SUBORDINATE_BUS     0x1a    /* the highest bus behind it */
#define PCI_IO_BASE             0x1c    /* I/O window: bits 15:12 of base and limit */
#define PCI_IO_LIMIT            0x1d
#define PCI_IO_RANGE_TYPE_MASK  0x0f
#define PCI_IO_RANGE_TYPE_32    0x01    /* PCI_IO_BASE_UPPER16 is valid */
#define PCI_IO_RANGE_MASK       (~0x0fUL)
#define PCI_MEMORY_BASE         0x20    /* memory window: bits 31:20 */
#define PCI_MEMORY_LIMIT        0x22
#define PCI_MEMORY_RANGE_MASK   (~0x0fUL)
#define PCI_PREF_MEMORY_BASE    0x24    /* prefetchable window: bits 31:20 (+ upper 32) */
#define PCI_PREF_MEMORY_LIMIT   0x26
#define PCI_PREF_RANGE_TYPE_MASK 0x0f
#define PCI_PREF_RANGE_TYPE_64  0x01
#define PCI_PREF_RANGE_MASK     (~0x0fUL)
#define PCI_PREF_BASE_UPPER32   0x28
#define PCI_PREF_LIMIT_UPPER32  0x2c
#define PCI_IO_BASE_UPPER16     0x30
#define PCI_IO_LIMIT_UPPER16    0x32
#define PCI_ROM_ADDRESS1        0x38    /* a bridge's expansion ROM BAR */
#define PCI_BRIDGE_CONTROL      0x3e
#define PCI_BRIDGE_CTL_VGA      0x08    /* forward the legacy VGA ranges */

/* Class codes (24 bits: base class, subclass, programming interface). */
#define PCI_CLASS_STORAGE_IDE   0x0101
#define PCI_CLASS_DISPLAY_VGA   0x0300
#define PCI_CLASS_BRIDGE_HOST   0x0600
#define PCI_CLASS_BRIDGE_ISA    0x0601
#define PCI_CLASS_BRIDGE_PCI    0x0604
#define PCI_CLASS_BRIDGE_CARDBUS 0x0607

#define PCI_CFG_SPACE_SIZE      256     /* conventional PCI */
#define PCI_CFG_SPACE_EXP_SIZE  4096    /* PCI Express, through ECAM only */
#define PCI_MAX_BUSES           256

#define PCI_DEVFN(slot, func)   ((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)         (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)         ((devfn) & 0x07)

#define PCI_ANY_ID              (~0U)

/* Capabilities (PCI 3.0 §6.7): a list from PCI_CAPABILITY_LIST, each ID, next, body. */
#define PCI_CAP_LIST_ID         0
#define PCI_CAP_LIST_NEXT       1
#define PCI_CAP_ID_PM           0x01
#define PCI_CAP_ID_MSI          0x05
#define PCI_CAP_ID_EXP          0x10
#define PCI_CAP_ID_MSIX         0x11

/* The MSI capability (PCI 3.0 §6.8.1) */
#define PCI_MSI_FLAGS           0x02    /* 16 bits: message control */
#define PCI_MSI_FLAGS_ENABLE    0x0001
#define PCI_MSI_FLAGS_QMASK     0x000e  /* vectors the function can ask for (log2) */
#define PCI_MSI_FLAGS_QSIZE     0x0070  /* vectors enabled (log2) */
#define PCI_MSI_FLAGS_64BIT     0x0080
#define PCI_MSI_FLAGS_MASKBIT   0x0100  /* per-vector masking */
#define PCI_MSI_ADDRESS_LO      0x04
#define PCI_MSI_ADDRESS_HI      0x08    /* 64-bit capable functions only */
#define PCI_MSI_DATA_32         0x08
#define PCI_MSI_DATA_64         0x0c

/* ---- resource flags Linux adds for PCI (include/linux/ioport.h) ---- */

#ifndef IORESOURCE_SIZEALIGN
#define IORESOURCE_SIZEALIGN    0x00040000UL    /* aligned to its size (every BAR is) */
#endif
#define IORESOURCE_ROM_ENABLE   (1UL << 0)      /* the ROM BAR's enable bit was set */
#define IORESOURCE_ROM_SHADOW   (1UL << 1)      /* the ROM is the BIOS's copy at 0xc0000 */
#define IORESOURCE_PCI_FIXED    (1UL << 4)      /* a legacy address, not from a BAR */

/* ---- devices and buses ---- */

/* Where a function's resources sit in dev->resource[], as Linux. */
enum {
	PCI_STD_NUM_BARS = 6,
	PCI_ROM_RESOURCE = 6,
	PCI_BRIDGE_RESOURCES = 7,       /* a bridge's windows: I/O, memory, prefetchable */
	PCI_BRIDGE_RESOURCE_NUM = 3,
	PCI_NUM_RESOURCES = PCI_BRIDGE_RESOURCES + PCI_BRIDGE_RESOURCE_NUM,
};

/* What __pci_read_base() is sizing. */
enum pci_bar_type {
	pci_bar_unknown,                /* a standard BAR: its low bits say */
	pci_bar_mem32,                  /* the expansion ROM BAR */
};

#define PCI_BUS_NUM_RESOURCES 8         /* the root bus has 6 windows on QEMU */

struct pci_dev;

struct pci_bus {
	struct pci_bus *parent;         /* NULL for the root bus */
	struct pci_dev *self;           /* the bridge leading here; NULL for the root */
	struct pci_bus *next;           /* every bus, in the order found */
	unsigned char number;           /* this bus */
	unsigned char primary;          /* the bus the bridge sits on */
	unsigned char busn_end;         /* the highest bus number behind this one */
	struct resource *resource[PCI_BUS_NUM_RESOURCES];  /* windows onto this bus */
	char name[24];                  /* "PCI Bus 0000:01": its windows' name in iomem */
};

struct pci_dev {
	struct pci_dev *next;           /* every function, by bus then devfn */
	struct pci_bus *bus;            /* the bus it sits on */
	struct pci_bus *subordinate;    /* the bus behind it, for a bridge */
	unsigned int devfn;             /* PCI_DEVFN(slot, function) */
	u16 vendor, device;
	u16 subsystem_vendor, subsystem_device;
	u32 class;                      /* base class << 16 | subclass << 8 | prog-if */
	u8 revision;
	u8 hdr_type;                    /* PCI_HEADER_TYPE_*, without the MFD bit */
	bool multifunction;
	u8 pin;                         /* interrupt pin: 0 none, 1-4 INTA#-INTD# */
	/*
	 * Linux's pdev->irq: the interrupt line the firmware set (0: none) until
	 * pci_enable_device routes INTx, then the irq number of its GSI (20 for
	 * 00:04.0 on q35), which /sys's irq file and lspci show.
	 */
	unsigned int irq;
	bool mmio_always_on;            /* never turn its decoding off (host bridges) */
	struct resource resource[PCI_NUM_RESOURCES];
	/* for a device (not a bridge), resource[7..9] are chipset ports a quirk found */
	const char *quirk[PCI_BRIDGE_RESOURCE_NUM];    /* "PIIX4 ACPI": which quirk */
	char name[16];                  /* "0000:00:02.0", as pci_name() */
	/* the driver model (drivers/pci_driver.c, pci_irq.c, pci_msi.c) */
	struct device dev;              /* dev.init_name is name; dev.driver, drvdata, DMA masks */
	struct pci_driver *driver;      /* bound driver, or NULL */
	unsigned int firmware_irq;      /* the interrupt line register the firmware set */
	int enable_cnt;                 /* pci_enable_device calls not yet undone */
	bool is_busmaster;
	bool msi_enabled;               /* pci_alloc_irq_vectors chose MSI */
	u8 msi_cap;                     /* offset of the MSI capability, 0: none */
	unsigned int msi_irq;           /* the MSI's irq while msi_enabled */
};

static inline struct pci_dev *to_pci_dev(struct device *d)
{
	return (struct pci_dev *)((char *)d - __builtin_offsetof(struct pci_dev, dev));
}

static inline const char *pci_name(const struct pci_dev *dev)
{
	return dev->name;
}

#define pci_resource_start(dev, bar) ((dev)->resource[(bar)].start)
#define pci_resource_end(dev, bar)   ((dev)->resource[(bar)].end)
#define pci_resource_flags(dev, bar) ((dev)->resource[(bar)].flags)
#define pci_resource_len(dev, bar) \
	(pci_resource_end((dev), (bar)) ? resource_size(&(dev)->resource[(bar)]) : 0)

/* ---- configuration access (drivers/pci_conf.c) ---- */

/*
 * The two doors, one register of len bytes (1, 2 or 4, aligned to len) of
 * function devfn on bus.  Return 0, or -EINVAL for a bad register or length
 * (then *val is all ones, as a missing function reads), -ENODEV when the
 * door is absent (no 0xCF8 mechanism; no ECAM for that segment and bus).
 * Interrupts are off during a 0xCF8/0xCFC pair, so nothing can come between
 * the address and the data.  Configuration mechanism #1 reaches only the
 * first 256 bytes.
 */
int pci_conf1_read(unsigned int bus, unsigned int devfn, int reg, int len, u32 *val);
int pci_conf1_write(unsigned int bus, unsigned int devfn, int reg, int len, u32 val);
int pci_mmcfg_read(unsigned int seg, unsigned int bus, unsigned int devfn, int reg,
		   int len, u32 *val);
int pci_mmcfg_write(unsigned int seg, unsigned int bus, unsigned int devfn, int reg,
		    int len, u32 val);

/*
 * Use ECAM at base (the address of bus 0, as MCFG gives it) for buses
 * start_bus..end_bus of segment: claims "PCI MMCONFIG 0000 [bus 00-ff]" in
 * iomem and maps each bus's 1 MiB with ioremap the first time it is used.
 * Returns 0, or -EINVAL (bad range), -EBUSY (one is set up already).
 * pci_init() calls it with the MCFG's values.
 */
int pci_mmcfg_init(u64 base, u16 segment, u8 start_bus, u8 end_bus);

/* Whether ECAM is set up for this segment and bus. */
bool pci_mmcfg_covers(unsigned int seg, unsigned int bus);

/*
 * Linux's raw_pci_read/write: the first 256 bytes of segment 0 through ports
 * 0xCF8/0xCFC, as Linux does (some firmware gets ECAM wrong), anything else
 * through ECAM.
 */
int raw_pci_read(unsigned int domain, unsigned int bus, unsigned int devfn, int reg,
		 int len, u32 *val);
int raw_pci_write(unsigned int domain, unsigned int bus, unsigned int devfn, int reg,
		  int len, u32 val);

int pci_bus_read_config_byte(const struct pci_bus *bus, unsigned int devfn, int where, u8 *val);
int pci_bus_read_config_word(const struct pci_bus *bus, unsigned int devfn, int where, u16 *val);
int pci_bus_read_config_dword(const struct pci_bus *bus, unsigned int devfn, int where, u32 *val);
int pci_bus_write_config_byte(const struct pci_bus *bus, unsigned int devfn, int where, u8 val);
int pci_bus_write_config_word(const struct pci_bus *bus, unsigned int devfn, int where, u16 val);
int pci_bus_write_config_dword(const struct pci_bus *bus, unsigned int devfn, int where, u32 val);

static inline int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val)
{
	return pci_bus_read_config_byte(dev->bus, dev->devfn, where, val);
}

static inline int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val)
{
	return pci_bus_read_config_word(dev->bus, dev->devfn, where, val);
}

static inline int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val)
{
	return pci_bus_read_config_dword(dev->bus, dev->devfn, where, val);
}

static inline int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val)
{
	return pci_bus_write_config_byte(dev->bus, dev->devfn, where, val);
}

static inline int pci_write_config_word(const struct pci_dev *dev, int where, u16 val)
{
	return pci_bus_write_config_word(dev->bus, dev->devfn, where, val);
}

static inline int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val)
{
	return pci_bus_write_config_dword(dev->bus, dev->devfn, where, val);
}

/* ---- enumeration and resources (drivers/pci.c) ---- */

/*
 * Find the configuration doors (0xCF8 ports, claimed as "PCI conf1"; ECAM
 * from ACPI's MCFG), derive the host bridge's windows, scan bus 0 and every
 * bus behind a bridge, size every BAR, and claim each BAR in iomem or
 * ioports under its window, named after its function.  Once, after
 * kmem_cache_init() and acpi_init(); a second call does nothing.
 */
void pci_init(void);

/* Whether pci_init() has run. */
bool pci_initialised(void);

/*
 * Linux's pci_get_device: the next function after from (NULL: the first)
 * with this vendor and device (PCI_ANY_ID matches any), in lspci's order;
 * NULL after the last.  (No reference counts in Atlas: nothing is freed.)
 */
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device, struct pci_dev *from);

/* Every function, in bus/devfn order. */
#define for_each_pci_dev(d) \
	for ((d) = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL); (d); \
	     (d) = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, (d)))

/* The function at bus/devfn of segment domain, or NULL. */
struct pci_dev *pci_get_domain_bus_and_slot(int domain, unsigned int bus, unsigned int devfn);

/* The bus with this number, or NULL; the root bus (bus 0) after pci_init. */
struct pci_bus *pci_find_bus(int domain, int busnr);

/* Every bus, in the order found (the root first). */
struct pci_bus *pci_first_bus(void);

/*
 * Linux's __pci_read_base: size the BAR at config offset reg of dev the PCI
 * way (PCI 3.0 §6.2.5.1): with the function's decoding switched off in its
 * command register (unless dev->mmio_always_on), write all ones, read back,
 * restore the BAR and then the command register exactly; for a 64-bit BAR
 * the upper dword too.  Fills res (start, end, flags as Linux's; flags 0 if
 * the BAR is not implemented).  Returns 1 if the BAR was 64-bit (it used the
 * next register too), else 0.  Interrupts are off while decoding is off.
 */
int __pci_read_base(struct pci_dev *dev, enum pci_bar_type type, struct resource *res,
		    unsigned int reg);

/* ---- claiming and assigning BARs and ROMs (drivers/pci_setup.c) ---- */

/*
 * The window of dev's bus that res belongs in (Linux's pci_find_parent_resource):
 * one of the same type that contains it; a non-prefetchable BAR never goes in a
 * prefetchable window.  NULL if none does.
 */
struct resource *pci_find_parent_resource(const struct pci_dev *dev, struct resource *res);

/*
 * Linux's pci_claim_resource: put dev->resource[i] into the resource tree
 * under its window (a shadowed ROM needs no claim).  0, or -EINVAL (no
 * address, or no window holds it) or -EBUSY (it overlaps another claim),
 * each with a log line that says so.
 */
int pci_claim_resource(struct pci_dev *dev, int i);

/* A BAR's low bits (I/O or memory, 64-bit, prefetchable), kept in its resource's flags. */
#define PCI_REGION_FLAG_MASK 0x0fU

/*
 * Linux's pci_bus_alloc_resource: place res (size bytes, aligned to align,
 * not below min unless a window starts higher) in the first window of bus
 * whose type, and whose prefetchable and 64-bit bits under type_mask, match
 * res's: the lowest free place between the window's children, above 1 MiB,
 * outside the top 2 MiB below 4 GiB and every e820 range (x86's rules); a
 * 64-bit BAR tries above 4 GiB first.  0 with res linked under the window,
 * or -ENOMEM.
 */
int pci_bus_alloc_resource(struct pci_bus *bus, struct resource *res, u64 size, u64 align,
			   u64 min, unsigned long type_mask);

/*
 * Linux's pci_update_resource: write dev->resource[resno]'s address into its
 * BAR (a 64-bit BAR's upper half too; a ROM's enable bit as it was) and read
 * it back.  0; -EINVAL for a resource with no BAR or no address; -EIO (with
 * a message) if the BAR did not keep it.
 */
int pci_update_resource(struct pci_dev *dev, int resno);

/*
 * Linux's pci_assign_resource: give dev->resource[resno] (any address: it is
 * marked unset first) a place in a window of its bus, as
 * pci_bus_alloc_resource, trying a window of the same kind, then any memory
 * window; print "pci 0000:00:02.0: ROM [mem 0x80000000-0x8003ffff pref]:
 * assigned" and write the BAR.  A legacy (fixed) resource is left alone.
 * 0; -EINVAL (not aligned to its size) or -ENOMEM ("can't assign; no space"
 * and "failed to assign", the resource left unset at 0).
 */
int pci_assign_resource(struct pci_dev *dev, int resno);

/*
 * Linux's pci_assign_unassigned_resources, without bridge sizing: every BAR
 * and ROM that is not in the resource tree (nor legacy, nor the shadowed
 * video ROM), bus by bus, the largest alignment first, is assigned as
 * pci_assign_resource.  Returns how many were.
 */
int pci_assign_unassigned_resources(void);

/*
 * Claim BAR bar of dev for a driver, as Linux's pci_request_region: a busy
 * region named name inside the BAR's resource.  0, -EINVAL (no such BAR) or
 * -EBUSY (taken: the log names the holder).  pci_release_region undoes it.
 */
int pci_request_region(struct pci_dev *dev, int bar, const char *name);
void pci_release_region(struct pci_dev *dev, int bar);

/* ---- the pure parts (drivers/pci_names.c; also built for the host tests) ---- */

/*
 * The name lspci gives a 24-bit class (base << 16 | sub << 8 | prog-if):
 * "VGA compatible controller" for 0x0300xx; the base class's name if the
 * subclass is not known ("Bridge" for 0x06ffxx); NULL if neither is.
 */
const char *pci_class_name(u32 class);

/* The programming interface's name ("AHCI 1.0" for 0x010601), or NULL. */
const char *pci_progif_name(u32 class);

/* A capability's name ("Power Management" for 0x01), or NULL. */
const char *pci_cap_name(u8 id);

/* Linux's decode_bar: the resource flags a BAR's low bits announce. */
unsigned long pci_decode_bar_flags(u32 bar);

/*
 * Linux's pci_size: the size a BAR decodes, from base (what it held), maxbase
 * (what it read back after all ones were written) and mask (its address
 * bits).  0 if it decodes nothing or the answer makes no sense.
 */
u64 pci_size(u64 base, u64 maxbase, u64 mask);

/*
 * Decode one BAR from val (what it held) and probe (what it read back after
 * all ones were written): for a 64-bit memory BAR both carry the next
 * register in their top 32 bits; rom says it is the expansion ROM BAR.  Sets
 * res->start, ->end and ->flags as Linux's __pci_read_base does.  Returns 0;
 * -ENOENT if the BAR is not implemented (reads back 0; res->flags = 0);
 * -EINVAL if the answer is nonsense, such as a range running past what the
 * register can address (4 GiB, or 2^64 for a 64-bit BAR) (res->flags = 0).
 */
int pci_decode_bar(u64 val, u64 probe, bool rom, struct resource *res);

/* lspci's " [size=16M]" for len bytes ("" for 0).  Returns the length, as snprintf. */
int pci_format_size(char *buf, size_t size, u64 len);

/*
 * lspci -nn's first line for dev, in Atlas's form:
 *   "00:02.0 VGA compatible controller [0300]: Device 1234:1111 (rev 02)"
 * (no revision when it is 0; with verbose, lspci -v's " (prog-if 80 [name])"
 * after it).  Returns the length, as snprintf.
 */
int lspci_format_terse(char *buf, size_t size, const struct pci_dev *dev, bool verbose);

/*
 * One BAR as lspci -vv shows it, from its resource res, the BAR register's
 * value reg (0 for a legacy address: "[virtual]") and the command register:
 *   "Region 0: Memory at fd000000 (32-bit, prefetchable) [size=16M]"
 *   "Region 4: I/O ports at c040 [size=16]"
 * Returns the length, as snprintf.
 */
int lspci_format_bar(char *buf, size_t size, int bar, const struct resource *res, u32 reg,
		     u16 cmd);

/* The expansion ROM: "Expansion ROM at feb80000 [disabled] [size=256K]". */
int lspci_format_rom(char *buf, size_t size, const struct resource *res, u32 reg, u16 cmd);

/* lspci -v's "Flags: bus master, fast devsel, latency 0, IRQ 11". */
int lspci_format_flags(char *buf, size_t size, u16 cmd, u16 status, u8 latency,
		       unsigned int irq);

/*
 * lspci -v's MSI capability from its message control word flags
 * (pciutils' cap_msi): "MSI: Enable+ Count=1/1 Maskable- 64bit+": the
 * vectors enabled / the vectors the function can ask for.
 */
int lspci_format_msi(char *buf, size_t size, u16 flags);

/* What the host bridge windows are derived from (see pci_host_bridge_windows). */
struct pci_host_info {
	u16 device;                     /* the host bridge's device ID (vendor 8086) */
	u64 ecam_start, ecam_end;       /* the ECAM range; both 0 when there is none */
	u64 bar64_start, bar64_end;     /* the 64-bit BARs at or above 4 GiB; 0: none */
};

#define PCI_DEVICE_ID_INTEL_82441 0x1237        /* i440FX host bridge: QEMU's pc */
#define PCI_DEVICE_ID_INTEL_Q35_MCH 0x29c0      /* Q35 host bridge: QEMU's q35 */

/*
 * The root bus's windows, as QEMU's DSDT describes them in the host bridge's
 * _CRS (which Atlas, having no AML interpreter, cannot read):
 *   io  0x0000-0x0cf7 and 0x0d00-0xffff (all ports but the 0xCF8 doors);
 *   mem 0xa0000-0xbffff (the legacy VGA window);
 *   mem from the end of RAM below 4 GiB (and the reserved ranges right after
 *       it; 1 MiB at the least) to 0xfebfffff (below the IOAPIC), less every
 *       e820 range inside it and the ECAM range (left out if it wraps);
 *   mem above 4 GiB: from the end of RAM there (rounded up to 1 GiB) or the
 *       lowest 64-bit BAR there, for QEMU's pci-hole64-size (2 GiB on
 *       i440FX, 32 GiB on Q35, ending at 2^64 - 1 at the most), stretched to
 *       cover every 64-bit BAR; none if RAM reaches the last GiB.
 * Fills at most max resources in win (name "PCI Bus 0000:00", flags
 * IORESOURCE_IO or _MEM with IORESOURCE_WINDOW), in that order.  Returns
 * how many.
 */
struct e820_table;
int pci_host_bridge_windows(const struct e820_table *t, const struct pci_host_info *h,
			    struct resource *win, int max);

/* ---- drivers (drivers/pci_driver.c): Linux's pci_driver and its helpers ---- */

struct pci_device_id {
	u32 vendor, device;             /* PCI_ANY_ID matches any */
	u32 subvendor, subdevice;
	u32 class, class_mask;          /* (dev->class & class_mask) == class */
	unsigned long driver_data;
};

#define PCI_DEVICE(vend, dev) \
	.vendor = (vend), .device = (dev), .subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID

/* A dynamic ID added through /sys/bus/pci/drivers/NAME/new_id. */
struct pci_dynid {
	struct pci_dynid *next;
	struct pci_device_id id;
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;   /* ends with an all-zero entry; may be NULL */
	/* Claim dev: 0 when bound, else -errno (the device stays free). */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	/* Let dev go: free its irqs, regions, mappings and memory. */
	void (*remove)(struct pci_dev *dev);
	/* the PCI core's: */
	struct device_driver driver;            /* driver.name is name */
	struct pci_dynid *dynids;
	struct pci_driver *next_driver;
	struct sysfs_dirent *sysfs_dir;         /* /sys/bus/pci/drivers/NAME */
};

/*
 * Register drv (Linux's pci_register_driver): it appears in
 * /sys/bus/pci/drivers/NAME and is offered every function that has no
 * driver and matches its id_table.  0, or -EBUSY for a name taken.
 */
int pci_register_driver(struct pci_driver *drv);
/* Unbind drv from every device it holds, then forget it. */
void pci_unregister_driver(struct pci_driver *drv);
/* The registered driver with this name, or NULL. */
struct pci_driver *pci_find_driver(const char *name);
/* Every registered driver, in registration order (under pci_bind_lock). */
struct pci_driver *pci_first_driver(void);
/* The mutex every binding change holds (probe and remove run under it). */
struct mutex;
extern struct mutex pci_bind_lock;

/* The id of drv's table or dynamic IDs that matches dev, or NULL (Linux's pci_match_device). */
const struct pci_device_id *pci_match_device(struct pci_driver *drv, struct pci_dev *dev);

/*
 * The binding operations behind sysfs's bind, unbind and new_id, and
 * pci_register_driver (Linux's device_driver_attach, device_release_driver,
 * driver_attach).  Each takes pci_bind_lock (a mutex: probe may sleep).
 *   pci_driver_attach: probe drv on dev: 0, -EBUSY (dev has a driver),
 *       -ENODEV (drv does not match dev), or probe's error;
 *   pci_device_release_driver: call the driver's remove and unbind (nothing
 *       if none);
 *   pci_driver_probe_unbound: offer drv every unbound function it matches;
 *       returns how many it took;
 *   pci_add_dynid: a new ID (new_id's fields), then probe unbound functions:
 *       0, -EEXIST (drv matches such a device already: the static table or
 *       an earlier new_id), -EINVAL (drv has a table and driver_data is
 *       none of its entries', as Linux's new_id), -ENOMEM;
 *   pci_remove_dynid: 0 or -ENODEV.
 */
int pci_driver_attach(struct pci_driver *drv, struct pci_dev *dev);
void pci_device_release_driver(struct pci_dev *dev);
int pci_driver_probe_unbound(struct pci_driver *drv);
int pci_add_dynid(struct pci_driver *drv, u32 vendor, u32 device, u32 subvendor, u32 subdevice,
		  u32 class, u32 class_mask, unsigned long driver_data);
int pci_remove_dynid(struct pci_driver *drv, u32 vendor, u32 device, u32 subvendor,
		     u32 subdevice);

static inline void pci_set_drvdata(struct pci_dev *dev, void *data)
{
	dev_set_drvdata(&dev->dev, data);
}

static inline void *pci_get_drvdata(struct pci_dev *dev)
{
	return dev_get_drvdata(&dev->dev);
}

/*
 * Turn on the function's memory and I/O decoding for its BARs and route
 * its INTx (Linux's pci_enable_device; pcibios_enable_irq): dev->irq
 * becomes the irq of its GSI, logged once per line as Linux's ACPI does
 * ("ACPI: \_SB_.GSIE: Enabled at IRQ 20").  Counted: the last
 * pci_disable_device turns bus mastering off; decoding stays on, as Linux's.
 */
int pci_enable_device(struct pci_dev *dev);
void pci_disable_device(struct pci_dev *dev);
static inline bool pci_is_enabled(const struct pci_dev *dev) { return dev->enable_cnt > 0; }
/* Let the function master the bus (DMA, MSI): PCI_COMMAND_MASTER on or off. */
void pci_set_master(struct pci_dev *dev);
void pci_clear_master(struct pci_dev *dev);
/* INTx on (enable) or off: PCI_COMMAND_INTX_DISABLE (Linux's pci_intx). */
void pci_intx(struct pci_dev *dev, int enable);
/* Whether the command register's INTx-disable bit works (Linux's pci_intx_mask_supported). */
bool pci_intx_mask_supported(struct pci_dev *dev);
/*
 * For handlers of shared INTx lines (uio_pci_generic), as Linux's:
 * pci_check_and_mask_intx: if the function's status says it asserts INTx,
 * mask it (set INTx disable) and return true, else false (not ours);
 * pci_check_and_unmask_intx: clear INTx disable unless an interrupt is
 * pending; true if it did.
 */
bool pci_check_and_mask_intx(struct pci_dev *dev);
bool pci_check_and_unmask_intx(struct pci_dev *dev);

/* Every BAR claimed busy for name (Linux's pci_request_regions): 0 or -EBUSY (none kept). */
int pci_request_regions(struct pci_dev *dev, const char *name);
void pci_release_regions(struct pci_dev *dev);

/* ioremap of BAR bar (maxlen 0: all of it), or NULL (Linux's pci_iomap). */
void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen);
void pci_iounmap(struct pci_dev *dev, void __iomem *addr);

/* The offset of capability cap in dev's list, or 0 (Linux's pci_find_capability). */
u8 pci_find_capability(struct pci_dev *dev, int cap);

/* ---- interrupts: INTx routing and MSI (drivers/pci_irq.c, drivers/pci_msi.c) ---- */

/*
 * The GSI that INTx pin of dev reaches, as QEMU's DSDT _PRT routes it
 * (Atlas has no AML interpreter): on q35, PIRQ E-H (GSI 20-23) for slots
 * 0-24 of bus 0 rotating with the pin, on pc the ISA IRQ the PIIX3's PIRQ
 * routing registers hold; a function behind a bridge swizzles its pin to
 * the bridge's slot.  Fills level and active_low.  -ENOENT if dev has no
 * pin or the line is not routed.
 */
int pci_intx_gsi(struct pci_dev *dev, bool *level, bool *active_low);

/*
 * pci_enable_device's INTx step (Linux's pcibios_enable_irq, the ACPI
 * way): dev->irq becomes irq_setup_gsi() of pci_intx_gsi's GSI, and the
 * first device on each link logs Linux's "ACPI: \_SB_.GSIE: Enabled at
 * IRQ 20" (pc: "\_SB_.LNKA").  No pin, or a link without an IRQ: dev->irq
 * stays, with a warning for the latter.  Returns 0 or -errno.
 */
int pcibios_enable_irq(struct pci_dev *dev);

#define PCI_IRQ_LEGACY          (1 << 0)        /* INTx */
#define PCI_IRQ_MSI             (1 << 1)
#define PCI_IRQ_MSIX            (1 << 2)
#define PCI_IRQ_ALL_TYPES       (PCI_IRQ_LEGACY | PCI_IRQ_MSI | PCI_IRQ_MSIX)

/*
 * Linux's pci_alloc_irq_vectors, for one vector (min_vecs and max_vecs
 * must allow 1): MSI if flags allow it and the function has the
 * capability (the message names CPU 0's APIC and a fresh vector), else
 * INTx if allowed and routed.  Returns the number of vectors (1) or
 * -EINVAL / -ENOSPC.  pci_irq_vector(dev, 0) is then the irq to request;
 * pci_free_irq_vectors (after free_irq) disables MSI again.
 */
int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs, unsigned int max_vecs,
			  unsigned int flags);
int pci_irq_vector(struct pci_dev *dev, unsigned int nr);
void pci_free_irq_vectors(struct pci_dev *dev);

/* ---- sysfs (drivers/pci_sysfs.c) ---- */

/*
 * /sys/devices/pci0000:00/0000:BB:DD.F for each function, linked from
 * /sys/bus/pci/devices, with Linux's attribute files; the driver core
 * calls the others as drivers register, bind and unbind.
 */
void pci_sysfs_init(void);
void pci_sysfs_add_driver(struct pci_driver *drv);
void pci_sysfs_remove_driver(struct pci_driver *drv);
void pci_sysfs_bind(struct pci_dev *dev);       /* the driver links, after probe */
void pci_sysfs_unbind(struct pci_dev *dev);     /* before remove */

#endif
