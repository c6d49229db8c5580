/*
 * /proc/cpuinfo (Linux's arch/x86/kernel/cpu/proc.c, with the identification
 * of arch/x86/kernel/cpu/common.c, amd.c and intel.c that its fields need).
 *
 * Each CPU identifies itself: identify_cpu() runs on it (by
 * smp_call_function_single) and reads CPUID there, so a field that differs
 * between CPUs (the APIC ID) comes from the CPU it describes.  The feature
 * words are Linux's (cpufeatures.h): word 0 is CPUID 1 EDX, word 1
 * 0x80000001 EDX, word 4 CPUID 1 ECX, and so on; word 3 and word 8 hold
 * flags Linux itself derives (nopl, cpuid, rep_good, extd_apicid, vmmcall),
 * which Atlas derives by Linux's rules.  Flags print in Linux's order: word
 * by word, bit by bit, with Linux's names.
 *
 * Not shown: the "bugs" line stays empty (Atlas does not assess speculation
 * bugs or errata), and "cpu MHz" and "bogomips" come from the TSC's
 * calibrated rate, as Linux's do when the TSC is its clock.
 */
#include <asm/apic.h>
#include <asm/extable.h>
#include <asm/processor.h>
#include <drivers/pci.h>
#include <errno.h>
#include <fs/proc_fs.h>
#include <kernel/cpuinfo.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/time.h>

#define X86_FEATURE(word, bit) ((word) * 32 + (bit))
#define MSR_AMD64_PATCH_LEVEL 0x0000008b        /* Intel's MSR_IA32_UCODE_REV: the same */
#define AMD_NB_EXTD_APICID_REG 0x68     /* northbridge 0:18.0: bits 17-18 enable 8-bit APIC IDs */
#define AMD_NB_DEVFN PCI_DEVFN(24, 0)

/* Linux's x86_cap_flags[] for the words Atlas fills; "" names are not shown. */
static const char *const x86_cap_flags[NCAPINTS * 32] = {
	[X86_FEATURE(0, 0)] = "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic",
	[X86_FEATURE(0, 11)] = "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush",
	[X86_FEATURE(0, 21)] = "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
	[X86_FEATURE(1, 11)] = "syscall", [X86_FEATURE(1, 19)] = "mp", "nx",
	[X86_FEATURE(1, 22)] = "mmxext", [X86_FEATURE(1, 25)] = "fxsr_opt", "pdpe1gb", "rdtscp",
	[X86_FEATURE(1, 29)] = "lm", "3dnowext", "3dnow",
	[X86_FEATURE(3, 8)] = "constant_tsc", [X86_FEATURE(3, 16)] = "rep_good",
	[X86_FEATURE(3, 20)] = "nopl", [X86_FEATURE(3, 22)] = "xtopology",
	[X86_FEATURE(3, 24)] = "nonstop_tsc", "cpuid", "extd_apicid",
	[X86_FEATURE(4, 0)] = "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx",
	"est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm",
	[X86_FEATURE(4, 17)] = "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
	"tsc_deadline_timer", "aes", "xsave", [X86_FEATURE(4, 28)] = "avx", "f16c", "rdrand",
	"hypervisor",
	[X86_FEATURE(6, 0)] = "lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm",
	"sse4a", "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt",
	[X86_FEATURE(6, 15)] = "lwp", "fma4", "tce", [X86_FEATURE(6, 19)] = "nodeid_msr",
	[X86_FEATURE(6, 21)] = "tbm", "topoext", "perfctr_core", "perfctr_nb",
	[X86_FEATURE(6, 26)] = "bpext", "ptsc", "perfctr_llc", "mwaitx",
	[X86_FEATURE(8, 15)] = "vmmcall",
	[X86_FEATURE(9, 0)] = "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2",
	[X86_FEATURE(9, 7)] = "smep", "bmi2", "erms", "invpcid", "rtm", "cqm",
	[X86_FEATURE(9, 14)] = "mpx", "rdt_a", "avx512f", "avx512dq", "rdseed", "adx", "smap",
	"avx512ifma", [X86_FEATURE(9, 23)] = "clflushopt", "clwb", "intel_pt", "avx512pf",
	"avx512er", "avx512cd", "sha_ni", "avx512bw", "avx512vl",
	[X86_FEATURE(10, 0)] = "xsaveopt", "xsavec", "xgetbv1", "xsaves",
	[X86_FEATURE(13, 0)] = "clzero", "irperf", "xsaveerptr", [X86_FEATURE(13, 4)] = "rdpru",
	[X86_FEATURE(13, 9)] = "wbnoinvd",
	[X86_FEATURE(16, 1)] = "avx512vbmi", "umip", "pku", "ospke", "waitpkg", "avx512_vbmi2",
	[X86_FEATURE(16, 8)] = "gfni", "vaes", "vpclmulqdq", "avx512_vnni", "avx512_bitalg",
	"tme", "avx512_vpopcntdq", [X86_FEATURE(16, 16)] = "la57", [X86_FEATURE(16, 22)] = "rdpid",
	[X86_FEATURE(16, 24)] = "bus_lock_detect", "cldemote", [X86_FEATURE(16, 27)] = "movdiri",
	"movdir64b", "enqcmd", "sgx_lc",
	[X86_FEATURE(18, 2)] = "avx512_4vnniw", "avx512_4fmaps", "fsrm",
	[X86_FEATURE(18, 8)] = "avx512_vp2intersect", [X86_FEATURE(18, 10)] = "md_clear",
	[X86_FEATURE(18, 14)] = "serialize", [X86_FEATURE(18, 16)] = "tsxldtrk",
	[X86_FEATURE(18, 18)] = "pconfig", "arch_lbr", "ibt",
	[X86_FEATURE(18, 22)] = "amx_bf16", "avx512_fp16", "amx_tile", "amx_int8",
	[X86_FEATURE(18, 28)] = "flush_l1d", "arch_capabilities",
};

