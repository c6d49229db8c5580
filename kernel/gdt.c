/*
 * The GDT and TSS.  Long mode ignores segment bases and limits for code and
 * data, so the GDT is mostly a formality; the TSS matters because its
 * Interrupt Stack Table gives a double fault a known-good stack even when the
 * kernel stack overflowed (Intel SDM vol 3A §6.14.5, §7.7).  Every CPU
 * loads its own (gdt_init on each, the APs from start_secondary).
 */
#include <asm/desc.h>
#include <errno.h>
#include <kernel/percpu.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/page.h>

struct tss {
	u32 reserved0;
	u64 rsp[3];             /* rsp[0]: the kernel stack on an entry from user mode */
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));

/*
 * Each CPU has its own GDT and TSS (a busy TSS descriptor cannot be loaded by
 * a second CPU, and each CPU needs IST stacks of its own), in its per-CPU
 * area, as Linux's gdt_page and cpu_tss_rw.  The boot CPU's IST stacks are in
 * the image; the others' come from the buddy allocator (gdt_alloc_cpu).
 */
struct gdt_page {
	u64 gdt[GDT_ENTRIES];
} __attribute__((aligned(16)));

static DEFINE_PER_CPU_ALIGNED(struct gdt_page, gdt_page);
static DEFINE_PER_CPU_ALIGNED(struct tss, cpu_tss_rw);
static DEFINE_PER_CPU(unsigned long, ist_top[IST_SLOTS]);
/* entry_SYSCALL_64: the running task's stack top, and the user RSP while it switches */
DEFINE_PER_CPU(unsigned long, cpu_current_top_of_stack);
DEFINE_PER_CPU(unsigned long, cpu_user_rsp);
static u8 boot_ist_stacks[IST_SLOTS][IST_STACK_SIZE] __attribute__((aligned(16)));

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
	if (ist < 1 || ist > IST_SLOTS)
		return 0;
	return this_cpu_read(ist_top[ist - 1]) ?:
	       (unsigned long)boot_ist_stacks[ist - 1] + IST_STACK_SIZE;
}

unsigned long ist_stack_top_cpu(unsigned int cpu, int ist)
{
	if (ist < 1 || ist > IST_SLOTS || cpu >= NR_CPUS)
		return 0;
	return per_cpu(ist_top[ist - 1], cpu);
}

int gdt_alloc_cpu(unsigned int cpu)
{
	struct page *page;

	if (cpu == 0) {
		for (int i = 0; i < IST_SLOTS; i++)
			per_cpu(ist_top[i], 0) = (unsigned long)boot_ist_stacks[i] + IST_STACK_SIZE;
		return 0;
	}
	if (per_cpu(ist_top[0], cpu))
		return 0;
	page = alloc_pages(GFP_KERNEL, get_order(IST_SLOTS * IST_STACK_SIZE));
	if (!page)
		return -ENOMEM;
	for (int i = 0; i < IST_SLOTS; i++)
		per_cpu(ist_top[i], cpu) = (unsigned long)page_address(page) +
					   (unsigned long)(i + 1) * IST_STACK_SIZE;
	return 0;
}

void update_task_stack(unsigned long sp0)
{
	this_cpu_ptr(&cpu_tss_rw)->rsp[0] = sp0;
	this_cpu_write(cpu_current_top_of_stack, sp0);
}

void gdt_init(void)
{
	u64 *gdt = this_cpu_ptr(&gdt_page)->gdt;
	struct tss *tss = this_cpu_ptr(&cpu_tss_rw);
	struct desc_ptr p = { sizeof(struct gdt_page) - 1, (u64)gdt };

	if (smp_processor_id() == 0)
		gdt_alloc_cpu(0);
	memset(gdt, 0, sizeof(struct gdt_page));
	gdt[GDT_ENTRY_KERNEL32_CS] = 0x00cf9a000000ffff;       /* 32-bit code, base 0, 4 GiB */
	gdt[GDT_ENTRY_KERNEL_CS] = 0x00af9a000000ffff;         /* 64-bit code: L=1, DPL 0 */
	gdt[GDT_ENTRY_KERNEL_DS] = 0x00cf92000000ffff;         /* data, writable */
	gdt[GDT_ENTRY_DEFAULT_USER32_CS] = 0x00cffa000000ffff; /* 32-bit code, DPL 3 */
	gdt[GDT_ENTRY_DEFAULT_USER_DS] = 0x00cff2000000ffff;   /* data, DPL 3 */
	gdt[GDT_ENTRY_DEFAULT_USER_CS] = 0x00affa000000ffff;   /* 64-bit code, DPL 3 */
	memset(tss, 0, sizeof(*tss));
	for (int i = 1; i <= IST_SLOTS; i++)
		tss->ist[i - 1] = ist_stack_top(i);
	tss->iomap_base = sizeof(*tss);         /* no I/O permission bitmap */
	set_tss_desc(&gdt[GDT_ENTRY_TSS], (unsigned long)tss, sizeof(*tss) - 1);

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
	syscall_init();
}
