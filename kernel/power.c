/*
 * Power off and restart.  Until the ACPI driver can enter S5, power-off uses
 * QEMU's isa-debug-exit device (see asm/qemu.h); restart pulses the CPU reset
 * line through the keyboard controller, then port 0xcf9, then triple-faults,
 * as Linux's reboot fallbacks (arch/x86/kernel/reboot.c).
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/qemu.h>
#include <kernel/init.h>
#include <kernel/printk.h>
#include <kernel/time.h>

#define KBD_STATUS      0x64
#define KBD_STATUS_IBF  0x02            /* input buffer full: controller busy */
#define KBD_CMD_RESET   0xfe            /* pulse the CPU reset line */
#define RST_CNT         0xcf9           /* PIIX/ICH reset control register */
#define RST_CNT_HARD    0x06            /* full reset + reset CPU */

void machine_power_off(void)
{
	pr_notice("reboot: Power down\n");
	local_irq_disable();
	qemu_debug_exit(QEMU_EXIT_POWEROFF);
	pr_emerg("reboot: no way to power off this machine; halted\n");
	for (;;)
		halt();
}

void machine_restart(void)
{
	struct { u16 limit; u64 base; } __attribute__((packed)) no_idt = { 0, 0 };

	pr_notice("reboot: Restarting system\n");
	local_irq_disable();
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
