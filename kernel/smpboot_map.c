/*
 * The pure parts of the SMP bring-up, compiled on the host too
 * (tests/host/test_smpboot.c): which CPU number each MADT entry gets, how
 * many CPUs are possible, and Linux's text for the boot lines.
 */
#include <asm/smp.h>
#include <drivers/acpi.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <kernel/tick.h>

#include "smpboot_internal.h"

#define X86_VENDOR_INTEL_EBX 0x756e6547 /* "Genu" of "GenuineIntel" */
#define X86_VENDOR_AMD_EBX   0x68747541 /* "Auth" of "AuthenticAMD" */
#define X86_VENDOR_HYGON_EBX 0x6f677948 /* "Hygo" of "HygonGenuine" */
#define INIT_UDELAY_LEGACY   10000      /* Linux's UDELAY_10MS_LEGACY */

void smp_build_cpu_map(const struct acpi_info *acpi, u32 boot_apicid, unsigned int limit,
		       struct smp_cpu_map *map)
{
	unsigned int n = 1;

	if (limit == 0 || limit > NR_CPUS)
		limit = NR_CPUS;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		map->apicid[cpu] = BAD_APICID;
	map->apicid[0] = boot_apicid;
	map->disabled = 0;
	for (unsigned int i = 0; acpi && i < acpi->nr_cpus && i < ACPI_MAX_CPUS; i++) {
		const struct acpi_cpu *c = &acpi->cpus[i];

		if (!(c->flags & ACPI_MADT_ENABLED)) {
			map->disabled++;
			continue;
		}
		if (c->apic_id == boot_apicid)
			continue;
		if (n >= limit) {
			printk(KERN_WARNING "APIC: NR_CPUS/possible_cpus limit of %u reached. Processor %u/0x%x ignored.\n",
			       limit, n, c->apic_id);
			continue;
		}
		map->apicid[n++] = c->apic_id;
	}
	map->present = n;
	map->possible = n + map->disabled < limit ? n + map->disabled : limit;
}

static unsigned int num_digits(unsigned int n)
{
	unsigned int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

int smp_format_announce(char *buf, size_t size, unsigned int possible, unsigned int cpu)
{
	int width = (int)num_digits(possible) + 1;     /* + '#' */
	int len = 0;

	if (cpu == 1)
		len = snprintf(buf, size, ".... node  #0, CPUs:  %*s", width + 1, " ");
	return len + snprintf(buf + len, size > (size_t)len ? size - (size_t)len : 0, "%*s#%u",
			      width - (int)num_digits(cpu), " ", cpu);
}

int smp_format_bogomips(char *buf, size_t size, unsigned long bogosum)
{
	return snprintf(buf, size, "%lu.%02lu", bogosum / (500000 / HZ), (bogosum / (5000 / HZ)) % 100);
}

unsigned int smp_init_udelay(u32 vendor_ebx, u32 cpuid1_eax)
{
	unsigned int family = (cpuid1_eax >> 8) & 0xf;

	if (family == 0xf)
		family += (cpuid1_eax >> 20) & 0xff;
	if ((vendor_ebx == X86_VENDOR_INTEL_EBX && family == 6) ||
	    (vendor_ebx == X86_VENDOR_HYGON_EBX && family >= 0x18) ||
	    (vendor_ebx == X86_VENDOR_AMD_EBX && family >= 0xf))
		return 0;
	return INIT_UDELAY_LEGACY;
}
