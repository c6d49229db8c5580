/*
 * devmem, inb and outb: the monitor's raw access to devices, as Linux's
 * /dev/mem and /dev/port (drivers/char/mem.c) give it to root.
 *
 * devmem reads or writes one physical address, with
 * busybox's syntax: devmem ADDR [WIDTH [VALUE]], WIDTH in bits (8, 16, 32, 64;
 * 32 by default).  It goes through ioremap() like any driver, and obeys
 * /dev/mem's rule (devmem_is_allowed in drivers/mem.c): RAM belongs to the
 * kernel's allocators and a busy range to its driver, not to a poking user
 * (Linux's CONFIG_STRICT_DEVMEM and CONFIG_IO_STRICT_DEVMEM); RAM below
 * 1 MiB reads as zeros.
 */
#include <asm/io.h>
#include <errno.h>
#include <kernel/monitor.h>
#include <kernel/string.h>
#include <kernel/ioport.h>
#include <mm/page.h>

static u64 devmem_read(volatile void __iomem *p, unsigned int width)
{
	switch (width) {
	case 8:  return readb(p);
	case 16: return readw(p);
	case 64: return readq(p);
	default: return readl(p);
	}
}

static void devmem_write(volatile void __iomem *p, unsigned int width, u64 v)
{
	switch (width) {
	case 8:  writeb(v, p); break;
	case 16: writew(v, p); break;
	case 64: writeq(v, p); break;
	default: writel(v, p); break;
	}
}

/* Whether value fits in width bits (width 64: every value does). */
static bool devmem_fits(unsigned long long value, unsigned int width)
{
	return width == 64 || value >> width == 0;
}

/* Why /dev/mem's rule refuses addr: RAM, or the busy resource that holds it. */
static void devmem_refusal(struct seq_file *m, unsigned long long addr)
{
	struct resource *r = lookup_resource_containing(&iomem_resource, addr);

	if (region_intersects(addr & PAGE_MASK, PAGE_SIZE, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		seq_printf(m, "devmem: %#llx is RAM: refused (as Linux's CONFIG_STRICT_DEVMEM); "
			   "try a device, e.g. devmem 0xfed00000 (the HPET)\n", addr);
		return;
	}
	while (r && !(r->flags & IORESOURCE_BUSY))
		r = r->parent;
	seq_printf(m, "devmem: %#llx is held by \"%s\": refused (as Linux's CONFIG_IO_STRICT_DEVMEM)\n",
		   addr, r && r->name ? r->name : "a driver");
}

static int devmem_cmd(struct seq_file *m, int argc, char **argv)
{
	unsigned long long addr, value = 0;
	unsigned int width = 32;
	void __iomem *p;
	int allowed;

	if (argc < 2 || argc > 4 || kstrtoull(argv[1], 0, &addr) ||
	    (argc > 2 && kstrtouint(argv[2], 0, &width)) ||
	    (argc > 3 && kstrtoull(argv[3], 0, &value)))
		return -EINVAL;
	if (width != 8 && width != 16 && width != 32 && width != 64)
		return -EINVAL;
	if (!devmem_fits(value, width)) {
		seq_printf(m, "devmem: value %#llx does not fit in %u bits\n", value, width);
		return -ERANGE;
	}
	if (addr > ~0ULL - width / 8) {
		seq_printf(m, "devmem: %#llx: the access would wrap past the top of the address space\n",
			   addr);
		return -ERANGE;
	}
	if (addr & (width / 8 - 1)) {
		seq_printf(m, "devmem: %#llx is not aligned to %u bits\n", addr, width);
		return -EFAULT;
	}
	allowed = devmem_is_allowed(addr >> PAGE_SHIFT);
	if (!allowed) {
		devmem_refusal(m, addr);
		return -EPERM;
	}
	if (allowed == 2) {             /* RAM below 1 MiB: /dev/mem reads zeros, skips writes */
		if (argc != 4)
			seq_printf(m, "0x%0*llX\n", (int)(width / 4), 0ULL);
		seq_printf(m, "devmem: %#llx is RAM below 1 MiB: /dev/mem shows zeros and drops writes\n",
			   addr);
		return 0;
	}
	p = ioremap(addr, width / 8);
	if (!p) {
		seq_printf(m, "devmem: cannot map %#llx\n", addr);
		return -ENOMEM;
	}
	if (argc == 4)
		devmem_write(p, width, value);
	else
		seq_printf(m, "0x%0*llX\n", (int)(width / 4), (unsigned long long)devmem_read(p, width));
	iounmap(p);
	return 0;
}
MONITOR_CMD(devmem, "ADDR [WIDTH [VALUE]]", "read/write a physical address (what /dev/mem allows)", devmem_cmd);

/* inb PORT / outb PORT VALUE: one byte of port I/O, as the x86 IN/OUT instructions. */
static int inb_cmd(struct seq_file *m, int argc, char **argv)
{
	unsigned int port;

	if (argc != 2 || kstrtouint(argv[1], 0, &port) || port > 0xffff)
		return -EINVAL;
	seq_printf(m, "0x%02X\n", inb(port));
	return 0;
}
MONITOR_CMD(inb, "PORT", "read one byte from an I/O port", inb_cmd);

static int outb_cmd(struct seq_file *m, int argc, char **argv)
{
	unsigned int port, value;

	if (argc != 3 || kstrtouint(argv[1], 0, &port) || port > 0xffff ||
	    kstrtouint(argv[2], 0, &value) || value > 0xff)
		return -EINVAL;
	outb(value, port);
	return 0;
}
MONITOR_CMD(outb, "PORT VALUE", "write one byte to an I/O port", outb_cmd);
