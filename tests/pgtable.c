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
#include <kernel/monitor.h>
#include <kernel/seq_file.h>
#include <kernel/sprintf.h>
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

	/* ASSERT, not EXPECT: the writes below must not land in a writable text */
	e = lookup_address((unsigned long)_text, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_ASSERT_EQ(test, *e & (_PAGE_RW | _PAGE_NX), 0);           /* text: R X */
	e = lookup_address((unsigned long)_etext - 1, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_ASSERT_EQ(test, *e & (_PAGE_RW | _PAGE_NX), 0);
	e = lookup_address((unsigned long)__start_rodata, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_ASSERT_EQ(test, *e & _PAGE_RW, 0);                        /* rodata: R NX */
	KUNIT_EXPECT_EQ(test, *e & _PAGE_NX, cpu_has_nx ? _PAGE_NX : 0);
	e = lookup_address((unsigned long)_sdata, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, *e & _PAGE_RW, _PAGE_RW);                 /* data: RW NX */
	KUNIT_EXPECT_EQ(test, *e & _PAGE_NX, cpu_has_nx ? _PAGE_NX : 0);
	KUNIT_EXPECT_EQ(test, *e & _PAGE_GLOBAL, _PAGE_GLOBAL);
	e = lookup_address((unsigned long)__bss_stop - 1, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, *e & (_PAGE_RW | _PAGE_NX), _PAGE_RW | (cpu_has_nx ? _PAGE_NX : 0));
	e = lookup_address((unsigned long)__kallsyms_start, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, *e & (_PAGE_RW | _PAGE_NX), cpu_has_nx ? _PAGE_NX : 0);
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

/*
 * kernel_map_range maps each step with the largest page that fits (lab 2,
 * exercise 1): va and pa both aligned to it, the flags allowing it, and
 * enough of the range left; 4K pages elsewhere.
 */
static void pgtable_map_range_picks_the_largest_pages(struct kunit *test)
{
	struct page *blk = alloc_pages(GFP_KERNEL, 10);        /* 4 MiB, 4 MiB-aligned */
	unsigned long va = TEST_VA + 6 * PMD_SIZE;
	enum pg_level level;
	phys_addr_t pa;

	KUNIT_ASSERT_NOT_NULL(test, blk);
	pa = page_to_phys(blk);
	/* two 4K pages up to the 2M boundary, then one 2M page */
	KUNIT_ASSERT_EQ(test, kernel_map_range(va + PMD_SIZE - 2 * PAGE_SIZE, pa + PMD_SIZE - 2 * PAGE_SIZE,
					       PMD_SIZE + 2 * PAGE_SIZE, PAGE_KERNEL, MAP_2M), 0);
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(va + PMD_SIZE - 2 * PAGE_SIZE, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(va + PMD_SIZE - PAGE_SIZE, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(va + PMD_SIZE, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_2M);
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + PMD_SIZE + 0x12345), pa + PMD_SIZE + 0x12345);
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + PMD_SIZE - PAGE_SIZE + 8), pa + PMD_SIZE - PAGE_SIZE + 8);
	kernel_unmap_range(va + PMD_SIZE - 2 * PAGE_SIZE, PMD_SIZE + 2 * PAGE_SIZE);

	/* one 2M page, then a 4K page: not 2M left */
	KUNIT_ASSERT_EQ(test, kernel_map_range(va, pa, PMD_SIZE + PAGE_SIZE, PAGE_KERNEL, MAP_2M), 0);
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(va, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_2M);
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(va + PMD_SIZE, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
	kernel_unmap_range(va, PMD_SIZE + PAGE_SIZE);

	/* MAP_1G allows 2M pages too */
	KUNIT_ASSERT_EQ(test, kernel_map_range(va, pa, PMD_SIZE, PAGE_KERNEL, MAP_1G), 0);
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(va, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_2M);
	kernel_unmap_range(va, PMD_SIZE);

	/* va aligned, pa not: 4K pages; MAP_4K_ONLY: 4K pages */
	KUNIT_ASSERT_EQ(test, kernel_map_range(va, pa + PAGE_SIZE, PMD_SIZE, PAGE_KERNEL, MAP_2M), 0);
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(va, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + 5 * PAGE_SIZE), pa + 6 * PAGE_SIZE);
	kernel_unmap_range(va, PMD_SIZE);
	KUNIT_ASSERT_EQ(test, kernel_map_range(va, pa, PMD_SIZE, PAGE_KERNEL, MAP_4K_ONLY), 0);
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(va + PMD_SIZE - PAGE_SIZE, &level));
	KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
	kernel_unmap_range(va, PMD_SIZE);
	__free_pages(blk, 10);
}

