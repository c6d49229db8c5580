/*
 * Bringing up the other CPUs (Linux's arch/x86/kernel/smpboot.c and
 * setup_percpu.c, kernel/smp.c's smp_init):
 *
 *   setup_per_cpu_areas()  after the MADT: which CPUs are possible, their
 *                          numbers and APIC IDs, a per-CPU area for each
 *   smp_init()             the trampoline in place; INIT, STARTUP, STARTUP to
 *                          every AP in turn (no waiting in between: they all
 *                          come up at once); then wait for each to call in
 *   start_secondary()      on the AP, from boot/head64.asm: GS base, GDT/TSS,
 *                          IDT, PAT, local APIC; call in, online, tick, idle
 *
 * The idle loop and the work it runs (run_on_each_cpu, smp_call_on_cpu) are
 * in kernel/smp_work.c.
 */
#define pr_fmt(fmt) "smpboot: " fmt

#include <asm/apic.h>
#include <asm/atomic.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/realmode.h>
#include <asm/smp.h>
#include <drivers/acpi.h>
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/cpuinfo.h>
#include <kernel/irqflags.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/time.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "smpboot_internal.h"

#define CALLIN_TIMEOUT_MS   10000       /* Linux's do_boot_cpu: 10 s for a first sign of life */
#define STARTUP_UDELAY      10          /* Linux's wait after each STARTUP IPI on a modern CPU */

enum cpu_boot_state {
	CPU_BOOT_NONE,                  /* not kicked */
	CPU_BOOT_KICKED,                /* STARTUP sent, not called in yet */
	CPU_BOOT_ALIVE,                 /* called in */
	CPU_BOOT_ABANDONED,             /* did not call in in time: left out */
};

DEFINE_PER_CPU(u32, x86_cpu_to_apicid);
u32 cpuid_to_apicid[NR_CPUS];
unsigned long smpboot_stack_top[NR_CPUS];      /* head64.asm: each AP's first RSP */
unsigned long smpboot_kernel_cr3;               /* head64.asm: the kernel's page tables */
unsigned int setup_max_cpus = NR_CPUS;
unsigned long cpu_loops_per_jiffy[NR_CPUS];

static int cpu_boot_state[NR_CPUS];
static unsigned int smpboot_stuck_cpu;          /* smpboot.stuck=N: fault injection */
static u64 smpboot_pat;
static unsigned long smpboot_cr0, smpboot_cr4;   /* the boot CPU's, firmware's bits and all */
static struct { u16 limit; u64 base; } __attribute__((packed)) smpboot_idt;

KERNEL_PARAM("nosmp", "run on the boot CPU only (as maxcpus=0)");
KERNEL_PARAM("maxcpus", "bring up at most N CPUs at boot, the boot CPU included");
KERNEL_PARAM("nr_cpus", "at most N possible CPUs (the MADT's others are ignored)");
KERNEL_PARAM("smpboot.stuck", "test: CPU N stops before it calls in (reported after 10 s)");

u32 read_apic_id_cpuid(void)
{
	u32 a, b, c, d;

	cpuid(0, &a, &b, &c, &d);
	if (a >= 0xb) {
		cpuid_count(0xb, 0, &a, &b, &c, &d);
		if (b)
			return d;
	}
	cpuid(1, &a, &b, &c, &d);
	return b >> 24;
}

/* A numeric parameter, or dflt when it is absent or not a number (said once). */
static unsigned int param_uint(const char *name, unsigned int dflt)
{
	const char *s = cmdline_get(&boot_cmdline, name);
	unsigned int v;

	if (!s)
		return dflt;
	if (kstrtouint(s, 0, &v)) {
		pr_err("%s=%s: not a number; ignored\n", name, s);
		return dflt;
	}
	return v;
}

static void read_smp_params(void)
{
	setup_max_cpus = param_uint("maxcpus", NR_CPUS);
	if (cmdline_find(&boot_cmdline, "nosmp"))
		setup_max_cpus = 0;
	smpboot_stuck_cpu = param_uint("smpboot.stuck", 0);
}

void setup_per_cpu_areas(void)
{
	const struct acpi_info *acpi = acpi_get_info();
	struct smp_cpu_map map;

	read_smp_params();
	smp_build_cpu_map(acpi, read_apic_id_cpuid(), param_uint("nr_cpus", NR_CPUS), &map);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		cpuid_to_apicid[cpu] = cpu < map.possible ? map.apicid[cpu] : BAD_APICID;
	for (unsigned int cpu = 0; cpu < map.possible; cpu++) {
		set_cpu_possible(cpu, true);
		if (percpu_alloc_area(cpu)) {
			/* not possible either: for_each_possible_cpu must not reach its missing area */
			pr_err("no memory for CPU%u's per-CPU area; it stays offline\n", cpu);
			cpuid_to_apicid[cpu] = BAD_APICID;
			set_cpu_possible(cpu, false);
			continue;
		}
		per_cpu(x86_cpu_to_apicid, cpu) = cpuid_to_apicid[cpu];
	}
	nr_cpu_ids = map.possible;
	if (acpi && acpi->madt_present)
		pr_info("Allowing %u CPUs, %u hotplug CPUs\n", map.possible,
			map.possible - map.present);
	kmem_cache_print_banner();      /* its CPUs= is nr_cpu_ids, known only now */
}

