/*
 * Signal delivery on x86-64 (Linux's arch/x86/kernel/signal.c): the frame a
 * handler runs on, rt_sigreturn, and the restart of interrupted system calls.
 *
 * Delivery.  On the way back to user mode with TIF_SIGPENDING, the scheduler's
 * exit path calls arch_do_signal_or_restart(regs).  get_signal() picks the
 * signal; if it has a handler, the user stack gets (from high to low):
 *
 *     regs->sp - 128               the interrupted code's red zone, kept
 *     FXSAVE image, 512 bytes      64-byte aligned: x87/SSE registers
 *     struct rt_sigframe           pretcode, ucontext, siginfo
 *                                  pretcode at 16n - 8, as after a call
 *
 * (or the same on the sigaltstack with SA_ONSTACK), and the registers are
 * set for the handler: RIP = handler, RSP = frame, RDI = sig, RSI = &info,
 * RDX = &uc, RAX = 0, DF/TF/RF cleared.  The handler returns into
 * sa_restorer (SA_RESTORER is required on x86-64, as Linux: without it the
 * task gets SIGSEGV), which calls rt_sigreturn.
 *
 * rt_sigreturn reads the frame back at RSP - 8 and restores every register,
 * the FPU image and the mask.  The frame is the user's, so nothing in it is
 * trusted: CS and SS become the user selectors whatever they say, only the
 * arithmetic flags plus AC, DF, TF, RF come from the frame (never IF, IOPL,
 * NT: Linux's FIX_EFLAGS), MXCSR's reserved bits are cleared (FXRSTOR would
 * fault on them), and a RIP outside the user half is refused with SIGSEGV
 * (Linux lets the return fault instead; refusing here is simpler to trust).
 *
 * Restart.  A system call interrupted by a signal returns -ERESTARTSYS (or
 * -ERESTARTNOINTR, -ERESTARTNOHAND).  If a handler runs: -ERESTARTSYS with
 * SA_RESTART and -ERESTARTNOINTR restart the call after the handler (RIP
 * backs up over the 2-byte SYSCALL, RAX = orig_ax, the number), the others
 * become -EINTR.  With no handler, all three restart.
 *
 * The FPU.  The kernel never touches the x87/SSE registers (-mgeneral-regs-only),
 * so at delivery they hold the interrupted code's values; FXSAVE copies them
 * into the frame and rt_sigreturn's FXRSTOR puts them back, so a handler that
 * uses SSE (printf does) cannot corrupt the code it interrupted.
 */
#include <asm/fpu.h>
#include <asm/sigframe.h>
#include <errno.h>
#include <kernel/irqflags.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>

#include "signal_internal.h"

#define RED_ZONE        128             /* the System V ABI's: leaf code may use it */
#define SYSCALL_INSN_LEN 2              /* 0f 05 */
#define MXCSR_DEFAULT_MASK 0x0000ffbfU  /* when FXSAVE reports mask 0 (SDM vol 1 §11.6.6) */

#define FLAG_CF 0x0001UL
#define FLAG_PF 0x0004UL
#define FLAG_AF 0x0010UL
#define FLAG_ZF 0x0040UL
#define FLAG_SF 0x0080UL
#define FLAG_TF 0x0100UL
#define FLAG_DF 0x0400UL
#define FLAG_OF 0x0800UL
#define FLAG_RF 0x10000UL
#define FLAG_AC 0x40000UL
/* The flags a signal frame may set (Linux's FIX_EFLAGS) */
#define FIX_EFLAGS (FLAG_AC | FLAG_OF | FLAG_DF | FLAG_TF | FLAG_SF | FLAG_ZF | \
		    FLAG_AF | FLAG_PF | FLAG_CF | FLAG_RF)

