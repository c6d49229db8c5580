/*
 * Host tests of kernel/smpboot_map.c: the MADT's CPUs numbered as Linux's
 * generic_processor_info and prefill_possible_map do (boot CPU first, table
 * order, disabled entries as hotplug CPUs, nr_cpus= limiting), Linux's
 * announce_cpu spacing, impress_friends' BogoMIPS, and the INIT delay quirk.
 */
#include <string.h>

#include <asm/smp.h>
#include <drivers/acpi.h>

#include "../../kernel/smpboot_internal.h"
#include "hosttest.h"

static void add_cpu(struct acpi_info *info, u32 apic_id, bool enabled)
{
	struct acpi_cpu *c = &info->cpus[info->nr_cpus++];

	c->acpi_id = info->nr_cpus - 1;
	c->apic_id = apic_id;
	c->flags = enabled ? ACPI_MADT_ENABLED : 0;
}

TEST(smp_map_numbers_the_boot_cpu_first_then_table_order)
{
	static struct acpi_info info;
	struct smp_cpu_map map;

	memset(&info, 0, sizeof(info));
	info.madt_present = true;
	for (u32 id = 0; id < 4; id++)
		add_cpu(&info, id, true);
	smp_build_cpu_map(&info, 2, 0, &map);       /* booted on APIC ID 2 */
	CHECK_EQ_INT(map.present, 4);
	CHECK_EQ_INT(map.possible, 4);
	CHECK_EQ_INT(map.disabled, 0);
	CHECK_EQ_INT(map.apicid[0], 2);
	CHECK_EQ_INT(map.apicid[1], 0);
	CHECK_EQ_INT(map.apicid[2], 1);
	CHECK_EQ_INT(map.apicid[3], 3);
	CHECK_EQ_U64(map.apicid[4], BAD_APICID);
}

TEST(smp_map_counts_disabled_entries_as_hotplug_cpus)
{
	static struct acpi_info info;
	struct smp_cpu_map map;

	memset(&info, 0, sizeof(info));
	add_cpu(&info, 0, true);
	add_cpu(&info, 1, true);
	add_cpu(&info, 2, false);                   /* QEMU -smp 2,maxcpus=4 */
	add_cpu(&info, 3, false);
	smp_build_cpu_map(&info, 0, 0, &map);
	CHECK_EQ_INT(map.present, 2);
	CHECK_EQ_INT(map.disabled, 2);
	CHECK_EQ_INT(map.possible, 4);              /* "Allowing 4 CPUs, 2 hotplug CPUs" */
	CHECK_EQ_U64(map.apicid[2], BAD_APICID);
}

TEST(smp_map_nr_cpus_limits_and_says_so_as_linux)
{
	static struct acpi_info info;
	struct smp_cpu_map map;

	memset(&info, 0, sizeof(info));
	for (u32 id = 0; id < 4; id++)
		add_cpu(&info, id * 2, true);       /* APIC IDs 0 2 4 6 */
	add_cpu(&info, 8, false);
	printk_capture_reset();
	smp_build_cpu_map(&info, 0, 3, &map);
	CHECK_STR(printk_capture(),
		  "APIC: NR_CPUS/possible_cpus limit of 3 reached. Processor 3/0x6 ignored.\n");
	CHECK_EQ_INT(map.present, 3);
	CHECK_EQ_INT(map.possible, 3);              /* the hotplug entry does not fit either */
	CHECK_EQ_INT(map.apicid[2], 4);
	printk_capture_reset();
	smp_build_cpu_map(NULL, 5, 0, &map);        /* no MADT: the boot CPU alone */
	CHECK_EQ_INT(map.possible, 1);
	CHECK_EQ_INT(map.apicid[0], 5);
	CHECK_STR(printk_capture(), "");
}

/* Linux 6.1 on QEMU -smp 2: ".... node  #0, CPUs:      #1" (six spaces). */
TEST(smp_announce_has_linux_spacing)
{
	char line[256] = "";
	char buf[64];

	smp_format_announce(buf, sizeof(buf), 2, 1);
	CHECK_STR(buf, ".... node  #0, CPUs:      #1");
	for (unsigned int cpu = 1; cpu < 4; cpu++) {
		smp_format_announce(buf, sizeof(buf), 4, cpu);
		strcat(line, buf);
	}
	CHECK_STR(line, ".... node  #0, CPUs:      #1 #2 #3");
	line[0] = 0;
	for (unsigned int cpu = 1; cpu < 12; cpu++) {
		smp_format_announce(buf, sizeof(buf), 12, cpu);
		strcat(line, buf);
	}
	CHECK_STR(line, ".... node  #0, CPUs:        #1  #2  #3  #4  #5  #6  #7  #8  #9 #10 #11");
	CHECK_EQ_INT(smp_format_announce(buf, 4, 4, 1), 28);       /* truncated: snprintf's count */
	CHECK_STR(buf, "...");
}

TEST(smp_bogomips_as_impress_friends)
{
	char buf[32];

	/* Linux: 2 CPUs at lpj 9196290 together: "9196.29"; HZ=250, so 2000 lpj per BogoMIPS */
	smp_format_bogomips(buf, sizeof(buf), 18392580UL);
	CHECK_STR(buf, "9196.29");
	smp_format_bogomips(buf, sizeof(buf), 4UL * 2600000);     /* one CPU, tsc_khz 2600000 */
	CHECK_STR(buf, "5200.00");
	smp_format_bogomips(buf, sizeof(buf), 19);
	CHECK_STR(buf, "0.00");
}

TEST(smp_init_udelay_skips_the_delay_on_modern_cpus)
{
	CHECK_EQ_INT(smp_init_udelay(0x68747541, 0x00060fb1), 0);      /* QEMU qemu64: AMD 0xf */
	CHECK_EQ_INT(smp_init_udelay(0x68747541, 0x00a00f11), 0);      /* AMD 0x19 */
	CHECK_EQ_INT(smp_init_udelay(0x756e6547, 0x000906ea), 0);      /* Intel family 6 */
	CHECK_EQ_INT(smp_init_udelay(0x756e6547, 0x00000f29), 10000);  /* Pentium 4: family 0xf */
	CHECK_EQ_INT(smp_init_udelay(0x68747541, 0x00000663), 10000);  /* AMD family 6 (K7) */
	CHECK_EQ_INT(smp_init_udelay(0x746e6543, 0x000006fd), 10000);  /* Centaur */
}
