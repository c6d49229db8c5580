/*
 * The boot CPU's local APIC in xAPIC mode (Intel SDM vol 3A §11): found through
 * the IA32_APIC_BASE MSR and the MADT, claimed as "Local APIC" in iomem and
 * reached through ioremap like any device.  It delivers the IOAPIC's
 * interrupts to the CPU, takes the end-of-interrupt, and has its own timer.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <drivers/acpi.h>
#include <drivers/hpet.h>
#include <errno.h>
#include <kernel/ioport.h>
#include <kernel/irq.h>
#include <kernel/monitor.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/time.h>

/*
 * The timer's calibration: count down from the largest count at divide 16
 * for APIC_CALIBRATE_MS of the TSC (which the HPET calibrated), reading the
 * TSC just before and after the two register accesses that start and end the
 * window.  A window whose bracketing reads lie far apart was disturbed (the
 * CPU, or under TCG its host thread, was away) and is measured again.
 */
#define APIC_CALIBRATE_MS    10
#define APIC_CALIBRATE_TRIES 5
#define APIC_TIMER_MAX_COUNT 0xffffffffU

phys_addr_t lapic_phys;
unsigned long lapic_timer_hz;
static void __iomem *lapic;

/* As Linux: the CPU's own registers, busy, entered with insert_resource. */
static struct resource lapic_resource = { .name = "Local APIC", .flags = IORESOURCE_MEM | IORESOURCE_BUSY };

u32 lapic_read(u32 reg)
{
	return readl(lapic + reg);
}

void lapic_write(u32 reg, u32 v)
{
	writel(v, lapic + reg);
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, APIC_EOI_ACK);
}

u32 lapic_id(void)
{
	return GET_APIC_ID(lapic_read(APIC_ID));
}

/* LINT0 carries the PICs' ExtINT (masked: the PICs are off); LINT1 the NMI, per the MADT. */
static void lapic_setup_lvt(void)
{
	lapic_write(APIC_LVT0, APIC_LVT_MASKED);
	lapic_write(APIC_LVT1, APIC_DM_NMI);
	lapic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	lapic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_ESR, 0);               /* the ESR latches on a write */
	lapic_write(APIC_ESR, 0);
}

/* Enter the page in iomem; a conflict is reported, and not fatal: the CPU needs its APIC. */
static void lapic_insert_resource(phys_addr_t phys)
{
	lapic_resource.start = phys;
	lapic_resource.end = phys + APIC_MMIO_SIZE - 1;
	insert_resource_report("lapic", &iomem_resource, &lapic_resource);
}

void lapic_init(void)
{
	const struct acpi_info *acpi = acpi_get_info();
	u64 msr = rdmsr(MSR_IA32_APICBASE);
	u32 lvr;

	lapic_phys = acpi && acpi->madt_present ? acpi->lapic_addr : (msr & MSR_IA32_APICBASE_BASE);
	if (!(msr & MSR_IA32_APICBASE_ENABLE))
		wrmsr(MSR_IA32_APICBASE, msr | MSR_IA32_APICBASE_ENABLE);
	lapic_insert_resource(lapic_phys);
	lapic = ioremap(lapic_phys, APIC_MMIO_SIZE);
	if (!lapic)
		panic("lapic: cannot map the local APIC at %#llx", (unsigned long long)lapic_phys);
	lapic_write(APIC_TASKPRI, 0);           /* accept every priority */
	lapic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	lapic_setup_lvt();
	lapic_eoi();
	lvr = lapic_read(APIC_LVR);
	pr_info("lapic: APIC ID %u, version %#x, %u LVT entries, at %#llx (MSR %#llx)\n",
		lapic_id(), GET_APIC_VERSION(lvr), GET_APIC_MAXLVT(lvr) + 1,
		(unsigned long long)lapic_phys, (unsigned long long)msr);
}

/*
 * One calibration window: the count the timer lost, and the TSC cycles
 * between the middles of the bracketed start and end.  False if a bracket
 * was disturbed.
 */
static bool lapic_timer_window(u32 *counted, u64 *cycles)
{
	u64 t0, t1, t2, t3;
	u32 left;

	lapic_write(APIC_TDCR, APIC_TDR_DIV_16);
	lapic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	t0 = rdtsc();
	lapic_write(APIC_TMICT, APIC_TIMER_MAX_COUNT);
	t1 = rdtsc();
	mdelay(APIC_CALIBRATE_MS);
	t2 = rdtsc();
	left = lapic_read(APIC_TMCCT);
	t3 = rdtsc();
	lapic_write(APIC_TMICT, 0);
	*counted = APIC_TIMER_MAX_COUNT - left;
	*cycles = (t2 + t3) / 2 - (t0 + t1) / 2;
	return tsc_reading_undisturbed(t0, t1) && tsc_reading_undisturbed(t2, t3);
}

unsigned long lapic_timer_calibrate(void)
{
	u32 counted = 0;
	u64 cycles = 0, n;
	int tries = 0;

	while (!lapic_timer_window(&counted, &cycles) && ++tries < APIC_CALIBRATE_TRIES)
		;
	if (tries == APIC_CALIBRATE_TRIES)
		pr_warn("APIC timer: calibration disturbed %d times; using the last\n", tries);
	if (!cycles)
		return lapic_timer_hz;
	/* counted * tsc_khz * 1000 / cycles, in two steps that cannot overflow */
	n = (u64)counted * tsc_khz;
	lapic_timer_hz = n / cycles * 1000 + n % cycles * 1000 / cycles;
	return lapic_timer_hz;
}

void lapic_timer_oneshot(unsigned long usecs)
{
	lapic_write(APIC_TDCR, APIC_TDR_DIV_16);
	lapic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TMICT, (u32)(lapic_timer_hz / 1000 * usecs / 1000) ?: 1);
}

void lapic_timer_periodic(unsigned int hz)
{
	lapic_write(APIC_TDCR, APIC_TDR_DIV_16);
	if (!hz) {
		lapic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
		lapic_write(APIC_TMICT, 0);
		return;
	}
	lapic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TMICT, (u32)(lapic_timer_hz / hz) ?: 1);
}

static int lapic_show(struct seq_file *m, void *v)
{
	static const struct { u32 reg; const char *name; } regs[] = {
		{ APIC_ID, "ID" }, { APIC_LVR, "version" }, { APIC_TASKPRI, "task priority" },
		{ APIC_LDR, "logical destination" }, { APIC_SPIV, "spurious vector" },
		{ APIC_ESR, "error status" }, { APIC_ICR, "interrupt command (low)" },
		{ APIC_LVTT, "LVT timer" }, { APIC_LVTPC, "LVT perf counter" },
		{ APIC_LVT0, "LVT LINT0" }, { APIC_LVT1, "LVT LINT1" }, { APIC_LVTERR, "LVT error" },
		{ APIC_TMICT, "timer initial count" }, { APIC_TMCCT, "timer current count" },
		{ APIC_TDCR, "timer divide" },
	};

	if (!lapic) {
		seq_printf(m, "lapic: not set up\n");
		return -ENODEV;
	}
	seq_printf(m, "Local APIC at %#llx (mapped at %p), timer %lu Hz at divide 16\n",
		   (unsigned long long)lapic_phys, (void *)lapic, lapic_timer_hz);
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		seq_printf(m, "  %03x %-24s %08x\n", regs[i].reg, regs[i].name, lapic_read(regs[i].reg));
	return 0;
}
MONITOR_SHOW(lapic, "the local APIC's registers, by name", lapic_show);
