/*
 * For the in-guest suites: call a system call's table entry (the .syscalls
 * section) the way the syscall entry would, with its arguments in the
 * registers of Linux's ABI, from kernel context.  A __user pointer argument
 * that is a kernel address fails access_ok, so it checks the -EFAULT paths.
 */
#ifndef ATLAS_TESTS_SYSCALL_CALL_H
#define ATLAS_TESTS_SYSCALL_CALL_H

#include <errno.h>
#include <kernel/syscalls.h>

/* The result of system call nr with up to four arguments; -ENOSYS if no entry has nr. */
static inline long test_syscall(unsigned int nr, unsigned long a0, unsigned long a1,
				unsigned long a2, unsigned long a3)
{
	struct pt_regs regs = { .di = a0, .si = a1, .dx = a2, .r10 = a3, .ax = nr };

	for (const struct syscall_entry *e = __syscalls_start; e < __syscalls_end; e++)
		if (e->nr == nr)
			return e->fn(&regs);
	return -ENOSYS;
}

#endif
