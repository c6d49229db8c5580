/*
 * The registers a signal handler sees and rt_sigreturn restores (Linux's
 * arch/x86/include/uapi/asm/sigcontext.h, 64-bit): struct sigcontext is
 * uc_mcontext of struct ucontext (asm/ucontext.h), in Linux's field order.
 */
#ifndef _UAPI_ASM_X86_SIGCONTEXT_H
#define _UAPI_ASM_X86_SIGCONTEXT_H

#include <kernel/types.h>

struct sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
	u64 rip;
	u64 eflags;                     /* RFLAGS */
	u16 cs;
	u16 gs;                         /* always 0 */
	u16 fs;                         /* always 0 */
	u16 ss;                         /* with UC_SIGCONTEXT_SS */
	u64 err;                        /* the fault's error code */
	u64 trapno;                     /* the exception vector */
	u64 oldmask;                    /* the first word of the blocked set */
	u64 cr2;                        /* the faulting address */
	u64 fpstate;                    /* user address of the FPU state, 0: none */
	u64 reserved1[8];
};

/* The legacy FXSAVE image (Intel SDM vol 1 §10.5.1) the fpstate pointer names. */
struct _fpstate_64 {
	u16 cwd, swd;
	u16 twd;                        /* abridged tag word */
	u16 fop;
	u64 rip, rdp;
	u32 mxcsr, mxcsr_mask;
	u32 st_space[32];               /* 8 x87 registers, 16 bytes each */
	u32 xmm_space[64];              /* 16 XMM registers, 16 bytes each */
	u32 reserved2[12];
	u32 sw_reserved[12];            /* Linux's _fpx_sw_bytes when XSAVE is used */
};

#endif
