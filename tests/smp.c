/*
 * smp suite: every CPU the MADT lists (within nr_cpus=/maxcpus=/nosmp) is
 * online, knows who it is (smp_processor_id, per-CPU data, GS base, APIC ID),
 * has its own stack, GDT, TSS and IST stacks, and runs work in process
 * context: run_on_each_cpu on all CPUs at once, smp_call_on_cpu on the one
 * asked.  What each CPU sees is recorded in its per-CPU probe and checked on
 * the boot CPU (the kunit test is not the APs' to touch).
 */
#include <asm/apic.h>
#include <asm/atomic.h>
#include <asm/desc.h>
#include <asm/hardirq.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/realmode.h>
#include <asm/sections.h>
#include <asm/smp.h>
#include <drivers/acpi.h>
#include <errno.h>
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/irq.h>
#include <kernel/irqflags.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>

#include "../kernel/smpboot_internal.h"

#define BARRIER_WAIT_MS 10000

struct smp_probe {
	unsigned int cpu;               /* smp_processor_id() there */
	unsigned int marker;            /* this_cpu_read of what the boot CPU wrote with per_cpu */
	unsigned long gs_base;
	unsigned long stack;            /* the address of a local variable */
	unsigned long ist_df;           /* ist_stack_top(IST_DF) there */
	unsigned long gdt_base, tss_base;
	u32 apic_id, cpuid_apic_id;
	u64 apic_base_msr;
	unsigned long cr0, cr4;         /* control state: the same as the boot CPU's */
	u64 efer, pat;
	bool irqs_on;
	bool met;                       /* reached the barrier's end with everyone */
	bool ran;
};

static DEFINE_PER_CPU(struct smp_probe, smp_probe);
static DEFINE_PER_CPU(unsigned int, smp_marker);
static atomic_t barrier_count;
static unsigned int barrier_goal;

/* The CPUs that should be online: the MADT's enabled ones, within the limits. */
static unsigned int expected_online(void)
{
	const struct acpi_info *acpi = acpi_get_info();
	const char *stuck = cmdline_get(&boot_cmdline, "smpboot.stuck");
	unsigned int enabled = 0, n;

	for (unsigned int i = 0; acpi && i < acpi->nr_cpus; i++)
		enabled += !!(acpi->cpus[i].flags & ACPI_MADT_ENABLED);
	n = enabled ? enabled : 1;
	if (n > nr_cpu_ids)
		n = nr_cpu_ids;
	if (n > (setup_max_cpus ? setup_max_cpus : 1))
		n = setup_max_cpus ? setup_max_cpus : 1;
	if (stuck && n > 1)
		n--;                    /* the fault injection's CPU stays out */
	return n;
}

static unsigned long read_tr_base(unsigned long gdt)
{
	const u64 *d = (const u64 *)(gdt + GDT_ENTRY_TSS * 8);

	return (unsigned long)(((d[0] >> 16) & 0xffffff) | ((d[0] >> 56) << 24) | (d[1] << 32));
}

static void probe_this_cpu(void *info)
{
	struct smp_probe *p = this_cpu_ptr(&smp_probe);
	struct { u16 limit; u64 base; } __attribute__((packed)) gdtr;
	volatile int local = 0;

	(void)info;
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	p->cpu = smp_processor_id();
	p->marker = this_cpu_read(smp_marker);
	p->gs_base = (unsigned long)rdmsr(MSR_GS_BASE);
	p->stack = (unsigned long)&local;
	p->ist_df = ist_stack_top(IST_DF);
	p->gdt_base = (unsigned long)gdtr.base;
	p->tss_base = read_tr_base(gdtr.base);
	p->apic_id = lapic_id();
	p->cpuid_apic_id = read_apic_id_cpuid();
	p->apic_base_msr = rdmsr(MSR_IA32_APICBASE);
	p->cr0 = read_cr0();
	p->cr4 = read_cr4();
	p->efer = rdmsr(MSR_EFER);
	p->pat = rdmsr(MSR_IA32_CR_PAT);
	p->irqs_on = !irqs_disabled();
	p->ran = true;
}

static void probe_all(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		memset(per_cpu_ptr(&smp_probe, cpu), 0, sizeof(struct smp_probe));
		per_cpu(smp_marker, cpu) = 1000 + cpu;
	}
	run_on_each_cpu(probe_this_cpu, NULL);
}

