/*
 * Signals, kernel side (Linux's include/linux/signal.h, signal_types.h,
 * sched/signal.h): the handler table a process shares with its threads, the
 * pending set and queue, the sigset operations and the classification of
 * the default actions, and the functions other subsystems call to send a
 * signal.  kernel/signal.c sends and dequeues; kernel/signal_64.c builds
 * and tears down the user-stack frame (x86-64).
 *
 * Locking: a task's pending set and queue, its blocked mask and its
 * sighand's actions are guarded by t->sighand->siglock, taken with
 * spin_lock_irqsave (a signal may be sent from an interrupt handler, as the
 * console's Ctrl-C).  Order: tasklist_lock, then siglock.
 */
#ifndef ATLAS_KERNEL_SIGNAL_H
#define ATLAS_KERNEL_SIGNAL_H

#include <kernel/list.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/types.h>
#include <uapi/asm/siginfo.h>
#include <uapi/asm/signal.h>

struct pt_regs;

/*
 * A handler as rt_sigaction passes it: on x86-64 Linux's kernel struct
 * sigaction is also the user ABI (glibc's struct kernel_sigaction): handler,
 * flags, restorer, mask; 32 bytes.
 */
struct sigaction {
	__sighandler_t sa_handler;
	unsigned long sa_flags;
	__sigrestore_t sa_restorer;
	sigset_t sa_mask;               /* blocked while the handler runs */
};

struct k_sigaction {
	struct sigaction sa;
};

/* The handlers of a process, shared by CLONE_SIGHAND (Linux's sighand_struct). */
struct sighand_struct {
	int count;                      /* tasks sharing it (atomic) */
	spinlock_t siglock;
	struct k_sigaction action[_NSIG];
};

typedef siginfo_t kernel_siginfo_t;

/* A queued signal with its information (Linux's struct sigqueue). */
struct sigqueue {
	struct list_head list;          /* in task->pending.list */
	kernel_siginfo_t info;
};

/* A signal about to be delivered to a handler (Linux's struct ksignal). */
struct ksignal {
	struct k_sigaction ka;
	kernel_siginfo_t info;
	int sig;
};

/* send_sig_info's info for "from user space, no details" and "from the kernel". */
#define SEND_SIG_NOINFO ((kernel_siginfo_t *)0)
#define SEND_SIG_PRIV   ((kernel_siginfo_t *)1)

/* ---- sigset_t operations (signals 1.._NSIG; bit sig - 1) ---- */

#define sigmask(sig)    (1UL << ((sig) - 1))

static inline bool valid_signal(unsigned long sig)
{
	return sig <= _NSIG;
}

static inline void sigaddset(sigset_t *set, int sig) { set->sig[0] |= sigmask(sig); }
static inline void sigdelset(sigset_t *set, int sig) { set->sig[0] &= ~sigmask(sig); }
static inline bool sigismember(const sigset_t *set, int sig)
{
	return (set->sig[0] & sigmask(sig)) != 0;
}
static inline bool sigisemptyset(const sigset_t *set) { return set->sig[0] == 0; }
static inline void sigemptyset(sigset_t *set) { set->sig[0] = 0; }
static inline void siginitset(sigset_t *set, unsigned long mask) { set->sig[0] = mask; }
static inline void sigaddsetmask(sigset_t *set, unsigned long mask) { set->sig[0] |= mask; }
static inline void sigdelsetmask(sigset_t *set, unsigned long mask) { set->sig[0] &= ~mask; }
static inline void sigorsets(sigset_t *r, const sigset_t *a, const sigset_t *b)
{
	r->sig[0] = a->sig[0] | b->sig[0];
}
static inline void sigandnsets(sigset_t *r, const sigset_t *a, const sigset_t *b)
{
	r->sig[0] = a->sig[0] & ~b->sig[0];
}

/* ---- Linux's default actions (kernel/signal.c's SIG_KERNEL_*_MASK) ---- */

#define SIG_KERNEL_ONLY_MASK    (sigmask(SIGKILL) | sigmask(SIGSTOP))
#define SIG_KERNEL_STOP_MASK    (sigmask(SIGSTOP) | sigmask(SIGTSTP) | \
				 sigmask(SIGTTIN) | sigmask(SIGTTOU))
#define SIG_KERNEL_COREDUMP_MASK (sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) | \
				  sigmask(SIGABRT) | sigmask(SIGFPE) | sigmask(SIGSEGV) | \
				  sigmask(SIGBUS) | sigmask(SIGSYS) | sigmask(SIGXCPU) | \
				  sigmask(SIGXFSZ))
#define SIG_KERNEL_IGNORE_MASK  (sigmask(SIGCONT) | sigmask(SIGCHLD) | \
				 sigmask(SIGWINCH) | sigmask(SIGURG))

/* Real-time signals (SIGRTMIN and up) have no special default: they terminate. */
#define siginmask(sig, mask)    ((sig) < SIGRTMIN && (sigmask(sig) & (mask)))
#define sig_kernel_only(sig)     siginmask(sig, SIG_KERNEL_ONLY_MASK)
#define sig_kernel_coredump(sig) siginmask(sig, SIG_KERNEL_COREDUMP_MASK)
#define sig_kernel_ignore(sig)   siginmask(sig, SIG_KERNEL_IGNORE_MASK)
#define sig_kernel_stop(sig)     siginmask(sig, SIG_KERNEL_STOP_MASK)

/* What the default action of sig does (for the tests and the monitor). */
enum sig_default_action { SIG_ACT_TERM, SIG_ACT_CORE, SIG_ACT_IGN, SIG_ACT_STOP, SIG_ACT_CONT };
enum sig_default_action sig_default_action(int sig);