/* Linux's offsets: a program that reads the frame (a debugger, libunwind) finds the same. */
BUILD_BUG_ON(sizeof(struct sigcontext) != 256);
BUILD_BUG_ON(__builtin_offsetof(struct sigcontext, rip) != 128);
BUILD_BUG_ON(__builtin_offsetof(struct sigcontext, cs) != 144);
BUILD_BUG_ON(__builtin_offsetof(struct sigcontext, fpstate) != 184);
BUILD_BUG_ON(sizeof(stack_t) != 24);
BUILD_BUG_ON(__builtin_offsetof(struct ucontext, uc_mcontext) != 40);
BUILD_BUG_ON(__builtin_offsetof(struct ucontext, uc_sigmask) != 296);
BUILD_BUG_ON(sizeof(siginfo_t) != 128);
BUILD_BUG_ON(__builtin_offsetof(siginfo_t, si_addr) != 16);
BUILD_BUG_ON(__builtin_offsetof(siginfo_t, si_status) != 24);
BUILD_BUG_ON(__builtin_offsetof(struct rt_sigframe, uc) != 8);
BUILD_BUG_ON(__builtin_offsetof(struct rt_sigframe, info) != 312);
BUILD_BUG_ON(sizeof(struct rt_sigframe) != 440);
BUILD_BUG_ON(sizeof(struct _fpstate_64) != FXSAVE_SIZE);

/* ---- registers <-> sigcontext ---- */

void sigcontext_from_regs(struct sigcontext *sc, const struct pt_regs *regs)
{
	memset(sc, 0, sizeof(*sc));
	sc->r8 = regs->r8;
	sc->r9 = regs->r9;
	sc->r10 = regs->r10;
	sc->r11 = regs->r11;
	sc->r12 = regs->r12;
	sc->r13 = regs->r13;
	sc->r14 = regs->r14;
	sc->r15 = regs->r15;
	sc->rdi = regs->di;
	sc->rsi = regs->si;
	sc->rbp = regs->bp;
	sc->rbx = regs->bx;
	sc->rdx = regs->dx;
	sc->rax = regs->ax;
	sc->rcx = regs->cx;
	sc->rsp = regs->sp;
	sc->rip = regs->ip;
	sc->eflags = regs->flags;
	sc->cs = (u16)regs->cs;
	sc->ss = (u16)regs->ss;
}

