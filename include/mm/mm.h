/* Memory management at boot, and the numbers meminfo shows. */
#ifndef ATLAS_MM_MM_H
#define ATLAS_MM_MM_H

#include <kernel/compiler.h>
#include <kernel/irq.h>
#include <kernel/types.h>

/*
 * The allocators' critical sections (page allocator, slab, vmalloc).  Atlas
 * runs on one CPU and its interrupt handlers never allocate or free memory, so
 * nothing can interleave with an allocator: no lock is needed, and interrupts
 * stay on (switching them off and on costs more than an allocation under
 * QEMU's TCG, where each "sti" ends a translated block).  An allocator entered
 * from an interrupt handler breaks that rule: the kernel stops, saying so,
 * rather than corrupt a free list.  (Linux allows GFP_ATOMIC allocations in
 * interrupts, at the price of disabling them around every allocation.)
 */
__noreturn void mm_lock_in_interrupt(unsigned long caller);

static __always_inline unsigned long mm_lock(void)
{
#ifndef ATLAS_HOST                      /* the host tests have no interrupts */
	if (unlikely(in_interrupt()))
		mm_lock_in_interrupt(_RET_IP_);
#endif
	return 0;
}

static __always_inline void mm_unlock(unsigned long flags)
{
	(void)flags;
}

/* memblock, the final page tables, zones and the buddy allocator, in order. */
void mm_init(void);

/* How long mm_init took (the bench "boot" case prints it). */
extern u64 mm_init_ns;

/* Set up the zones and hand every free memblock range to the buddy allocator. */
void mem_init(void);

/* Pages given to the buddy allocator, and of those, free now. */
unsigned long totalram_pages(void);
unsigned long nr_free_pages(void);

#endif
