/* struct ucontext of a signal frame (Linux's arch/x86/include/uapi/asm/ucontext.h). */
#ifndef _UAPI_ASM_X86_UCONTEXT_H
#define _UAPI_ASM_X86_UCONTEXT_H

#include <uapi/asm/sigcontext.h>
#include <uapi/asm/signal.h>

#define UC_FP_XSTATE            0x1     /* fpstate holds XSAVE data (Atlas: never) */
#define UC_SIGCONTEXT_SS        0x2     /* uc_mcontext.ss is valid */
#define UC_STRICT_RESTORE_SS    0x4     /* sigreturn restores ss as saved */

struct ucontext {
	unsigned long uc_flags;
	struct ucontext __user *uc_link;
	stack_t uc_stack;
	struct sigcontext uc_mcontext;
	u64 uc_sigmask;                 /* sigset_t: the mask to restore */
};

#endif
