/*
 * The frame a signal handler finds on its stack (Linux's
 * arch/x86/include/asm/sigframe.h, 64-bit): RSP points at pretcode, the
 * return address the handler's `ret` pops (sa_restorer: musl's and glibc's
 * __restore_rt, which calls rt_sigreturn); the handler's arguments are
 * (sig, &info, &uc).  Below the frame's start (at higher addresses) lies the
 * FXSAVE image uc.uc_mcontext.fpstate points at.  The offsets are the ABI;
 * kernel/signal_64.c checks them against Linux's at compile time.
 */
#ifndef ATLAS_ASM_SIGFRAME_H
#define ATLAS_ASM_SIGFRAME_H

#include <uapi/asm/siginfo.h>
#include <uapi/asm/ucontext.h>

struct rt_sigframe {
	char __user *pretcode;          /* 0: sa_restorer */
	struct ucontext uc;             /* 8 */
	siginfo_t info;                 /* 312 */
};                                      /* 440 bytes */

#define FXSAVE_SIZE     512             /* struct _fpstate_64 */
#define FXSAVE_ALIGN    64              /* Linux aligns the FPU image to 64 (XSAVE's need) */

#endif
