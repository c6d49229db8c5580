/*
 * What the scheduler calls in the other subsystems (mm: switch_mm, mmput,
 * dup_mm, exec; fs: fd tables, cwd; signals: handlers, SIGCHLD, delivery,
 * the FPU), in one place for kernel/sched_*.c, fork.c, exit.c and friends.
 */
#ifndef ATLAS_KERNEL_SCHED_DEPS_H
#define ATLAS_KERNEL_SCHED_DEPS_H

#include <asm/fpu.h>
#include <fs/binfmts.h>
#include <fs/fs.h>
#include <kernel/signal.h>
#include <mm/mmap.h>

#endif
