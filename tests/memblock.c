/*
 * memblock suite: what the boot-time allocator recorded on this machine.
 * RAM is the e820 table's RAM in whole pages; the first megabyte, the kernel
 * image and the boot information are reserved; everything free went to the
 * buddy allocator.
 */
#include <asm/sections.h>
#include <kernel/init.h>
#include <kernel/kernel.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <mm/e820.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/page.h>
#include <mm/pgtable.h>

static void memblock_memory_is_e820_ram_in_whole_pages(struct kunit *test)
{
	u64 ram = 0;

	for (u32 i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		u64 start = ALIGN(e->addr, PAGE_SIZE), end = ALIGN_DOWN(e->addr + e->size, PAGE_SIZE);

		if (e->type == E820_TYPE_RAM && start < end) {
			ram += end - start;
			KUNIT_EXPECT_TRUE(test, memblock_is_memory(start, end - start));
		}
	}
	KUNIT_EXPECT_EQ(test, memblock_phys_mem_size(), ram);
	KUNIT_EXPECT_FALSE(test, memblock_is_memory(0, PAGE_SIZE));     /* page 0: the BIOS's */
	KUNIT_EXPECT_FALSE(test, memblock_is_memory(0xfec00000, PAGE_SIZE));
}

static void memblock_reserves_what_must_stay(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(0, SZ_1M));
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(__pa(_text), PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(__pa(__bss_stop) - 1, 1));
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(boot_info_phys, boot_info.total_size));
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(__pa(init_top_pgt), PAGE_SIZE));
	/* reserved memory is never in the buddy allocator: its struct page says so */
	KUNIT_EXPECT_TRUE(test, PageReserved(virt_to_page(_text)));
	KUNIT_EXPECT_TRUE(test, PageReserved(virt_to_page(__va(boot_info_phys))));
}

static u64 free_bytes;

static void count_free(phys_addr_t start, phys_addr_t end, void *arg)
{
	free_bytes += PFN_PHYS(PFN_DOWN(end) - PFN_UP(start));
}

/* What memblock had free is exactly what the buddy allocator manages. */
static void memblock_free_memory_went_to_buddy(struct kunit *test)
{
	free_bytes = 0;
	memblock_for_each_free_range(count_free, NULL);
	KUNIT_EXPECT_EQ(test, free_bytes, PFN_PHYS(totalram_pages()));
	KUNIT_EXPECT_LT(test, free_bytes, memblock_phys_mem_size());
}

/*
 * Once unpacked, the initramfs GRUB loaded went back to the buddy allocator
 * (free_reserved_area, "Freeing initrd memory"), and memblock's reserved list
 * no longer holds it: its whole pages are free ranges again, less any page the
 * boot information shares with it.
 */
static void memblock_initrd_went_back_to_buddy(struct kunit *test)
{
	phys_addr_t s = ALIGN(boot_info.mod_start, PAGE_SIZE);
	phys_addr_t e = ALIGN_DOWN(boot_info.mod_end, PAGE_SIZE);
	phys_addr_t bi = ALIGN_DOWN(boot_info_phys, PAGE_SIZE);
	phys_addr_t bi_end = ALIGN(boot_info_phys + boot_info.total_size, PAGE_SIZE);

	if (!boot_info.nr_modules)
		kunit_skip(test, "no initramfs from the boot loader");
	if (bi < e && bi_end > s) {     /* keep to the part away from the boot information */
		if (bi - s >= e - bi_end)
			e = bi;
		else
			s = bi_end;
	}
	KUNIT_ASSERT_LT(test, s, e);
	KUNIT_EXPECT_TRUE(test, memblock_is_memory(s, e - s));
	KUNIT_EXPECT_FALSE(test, memblock_is_reserved(s, e - s));
	KUNIT_EXPECT_FALSE(test, PageReserved(virt_to_page(__va(s))));
	KUNIT_EXPECT_FALSE(test, PageReserved(virt_to_page(__va(e - PAGE_SIZE))));
}

/*
 * mm_init's time is measured on every boot but printed only by the bench
 * "boot" case: a boot log carries no BENCH line unless benchmarks ran.
 */
static void mm_init_time_prints_only_under_bench(struct kunit *test)
{
	KUNIT_EXPECT_GT(test, mm_init_ns, 0);
	KUNIT_EXPECT_LT(test, mm_init_ns, local_clock());
	if (log_contains_since(0, "BENCHINFO start"))
		kunit_skip(test, "benchmarks ran in this boot");
	KUNIT_EXPECT_FALSE(test, log_contains_since(0, "BENCH mm_init"));
	KUNIT_EXPECT_FALSE(test, log_contains_since(0, "BENCH boot_to_prompt"));
}

static struct kunit_case memblock_cases[] = {
	KUNIT_CASE(memblock_memory_is_e820_ram_in_whole_pages),
	KUNIT_CASE(memblock_reserves_what_must_stay),
	KUNIT_CASE(memblock_free_memory_went_to_buddy),
	KUNIT_CASE(memblock_initrd_went_back_to_buddy),
	KUNIT_CASE(mm_init_time_prints_only_under_bench),
	{}
};

static struct kunit_suite memblock_suite = {
	.name = "memblock",
	.test_cases = memblock_cases,
};
kunit_test_suite(memblock_suite);
