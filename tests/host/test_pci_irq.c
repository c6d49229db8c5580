/*
 * Host tests of drivers/pci_irq.c: INTx routing as QEMU's DSDT gives it.
 * The q35 expectations come from a re-run here of the generator in QEMU's
 * hw/i386/acpi-build.c (build_q35_routing_table, append_q35_prt_entry: a
 * link letter per slot, rotated by pin within A-D or E-H); the pc ones from
 * the PIIX3's wiring, (slot + pin - 1) & 3 with pin 0-based, through fake
 * PIRQ route registers.  The functions, the bridges and the PIIX3's
 * configuration bytes are built here; irq_setup_gsi only records its call.
 */
#include <errno.h>
#include <string.h>

#include <drivers/pci.h>
#include <kernel/irq.h>

#include "hosttest.h"

/* ---- fake functions, buses and the PIIX3's PIRQ route registers ---- */

static struct pci_bus bus0 = { .number = 0 }, bus1 = { .number = 1, .parent = &bus0 },
		      bus2 = { .number = 2, .parent = &bus1 };
static struct pci_dev host, piix;
static u8 pirq_route[4] = { 10, 10, 11, 11 };   /* SeaBIOS's choice on pc */

static void make_dev(struct pci_dev *d, struct pci_bus *bus, unsigned int slot, u8 pin,
		     const char *name)
{
	memset(d, 0, sizeof(*d));
	d->bus = bus;
	d->devfn = PCI_DEVFN(slot, 0);
	d->pin = pin;
	d->dev.init_name = name;
	d->dev.bus_name = "pci";
}

static void machine(u16 host_device)
{
	make_dev(&host, &bus0, 0, 0, "0000:00:00.0");
	host.vendor = 0x8086;
	host.device = host_device;
	make_dev(&piix, &bus0, 1, 0, "0000:00:01.0");
	printk_capture_reset();
}

struct pci_dev *pci_get_domain_bus_and_slot(int domain, unsigned int bus, unsigned int devfn)
{
	if (domain || bus)
		return NULL;
	if (devfn == PCI_DEVFN(0, 0))
		return &host;
	if (devfn == PCI_DEVFN(1, 0) && host.device == PCI_DEVICE_ID_INTEL_82441)
		return &piix;
	return NULL;
}

int pci_bus_read_config_byte(const struct pci_bus *bus, unsigned int devfn, int where, u8 *val)
{
	*val = 0xff;
	if (bus == &bus0 && devfn == PCI_DEVFN(1, 0) && where >= 0x60 && where <= 0x63)
		*val = pirq_route[where - 0x60];
	return 0;
}

static struct { u32 gsi; bool level, low; int calls; } setup;

int irq_setup_gsi(u32 gsi, bool level, bool active_low)
{
	setup.gsi = gsi;
	setup.level = level;
	setup.low = active_low;
	setup.calls++;
	return (int)gsi;                /* x86: the GSI is the irq (an ISA one below 16) */
}

/* ---- QEMU's q35 _PRT, generated as acpi-build.c does ---- */

/* The link letter QEMU's append_q35_prt_entry gives (slot, pin 0-3) when the slot starts at first. */
static char q35_entry(char first, unsigned int pin)
{
	char base = first < 'E' ? 'A' : 'E';
	int head = first - base;

	for (int i = 0; i < 4; i++) {
		if (head + i > 3)
			head = -i;
		if ((unsigned int)i == pin)
			return (char)(base + head + i);
	}
	return '?';
}

/* The first letter build_q35_routing_table gives slot. */
static char q35_first(unsigned int slot)
{
	if (slot < 0x18)
		return (char)('E' + (slot & 3));
	if (slot == 0x18 || slot == 0x1e)
		return 'E';
	return 'A';                     /* 0x19-0x1d, 0x1f */
}

