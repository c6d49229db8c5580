/* Memory management at boot, and the numbers meminfo shows. */
#ifndef ATLAS_MM_MM_H
#define ATLAS_MM_MM_H

#include <kernel/compiler.h>
#include <kernel/kernel.h>
#include <kernel/irqflags.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/types.h>

/*
 * The allocators' locks.  Every CPU allocates, and so may an interrupt
 * handler (GFP_ATOMIC), so shared allocator state is guarded by a spinlock
 * taken with interrupts off on this CPU (spin_lock_irqsave): the zone's free
 * lists (zone->lock), a cache's partial slabs (kmem_cache_node.list_lock),
 * the vmalloc areas (vmap_area_lock).  The fast paths take none of them:
 * per-CPU page lists with this CPU's interrupts off, per-CPU slabs with one
 * cmpxchg16b (mm/slab.h).
 *
 * mm_debug_nolock (a kernel parameter, for the stress test's demonstration
 * only, never in a normal run) makes mm_spin_lock*() skip the lock, keeping
 * only this CPU's interrupts off, and the slab fast path use plain loads and
 * stores instead of cmpxchg16b: with two CPUs allocating, the free lists
 * break, and the stress suite (tests/mm_stress.c) says so.
 */
extern bool mm_debug_nolock;

#define mm_spin_lock_irqsave(lock, flags) do { \
	local_irq_save(flags); \
	if (likely(!mm_debug_nolock)) \
		spin_lock(lock); \
} while (0)
#define mm_spin_unlock_irqrestore(lock, flags) do { \
	if (likely(!mm_debug_nolock)) \
		spin_unlock(lock); \
	local_irq_restore(flags); \
} while (0)
/* With this CPU's interrupts already off. */
#define mm_spin_lock(lock) do { if (likely(!mm_debug_nolock)) spin_lock(lock); } while (0)
#define mm_spin_unlock(lock) do { if (likely(!mm_debug_nolock)) spin_unlock(lock); } while (0)

/*
 * The context checks of a possibly sleeping allocation (might_alloc: a
 * GFP_KERNEL one in an interrupt handler prints Linux's "BUG: sleeping
 * function called from invalid context"), when lock debugging is on
 * (selftest), as Linux runs them only with CONFIG_DEBUG_ATOMIC_SLEEP, and
 * not while the boot still runs with interrupts off (SYSTEM_BOOTING); one
 * load of a flag otherwise, on the allocators' fast paths.
 */
#define mm_might_alloc(gfp) do { \
	if (unlikely(debug_locks) && system_state == SYSTEM_RUNNING) \
		might_alloc(gfp); \
} while (0)

/* memblock, the final page tables, zones and the buddy allocator, in order. */
void mm_init(void);

/* How long mm_init took (the bench "boot" case prints it). */
extern u64 mm_init_ns;

/* Set up the zones and hand every free memblock range to the buddy allocator. */
void mem_init(void);

/* Pages given to the buddy allocator, and of those, free now. */
unsigned long totalram_pages(void);
/* Give reserved boot memory [start, end) back to the buddy allocator (Linux's). */
unsigned long free_reserved_area(phys_addr_t start, phys_addr_t end, const char *s);
unsigned long nr_free_pages(void);

/*
 * How the direct map maps RAM, in bytes mapped by 4 KiB, 2 MiB and 1 GiB pages
 * (bytes[0..2]; walks the tables): meminfo's DirectMap lines.
 */
void direct_map_sizes(unsigned long bytes[4]);

#endif
