/*
 * The HPET, High Precision Event Timer (IA-PC HPET specification 1.0a): a
 * 64-bit counter ticking at a fixed rate (100 MHz on QEMU) and comparators
 * that raise interrupts.  Atlas's reference clock once it is found.  The
 * register and bit names are Linux's (arch/x86/include/asm/hpet.h).
 */
#ifndef ATLAS_DRIVERS_HPET_H
#define ATLAS_DRIVERS_HPET_H

#include <kernel/types.h>

#define HPET_MMAP_SIZE 1024             /* the register block (spec §2.3.1) */

/* Registers: offsets in the block (spec table 2). */
#define HPET_ID        0x000    /* general capabilities and ID (low 32 bits) */
#define HPET_PERIOD    0x004    /* the counter's tick in femtoseconds (high 32 bits) */
#define HPET_CFG       0x010    /* general configuration */
#define HPET_STATUS    0x020    /* general interrupt status */
#define HPET_COUNTER   0x0f0    /* the main counter */
#define HPET_Tn_CFG(n) (0x100 + 0x20 * (n))    /* timer n's configuration and capabilities */
#define HPET_Tn_CMP(n) (0x108 + 0x20 * (n))    /* timer n's comparator */

/* HPET_ID fields */
#define HPET_ID_REV          0x000000ff
#define HPET_ID_NUMBER       0x00001f00 /* the number of the last timer */
#define HPET_ID_NUMBER_SHIFT 8
#define HPET_ID_64BIT        0x00002000 /* the main counter has 64 bits */
#define HPET_ID_LEGSUP       0x00008000 /* capable of legacy replacement routing */
#define HPET_ID_VENDOR       0xffff0000
#define HPET_ID_VENDOR_SHIFT 16

/* HPET_CFG bits */
#define HPET_CFG_ENABLE  0x001  /* ENABLE_CNF: the main counter runs, timers may interrupt */
#define HPET_CFG_LEGACY  0x002  /* LEG_RT_CNF: timer 0 -> IRQ 0, timer 1 -> IRQ 8 */

/* HPET_Tn_CFG bits */
#define HPET_TN_LEVEL        0x002      /* level-triggered (else edge) */
#define HPET_TN_ENABLE       0x004      /* the timer may interrupt */
#define HPET_TN_PERIODIC     0x008      /* periodic (else one-shot) */
#define HPET_TN_PERIODIC_CAP 0x010      /* read-only: periodic mode exists */
#define HPET_TN_SETVAL       0x040      /* the next comparator write sets the accumulator */
#define HPET_TN_32BIT        0x100      /* run the timer as a 32-bit one */

/*
 * The tick must lie between 0.1 ns and 100 ns: the spec's upper limit, and
 * Linux's lower one (a 32-bit counter must not wrap in under half a second).
 */
#define HPET_MIN_PERIOD 100000UL
#define HPET_MAX_PERIOD 100000000UL

/*
 * Find the HPET (from ACPI), enter its range in iomem as "HPET 0", claim it,
 * map it and start its counter; if the counter does not count, say so and
 * leave the HPET unused (hpet_present() is then false).
 */
void hpet_init(void);

/* Whether an HPET is running, and its numbers. */
bool hpet_present(void);
u64 hpet_read_counter(void);
u32 hpet_period_fs(void);
unsigned int hpet_comparators(void);

/*
 * Timer n's comparator: the counter value of its next interrupt (in periodic
 * mode the HPET adds the period to it at each one).  Only when present.
 */
/*
 * Run fn (NULL: nothing) in the periodic timer's interrupt handler, after
 * hpet_ticks is counted: for tests that need work done in interrupt
 * context, such as GFP_ATOMIC allocations (tests/mm_stress.c).
 */
void hpet_set_tick_hook(void (*fn)(void));
u64 hpet_read_comparator(unsigned int n);

/* Nanoseconds since the HPET started. */
u64 hpet_ns(void);

/*
 * Whether the main counter moves: true as soon as two reads differ, false
 * if it stands still for 200,000 TSC cycles (Linux's hpet_counting(), which
 * restarts the counter first; this one only looks).  False without an HPET.
 */
bool hpet_counting(void);

/* Stop or start the main counter (clear or set ENABLE_CNF); no-ops without an HPET. */
void hpet_stop_counter(void);
void hpet_start_counter(void);

/*
 * Timer 0 interrupts hz times a second on ISA IRQ 0 (legacy routing); 0
 * stops it.  Returns 0, -ENODEV without an HPET, -EBUSY if IRQ 0 is taken,
 * -EINVAL if hz is beyond what the counter can divide.
 */
int hpet_periodic(unsigned int hz);
extern unsigned long hpet_ticks;        /* timer 0 interrupts so far */

#endif
