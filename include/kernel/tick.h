/*
 * The periodic tick: each CPU's local APIC timer interrupts it HZ times a
 * second (Linux's tick-common.c with CONFIG_HZ=250, as Debian's kernel).
 */
#ifndef ATLAS_KERNEL_TICK_H
#define ATLAS_KERNEL_TICK_H

#define HZ 250

/* Start this CPU's tick (the boot CPU from start_kernel, each AP as it comes up). */
void tick_setup_this_cpu(void);

#endif
