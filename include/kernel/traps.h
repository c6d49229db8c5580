/*
 * Exceptions: names, the oops report, and recovering from a fault on purpose.
 *
 * The fault catcher lets a test run code that faults (a NULL dereference, a
 * write to read-only memory, a jump into data) and get control back: if fn
 * faults, try_catch_fault() returns -EFAULT and says what happened in *rec.
 * With report set, the usual oops is printed first (so a test can check it);
 * without, the fault is silent.  The interrupt flag is restored as it was at
 * the catch; a fault inside an interrupt handler that interrupted fn is not
 * caught (its handler cannot be unwound): it oopses.  Linux's KUnit uses
 * kthreads for the same job.
 */
#ifndef ATLAS_KERNEL_TRAPS_H
#define ATLAS_KERNEL_TRAPS_H

#include <asm/ptrace.h>
#include <kernel/compiler.h>
#include <kernel/types.h>

/* Exception vectors (Intel SDM vol 3A table 6-1), Linux's names. */
enum {
	X86_TRAP_DE = 0, X86_TRAP_DB = 1, X86_TRAP_NMI = 2, X86_TRAP_BP = 3,
	X86_TRAP_OF = 4, X86_TRAP_BR = 5, X86_TRAP_UD = 6, X86_TRAP_NM = 7,
	X86_TRAP_DF = 8, X86_TRAP_TS = 10, X86_TRAP_NP = 11, X86_TRAP_SS = 12,
	X86_TRAP_GP = 13, X86_TRAP_PF = 14, X86_TRAP_MF = 16, X86_TRAP_AC = 17,
	X86_TRAP_MC = 18, X86_TRAP_XF = 19,
};

/* Page-fault error code bits (SDM vol 3A §4.7). */
#define X86_PF_PROT   (1UL << 0)   /* 0: page not present; 1: protection violation */
#define X86_PF_WRITE  (1UL << 1)
#define X86_PF_USER   (1UL << 2)
#define X86_PF_RSVD   (1UL << 3)   /* a reserved bit was set in an entry */
#define X86_PF_INSTR  (1UL << 4)   /* instruction fetch */
#define X86_PF_PK     (1UL << 5)

struct fault_record {
	unsigned long vector;
	unsigned long error_code;
	unsigned long address;          /* CR2, for page faults */
	unsigned long ip;
};

/*
 * Run fn(arg): 0 if it returns, -EFAULT if it faulted (details in *rec),
 * -EINTR if it called try_catch_throw().
 */
int try_catch_fault(void (*fn)(void *), void *arg, struct fault_record *rec,
		    bool report);

/* Leave the innermost try_catch_fault() at once (KUnit's assertion abort). */
__noreturn void try_catch_throw(void);

/* The exception's name ("page fault", "general protection fault", ...). */
const char *exception_name(unsigned long vector);

/* The oops report for regs, without stopping (used by die and by reports). */
void show_oops(struct pt_regs *regs, unsigned long cr2);

/* Register dump and the stack trace starting at regs' frame. */
void show_regs(struct pt_regs *regs);
void show_trace(unsigned long bp);

/* Entry point from kernel/entry.asm. */
void do_exception(struct pt_regs *regs);

struct pt_regs;

/*
 * The scheduler's side of an entry (kernel/entry_common.c), called by
 * do_exception: an exception raised in user mode becomes a signal (a page
 * fault goes to do_user_addr_fault), then the exit-to-user work.
 */
void do_user_trap(struct pt_regs *regs, unsigned long cr2);
/* After an interrupt: the exit-to-user work, or preemption of kernel code if allowed. */
void irqentry_exit(struct pt_regs *regs);
/* The registers an interrupt handler interrupted (Linux's set_irq_regs): the old value. */
struct pt_regs *set_irq_regs(struct pt_regs *regs);

#endif