/* CPUID 0x80000007 EDX, Linux's x86_power_flags[]; bit 8 (invariant TSC) shows as constant_tsc. */
static const char *const x86_power_flags[] = {
	"ts", "fid", "vid", "ttp", "tm", "stc", "100mhzsteps", "hwpstate", "",
	"cpb", "eff_freq_ro", "proc_feedback", "acc_power",
};

/* The bits needed to count to n (Linux's order_base_2): 1 -> 0, 2 -> 1, 3 -> 2, 4 -> 2. */
static unsigned int order_base_2(unsigned int n)
{
	unsigned int bits = 0;

	while ((1U << bits) < n)
		bits++;
	return bits;
}

/* rdmsr that returns -EFAULT instead of oopsing when the MSR does not exist. */
static int rdmsr_safe(u32 msr, u64 *v)
{
	u32 lo = 0, hi = 0;
	int err = 0;

	__asm__ volatile("1: rdmsr\n"
			 "2:\n"
			 ".pushsection .fixup, \"ax\"\n"
			 "3: movl %4, %0\n"
			 "   jmp 2b\n"
			 ".popsection\n"
			 _ASM_EXTABLE(1b, 3b)
			 : "+r"(err), "+a"(lo), "+d"(hi) : "c"(msr), "i"(-EFAULT));
	*v = (u64)hi << 32 | lo;
	return err;
}

static void set_cap(struct cpuinfo_x86 *c, unsigned int f)
{
	c->x86_capability[f / 32] |= 1U << (f % 32);
}

bool cpu_has(const struct cpuinfo_x86 *c, unsigned int f)
{
	return f < NCAPINTS * 32 && (c->x86_capability[f / 32] >> (f % 32)) & 1;
}

/* Vendor, family/model/stepping (with the extended fields, as Linux's x86_family/x86_model). */
static void identify_basic(struct cpuinfo_x86 *c)
{
	u32 a, b, cx, d;

	cpuid(0, &a, &b, &cx, &d);
	c->cpuid_level = (int)a;
	memcpy(c->x86_vendor_id, &b, 4);
	memcpy(c->x86_vendor_id + 4, &d, 4);
	memcpy(c->x86_vendor_id + 8, &cx, 4);
	c->x86_vendor_id[12] = '\0';
	c->is_amd = !strcmp(c->x86_vendor_id, "AuthenticAMD") || !strcmp(c->x86_vendor_id, "HygonGenuine");
	cpuid(1, &a, &b, &cx, &d);
	c->cpuid1_eax = a;
	c->x86 = (a >> 8) & 0xf;
	c->x86_model = (a >> 4) & 0xf;
	c->x86_stepping = a & 0xf;
	if (c->x86 == 0xf)
		c->x86 += (a >> 20) & 0xff;
	if (c->x86 >= 6)
		c->x86_model += ((a >> 16) & 0xf) << 4;
	c->x86_clflush_size = ((b >> 8) & 0xff) * 8;
	c->x86_cache_alignment = c->x86_clflush_size;
	c->initial_apicid = b >> 24;
	c->x86_max_cores_log = (d & (1U << 28)) ? (b >> 16) & 0xff : 1;   /* HTT: logical CPUs per package */
	c->x86_capability[0] = d;
	c->x86_capability[4] = cx;
	if (c->cpuid_level >= 7) {
		cpuid_count(7, 0, &a, &b, &cx, &d);
		c->x86_capability[9] = b;
		c->x86_capability[16] = cx;
		c->x86_capability[18] = d;
	}
	if (c->cpuid_level >= 0xd) {
		cpuid_count(0xd, 1, &a, &b, &cx, &d);
		c->x86_capability[10] = a;
	}
}

