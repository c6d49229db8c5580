/*
 * The IDT and the exception handlers: decide whether a fault is expected (the
 * exception table, or a test's fault catcher) and otherwise print an oops in
 * Linux's format and panic.
 */
#include <asm/desc.h>
#include <asm/extable.h>
#include <asm/hardirq.h>
#include <asm/processor.h>
#include <errno.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/irq.h>
#include <kernel/smp.h>
#include <kernel/traps.h>
#include <mm/fault.h>
#include <mm/mmap.h>

#define IDT_ENTRIES 256
#define GATE_INTERRUPT 0x8e     /* present, DPL 0, 64-bit interrupt gate (IF cleared) */

struct idt_entry {
	u16 offset_low;
	u16 selector;
	u8  ist;
	u8  type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __attribute__((packed));

static struct idt_entry idt[IDT_ENTRIES] __attribute__((aligned(16)));
extern const unsigned long exception_stubs[32];
extern const unsigned long irq_stubs[IDT_ENTRIES - FIRST_EXTERNAL_VECTOR];

static const char *const names[32] = {
	[X86_TRAP_DE] = "divide error",        [X86_TRAP_DB] = "debug",
	[X86_TRAP_NMI] = "NMI",                [X86_TRAP_BP] = "int3",
	[X86_TRAP_OF] = "overflow",            [X86_TRAP_BR] = "bounds",
	[X86_TRAP_UD] = "invalid opcode",      [X86_TRAP_NM] = "device not available",
	[X86_TRAP_DF] = "double fault",        [9] = "coprocessor segment overrun",
	[X86_TRAP_TS] = "invalid TSS",         [X86_TRAP_NP] = "segment not present",
	[X86_TRAP_SS] = "stack segment",       [X86_TRAP_GP] = "general protection fault",
	[X86_TRAP_PF] = "page fault",          [X86_TRAP_MF] = "coprocessor error",
	[X86_TRAP_AC] = "alignment check",     [X86_TRAP_MC] = "machine check",
	[X86_TRAP_XF] = "SIMD coprocessor error", [20] = "virtualization exception",
	[21] = "control protection fault",
};

const char *exception_name(unsigned long vector)
{
	if (vector < 32 && names[vector])
		return names[vector];
	return "reserved exception";
}

static void set_gate(int vec, unsigned long handler, int ist)
{
	idt[vec] = (struct idt_entry){
		.offset_low = handler & 0xffff,
		.selector = __KERNEL_CS,
		.ist = ist,
		.type_attr = GATE_INTERRUPT,
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_high = handler >> 32,
	};
}

void idt_init(void)
{
	struct { u16 limit; u64 base; } __attribute__((packed)) p = {
		sizeof(idt) - 1, (u64)idt
	};

	for (int v = 0; v < 32; v++)
		set_gate(v, exception_stubs[v], 0);
	for (int v = FIRST_EXTERNAL_VECTOR; v < IDT_ENTRIES; v++)
		set_gate(v, irq_stubs[v - FIRST_EXTERNAL_VECTOR], 0);
	set_gate(X86_TRAP_DF, exception_stubs[X86_TRAP_DF], IST_DF);
	set_gate(X86_TRAP_NMI, exception_stubs[X86_TRAP_NMI], IST_NMI);
	set_gate(X86_TRAP_MC, exception_stubs[X86_TRAP_MC], IST_MCE);
	__asm__ volatile("lidt %0" : : "m"(p));
}

/* ---- the fault catcher (see traps.h) ---- */

struct fault_catcher {
	unsigned long saved[7];         /* rbx rbp r12 r13 r14 r15 rsp: entry.asm's layout */
	bool report;
	struct fault_record rec;
	struct fault_catcher *prev;     /* catchers nest */
	unsigned long flags;            /* RFLAGS at the catch: IF is restored on the way out */
	unsigned int preempt_count;     /* a fault in a deeper interrupt handler is not ours */
};

/* Each CPU catches its own faults. */
static DEFINE_PER_CPU(struct fault_catcher *, active_catcher);
extern long fault_catch_call(void (*fn)(void *), void *arg, struct fault_catcher *c);
extern __noreturn void fault_catch_throw(struct fault_catcher *c);
extern char fault_catch_landing[];

int try_catch_fault(void (*fn)(void *), void *arg, struct fault_record *rec, bool report)
{
	struct fault_catcher c = { .report = report, .prev = this_cpu_read(active_catcher),
				   .flags = arch_local_save_flags(), .preempt_count = preempt_count() };
	long ret;

	this_cpu_write(active_catcher, &c);
	ret = fault_catch_call(fn, arg, &c);
	this_cpu_write(active_catcher, c.prev);
	if (ret) {
		/* fn was cut short: undo what it left behind (interrupts off, say) */
		this_cpu_write(__preempt_count, c.preempt_count);
		if (c.flags & X86_EFLAGS_IF)
			local_irq_enable();
		else
			local_irq_disable();
	}
	if (rec)
		*rec = c.rec;
	return ret;
}

void try_catch_throw(void)
{
	struct fault_catcher *c = this_cpu_read(active_catcher);

	if (!c)
		panic("try_catch_throw() outside try_catch_fault()");
	this_cpu_write(active_catcher, c->prev);
	fault_catch_throw(c);
}

/* Make the interrupted context return from fault_catch_call with -EFAULT. */
static void catcher_recover(struct fault_catcher *c, struct pt_regs *regs, unsigned long cr2)
{
	c->rec = (struct fault_record){ regs->vector, regs->error_code, cr2, regs->ip };
	this_cpu_write(active_catcher, c->prev);        /* one fault per catch */
	regs->bx = c->saved[0];
	regs->bp = c->saved[1];
	regs->r12 = c->saved[2];
	regs->r13 = c->saved[3];
	regs->r14 = c->saved[4];
	regs->r15 = c->saved[5];
	regs->sp = c->saved[6];
	regs->ax = (unsigned long)-EFAULT;
	regs->ip = (unsigned long)fault_catch_landing;
}

/* ---- the oops report ---- */

static int die_counter;

/* Linux's show_fault_oops(): what kind of access failed, and why. */
static void show_page_fault(struct pt_regs *regs, unsigned long cr2)
{
	unsigned long ec = regs->error_code;

	if (cr2 < 4096)
		pr_alert("BUG: kernel NULL pointer dereference, address: %016lx\n", cr2);
	else
		pr_alert("BUG: unable to handle page fault for address: %016lx\n", cr2);
	pr_alert("#PF: %s %s in %s mode\n",
		 (ec & X86_PF_USER) ? "user" : "supervisor",
		 (ec & X86_PF_INSTR) ? "instruction fetch" :
		 (ec & X86_PF_WRITE) ? "write access" : "read access",
		 (regs->cs & 3) ? "user" : "kernel");
	pr_alert("#PF: error_code(0x%04lx) - %s\n", ec,
		 !(ec & X86_PF_PROT) ? "not-present page" :
		 (ec & X86_PF_RSVD) ? "reserved bit violation" :
		 (ec & X86_PF_PK) ? "protection keys violation" : "permissions violation");
	explain_fault_address(cr2);
	printk(KERN_ALERT "Oops: %04lx [#%d]\n", ec & 0xffff, ++die_counter);
}

void show_oops(struct pt_regs *regs, unsigned long cr2)
{
	unsigned long flags;

	printk_cpu_sync_get_irqsave(flags);     /* one oops, whole, even if two CPUs fault */
	if (regs->vector == X86_TRAP_PF)
		show_page_fault(regs, cr2);
	else
		printk(KERN_ALERT "%s: %04lx [#%d]\n", exception_name(regs->vector),
		       regs->error_code & 0xffff, ++die_counter);
	show_regs(regs);
	printk_cpu_sync_put_irqrestore(flags);
}

static DEFINE_PER_CPU(int, in_exception);

void do_exception(struct pt_regs *regs)
{
	unsigned long cr2 = regs->vector == X86_TRAP_PF ? read_cr2() : 0;
	struct fault_catcher *catcher;

	if (regs->vector >= FIRST_EXTERNAL_VECTOR) {
		struct pt_regs *old = set_irq_regs(regs);

		do_irq(regs);
		set_irq_regs(old);
		irqentry_exit(regs);    /* preemption, or the work before user mode */
		return;
	}
	if (user_mode(regs) && regs->vector != X86_TRAP_NMI && regs->vector != X86_TRAP_MC) {
		do_user_trap(regs, cr2);        /* a signal for the process, not an oops */
		return;
	}
	/* the kernel at a user address (uaccess): demand paging, copy on write (mm/fault.c) */
	if (regs->vector == X86_TRAP_PF && !(regs->cs & 3) &&
	    fault_in_user_address(regs, regs->error_code, cr2))
		return;
	if (fixup_exception(regs))
		return;
	if (regs->vector == X86_TRAP_NMI) {
		inc_irq_stat(__nmi_count);
		printk_once(KERN_EMERG "Uhhuh. NMI received for unknown reason 00 on CPU %u.\n",
			    smp_processor_id());
		return;
	}
	if (regs->vector == X86_TRAP_BP || regs->vector == X86_TRAP_DB) {
		pr_info("%s at %pS: continuing\n", exception_name(regs->vector), (void *)regs->ip);
		return;
	}
	if (this_cpu_read(in_exception)) {
		/* the report itself faulted: say so as simply as possible and stop */
		pr_emerg("%s while handling an exception, at %pS\n",
			 exception_name(regs->vector), (void *)regs->ip);
		panic("Fatal exception in exception handler");
	}
	this_cpu_inc(in_exception);
	catcher = this_cpu_read(active_catcher);
	if (catcher && catcher->preempt_count == preempt_count()) {
		if (catcher->report)
			show_oops(regs, cr2);
		catcher_recover(catcher, regs, cr2);
		this_cpu_dec(in_exception);
		return;
	}
	show_oops(regs, cr2);
	panic("Fatal exception");
}
