/* The registers saved on exception entry (kernel/entry.asm), as Linux's pt_regs. */
#ifndef ATLAS_ASM_PTRACE_H
#define ATLAS_ASM_PTRACE_H

#include <kernel/types.h>

struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx;
	unsigned long r11, r10, r9, r8, ax, cx, dx, si, di;
	union {
		unsigned long vector;   /* pushed by our stub (exceptions, interrupts) */
		unsigned long orig_ax;  /* the system call number (entry_SYSCALL_64) */
	};
	unsigned long error_code;       /* pushed by the CPU, or 0 by our stub */
	/* the CPU's interrupt frame */
	unsigned long ip, cs, flags, sp, ss;
};

/* Whether regs were saved in user mode (CPL 3 in the saved CS). */
static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

#endif
