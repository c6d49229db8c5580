/*
 * The way out of the kernel (Linux's kernel/entry/common.c): before a return
 * to user mode the task does the work its TIF flags ask for (reschedule,
 * deliver signals); before a return to kernel code from an interrupt, the
 * task is preempted if it was asked to and the code it interrupted may be.
 * Exceptions raised by user code are turned into signals here, with Linux's
 * "traps:" line, instead of an oops.
 */
#define pr_fmt(fmt) "traps: " fmt

#include <asm/desc.h>
#include <asm/msr.h>
#include <kernel/irqflags.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/traps.h>
#include <kernel/string.h>
#include <uapi/asm/siginfo.h>

#include "entry_internal.h"
#include "sched_internal.h"
#include "sched_deps.h"


static DEFINE_PER_CPU(struct pt_regs *, irq_regs);

struct pt_regs *get_irq_regs(void)
{
	return this_cpu_read(irq_regs);
}

struct pt_regs *set_irq_regs(struct pt_regs *regs)
{
	struct pt_regs *old = this_cpu_read(irq_regs);

	this_cpu_write(irq_regs, regs);
	return old;
}

#define EXIT_TO_USER_WORK (_TIF_NEED_RESCHED | _TIF_SIGPENDING | _TIF_NOTIFY_RESUME)

void syscall_exit_to_user_mode(struct pt_regs *regs)
{
	struct task_struct *t = current;
	unsigned long work;

	local_irq_disable();
	while ((work = READ_ONCE(t->thread_info.flags) & EXIT_TO_USER_WORK)) {
		local_irq_enable();
		if (work & _TIF_NEED_RESCHED)
			schedule();
		if (work & _TIF_SIGPENDING)
			arch_do_signal_or_restart(regs);
		if (work & _TIF_NOTIFY_RESUME)
			clear_tsk_thread_flag(t, TIF_NOTIFY_RESUME);
		local_irq_disable();
	}
}

void irqentry_exit(struct pt_regs *regs)
{
	if (user_mode(regs)) {
		regs->orig_ax = -1UL;   /* no system call to restart (Linux's idtentry) */
		syscall_exit_to_user_mode(regs);
	} else if ((regs->flags & X86_EFLAGS_IF) && !preempt_count() && need_resched())
		preempt_schedule_irq();
}

/* The signal an exception raised in user mode gets, its si_code, and Linux's word for it. */
static int trap_signal(unsigned long vector, int *code, const char **what)
{
	*code = SI_KERNEL;
	switch (vector) {
	case X86_TRAP_DE:
		*code = FPE_INTDIV;
		*what = "trap divide error";
		return SIGFPE;
	case X86_TRAP_UD:
		*code = ILL_ILLOPN;
		*what = "trap invalid opcode";
		return SIGILL;
	case X86_TRAP_BP:
	case X86_TRAP_DB:
		*what = "trap int3";
		return SIGTRAP;
	case X86_TRAP_AC:
		*code = BUS_ADRERR;
		*what = "alignment check";
		return SIGBUS;
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		*what = "SIMD coprocessor error";
		return SIGFPE;
	default:
		*what = exception_name(vector);
		return SIGSEGV;
	}
}

void do_user_trap(struct pt_regs *regs, unsigned long cr2)
{
	const char *what;
	int sig, code;

	local_irq_enable();             /* user code always runs with interrupts on */
	if (regs->vector == X86_TRAP_PF) {
		current->min_flt++;     /* /proc/PID/stat's minflt (no fault here reads a disk) */
		do_user_addr_fault(regs, regs->error_code, cr2);
	} else {
		sig = trap_signal(regs->vector, &code, &what);
		if (unhandled_signal(current, sig))     /* Linux's show_unhandled_signals */
			pr_info("%s[%d] %s ip:%lx sp:%lx error:%lx\n", current->comm, current->pid,
				what, regs->ip, regs->sp, regs->error_code);
		force_sig_fault(sig, code, (void __user *)regs->ip);
	}
	regs->orig_ax = -1UL;           /* the vector is done with: no system call to restart */
	syscall_exit_to_user_mode(regs);
}

void ret_from_kernel_thread(long ret, struct pt_regs *regs)
{
	if (!user_mode(regs))
		do_exit(ret);           /* no exec: the thread is done */
}

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	/* exec: a user program now, with no TLS yet (Linux's start_thread_common) */
	current->flags &= ~PF_KTHREAD;
	current->thread.fsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	fpu_flush_thread(current);      /* Linux's initial x87/SSE state */
	memset(regs, 0, sizeof(*regs));
	regs->ip = ip;
	regs->sp = sp;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->flags = X86_EFLAGS_IF;
	regs->orig_ax = -1UL;           /* not in a system call: nothing to restart */
}
