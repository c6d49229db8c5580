/*
 * x86's side of SMP (Linux's arch/x86/include/asm/smp.h): which APIC each CPU
 * number is, and the bring-up entry points.
 */
#ifndef ATLAS_ASM_SMP_H
#define ATLAS_ASM_SMP_H

#include <kernel/percpu.h>
#include <kernel/types.h>

#define BAD_APICID 0xffffffffU

/* cpu's APIC ID (per-CPU, as Linux's x86_cpu_to_apicid); BAD_APICID if none. */
DECLARE_PER_CPU(u32, x86_cpu_to_apicid);
/* The same as a plain array, for boot/head64.asm's search (Linux's cpuid_to_apicid). */
extern u32 cpuid_to_apicid[NR_CPUS];
#define cpu_physical_id(cpu) (cpuid_to_apicid[(cpu)])

#define AP_STACK_ORDER 2                        /* 16 KiB, as the boot CPU's */
#define AP_STACK_SIZE  (4096UL << AP_STACK_ORDER)
/* The top of each AP's idle stack (0 for the boot CPU and CPUs never brought up). */
extern unsigned long smpboot_stack_top[NR_CPUS];

/* This CPU's APIC ID from CPUID (leaf 0xb's x2APIC ID, else leaf 1's 8 bits). */
u32 read_apic_id_cpuid(void);

/*
 * From the MADT: set cpu_possible_mask and nr_cpu_ids (nr_cpus=N limits
 * them), give each possible CPU its number (the boot CPU 0, the others in
 * MADT order) and its per-CPU area.  Prints Linux's "smpboot: Allowing N
 * CPUs, M hotplug CPUs".  Call right after acpi_init, before anything uses
 * another CPU's per-CPU data.
 */
void setup_per_cpu_areas(void);

/*
 * Bring up the other CPUs (up to maxcpus=N in all; none with nosmp), all at
 * once: INIT-SIPI-SIPI to each, then wait up to 10 s for each to call in.
 * Prints Linux's smp:/x86:/smpboot: lines.  Call with interrupts on, after
 * the boot CPU's local APIC and tick are set up.
 */
void smp_init(void);

/* The C entry of an AP (boot/head64.asm's secondary_startup_64): does not return. */
void start_secondary(unsigned int cpu) __attribute__((noreturn));

/*
 * Each online CPU's loops_per_jiffy (Linux's cpu_data(cpu).loops_per_jiffy),
 * from tsc_khz as Linux's lpj_fine: tsc_khz * 1000 / HZ; BogoMIPS is
 * lpj / (500000 / HZ).  0 for a CPU that never came up.
 */
extern unsigned long cpu_loops_per_jiffy[NR_CPUS];

/* The most CPUs the boot brings up (maxcpus=, 0 with nosmp; NR_CPUS if not limited). */
extern unsigned int setup_max_cpus;

#endif
