/*
 * The kernel's virtual address map (see docs/design.md and Linux's
 * Documentation/arch/x86/x86_64/mm.rst), 4-level paging:
 *
 *   0x0000000000000000 - 0x00007fffffffffff   user half: nothing mapped, page 0 faults
 *   0xffff888000000000 (PAGE_OFFSET)          direct map of physical memory
 *   0xffffc90000000000 (VMALLOC_START)        vmalloc and ioremap areas (1 TiB)
 *   0xffffea0000000000 (VMEMMAP_START)        struct page array
 *   0xffffffff80000000 (__START_KERNEL_map)   kernel image, loaded at physical 2 MiB
 */
#ifndef ATLAS_ASM_PAGE_H
#define ATLAS_ASM_PAGE_H

#define PAGE_SHIFT          12
#define PAGE_SIZE           (1UL << PAGE_SHIFT)
#define PAGE_MASK           (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)       (((x) + PAGE_SIZE - 1) & PAGE_MASK)

#ifdef ATLAS_HOST
/*
 * Host tests map "physical" addresses into an arena of their own: the direct
 * map starts where the test says (tests/host/hostenv.c), as Linux's starts at
 * page_offset_base under KASLR.  __pa and __va below follow it.
 */
extern unsigned long host_page_offset;
#define PAGE_OFFSET         host_page_offset
#else
#define PAGE_OFFSET         0xffff888000000000UL
#endif
#define VMALLOC_START       0xffffc90000000000UL
#define VMALLOC_SIZE        (1UL << 40)
#define VMALLOC_END         (VMALLOC_START + VMALLOC_SIZE - 1)
#define VMEMMAP_START       0xffffea0000000000UL
#define __START_KERNEL_map  0xffffffff80000000UL
#define __PHYSICAL_START    0x200000UL

#ifndef __ASSEMBLER__
#include <kernel/types.h>

/*
 * Physical address of a kernel virtual address: in the image (-2 GiB) or in
 * the direct map.  Linux's __phys_addr(); __pa takes a pointer or a number.
 */
static inline phys_addr_t __phys_addr(unsigned long x)
{
	if (x >= __START_KERNEL_map)
		return x - __START_KERNEL_map;
	return x - PAGE_OFFSET;
}
#define __pa(x)             __phys_addr((unsigned long)(x))

/* The direct-map address of physical address p. */
#define __va(p)             ((void *)((unsigned long)(p) + PAGE_OFFSET))

/*
 * The smallest order whose block of 2^order pages holds size bytes (Linux's
 * get_order, asm-generic/getorder.h): 1..4096 -> 0, 4097..8192 -> 1,
 * 8193..16384 -> 2.  As Linux's, get_order(0) is 52: pass size > 0.
 */
static inline int get_order(unsigned long size)
{
	size = (size - 1) >> PAGE_SHIFT;
	return size ? 64 - __builtin_clzl(size) : 0;
}
#define virt_to_phys(v)     __pa(v)
#define phys_to_virt(p)     __va(p)
#endif

#endif
