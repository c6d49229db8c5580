/*
 * pgtable suite: the kernel's final page tables.  The direct map covers RAM
 * and only RAM, with the largest pages the CPU allows; the kernel image is
 * W^X (write and execute attempts fault and are recovered); mapping and
 * unmapping work at every level.
 */
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/sections.h>
#include <errno.h>
#include <kernel/init.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/traps.h>
#include <kernel/uaccess.h>
#include <mm/e820.h>
#include <mm/gfp.h>
#include <mm/memblock.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <mm/vmalloc.h>

/* A test mapping area inside the vmalloc range, which nothing else uses yet. */
#define TEST_VA (VMALLOC_START + 0x40000000UL)

static void pgtable_pa_va_round_trip(struct kunit *test)
{
	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		phys_addr_t probes[] = { r->base, r->base + r->size / 2 + 123, r->base + r->size - 1 };

		for (size_t k = 0; k < ARRAY_SIZE(probes); k++) {
			phys_addr_t pa = probes[k];

			KUNIT_EXPECT_EQ(test, __pa(__va(pa)), pa);
			KUNIT_EXPECT_EQ(test, slow_virt_to_phys((unsigned long)__va(pa)), pa);
			KUNIT_EXPECT_EQ(test, virt_to_phys(phys_to_virt(pa)), pa);
		}
	}
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys((unsigned long)_text), __pa(_text));
	KUNIT_EXPECT_PTR_EQ(test, page_to_virt(virt_to_page(__va(0x100000))), __va(0x100000));
	KUNIT_EXPECT_EQ(test, page_to_pfn(pfn_to_page(0x1234)), 0x1234);
}

/* Every e820 RAM page is mapped at PAGE_OFFSET; nothing else is. */
static void pgtable_direct_map_covers_exactly_ram(struct kunit *test)
{
	const struct e820_table *t = &e820_table;
	u64 probe;

	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];
		unsigned long first = (unsigned long)__va(ALIGN(e->addr, PAGE_SIZE));
		/* whole pages only: a RAM range's partial last page is not RAM to the kernel */
		unsigned long last = (unsigned long)__va(ALIGN_DOWN(e->addr + e->size, PAGE_SIZE)) - PAGE_SIZE;
		bool ram = e->type == E820_TYPE_RAM;
		enum pg_level level;

		if (e->addr >= SZ_4G * 256 || first > last)  /* beyond our machines, or < 1 page */
			continue;
		KUNIT_EXPECT_EQ(test, lookup_address(first, &level) != NULL, ram);
		KUNIT_EXPECT_EQ(test, lookup_address(last, &level) != NULL, ram);
	}
	/* the MMIO hole and the legacy VGA area read through the direct map: fault */
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(probe, (u64 *)__va(0xfec00000)), -EFAULT);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(probe, (u64 *)__va(0xa0000)), -EFAULT);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(probe, (u64 *)__va(0)), -EFAULT);
}

/* Inside each RAM range, the 2M-aligned (1G-aligned) parts use 2M (1G) pages. */
static void pgtable_direct_map_uses_large_pages(struct kunit *test)
{
	int checked = 0;

	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		phys_addr_t a2 = ALIGN(r->base, PMD_SIZE), a1 = ALIGN(r->base, PUD_SIZE);
		enum pg_level level;

		if (a2 + PMD_SIZE <= r->base + r->size) {
			KUNIT_EXPECT_NOT_NULL(test, lookup_address((unsigned long)__va(a2), &level));
			KUNIT_EXPECT_GE(test, level, PG_LEVEL_2M);
			checked++;
		}
		if (cpu_has_gbpages && a1 + PUD_SIZE <= r->base + r->size) {
			KUNIT_EXPECT_NOT_NULL(test, lookup_address((unsigned long)__va(a1), &level));
			KUNIT_EXPECT_EQ(test, level, PG_LEVEL_1G);
		}
		/* an unaligned start is mapped with 4K pages */
		if (!IS_ALIGNED(r->base, PMD_SIZE)) {
			KUNIT_EXPECT_NOT_NULL(test, lookup_address((unsigned long)__va(r->base), &level));
			KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
		}
	}
	KUNIT_EXPECT_GT(test, checked, 0);
}

