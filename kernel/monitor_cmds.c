/*
 * The monitor's core commands: dmesg, cmdline, e820, selftest, crash,
 * poweroff, reboot.  Subsystems add their own commands in their own files.
 */
#include <asm/page.h>
#include <errno.h>
#include <kernel/bench.h>
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/traps.h>
#include <mm/e820.h>

static int usage(char **argv, const char *args)
{
	mprintf("usage: %s %s\n", argv[0], args);
	return -EINVAL;
}

static int cmd_dmesg(int argc, char **argv)
{
	if (argc != 1)
		return usage(argv, "");
	log_buf_dump();
	return 0;
}
MONITOR_CMD(dmesg, "", "print the kernel log", cmd_dmesg);

static int cmd_cmdline(int argc, char **argv)
{
	if (argc != 1)
		return usage(argv, "");
	mprintf("%s\n", boot_cmdline.raw);
	for (unsigned int i = 0; i < boot_cmdline.nparams; i++) {
		const struct cmdline_param *p = &boot_cmdline.params[i];

		if (p->val)
			mprintf("  %s = \"%s\"\n", p->key, p->val);
		else
			mprintf("  %s\n", p->key);
	}
	return 0;
}
MONITOR_CMD(cmdline, "", "show the kernel command line and its parameters", cmd_cmdline);

static int cmd_e820(int argc, char **argv)
{
	char line[96];

	if (argc != 1)
		return usage(argv, "");
	for (u32 i = 0; i < e820_table_firmware.nr_entries; i++) {
		e820_format_entry(line, sizeof(line), "BIOS-e820", &e820_table_firmware.entries[i]);
		mprintf("%s\n", line);
	}
	return 0;
}
MONITOR_CMD(e820, "", "the firmware memory map, as Linux prints it", cmd_e820);

static int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		mprintf("%s%s", argv[i], i + 1 < argc ? " " : "");
	mprintf("\n");
	return 0;
}
MONITOR_CMD(echo, "[WORDS]", "print the words (for scripts)", cmd_echo);

static void print_suite(const char *name, int ncases)
{
	mprintf("  %-12s %d cases\n", name, ncases);
}

static int cmd_selftest(int argc, char **argv)
{
	if (argc > 2)
		return usage(argv, "[SUITE[,SUITE...]|list]");
	if (argc == 2 && !strcmp(argv[1], "list")) {
		kunit_list_suites(print_suite);
		return 0;
	}
	if (argc == 2) {
		char list[MONITOR_LINE_MAX], *p = list, *name;

		strscpy(list, argv[1], sizeof(list));
		while ((name = p) != NULL) {
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
			if (!kunit_suite_exists(name)) {
				mprintf("selftest: no suite named '%s' (try 'selftest list')\n", name);
				return -ENOENT;
			}
		}
	}
	return kunit_run_all(argc == 2 ? argv[1] : NULL) ? -EIO : 0;
}
MONITOR_CMD(selftest, "[SUITE,...|list]", "run the self-tests (KTAP output)", cmd_selftest);

/* Deliberate faults, each caught so that the monitor goes on (Linux's lkdtm). */
static void crash_null(void *arg)
{
	volatile int *p = NULL;

	(void)*p;
}

static void crash_unmapped(void *arg)
{
	(void)*(volatile u64 *)(VMALLOC_END & PAGE_MASK);   /* first fit never gets there */
}

static void crash_gp(void *arg)
{
	/* a non-canonical address: bits 63..47 not all equal */
	(void)*(volatile u64 *)0x8000000000000000UL;
}

static void crash_ud(void *arg)
{
	__asm__ volatile("ud2");
}

static void crash_div0(void *arg)
{
	u32 x = 1;

	/* in assembly: C's division by zero is undefined, the compiler may drop it */
	__asm__ volatile("xorl %%edx, %%edx; divl %1" : "+a"(x) : "r"(0) : "edx");
}

static const struct {
	const char *name;
	void (*fn)(void *);
	const char *what;
} crashes[] = {
	{ "null", crash_null, "read through a NULL pointer" },
	{ "unmapped", crash_unmapped, "read an unmapped kernel address" },
	{ "gp", crash_gp, "read a non-canonical address (#GP)" },
	{ "ud", crash_ud, "execute ud2 (#UD)" },
	{ "div0", crash_div0, "divide by zero (#DE)" },
};

static int cmd_crash(int argc, char **argv)
{
	for (size_t i = 0; argc == 2 && i < ARRAY_SIZE(crashes); i++) {
		if (strcmp(argv[1], crashes[i].name))
			continue;
		mprintf("crash: %s; the oops follows, then the monitor goes on\n", crashes[i].what);
		if (!try_catch_fault(crashes[i].fn, NULL, NULL, true))
			mprintf("crash: %s did not fault\n", crashes[i].name);
		return 0;
	}
	mprintf("usage: crash TYPE, where TYPE is one of:\n");
	for (size_t i = 0; i < ARRAY_SIZE(crashes); i++)
		mprintf("  %-11s %s\n", crashes[i].name, crashes[i].what);
	return -EINVAL;
}
MONITOR_CMD(crash, "TYPE", "fault on purpose and show the oops", cmd_crash);

static int cmd_bench(int argc, char **argv)
{
	if (argc > 2)
		return usage(argv, "[NAME-FILTER]");
	bench_run_all(argc == 2 ? argv[1] : NULL);
	return 0;
}
MONITOR_CMD(bench, "[FILTER]", "run the benchmarks (BENCH lines)", cmd_bench);

static int cmd_poweroff(int argc, char **argv)
{
	machine_power_off();
}
MONITOR_CMD(poweroff, "", "power the machine off (ends QEMU)", cmd_poweroff);

static int cmd_reboot(int argc, char **argv)
{
	machine_restart();
}
MONITOR_CMD(reboot, "", "restart the machine", cmd_reboot);
