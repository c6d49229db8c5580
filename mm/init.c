/*
 * Memory set-up at boot (Linux's arch/x86/mm/init_64.c and mm/mm_init.c):
 *
 *   memblock_setup()  RAM from the e820 table; reserve the first megabyte,
 *                     the kernel image and the boot information
 *   paging_init()     new page tables: the direct map of RAM at PAGE_OFFSET
 *                     (1G/2M pages where possible), the kernel image W^X,
 *                     vmemmap backed (4K pages) where RAM is; then switch CR3 (the boot
 *                     identity map and its 4 GiB of everything are gone)
 *   pat_init()        (mm/ioremap.c) the PAT MSR, for ioremap's cache types
 *   mem_init()        (mm/page_alloc.c) zones and the buddy allocator
 *   kmem_cache_init() (mm/slab.c) the kmalloc caches
 *   kernel_resources_init()  (mm/e820_resources.c) RAM, ROMs, the kernel image
 *                     and the legacy ports in the resource trees
 */
#define pr_fmt(fmt) fmt

#include <asm/io.h>
#include <asm/processor.h>
#include <asm/sections.h>
#include <kernel/init.h>
#include <kernel/ioport.h>
#include <kernel/kernel.h>
#include <kernel/panic.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <mm/e820.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <mm/slab.h>

#define LOW_MEMORY_RESERVE SZ_1M        /* BIOS data, EBDA, option ROMs, real-mode stubs */
#define BOOT_DIRECT_MAP_END SZ_4G       /* what boot/head.asm mapped at PAGE_OFFSET */

static void memblock_setup(void)
{
	const struct e820_table *t = &e820_table;
	phys_addr_t kernel_start = (unsigned long)__boot_start; /* linked at its physical address */

	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];
		phys_addr_t start = ALIGN(e->addr, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(e->addr + e->size, PAGE_SIZE);

		if (e->type == E820_TYPE_RAM && start < end)
			memblock_add(start, end - start);
	}
	memblock_reserve(0, LOW_MEMORY_RESERVE);
	memblock_reserve(kernel_start, __pa(_end) - kernel_start);
	if (boot_info.total_size)
		memblock_reserve(boot_info_phys, boot_info.total_size);
	/* until paging_init, only the boot page tables' 4 GiB direct map is there */
	memblock_set_current_limit(BOOT_DIRECT_MAP_END);
}

static void detect_cpu_features(void)
{
	u32 a, b, c, d;

	cpuid(0x80000001, &a, &b, &c, &d);
	cpu_has_gbpages = d & (1U << 26);       /* Page1GB */
	cpu_has_nx = d & (1U << 20);
	if (!cpu_has_nx)
		__supported_pte_mask &= ~_PAGE_NX;
	cpuid(0x80000000, &a, &b, &c, &d);
	if (a >= 0x80000008) {
		cpuid(0x80000008, &a, &b, &c, &d);
		phys_addr_bits = a & 0xff;
	}
	if (cpu_has_nx)
		pr_info("NX (Execute Disable) protection: active\n");
	else
		pr_notice("Notice: NX (Execute Disable) protection missing in CPU!\n");
}

static void map_direct(void)
{
	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		if (kernel_map_range(PAGE_OFFSET + r->base, r->base, r->size, PAGE_KERNEL,
				     MAP_1G | MAP_2M))
			panic("paging_init: no memory for the direct map's page tables");
	}
}

/* Map one part of the kernel image at its link address. */
static void map_kernel_part(char *start, char *end, pgprot_t prot)
{
	unsigned long s = ALIGN_DOWN((unsigned long)start, PAGE_SIZE);
	unsigned long e = ALIGN((unsigned long)end, PAGE_SIZE);

	if (kernel_map_range(s, __pa(s), e - s, prot, MAP_4K_ONLY))
		panic("paging_init: no memory for the kernel image's page tables");
}

static void map_kernel_image(void)
{
	map_kernel_part(_text, _etext, PAGE_KERNEL_ROX);
	map_kernel_part(__start_rodata, __end_rodata, PAGE_KERNEL_RO);
	map_kernel_part(_sdata, __bss_stop, PAGE_KERNEL);
	kernel_unmap_range((unsigned long)init_stack_guard, PAGE_SIZE);
	map_kernel_part(__kallsyms_start, __kallsyms_end, PAGE_KERNEL_RO);
}

/*
 * Back the vmemmap from va with zeroed memory, up to the next 2 MiB boundary
 * (or vend): one memblock allocation and one memset for up to 512 pages.
 * The pages are mapped 4 KiB at a time, not with 2 MiB pages as Linux does:
 * QEMU's TCG treats an invlpg anywhere within the span of all the large pages
 * it has seen as a full TLB flush, and 2 MiB vmemmap pages (above the vmalloc
 * range) made every ioremap/vfree flush everything.  The cost is one
 * page-table page per 128 MiB of RAM.
 */
static unsigned long vmemmap_back(unsigned long va, unsigned long vend)
{
	enum pg_level level;
	unsigned long size;
	phys_addr_t pa;

	if (lookup_address(va, &level))
		return PAGE_SIZE;               /* shared with the previous region */
	size = min(vend, ALIGN(va + 1, PMD_SIZE)) - va;
	pa = memblock_phys_alloc(size, PAGE_SIZE);
	if (!pa || kernel_map_range(va, pa, size, PAGE_KERNEL, MAP_4K_ONLY))
		panic("vmemmap: no memory for struct pages at %#lx", va);
	memset(__va(pa), 0, size);
	return size;
}

/*
 * struct pages for every RAM page, rounded out to whole MAX_ORDER blocks so
 * that a buddy's struct page always exists (see mm/internal.h).
 */
static void vmemmap_populate(void)
{
	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		unsigned long start = ALIGN_DOWN(PHYS_PFN(r->base), MAX_ORDER_NR_PAGES);
		unsigned long end = ALIGN(PHYS_PFN(r->base + r->size), MAX_ORDER_NR_PAGES);
		unsigned long va = (unsigned long)pfn_to_page(start);
		unsigned long vend = (unsigned long)pfn_to_page(end);

		while (va < vend)
			va += vmemmap_back(va, vend);
	}
}

void paging_init(void)
{
	detect_cpu_features();
	init_top_pgt = __va(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE));
	memset(init_top_pgt, 0, PAGE_SIZE);
	nr_pagetable_pages = 1;
	map_direct();
	map_kernel_image();
	vmemmap_populate();
	write_cr3(__pa(init_top_pgt));
	__flush_tlb_all();
	memblock_set_current_limit(~(phys_addr_t)0);
}

void mm_init(void)
{
	u64 t0 = local_clock();

	memblock_setup();
	paging_init();
	pat_init();                     /* before the first ioremap picks a cache type */
	mem_init();
	kmem_cache_init();
	kernel_resources_init();        /* iomem and ioports, as Linux's setup_arch */
	ptdump_check_wx();
	pr_info("BENCH mm_init ms=%llu\n", (unsigned long long)((local_clock() - t0) / NSEC_PER_MSEC));
}