static void pgtable_kernel_image_is_w_xor_x(struct kunit *test)
{
	enum pg_level level;
	pteval_t *e;
	u8 byte = 0xcc;

	e = lookup_address((unsigned long)_text, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, *e & (_PAGE_RW | _PAGE_NX), 0);           /* text: R X */
	e = lookup_address((unsigned long)__start_rodata, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, *e & _PAGE_RW, 0);                        /* rodata: R NX */
	KUNIT_EXPECT_EQ(test, *e & _PAGE_NX, cpu_has_nx ? _PAGE_NX : 0);
	e = lookup_address((unsigned long)_sdata, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, *e & _PAGE_RW, _PAGE_RW);                 /* data: RW NX */
	KUNIT_EXPECT_EQ(test, *e & _PAGE_GLOBAL, _PAGE_GLOBAL);
	/* the write is refused by the MMU (CR0.WP) and recovered */
	KUNIT_EXPECT_EQ(test, copy_to_kernel_nofault(_text + 0x10, &byte, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, copy_to_kernel_nofault(__start_rodata, &byte, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, ptdump_check_wx(), 0);
}

/* Below the boot stack (CPU 0's idle task's), one page is left unmapped: an overflow faults. */
static void pgtable_boot_stack_has_a_guard_page(struct kunit *test)
{
	unsigned long guard = (unsigned long)init_stack_guard;
	enum pg_level level;
	u8 v;

	KUNIT_EXPECT_EQ(test, (unsigned long)init_task.stack, guard + PAGE_SIZE);
	KUNIT_EXPECT_NULL(test, lookup_address(guard, &level));
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, (u8 *)guard + PAGE_SIZE - 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, (u8 *)guard + PAGE_SIZE), 0);
}

static u8 data_code[16] __aligned(16) = { 0xc3 };      /* "ret", in .data */

static void jump_to(void *code)
{
	((void (*)(void))code)();
}

/* Executing data: an instruction fetch from an NX page faults. */
static void pgtable_data_is_not_executable(struct kunit *test)
{
	struct fault_record rec;
	unsigned long page = get_zeroed_page(GFP_KERNEL);

	if (!cpu_has_nx)
		kunit_skip(test, "this CPU has no NX bit");
	KUNIT_ASSERT_NE(test, page, 0);
	*(u8 *)page = 0xc3;
	KUNIT_EXPECT_EQ(test, try_catch_fault(jump_to, data_code, &rec, false), -EFAULT);
	KUNIT_EXPECT_EQ(test, rec.vector, X86_TRAP_PF);
	KUNIT_EXPECT_EQ(test, rec.error_code & (X86_PF_INSTR | X86_PF_PROT), X86_PF_INSTR | X86_PF_PROT);
	KUNIT_EXPECT_EQ(test, rec.address, (unsigned long)data_code);
	KUNIT_EXPECT_EQ(test, try_catch_fault(jump_to, (void *)page, &rec, false), -EFAULT);
	KUNIT_EXPECT_EQ(test, rec.address, page);
	free_page(page);
}

/* The NX bit of the entry that maps va, or ~0 if nothing maps it. */
static pteval_t nx_of(unsigned long va)
{
	enum pg_level level;
	pteval_t *e = lookup_address(va, &level);

	return e ? *e & _PAGE_NX : ~0UL;
}

/*
 * Every mapping that should not execute carries NX exactly when the CPU has
 * NX (CPUID 0x80000001 EDX bit 20), and EFER.NXE agrees: without NX, bit 63
 * is reserved and a page carrying it faults on any access.
 */
static void pgtable_nx_follows_the_cpu(struct kunit *test)
{
	unsigned long page = get_zeroed_page(GFP_KERNEL);
	void *v = vmalloc(PAGE_SIZE);
	pteval_t want;
	u32 a, b, c, d;
	bool nx;

	KUNIT_ASSERT_NE(test, page, 0);
	KUNIT_ASSERT_NOT_NULL(test, v);
	cpuid(0x80000001, &a, &b, &c, &d);
	nx = d & (1U << 20);
	want = nx ? _PAGE_NX : 0;
	KUNIT_EXPECT_EQ(test, cpu_has_nx, nx);
	KUNIT_EXPECT_EQ(test, !!(rdmsr(MSR_EFER) & EFER_NXE), nx);
	KUNIT_EXPECT_EQ(test, __supported_pte_mask & _PAGE_NX, want);
	KUNIT_EXPECT_EQ(test, nx_of(page), want);                       /* direct map */
	KUNIT_EXPECT_EQ(test, nx_of((unsigned long)v), want);           /* vmalloc */
	KUNIT_EXPECT_EQ(test, nx_of((unsigned long)virt_to_page(page)), want); /* vmemmap */
	KUNIT_EXPECT_EQ(test, nx_of((unsigned long)__start_rodata), want);
	KUNIT_EXPECT_EQ(test, nx_of((unsigned long)_sdata), want);
	KUNIT_EXPECT_EQ(test, nx_of((unsigned long)_text), 0);
	/* the page is usable through the direct map, whatever the CPU */
	*(u64 *)page = 0x1234;
	KUNIT_EXPECT_EQ(test, *(volatile u64 *)page, 0x1234);
	/* without NX, W^X is "code is read-only": the W+X check has nothing to find */
	KUNIT_EXPECT_EQ(test, ptdump_check_wx(), 0);
	vfree(v);
	free_page(page);
}

