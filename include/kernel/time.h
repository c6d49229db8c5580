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

/*
 * Measure the TSC against the HPET, more precise than the PIT, in a bounded
 * time.  Returns 0; -ENODEV without an HPET; -EIO if the HPET does not count
 * or cannot be read undisturbed: then the PIT's figure is used again, with
 * Linux's line "HPET/PMTIMER calibration failed. Using PIT calibration.".
 */
int tsc_refine_calibration(void);

/*
 * Linux's tsc_read_refs: the HPET's time in ns into *hpet_ns_out, and the TSC
 * just after, from a reading that took under 1/32 ms of TSC (so nothing
 * interrupted or descheduled the CPU in between); ~0ULL after five
 * disturbed tries.
 */
u64 tsc_read_refs(u64 *hpet_ns_out);

/*
 * Whether a reading bracketed by the TSC reads t1 and t2 was undisturbed:
 * they lie under 1/32 ms apart (Linux's threshold in tsc_read_refs).
 */
bool tsc_reading_undisturbed(u64 t1, u64 t2);

/* TSC frequency in kHz, 0 before tsc_init. */
extern unsigned long tsc_khz;

/* Nanoseconds since boot; 0 until the TSC is calibrated (as Linux's early printk). */
u64 local_clock(void);

/* Busy-wait. */
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

#endif
