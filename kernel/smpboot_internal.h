/* Shared by kernel/smpboot.c (bring-up) and kernel/smp_work.c (idle loop, work). */
#ifndef ATLAS_KERNEL_SMPBOOT_INTERNAL_H
#define ATLAS_KERNEL_SMPBOOT_INTERNAL_H

#include <kernel/compiler.h>

/* An AP's idle loop: hlt with interrupts on, running the work it is given. */
__noreturn void cpu_idle(void);

/* Register RESCHEDULE_VECTOR's handler (once, from smp_init). */
void smpboot_work_init(void);

#endif
