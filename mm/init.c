/*
 * Memory set-up at boot (Linux's arch/x86/mm/init_64.c and mm/mm_init.c):
 *
 *   memblock_setup()  RAM from the e820 table; reserve the first megabyte,
 *                     the kernel image and the boot information
 *   paging_init()     (mm/pgtable.c) new page tables: the direct map of RAM at PAGE_OFFSET
 *                     (1G/2M pages where possible), the kernel image W^X,
 *                     vmemmap backed (4K pages) where RAM is; then switch CR3 (the boot
 *                     identity map and its 4 GiB of everything are gone)
 *   pat_init()        (mm/ioremap.c) the PAT MSR, for ioremap's cache types
 *   mem_init()        (mm/page_alloc.c) zones and the buddy allocator
 *   kmem_cache_init() (mm/slab.c) the kmalloc caches
 *   vmalloc_init()    (mm/vmalloc.c) the vmalloc space, one free range
 *   kernel_resources_init()  (mm/e820_resources.c) RAM, ROMs, the kernel image
 *                     and the legacy ports in the resource trees
 */
#define pr_fmt(fmt) fmt

#include <asm/io.h>
#include <asm/realmode.h>
#include <asm/sections.h>
#include <kernel/init.h>
#include <kernel/ioport.h>
#include <kernel/kernel.h>
#include <kernel/panic.h>
#include <kernel/time.h>
#include <mm/e820.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#define LOW_MEMORY_RESERVE SZ_1M        /* BIOS data, EBDA, option ROMs, real-mode stubs */
#define BOOT_DIRECT_MAP_END SZ_4G       /* what boot/head.asm mapped at PAGE_OFFSET */

/*
 * The initramfs GRUB loaded (the first multiboot2 module) stays out of the
 * buddy allocator until populate_rootfs has unpacked it and frees it (Linux's
 * reserve_initrd, with its line).
 */
static void reserve_initrd(void)
{
	phys_addr_t start = ALIGN_DOWN(boot_info.mod_start, PAGE_SIZE);
	phys_addr_t end = ALIGN(boot_info.mod_end, PAGE_SIZE);

	if (!boot_info.nr_modules || start == end)
		return;
	memblock_reserve(start, end - start);
	pr_info("RAMDISK: [mem %#010llx-%#010llx]\n", (unsigned long long)start,
		(unsigned long long)end - 1);
}

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
	memblock_reserve(kernel_start, __pa(_end) - kernel_start);
	if (boot_info.total_size)
		memblock_reserve(boot_info_phys, boot_info.total_size);
	reserve_initrd();
	/*
	 * The AP trampoline: after what must not be overwritten (under UEFI,
	 * GRUB may put the boot information below 1 MiB), before the first
	 * MiB goes.
	 */
	reserve_real_mode();
	memblock_reserve(0, LOW_MEMORY_RESERVE);
	/* until paging_init, only the boot page tables' 4 GiB direct map is there */
	memblock_set_current_limit(BOOT_DIRECT_MAP_END);
}

u64 mm_init_ns;

void mm_init(void)
{
	u64 t0 = local_clock();

	memblock_setup();
	paging_init();
	pat_init();                     /* before the first ioremap picks a cache type */
	mem_init();
	kmem_cache_init();
	vmalloc_init();                 /* its free ranges come from kmalloc */
	kernel_resources_init();        /* iomem and ioports, as Linux's setup_arch */
	ptdump_check_wx();
	mm_init_ns = local_clock() - t0;
}
