/*
 * What the scheduler calls in other lanes' subsystems, from their headers,
 * and the declarations of lane mm's exec entry points until fs/exec.c lands
 * (kernel/sched_stubs.c has weak stand-ins for those).
 */
#ifndef ATLAS_KERNEL_SCHED_STUBS_H
#define ATLAS_KERNEL_SCHED_STUBS_H

#include <fs/fs.h>
#include <kernel/compiler.h>
#include <kernel/signal.h>
#include <kernel/types.h>
#include <mm/mmap.h>

/* the execve syscall's loader (filename: a kernel string; argv, envp: user pointers) */
int do_execve(const char *filename, const char __user *const __user *argv,
	      const char __user *const __user *envp);
/* exec from the kernel (init=, the monitor's run): kernel pointers */
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp);

/* Lane signals' x87/SSE registers reset to Linux's initial state at exec (kernel/fpu.c). */
void fpu_flush_thread(struct task_struct *t);

#endif
