/*
 * cpuinfo suite: /proc/cpuinfo's fields against CPUID read here, each CPU's
 * APIC ID from that CPU, the flags Linux takes from CPUID (words 0, 1, 4, 6)
 * present exactly when their bits are, one block per online CPU in the view,
 * and, on QEMU's default CPU (qemu64), the very lines Linux prints on the
 * same machine.
 */
#include <asm/apic.h>
#include <asm/processor.h>
#include <kernel/cpuinfo.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

#define QEMU64_MODEL_NAME "QEMU Virtual CPU version 2.5+"
#define QEMU64_CPUID1_EDX 0x178bfbfd    /* qemu64's leaf 1 EDX with HTT (two CPUs or more) */
#define X86_FEATURE_NX    (1 * 32 + 20)
/* Linux 6.1's flags line for qemu64 under TCG with two or more CPUs (HTT set) */
#define QEMU64_LINUX_FLAGS "flags\t\t: fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov " \
	"pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm rep_good nopl cpuid extd_apicid " \
	"pni cx16 hypervisor lahf_lm cmp_legacy svm 3dnowprefetch vmmcall"

static struct cpuinfo_x86 ci;
static char buf[16384];

static void read_apic_id(void *info)
{
	*(unsigned int *)info = lapic_id();
}

/* Vendor, family, model, stepping, brand string and address sizes, decoded here by hand. */
static void cpuinfo_fields_match_cpuid(struct kunit *test)
{
	u32 a, b, c, d, level, vendor[3], brand[13] = { 0 };
	unsigned int cpu;

	cpuid(0, &level, &vendor[0], &vendor[2], &vendor[1]);
	for (u32 i = 0; i < 3; i++)
		cpuid(0x80000002 + i, &brand[i * 4], &brand[i * 4 + 1], &brand[i * 4 + 2], &brand[i * 4 + 3]);
	for_each_online_cpu(cpu) {
		unsigned int apicid = ~0U;

		KUNIT_ASSERT_EQ(test, cpu_identify(cpu, &ci), 0);
		KUNIT_ASSERT_EQ(test, smp_call_function_single((int)cpu, read_apic_id, &apicid, 1), 0);
		KUNIT_EXPECT_EQ(test, ci.cpu_index, cpu);
		KUNIT_EXPECT_EQ(test, memcmp(ci.x86_vendor_id, vendor, 12), 0);
		KUNIT_EXPECT_EQ(test, ci.cpuid_level, (int)level);
		KUNIT_EXPECT_STREQ(test, ci.x86_model_id, (const char *)brand);
		cpuid(1, &a, &b, &c, &d);
		KUNIT_EXPECT_EQ(test, ci.x86_stepping, (int)(a & 0xf));
		KUNIT_EXPECT_EQ(test, ci.x86, ((a >> 8) & 0xf) == 0xf ? 0xf + (int)((a >> 20) & 0xff)
									 : (int)((a >> 8) & 0xf));
		KUNIT_EXPECT_EQ(test, ci.x86_model, ((a >> 4) & 0xf) |
				(ci.x86 >= 6 ? ((a >> 16) & 0xf) << 4 : 0));
		KUNIT_EXPECT_EQ(test, ci.x86_clflush_size, ((b >> 8) & 0xff) * 8);
		cpuid(0x80000008, &a, &b, &c, &d);
		KUNIT_EXPECT_EQ(test, ci.x86_phys_bits, a & 0xff);
		KUNIT_EXPECT_EQ(test, ci.x86_virt_bits, (a >> 8) & 0xff);
		KUNIT_EXPECT_EQ(test, ci.apicid, apicid);       /* each CPU its own */
		KUNIT_EXPECT_EQ(test, ci.initial_apicid, apicid);
	}
}

/* The flags line of c's block, NUL-terminated in buf. */
static const char *flags_line(const struct cpuinfo_x86 *c)
{
	struct seq_file m;
	char *s, *e;

	seq_file_init(&m, buf, sizeof(buf) - 1);
	show_cpuinfo_one(&m, c, 1);
	buf[m.count] = '\0';
	s = strstr(buf, "flags\t\t:");
	if (!s)
		return "";
	e = strchr(s, '\n');
	if (e)
		*e = '\0';
	return s;
}

static bool has_flag(const char *line, const char *name)
{
	char word[40];

	snprintf(word, sizeof(word), " %s", name);
	for (const char *p = line; (p = strstr(p, word)); p++)
		if (p[strlen(word)] == ' ' || p[strlen(word)] == '\0')
			return true;
	return false;
}

