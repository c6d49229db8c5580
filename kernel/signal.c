/*
 * Signals (Linux's kernel/signal.c, reduced to one thread per process):
 * sending, the pending sets, the default actions and the handler table's
 * life through fork, exec and exit.  The user-stack frame and the system
 * call restart are x86-64's, in kernel/signal_64.c; the system calls that
 * read and change handlers and masks are in kernel/signal_syscalls.c; SIGCHLD
 * and what /proc shows are in kernel/signal_notify.c.
 *
 * A signal sent to a task sets its bit in t->pending.signal and queues a
 * struct sigqueue with its siginfo (one per classic signal, 1-31: a second
 * one while the first is pending merges with it; every real-time signal,
 * 32-64, is queued).  If the task does not block it, TIF_SIGPENDING is set
 * and an interruptible sleep ends (-ERESTARTSYS from wait_event_interruptible).
 * On its way back to user mode the task calls get_signal(), which takes the
 * lowest pending unblocked signal (faults first, as Linux's synchronous mask)
 * and either returns it for a handler or does the default action here:
 *
 *   term   SIGHUP SIGINT SIGKILL SIGUSR1/2 SIGPIPE SIGALRM SIGTERM ... RT
 *   core   SIGQUIT SIGILL SIGTRAP SIGABRT SIGBUS SIGFPE SIGSEGV SIGXCPU SIGXFSZ SIGSYS
 *   ign    SIGCHLD SIGCONT SIGURG SIGWINCH
 *   stop   SIGSTOP SIGTSTP SIGTTIN SIGTTOU          (SIGCONT resumes)
 *
 * "core" ends the task as "term" does, and its wait status carries 0x80
 * ("core dumped") when RLIMIT_CORE allows a core file: Linux's default limit
 * is 0, and then Linux does not dump and does not set 0x80 either, so a
 * shell prints "Segmentation fault" on both; after `ulimit -c unlimited`
 * both print "Segmentation fault (core dumped)" (Atlas writes no file).
 *
 * Init (pid 1) gets no signal whose action is the default unless the
 * kernel forces it, as Linux's SIGNAL_UNKILLABLE: Ctrl-C in init=/bin/sh
 * must not kill the only shell.  Kernel threads ignore every signal.
 * Everyone is root, so kill's permission check always passes.
 */
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/sys.h>
#include <mm/slab.h>

#include "signal_internal.h"

/* Faults are delivered before anything else queued (Linux's SYNCHRONOUS_MASK). */
#define SYNCHRONOUS_MASK (sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | \
			  sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS))
#define WCOREFLAG       0x80            /* wait status: core dumped */

enum sig_default_action sig_default_action(int sig)
{
	if (sig == SIGCONT)
		return SIG_ACT_CONT;
	if (sig_kernel_ignore(sig))
		return SIG_ACT_IGN;
	if (sig_kernel_stop(sig))
		return SIG_ACT_STOP;
	if (sig_kernel_coredump(sig))
		return SIG_ACT_CORE;
	return SIG_ACT_TERM;
}

static bool is_global_init(const struct task_struct *t)
{
	return t->tgid == 1;
}

/*
 * Init survives signals whose action is the default (Linux's
 * SIGNAL_UNKILLABLE), until the kernel forces one on it (a fault it cannot
 * survive): then it dies like any task, and the kernel panics, as Linux's
 * "Attempted to kill init!", instead of faulting at the same place forever.
 */
static bool is_unkillable(const struct task_struct *t)
{
	return is_global_init(t) && !t->unkillable_lifted;
}

bool sig_handler_ignored(__sighandler_t handler, int sig)
{
	return handler == SIG_IGN || (handler == SIG_DFL && sig_kernel_ignore(sig));
}

/* A kernel thread: one that never exec'd a program (exec clears PF_KTHREAD or sets mm). */
static bool is_kthread(const struct task_struct *t)
{
	return (t->flags & PF_KTHREAD) && !t->mm;
}

