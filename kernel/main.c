/*
 * start_kernel: the boot sequence, top to bottom (docs/design.md, "Boot flow").
 * Each step logs a line; the order matters and is explained where it is not
 * obvious.
 */
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <drivers/acpi.h>
#include <drivers/fw_cfg.h>
#include <drivers/hpet.h>
#include <drivers/pci.h>
#include <drivers/serial.h>
#include <fs/fs.h>
#include <fs/initramfs.h>
#include <kernel/bench.h>
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/irq.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/monitor.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/time.h>
#include <kernel/tty.h>
#include <mm/e820.h>
#include <mm/mm.h>

#include "init_internal.h"

#define ATLAS_VERSION "0.1"
#define INIT_STACK_SIZE (16 * 1024)

/*
 * The boot CPU's stack (boot/head64.asm switches to it before calling us),
 * with a guard page below it that paging_init leaves unmapped: running off the
 * bottom faults (a double fault, taken on its own IST stack) instead of
 * silently overwriting the data below.
 */
static struct {
	u8 guard[PAGE_SIZE];
	u8 stack[INIT_STACK_SIZE];
} init_stack_area __section(".bss..page_aligned") __aligned(PAGE_SIZE) __used;
/*
 * init_stack_guard is the guard page alone: its size says so, or debuggers
 * would name every address on the stack after it instead of init_stack_area.
 */
__asm__(".globl init_stack_top, init_stack_guard\n"
	".set init_stack_guard, init_stack_area\n"
	".size init_stack_guard, 4096\n"
	".set init_stack_top, init_stack_area + 4096 + 16384");

struct mb2_info boot_info;
phys_addr_t boot_info_phys;

/* The boot page tables' identity map of low memory is needed only to get here. */
static void zap_identity_map(void)
{
	u64 *pml4 = __va(read_cr3() & PAGE_MASK);

	pml4[0] = 0;
	write_cr3(read_cr3());          /* flush the TLB */
}

static void parse_boot_info(u32 magic, phys_addr_t mbi_phys)
{
	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		panic("start_kernel: bad multiboot2 magic %#x", magic);
	boot_info_phys = mbi_phys;
	if (mb2_parse(__va(mbi_phys), MB2_MAX_INFO_SIZE, &boot_info))
		pr_err("multiboot2: using the %u tags before the error\n", boot_info.ntags);
	if (boot_info.bootloader)
		pr_info("Boot loader: %s\n", boot_info.bootloader);
	cmdline_parse(&boot_cmdline, boot_info.cmdline ? boot_info.cmdline : "");
	pr_info("Command line: %s\n", boot_cmdline.raw);
	print_unknown_bootoptions();
	/* e820__memory_setup builds the table from either */
	if (!boot_info.mmap && !boot_info.efi_mmap)
		panic("multiboot2: no memory map from the boot loader (neither tag 6 nor tag 17)");
}

enum system_states system_state = SYSTEM_BOOTING;

void do_initcalls(void)
{
	for (const initcall_t *fn = __initcall_device_start; fn < __initcall_device_end; fn++) {
		int err = (*fn)();

		if (err)
			pr_warn("initcall %ps returned %d\n", *fn, err);
	}
}

void start_kernel(u32 magic, phys_addr_t mbi_phys)
{
	percpu_save_template();         /* before anything writes a per-CPU variable */
	percpu_set_this_cpu(0);         /* GS base: this CPU's per-CPU area */
	tsc_early_init();
	serial_init();
	pr_info("Atlas version " ATLAS_VERSION " (x86-64 teaching kernel)\n");
	gdt_init();                     /* the boot GDT lives in the identity-mapped stub */
	idt_init();
	zap_identity_map();
	parse_boot_info(magic, mbi_phys);
	debug_locks_init();             /* the command line says whether */
	e820__memory_setup(&boot_info);
	tsc_init();
	mm_init();
	serial_claim_resources();       /* now that request_region can kmalloc */
	fw_cfg_init();
	acpi_init();
	setup_per_cpu_areas();          /* the MADT says which CPUs there are */
	sched_init();                   /* this thread: CPU 0's idle task, "swapper/0" */
	idle_tasks_init();              /* one for each AP, before they come up */
	pic_init();
	lapic_init();
	ioapic_init();
	hpet_init();
	pci_init();
	acpi_reserve_resources();       /* after PCI: the blocks nest in the chipset's range */
	tsc_refine_calibration();
	lapic_timer_calibrate();
	pr_info("APIC timer: %lu.%03lu MHz at divide 16 (calibrated against the %s)\n",
		lapic_timer_hz / 1000000, lapic_timer_hz / 1000 % 1000,
		hpet_present() ? "HPET" : "TSC");
	tick_setup_this_cpu();
	local_irq_enable();
	irqs_ready = true;
	serial_enable_rx_interrupt();
	tty_init();                     /* /dev/console, /dev/tty: COM1 for user programs */
	smp_init();
	vfs_caches_init();              /* /, /dev, /proc */
	populate_rootfs();              /* the initramfs GRUB loaded, into / */
	do_initcalls();                 /* the drivers: they bind to their devices */
	system_state = SYSTEM_RUNNING;  /* might_sleep's checks start here */
	rest_init();                    /* PID 1 takes over; this thread idles */
}

/*
 * PID 1's first work (Linux's kernel_init), on CPU 0: the self-tests or the
 * benchmarks when the command line asks (the boot ends with them), else the
 * program rdinit= or init= names, else the monitor.
 */
int kernel_init(void *unused)
{
	(void)unused;
	console_on_rootfs();
	/* as Linux's kunit.shutdown=poweroff: a test boot ends when the tests do */
	if (cmdline_find(&boot_cmdline, "selftest")) {
		if (kunit_run_boot())
			machine_power_off_failed();
		machine_power_off();
	}
	if (cmdline_find(&boot_cmdline, "bench")) {
		if (bench_run_all(cmdline_get(&boot_cmdline, "bench")))
			machine_power_off_failed();
		machine_power_off();
	}
	if (!run_init_from_cmdline()) {
		monitor_start_background();     /* Ctrl-] reaches the monitor */
		return 0;               /* an exec'd init: to user mode */
	}
	monitor_run(cmdline_get(&boot_cmdline, "run"));
}
