/*
 * The IOAPIC (Intel 82093AA datasheet): 24 inputs on QEMU, each with a 64-bit
 * redirection entry saying which vector to raise on which CPU, and how the
 * line signals (edge or level, active high or low).  Its registers sit behind
 * two MMIO windows: write a register number to IOREGSEL, then read or write
 * IOWIN.  ISA IRQs reach it as global system interrupts (GSIs), mostly 1:1,
 * except where the MADT says otherwise (IRQ 0, the timer, arrives on GSI 2).
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <drivers/acpi.h>
#include <errno.h>
#include <kernel/ioport.h>
#include <kernel/irq.h>
#include <kernel/kernel.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>

#define IO_APIC_SLOT_SIZE 1024         /* the MMIO block, as Linux names it */
#define IOREGSEL    0x00                /* MMIO: which register IOWIN shows */
#define IOWIN       0x10                /* MMIO: the register's value */

/* Registers, by number (datasheet §3.2) */
#define IOAPIC_ID   0x00                /* bits 27:24: the IOAPIC's ID */
#define IOAPIC_VER  0x01                /* bits 7:0 version, 23:16 the last entry */
#define IOAPIC_REDTBL(n) (0x10 + 2 * (n))      /* entry n: low half, then high */

#define IOAPIC_ID_SHIFT     24
#define IOAPIC_ID_MASK      0xf
#define IOAPIC_VERSION(v)   ((v) & 0xff)
#define IOAPIC_MAX_ENTRY(v) (((v) >> 16) & 0xff)

/* Redirection entry bits (datasheet §3.2.4; Linux's old IO_APIC_REDIR_*) */
#define RTE_LOW     (1ULL << 13)        /* polarity: active low */
#define RTE_LEVEL   (1ULL << 15)        /* trigger: level (else edge) */
#define RTE_MASKED  (1ULL << 16)
#define RTE_DEST_SHIFT 56               /* physical mode: the destination APIC ID */