static void smp_every_cpu_is_online(struct kunit *test)
{
	unsigned int want = expected_online(), cpu, n = 0;

	KUNIT_EXPECT_EQ(test, num_online_cpus(), want);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_TRUE(test, cpumask_test_cpu(cpu, cpu_possible_mask));
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, want);
	KUNIT_EXPECT_LE(test, num_possible_cpus(), nr_cpu_ids);
	/* the boot lines ("smp: Brought up 1 node, N CPUs") are the runner's boot checks */
}

static void smp_each_cpu_knows_itself(struct kunit *test)
{
	unsigned int cpu;

	probe_all();
	for_each_online_cpu(cpu) {
		struct smp_probe *p = per_cpu_ptr(&smp_probe, cpu);

		KUNIT_ASSERT_TRUE(test, p->ran);
		KUNIT_EXPECT_EQ(test, p->cpu, cpu);
		KUNIT_EXPECT_EQ(test, p->marker, 1000 + cpu);
		KUNIT_EXPECT_EQ(test, p->gs_base, per_cpu_offset(cpu));
		KUNIT_EXPECT_TRUE(test, p->irqs_on);    /* process context, interrupts on */
		for (unsigned int other = 0; other < cpu; other++) {
			if (!cpu_online(other))
				continue;
			KUNIT_EXPECT_NE(test, p->gs_base, per_cpu(smp_probe, other).gs_base);
		}
	}
}

/*
 * CR0 (caching on: INIT leaves CD and NW set), CR4, EFER (long mode, NX) and
 * PAT (ioremap_wc's memory type) are the boot CPU's on every CPU.
 */
static void smp_each_cpu_runs_like_the_boot_cpu(struct kunit *test)
{
	struct smp_probe *boot = per_cpu_ptr(&smp_probe, 0);
	unsigned int cpu;

	probe_all();
	KUNIT_ASSERT_TRUE(test, boot->ran);
	KUNIT_EXPECT_EQ(test, boot->cr0 & (X86_CR0_CD | X86_CR0_NW), 0UL);
	for_each_online_cpu(cpu) {
		struct smp_probe *p = per_cpu_ptr(&smp_probe, cpu);

		KUNIT_ASSERT_TRUE(test, p->ran);
		KUNIT_EXPECT_EQ(test, p->cr0, boot->cr0);
		KUNIT_EXPECT_EQ(test, p->cr4, boot->cr4);
		KUNIT_EXPECT_EQ(test, p->efer, boot->efer);
		KUNIT_EXPECT_EQ(test, p->pat, boot->pat);
	}
}

/*
 * The trampoline's pages lie below 1 MiB and overlap nothing the boot still
 * reads: not the boot information (under UEFI GRUB may put it below 1 MiB,
 * and the trampoline is copied over its pages), not the kernel image.
 */
static void smp_trampoline_overlaps_nothing(struct kunit *test)
{
	phys_addr_t start = real_mode_base, end = start + TRAMPOLINE_PAGES * PAGE_SIZE;
	phys_addr_t mbi_end = boot_info_phys + boot_info.total_size;

	if (!start)
		kunit_skip(test, "no trampoline (no free page below 1 MiB, or one CPU)");
	KUNIT_EXPECT_LE(test, end, 0x100000ULL);
	KUNIT_EXPECT_TRUE(test, end <= boot_info_phys || start >= mbi_end);
	KUNIT_EXPECT_TRUE(test, end <= (phys_addr_t)(unsigned long)__boot_start || start >= __pa(_end));
}

static bool madt_lists_enabled(u32 apic_id)
{
	const struct acpi_info *acpi = acpi_get_info();

	for (unsigned int i = 0; acpi && i < acpi->nr_cpus; i++)
		if (acpi->cpus[i].apic_id == apic_id && (acpi->cpus[i].flags & ACPI_MADT_ENABLED))
			return true;
	return !acpi || !acpi->madt_present;
}