/* Whether t would throw sig away now (Linux's sig_task_ignored). */
static bool sig_task_ignored(struct task_struct *t, int sig, bool force)
{
	__sighandler_t handler = t->sighand->action[sig - 1].sa.sa_handler;

	if (is_kthread(t))
		return !force;
	if (is_unkillable(t) && handler == SIG_DFL && !(force && sig_kernel_only(sig)))
		return true;
	return sig_handler_ignored(handler, sig);
}

bool unhandled_signal(struct task_struct *t, int sig)
{
	__sighandler_t handler;

	if (!t->sighand || is_global_init(t))
		return true;
	handler = READ_ONCE(t->sighand->action[sig - 1].sa.sa_handler);
	return handler == SIG_IGN || handler == SIG_DFL;
}

/* Blocked signals are never ignored: the handler may change before they are unblocked. */
static bool sig_ignored(struct task_struct *t, int sig, bool force)
{
	if (sigismember(&t->blocked, sig) && !sig_kernel_only(sig))
		return false;
	return sig_task_ignored(t, sig, force);
}

void flush_sigqueue_mask_locked(const sigset_t *mask, struct sigpending *pending)
{
	struct sigqueue *q, *n;

	if (!(pending->signal.sig[0] & mask->sig[0]))
		return;
	sigandnsets(&pending->signal, &pending->signal, mask);
	list_for_each_entry_safe(q, n, &pending->list, list) {
		if (sigismember(mask, q->info.si_signo)) {
			list_del(&q->list);
			kfree(q);
		}
	}
}

void flush_sigqueue(struct sigpending *pending)
{
	sigset_t all;

	siginitset(&all, ~0UL);
	flush_sigqueue_mask_locked(&all, pending);
}

void signal_wake_up_state(struct task_struct *t, unsigned int state)
{
	set_tsk_thread_flag(t, TIF_SIGPENDING);
	wake_up_state(t, state | TASK_INTERRUPTIBLE);
}

void signal_wake_up(struct task_struct *t)
{
	signal_wake_up_state(t, 0);
}

/* Stop and continue signals cancel each other at send time (Linux's prepare_signal). */
static bool prepare_signal(int sig, struct task_struct *t, bool force)
{
	sigset_t m;

	if (sig_kernel_stop(sig)) {
		siginitset(&m, sigmask(SIGCONT));
		flush_sigqueue_mask_locked(&m, &t->pending);
	} else if (sig == SIGCONT || sig == SIGKILL) {
		siginitset(&m, SIG_KERNEL_STOP_MASK);
		flush_sigqueue_mask_locked(&m, &t->pending);
		if (t->stop_sig) {
			t->stop_sig = 0;
			t->cont_pending = sig == SIGCONT;       /* wait4(WCONTINUED) reports it */
			wake_up_state(t, __TASK_STOPPED);
		}
	}
	return !sig_ignored(t, sig, force);
}

static void fill_siginfo(kernel_siginfo_t *to, int sig, const kernel_siginfo_t *info)
{
	if (info != SEND_SIG_NOINFO && info != SEND_SIG_PRIV) {
		*to = *info;
		return;
	}
	memset(to, 0, sizeof(*to));
	to->si_signo = sig;
	to->si_code = info == SEND_SIG_PRIV ? SI_KERNEL : SI_USER;
	if (info == SEND_SIG_NOINFO && current)
		to->si_pid = current->tgid;
}

int send_signal_locked(int sig, const kernel_siginfo_t *info, struct task_struct *t, bool force)
{
	struct sigqueue *q;

	if (!prepare_signal(sig, t, force))
		return 0;
	if (sig < SIGRTMIN && sigismember(&t->pending.signal, sig))
		return 0;               /* a classic signal is pending once */
	q = kmalloc(sizeof(*q), GFP_ATOMIC);
	if (q) {
		fill_siginfo(&q->info, sig, info);
		list_add_tail(&q->list, &t->pending.list);
	} else if (sig >= SIGRTMIN && info != SEND_SIG_PRIV) {
		return -EAGAIN;         /* a real-time signal without its data is no signal */
	}
	sigaddset(&t->pending.signal, sig);
	if (sig == SIGKILL)
		signal_wake_up_state(t, __TASK_STOPPED);
	else if (!sigismember(&t->blocked, sig))
		signal_wake_up(t);
	return 0;
}