/* Every named flag of the CPUID words 0, 1, 4 and 6 shows exactly when its bit is set. */
static void cpuinfo_flags_follow_cpuid(struct kunit *test)
{
	static const struct { u32 leaf; int reg; const char *name; unsigned int bit; } probes[] = {
		{ 1, 3, "fpu", 0 }, { 1, 3, "tsc", 4 }, { 1, 3, "pae", 6 }, { 1, 3, "apic", 9 },
		{ 1, 3, "pge", 13 }, { 1, 3, "pat", 16 }, { 1, 3, "clflush", 19 }, { 1, 3, "sse2", 26 },
		{ 1, 3, "ht", 28 }, { 1, 3, "vme", 1 }, { 1, 2, "pni", 0 }, { 1, 2, "cx16", 13 },
		{ 1, 2, "x2apic", 21 }, { 1, 2, "popcnt", 23 }, { 1, 2, "avx", 28 },
		{ 1, 2, "hypervisor", 31 }, { 0x80000001, 3, "syscall", 11 }, { 0x80000001, 3, "nx", 20 },
		{ 0x80000001, 3, "pdpe1gb", 26 }, { 0x80000001, 3, "lm", 29 },
		{ 0x80000001, 2, "lahf_lm", 0 }, { 0x80000001, 2, "svm", 2 }, { 0x80000001, 2, "abm", 5 },
	};
	const char *line;

	KUNIT_ASSERT_EQ(test, cpu_identify(smp_processor_id(), &ci), 0);
	line = flags_line(&ci);
	KUNIT_ASSERT_EQ(test, strncmp(line, "flags\t\t: fpu", 12), 0);
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
		u32 r[4];

		cpuid(probes[i].leaf, &r[0], &r[1], &r[2], &r[3]);
		bool set = (r[probes[i].reg] >> probes[i].bit) & 1;

		if (has_flag(line, probes[i].name) != set)
			kunit_info(test, "flag %s: CPUID %#x bit %u is %d", probes[i].name,
				   probes[i].leaf, probes[i].bit, set);
		KUNIT_EXPECT_EQ(test, has_flag(line, probes[i].name), set);
	}
	KUNIT_EXPECT_TRUE(test, has_flag(line, "nopl"));        /* every 64-bit CPU, as Linux */
	KUNIT_EXPECT_TRUE(test, has_flag(line, "cpuid"));
}

/* The view: one block per online CPU, numbered in order, each ending with a blank line. */
static void cpuinfo_view_has_a_block_per_online_cpu(struct kunit *test)
{
	struct seq_file m;
	unsigned int cpu, blocks = 0;
	char want[32];

	seq_file_init(&m, buf, sizeof(buf) - 1);
	KUNIT_ASSERT_EQ(test, monitor_exec_seq(&m, "cpuinfo"), 0);
	KUNIT_ASSERT_FALSE(test, seq_has_overflowed(&m));
	buf[m.count] = '\0';
	for (const char *p = buf; (p = strstr(p, "processor\t: ")); p++)
		blocks++;
	KUNIT_EXPECT_EQ(test, blocks, num_online_cpus());
	for_each_online_cpu(cpu) {
		snprintf(want, sizeof(want), "processor\t: %u\n", cpu);
		KUNIT_EXPECT_NOT_NULL(test, strstr(buf, want));
	}
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "power management:\n\n"));
	snprintf(want, sizeof(want), "siblings\t: %u\n", num_online_cpus());
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, want));
}

/* qemu64 (TCG's default CPU): Linux's own lines on the same machine. */
static void cpuinfo_qemu64_prints_what_linux_prints(struct kunit *test)
{
	struct seq_file m;

	KUNIT_ASSERT_EQ(test, cpu_identify(smp_processor_id(), &ci), 0);
	if (strcmp(ci.x86_model_id, QEMU64_MODEL_NAME) || !ci.is_amd ||
	    ci.x86_capability[0] != QEMU64_CPUID1_EDX || !cpu_has(&ci, X86_FEATURE_NX))
		kunit_skip(test, "not qemu64 as Linux saw it (model '%s', leaf 1 EDX %#x, -nx or -pat?)",
			   ci.x86_model_id, ci.x86_capability[0]);
	KUNIT_EXPECT_STREQ(test, flags_line(&ci), QEMU64_LINUX_FLAGS);
	seq_file_init(&m, buf, sizeof(buf) - 1);
	show_cpuinfo_one(&m, &ci, 2);
	buf[m.count] = '\0';
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "vendor_id\t: AuthenticAMD\ncpu family\t: 15\n"
					  "model\t\t: 107\nmodel name\t: " QEMU64_MODEL_NAME "\n"
					  "stepping\t: 1\nmicrocode\t: 0x1000065\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "cache size\t: 512 KB\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "fpu\t\t: yes\nfpu_exception\t: yes\n"
					  "cpuid level\t: 13\nwp\t\t: yes\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "TLB size\t: 1024 4K pages\nclflush size\t: 64\n"
					  "cache_alignment\t: 64\n"
					  "address sizes\t: 40 bits physical, 48 bits virtual\n"
					  "power management:\n\n"));
}

static struct kunit_case cpuinfo_cases[] = {
	KUNIT_CASE(cpuinfo_fields_match_cpuid),
	KUNIT_CASE(cpuinfo_flags_follow_cpuid),
	KUNIT_CASE(cpuinfo_view_has_a_block_per_online_cpu),
	KUNIT_CASE(cpuinfo_qemu64_prints_what_linux_prints),
	{}
};

static struct kunit_suite cpuinfo_suite = {
	.name = "cpuinfo",
	.test_cases = cpuinfo_cases,
};
kunit_test_suite(cpuinfo_suite);
