/*
 * TLB shootdown for kernel mappings (Linux's arch/x86/mm/tlb.c:
 * flush_tlb_kernel_range, flush_tlb_all, do_kernel_range_flush).
 *
 *   CPU 0: vfree's purge, iounmap           CPU 1, CPU 2, ...
 *   clear the PTEs
 *   flush_tlb_kernel_range(start, end)
 *     invlpg each page here (or a full flush above the ceiling)
 *     smp_call_function(flush, wait) ------> CALL_FUNCTION IPI (CAL, TLB counts)
 *                                             invlpg each page (or full flush)
 *     waits for every CPU  <---------------- done
 *   the range and its pages may be reused
 *
 * Until the wait ends, another CPU may still read or write through the old
 * translation: that is why the free of the range (and of its page tables)
 * comes after the call, never before.
 */
#include <asm/hardirq.h>
#include <asm/tlbflush.h>
#include <kernel/smp.h>
#include <mm/pgtable.h>

unsigned long tlb_single_page_flush_ceiling = 33;
bool tlb_debug_skip_remote_flush;
DEFINE_PER_CPU(struct tlb_events, tlb_events);

struct flush_tlb_info {
	unsigned long start, end;       /* page aligned; end == TLB_FLUSH_ALL: everything */
	unsigned int initiator;         /* the CPU that asked */
};

/* Flush f's range from this CPU's TLB. */
static void flush_tlb_func(void *info)
{
	const struct flush_tlb_info *f = info;

	if (smp_processor_id() != f->initiator) {
		inc_irq_stat(irq_tlb_count);
		this_cpu_inc(tlb_events.nr_tlb_remote_flush_received);
	}
	if (f->end == TLB_FLUSH_ALL) {
		this_cpu_inc(tlb_events.nr_tlb_local_flush_all);
		__flush_tlb_all();
		return;
	}
	for (unsigned long addr = f->start; addr < f->end; addr += PAGE_SIZE) {
		this_cpu_inc(tlb_events.nr_tlb_local_flush_one);
		flush_tlb_one_kernel(addr);
	}
}

/* Here first, then on every other online CPU, waiting for them all. */
static void flush_tlb_everywhere(struct flush_tlb_info *f)
{
	f->initiator = smp_processor_id();
	flush_tlb_func(f);
	if (num_online_cpus() == 1 || READ_ONCE(tlb_debug_skip_remote_flush))
		return;
	this_cpu_inc(tlb_events.nr_tlb_remote_flush);
	smp_call_function(flush_tlb_func, f, 1);
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	struct flush_tlb_info f = { .start = start & PAGE_MASK, .end = end };

	if (end <= start)
		return;
	if (end == TLB_FLUSH_ALL || end - f.start > tlb_single_page_flush_ceiling << PAGE_SHIFT)
		f.end = TLB_FLUSH_ALL;
	flush_tlb_everywhere(&f);
}

void flush_tlb_all(void)
{
	struct flush_tlb_info f = { .start = 0, .end = TLB_FLUSH_ALL };

	flush_tlb_everywhere(&f);
}