/* The 0x8000xxxx leaves: features, brand string, caches and TLB, power, address sizes. */
static void identify_extended(struct cpuinfo_x86 *c)
{
	u32 a, b, cx, d, *name = (u32 *)c->x86_model_id;

	cpuid(0x80000000, &a, &b, &cx, &d);
	c->extended_cpuid_level = a;
	c->x86_phys_bits = 36;                  /* Linux's defaults without the leaf */
	c->x86_virt_bits = 48;
	if (a < 0x80000001 || a > 0x8000ffff)
		return;
	cpuid(0x80000001, &a, &b, &cx, &d);
	c->x86_capability[1] = d;
	c->x86_capability[6] = cx;
	if (c->extended_cpuid_level >= 0x80000004) {
		for (u32 leaf = 0; leaf < 3; leaf++)
			cpuid(0x80000002 + leaf, &name[leaf * 4], &name[leaf * 4 + 1],
			      &name[leaf * 4 + 2], &name[leaf * 4 + 3]);
		c->x86_model_id[48] = '\0';
	}
	if (c->extended_cpuid_level >= 0x80000005) {
		cpuid(0x80000005, &a, &b, &cx, &d);
		c->x86_cache_size = (cx >> 24) + (d >> 24);      /* L1 d + i, until L2 is known */
	}
	if (c->extended_cpuid_level >= 0x80000006) {
		cpuid(0x80000006, &a, &b, &cx, &d);
		c->x86_tlbsize = (int)(((b >> 16) & 0xfff) + (b & 0xfff));
		if (cx >> 16)
			c->x86_cache_size = cx >> 16;
	}
	if (c->extended_cpuid_level >= 0x80000007) {
		cpuid(0x80000007, &a, &b, &cx, &d);
		c->x86_power = d;
	}
	if (c->extended_cpuid_level >= 0x80000008) {
		cpuid(0x80000008, &a, &b, &cx, &d);
		c->x86_phys_bits = a & 0xff;
		c->x86_virt_bits = (a >> 8) & 0xff;
		c->x86_capability[13] = b;
		c->x86_coreid_bits = (cx >> 12) & 0xf;
		if (!c->x86_coreid_bits)
			c->x86_coreid_bits = order_base_2((cx & 0xff) + 1);
	}
}

/* Intel: the largest cache of CPUID leaf 4, in KB (Linux's init_intel_cacheinfo: L3, else L2). */
static void identify_intel_cache(struct cpuinfo_x86 *c)
{
	unsigned int best_level = 0;
	u32 a, b, cx, d;

	if (c->cpuid_level < 4)
		return;
	for (u32 i = 0; i < 16; i++) {
		unsigned int type, level, kb;

		cpuid_count(4, i, &a, &b, &cx, &d);
		type = a & 0x1f;
		if (!type)
			break;
		level = (a >> 5) & 7;
		kb = (((b >> 22) & 0x3ff) + 1) * (((b >> 12) & 0x3ff) + 1) * ((b & 0xfff) + 1) * (cx + 1) / 1024;
		if (type != 2 && level >= best_level) {         /* not an instruction cache */
			best_level = level;
			c->x86_cache_size = kb;
		}
	}
}