TEST(q35_every_slot_and_pin_follows_qemus_prt)
{
	struct pci_dev d;

	machine(PCI_DEVICE_ID_INTEL_Q35_MCH);
	for (unsigned int slot = 0; slot < 32; slot++)
		for (unsigned int pin = 1; pin <= 4; pin++) {
			bool level = false, low = true;
			int want = 16 + q35_entry(q35_first(slot), pin - 1) - 'A';

			make_dev(&d, &bus0, slot, (u8)pin, "0000:00:xx.0");
			if (!CHECK_MSG(pci_intx_gsi(&d, &level, &low) == want,
				       "slot %u pin %u: want GSI %d", slot, pin, want))
				return;
			CHECK(level && !low);   /* GSIx: Level, ActiveHigh */
		}
}

TEST(q35_edu_at_slot_4_is_gsi_20)
{
	struct pci_dev d;
	bool level, low;

	machine(PCI_DEVICE_ID_INTEL_Q35_MCH);
	make_dev(&d, &bus0, 4, 1, "0000:00:04.0");
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), 20);
	make_dev(&d, &bus0, 4, 2, "0000:00:04.0");
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), 21);
	make_dev(&d, &bus0, 31, 1, "0000:00:1f.0");     /* LPC/SATA/SMBus: PIRQA */
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), 16);
}

TEST(no_pin_is_enoent)
{
	struct pci_dev d;
	bool level, low;

	machine(PCI_DEVICE_ID_INTEL_Q35_MCH);
	make_dev(&d, &bus0, 4, 0, "0000:00:04.0");
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), -ENOENT);
	make_dev(&d, &bus0, 4, 5, "0000:00:04.0");      /* not a pin */
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), -ENOENT);
}

TEST(pc_follows_the_piix3_route_registers)
{
	struct pci_dev d;
	bool level = false, low = true;

	machine(PCI_DEVICE_ID_INTEL_82441);
	pirq_route[0] = 5;
	pirq_route[1] = 10;
	pirq_route[2] = 11;
	pirq_route[3] = 0x80 | 11;      /* PIRQD disabled */
	for (unsigned int slot = 2; slot < 32; slot++)
		for (unsigned int pin = 1; pin <= 4; pin++) {
			unsigned int pirq = (slot + pin - 2) & 3;
			int want = pirq == 3 ? -ENOENT : pirq_route[pirq];

			make_dev(&d, &bus0, slot, (u8)pin, "0000:00:xx.0");
			if (!CHECK_MSG(pci_intx_gsi(&d, &level, &low) == want,
				       "slot %u pin %u: want %d", slot, pin, want))
				return;
		}
	make_dev(&d, &bus0, 3, 1, "0000:00:03.0");
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), 11);       /* QEMU: 00:03.0 INTA on LNKC */
	CHECK(level && !low);
	/* the PIIX4 ACPI function's INTA: LNKS, the SCI at IRQ 9 */
	make_dev(&d, &bus0, 1, 1, "0000:00:01.3");
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), 9);
	make_dev(&d, &bus0, 1, 2, "0000:00:01.3");
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), 10);       /* INTB: PIRQB, as any slot 1 */
}

TEST(behind_bridges_the_pin_swizzles_to_the_root_slot)
{
	struct pci_dev bridge1, bridge2, d;
	bool level, low;

	machine(PCI_DEVICE_ID_INTEL_Q35_MCH);
	make_dev(&bridge1, &bus0, 3, 1, "0000:00:03.0");
	make_dev(&bridge2, &bus1, 2, 1, "0000:01:02.0");
	bus1.self = &bridge1;
	bus2.self = &bridge2;
	/* 01:01.0 INTA -> INTB at 00:03 -> ((3 + 1) & 3) + E = E: GSI 20 */
	make_dev(&d, &bus1, 1, 1, "0000:01:01.0");
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), 20);
	/* 02:00.0 INTC -> slot 0: INTC at 01:02 -> INTA at 00:03 (slot 2 + 2) -> H: 23 */
	make_dev(&d, &bus2, 0, 3, "0000:02:00.0");
	CHECK_EQ_INT(pci_intx_gsi(&d, &level, &low), 23);
}

