/*
 * The user's x87/SSE registers (Linux's arch/x86/include/asm/fpu/api.h,
 * reduced to FXSAVE): the kernel never uses them (-mgeneral-regs-only), so
 * they hold the running user task's values and only a task switch, fork,
 * exec and a signal frame need to save or load them.  kernel/fpu.c.
 */
#ifndef ATLAS_ASM_FPU_H
#define ATLAS_ASM_FPU_H

#include <kernel/types.h>

struct task_struct;

#define FPU_STATE_SIZE  512             /* the FXSAVE image (struct _fpstate_64) */

struct fpu {
	u8 state[FPU_STATE_SIZE];       /* FXSAVE image; alignment: copied through a buffer */
	bool initialized;               /* state holds a user's registers */
};

/*
 * Let user code use SSE on this CPU: CR0.EM off, CR0.MP and NE on, CR4.OSFXSR
 * and OSXMMEXCPT on (Intel SDM vol 3A §13.1.3), then FNINIT.  Every CPU, once,
 * before its first return to user mode (syscall_init).
 */
void fpu__init_cpu(void);

/* Context switch: save prev's user registers, load next's. */
void switch_fpu(struct task_struct *prev, struct task_struct *next);

/* fork: dst starts with current's registers as they are now. */
void fpu_clone(struct task_struct *dst);

/* exec: t's registers are reset to Linux's initial state (FCW 0x37f, MXCSR 0x1f80). */
void fpu_flush_thread(struct task_struct *t);

/* Save and load the registers as an FXSAVE image, for a signal frame (aligned 16). */
void fxsave_regs(void *image);
void fxrstor_regs(void *image);

#endif
