/*
 * What the monitor's `run` calls in other lanes (sched: kernel_thread,
 * kernel_wait4, do_exit; mm: kernel_execve), with the agreed signatures;
 * kernel/monitor_stubs.c has weak stand-ins until they are on main.
 */
#ifndef ATLAS_KERNEL_MONITOR_RUN_H
#define ATLAS_KERNEL_MONITOR_RUN_H

#include <kernel/compiler.h>

int kernel_thread(int (*fn)(void *), void *arg, unsigned long flags);
int kernel_wait4(int pid, int *status, int options);
__noreturn void do_exit(long code);
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp);

#endif
