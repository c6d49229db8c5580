/*
 * The page-fault handler's user part (at the end: demand paging, stack
 * growth, copy on write, Linux's segfault line), and the page-fault
 * explainer: after the oops's "#PF:" lines, one more line that says where
 * the faulting address lies, in the terms of the address map in
 * include/asm/page.h, so a student's first page fault teaches something:
 *
 *   #PF: 0xffffc90000003000 is the guard page after the vmalloc area
 *        0xffffc90000001000-0xffffc90000003000 (allocated by foo+0x12/0x40)
 */
#include <asm/sections.h>
#include <asm/smap.h>
#include <errno.h>
#include <kernel/err.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/smp.h>
#include <kernel/traps.h>
#include <kernel/uaccess.h>
#include <kernel/init.h>
#include <kernel/ioport.h>
#include <kernel/kernel.h>
#include <kernel/lab.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <mm/e820.h>
#include <mm/fault.h>
#include <mm/mmap.h>
#include <mm/vmalloc.h>
#include <fs/fs.h>
#include <kernel/signal.h>

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

/* ---- the user part of the page-fault handler (Linux's arch/x86/mm/fault.c) ---- */

#define STACK_RLIMIT      (8UL << 20)          /* RLIMIT_STACK's default, 8 MiB */
#define STACK_GUARD_GAP   (256UL << PAGE_SHIFT) /* Linux's stack_guard_gap */
#define OPCODE_PROLOGUE   42                    /* Linux's show_opcodes: bytes before ip ... */
#define OPCODE_EPILOGUE   21                    /* ... and after it */

/*
 * Grow the stack VMA down to cover address (Linux's expand_downwards): within
 * RLIMIT_STACK and not closer than the guard gap to the VMA below.
 */
static int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
#ifndef LAB6_STARTER   /* LAB 6 BEGIN: stack growth */
	struct vm_area_struct *prev = vma_prev(vma);
	unsigned long start = address & PAGE_MASK;

	if (!(vma->vm_flags & VM_GROWSDOWN) || address < MMAP_MIN_ADDR)
		return -EFAULT;
	if (vma->vm_end - start > STACK_RLIMIT)
		return -ENOMEM;
	if (prev && start - prev->vm_end < STACK_GUARD_GAP)
		return -ENOMEM;
	vma->vm_mm->stack_vm += (vma->vm_start - start) >> PAGE_SHIFT;
	vma->vm_mm->total_vm += (vma->vm_start - start) >> PAGE_SHIFT;
	vma->vm_start = start;
	vma->vm_pgoff = start >> PAGE_SHIFT;
	return 0;
#else           /* LAB 6 STARTER */
	/*
	 * TODO (lab 6, exercise 5): grow the stack, as Linux's expand_downwards
	 * and acct_stack_growth (mm/mmap.c).  address lies below vma, the first
	 * VMA above it.  Refuse (-EFAULT) an address below MMAP_MIN_ADDR;
	 * refuse (-ENOMEM) a stack that would span more than STACK_RLIMIT, or
	 * come closer than STACK_GUARD_GAP to the VMA below it (vma_prev).
	 * Then move vm_start down to address's page (vm_pgoff follows
	 * vm_start: an anonymous VMA's pgoff is its start page), count the new
	 * pages in the mm's stack_vm and total_vm, and return 0.
	 */
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -EFAULT;         /* not a stack: an ordinary bad access */
	lab_not_implemented(6, "growing the stack");
	return -ENOMEM;
#endif          /* LAB 6 END */
}

/* Linux's print_vma_addr: " in NAME[start+size]" for the file VMA at or above ip. */
static int vma_addr_text(char *buf, size_t size, struct mm_struct *mm, unsigned long ip)
{
	struct vm_area_struct *vma;
	char path[128];
	const char *p, *base;
	int n = 0;

	if (!mm)
		return 0;
	mmap_read_lock(mm);
	vma = find_vma(mm, ip);
	if (vma && vma->vm_file) {
		p = file_path(vma->vm_file, path, sizeof(path));
		if (IS_ERR(p))
			p = "?";
		base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
		n = scnprintf(buf, size, " in %s[%lx+%lx]", base, vma->vm_start,
			      vma->vm_end - vma->vm_start);
	}
	mmap_read_unlock(mm);
	return n;
}

/* Linux's show_opcodes: the code bytes around ip, or why not. */
static void show_user_opcodes(const char *loglvl, unsigned long ip)
{
	u8 code[OPCODE_PROLOGUE + 1 + OPCODE_EPILOGUE];
	char line[3 * sizeof(code) + 8];
	int n = 0;

	if (ip < OPCODE_PROLOGUE ||
	    copy_from_user(code, (const void __user *)(ip - OPCODE_PROLOGUE), sizeof(code))) {
		printk("%sCode: Unable to access opcode bytes at 0x%lx.\n", loglvl,
		       ip - OPCODE_PROLOGUE);
		return;
	}
	for (size_t i = 0; i < sizeof(code); i++)
		n += scnprintf(line + n, sizeof(line) - n, i == OPCODE_PROLOGUE ? "<%02x> " : "%02x ",
			       code[i]);
	line[n ? n - 1 : 0] = '\0';
	printk("%sCode: %s\n", loglvl, line);
}

