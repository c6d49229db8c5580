/*
 * Flushing kernel translations from every CPU's TLB (Linux's
 * arch/x86/include/asm/tlbflush.h, for the kernel's half only).
 *
 * Each CPU caches translations in its own TLB; changing or removing a page
 * table entry does not reach them.  A kernel mapping that goes away (vfree's
 * purge, iounmap) or changes must be flushed on every CPU before its address
 * or its page is used again: flush_tlb_kernel_range() flushes here, then
 * sends every other online CPU an IPI to do the same and waits for all of
 * them (a TLB shootdown).  Call with interrupts on.
 */
#ifndef ATLAS_ASM_TLBFLUSH_H
#define ATLAS_ASM_TLBFLUSH_H

#include <asm/pgtable.h>
#include <kernel/percpu.h>
#include <kernel/types.h>

#define TLB_FLUSH_ALL (~0UL)

/*
 * A range of more pages than this is flushed whole rather than page by page
 * (Linux's tlb_single_page_flush_ceiling: 33, where invlpg of each page
 * stops being cheaper than refilling the whole TLB).
 */
extern unsigned long tlb_single_page_flush_ceiling;

/* Flush [start, end) of the kernel's addresses from every online CPU's TLB, and wait. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

/* Flush every translation, global ones included, from every online CPU's TLB, and wait. */
void flush_tlb_all(void);

/* This CPU only: one page (Linux's flush_tlb_one_kernel). */
static inline void flush_tlb_one_kernel(unsigned long addr)
{
	__flush_tlb_one(addr);
}

/*
 * Per-CPU counts of flushes (Linux's vm events of the same names, as in
 * /proc/vmstat's nr_tlb_*): flushes this CPU did of its own TLB, whole or by
 * page; shootdowns it started; and shootdowns it took for other CPUs (also
 * the TLB row of /proc/interrupts).
 */
struct tlb_events {
	unsigned long nr_tlb_local_flush_all;
	unsigned long nr_tlb_local_flush_one;
	unsigned long nr_tlb_remote_flush;
	unsigned long nr_tlb_remote_flush_received;
};
DECLARE_PER_CPU(struct tlb_events, tlb_events);

/*
 * Debugging the shootdown: while true, flush_tlb_kernel_range and
 * flush_tlb_all flush this CPU only.  The tlb suite sets it for one case, to
 * show that its stale-read detector sees what a missing shootdown does.
 */
extern bool tlb_debug_skip_remote_flush;

#endif
