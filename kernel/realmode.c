/*
 * The AP trampoline's home (Linux's arch/x86/realmode/init.c): a STARTUP IPI
 * starts a CPU in real mode at a page below 1 MiB, so the blob of
 * boot/trampoline.asm is copied to such a page, reserved from memblock
 * before the rest of the first megabyte is.  Three more pages hold the
 * trampoline's own page tables: the kernel's higher half (PML4 entries
 * 256-511, shared with the kernel's table) and physical 0..2 MiB at virtual 0,
 * executable, where the blob switches paging on.
 */
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/realmode.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>
#include <mm/pgtable.h>

#define REAL_MODE_LIMIT SZ_1M   /* a STARTUP IPI's vector names a page below 1 MiB */
#define PTRS_PER_PGD 512
#define KERNEL_PGD_FIRST 256    /* the kernel half of a PML4 */

/* boot/trampoline.asm's header, at offset 8 of the blob */
struct trampoline_header {
	u32 pm_offset, pm_sel;          /* far jump to 32-bit code: offset + base */
	u32 lm_offset, lm_sel;          /* far jump to 64-bit code: offset + base */
	u32 cr3;                        /* the trampoline PML4 */
	u32 efer;                       /* EFER bits to set */
	u64 entry64;                    /* secondary_startup_64 */
	u16 gdt_limit;
	u32 gdt_base;                   /* offset + base */
} __attribute__((packed));

#define TRAMPOLINE_HEADER_OFFSET 8

extern const char trampoline_start[], trampoline_end[];
extern const char secondary_startup_64[];

phys_addr_t real_mode_base;

void reserve_real_mode(void)
{
	size_t size = TRAMPOLINE_PAGES * PAGE_SIZE;

	real_mode_base = memblock_phys_alloc_range(size, PAGE_SIZE, 0, REAL_MODE_LIMIT);
	if (!real_mode_base)
		pr_err("smpboot: no free page below 1 MiB for the AP trampoline; only the boot CPU will run\n");
}

/* The three trampoline page-table pages after the blob. */
static void setup_trampoline_pgd(phys_addr_t base)
{
	pteval_t *pgd = __va(base + PAGE_SIZE);
	pteval_t *pud = __va(base + 2 * PAGE_SIZE);
	pteval_t *pmd = __va(base + 3 * PAGE_SIZE);
	pteval_t table = _PAGE_PRESENT | _PAGE_RW;

	memset(pgd, 0, 3 * PAGE_SIZE);
	pmd[0] = 0 | table | _PAGE_PSE;         /* 0..2 MiB, executable */
	pud[0] = (base + 3 * PAGE_SIZE) | table;
	pgd[0] = (base + 2 * PAGE_SIZE) | table;
	for (int i = KERNEL_PGD_FIRST; i < PTRS_PER_PGD; i++)
		pgd[i] = init_top_pgt[i];
}

phys_addr_t setup_real_mode(void)
{
	size_t size = (size_t)(trampoline_end - trampoline_start);
	struct trampoline_header *h;
	phys_addr_t base = real_mode_base;

	if (!base)
		return 0;
	BUILD_BUG_ON(sizeof(struct trampoline_header) != 38);
	if (size > PAGE_SIZE) {
		pr_err("smpboot: the trampoline (%zu bytes) is larger than a page\n", size);
		return 0;
	}
	memcpy(__va(base), trampoline_start, size);
	h = (struct trampoline_header *)((char *)__va(base) + TRAMPOLINE_HEADER_OFFSET);
	h->pm_offset += (u32)base;
	h->lm_offset += (u32)base;
	h->gdt_base += (u32)base;
	h->cr3 = (u32)(base + PAGE_SIZE);
	h->efer = (u32)(rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE));  /* NXE as the BSP */
	h->entry64 = (u64)secondary_startup_64;
	setup_trampoline_pgd(base);
	return base;
}