/* ---- the monitor's walk (lab 2, exercise 2) ---- */

/* The flags as the monitor's walk prints them (print_flags in mm/ptdump.c). */
static size_t walk_flags(char *buf, size_t size, pteval_t e, enum pg_level level)
{
	static const struct { pteval_t bit; const char *name; } f[] = {
		{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" }, { _PAGE_USER, "USR" },
		{ _PAGE_PWT, "PWT" }, { _PAGE_PCD, "PCD" }, { _PAGE_ACCESSED, "A" },
		{ _PAGE_DIRTY, "D" }, { _PAGE_PSE, "PSE" }, { _PAGE_GLOBAL, "G" },
		{ _PAGE_NX, "NX" },
	};
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		if ((e & f[i].bit) && !(f[i].bit == _PAGE_PSE && level == PG_LEVEL_4K))
			n += snprintf(buf + n, size - n, " %s", f[i].name);
	if (level == PG_LEVEL_4K && (e & _PAGE_PAT))
		n += snprintf(buf + n, size - n, " PAT");
	n += snprintf(buf + n, size - n, "\n");
	return n;
}

/*
 * What `walk va` must print, from the kernel's tables: one line per level
 * down to the page or the hole, then the page's physical address.  Returns
 * the level it stopped at.
 */
static enum pg_level expected_walk(char *buf, size_t size, unsigned long va)
{
	static const char *const names[] = { "", "PTE", "PMD", "PUD", "PGD" };
	pteval_t *table = init_top_pgt;
	size_t n = 0;

	for (enum pg_level l = PG_LEVEL_512G; ; l--) {
		pteval_t e = table[pt_index(va, l)];
		unsigned long size_l = pt_level_size(l);
		phys_addr_t base = e & PTE_PFN_MASK & ~(size_l - 1);

		n += snprintf(buf + n, size - n, "  %s[%3u] = 0x%016llx ", names[l], pt_index(va, l),
			      (unsigned long long)e);
		if (!(e & _PAGE_PRESENT)) {
			snprintf(buf + n, size - n, " not present: %#lx is not mapped\n", va);
			return l;
		}
		n += walk_flags(buf + n, size - n, e, l);
		if (l == PG_LEVEL_4K || (l != PG_LEVEL_512G && (e & _PAGE_PSE))) {
			snprintf(buf + n, size - n, "  %s page at physical %#llx + offset %#lx = physical %#llx\n",
				 l == PG_LEVEL_1G ? "1G" : l == PG_LEVEL_2M ? "2M" : "4K",
				 (unsigned long long)base, va & (size_l - 1),
				 (unsigned long long)(base | (va & (size_l - 1))));
			return l;
		}
		table = __va(e & PTE_PFN_MASK);
	}
}

static char walk_out[1024], walk_want[1024];

/* Run `walk va` at the monitor; check it printed what the tables say. */
static enum pg_level check_walk(struct kunit *test, unsigned long va)
{
	char line[64];
	struct seq_file m;
	enum pg_level l;

	snprintf(line, sizeof(line), "walk %#lx", va);
	seq_file_init(&m, walk_out, sizeof(walk_out) - 1);
	KUNIT_EXPECT_EQ(test, monitor_exec_seq(&m, line), 0);
	walk_out[m.count] = '\0';
	l = expected_walk(walk_want, sizeof(walk_want), va);
	KUNIT_EXPECT_STREQ(test, walk_out, walk_want);
	return l;
}

/* Down to a 4K page: the kernel's text, data, a vmalloc page, and the PTE's physical address. */
static void pgtable_walk_prints_each_level(struct kunit *test)
{
	void *v = vmalloc(PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_EQ(test, check_walk(test, (unsigned long)_text + 0x123), PG_LEVEL_4K);
	KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, "  PGD[511] = "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, "\n  PUD[510] = "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, "\n  PTE["));
	KUNIT_EXPECT_EQ(test, check_walk(test, (unsigned long)&data_code[3]), PG_LEVEL_4K);
	KUNIT_EXPECT_EQ(test, check_walk(test, (unsigned long)v + 0xabc), PG_LEVEL_4K);
	KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, cpu_has_nx ? " NX\n  4K page at physical " :
							  " D G\n  4K page at physical "));
	vfree(v);
}