int do_send_sig_info(int sig, const kernel_siginfo_t *info, struct task_struct *t)
{
	struct sighand_struct *sh = t->sighand;
	unsigned long flags;
	int ret;

	if (!valid_signal(sig) || sig < 0)
		return -EINVAL;
	if (!sh)
		return -ESRCH;          /* released: only a zombie's corpse is left */
	if (!sig)
		return 0;
	spin_lock_irqsave(&sh->siglock, flags);
	ret = send_signal_locked(sig, info, t, info == SEND_SIG_PRIV);
	spin_unlock_irqrestore(&sh->siglock, flags);
	return ret;
}

int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *t)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&tasklist_lock, flags);      /* t's sighand stays while we send */
	ret = do_send_sig_info(sig, info, t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

int send_sig(int sig, struct task_struct *t, int priv)
{
	return send_sig_info(sig, priv ? SEND_SIG_PRIV : SEND_SIG_NOINFO, t);
}

int force_sig_info_to_task(kernel_siginfo_t *info, int sig, struct task_struct *t)
{
	struct sighand_struct *sh = t->sighand;
	struct k_sigaction *action;
	unsigned long flags;
	int ret;

	if (!sh)
		return -ESRCH;
	spin_lock_irqsave(&sh->siglock, flags);
	action = &sh->action[sig - 1];
	if (action->sa.sa_handler == SIG_IGN || sigismember(&t->blocked, sig)) {
		action->sa.sa_handler = SIG_DFL;
		sigdelset(&t->blocked, sig);
		recalc_sigpending_tsk(t);
	}
	if (action->sa.sa_handler == SIG_DFL)
		t->unkillable_lifted = true;    /* even init dies of it */
	ret = send_signal_locked(sig, info, t, true);
	spin_unlock_irqrestore(&sh->siglock, flags);
	return ret;
}

void force_sig(int sig)
{
	if (current && valid_signal(sig) && sig > 0)
		force_sig_info_to_task(SEND_SIG_PRIV, sig, current);
}

int force_sig_fault(int sig, int code, void __user *addr)
{
	kernel_siginfo_t info;

	if (!current || !valid_signal(sig) || sig <= 0)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_addr = addr;
	return force_sig_info_to_task(&info, sig, current);
}


int __kill_pgrp_info(int sig, const kernel_siginfo_t *info, int pgrp)
{
	struct task_struct *p;
	bool found = false;
	int ret = -ESRCH;

	for_each_process(p) {
		if (p->pgrp != pgrp)
			continue;
		ret = found ? ret : 0;
		found = true;
		if (do_send_sig_info(sig, info, p) == -EINVAL)
			return -EINVAL;
	}
	return ret;
}

int kill_pgrp(int pgrp, int sig)
{
	unsigned long flags;
	int ret;

	if (!valid_signal(sig) || sig < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	ret = __kill_pgrp_info(sig, SEND_SIG_PRIV, pgrp);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* ---- fork, exec, exit ---- */

/* The rlimits and the alternate stack a child of current starts with. */
static void copy_task_limits(unsigned long clone_flags, struct task_struct *t)
{
	struct task_struct *cur = current;

	t->robust_list = NULL;
	t->stop_sig = 0;
	t->cont_pending = false;
	t->restore_sigmask = false;
	t->unkillable_lifted = false;
	t->sas_ss_sp = 0;
	t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
	if (!cur || !cur->mm) {
		rlimit_init_defaults(t->rlim);  /* a kernel thread's are Linux's INIT_RLIMITS */
		return;
	}
	memcpy(t->rlim, cur->rlim, sizeof(t->rlim));
	if (!((clone_flags & CLONE_VM) && !(clone_flags & CLONE_VFORK))) {
		t->sas_ss_sp = cur->sas_ss_sp;
		t->sas_ss_size = cur->sas_ss_size;
		t->sas_ss_flags = cur->sas_ss_flags;
	}
}

/* A new handler table: a copy of from's, or all SIG_DFL. */
static struct sighand_struct *sighand_alloc(struct sighand_struct *from)
{
	struct sighand_struct *sh = kmalloc(sizeof(*sh), GFP_KERNEL);
	unsigned long flags;

	if (!sh)
		return NULL;
	sh->count = 1;
	spin_lock_init(&sh->siglock);
	if (!from) {
		memset(sh->action, 0, sizeof(sh->action));
		return sh;
	}
	spin_lock_irqsave(&from->siglock, flags);
	memcpy(sh->action, from->action, sizeof(sh->action));
	spin_unlock_irqrestore(&from->siglock, flags);
	return sh;
}

int copy_sighand(unsigned long clone_flags, struct task_struct *t)
{
	struct task_struct *cur = current;
	struct sighand_struct *from = cur ? cur->sighand : NULL;

	INIT_LIST_HEAD(&t->pending.list);
	sigemptyset(&t->pending.signal);
	clear_tsk_thread_flag(t, TIF_SIGPENDING);
	copy_task_limits(clone_flags, t);
	if ((clone_flags & CLONE_SIGHAND) && from) {
		__atomic_fetch_add(&from->count, 1, __ATOMIC_RELAXED);
		t->sighand = from;
		return 0;
	}
	t->sighand = sighand_alloc(from);
	return t->sighand ? 0 : -ENOMEM;
}

void exit_sighand(struct task_struct *t)
{
	struct sighand_struct *sh;
	unsigned long flags;

	/* under tasklist_lock, so no sender is between finding t and locking sh */
	spin_lock_irqsave(&tasklist_lock, flags);
	sh = t->sighand;
	t->sighand = NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	flush_sigqueue(&t->pending);
	if (sh && !__atomic_sub_fetch(&sh->count, 1, __ATOMIC_ACQ_REL))
		kfree(sh);
}

void flush_signal_handlers(struct task_struct *t, int force_default)
{
	struct sighand_struct *sh = t->sighand;
	unsigned long flags;

	if (sh && __atomic_load_n(&sh->count, __ATOMIC_ACQUIRE) > 1) {
		/* exec by a task that shares its handlers: it gets its own (Linux's de_thread) */
		struct sighand_struct *own = sighand_alloc(sh);

		if (own) {
			t->sighand = own;
			if (!__atomic_sub_fetch(&sh->count, 1, __ATOMIC_ACQ_REL))
				kfree(sh);
			sh = own;
		}
	}
	t->sas_ss_sp = 0;
	t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
	if (!sh)
		return;
	spin_lock_irqsave(&sh->siglock, flags);
	for (int i = 0; i < _NSIG; i++) {
		struct sigaction *sa = &sh->action[i].sa;

		if (force_default || sa->sa_handler != SIG_IGN)
			sa->sa_handler = SIG_DFL;
		sa->sa_flags = 0;
		sa->sa_restorer = NULL;
		sigemptyset(&sa->sa_mask);
	}
	spin_unlock_irqrestore(&sh->siglock, flags);
}

/* ---- dequeue and the default actions ---- */

void recalc_sigpending_tsk(struct task_struct *t)
{
	if (t->pending.signal.sig[0] & ~t->blocked.sig[0])
		set_tsk_thread_flag(t, TIF_SIGPENDING);
	else
		clear_tsk_thread_flag(t, TIF_SIGPENDING);
}

/* Take sig's first queued entry into *info; the bit stays if another is queued. */
static void collect_signal(int sig, struct sigpending *pending, kernel_siginfo_t *info)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;

	list_for_each_entry(q, &pending->list, list) {
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (!more)
		sigdelset(&pending->signal, sig);
	if (first) {
		list_del(&first->list);
		*info = first->info;
		kfree(first);
		return;
	}
	/* queued without its information (no memory then): Linux's "SI_USER, pid 0" */
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = SI_USER;
}

int dequeue_signal(struct task_struct *t, const sigset_t *mask, kernel_siginfo_t *info)
{
	unsigned long x = t->pending.signal.sig[0] & ~mask->sig[0];
	int sig;

	if (!x)
		return 0;
	if (x & SYNCHRONOUS_MASK)
		x &= SYNCHRONOUS_MASK;
	sig = __builtin_ctzl(x) + 1;
	collect_signal(sig, &t->pending, info);
	recalc_sigpending_tsk(t);
	return sig;
}

/* Stop current for sig until SIGCONT or SIGKILL; called with its siglock held, drops it. */
static void do_signal_stop(struct sighand_struct *sh, int sig)
{
	struct task_struct *t = current;

	t->stop_sig = sig;
	t->stop_reported = false;
	__atomic_store_n(&t->state, __TASK_STOPPED, __ATOMIC_SEQ_CST);
	spin_unlock_irq(&sh->siglock);
	do_notify_parent_cldstop(t, CLD_STOPPED, sig);
	schedule();                     /* until prepare_signal's wake_up_state(__TASK_STOPPED) */
	__atomic_store_n(&t->state, TASK_RUNNING, __ATOMIC_SEQ_CST);
	if (READ_ONCE(t->cont_pending))         /* SIGCONT resumed it: the parent hears */
		do_notify_parent_cldstop(t, CLD_CONTINUED, SIGCONT);
}

/* The wait status of a task ended by sig (Linux's: sig, | 0x80 if a core was "dumped"). */
int signal_exit_code(const struct task_struct *t, int sig)
{
	if (sig_kernel_coredump(sig) && t->rlim[RLIMIT_CORE].rlim_cur)
		return sig | WCOREFLAG;
	return sig;
}

bool get_signal(struct ksignal *ksig)
{
	struct task_struct *t = current;
	struct sighand_struct *sh = t->sighand;

	if (!sh) {
		clear_tsk_thread_flag(t, TIF_SIGPENDING);
		return false;
	}
	for (;;) {
		struct k_sigaction *ka;
		int sig;

		spin_lock_irq(&sh->siglock);
		sig = dequeue_signal(t, &t->blocked, &ksig->info);
		if (!sig) {
			spin_unlock_irq(&sh->siglock);
			return false;
		}
		ka = &sh->action[sig - 1];
		if (ka->sa.sa_handler == SIG_IGN) {
			spin_unlock_irq(&sh->siglock);
			continue;
		}
		if (ka->sa.sa_handler != SIG_DFL) {
			ksig->ka = *ka;
			ksig->sig = sig;
			if (ka->sa.sa_flags & SA_RESETHAND)
				ka->sa.sa_handler = SIG_DFL;
			spin_unlock_irq(&sh->siglock);
			return true;
		}
		if (sig_kernel_ignore(sig) || (is_unkillable(t) && !sig_kernel_only(sig))) {
			spin_unlock_irq(&sh->siglock);
			continue;
		}
		if (sig_kernel_stop(sig)) {
			do_signal_stop(sh, sig);
			continue;
		}
		spin_unlock_irq(&sh->siglock);
		do_group_exit(signal_exit_code(t, sig));
	}
}

void set_current_blocked(const sigset_t *newset)
{
	struct task_struct *t = current;
	struct sighand_struct *sh = t->sighand;
	sigset_t set = *newset;

	sigdelsetmask(&set, SIG_KERNEL_ONLY_MASK);
	if (!sh) {
		t->blocked = set;
		return;
	}
	spin_lock_irq(&sh->siglock);
	t->blocked = set;
	recalc_sigpending_tsk(t);
	spin_unlock_irq(&sh->siglock);
}

