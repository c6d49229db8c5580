/* Entry and exit of the kernel (kernel/entry_common.c, syscall.c, entry_64.asm). */
#ifndef ATLAS_KERNEL_ENTRY_INTERNAL_H
#define ATLAS_KERNEL_ENTRY_INTERNAL_H

#include <asm/ptrace.h>
#include <kernel/types.h>

/*
 * The work before any return to user mode (Linux's exit_to_user_mode_loop):
 * schedule() while TIF_NEED_RESCHED, arch_do_signal_or_restart(regs) while
 * TIF_SIGPENDING.  Returns with interrupts off.
 */
void syscall_exit_to_user_mode(struct pt_regs *regs);

/* The system call: run it, the exit work; true if SYSRET may return (entry_64.asm). */
bool do_syscall_64(struct pt_regs *regs, unsigned long nr);

/* A kernel thread's function returned ret: to user mode if it exec'd, else do_exit(ret). */
void ret_from_kernel_thread(long ret, struct pt_regs *regs);

#endif