/* The walk stops at a 2M (and, where the CPU has them, a 1G) page of the direct map. */
static void pgtable_walk_stops_at_large_pages(struct kunit *test)
{
	bool seen_2m = false, seen_1g = false;

	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		phys_addr_t a2 = ALIGN(r->base, PMD_SIZE) + 0x5432, a1 = ALIGN(r->base, PUD_SIZE) + 0x123456;
		enum pg_level level;

		if (!seen_2m && a2 + PMD_SIZE <= r->base + r->size &&
		    lookup_address((unsigned long)__va(a2), &level) && level == PG_LEVEL_2M) {
			KUNIT_EXPECT_EQ(test, check_walk(test, (unsigned long)__va(a2)), PG_LEVEL_2M);
			KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, cpu_has_nx ?
						" PSE G NX\n  2M page at physical " :
						" PSE G\n  2M page at physical "));
			seen_2m = true;
		}
		if (!seen_1g && a1 + PUD_SIZE <= r->base + r->size &&
		    lookup_address((unsigned long)__va(a1), &level) && level == PG_LEVEL_1G) {
			KUNIT_EXPECT_EQ(test, check_walk(test, (unsigned long)__va(a1)), PG_LEVEL_1G);
			KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, "\n  1G page at physical "));
			seen_1g = true;
		}
	}
	if (!seen_2m)
		KUNIT_FAIL(test, "the direct map has no 2M page to walk to (lab 2, exercise 1)");
}

/* The walk stops at the first entry that is not present, at whatever level. */
static void pgtable_walk_stops_at_holes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, check_walk(test, 0x1000), PG_LEVEL_512G);        /* no identity map */
	KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, "  not present: 0x1000 is not mapped\n"));
	KUNIT_EXPECT_EQ(test, check_walk(test, (unsigned long)init_stack_guard), PG_LEVEL_4K);
	KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, "  PTE["));
	KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, "not present"));
	KUNIT_EXPECT_EQ(test, check_walk(test, (unsigned long)__va(0xa0000)), PG_LEVEL_4K); /* VGA */
	KUNIT_EXPECT_NOT_NULL(test, strstr(walk_out, "not present"));
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
	if (level != PG_LEVEL_2M)
		KUNIT_FAIL(test, "no 2M page to split (lab 2, exercise 1 first)");
	if (level == PG_LEVEL_2M) {
		KUNIT_EXPECT_EQ(test, kernel_map_range(va + 5 * PAGE_SIZE, page_to_phys(small), PAGE_SIZE,
						       PAGE_KERNEL_RO, 0), 0);
		KUNIT_EXPECT_NOT_NULL(test, lookup_address(va, &level));
		KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
	}
	if (level != PG_LEVEL_4K) {             /* nothing split: take the 2M page away whole */
		kernel_unmap_range(va, PMD_SIZE);
		__free_pages(big, 9);
		__free_page(small);
		return;
	}
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + 4 * PAGE_SIZE), page_to_phys(big) + 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + 5 * PAGE_SIZE), page_to_phys(small));
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + 511 * PAGE_SIZE), page_to_phys(big) + 511 * PAGE_SIZE);
	kernel_unmap_range(va, PMD_SIZE);
	KUNIT_EXPECT_EQ(test, slow_virt_to_phys(va + 4 * PAGE_SIZE), (phys_addr_t)-1);
	__free_pages(big, 9);
	__free_page(small);
}