int regs_from_sigcontext(struct pt_regs *regs, const struct sigcontext *sc)
{
	if (sc->rip >= TASK_SIZE_MAX)
		return -EFAULT;
	regs->r8 = sc->r8;
	regs->r9 = sc->r9;
	regs->r10 = sc->r10;
	regs->r11 = sc->r11;
	regs->r12 = sc->r12;
	regs->r13 = sc->r13;
	regs->r14 = sc->r14;
	regs->r15 = sc->r15;
	regs->di = sc->rdi;
	regs->si = sc->rsi;
	regs->bp = sc->rbp;
	regs->bx = sc->rbx;
	regs->dx = sc->rdx;
	regs->ax = sc->rax;
	regs->cx = sc->rcx;
	regs->sp = sc->rsp;
	regs->ip = sc->rip;
	regs->flags = (regs->flags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	regs->cs = __USER_CS;           /* whatever the frame says: user mode */
	regs->ss = __USER_DS;
	regs->orig_ax = -1UL;           /* not a system call: nothing to restart */
	return 0;
}

/* ---- the FPU image ---- */

/* Load fx into the FPU, with MXCSR's reserved bits cleared (else FXRSTOR faults). */
static void fxrstor_checked(struct _fpstate_64 *fx)
{
	static u32 mxcsr_mask;

	if (!mxcsr_mask) {
		struct _fpstate_64 probe __aligned(16);

		fxsave_regs(&probe);
		mxcsr_mask = probe.mxcsr_mask ? probe.mxcsr_mask : MXCSR_DEFAULT_MASK;
	}
	fx->mxcsr &= mxcsr_mask;
	fxrstor_regs(fx);
}

/* ---- building the frame ---- */

/* Where the frame and the FPU image go (Linux's get_sigframe); 0 if they cannot. */
static unsigned long get_sigframe(const struct ksignal *ksig, const struct pt_regs *regs,
				  unsigned long *fpstate)
{
	struct task_struct *t = current;
	unsigned long sp = regs->sp - RED_ZONE;
	bool onstack = false;

	if ((ksig->ka.sa.sa_flags & SA_ONSTACK) && sas_ss_flags(sp) == 0) {
		sp = t->sas_ss_sp + t->sas_ss_size;
		onstack = true;
	} else if (on_sig_stack(regs->sp)) {
		onstack = true;
	}
	*fpstate = (sp - FXSAVE_SIZE) & ~(FXSAVE_ALIGN - 1UL);
	sp = *fpstate - sizeof(struct rt_sigframe);
	sp = (sp & ~15UL) - 8;          /* as if the handler had been called */
	if (onstack && t->sas_ss_size && sp < t->sas_ss_sp)
		return 0;               /* the alternate stack overflowed */
	return sp;
}

/* The ucontext of the frame: registers, stack, the mask to restore. */
static void fill_ucontext(struct ucontext *uc, const struct ksignal *ksig,
			  const struct pt_regs *regs, unsigned long fpstate)
{
	struct task_struct *t = current;
	const sigset_t *mask = t->restore_sigmask ? &t->saved_sigmask : &t->blocked;

	uc->uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	uc->uc_link = NULL;
	uc->uc_stack.ss_sp = (void __user *)t->sas_ss_sp;
	uc->uc_stack.ss_flags = sas_ss_flags(regs->sp) | (t->sas_ss_flags & SS_FLAG_BITS);
	uc->uc_stack.ss_size = t->sas_ss_size;
	sigcontext_from_regs(&uc->uc_mcontext, regs);
	uc->uc_mcontext.oldmask = mask->sig[0];
	uc->uc_mcontext.fpstate = fpstate;
	if (ksig->sig == SIGSEGV || ksig->sig == SIGBUS)
		uc->uc_mcontext.cr2 = (unsigned long)ksig->info.si_addr;
	uc->uc_sigmask = mask->sig[0];
}

int setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs)
{
	struct _fpstate_64 fx __aligned(16);
	struct rt_sigframe f;
	unsigned long fpstate, frame;

	if (!(ksig->ka.sa.sa_flags & SA_RESTORER))
		return -EFAULT;         /* x86-64 has no vDSO trampoline to fall back on here */
	frame = get_sigframe(ksig, regs, &fpstate);
	if (!frame)
		return -EFAULT;
	memset(&f, 0, sizeof(f));
	f.pretcode = (char __user *)ksig->ka.sa.sa_restorer;
	fill_ucontext(&f.uc, ksig, regs, fpstate);
	f.info = ksig->info;
	fxsave_regs(&fx);
	if (copy_to_user((void __user *)fpstate, &fx, sizeof(fx)) ||
	    copy_to_user((void __user *)frame, &f, sizeof(f)))
		return -EFAULT;
	regs->di = ksig->sig;
	regs->si = frame + __builtin_offsetof(struct rt_sigframe, info);
	regs->dx = frame + __builtin_offsetof(struct rt_sigframe, uc);
	regs->ax = 0;
	regs->sp = frame;
	regs->ip = (unsigned long)ksig->ka.sa.sa_handler;
	regs->flags &= ~(FLAG_DF | FLAG_RF | FLAG_TF);
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	if (current->sas_ss_flags & SS_AUTODISARM) {
		current->sas_ss_sp = 0;         /* until sigreturn restores uc_stack */
		current->sas_ss_size = 0;
	}
	return 0;
}

void signal_setup_done(int failed, struct ksignal *ksig)
{
	struct task_struct *t = current;
	sigset_t blocked;

	if (failed) {
		/* Linux's force_sigsegv: a SIGSEGV handler that cannot run must not loop */
		if (ksig->sig == SIGSEGV && t->sighand)
			t->sighand->action[SIGSEGV - 1].sa.sa_handler = SIG_DFL;
		force_sig(SIGSEGV);
		return;
	}
	sigorsets(&blocked, &t->blocked, &ksig->ka.sa.sa_mask);
	if (!(ksig->ka.sa.sa_flags & SA_NODEFER))
		sigaddset(&blocked, ksig->sig);
	t->restore_sigmask = false;     /* the frame holds the mask to go back to */
	set_current_blocked(&blocked);
}

