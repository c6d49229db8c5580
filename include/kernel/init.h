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

#endif
