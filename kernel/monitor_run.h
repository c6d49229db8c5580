/*
 * What the monitor's `run` calls in lane mm (kernel_execve), with the agreed
 * signature; kernel/sched_stubs.c has a weak stand-in until it is on main.
 * (kernel_thread, kernel_wait4 and do_exit are in include/kernel/sched.h.)
 */
#ifndef ATLAS_KERNEL_MONITOR_RUN_H
#define ATLAS_KERNEL_MONITOR_RUN_H

#include <kernel/compiler.h>

int kernel_execve(const char *filename, const char *const *argv, const char *const *envp);

#endif