TEST(enable_irq_sets_dev_irq_and_logs_each_link_once)
{
	struct pci_dev a, b, c;

	machine(PCI_DEVICE_ID_INTEL_Q35_MCH);
	make_dev(&a, &bus0, 4, 1, "0000:00:04.0");
	make_dev(&b, &bus0, 8, 1, "0000:00:08.0");      /* the same link, GSIE */
	make_dev(&c, &bus0, 5, 1, "0000:00:05.0");      /* GSIF */
	a.irq = b.irq = c.irq = 11;                     /* the firmware's line */
	CHECK_EQ_INT(pcibios_enable_irq(&a), 0);
	CHECK_EQ_INT(a.irq, 20);
	CHECK_EQ_INT(setup.gsi, 20);
	CHECK(setup.level && !setup.low);
	CHECK(printk_capture_contains("ACPI: \\_SB_.GSIE: Enabled at IRQ 20\n"));
	CHECK_EQ_INT(printk_capture_lines(), 1);
	CHECK_EQ_INT(pcibios_enable_irq(&b), 0);
	CHECK_EQ_INT(b.irq, 20);
	CHECK_EQ_INT(printk_capture_lines(), 1);        /* once per link */
	CHECK_EQ_INT(pcibios_enable_irq(&c), 0);
	CHECK_EQ_INT(c.irq, 21);
	CHECK(printk_capture_contains("ACPI: \\_SB_.GSIF: Enabled at IRQ 21\n"));
	CHECK_EQ_INT(printk_capture_lines(), 2);
}

TEST(enable_irq_on_pc_names_the_lnk_link)
{
	struct pci_dev d;

	machine(PCI_DEVICE_ID_INTEL_82441);
	memcpy(pirq_route, (u8[]){ 10, 10, 11, 11 }, 4);
	make_dev(&d, &bus0, 2, 1, "0000:00:02.0");      /* PIRQB */
	CHECK_EQ_INT(pcibios_enable_irq(&d), 0);
	CHECK_EQ_INT(d.irq, 10);
	CHECK(printk_capture_contains("ACPI: \\_SB_.LNKB: Enabled at IRQ 10\n"));
}

TEST(enable_irq_without_a_route_keeps_dev_irq)
{
	struct pci_dev d;

	machine(PCI_DEVICE_ID_INTEL_82441);
	pirq_route[1] = 0x80;                   /* PIRQB disabled */
	make_dev(&d, &bus0, 2, 1, "0000:00:02.0");
	d.irq = 7;
	CHECK_EQ_INT(pcibios_enable_irq(&d), 0);
	CHECK_EQ_INT(d.irq, 7);
	CHECK_EQ_INT(setup.calls, 0);
	CHECK(printk_capture_contains("pci 0000:00:02.0: PCI INT A: no GSI\n"));
	/* no pin: nothing to route, nothing said */
	make_dev(&d, &bus0, 2, 0, "0000:00:02.0");
	d.irq = 7;
	printk_capture_reset();
	CHECK_EQ_INT(pcibios_enable_irq(&d), 0);
	CHECK_EQ_INT(d.irq, 7);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(enable_irq_on_an_unknown_chipset_keeps_the_firmware_line)
{
	struct pci_dev d;

	machine(0x1234);
	make_dev(&d, &bus0, 4, 1, "0000:00:04.0");
	d.firmware_irq = 11;
	CHECK_EQ_INT(pcibios_enable_irq(&d), 0);
	CHECK_EQ_INT(d.irq, 11);
	CHECK(printk_capture_contains("no routing known for this chipset"));
	CHECK_EQ_INT(pci_intx_gsi(&d, &(bool){ false }, &(bool){ false }), -ENOENT);
}