/*
 * Linux's show_signal_msg, as 6.1 prints it:
 * "cat[12]: segfault at 0 ip 0000000000401000 sp 00007fffffffe000 error 4
 *  in cat[400000+1000] likely on CPU 0 (core 0, socket 0)", then the code bytes.
 */
static void show_signal_msg(struct pt_regs *regs, unsigned long error_code,
			    unsigned long address, struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	int pid = tsk ? tsk->pid : 0;
	const char *loglvl = pid > 1 ? KERN_INFO : KERN_EMERG;
	unsigned int cpu = smp_processor_id();
	char line[256];
	int n;

	n = scnprintf(line, sizeof(line), "%s[%d]: segfault at %lx ip %px sp %px error %lx",
		      tsk ? tsk->comm : "?", pid, address, (void *)regs->ip, (void *)regs->sp,
		      error_code);
	n += vma_addr_text(line + n, sizeof(line) - n, mm, regs->ip);
	scnprintf(line + n, sizeof(line) - n, " likely on CPU %u (core %u, socket 0)", cpu, cpu);
	printk("%s%s\n", loglvl, line);
	show_user_opcodes(loglvl, regs->ip);
}

static unsigned int fault_flags(const struct pt_regs *regs, unsigned long error_code)
{
	unsigned int flags = 0;

	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	if (regs->cs & 3)
		flags |= FAULT_FLAG_USER;
	return flags;
}

/* Find the VMA for address (growing the stack to it) and fault the page in: VM_FAULT_*. */
static unsigned int fault_in_vma(struct mm_struct *mm, struct pt_regs *regs,
				 unsigned long error_code, unsigned long address)
{
	struct vm_area_struct *vma;
	unsigned int ret = VM_FAULT_SIGSEGV;

	mmap_write_lock(mm);
	vma = find_vma(mm, address);
	if (vma && (vma->vm_start <= address || !expand_stack(vma, address)))
		ret = handle_mm_fault(vma, address, fault_flags(regs, error_code), regs);
	mmap_write_unlock(mm);
	return ret;
}

/* The faulting task's address space (Linux's current->mm): NULL in a kernel thread. */
static struct mm_struct *fault_mm(void)
{
	struct task_struct *t = current;

	return t ? t->mm : NULL;
}

/* SEGV_ACCERR if a VMA covers address (the access was not allowed), else SEGV_MAPERR (Linux's bad_area). */
static int segv_code(struct mm_struct *mm, unsigned long address)
{
	struct vm_area_struct *vma;
	int code = SEGV_MAPERR;

	if (address >= TASK_SIZE_MAX || !mm)
		return code;
	mmap_read_lock(mm);
	vma = find_vma(mm, address);
	if (vma && vma->vm_start <= address)
		code = SEGV_ACCERR;
	mmap_read_unlock(mm);
	return code;
}

void do_user_addr_fault(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	struct mm_struct *mm = fault_mm();
	unsigned int ret = VM_FAULT_SIGSEGV;

	local_irq_enable();             /* user code runs with interrupts on */
	if (address < TASK_SIZE_MAX && mm && !(error_code & X86_PF_RSVD))
		ret = fault_in_vma(mm, regs, error_code, address);
	if (ret & VM_FAULT_ERROR) {
		if (unhandled_signal(current, SIGSEGV))    /* Linux: a handler gets no log line */
			show_signal_msg(regs, error_code, address, mm);
		force_sig_fault(SIGSEGV, segv_code(mm, address), (void __user *)address);
	}
}

bool fault_in_user_address(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	struct mm_struct *mm = fault_mm();
	bool irqs_were_on = regs->flags & X86_EFLAGS_IF;
	unsigned int ret;

	/* the kernel's own addresses, a kernel thread's, and user ones reached without uaccess (SMAP) */
	if (address >= TASK_SIZE_MAX || !mm || (error_code & X86_PF_RSVD))
		return false;
	if (cpu_has_smap && !(regs->flags & X86_EFLAGS_AC))
		return false;           /* an oops, as Linux's "#PF: ... permissions violation" */
	if (irqs_were_on)
		local_irq_enable();     /* the fault may allocate and shoot down TLBs */
	ret = fault_in_vma(mm, regs, error_code, address);
	local_irq_disable();            /* as the exception came in; iret restores the rest */
	return !(ret & VM_FAULT_ERROR);
}
