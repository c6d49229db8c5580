/* The system call table's private side (kernel/syscall.c, syscall_names.c). */
#ifndef ATLAS_KERNEL_SYSCALL_INTERNAL_H
#define ATLAS_KERNEL_SYSCALL_INTERNAL_H

#include <kernel/syscalls.h>

/* One more than the highest number Linux x86-64 has (__NR_set_mempolicy_home_node 450). */
#define NR_syscalls 451

/* "read", "write", ... by number; NULL where Linux has no call. */
extern const char *const syscall_names[NR_syscalls];

/* Linux's name of system call nr ("read"), or "?". */
const char *syscall_name(unsigned long nr);
/* Whether some SYSCALL_DEFINE claims nr. */
bool syscall_implemented(unsigned long nr);
/* Whether unimplemented nr has been logged (its first use). */
bool syscall_logged_unimplemented(unsigned long nr);

#endif
