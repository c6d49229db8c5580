/*
 * The signal system calls (Linux's kernel/signal.c, their half): kill,
 * tkill, tgkill, rt_sigaction, rt_sigprocmask, rt_sigpending,
 * rt_sigsuspend and sigaltstack.  rt_sigreturn is x86-64's, in
 * kernel/signal_64.c.  Each takes Linux's arguments and structure layouts;
 * sigsetsize must be 8 (64 signals), as on Linux x86-64.
 */
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>

#include "signal_internal.h"

/* What the user may set in sa_flags (Linux's UAPI_SA_FLAGS, x86: with SA_RESTORER). */
#define UAPI_SA_FLAGS (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | \
		       SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER)

/* ---- kill ---- */

static void user_siginfo(kernel_siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->si_pid = current ? current->tgid : 0;
}

/* kill(-1, sig): every process but init and the caller; 0 if one got it. */
static int kill_all(int sig, const kernel_siginfo_t *info)
{
	struct task_struct *p;
	int ret = -ESRCH;

	for_each_process(p) {
		if (p->tgid <= 1 || p == current || ((p->flags & PF_KTHREAD) && !p->mm))
			continue;
		if (do_send_sig_info(sig, info, p) == 0)
			ret = 0;
	}
	return ret;
}

/*
 * Linux's kill_something_info: pid > 0 that process, 0 the caller's process
 * group, -1 everyone it may signal, < -1 the group -pid.  sig 0 only checks
 * that the target exists.  Everyone is root: no permission is ever missing.
 */
int kill_something_info(int sig, const kernel_siginfo_t *info, int pid)
{
	unsigned long flags;
	int ret;

	if (!valid_signal(sig) || sig < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	if (pid > 0) {
		struct task_struct *p = find_task_by_vpid(pid);

		ret = p ? do_send_sig_info(sig, info, p) : -ESRCH;
	} else if (pid == -1) {
		ret = kill_all(sig, info);
	} else if (pid == 0) {
		ret = current ? __kill_pgrp_info(sig, info, current->pgrp) : -ESRCH;
	} else if (pid == -2147483647 - 1) {
		ret = -ESRCH;           /* -pid would overflow */
	} else {
		ret = __kill_pgrp_info(sig, info, -pid);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	kernel_siginfo_t info;

	user_siginfo(&info, sig, SI_USER);
	return kill_something_info(sig, &info, pid);
}

/* tkill/tgkill: one thread; tgid, if > 0, must be its thread group. */
static int do_tkill(int tgid, int pid, int sig)
{
	kernel_siginfo_t info;
	struct task_struct *p;
	unsigned long flags;
	int ret = -ESRCH;

	if (pid <= 0 || !valid_signal(sig) || sig < 0)
		return -EINVAL;
	user_siginfo(&info, sig, SI_TKILL);
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_vpid(pid);
	if (p && (tgid <= 0 || p->tgid == tgid))
		ret = do_send_sig_info(sig, &info, p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE2(tkill, int, pid, int, sig)
{
	return do_tkill(0, pid, sig);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, pid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, pid, sig);
}

/* ---- handlers ---- */

int do_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *oact)
{
	struct sighand_struct *sh = current ? current->sighand : NULL;
	struct k_sigaction *k;

	if (!valid_signal(sig) || sig < 1 || (act && sig_kernel_only(sig)))
		return -EINVAL;
	if (!sh)
		return -EINVAL;
	k = &sh->action[sig - 1];
	spin_lock_irq(&sh->siglock);
	if (oact)
		*oact = *k;
	if (act) {
		*k = *act;
		k->sa.sa_flags &= UAPI_SA_FLAGS;
		sigdelsetmask(&k->sa.sa_mask, SIG_KERNEL_ONLY_MASK);
		/* POSIX: setting a pending signal to be ignored discards it */
		if (sig_handler_ignored(k->sa.sa_handler, sig)) {
			sigset_t m;

			siginitset(&m, sigmask(sig));
			flush_sigqueue_mask_locked(&m, &current->pending);
			recalc_sigpending_tsk(current);
		}
	}
	spin_unlock_irq(&sh->siglock);
	return 0;
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct sigaction __user *, act,
		struct sigaction __user *, oact, size_t, sigsetsize)
{
	struct k_sigaction new_ka, old_ka;
	int ret;

	BUILD_BUG_ON(sizeof(struct sigaction) != 32);
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&new_ka.sa, act, sizeof(new_ka.sa)))
		return -EFAULT;
	ret = do_sigaction(sig, act ? &new_ka : NULL, oact ? &old_ka : NULL);
	if (!ret && oact && copy_to_user(oact, &old_ka.sa, sizeof(old_ka.sa)))
		return -EFAULT;
	return ret;
}

