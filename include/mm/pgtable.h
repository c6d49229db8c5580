/*
 * The kernel's page tables: building, changing and reading them (Linux's
 * arch/x86/mm/init_64.c, pat/set_memory.c and lookup_address()).
 */
#ifndef ATLAS_MM_PGTABLE_H
#define ATLAS_MM_PGTABLE_H

#include <asm/pgtable.h>
#include <kernel/types.h>

/* The kernel's top-level table (a direct-map address), as Linux's init_top_pgt. */
extern pteval_t *init_top_pgt;

/* Whether the CPU has 1 GiB pages (CPUID 0x80000001 EDX bit 26) and NX. */
extern bool cpu_has_gbpages, cpu_has_nx;

/* Physical address bits the CPU implements (CPUID 0x80000008 EAX[7:0]; 36 without it). */
extern unsigned int phys_addr_bits;

/* Flags for kernel_map_range(): which page sizes it may use. */
#define MAP_4K_ONLY 0
#define MAP_2M      1
#define MAP_1G      2

/*
 * Map [virt, virt + size) to [phys, phys + size) with prot in the kernel's
 * tables, using 2 MiB / 1 GiB pages where alignment and flags allow.  All three
 * must be page-aligned.  Existing mappings are replaced (a large page in the
 * way is split).  Returns 0 or -ENOMEM (no page for a table).
 */
int kernel_map_range(unsigned long virt, phys_addr_t phys, unsigned long size,
		     pgprot_t prot, int flags);

/*
 * Map nr pages (4 KiB each, anywhere in RAM) at virt, which must be
 * page-aligned, walking the tables once per page table rather than per page.
 * Returns 0 or -ENOMEM.
 */
struct page;
int kernel_map_pages(unsigned long virt, struct page **pages, unsigned int nr, pgprot_t prot);

/*
 * Remove the mappings of [virt, virt + size) (page-aligned; a large page
 * partly inside is split first), flush them from the TLB and free the page
 * tables left empty (free_empty_tables).
 */
void kernel_unmap_range(unsigned long virt, unsigned long size);

/*
 * Free the PTE and PMD tables under [virt, virt + size) that map nothing any
 * more, clearing the entries that pointed to them, as Linux's free_pgtables
 * does for a process: a later map of the range starts afresh (and may use a
 * large page).  PUD tables, which the PGD's kernel half points at, and the
 * boot's tables stay.  The caller has flushed the range's mappings.
 */
void free_empty_tables(unsigned long virt, unsigned long size);

/*
 * The same without the flush, and keeping the tables: the CPU may go on using
 * stale translations until the caller flushes (vfree's lazy purge does, and
 * frees the empty tables, before the range is reused).
 */
void kernel_unmap_range_noflush(unsigned long virt, unsigned long size);

/*
 * The entry that maps va (Linux's lookup_address): a pointer to it, with
 * *level set to PG_LEVEL_4K/2M/1G; or NULL, with *level the level at which the
 * walk found nothing present.
 */
pteval_t *lookup_address(unsigned long va, enum pg_level *level);

/* The physical address va is mapped to, or -1 if it is not mapped. */
phys_addr_t slow_virt_to_phys(unsigned long va);

/* Flush the whole TLB, global entries included (toggle CR4.PGE). */
void __flush_tlb_all(void);

/*
 * Build the final kernel page tables (direct map of RAM, kernel image with
 * W^X, vmemmap) from memblock and switch CR3 to them; the boot identity map
 * is gone afterwards.
 */
void paging_init(void);

/*
 * Walk every table; print and count the W+X ranges (Linux's ptdump_check_wx).
 * Without NX nothing can be non-executable: the check is skipped and returns 0.
 */
unsigned long ptdump_check_wx(void);

/* Page-table pages come from memblock during boot, from the buddy allocator after. */
void pgtable_use_buddy(void);

/* How many page-table pages the kernel has allocated. */
extern unsigned long nr_pagetable_pages;

#endif