/* ---- sending (kernel/signal.c) ---- */

/*
 * Send sig to task t with info (SEND_SIG_NOINFO: from the caller, SI_USER;
 * SEND_SIG_PRIV: from the kernel, SI_KERNEL; else a full siginfo).  0 (also
 * when t ignores it), -EINVAL for a bad number, -ESRCH if t has no handlers
 * any more (exiting).  Any context.
 */
int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *t);

/* send_sig_info with SEND_SIG_PRIV if priv, else SEND_SIG_NOINFO (Linux's). */
int send_sig(int sig, struct task_struct *t, int priv);

/*
 * Send sig to the current task so that it cannot be ignored or blocked: the
 * handler, if SIG_IGN, becomes SIG_DFL, and sig is unblocked (a fault the
 * task cannot survive: SIGSEGV, SIGILL, ...).  Linux's force_sig.
 */
void force_sig(int sig);

/* force_sig with the fault's si_code and address in the siginfo (Linux's force_sig_fault). */
int force_sig_fault(int sig, int code, void __user *addr);

/*
 * Send sig to every process of process group pgrp (the console's Ctrl-C, ^\,
 * ^Z go to the foreground group): 0 if at least one got it, -ESRCH if the
 * group is empty, -EINVAL for a bad number.  From the kernel (SI_KERNEL).
 * Any context, interrupt handlers included.
 */
int kill_pgrp(int pgrp, int sig);

/*
 * Set TIF_SIGPENDING on t and wake it if it sleeps interruptibly (Linux's
 * signal_wake_up(t, false)); signal_wake_up_state also wakes the states in
 * state (__TASK_STOPPED for SIGKILL and SIGCONT).  Under t->sighand->siglock.
 */
void signal_wake_up(struct task_struct *t);
void signal_wake_up_state(struct task_struct *t, unsigned int state);

/*
 * t is exiting with t->exit_code set: send sig (its exit_signal, SIGCHLD) to
 * its parent with a CLD_EXITED / CLD_KILLED / CLD_DUMPED siginfo.  Returns
 * true if the parent ignores SIGCHLD (SIG_IGN, or SA_NOCLDWAIT), which means
 * t must be reaped at once (no zombie): the caller (exit_notify) does that
 * and wakes the parent's wait4.  Called without tasklist_lock.
 */
bool do_notify_parent(struct task_struct *t, int sig);

/* The wait status of a stopped t, (sig << 8) | 0x7f, or 0 if it is not stopped (wait4's WUNTRACED). */
int task_stopped_code(struct task_struct *t);

/* 0xffff if SIGCONT resumed t since the last report, else 0 (wait4's WCONTINUED). */
int task_continued_code(struct task_struct *t);

/*
 * Whether sig would reach no handler of t (Linux's unhandled_signal): the
 * segfault and traps lines are printed only then, as Linux's
 * show_unhandled_signals does.  Init's are always "unhandled".
 */
bool unhandled_signal(struct task_struct *t, int sig);

/* ---- life cycle (kernel/signal.c) ---- */

/*
 * fork: t shares current's handlers (CLONE_SIGHAND) or gets a copy; its
 * pending set is empty; it inherits the rlimits and the sigaltstack
 * (dropped with CLONE_VM without CLONE_VFORK: a thread has its own stack).
 * A child of a kernel thread starts from SIG_DFL everywhere and Linux's
 * INIT_RLIMITS.  0 or -ENOMEM (then nothing is allocated).
 */
int copy_sighand(unsigned long clone_flags, struct task_struct *t);

/* t is released: drop its handlers and everything still queued for it. */
void exit_sighand(struct task_struct *t);

/*
 * exec: handlers go back to SIG_DFL (ignored signals stay ignored unless
 * force_default), and the sigaltstack goes, as Linux's.
 */
void flush_signal_handlers(struct task_struct *t, int force_default);

/* ---- delivery (kernel/signal.c, the arch part in kernel/signal_64.c) ---- */

/*
 * The next signal for current to act on: default actions that end or stop
 * the task are done here (it does not return from them); a signal with a
 * handler is taken off the queue into *ksig and true returned.  False when
 * nothing is left (TIF_SIGPENDING cleared).
 */
bool get_signal(struct ksignal *ksig);

/*
 * Take the lowest pending signal of t not in mask off its queue, its info in
 * *info: the signal, or 0.  Under t->sighand->siglock.
 */
int dequeue_signal(struct task_struct *t, const sigset_t *mask, kernel_siginfo_t *info);

/* Recompute t's TIF_SIGPENDING from its pending set and mask.  Under siglock. */
void recalc_sigpending_tsk(struct task_struct *t);

/* Set current's blocked mask (SIGKILL and SIGSTOP never blocked), as Linux's set_current_blocked. */
void set_current_blocked(const sigset_t *newset);

/*
 * The return to user mode with TIF_SIGPENDING (the scheduler's exit path calls
 * it): restart or fail an interrupted system call, build the frame of the
 * handler to run, or do the default action.  regs->orig_ax must be the
 * system call number after a system call and -1 after an interrupt or
 * exception (Linux's convention), so an interrupt is never "restarted".
 */
void arch_do_signal_or_restart(struct pt_regs *regs);

/* Build the frame for ksig on the user stack and point regs at the handler: 0 or -EFAULT. */
int setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs);

/* A handler was set up (or failed: then SIGSEGV): mask what sa_mask says, SA_RESETHAND. */
void signal_setup_done(int failed, struct ksignal *ksig);

/* Whether sp lies on current's alternate signal stack (Linux's on_sig_stack). */
bool on_sig_stack(unsigned long sp);

#endif
