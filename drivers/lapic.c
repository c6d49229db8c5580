/*
 * The local APICs (Intel SDM vol 3A §11): found through the IA32_APIC_BASE
 * MSR and the MADT, claimed as "Local APIC" in iomem.  In xAPIC mode each CPU
 * reaches its own APIC through the same MMIO page (ioremap, like any device);
 * in x2APIC mode (§11.12, where CPUID.1:ECX[21] says the CPU has it, unless
 * nox2apic) through MSRs 0x800 + reg / 16, with 32-bit APIC IDs and the ICR
 * as one 64-bit MSR.  The APIC delivers the IOAPIC's interrupts to its CPU,
 * takes the end-of-interrupt, has its own timer, and sends IPIs (the ICR:
 * INIT and STARTUP to wake the other CPUs, fixed vectors afterwards).
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <drivers/acpi.h>
#include <drivers/hpet.h>
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/ioport.h>
#include <kernel/irqflags.h>
#include <kernel/irq.h>
#include <kernel/monitor.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
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

#define X2APIC_MSR_BASE      0x800
#define ICR_IDLE_WAIT_NS     (100 * NSEC_PER_MSEC)     /* a stuck ICR is reported, not waited on */

phys_addr_t lapic_phys;
unsigned long lapic_timer_hz;
static void __iomem *lapic;
static bool x2apic_mode;

KERNEL_PARAM("nox2apic", "keep the local APICs in xAPIC mode even where the CPU has x2APIC");

/* As Linux: the CPU's own registers, busy, entered with insert_resource. */
static struct resource lapic_resource = { .name = "Local APIC", .flags = IORESOURCE_MEM | IORESOURCE_BUSY };

u32 lapic_read(u32 reg)
{
	if (x2apic_mode)
		return (u32)rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return readl(lapic + reg);
}

void lapic_write(u32 reg, u32 v)
{
	if (x2apic_mode)
		wrmsr(X2APIC_MSR_BASE + (reg >> 4), v);
	else
		writel(v, lapic + reg);
}

bool x2apic_enabled(void)
{
	return x2apic_mode;
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, APIC_EOI_ACK);
}

u32 lapic_id(void)
{
	u32 id = lapic_read(APIC_ID);

	return x2apic_mode ? id : GET_APIC_ID(id);
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

bool x2apic_supported(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return c & X86_FEATURE_X2APIC_ECX;
}

/*
 * This CPU's APIC on (the MSR's global enable, then x2APIC mode if the boot
 * CPU chose it: xAPIC to x2APIC is the one legal way in, SDM §11.12.5), then
 * as Linux's setup_local_APIC: every priority accepted, software-enabled
 * with the spurious vector, the LVT entries, the ESR cleared.
 */
static void setup_local_APIC(void)
{
	u64 msr = rdmsr(MSR_IA32_APICBASE);

	if (!(msr & MSR_IA32_APICBASE_ENABLE)) {
		msr |= MSR_IA32_APICBASE_ENABLE;
		wrmsr(MSR_IA32_APICBASE, msr);
	}
	if (x2apic_mode && !(msr & MSR_IA32_APICBASE_X2APIC))
		wrmsr(MSR_IA32_APICBASE, msr | MSR_IA32_APICBASE_X2APIC);
	lapic_write(APIC_TASKPRI, 0);           /* accept every priority */
	lapic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	lapic_setup_lvt();
	lapic_eoi();
}

void lapic_init(void)
{
	const struct acpi_info *acpi = acpi_get_info();
	u64 msr = rdmsr(MSR_IA32_APICBASE);
	u32 lvr;

	lapic_phys = acpi && acpi->madt_present ? acpi->lapic_addr : (msr & MSR_IA32_APICBASE_BASE);
	lapic_insert_resource(lapic_phys);
	lapic = ioremap(lapic_phys, APIC_MMIO_SIZE);
	if (!lapic)
		panic("lapic: cannot map the local APIC at %#llx", (unsigned long long)lapic_phys);
	x2apic_mode = x2apic_supported() && !cmdline_find(&boot_cmdline, "nox2apic");
	setup_local_APIC();
	if (x2apic_mode)
		pr_info("x2apic enabled\n");
	lvr = lapic_read(APIC_LVR);
	pr_info("lapic: APIC ID %u, version %#x, %u LVT entries, at %#llx (MSR %#llx)\n",
		lapic_id(), GET_APIC_VERSION(lvr), GET_APIC_MAXLVT(lvr) + 1,
		(unsigned long long)lapic_phys, (unsigned long long)msr);
}

void lapic_init_ap(void)
{
	setup_local_APIC();
}

/* ---- the interrupt command register: IPIs ---- */

/*
 * xAPIC: wait until the ICR's delivery status is idle (the previous IPI was
 * accepted by the bus); x2APIC has no such bit.  0, or -EIO after 100 ms.
 */
int lapic_wait_icr_idle(void)
{
	u64 t0;

	if (x2apic_mode || !(lapic_read(APIC_ICR) & APIC_ICR_BUSY))
		return 0;
	t0 = local_clock();
	while (lapic_read(APIC_ICR) & APIC_ICR_BUSY) {
		if (local_clock() - t0 > ICR_IDLE_WAIT_NS) {
			pr_err("lapic: ICR still busy after 100 ms (ICR %#x)\n", lapic_read(APIC_ICR));
			return -EIO;
		}
		cpu_relax();
	}
	return 0;
}

int apic_icr_write(u32 low, u32 dest)
{
	unsigned long flags;
	int err;

	local_irq_save(flags);                  /* xAPIC: two writes, one IPI */
	err = lapic_wait_icr_idle();
	if (x2apic_mode) {
		/* the MSR write is not serializing: earlier stores first (Linux's weak_wrmsr_fence) */
		__asm__ volatile("mfence; lfence" ::: "memory");
		wrmsr(X2APIC_MSR_BASE + (APIC_ICR >> 4), (u64)dest << 32 | low);
	} else {
		lapic_write(APIC_ICR2, SET_XAPIC_DEST_FIELD(dest));
		lapic_write(APIC_ICR, low);
	}
	local_irq_restore(flags);
	return err;
}

void apic_send_IPI(int cpu, int vector)
{
	if (cpu < 0 || cpu >= NR_CPUS || !cpu_online((unsigned int)cpu))
		return;
	apic_icr_write(APIC_DM_FIXED | APIC_DEST_PHYSICAL | (u32)vector, cpu_physical_id(cpu));
}

void apic_send_IPI_allbutself(int vector)
{
	unsigned int cpu, self = smp_processor_id();

	for_each_online_cpu(cpu)
		if (cpu != self)
			apic_send_IPI((int)cpu, vector);
}

void apic_send_IPI_self(int vector)
{
	if (x2apic_mode)
		wrmsr(X2APIC_MSR_BASE + (APIC_SELF_IPI >> 4), (u32)vector);
	else
		apic_icr_write(APIC_DEST_SELF | APIC_DM_FIXED | (u32)vector, 0);
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