/* Linux's own flags (words 3 and 8) by Linux's rules (common.c, amd.c: init_amd_k8, early_init_amd). */
static void identify_linux_flags(struct cpuinfo_x86 *c)
{
	u32 v;

	set_cap(c, X86_FEATURE(3, 20));                 /* nopl: every 64-bit CPU */
	set_cap(c, X86_FEATURE(3, 25));                 /* cpuid */
	if (c->x86_power & (1U << 8)) {                 /* invariant TSC */
		set_cap(c, X86_FEATURE(3, 8));          /* constant_tsc */
		set_cap(c, X86_FEATURE(3, 24));         /* nonstop_tsc */
	}
	if (!c->is_amd && c->cpuid_level >= 0xb) {     /* Linux reads leaf 0xb on Intel only */
		u32 a, b, cx, d;

		cpuid_count(0xb, 0, &a, &b, &cx, &d);
		if (b)
			set_cap(c, X86_FEATURE(3, 22)); /* xtopology */
	}
	if (!c->is_amd)
		return;
	if ((c->x86 == 0xf && ((c->cpuid1_eax >= 0x0f48 && c->cpuid1_eax < 0x0f50) ||
			       c->cpuid1_eax >= 0x0f58)) || c->x86 >= 0x10)
		set_cap(c, X86_FEATURE(3, 16));         /* rep_good */
	/* 8-bit APIC IDs: always after family 16h, else if the northbridge says so */
	if (cpu_has(c, X86_FEATURE(0, 9)) &&
	    (c->x86 > 0x16 || (c->x86 >= 0xf && !pci_conf1_read(0, AMD_NB_DEVFN, AMD_NB_EXTD_APICID_REG, 4, &v) &&
				((v >> 17) & 3) == 3)))
		set_cap(c, X86_FEATURE(3, 26));         /* extd_apicid */
	set_cap(c, X86_FEATURE(8, 15));                 /* vmmcall: VMMCALL, not VMCALL, under a hypervisor */
	if (!cpu_has(c, X86_FEATURE(6, 8)) &&
	    (cpu_has(c, X86_FEATURE(1, 31)) || cpu_has(c, X86_FEATURE(1, 29))))
		set_cap(c, X86_FEATURE(6, 8));          /* 3dnowprefetch: PREFETCHW, with 3DNow or LM */
}

/* Package and core from the APIC ID: the low x86_coreid_bits number the core. */
static void identify_topology(struct cpuinfo_x86 *c)
{
	unsigned int bits = c->is_amd && c->extended_cpuid_level >= 0x80000008 ?
			    c->x86_coreid_bits : order_base_2(c->x86_max_cores_log);

	c->phys_proc_id = (int)(c->initial_apicid >> bits);
	c->cpu_core_id = (int)(c->apicid & ((1U << bits) - 1));
}

/* Run on the CPU to describe (smp_call_function_single): fill the cpuinfo_x86 at info. */
static void identify_cpu(void *info)
{
	struct cpuinfo_x86 *c = info;
	u64 rev;

	memset(c, 0, sizeof(*c));
	c->cpu_index = smp_processor_id();
	c->apicid = lapic_id();
	identify_basic(c);
	identify_extended(c);
	if (!c->is_amd)
		identify_intel_cache(c);
	identify_linux_flags(c);
	identify_topology(c);
	if (!rdmsr_safe(MSR_AMD64_PATCH_LEVEL, &rev))
		c->microcode = c->is_amd ? (u32)rev : (u32)(rev >> 32);
	c->loops_per_jiffy = tsc_khz * 1000 / HZ;       /* as Linux's lpj_fine from the TSC */
}

int cpu_identify(unsigned int cpu, struct cpuinfo_x86 *c)
{
	return smp_call_function_single((int)cpu, identify_cpu, c, 1);
}

/* Linux's show_cpuinfo_core: topology; siblings and cores counted over the online CPUs. */
static void show_cpuinfo_core(struct seq_file *m, const struct cpuinfo_x86 *c, int booted_cores)
{
	seq_printf(m, "physical id\t: %d\n", c->phys_proc_id);
	seq_printf(m, "siblings\t: %d\n", booted_cores);
	seq_printf(m, "core id\t\t: %d\n", c->cpu_core_id);
	seq_printf(m, "cpu cores\t: %d\n", booted_cores);
	seq_printf(m, "apicid\t\t: %u\n", c->apicid);
	seq_printf(m, "initial apicid\t: %u\n", c->initial_apicid);
}

static void show_flags(struct seq_file *m, const struct cpuinfo_x86 *c)
{
	seq_puts(m, "flags\t\t:");
	for (unsigned int i = 0; i < NCAPINTS * 32; i++)
		if (cpu_has(c, i) && x86_cap_flags[i] && x86_cap_flags[i][0])
			seq_printf(m, " %s", x86_cap_flags[i]);
	seq_puts(m, "\nbugs\t\t:");
	seq_printf(m, "\nbogomips\t: %lu.%02lu\n", c->loops_per_jiffy / (500000 / HZ),
		   (c->loops_per_jiffy / (5000 / HZ)) % 100);
}

