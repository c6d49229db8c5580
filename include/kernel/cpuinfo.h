/*
 * What CPUID says about a CPU (Linux's struct cpuinfo_x86, reduced to what
 * /proc/cpuinfo prints): kernel/cpuinfo.c fills it on the CPU it describes.
 */
#ifndef ATLAS_KERNEL_CPUINFO_H
#define ATLAS_KERNEL_CPUINFO_H

#include <kernel/seq_file.h>
#include <kernel/types.h>

#define NCAPINTS 20                     /* Linux's feature words (cpufeatures.h) */

struct cpuinfo_x86 {
	unsigned int cpu_index;
	char x86_vendor_id[16];
	char x86_model_id[64];
	bool is_amd;                    /* AuthenticAMD or HygonGenuine */
	int x86;                        /* family, with the extended family */
	unsigned int x86_model;         /* with the extended model */
	int x86_stepping;
	u32 cpuid1_eax;
	int cpuid_level;                /* the largest basic leaf */
	u32 extended_cpuid_level;
	u32 microcode;                  /* 0: unknown */
	u32 x86_capability[NCAPINTS];   /* Linux's feature words */
	unsigned int x86_cache_size;    /* KB */
	int x86_tlbsize;                /* 4K pages, 0: not reported */
	unsigned int x86_clflush_size, x86_phys_bits, x86_virt_bits;
	int x86_cache_alignment;
	u32 x86_power;                  /* CPUID 0x80000007 EDX */
	unsigned int x86_max_cores_log; /* logical CPUs per package, CPUID 1 EBX */
	unsigned int x86_coreid_bits;   /* APIC ID bits that number the core */
	unsigned int apicid;            /* from the local APIC */
	unsigned int initial_apicid;    /* from CPUID */
	int phys_proc_id, cpu_core_id;
	unsigned long loops_per_jiffy;
};

/* Identify cpu on itself (an IPI to it, waited for); 0 or -ENXIO (offline). */
int cpu_identify(unsigned int cpu, struct cpuinfo_x86 *c);

/* Whether feature bit f (word * 32 + bit) is set. */
bool cpu_has(const struct cpuinfo_x86 *c, unsigned int f);

/* Print c as one CPU's block of /proc/cpuinfo; booted_cores: online CPUs in its package. */
void show_cpuinfo_one(struct seq_file *m, const struct cpuinfo_x86 *c, int booted_cores);

#endif
