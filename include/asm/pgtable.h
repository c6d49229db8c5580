/*
 * x86-64 4-level page tables (Intel SDM vol 3A §4.5), named as Linux's
 * asm/pgtable_types.h: PGD (the PML4) -> PUD (PDPT) -> PMD (PD) -> PTE (PT).
 * Each table is one 4 KiB page of 512 8-byte entries; bits 47..12 of a virtual
 * address pick an entry at each level:
 *
 *   63    48 47   39 38   30 29   21 20   12 11        0
 *   [ sign ][ PGD  ][ PUD  ][ PMD  ][ PTE  ][ offset   ]
 *
 * A PUD entry with PSE maps 1 GiB, a PMD entry with PSE maps 2 MiB.
 */
#ifndef ATLAS_ASM_PGTABLE_H
#define ATLAS_ASM_PGTABLE_H

#include <asm/page.h>
#include <kernel/types.h>

#define _PAGE_PRESENT   (1UL << 0)
#define _PAGE_RW        (1UL << 1)
#define _PAGE_USER      (1UL << 2)
#define _PAGE_PWT       (1UL << 3)      /* write-through */
#define _PAGE_PCD       (1UL << 4)      /* cache disable */
#define _PAGE_ACCESSED  (1UL << 5)
#define _PAGE_DIRTY     (1UL << 6)
#define _PAGE_PSE       (1UL << 7)      /* in a PUD/PMD entry: a 1G/2M page */
#define _PAGE_PAT       (1UL << 7)      /* in a PTE: the PAT index's high bit */
#define _PAGE_GLOBAL    (1UL << 8)      /* survives CR3 reloads (CR4.PGE) */
#define _PAGE_PAT_LARGE (1UL << 12)     /* PAT bit of a 1G/2M page */
#define _PAGE_NX        (1UL << 63)     /* no execute (EFER.NXE) */

#define PTE_PFN_MASK    0x000ffffffffff000UL   /* bits 51..12: the next table or page */
#define PTRS_PER_TABLE  512

#define PGDIR_SHIFT     39
#define PUD_SHIFT       30
#define PMD_SHIFT       21
#define PUD_SIZE        (1UL << PUD_SHIFT)
#define PMD_SIZE        (1UL << PMD_SHIFT)

typedef u64 pteval_t;
typedef u64 pgprot_t;

/* What the kernel maps with (Linux's __PAGE_KERNEL* with _PAGE_GLOBAL). */
#define __PAGE_KERNEL_BASE (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define PAGE_KERNEL        (__PAGE_KERNEL_BASE | _PAGE_RW | _PAGE_DIRTY | _PAGE_NX)
#define PAGE_KERNEL_RO     (__PAGE_KERNEL_BASE | _PAGE_NX)
#define PAGE_KERNEL_ROX    (__PAGE_KERNEL_BASE)
#define PAGE_KERNEL_EXEC   (__PAGE_KERNEL_BASE | _PAGE_RW | _PAGE_DIRTY)
/* for page-table pages pointing to lower tables: permissions are decided at the leaf */
#define _PAGE_TABLE        (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

/*
 * The bits this CPU lets a present entry carry (Linux's __supported_pte_mask):
 * all of them, less _PAGE_NX when CPUID 0x80000001 EDX bit 20 is clear.  Then
 * EFER.NXE stays off (boot/head.asm), bit 63 is reserved and an entry with it
 * set faults on every access, so no entry may carry it.  paging_init() sets
 * the mask before it writes the first entry.
 */
extern pteval_t __supported_pte_mask;

/*
 * prot as this CPU can have it (Linux's massage_pgprot): every entry the
 * kernel writes goes through here, so a PAGE_KERNEL* constant is safe anywhere.
 */
static inline pgprot_t massage_pgprot(pgprot_t prot)
{
	return (prot & _PAGE_PRESENT) ? prot & __supported_pte_mask : prot;
}

enum pg_level { PG_LEVEL_NONE, PG_LEVEL_4K, PG_LEVEL_2M, PG_LEVEL_1G, PG_LEVEL_512G };

static inline unsigned int pgd_index(unsigned long va) { return (va >> PGDIR_SHIFT) & 511; }
static inline unsigned int pud_index(unsigned long va) { return (va >> PUD_SHIFT) & 511; }
static inline unsigned int pmd_index(unsigned long va) { return (va >> PMD_SHIFT) & 511; }
static inline unsigned int pte_index(unsigned long va) { return (va >> PAGE_SHIFT) & 511; }

/* The level's index of va: PG_LEVEL_512G is the PGD, PG_LEVEL_4K the PTE. */
static inline unsigned int pt_index(unsigned long va, enum pg_level level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

/* Bytes one entry at this level maps: 4K, 2M, 1G, 512G. */
static inline unsigned long pt_level_size(enum pg_level level)
{
	return 1UL << (PAGE_SHIFT + 9 * (level - 1));
}

/* The lowest canonical address of the upper half: sign-extend bit 47. */
static inline unsigned long canonical(unsigned long va)
{
	return (unsigned long)((long)(va << 16) >> 16);
}

static inline void __flush_tlb_one(unsigned long addr)
{
	__asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

#endif