/*
 * A 2M page with the PAT bit (bit 12 there: _PAGE_PAT_LARGE; PAT index 4 is
 * WB, as the direct map) and read-only: split, its 4K pieces carry the PAT
 * bit in bit 7 (_PAGE_PAT), not in bit 12, which is an address bit of a PTE,
 * and keep every other right.
 */
static void pgtable_split_keeps_rights_and_pat(struct kunit *test)
{
	struct page *big = alloc_pages(GFP_KERNEL, 9);
	unsigned long va = TEST_VA + 2 * PMD_SIZE;
	pteval_t *e, want = massage_pgprot(PAGE_KERNEL_RO | _PAGE_PAT);
	/* in a 4K entry bit 12 is an address bit: the address check covers it */
	pteval_t flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_PWT | _PAGE_PCD |
			 _PAGE_PAT | _PAGE_GLOBAL | _PAGE_NX;
	enum pg_level level;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(page_address(big), 0x5a, PMD_SIZE);
	*(u64 *)((char *)page_address(big) + 7 * PAGE_SIZE) = 0x7777;
	KUNIT_ASSERT_EQ(test, kernel_map_range(va, page_to_phys(big), PMD_SIZE,
					       PAGE_KERNEL_RO | _PAGE_PAT_LARGE, MAP_2M), 0);
	e = lookup_address(va, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	if (level != PG_LEVEL_2M) {
		KUNIT_FAIL(test, "no 2M page to split (lab 2, exercise 1 first)");
		goto out;
	}
	KUNIT_EXPECT_EQ(test, *e & _PAGE_PAT_LARGE, _PAGE_PAT_LARGE);
	/* mapping one 4K page in the middle again, the same way, splits the 2M page */
	KUNIT_EXPECT_EQ(test, kernel_map_range(va + 3 * PAGE_SIZE, page_to_phys(big) + 3 * PAGE_SIZE,
					       PAGE_SIZE, PAGE_KERNEL_RO | _PAGE_PAT, 0), 0);
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		e = lookup_address(va + i * PAGE_SIZE, &level);
		KUNIT_ASSERT_NOT_NULL(test, e);
		KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
		KUNIT_EXPECT_EQ(test, *e & PTE_PFN_MASK, page_to_phys(big) + i * PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, *e & flags, want & flags);
		if (level != PG_LEVEL_4K || (*e & PTE_PFN_MASK) != page_to_phys(big) + i * PAGE_SIZE ||
		    (*e & flags) != (want & flags))
			break;          /* one wrong piece says it all */
	}
	KUNIT_EXPECT_EQ(test, *(u64 *)(va + 7 * PAGE_SIZE), 0x7777);
	KUNIT_EXPECT_EQ(test, *(u64 *)(va + 8 * PAGE_SIZE), 0x5a5a5a5a5a5a5a5aULL);
	/* still read-only after the split */
	ret = copy_to_kernel_nofault((void *)(va + 9 * PAGE_SIZE), &ret, sizeof(ret));
	KUNIT_EXPECT_EQ(test, ret, -EFAULT);
out:
	kernel_unmap_range(va, PMD_SIZE);
	__free_pages(big, 9);
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
	KUNIT_CASE(pgtable_split_keeps_rights_and_pat),
	KUNIT_CASE(pgtable_map_range_picks_the_largest_pages),
	KUNIT_CASE(pgtable_walk_prints_each_level),
	KUNIT_CASE(pgtable_walk_stops_at_large_pages),
	KUNIT_CASE(pgtable_walk_stops_at_holes),
	{}
};

static struct kunit_suite pgtable_suite = {
	.name = "pgtable",
	.test_cases = pgtable_cases,
};
kunit_test_suite(pgtable_suite);