static void smp_apic_ids_match_the_madt(struct kunit *test)
{
	unsigned int cpu;

	probe_all();
	for_each_online_cpu(cpu) {
		struct smp_probe *p = per_cpu_ptr(&smp_probe, cpu);
		bool x2 = p->apic_base_msr & MSR_IA32_APICBASE_X2APIC;

		KUNIT_EXPECT_EQ(test, p->apic_id, per_cpu(x86_cpu_to_apicid, cpu));
		KUNIT_EXPECT_EQ(test, p->apic_id, cpu_physical_id(cpu));
		KUNIT_EXPECT_EQ(test, p->cpuid_apic_id, cpu_physical_id(cpu));
		KUNIT_EXPECT_TRUE(test, madt_lists_enabled(p->apic_id));
		KUNIT_EXPECT_TRUE(test, p->apic_base_msr & MSR_IA32_APICBASE_ENABLE);
		KUNIT_EXPECT_EQ(test, x2, x2apic_enabled());    /* every CPU in the same mode */
		KUNIT_EXPECT_EQ(test, !!(p->apic_base_msr & MSR_IA32_APICBASE_BSP), cpu == 0);
		for (unsigned int other = 0; other < cpu; other++)
			if (cpu_online(other))
				KUNIT_EXPECT_NE(test, p->apic_id, per_cpu(smp_probe, other).apic_id);
	}
	KUNIT_EXPECT_EQ(test, x2apic_enabled(),
			x2apic_supported() && !cmdline_find(&boot_cmdline, "nox2apic"));
}

/* Stacks, IST stacks, GDTs and TSSs: each CPU's own, none shared. */
static void smp_each_cpu_has_its_own_stacks_and_tables(struct kunit *test)
{
	unsigned int cpu;

	probe_all();
	for_each_online_cpu(cpu) {
		struct smp_probe *p = per_cpu_ptr(&smp_probe, cpu);

		KUNIT_EXPECT_NE(test, p->ist_df, 0);
		KUNIT_EXPECT_EQ(test, p->ist_df, ist_stack_top_cpu(cpu, IST_DF));
		if (cpu) {
			KUNIT_EXPECT_LT(test, p->stack, smpboot_stack_top[cpu]);
			KUNIT_EXPECT_GE(test, p->stack, smpboot_stack_top[cpu] - AP_STACK_SIZE);
		}
		for (unsigned int other = 0; other < cpu; other++) {
			struct smp_probe *o = per_cpu_ptr(&smp_probe, other);

			if (!cpu_online(other))
				continue;
			KUNIT_EXPECT_NE(test, p->ist_df, o->ist_df);
			KUNIT_EXPECT_NE(test, p->gdt_base, o->gdt_base);
			KUNIT_EXPECT_NE(test, p->tss_base, o->tss_base);
			KUNIT_EXPECT_GE(test, p->stack > o->stack ? p->stack - o->stack :
					o->stack - p->stack, IST_STACK_SIZE);
		}
	}
}

/* Every CPU waits at a barrier for all the others: only concurrent runs get past it. */
static void barrier_meet(void *info)
{
	u64 end = local_clock() + BARRIER_WAIT_MS * NSEC_PER_MSEC;

	(void)info;
	atomic_inc(&barrier_count);
	while ((unsigned int)atomic_read(&barrier_count) < barrier_goal && local_clock() < end)
		cpu_relax();
	this_cpu_ptr(&smp_probe)->met = (unsigned int)atomic_read(&barrier_count) >= barrier_goal;
}

static void smp_run_on_each_cpu_runs_them_at_once(struct kunit *test)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		per_cpu(smp_probe, cpu).met = false;
	atomic_set(&barrier_count, 0);
	barrier_goal = num_online_cpus();
	run_on_each_cpu(barrier_meet, NULL);
	KUNIT_EXPECT_EQ(test, (unsigned int)atomic_read(&barrier_count), barrier_goal);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE(test, per_cpu(smp_probe, cpu).met);
}

static int report_cpu(void *par)
{
	*(unsigned int *)par += 1;
	return (int)smp_processor_id() + 100;
}

static void smp_call_on_cpu_runs_where_asked(struct kunit *test)
{
	unsigned int cpu, calls = 0, want = 0;

	for_each_online_cpu(cpu) {
		unsigned int before = per_cpu(irq_stat, cpu).irq_resched_count;

		KUNIT_EXPECT_EQ(test, smp_call_on_cpu(cpu, report_cpu, &calls, false), (int)cpu + 100);
		want++;
		if (cpu)        /* woken by RESCHEDULE_VECTOR: its RES count went up */
			KUNIT_EXPECT_GT(test, per_cpu(irq_stat, cpu).irq_resched_count, before);
	}
	KUNIT_EXPECT_EQ(test, calls, want);
	KUNIT_EXPECT_EQ(test, smp_call_on_cpu(NR_CPUS - 1, report_cpu, &calls, false), -ENXIO);
	KUNIT_EXPECT_EQ(test, calls, want);
}

static bool res_count_rose(unsigned int cpu, unsigned int before)
{
	u64 end = local_clock() + BARRIER_WAIT_MS * NSEC_PER_MSEC;

	while (per_cpu(irq_stat, cpu).irq_resched_count == before && local_clock() < end)
		cpu_relax();
	return per_cpu(irq_stat, cpu).irq_resched_count != before;
}