static void show_power(struct seq_file *m, const struct cpuinfo_x86 *c)
{
	seq_puts(m, "power management:");
	for (unsigned int i = 0; i < 32; i++) {
		if (!(c->x86_power & (1U << i)))
			continue;
		if (i < ARRAY_SIZE(x86_power_flags))
			seq_printf(m, "%s%s", x86_power_flags[i][0] ? " " : "", x86_power_flags[i]);
		else
			seq_printf(m, " [%u]", i);
	}
	seq_puts(m, "\n\n");
}

/* One CPU's block, in Linux's show_cpuinfo order and format. */
void show_cpuinfo_one(struct seq_file *m, const struct cpuinfo_x86 *c, int booted_cores)
{
	seq_printf(m, "processor\t: %u\nvendor_id\t: %s\ncpu family\t: %d\nmodel\t\t: %u\nmodel name\t: %s\n",
		   c->cpu_index, c->x86_vendor_id[0] ? c->x86_vendor_id : "unknown", c->x86,
		   c->x86_model, c->x86_model_id[0] ? c->x86_model_id : "unknown");
	seq_printf(m, "stepping\t: %d\n", c->x86_stepping);
	if (c->microcode)
		seq_printf(m, "microcode\t: 0x%x\n", c->microcode);
	if (cpu_has(c, X86_FEATURE(0, 4)))
		seq_printf(m, "cpu MHz\t\t: %lu.%03lu\n", tsc_khz / 1000, tsc_khz % 1000);
	if (c->x86_cache_size)
		seq_printf(m, "cache size\t: %u KB\n", c->x86_cache_size);
	show_cpuinfo_core(m, c, booted_cores);
	seq_printf(m, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %d\nwp\t\t: yes\n",
		   c->cpuid_level);
	show_flags(m, c);
	if (c->x86_tlbsize > 0)
		seq_printf(m, "TLB size\t: %d 4K pages\n", c->x86_tlbsize);
	seq_printf(m, "clflush size\t: %u\n", c->x86_clflush_size);
	seq_printf(m, "cache_alignment\t: %d\n", c->x86_cache_alignment);
	seq_printf(m, "address sizes\t: %u bits physical, %u bits virtual\n",
		   c->x86_phys_bits, c->x86_virt_bits);
	show_power(m, c);
}

/* /proc/cpuinfo: every online CPU, each identified on itself. */
static int cpuinfo_show(struct seq_file *m, void *v)
{
	static struct cpuinfo_x86 cpus[NR_CPUS];       /* the monitor shows one view at a time */
	unsigned int cpu, other;

	for_each_online_cpu(cpu)
		if (cpu_identify(cpu, &cpus[cpu]))
			return -ENXIO;
	for_each_online_cpu(cpu) {
		int cores = 0;

		for_each_online_cpu(other)
			cores += cpus[other].phys_proc_id == cpus[cpu].phys_proc_id;
		show_cpuinfo_one(m, &cpus[cpu], cores);
	}
	return 0;
}
MONITOR_SHOW(cpuinfo, "each online CPU, from CPUID (/proc/cpuinfo)", cpuinfo_show);
PROC_SHOW("cpuinfo", cpuinfo_show);

/* Linux's short vendor names (cpu_dev.c_vendor), for print_cpu_info. */
static const char *cpu_vendor_name(const struct cpuinfo_x86 *c)
{
	static const struct { const char *id, *name; } vendors[] = {
		{ "GenuineIntel", "Intel" }, { "AuthenticAMD", "AMD" }, { "HygonGenuine", "Hygon" },
		{ "CentaurHauls", "Centaur" }, { "  Shanghai  ", "Zhaoxin" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(vendors); i++)
		if (!strcmp(c->x86_vendor_id, vendors[i].id))
			return vendors[i].name;
	return NULL;
}

void print_cpu_info(const char *prefix, const struct cpuinfo_x86 *c)
{
	const char *vendor = cpu_vendor_name(c);
	char family[16];

	snprintf(family, sizeof(family), "%d86", c->x86);
	pr_info("%s%s%s%s (family: 0x%x, model: 0x%x, stepping: 0x%x)\n", prefix,
		vendor && !strstr(c->x86_model_id, vendor) ? vendor : "",
		vendor && !strstr(c->x86_model_id, vendor) ? " " : "",
		c->x86_model_id[0] ? c->x86_model_id : family, c->x86, c->x86_model,
		c->x86_stepping);
}