/* ---- masks ---- */

int sigprocmask(int how, const sigset_t *set, sigset_t *oldset)
{
	struct task_struct *t = current;
	sigset_t newset;

	if (oldset)
		*oldset = t->blocked;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK:
		sigorsets(&newset, &t->blocked, set);
		break;
	case SIG_UNBLOCK:
		sigandnsets(&newset, &t->blocked, set);
		break;
	case SIG_SETMASK:
		newset = *set;
		break;
	default:
		return -EINVAL;
	}
	set_current_blocked(&newset);
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, sigset_t __user *, nset,
		sigset_t __user *, oset, size_t, sigsetsize)
{
	sigset_t old, new;
	int ret;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset && copy_from_user(&new, nset, sizeof(new)))
		return -EFAULT;
	ret = sigprocmask(how, nset ? &new : NULL, &old);
	if (ret)
		return ret;
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The pending signals the caller blocks (the unblocked ones are delivered at once). */
SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	struct task_struct *t = current;
	sigset_t set;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	spin_lock_irq(&t->sighand->siglock);
	siginitset(&set, t->pending.signal.sig[0] & t->blocked.sig[0]);
	spin_unlock_irq(&t->sighand->siglock);
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/*
 * Sleep with mask as the blocked set until a signal is delivered; the old
 * mask comes back when the handler's frame is made (restore_sigmask), so the
 * handler runs under mask and sigreturn restores the old one, as Linux's.
 */
SYSCALL_DEFINE2(rt_sigsuspend, sigset_t __user *, unewset, size_t, sigsetsize)
{
	struct task_struct *t = current;
	sigset_t newset;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&newset, unewset, sizeof(newset)))
		return -EFAULT;
	t->saved_sigmask = t->blocked;
	set_current_blocked(&newset);
	for (;;) {
		__atomic_store_n(&t->state, TASK_INTERRUPTIBLE, __ATOMIC_SEQ_CST);
		if (signal_pending(t))
			break;
		schedule();
	}
	__atomic_store_n(&t->state, TASK_RUNNING, __ATOMIC_SEQ_CST);
	t->restore_sigmask = true;
	return -ERESTARTNOHAND;
}

/* ---- the alternate stack ---- */

bool on_sig_stack(unsigned long sp)
{
	struct task_struct *t = current;

	if (t->sas_ss_flags & SS_AUTODISARM)
		return false;   /* Linux: with autodisarm, being on it is not tracked */
	return t->sas_ss_size && sp > t->sas_ss_sp && sp - t->sas_ss_sp <= t->sas_ss_size;
}

int sas_ss_flags(unsigned long sp)
{
	if (!current->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

int do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp)
{
	struct task_struct *t = current;

	if (oss) {
		oss->ss_sp = (void __user *)t->sas_ss_sp;
		oss->ss_size = t->sas_ss_size;
		oss->ss_flags = sas_ss_flags(sp) | (t->sas_ss_flags & SS_FLAG_BITS);
	}
	if (ss) {
		unsigned int mode = ss->ss_flags & ~SS_FLAG_BITS;
		unsigned long base = (unsigned long)ss->ss_sp;
		size_t size = ss->ss_size;

		if (on_sig_stack(sp))
			return -EPERM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			base = 0;
			size = 0;
		} else if (size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		t->sas_ss_sp = base;
		t->sas_ss_size = size;
		t->sas_ss_flags = ss->ss_flags & SS_FLAG_BITS;
	}
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, const stack_t __user *, uss, stack_t __user *, uoss)
{
	stack_t new, old;
	int ret;

	if (uss && copy_from_user(&new, uss, sizeof(new)))
		return -EFAULT;
	ret = do_sigaltstack(uss ? &new : NULL, &old, task_pt_regs(current)->sp);
	if (!ret && uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return ret;
}
