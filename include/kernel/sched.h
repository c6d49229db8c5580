/*
 * Sleeping and the context checks around it (Linux's include/linux/kernel.h
 * might_sleep and include/linux/sched/mm.h might_alloc).
 *
 * Atlas's allocators never sleep, but a GFP_KERNEL allocation *may* sleep in
 * Linux, so it is a bug in interrupt context: might_alloc(gfp) reports it
 * once, as Linux's "BUG: sleeping function called from invalid context",
 * and the allocation goes on.  kernel/sched.c has the report.
 */
#ifndef ATLAS_KERNEL_SCHED_H
#define ATLAS_KERNEL_SCHED_H

#include <kernel/compiler.h>
#include <mm/gfp.h>

#ifdef ATLAS_HOST
#define might_sleep() do { } while (0)
#define might_alloc(gfp) do { (void)(gfp); } while (0)
#else
/*
 * Report a call that may sleep from a context that must not (interrupt,
 * interrupts off, spinlock held): Linux's warning, once per FILE:LINE for the
 * boot (kernel/sched.c); the caller goes on.
 */
void __might_sleep(const char *file, int line, unsigned long ip);
#define might_sleep() __might_sleep(__FILE__, __LINE__, _THIS_IP_)

/* Calls from an invalid context since boot, reported or not. */
unsigned long might_sleep_bug_count(void);

/* Whether the call site file:line has printed its report already. */
bool might_sleep_reported(const char *file, int line);

/* Whether gfp allows sleeping (Linux's gfpflags_allow_blocking). */
static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) != 0;
}

#define might_alloc(gfp) do { \
	if (gfpflags_allow_blocking(gfp)) \
		might_sleep(); \
} while (0)
#endif

#endif