/* Map a page somewhere new, use it, unmap it: then it faults. */
static void pgtable_map_and_unmap_a_page(struct kunit *test)
{
	struct page *p = alloc_page(GFP_KERNEL);
	unsigned long tables = nr_pagetable_pages;
	u64 v;

	KUNIT_ASSERT_NOT_NULL(test, p);
	*(u64 *)page_address(p) = 0x1234;
	KUNIT_ASSERT_EQ(test, kernel_map_range(TEST_VA, page_to_phys(p), PAGE_SIZE, PAGE_KERNEL, 0), 0);
	KUNIT_EXPECT_EQ(test, *(u64 *)TEST_VA, 0x1234);
	*(u64 *)TEST_VA = 0x5678;               /* two virtual addresses, one page */
	KUNIT_EXPECT_EQ(test, *(u64 *)page_address(p), 0x5678);
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(TEST_VA + 8), page_to_phys(p) + 8);
	KUNIT_EXPECT_LE(test, nr_pagetable_pages - tables, 3);  /* at most a PUD, PMD and PT */
	kernel_unmap_range(TEST_VA, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, (u64 *)TEST_VA), -EFAULT);
	__free_page(p);
}

/*
 * Unmapping the last page of a table frees the table (and a PMD table left
 * empty): the page-table count is back where it was, the walk stops at the
 * PUD, and a 2M mapping there afterwards is one 2M page again.
 */
static void pgtable_unmap_frees_empty_tables(struct kunit *test)
{
	struct page *p = alloc_page(GFP_KERNEL), *big = alloc_pages(GFP_KERNEL, 9);
	unsigned long tables = nr_pagetable_pages, va = TEST_VA + 7 * PAGE_SIZE;
	enum pg_level level;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_ASSERT_EQ(test, kernel_map_range(va, page_to_phys(p), PAGE_SIZE, PAGE_KERNEL, 0), 0);
	KUNIT_EXPECT_GE(test, nr_pagetable_pages - tables, 2);  /* a PMD table and a PTE table */
	kernel_unmap_range(va, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, nr_pagetable_pages, tables);
	KUNIT_EXPECT_NULL(test, lookup_address(va, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_1G);              /* the PUD entry is empty again */
	KUNIT_ASSERT_EQ(test, kernel_map_range(TEST_VA, page_to_phys(big), PMD_SIZE, PAGE_KERNEL,
					       MAP_2M), 0);
	KUNIT_ASSERT_NOT_NULL(test, lookup_address(TEST_VA, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_2M);
	kernel_unmap_range(TEST_VA, PMD_SIZE);
	__free_pages(big, 9);
	__free_page(p);
}

/* Remapping one 4K page inside a 2M mapping splits it; the other 511 stay. */
static void large_page_split(struct kunit *test)
{
	struct page *big = alloc_pages(GFP_KERNEL, 9), *small = alloc_page(GFP_KERNEL);
	unsigned long va = TEST_VA + PMD_SIZE;
	enum pg_level level;

	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_ASSERT_NOT_NULL(test, small);
	KUNIT_ASSERT_EQ(test, kernel_map_range(va, page_to_phys(big), PMD_SIZE, PAGE_KERNEL, MAP_2M), 0);
	KUNIT_ASSERT_NOT_NULL(test, lookup_address(va, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_2M);
	KUNIT_ASSERT_EQ(test, kernel_map_range(va + 5 * PAGE_SIZE, page_to_phys(small), PAGE_SIZE,
					       PAGE_KERNEL_RO, 0), 0);
	KUNIT_ASSERT_NOT_NULL(test, lookup_address(va, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + 4 * PAGE_SIZE), page_to_phys(big) + 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + 5 * PAGE_SIZE), page_to_phys(small));
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + 511 * PAGE_SIZE), page_to_phys(big) + 511 * PAGE_SIZE);
	kernel_unmap_range(va, PMD_SIZE);
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + 4 * PAGE_SIZE), (phys_addr_t)-1);
	__free_pages(big, 9);
	__free_page(small);
}

/* Twice: the first run's unmap must leave nothing (an empty table) in the way. */
static void pgtable_large_page_splits(struct kunit *test)
{
	large_page_split(test);
	large_page_split(test);
}

static struct kunit_case pgtable_cases[] = {
	KUNIT_CASE(pgtable_pa_va_round_trip),
	KUNIT_CASE(pgtable_direct_map_covers_exactly_ram),
	KUNIT_CASE(pgtable_direct_map_uses_large_pages),
	KUNIT_CASE(pgtable_kernel_image_is_w_xor_x),
	KUNIT_CASE(pgtable_boot_stack_has_a_guard_page),
	KUNIT_CASE(pgtable_data_is_not_executable),
	KUNIT_CASE(pgtable_nx_follows_the_cpu),
	KUNIT_CASE(pgtable_map_and_unmap_a_page),
	KUNIT_CASE(pgtable_unmap_frees_empty_tables),
	KUNIT_CASE(pgtable_large_page_splits),
	{}
};

static struct kunit_suite pgtable_suite = {
	.name = "pgtable",
	.test_cases = pgtable_cases,
};
kunit_test_suite(pgtable_suite);
