/*
 * ioremap suite: device registers through ioremap, with the cache attributes
 * each variant promises, RAM refused, and the mapping gone after iounmap.
 * The HPET (at 0xfed00000 on QEMU's pc and q35) is the device: its first
 * register says who made it (vendor 0x8086 in the top 16 bits) and its tick.
 */
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <drivers/acpi.h>
#include <drivers/hpet.h>
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/traps.h>
#include <kernel/uaccess.h>
#include <mm/pgtable.h>
#include <mm/vmalloc.h>

#define HPET_BASE   0xfed00000UL

/*
 * Whether the ACPI tables describe an HPET at HPET_BASE: the registers are
 * there whether or not the HPET driver took it (lab 5 has it as an exercise).
 */
static bool hpet_in_acpi(void)
{
	const struct acpi_info *acpi = acpi_get_info();

	return acpi && acpi->hpet.present && acpi->hpet.address == HPET_BASE;
}

/* The HPET's capabilities, or skip the case on a machine without one. */
static u32 hpet_cap(struct kunit *test, void __iomem *h)
{
	if (!hpet_in_acpi())
		kunit_skip(test, "no HPET at %#lx (hpet=off?)", HPET_BASE);
	return readl(h + HPET_ID);
}

static void ioremap_reads_the_hpet_capabilities(struct kunit *test)
{
	void __iomem *h = ioremap(HPET_BASE, 0x400);
	u32 cap;

	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr((void *)h));
	cap = hpet_cap(test, h);
	KUNIT_EXPECT_EQ(test, cap >> 16, 0x8086);               /* vendor: Intel */
	KUNIT_EXPECT_EQ(test, (u32)readq(h + HPET_ID), cap);    /* the same, 64 bits wide */
	KUNIT_EXPECT_EQ(test, readl(h + HPET_PERIOD), 10000000); /* QEMU: 10 ns ticks */
	iounmap(h);
}

static void ioremap_keeps_the_offset_in_the_page(struct kunit *test)
{
	void __iomem *h = ioremap(HPET_BASE + HPET_PERIOD, 4);

	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_EXPECT_EQ(test, (unsigned long)h & ~PAGE_MASK, HPET_PERIOD);
	if (!hpet_in_acpi())
		kunit_skip(test, "no HPET at %#lx (hpet=off?)", HPET_BASE);
	KUNIT_EXPECT_EQ(test, readl(h), 10000000);
	iounmap(h);
}

/* Each variant's PTE selects its PAT entry: UC- = PCD, UC = PCD|PWT, WC = PWT, WB = 0. */
static void ioremap_variants_set_the_cache_bits(struct kunit *test)
{
	static const struct {
		void __iomem *(*fn)(phys_addr_t, unsigned long);
		pteval_t bits;
	} v[] = {
		{ ioremap, _PAGE_PCD }, { ioremap_uc, _PAGE_PCD | _PAGE_PWT },
		{ ioremap_wc, _PAGE_PWT }, { ioremap_cache, 0 },
	};

	u32 a, b, c, d;
	bool has_pat;

	cpuid(1, &a, &b, &c, &d);
	has_pat = d & (1U << 16);               /* CPUID.1:EDX.PAT */
	KUNIT_EXPECT_EQ(test, pat_enabled(), has_pat);
	if (has_pat)
		KUNIT_EXPECT_EQ(test, rdmsr(0x277), 0x0407050600070106ULL); /* WB WC UC- UC WB WP UC- WT */
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		/* without PAT, PWT alone would be write-through: WC falls back to UC- */
		pteval_t want = v[i].fn == ioremap_wc && !has_pat ? _PAGE_PCD : v[i].bits;
		void __iomem *h = v[i].fn(HPET_BASE, 0x400);
		enum pg_level level;
		pteval_t *pte;

		KUNIT_ASSERT_NOT_NULL(test, h);
		pte = lookup_address((unsigned long)h, &level);
		KUNIT_ASSERT_NOT_NULL(test, pte);
		KUNIT_EXPECT_EQ(test, level, PG_LEVEL_4K);
		KUNIT_EXPECT_EQ(test, *pte & (_PAGE_PAT | _PAGE_PCD | _PAGE_PWT), want);
		/* NX only where the CPU has it: without, bit 63 is reserved */
		KUNIT_EXPECT_EQ(test, *pte & (_PAGE_NX | _PAGE_RW),
				(cpu_has_nx ? _PAGE_NX : 0) | _PAGE_RW);
		KUNIT_EXPECT_EQ(test, *pte & PTE_PFN_MASK, HPET_BASE);
		iounmap(h);
	}
}

static void ioremap_refuses_ram_and_bad_ranges(struct kunit *test)
{
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_NULL(test, ioremap(0x100000, PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "ioremap on RAM at 0x0000000000100000"));
	KUNIT_EXPECT_NULL(test, ioremap(0x9f000, 0x2000));      /* half RAM, half not: refused */
	KUNIT_EXPECT_NULL(test, ioremap(HPET_BASE, 0));
	/* beyond the CPU's physical address bits (an alias of RAM through bits 52-62, or nothing) */
	KUNIT_EXPECT_NULL(test, ioremap(0x0010000000200000ULL, PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, ioremap(1ULL << phys_addr_bits, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, kernel_map_range(VMALLOC_END & PAGE_MASK, 1ULL << 52, PAGE_SIZE,
					       PAGE_KERNEL, 0), -EINVAL);
	KUNIT_EXPECT_NULL(test, ioremap(~0ULL - 0xfff, 0x2000));
}

static void iounmap_removes_the_mapping(struct kunit *test)
{
	void __iomem *h = ioremap(HPET_BASE, 0x400);
	u32 v;
	size_t pos;

	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, (u32 *)h), 0);
	iounmap(h);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, (u32 *)h), -EFAULT);
	pos = log_buf_pos();
	iounmap(h);                                     /* twice: reported, harmless */
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "was not returned by ioremap"));
}

static void read_u32(void *addr)
{
	(void)*(volatile u32 *)addr;
}

/* A physical address used as a pointer faults, and the oops names the device range. */
static void ioremap_fault_on_a_physical_address_names_it(struct kunit *test)
{
	struct fault_record rec;
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_EQ(test, try_catch_fault(read_u32, (void *)0xf0010, &rec, true), -EFAULT);
	KUNIT_EXPECT_EQ(test, rec.address, 0xf0010);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		"#PF: 0xf0010 is a physical address in \"System ROM\" [mem 0xf0000-0xfffff]: reach it through ioremap()"));
}

static struct kunit_case ioremap_cases[] = {
	KUNIT_CASE(ioremap_reads_the_hpet_capabilities),
	KUNIT_CASE(ioremap_keeps_the_offset_in_the_page),
	KUNIT_CASE(ioremap_variants_set_the_cache_bits),
	KUNIT_CASE(ioremap_refuses_ram_and_bad_ranges),
	KUNIT_CASE(iounmap_removes_the_mapping),
	KUNIT_CASE(ioremap_fault_on_a_physical_address_names_it),
	{}
};

static struct kunit_suite ioremap_suite = {
	.name = "ioremap",
	.test_cases = ioremap_cases,
};
kunit_test_suite(ioremap_suite);
