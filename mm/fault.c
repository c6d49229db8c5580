/*
 * The page-fault explainer: after the oops's "#PF:" lines, one more line that
 * says where the faulting address lies, in the terms of the address map in
 * include/asm/page.h, so a student's first page fault teaches something:
 *
 *   #PF: 0xffffc90000003000 is the guard page after the vmalloc area
 *        0xffffc90000001000-0xffffc90000003000 (allocated by foo+0x12/0x40)
 */
#include <asm/sections.h>
#include <kernel/init.h>
#include <kernel/ioport.h>
#include <kernel/kernel.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <mm/e820.h>
#include <mm/fault.h>
#include <mm/vmalloc.h>

#define USER_TOP          0x0000800000000000UL
#define DIRECT_MAP_SIZE   (64UL << 40)       /* Linux's 64 TiB for the direct map */
#define VMEMMAP_SIZE      (1UL << 40)

/* The e820 type of physical address pa, in Linux's words ("usable", "not in the map"). */
static void e820_type_at(phys_addr_t pa, char *buf, size_t size)
{
	for (u32 i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];

		if (pa >= e->addr && pa - e->addr < e->size) {
			e820_type_format(buf, size, e->type);
			return;
		}
	}
	scnprintf(buf, size, "not in the e820 map: a hole");
}

static void explain_vmalloc(unsigned long addr)
{
	struct vm_struct *vm = find_vm_area((void *)addr);
	unsigned long end;

	if (!vm) {
		pr_alert("#PF: %#lx is in the vmalloc range, in no area: freed, or never allocated\n", addr);
		return;
	}
	end = vm->addr + vm->size - PAGE_SIZE;
	if (addr >= end)
		pr_alert("#PF: %#lx is the guard page after the %s area %#lx-%#lx (allocated by %pS)\n",
			 addr, vm->flags & VM_IOREMAP ? "ioremap" : "vmalloc", vm->addr, end,
			 (void *)vm->caller);
	else if (vm->flags & VM_IOREMAP)
		pr_alert("#PF: %#lx is in the ioremap area of [mem %#llx-%#llx] (mapped by %pS)\n",
			 addr, (unsigned long long)vm->phys_addr,
			 (unsigned long long)(vm->phys_addr + vm->size - PAGE_SIZE - 1), (void *)vm->caller);
	else
		pr_alert("#PF: %#lx is in the vmalloc area %#lx-%#lx (allocated by %pS)\n",
			 addr, vm->addr, end, (void *)vm->caller);
}

static void explain_image(unsigned long addr)
{
	if (addr - (unsigned long)init_stack_guard < PAGE_SIZE) {
		pr_alert("#PF: %#lx is the guard page below the boot stack: the stack overflowed\n", addr);
		return;
	}
	const char *part = addr < (unsigned long)_etext && addr >= (unsigned long)_text ? "text (read-only, executable)" :
		addr >= (unsigned long)__start_rodata && addr < (unsigned long)__end_rodata ? "rodata (read-only, no-execute)" :
		addr >= (unsigned long)_sdata && addr < (unsigned long)__bss_stop ? "data/bss (writable, no-execute)" :
		addr >= (unsigned long)__kallsyms_start && addr < (unsigned long)_end ? "symbol table (read-only)" : NULL;

	if (part)
		pr_alert("#PF: %#lx is in the kernel image: %s\n", addr, part);
	else
		pr_alert("#PF: %#lx is in the kernel image's range, outside the image\n", addr);
}

void explain_fault_address(unsigned long addr)
{
	char type[40];

	if (addr < USER_TOP) {
		phys_addr_t pa = addr;

		e820_type_at(pa, type, sizeof(type));
		pr_alert("#PF: %#lx is in the user half, where Atlas maps nothing%s%s%s\n", addr,
			 addr < PAGE_SIZE ? " (a NULL pointer, plus an offset?)" : "",
			 addr >= SZ_1M ? "; as a physical address it would be " : "",
			 addr >= SZ_1M ? type : "");
		explain_physical(pa);
	} else if (addr >= PAGE_OFFSET && addr < PAGE_OFFSET + DIRECT_MAP_SIZE) {
		e820_type_at(addr - PAGE_OFFSET, type, sizeof(type));
		pr_alert("#PF: %#lx is in the direct map: physical %#lx, which e820 says is %s\n",
			 addr, addr - PAGE_OFFSET, type);
	} else if (is_vmalloc_addr((void *)addr)) {
		explain_vmalloc(addr);
	} else if (addr >= VMEMMAP_START && addr < VMEMMAP_START + VMEMMAP_SIZE) {
		pr_alert("#PF: %#lx is in the vmemmap: the struct page of pfn %#lx, which is not RAM\n",
			 addr, (addr - VMEMMAP_START) / 64);
	} else if (addr >= __START_KERNEL_map) {
		explain_image(addr);
	} else {
		pr_alert("#PF: %#lx is in a hole of the kernel's address map: nothing is ever mapped there\n",
			 addr);
	}
}

/*
 * A small address that is really a physical one (a device register used
 * without ioremap): name the iomem entry it falls in.
 */
void explain_physical(phys_addr_t pa)
{
	struct resource *r = lookup_resource_containing(&iomem_resource, pa);

	if (!r || !strcmp(r->name, "System RAM") || !strcmp(r->name, "Reserved"))
		return;
	pr_alert("#PF: %#llx is a physical address in \"%s\" [mem %#llx-%#llx]: reach it through ioremap()\n",
		 (unsigned long long)pa, r->name, (unsigned long long)r->start,
		 (unsigned long long)r->end);
}
