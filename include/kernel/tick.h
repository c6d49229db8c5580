/*
 * The periodic tick: each CPU's local APIC timer interrupts it HZ times a
 * second (Linux's tick-common.c with CONFIG_HZ=250, as Debian's kernel).
 */
#ifndef ATLAS_KERNEL_TICK_H
#define ATLAS_KERNEL_TICK_H

#include <kernel/types.h>

#define HZ 250

/* Ticks since the boot CPU's tick started (Linux's jiffies_64): read with READ_ONCE. */
extern u64 jiffies;

/*
 * Start (or restart, after a test reprogrammed the timer) this CPU's tick:
 * its local APIC timer in periodic mode at HZ.  The boot CPU calls it from
 * start_kernel, each AP as it comes up.
 */
void tick_setup_this_cpu(void);

#endif