/* apic_send_IPI_self and _allbutself deliver: each target's RES count rises. */
static void smp_ipis_reach_self_and_every_other_cpu(struct kunit *test)
{
	unsigned int before[NR_CPUS] = { 0 }, cpu, self = smp_processor_id();

	before[self] = this_cpu_read(irq_stat.irq_resched_count);
	apic_send_IPI_self(RESCHEDULE_VECTOR);
	KUNIT_EXPECT_TRUE(test, res_count_rose(self, before[self]));
	for_each_online_cpu(cpu)
		before[cpu] = per_cpu(irq_stat, cpu).irq_resched_count;
	apic_send_IPI_allbutself(RESCHEDULE_VECTOR);
	for_each_online_cpu(cpu) {
		if (cpu == self)
			continue;
		if (!res_count_rose(cpu, before[cpu]))
			kunit_log_diag(test, "CPU%u: no RESCHEDULE_VECTOR in %u s", cpu,
				       BARRIER_WAIT_MS / 1000);
		KUNIT_EXPECT_GT(test, per_cpu(irq_stat, cpu).irq_resched_count, before[cpu]);
	}
	lapic_write(APIC_ESR, 0);                       /* latch the errors since the last write */
	KUNIT_EXPECT_EQ(test, lapic_read(APIC_ESR) & 0xef, 0);     /* no send or accept error */
}

/* True at its second evaluation only, as a claim by cmpxchg is true once. */
static bool second_look_claims(unsigned int *evals)
{
	return ++*evals == 2;
}

/*
 * wait_until() stops at the first true evaluation of its condition and
 * evaluates it no more: a claim (queue_work_on's cmpxchg) it made must not
 * be looked at again, or the claim is lost and the wait runs out.  The
 * second look is the one made with interrupts off just before idling.
 */
static void smp_wait_until_keeps_a_claim(struct kunit *test)
{
	unsigned int evals = 0;

	if (irqs_disabled() || !lapic_timer_ticking())
		kunit_skip(test, "wait_until spins here (interrupts off or no tick): no second look");
	KUNIT_EXPECT_TRUE(test, wait_until(second_look_claims(&evals), 200));
	KUNIT_EXPECT_EQ(test, evals, 2);
}

/* smpboot.stuck=N: CPU N never called in; it was reported with Linux's line and left out. */
static void smp_a_cpu_that_does_not_answer_is_left_out(struct kunit *test)
{
	const char *stuck = cmdline_get(&boot_cmdline, "smpboot.stuck");
	unsigned int cpu;

	if (!stuck || kstrtouint(stuck, 0, &cpu) || cpu == 0 || cpu >= nr_cpu_ids) {
		KUNIT_EXPECT_FALSE(test, log_contains_since(0, "do_boot_cpu failed"));
		return;
	}
	/* its line (smpboot: do_boot_cpu failed(-1) to wakeup CPU#N) is the runner's boot check */
	KUNIT_EXPECT_FALSE(test, cpu_online(cpu));
	KUNIT_EXPECT_NE(test, cpu_physical_id(cpu), BAD_APICID);      /* it exists: it was kicked */
	KUNIT_EXPECT_EQ(test, smpboot_stack_top[cpu] != 0, true);
	KUNIT_EXPECT_EQ(test, smp_call_on_cpu(cpu, report_cpu, &cpu, false), -ENXIO);
}

static struct kunit_case smp_cases[] = {
	KUNIT_CASE(smp_every_cpu_is_online),
	KUNIT_CASE(smp_each_cpu_knows_itself),
	KUNIT_CASE(smp_each_cpu_runs_like_the_boot_cpu),
	KUNIT_CASE(smp_trampoline_overlaps_nothing),
	KUNIT_CASE(smp_apic_ids_match_the_madt),
	KUNIT_CASE(smp_each_cpu_has_its_own_stacks_and_tables),
	KUNIT_CASE(smp_run_on_each_cpu_runs_them_at_once),
	KUNIT_CASE(smp_call_on_cpu_runs_where_asked),
	KUNIT_CASE(smp_ipis_reach_self_and_every_other_cpu),
	KUNIT_CASE(smp_wait_until_keeps_a_claim),
	KUNIT_CASE(smp_a_cpu_that_does_not_answer_is_left_out),
	{}
};

static struct kunit_suite smp_suite = {
	.name = "smp",
	.test_cases = smp_cases,
};
kunit_test_suite(smp_suite);