/* ---- on the AP ---- */

static __noreturn void stop_this_cpu(void)
{
	for (;;) {
		local_irq_disable();
		halt();
	}
}

void start_secondary(unsigned int cpu)
{
	percpu_set_this_cpu(cpu);               /* first: everything below is per-CPU */
	/* the trampoline's CR0 and CR4 are the minimum; the boot CPU's may hold more (OVMF: NE, OSFXSR) */
	write_cr0(smpboot_cr0);
	write_cr4(smpboot_cr4);
	gdt_init();
	__asm__ volatile("lidt %0" : : "m"(smpboot_idt));
	wrmsr(MSR_IA32_CR_PAT, smpboot_pat);    /* the same memory types as the boot CPU */
	if (smpboot_stuck_cpu && cpu == smpboot_stuck_cpu)
		stop_this_cpu();                /* the fault injection: never call in */
	lapic_init_ap();
	if (cmpxchg(&cpu_boot_state[cpu], CPU_BOOT_KICKED, CPU_BOOT_ALIVE) != CPU_BOOT_KICKED)
		stop_this_cpu();                /* too late: the boot CPU gave up on us */
	cpu_loops_per_jiffy[cpu] = tsc_khz * 1000UL / HZ;
	init_idle_this_cpu(cpu);                /* this stack's task: the CPU's idle task */
	set_cpu_online(cpu, true);
	smp_send_reschedule(0);                 /* the boot CPU may wait in hlt */
	local_irq_enable();
	tick_setup_this_cpu();
	cpu_idle();
}

/* ---- on the boot CPU ---- */

/* Linux's smp_quirk_init_udelay for this CPU. */
static unsigned int init_udelay(void)
{
	u32 a, vendor, c, d, eax1, b;

	cpuid(0, &a, &vendor, &c, &d);
	cpuid(1, &eax1, &b, &c, &d);
	return smp_init_udelay(vendor, eax1);
}

/* Clear the ESR (write, then read: SDM §11.5.3) and return what it had latched. */
static u32 lapic_read_esr(void)
{
	lapic_write(APIC_ESR, 0);
	return lapic_read(APIC_ESR);
}

/*
 * Linux's wakeup_secondary_cpu_via_init: INIT (assert, de-assert), then two
 * STARTUP IPIs with the trampoline's page as vector.  0, or nonzero if the
 * ICR stayed busy or the ESR says the IPI was not accepted.
 */
static int wakeup_secondary_cpu_via_init(unsigned int cpu, phys_addr_t start,
					 unsigned int udelay_init)
{
	u32 apicid = cpu_physical_id(cpu), send, accept = 0;

	lapic_read_esr();
	send = (u32)-apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apicid);
	send |= (u32)-lapic_wait_icr_idle();
	if (udelay_init)
		udelay(udelay_init);
	send |= (u32)-apic_icr_write(APIC_INT_LEVELTRIG | APIC_DM_INIT, apicid);
	send |= (u32)-lapic_wait_icr_idle();
	smp_mb();
	for (int j = 1; j <= 2 && !send && !accept; j++) {
		lapic_read_esr();
		send |= (u32)-apic_icr_write(APIC_DM_STARTUP | (u32)(start >> PAGE_SHIFT), apicid);
		udelay(udelay_init ? 300 : STARTUP_UDELAY);
		send |= (u32)-lapic_wait_icr_idle();
		udelay(udelay_init ? 200 : STARTUP_UDELAY);
		accept = lapic_read_esr() & 0xef;
	}
	if (send || accept)
		pr_err("CPU%u: APIC ID %#x did not accept the IPIs (ESR %#x)\n", cpu, apicid, accept);
	return (int)(send | accept);
}

/* Linux's announce_cpu, for a boot with one node. */
static void announce_cpu(unsigned int cpu)
{
	char buf[64];

	smp_format_announce(buf, sizeof(buf), num_possible_cpus(), cpu);
	if (cpu == 1) {
		printk(KERN_INFO "x86: Booting SMP configuration:\n");
		printk(KERN_INFO "%s", buf);
	} else {
		pr_cont("%s", buf);
	}
}