struct ioapic {
	void __iomem *base;
	u32 gsi_base;
	unsigned int nr_pins;
	struct resource res;
	char name[16];
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;

/*
 * Where device interrupts go: every redirection entry names the boot CPU
 * (CPU 0), in physical destination mode, whichever CPU called request_irq.
 * Linux spreads them (its vector matrix, then irqbalance, put ttyS0 on CPU 1
 * in the reference /proc/interrupts); Atlas does not, on purpose: the only
 * consumer of the serial port, the monitor, runs on CPU 0, so its input
 * interrupt wakes the CPU that waits for it; the HPET's tick and the tests
 * that count device interrupts see them on one known CPU; and a device IRQ
 * never lands on a CPU that a panic or a test has stopped.  The cost, device
 * interrupt work on one CPU, is nothing at a teaching kernel's IRQ rates.
 */
static u32 ioapic_dest_apicid;

static u32 io_read(struct ioapic *io, u32 reg)
{
	writel(reg, io->base + IOREGSEL);
	return readl(io->base + IOWIN);
}

static void io_write(struct ioapic *io, u32 reg, u32 v)
{
	writel(reg, io->base + IOREGSEL);
	writel(v, io->base + IOWIN);
}

static struct ioapic *gsi_to_ioapic(u32 gsi, unsigned int *pin)
{
	for (unsigned int i = 0; i < nr_ioapics; i++)
		if (gsi >= ioapics[i].gsi_base && gsi < ioapics[i].gsi_base + ioapics[i].nr_pins) {
			*pin = gsi - ioapics[i].gsi_base;
			return &ioapics[i];
		}
	return NULL;
}

/* Write the high half (destination) first, so the entry is never half new and unmasked. */
static void write_entry(struct ioapic *io, unsigned int pin, u64 e)
{
	io_write(io, IOAPIC_REDTBL(pin), (u32)e | RTE_MASKED);
	io_write(io, IOAPIC_REDTBL(pin) + 1, e >> 32);
	io_write(io, IOAPIC_REDTBL(pin), (u32)e);
}

static u64 read_entry(struct ioapic *io, unsigned int pin)
{
	return io_read(io, IOAPIC_REDTBL(pin)) |
	       (u64)io_read(io, IOAPIC_REDTBL(pin) + 1) << 32;
}

/* Enter io's range in iomem (busy, as Linux); a conflict is reported, and not fatal. */
static void ioapic_insert_resource(struct ioapic *io, u32 address)
{
	snprintf(io->name, sizeof(io->name), "IOAPIC %u", nr_ioapics);
	io->res = (struct resource){ .name = io->name, .start = address,
				     .end = address + IO_APIC_SLOT_SIZE - 1,
				     .flags = IORESOURCE_MEM | IORESOURCE_BUSY };
	insert_resource_report("IOAPIC", &iomem_resource, &io->res);
}

static void ioapic_setup_one(const struct acpi_ioapic *a)
{
	struct ioapic *io = &ioapics[nr_ioapics];
	u32 ver;

	ioapic_insert_resource(io, a->address);
	io->base = ioremap(a->address, IO_APIC_SLOT_SIZE);
	if (!io->base) {
		pr_err("IOAPIC: cannot map %#x\n", a->address);
		if (io->res.parent)
			release_resource(&io->res);
		return;
	}
	io->gsi_base = a->gsi_base;
	ver = io_read(io, IOAPIC_VER);
	io->nr_pins = IOAPIC_MAX_ENTRY(ver) + 1;
	for (unsigned int pin = 0; pin < io->nr_pins; pin++)
		write_entry(io, pin, RTE_MASKED);
	pr_info("IOAPIC[%u]: apic_id %u, version %u, address %#x, GSI %u-%u\n", nr_ioapics,
		(io_read(io, IOAPIC_ID) >> IOAPIC_ID_SHIFT) & IOAPIC_ID_MASK, IOAPIC_VERSION(ver),
		a->address, io->gsi_base, io->gsi_base + io->nr_pins - 1);
	nr_ioapics++;
}

void ioapic_init(void)
{
	const struct acpi_info *acpi = acpi_get_info();

	ioapic_dest_apicid = lapic_id();        /* start_kernel runs on the boot CPU */
	if (!acpi || !acpi->nr_ioapics) {
		pr_err("IOAPIC: none in the ACPI tables: no device interrupts\n");
		return;
	}
	for (unsigned int i = 0; i < acpi->nr_ioapics; i++)
		ioapic_setup_one(&acpi->ioapics[i]);
}

u32 isa_irq_to_gsi(unsigned int irq, bool *level, bool *active_low)
{
	const struct acpi_info *acpi = acpi_get_info();

	*level = false;                 /* ISA: edge, active high */
	*active_low = false;
	for (unsigned int i = 0; acpi && i < acpi->nr_isos; i++) {
		const struct acpi_int_src_ovr *o = &acpi->isos[i];

		if (o->bus != 0 || o->source != irq)
			continue;
		*level = (o->flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL;
		*active_low = (o->flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW;
		return o->gsi;
	}
	return irq;
}

int ioapic_set_gsi(u32 gsi, u8 vector, bool level, bool active_low, bool masked)
{
	unsigned int pin;
	struct ioapic *io = gsi_to_ioapic(gsi, &pin);
	u64 e = vector | (level ? RTE_LEVEL : 0) | (active_low ? RTE_LOW : 0) |
		(masked ? RTE_MASKED : 0) | (u64)ioapic_dest_apicid << RTE_DEST_SHIFT;

	if (!io)
		return -ENODEV;
	write_entry(io, pin, e);
	return 0;
}

int ioapic_mask_gsi(u32 gsi, bool masked)
{
	unsigned int pin;
	struct ioapic *io = gsi_to_ioapic(gsi, &pin);
	u64 e;

	if (!io)
		return -ENODEV;
	e = read_entry(io, pin);
	write_entry(io, pin, masked ? e | RTE_MASKED : e & ~RTE_MASKED);
	return 0;
}

u32 ioapic_read_reg(unsigned int n, u32 reg)
{
	return n < nr_ioapics ? io_read(&ioapics[n], reg) : ~0U;
}

u64 ioapic_read_entry(u32 gsi)
{
	unsigned int pin;
	struct ioapic *io = gsi_to_ioapic(gsi, &pin);

	return io ? read_entry(io, pin) : ~0ULL;
}

unsigned int nr_ioapics_mapped(void)
{
	return nr_ioapics;
}

u32 ioapic_gsi_end(void)
{
	u32 end = 0;

	for (unsigned int i = 0; i < nr_ioapics; i++)
		end = max(end, ioapics[i].gsi_base + ioapics[i].nr_pins);
	return end;
}

static int ioapic_show(struct seq_file *m, void *v)
{
	for (unsigned int i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];

		seq_printf(m, "IOAPIC %u at %#llx: version %#x, GSI %u-%u\n", i,
			   (unsigned long long)io->res.start, io_read(io, IOAPIC_VER) & 0xff,
			   io->gsi_base, io->gsi_base + io->nr_pins - 1);
		for (unsigned int pin = 0; pin < io->nr_pins; pin++) {
			u64 e = read_entry(io, pin);

			seq_printf(m, "  pin %2u: vector %#04x, %s, %s, %s, dest APIC %u%s\n", pin,
				   (unsigned int)(e & 0xff), (e & (7 << 8)) ? "non-fixed" : "fixed",
				   (e & RTE_LEVEL) ? "level" : "edge", (e & RTE_LOW) ? "active low" : "active high",
				   (unsigned int)(e >> 56), (e & RTE_MASKED) ? ", masked" : "");
		}
	}
	return nr_ioapics ? 0 : -ENODEV;
}
MONITOR_SHOW(ioapic, "every IOAPIC redirection entry, decoded", ioapic_show);
