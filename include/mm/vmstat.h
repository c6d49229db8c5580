/*
 * System-wide page counts that /proc/meminfo prints (Linux's node_stat_item
 * and global_node_page_state, one node): each is kept where its pages come
 * and go, atomically, so any CPU may change it.
 */
#ifndef ATLAS_MM_VMSTAT_H
#define ATLAS_MM_VMSTAT_H

#include <asm/atomic.h>

enum node_stat_item {
	NR_ANON_MAPPED,         /* anonymous pages mapped into processes (per mapping) */
	NR_FILE_PAGES,          /* pages holding file data (ramfs: the initramfs and files made since) */
	NR_SHMEM,               /* of those, memory-backed ones (ramfs, as Linux's tmpfs rootfs) */
	NR_SLAB_UNRECLAIMABLE,  /* pages the slab allocator holds */
	NR_KERNEL_STACK_KB,     /* tasks' kernel stacks, in KiB */
	NR_VM_NODE_STAT_ITEMS
};

extern atomic_long_t vm_node_stat[NR_VM_NODE_STAT_ITEMS];

/* Add delta (pages, or KiB for NR_KERNEL_STACK_KB) to item. */
static inline void mod_node_page_state(enum node_stat_item item, long delta)
{
	atomic_long_add(delta, &vm_node_stat[item]);
}

/* The count now (never negative, as Linux's). */
static inline unsigned long global_node_page_state(enum node_stat_item item)
{
	long x = atomic_long_read(&vm_node_stat[item]);

	return x < 0 ? 0 : (unsigned long)x;
}

#endif
