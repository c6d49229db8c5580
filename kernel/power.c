/*
 * Power off and restart (Linux's kernel/reboot.c, arch/x86/kernel/reboot.c).
 *
 * Power off enters ACPI sleep state S5 (ACPI 6.5 §7.4.2, §16.1.4): write the
 * \_S5 package's SLP_TYPa with SLP_EN to the FADT's PM1a control block (and
 * SLP_TYPb to PM1b, if there is one).  QEMU then exits with status 0.  If that
 * does not work, QEMU's isa-debug-exit device (asm/qemu.h) is the fallback.
 *
 * Restart uses the FADT's reset register when it has one (q35: port 0xcf9),
 * else the keyboard controller's reset line, then port 0xcf9, then a triple
 * fault.
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/qemu.h>
#include <drivers/acpi.h>
#include <errno.h>
#include <kernel/init.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/time.h>

#define KBD_STATUS      0x64
#define KBD_STATUS_IBF  0x02            /* input buffer full: controller busy */
#define KBD_CMD_RESET   0xfe            /* pulse the CPU reset line */
#define RST_CNT         0xcf9           /* PIIX/ICH reset control register */
#define RST_CNT_HARD    0x06            /* full reset + reset CPU */
#define ACPI_SLP_EN     (1U << 13)      /* PM1 control: enter the sleep state */
#define ACPI_SLP_TYP_SHIFT 10           /* SLP_TYP: bits 12:10, three bits */

static void acpi_power_off(void)
{
	const struct acpi_info *acpi = acpi_get_info();
	const struct acpi_fadt_info *f = acpi ? &acpi->fadt : NULL;

	if (!f || !f->has_s5 || !f->pm1a_cnt.address ||
	    f->pm1a_cnt.space_id != ACPI_ADR_SPACE_SYSTEM_IO)
		return;
	if (f->pm1b_cnt.address && f->pm1b_cnt.space_id == ACPI_ADR_SPACE_SYSTEM_IO)
		outw((f->slp_typb & 7) << ACPI_SLP_TYP_SHIFT | ACPI_SLP_EN, f->pm1b_cnt.address);
	outw((f->slp_typa & 7) << ACPI_SLP_TYP_SHIFT | ACPI_SLP_EN, f->pm1a_cnt.address);
	mdelay(100);                    /* the machine should be gone by now */
	pr_err("reboot: ACPI S5 did not power off\n");
}

static void acpi_reset(void)
{
	const struct acpi_info *acpi = acpi_get_info();
	const struct acpi_fadt_info *f = acpi ? &acpi->fadt : NULL;

	if (!f || !f->has_reset || f->reset_reg.space_id != ACPI_ADR_SPACE_SYSTEM_IO)
		return;
	outb(f->reset_value, f->reset_reg.address);
	mdelay(50);
}

void machine_power_off(void)
{
	pr_notice("reboot: Power down\n");
	local_irq_disable();
	smp_send_stop();                /* the other CPUs halt first, as Linux's machine_shutdown */
	acpi_power_off();
	qemu_debug_exit(QEMU_EXIT_POWEROFF);
	pr_emerg("reboot: no way to power off this machine; halted\n");
	for (;;)
		halt();
}

void machine_power_off_failed(void)
{
	pr_notice("reboot: the boot-time run failed\n");
	local_irq_disable();
	qemu_debug_exit(QEMU_EXIT_FAILURE);
	machine_power_off();            /* no isa-debug-exit: not under QEMU */
}

void machine_restart(void)
{
	struct { u16 limit; u64 base; } __attribute__((packed)) no_idt = { 0, 0 };

	pr_notice("reboot: Restarting system\n");
	local_irq_disable();
	smp_send_stop();
	acpi_reset();
	for (int i = 0; i < 1000 && (inb(KBD_STATUS) & KBD_STATUS_IBF); i++)
		udelay(10);
	outb(KBD_CMD_RESET, KBD_STATUS);
	mdelay(50);
	outb(RST_CNT_HARD, RST_CNT);
	mdelay(50);
	/* an empty IDT turns the next exception into a triple fault: a reset */
	__asm__ volatile("lidt %0; int3" : : "m"(no_idt));
	for (;;)
		halt();
}

static int poweroff_cmd(struct seq_file *m, int argc, char **argv)
{
	if (argc != 1)
		return -EINVAL;
	machine_power_off();
}
MONITOR_CMD(poweroff, "", "power the machine off (ends QEMU)", poweroff_cmd);

static int reboot_cmd(struct seq_file *m, int argc, char **argv)
{
	if (argc != 1)
		return -EINVAL;
	machine_restart();
}
MONITOR_CMD(reboot, "", "restart the machine", reboot_cmd);
