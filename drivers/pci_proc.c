/*
 * PCI's text views (as Linux's drivers/pci/proc.c is its /proc files): the
 * monitor's lspci command, the PCI functions pci_init() found, in the
 * layout of pciutils' lspci (lspci.c: show_terse, show_verbose, show_bases,
 * show_rom, show_hex_dump), with the numbers lspci -nn would add:
 *
 *   atlas> lspci -v
 *   00:02.0 VGA compatible controller [0300]: Device 1234:1111 (rev 02) (prog-if 00 [VGA controller])
 *           Subsystem: Device 1af4:1100
 *           Flags: fast devsel
 *           Region 0: Memory at fd000000 (32-bit, prefetchable) [size=16M]
 *           Region 2: Memory at febf0000 (32-bit, non-prefetchable) [size=4K]
 *           Expansion ROM at 000c0000 [disabled] [size=128K]
 *
 *   00:04.0 Unclassified device [00ff]: Device 1234:11e8 (rev 10)
 *           Subsystem: Device 1af4:1100
 *           Flags: bus master, fast devsel, latency 0, IRQ 24
 *           Region 0: Memory at fea00000 (32-bit, non-prefetchable) [size=1M]
 *           Capabilities: [40] MSI: Enable+ Count=1/1 Maskable- 64bit+
 *           Kernel driver in use: edu
 *
 * BARs come from what pci_init() decoded (their sizes cannot be read back
 * without switching the device off), the rest from the configuration space
 * as it is now.  -x, -xxx and -xxxx dump the first 64, 256 and 4096 bytes
 * of each function's configuration space (4096 needs ECAM) as lspci does.
 */
#include <drivers/pci.h>
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/monitor.h>

#define LINE_MAX 256
#define MAX_CAPS 48                     /* a capability list longer than this loops */

/*
 * The MSI capability at pos as pciutils' cap_msi: the flags line, and with
 * -vv the message the function sends: "Address: 00000000fee00000  Data: 0041".
 */
static void show_msi(struct seq_file *m, const struct pci_dev *dev, u8 pos, int verbose)
{
	char line[LINE_MAX];
	u32 lo, hi = 0;
	u16 flags, data;

	pci_read_config_word(dev, pos + PCI_MSI_FLAGS, &flags);
	lspci_format_msi(line, sizeof(line), flags);
	seq_printf(m, "\tCapabilities: [%02x] %s\n", pos, line);
	if (verbose < 2)
		return;
	pci_read_config_dword(dev, pos + PCI_MSI_ADDRESS_LO, &lo);
	if (flags & PCI_MSI_FLAGS_64BIT) {
		pci_read_config_dword(dev, pos + PCI_MSI_ADDRESS_HI, &hi);
		pci_read_config_word(dev, pos + PCI_MSI_DATA_64, &data);
		seq_printf(m, "\t\tAddress: %08x%08x  Data: %04x\n", hi, lo, data);
	} else {
		pci_read_config_word(dev, pos + PCI_MSI_DATA_32, &data);
		seq_printf(m, "\t\tAddress: %08x  Data: %04x\n", lo, data);
	}
}

/* The capability list (PCI 3.0 §6.7): one "Capabilities: [c8] Power Management" line each. */
static void show_caps(struct seq_file *m, const struct pci_dev *dev, int verbose)
{
	u16 status;
	u8 pos, id;

	pci_read_config_word(dev, PCI_STATUS, &status);
	if (!(status & PCI_STATUS_CAP_LIST))
		return;
	pci_read_config_byte(dev, PCI_CAPABILITY_LIST, &pos);
	for (int n = 0; n < MAX_CAPS && pos >= 0x40; n++) {
		const char *name;

		pos &= ~3;
		pci_read_config_byte(dev, pos, &id);
		if (id == 0xff)
			break;
		name = pci_cap_name(id);
		if (id == PCI_CAP_ID_MSI)
			show_msi(m, dev, pos, verbose);
		else if (name)
			seq_printf(m, "\tCapabilities: [%02x] %s\n", pos, name);
		else
			seq_printf(m, "\tCapabilities: [%02x] #%02x\n", pos, id);
		pci_read_config_byte(dev, pos + 1, &pos);
	}
}

/* A bridge's bus numbers and windows, as lspci's show_htype1 (from the decoded windows). */
static void show_bridge(struct seq_file *m, const struct pci_dev *dev)
{
	static const char *const what[] = { "I/O", "Memory", "Prefetchable memory" };
	u8 pri, sec, sub, lat;

	pci_read_config_byte(dev, PCI_PRIMARY_BUS, &pri);
	pci_read_config_byte(dev, PCI_SECONDARY_BUS, &sec);
	pci_read_config_byte(dev, PCI_SUBORDINATE_BUS, &sub);
	pci_read_config_byte(dev, 0x1b, &lat);          /* secondary latency timer */
	seq_printf(m, "\tBus: primary=%02x, secondary=%02x, subordinate=%02x, sec-latency=%u\n",
		   pri, sec, sub, lat);
	for (int i = 0; i < PCI_BRIDGE_RESOURCE_NUM; i++) {
		const struct resource *w = &dev->resource[PCI_BRIDGE_RESOURCES + i];

		/* lspci prints a 64-bit prefetchable window with all 16 digits */
		int digits = w->flags & IORESOURCE_MEM_64 ? 16 : 8;

		if (w->flags)
			seq_printf(m, "\t%s behind bridge: %0*llx-%0*llx\n", what[i], digits,
				   (unsigned long long)w->start, digits, (unsigned long long)w->end);
	}
}

