/*
 * QEMU's isa-debug-exit device (hw/misc/debugexit.c): writing V to its port
 * ends QEMU with exit status (V << 1) | 1, so no value can mean 0 by accident
 * (the idea is blog_os's).  scripts/qemu.py adds the device and maps the
 * statuses back: poweroff -> 0, panic -> "kernel panic", boot failure -> its message.
 * Without the device (real hardware, make debug) the write does nothing.
 */
#ifndef ATLAS_ASM_QEMU_H
#define ATLAS_ASM_QEMU_H

#include <asm/io.h>

#define QEMU_DEBUG_EXIT_PORT   0xf4
#define QEMU_EXIT_BOOT_FAILED  0x03    /* status 7, written by boot/head.asm */
#define QEMU_EXIT_POWEROFF     0x10    /* status 33 */
#define QEMU_EXIT_PANIC        0x11    /* status 35 */
#define QEMU_EXIT_FAILURE      0x12    /* status 37: a selftest= or bench= boot failed */

static inline void qemu_debug_exit(u8 code)
{
	outb(code, QEMU_DEBUG_EXIT_PORT);
}

#endif