/* ---- delivery and restart ---- */

/* The system call regs come from, or -1 (Linux's syscall_get_nr). */
static long syscall_get_nr(const struct pt_regs *regs)
{
	return (long)regs->orig_ax;
}

static void restart_syscall_regs(struct pt_regs *regs)
{
	regs->ax = regs->orig_ax;
	regs->ip -= SYSCALL_INSN_LEN;
}

static void handle_signal(struct ksignal *ksig, struct pt_regs *regs)
{
	if (syscall_get_nr(regs) >= 0) {
		switch ((long)regs->ax) {
		case -ERESTART_RESTARTBLOCK:
		case -ERESTARTNOHAND:
			regs->ax = -EINTR;
			break;
		case -ERESTARTSYS:
			if (!(ksig->ka.sa.sa_flags & SA_RESTART)) {
				regs->ax = -EINTR;
				break;
			}
			restart_syscall_regs(regs);
			break;
		case -ERESTARTNOINTR:
			restart_syscall_regs(regs);
			break;
		}
		regs->orig_ax = -1UL;   /* handled: a second pass must not restart again */
	}
	signal_setup_done(setup_rt_frame(ksig, regs), ksig);
}

void arch_do_signal_or_restart(struct pt_regs *regs)
{
	struct task_struct *t = current;
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		handle_signal(&ksig, regs);
		return;
	}
	if (syscall_get_nr(regs) >= 0) {
		switch ((long)regs->ax) {
		case -ERESTARTNOHAND:
		case -ERESTARTSYS:
		case -ERESTARTNOINTR:
			restart_syscall_regs(regs);
			break;
		case -ERESTART_RESTARTBLOCK:
			regs->ax = -EINTR;      /* no restart_syscall: Atlas has no restart blocks */
			break;
		}
		regs->orig_ax = -1UL;
	}
	if (t->restore_sigmask) {       /* no handler ran: sigsuspend's mask goes back */
		t->restore_sigmask = false;
		set_current_blocked(&t->saved_sigmask);
	}
}

/* ---- rt_sigreturn ---- */

static int restore_fpstate(unsigned long fpstate)
{
	struct _fpstate_64 fx __aligned(16);

	if (!fpstate)
		return 0;               /* no image: the registers stay as they are */
	if (copy_from_user(&fx, (const void __user *)fpstate, sizeof(fx)))
		return -EFAULT;
	fxrstor_checked(&fx);
	return 0;
}

/*
 * Back from a handler: the registers, FPU, mask and alternate stack the
 * frame at RSP - 8 holds.  Returns the restored RAX, so the system call
 * return leaves it as it was; a bad frame is SIGSEGV.
 */
SYSCALL_DEFINE0(rt_sigreturn)
{
	struct task_struct *t = current;
	struct pt_regs *regs = task_pt_regs(t);
	unsigned long frame = regs->sp - sizeof(long);
	struct ucontext uc;
	sigset_t set;

	if (copy_from_user(&uc, (const void __user *)(frame + __builtin_offsetof(struct rt_sigframe, uc)),
			   sizeof(uc)))
		goto badframe;
	siginitset(&set, uc.uc_sigmask);
	set_current_blocked(&set);
	if (regs_from_sigcontext(regs, &uc.uc_mcontext) || restore_fpstate(uc.uc_mcontext.fpstate))
		goto badframe;
	do_sigaltstack(&uc.uc_stack, NULL, regs->sp);  /* an error leaves the stack as it was */
	return (long)regs->ax;

badframe:
	pr_info("%s[%d] bad frame in rt_sigreturn frame:%016lx ip:%lx sp:%lx orax:%lx\n",
		t->comm, t->pid, frame, regs->ip, regs->sp, regs->orig_ax);
	force_sig(SIGSEGV);
	return 0;
}