static void show_bases(struct seq_file *m, const struct pci_dev *dev, int count, int rom_reg)
{
	char line[LINE_MAX];
	u32 reg;
	u16 cmd;

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	for (int i = 0; i < count; i++) {
		const struct resource *r = &dev->resource[i];

		pci_read_config_dword(dev, PCI_BASE_ADDRESS_0 + 4 * i, &reg);
		if (reg == 0xffffffff)
			reg = 0;
		if (!r->flags && !reg)
			continue;
		lspci_format_bar(line, sizeof(line), i, r, reg, cmd);
		seq_printf(m, "\t%s\n", line);
		if (r->flags & IORESOURCE_MEM_64)
			i++;                    /* the next register is this BAR's top half */
	}
	if (dev->hdr_type == PCI_HEADER_TYPE_BRIDGE)
		show_bridge(m, dev);
	if (!rom_reg)
		return;
	pci_read_config_dword(dev, rom_reg, &reg);
	if (reg == 0xffffffff)
		reg = 0;
	if (!dev->resource[PCI_ROM_RESOURCE].flags && !(reg & PCI_ROM_ADDRESS_MASK))
		return;
	lspci_format_rom(line, sizeof(line), &dev->resource[PCI_ROM_RESOURCE], reg, cmd);
	seq_printf(m, "\t%s\n", line);
}

/*
 * lspci -v's flags, BARs and capabilities (show_verbose), then the driver
 * bound to it (show_kernel).  The IRQ is the MSI's while MSI is on, as
 * Linux 6.1's sysfs irq file that lspci reads.
 */
static void show_verbose(struct seq_file *m, const struct pci_dev *dev, int verbose)
{
	char line[LINE_MAX];
	u16 cmd, status;
	u8 latency;

	if (dev->subsystem_vendor && dev->subsystem_vendor != 0xffff)
		seq_printf(m, "\tSubsystem: Device %04x:%04x\n", dev->subsystem_vendor,
			   dev->subsystem_device);
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	pci_read_config_word(dev, PCI_STATUS, &status);
	pci_read_config_byte(dev, PCI_LATENCY_TIMER, &latency);
	lspci_format_flags(line, sizeof(line), cmd, status, latency,
			   dev->msi_enabled ? dev->msi_irq : dev->irq);
	seq_printf(m, "\t%s\n", line);
	if (dev->hdr_type == PCI_HEADER_TYPE_NORMAL)
		show_bases(m, dev, PCI_STD_NUM_BARS, PCI_ROM_ADDRESS);
	else if (dev->hdr_type == PCI_HEADER_TYPE_BRIDGE)
		show_bases(m, dev, 2, PCI_ROM_ADDRESS1);
	else
		show_bases(m, dev, 1, 0);
	show_caps(m, dev, verbose);
	if (dev->driver)
		seq_printf(m, "\tKernel driver in use: %s\n", dev->driver->name);
}

/* lspci -x: "00: 86 80 37 12 ..." sixteen bytes a line. */
static void show_hex(struct seq_file *m, const struct pci_dev *dev, int len)
{
	for (int pos = 0; pos < len; pos += 16) {
		u32 w[4];

		for (int i = 0; i < 4; i++)
			pci_read_config_dword(dev, pos + 4 * i, &w[i]);
		seq_printf(m, "%02x:", pos);
		for (int i = 0; i < 16; i++)
			seq_printf(m, " %02x", (w[i / 4] >> (8 * (i % 4))) & 0xff);
		seq_putc(m, '\n');
	}
}

static int lspci_cmd(struct seq_file *m, int argc, char **argv)
{
	int verbose = 0, hex = 0, len;
	char line[LINE_MAX];
	struct pci_dev *dev;

	for (int a = 1; a < argc; a++) {
		if (argv[a][0] != '-' || !argv[a][1])
			return -EINVAL;
		for (const char *c = argv[a] + 1; *c; c++) {
			if (*c == 'v')
				verbose++;
			else if (*c == 'x')
				hex++;
			else if (*c != 'n')     /* -nn: numbers are always shown */
				return -EINVAL;
		}
	}
	if (!pci_initialised()) {
		seq_printf(m, "lspci: no PCI (pci_init() has not run, or found no configuration access)\n");
		return -ENODEV;
	}
	len = hex >= 4 ? PCI_CFG_SPACE_EXP_SIZE : hex >= 3 ? PCI_CFG_SPACE_SIZE : 64;
	for_each_pci_dev(dev) {
		lspci_format_terse(line, sizeof(line), dev, verbose);
		seq_printf(m, "%s\n", line);
		if (verbose)
			show_verbose(m, dev, verbose);
		if (hex)
			show_hex(m, dev, len == PCI_CFG_SPACE_EXP_SIZE &&
				 !pci_mmcfg_covers(0, dev->bus->number) ? PCI_CFG_SPACE_SIZE : len);
		if (verbose || hex)
			seq_putc(m, '\n');
	}
	return 0;
}
MONITOR_CMD(lspci, "[-v] [-x|-xxx|-xxxx]",
	    "list PCI functions (-v: BARs and flags, -x: configuration space)", lspci_cmd);