/*
 * A stack for cpu's idle loop, from vmalloc as Linux's CONFIG_VMAP_STACK: the
 * unmapped guard page below it (the area before it ends in one) turns an
 * overflow into a fault, taken on the double-fault IST stack.  0 or -ENOMEM.
 */
static int alloc_idle_stack(unsigned int cpu)
{
	void *stack;

	if (smpboot_stack_top[cpu])
		return 0;
	stack = vzalloc(AP_STACK_SIZE);
	if (!stack)
		return -ENOMEM;
	smpboot_stack_top[cpu] = (unsigned long)stack + AP_STACK_SIZE;
	return 0;
}

/* Send cpu its INIT and STARTUPs (Linux's do_boot_cpu, without the wait). */
static int do_boot_cpu(unsigned int cpu, phys_addr_t start, unsigned int udelay_init)
{
	if (alloc_idle_stack(cpu) || gdt_alloc_cpu(cpu)) {
		pr_err("no memory for CPU%u's stacks\n", cpu);
		return -ENOMEM;
	}
	announce_cpu(cpu);
	WRITE_ONCE(cpu_boot_state[cpu], CPU_BOOT_KICKED);
	smp_mb();
	return wakeup_secondary_cpu_via_init(cpu, start, udelay_init) ? -1 : 0;
}

/*
 * Wait for cpu to call in and come online, until deadline (local_clock).
 * A CPU that misses it is abandoned: it stops if it ever gets there.
 */
static int wait_for_callin(unsigned int cpu, u64 deadline)
{
	u64 now = local_clock();
	u64 ms = deadline > now ? (deadline - now) / NSEC_PER_MSEC : 0;

	if (!wait_until(cpu_online(cpu), ms) &&
	    cmpxchg(&cpu_boot_state[cpu], CPU_BOOT_KICKED, CPU_BOOT_ABANDONED) == CPU_BOOT_KICKED)
		return -1;
	while (!cpu_online(cpu))
		cpu_relax();            /* called in just now: online is its next store */
	return 0;
}

/* Linux's impress_friends: the sum of every online CPU's BogoMIPS. */
static void impress_friends(void)
{
	unsigned long bogosum = 0;
	unsigned int cpu;
	char buf[32];

	for_each_online_cpu(cpu)
		bogosum += cpu_loops_per_jiffy[cpu];
	smp_format_bogomips(buf, sizeof(buf), bogosum);
	pr_info("Total of %u processors activated (%s BogoMIPS)\n", num_online_cpus(), buf);
}

/* Kick every AP the limits allow; their count. */
static unsigned int kick_cpus(phys_addr_t start, bool *kicked)
{
	unsigned int udelay_init = init_udelay(), n = 1, cpu;
	int err;

	for_each_possible_cpu(cpu) {
		if (cpu == 0 || cpu_physical_id(cpu) == BAD_APICID)
			continue;
		if (n >= setup_max_cpus)
			break;
		err = do_boot_cpu(cpu, start, udelay_init);
		kicked[cpu] = !err;
		n += !err;
		if (err)
			pr_err("do_boot_cpu failed(%d) to wakeup CPU#%u\n", err, cpu);
	}
	if (n > 1)
		pr_cont("\n");
	return n;
}

void smp_init(void)
{
	static struct cpuinfo_x86 boot_cpu;     /* too big for the stack's liking */
	bool kicked[NR_CPUS] = { false };
	phys_addr_t start;
	u64 deadline;
	unsigned int cpu;

	cpu_loops_per_jiffy[0] = tsc_khz * 1000UL / HZ;
	smpboot_work_init();
	if (!cpu_identify(0, &boot_cpu))
		print_cpu_info("smpboot: CPU0: ", &boot_cpu);
	printk(KERN_INFO "smp: Bringing up secondary CPUs ...\n");
	start = setup_max_cpus > 1 && num_possible_cpus() > 1 ? setup_real_mode() : 0;
	if (start) {
		smpboot_kernel_cr3 = __pa(init_top_pgt);
		smpboot_pat = rdmsr(MSR_IA32_CR_PAT);
		smpboot_cr0 = read_cr0();
		smpboot_cr4 = read_cr4();
		__asm__ volatile("sidt %0" : "=m"(smpboot_idt));
		kick_cpus(start, kicked);
	}
	deadline = local_clock() + CALLIN_TIMEOUT_MS * NSEC_PER_MSEC;
	for_each_possible_cpu(cpu)
		if (kicked[cpu] && wait_for_callin(cpu, deadline))
			pr_err("do_boot_cpu failed(%d) to wakeup CPU#%u\n", -1, cpu);
	printk(KERN_INFO "smp: Brought up 1 node, %u CPU%s\n", num_online_cpus(),
	       num_online_cpus() > 1 ? "s" : "");
	pr_info("Max logical packages: 1\n");
	impress_friends();
}
