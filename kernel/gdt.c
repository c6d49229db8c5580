/*
 * The GDT and TSS.  Long mode ignores segment bases and limits for code and
 * data, so the GDT is mostly a formality; the TSS matters because its
 * Interrupt Stack Table gives a double fault a known-good stack even when the
 * kernel stack overflowed (Intel SDM vol 3A §6.14.5, §7.7).
 */
#include <asm/desc.h>
#include <kernel/string.h>

struct tss {
	u32 reserved0;
	u64 rsp[3];             /* stacks for privilege changes (no user mode yet) */
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));

static u64 gdt[GDT_ENTRIES] __attribute__((aligned(16))) = {
	[GDT_ENTRY_KERNEL32_CS] = 0x00cf9a000000ffff,  /* 32-bit code, base 0, 4 GiB */
	[GDT_ENTRY_KERNEL_CS]   = 0x00af9a000000ffff,  /* 64-bit code: L=1, DPL 0 */
	[GDT_ENTRY_KERNEL_DS]   = 0x00cf92000000ffff,  /* data, writable */
};

static struct tss tss __attribute__((aligned(16)));
static u8 ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

struct desc_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));

/* A 16-byte system descriptor for the TSS (type 9: available 64-bit TSS). */
static void set_tss_desc(u64 *d, unsigned long base, u32 limit)
{
	d[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89UL << 40) |
	       ((u64)(limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	d[1] = base >> 32;
}

unsigned long ist_stack_top(int ist)
{
	return (unsigned long)ist_stacks[ist - 1] + IST_STACK_SIZE;
}

void gdt_init(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (u64)gdt };

	for (int i = 1; i <= 3; i++)
		tss.ist[i - 1] = ist_stack_top(i);
	tss.iomap_base = sizeof(tss);   /* no I/O permission bitmap */
	set_tss_desc(&gdt[GDT_ENTRY_TSS], (unsigned long)&tss, sizeof(tss) - 1);

	__asm__ volatile("lgdt %0" : : "m"(p));
	/* reload CS with a far return, then the data segments */
	__asm__ volatile("pushq %0\n"
			 "leaq 1f(%%rip), %%rax\n"
			 "pushq %%rax\n"
			 "lretq\n"
			 "1:\n"
			 "movl %1, %%eax\n"
			 "movl %%eax, %%ds\n"
			 "movl %%eax, %%es\n"
			 "movl %%eax, %%ss\n"
			 : : "i"(__KERNEL_CS), "i"(__KERNEL_DS) : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"(__TSS_SEL));
}
