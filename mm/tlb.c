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
 *
 * A CPU asleep in its idle loop's hlt is not woken for it (an IPI round trip
 * to a halted virtual CPU costs more than the rest of iounmap): its idle
 * state is moved from IDLE to IDLE_FLUSH with one cmpxchg, and the CPU,
 * whose first act on any interrupt is tlb_leave_idle(), flushes its whole
 * TLB before it runs anything else.  A CPU that woke before the cmpxchg is
 * RUNNING, and gets the IPI.  (Linux keeps idle CPUs out of user-space
 * shootdowns the same way, with its lazy TLB mode.)
 */
#include <asm/hardirq.h>
#include <asm/tlbflush.h>
#include <kernel/smp.h>
#include <mm/pgtable.h>

unsigned long tlb_single_page_flush_ceiling = 33;
bool tlb_debug_skip_remote_flush;
DEFINE_PER_CPU(struct tlb_events, tlb_events);
DEFINE_PER_CPU(int, tlb_idle_state);

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

/* ---- idle CPUs: flushed when they wake ---- */

void tlb_enter_idle(void)
{
	this_cpu_write(tlb_idle_state, TLB_CPU_IDLE);
}

void __tlb_leave_idle(void)
{
	if (xchg(this_cpu_ptr(&tlb_idle_state), TLB_CPU_RUNNING) != TLB_CPU_IDLE_FLUSH)
		return;
	inc_irq_stat(irq_tlb_count);    /* a shootdown, taken late */
	this_cpu_inc(tlb_events.nr_tlb_remote_flush_received);
	this_cpu_inc(tlb_events.nr_tlb_local_flush_all);
	__flush_tlb_all();
}

/* True if cpu is idle and will flush its whole TLB before it runs anything. */
static bool tlb_defer_to_idle(unsigned int cpu)
{
	int *state = per_cpu_ptr(&tlb_idle_state, cpu);
	int old = READ_ONCE(*state);

	if (old == TLB_CPU_IDLE_FLUSH)
		return true;
	return old == TLB_CPU_IDLE && cmpxchg(state, TLB_CPU_IDLE, TLB_CPU_IDLE_FLUSH) == TLB_CPU_IDLE;
}

/* Here first, then on every other online CPU (idle ones when they wake), waiting for them all. */
static void flush_tlb_everywhere(struct flush_tlb_info *f)
{
	unsigned int cpu, me = smp_processor_id();
	struct cpumask ipi = { { 0 } };

	f->initiator = me;
	flush_tlb_func(f);
	if (num_online_cpus() == 1 || READ_ONCE(tlb_debug_skip_remote_flush))
		return;
	/*
	 * The cleared entries must be visible before we look who is idle: a CPU
	 * that wakes after our look flushes, then walks the tables, and must
	 * find them cleared (x86 lets a load pass an earlier store).
	 */
	smp_mb();
	for_each_online_cpu(cpu)
		if (cpu != me && !tlb_defer_to_idle(cpu))
			cpumask_set_cpu(cpu, &ipi);
	if (!cpumask_weight(&ipi))
		return;
	this_cpu_inc(tlb_events.nr_tlb_remote_flush);
	smp_call_function_many(&ipi, flush_tlb_func, f, true);
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
