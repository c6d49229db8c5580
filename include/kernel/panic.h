/* Stopping the kernel, and complaining without stopping (Linux's panic, BUG, WARN). */
#ifndef ATLAS_KERNEL_PANIC_H
#define ATLAS_KERNEL_PANIC_H

#include <kernel/compiler.h>
#include <kernel/printk.h>

/*
 * Print "Kernel panic - not syncing: <message>" with a stack trace and stop.
 * Under QEMU (scripts/qemu.py) this also ends QEMU with the panic status.
 */
__noreturn __printf(1, 2) void panic(const char *fmt, ...);

/* Print the current call stack ("Call Trace:" lines). */
void dump_stack(void);

#define BUG() panic("kernel BUG at %s:%d!", __FILE__, __LINE__)
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)

/* A warning with a stack trace; returns the condition, as Linux's WARN_ON. */
#define WARN_ON(cond) ({ \
	bool __c = !!(cond); \
	if (unlikely(__c)) { \
		printk(KERN_WARNING "WARNING: %s:%d %s\n", __FILE__, __LINE__, #cond); \
		dump_stack(); \
	} \
	__c; })

#endif
