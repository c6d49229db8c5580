/*
 * ioremap: map a device's physical registers into the vmalloc range with the
 * right cache attributes (Linux's arch/x86/mm/ioremap.c and pat/memtype.c).
 *
 * Caching is chosen per page by three PTE bits, PAT:PCD:PWT, which index the
 * 8-entry PAT MSR (Intel SDM vol 3A §12.12).  pat_init() programs it as Linux:
 *
 *   index  PAT PCD PWT   type
 *     0     0   0   0    WB   write-back: normal RAM
 *     1     0   0   1    WC   write-combining: frame buffers
 *     2     0   1   0    UC-  uncached (an MTRR may still say WC): ioremap()
 *     3     0   1   1    UC   uncached, strictly: ioremap_uc()
 *     4-7                WB WP UC- WT
 *
 * RAM must never be mapped uncached while the direct map has it cached (two
 * attributes for one page is undefined behaviour), so a range the e820 table
 * calls RAM is refused, as Linux refuses it.
 */
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/printk.h>
#include <mm/e820.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

/* one byte per entry, entry 0 lowest: WB=6 WC=1 UC-=7 UC=0 WP=5 WT=4 */
#define PAT_LINUX       0x0407050600070106ULL

#define _PAGE_CACHE_WB  0
#define _PAGE_CACHE_WC  _PAGE_PWT
#define _PAGE_CACHE_UC_MINUS _PAGE_PCD
#define _PAGE_CACHE_UC  (_PAGE_PCD | _PAGE_PWT)

static bool __pat_enabled;

bool pat_enabled(void)
{
	return __pat_enabled;
}

void pat_init(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & (1U << 16))) {            /* CPUID.1:EDX.PAT */
		pr_info("x86/PAT: PAT not supported by the CPU: WC mappings will be UC-\n");
		return;
	}
	wrmsr(MSR_IA32_CR_PAT, PAT_LINUX);
	__pat_enabled = true;
	__flush_tlb_all();
	pr_info("x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT  \n");
}

/*
 * Map [phys_addr, phys_addr + size) of device memory with the cache bits
 * cache (PCD/PWT: a PAT entry): the address of phys_addr in a new ioremap
 * area, or NULL (Linux's __ioremap_caller).
 */
static void __iomem *__ioremap_caller(phys_addr_t phys_addr, unsigned long size,
				      pteval_t cache, unsigned long caller)
{
#ifndef LAB5_STARTER	/* LAB 5 BEGIN: ioremap: check the range, reserve an area, map it */
	phys_addr_t last = phys_addr + size - 1, base = phys_addr & PAGE_MASK;
	unsigned long offset = phys_addr & ~PAGE_MASK;
	unsigned long mapped = PAGE_ALIGN(offset + size);
	struct vm_struct *vm;

	if (!size || last < phys_addr) {
		pr_warn("ioremap: bad range [%#llx, size %#lx] (caller %pS)\n",
			(unsigned long long)phys_addr, size, (void *)caller);
		return NULL;
	}
	if (last >> phys_addr_bits) {
		pr_warn("ioremap: invalid physical address %#llx: the CPU has %u address bits (caller %pS)\n",
			(unsigned long long)last, phys_addr_bits, (void *)caller);
		return NULL;
	}
	if (e820__mapped_any(&e820_table, base, last + 1, E820_TYPE_RAM)) {
		pr_warn("ioremap on RAM at 0x%016llx - 0x%016llx refused (caller %pS)\n",
			(unsigned long long)phys_addr, (unsigned long long)last, (void *)caller);
		return NULL;
	}
	vm = get_vm_area_caller(mapped, VM_IOREMAP, caller);
	if (!vm)
		return NULL;
	vm->phys_addr = base;
	if (kernel_map_range(vm->addr, base, mapped, PAGE_KERNEL | cache, MAP_4K_ONLY)) {
		kernel_unmap_range(vm->addr, mapped);
		kfree(remove_vm_area((void *)vm->addr));
		return NULL;
	}
	return (void __iomem *)(vm->addr + offset);
#else			/* LAB 5 STARTER */
	/*
	 * TODO (lab 5, exercise 1): as Linux's __ioremap_caller
	 * (arch/x86/mm/ioremap.c).  Refuse, with a pr_warn naming the caller
	 * (%pS), a zero size or a range that wraps around (last < phys_addr),
	 * a last byte beyond the CPU's phys_addr_bits, and any range the e820
	 * table calls RAM (e820__mapped_any(&e820_table, ..., E820_TYPE_RAM):
	 * "ioremap on RAM at 0x%016llx - 0x%016llx refused").  Then reserve the
	 * whole pages around the range (get_vm_area_caller(..., VM_IOREMAP,
	 * caller)), record vm->phys_addr and map them with kernel_map_range(...,
	 * PAGE_KERNEL | cache, MAP_4K_ONLY); undo on failure.  Return the
	 * area's address plus phys_addr's offset in its page.
	 * The kernel reaches every device (ROM, local APIC, IOAPIC, ACPI tables)
	 * through ioremap: no boot without it.
	 */
	lab_panic_not_implemented(5, "ioremap: mapping device memory");
#endif			/* LAB 5 END */
}

void __iomem *ioremap(phys_addr_t phys_addr, unsigned long size)
{
	return __ioremap_caller(phys_addr, size, _PAGE_CACHE_UC_MINUS, _RET_IP_);
}

void __iomem *ioremap_uc(phys_addr_t phys_addr, unsigned long size)
{
	return __ioremap_caller(phys_addr, size, _PAGE_CACHE_UC, _RET_IP_);
}

void __iomem *ioremap_wc(phys_addr_t phys_addr, unsigned long size)
{
	/* without PAT, PWT alone would mean write-through: fall back to UC- */
	return __ioremap_caller(phys_addr, size,
				pat_enabled() ? _PAGE_CACHE_WC : _PAGE_CACHE_UC_MINUS, _RET_IP_);
}

void __iomem *ioremap_cache(phys_addr_t phys_addr, unsigned long size)
{
	return __ioremap_caller(phys_addr, size, _PAGE_CACHE_WB, _RET_IP_);
}

void iounmap(volatile void __iomem *addr)
{
	struct vm_struct *vm = find_vm_area((const void *)addr);

	if (!addr)
		return;
	if (!vm || !(vm->flags & VM_IOREMAP) ||
	    ((unsigned long)addr & PAGE_MASK) != vm->addr) {
		pr_err("iounmap: %p was not returned by ioremap (caller %pS)\n",
		       (const void *)addr, (void *)_RET_IP_);
		return;
	}
	kfree(remove_vm_area((const void *)addr));      /* unmaps, flushes, then frees the range */
}
