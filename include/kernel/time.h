/* Time since boot, from the TSC (Intel SDM vol 3B §18.17). */
#ifndef ATLAS_KERNEL_TIME_H
#define ATLAS_KERNEL_TIME_H

#include <kernel/types.h>

#define NSEC_PER_USEC 1000UL
#define NSEC_PER_MSEC 1000000UL
#define NSEC_PER_SEC  1000000000UL

/* Remember the TSC at boot: time 0 of every timestamp. */
void tsc_early_init(void);

/* Measure the TSC against the PIT (Linux's "Fast TSC calibration using PIT"). */
void tsc_init(void);

/* Measure the TSC against the HPET, if there is one (more precise than the PIT). */
void tsc_refine_calibration(void);

/* TSC frequency in kHz, 0 before tsc_init. */
extern unsigned long tsc_khz;

/* Nanoseconds since boot; 0 until the TSC is calibrated (as Linux's early printk). */
u64 local_clock(void);

/* Busy-wait. */
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

#endif
