/* Boot: start_kernel and what it hands over to. */
#ifndef ATLAS_KERNEL_INIT_H
#define ATLAS_KERNEL_INIT_H

#include <kernel/multiboot2.h>
#include <kernel/types.h>

/* Called by boot/head.asm in long mode: magic from EAX, physical address from EBX. */
void start_kernel(u32 magic, phys_addr_t mbi_phys);

/* The unmapped page below the boot CPU's stack (kernel/main.c). */
extern u8 init_stack_guard[];

/* What GRUB told us, parsed (pointers into the boot information), and where it lies. */
extern struct mb2_info boot_info;
extern phys_addr_t boot_info_phys;

/* Leave QEMU / the machine: ACPI later, QEMU's debug-exit for now. */
__attribute__((noreturn)) void machine_power_off(void);
/* End a boot-time run (selftest, bench) that failed: QEMU exits with QEMU_EXIT_FAILURE. */
__attribute__((noreturn)) void machine_power_off_failed(void);
__attribute__((noreturn)) void machine_restart(void);

/*
 * Linux's device_initcall: fn runs once at boot, after the VFS, /proc and
 * /sys are up and before PID 1 starts, in link order (the Makefile's object
 * order).  Drivers register here (pci_register_driver), so that their
 * devices appear in /sys as they bind.  A non-zero return is logged.
 */
typedef int (*initcall_t)(void);
extern const initcall_t __initcall_device_start[], __initcall_device_end[];
#define __INITCALL_ID(line) __initcall_device_##line
#define __DEVICE_INITCALL(fn, line) \
	static const initcall_t __INITCALL_ID(line) \
	__attribute__((section(".initcall_device"), used, aligned(8))) = fn
#define device_initcall(fn) __DEVICE_INITCALL(fn, __LINE__)

/* Run every device_initcall (kernel/main.c, once). */
void do_initcalls(void);

#endif
