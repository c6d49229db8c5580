/*
 * The HPET, High Precision Event Timer (IA-PC HPET specification 1.0a): a
 * 64-bit counter ticking at a fixed rate (100 MHz on QEMU) and comparators
 * that raise interrupts.  Atlas's reference clock once it is found.
 */
#ifndef ATLAS_DRIVERS_HPET_H
#define ATLAS_DRIVERS_HPET_H

#include <kernel/types.h>

#define HPET_ID        0x000    /* general capabilities and ID */
#define HPET_PERIOD    0x004    /* its upper half: the tick in femtoseconds */
#define HPET_CFG       0x010
#define HPET_STATUS    0x020
#define HPET_COUNTER   0x0f0
#define HPET_Tn_CFG(n) (0x100 + 0x20 * (n))
#define HPET_Tn_CMP(n) (0x108 + 0x20 * (n))

#define HPET_CFG_ENABLE  0x001  /* the main counter runs */
#define HPET_CFG_LEGACY  0x002  /* timer 0 -> IRQ 0, timer 1 -> IRQ 8 */
#define HPET_TN_LEVEL    0x002
#define HPET_TN_ENABLE   0x004
#define HPET_TN_PERIODIC 0x008
#define HPET_TN_PERIODIC_CAP 0x010
#define HPET_TN_SETVAL   0x040
#define HPET_TN_32BIT    0x100

/* Find the HPET (from ACPI), claim and map it, start its counter. */
void hpet_init(void);

/* Whether an HPET is running, and its numbers. */
bool hpet_present(void);
u64 hpet_read_counter(void);
u32 hpet_period_fs(void);
unsigned int hpet_comparators(void);

/* Nanoseconds since the HPET started. */
u64 hpet_ns(void);

/* Timer 0 interrupts hz times a second on ISA IRQ 0 (legacy routing); 0 stops it. */
int hpet_periodic(unsigned int hz);
extern unsigned long hpet_ticks;        /* timer 0 interrupts so far */

#endif
