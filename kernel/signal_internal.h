/* What kernel/signal*.c share among themselves (and the signal suite tests). */
#ifndef ATLAS_KERNEL_SIGNAL_INTERNAL_H
#define ATLAS_KERNEL_SIGNAL_INTERNAL_H

#include <asm/desc.h>
#include <kernel/signal.h>

/*
 * Queue sig for t (prepare, merge, queue, wake): 0, or -EAGAIN for a
 * real-time signal with no memory for its siginfo.  force: from the kernel,
 * even init's SIGKILL.  Under t->sighand->siglock.
 */
int send_signal_locked(int sig, const kernel_siginfo_t *info, struct task_struct *t, bool force);

/* Linux's force_sig_info_to_task: neither blocking nor ignoring saves t (nor being init). */
int force_sig_info_to_task(kernel_siginfo_t *info, int sig, struct task_struct *t);

/* Lock t's handlers and send (t found under tasklist_lock, or current). */
int do_send_sig_info(int sig, const kernel_siginfo_t *info, struct task_struct *t);

/* Send to every task of group pgrp: 0, -ESRCH (none), -EINVAL.  Under tasklist_lock. */
int __kill_pgrp_info(int sig, const kernel_siginfo_t *info, int pgrp);

/* Drop the signals of mask from pending, queued entries too.  Under siglock. */
void flush_sigqueue_mask_locked(const sigset_t *mask, struct sigpending *pending);

/* Whether handler (SIG_IGN, or SIG_DFL of an ignore-by-default signal) throws sig away. */
bool sig_handler_ignored(__sighandler_t handler, int sig);

/* kill(2)'s targets: pid > 0, 0 (own group), -1 (all but init), < -1 (group): 0, -ESRCH, -EINVAL. */
int kill_something_info(int sig, const kernel_siginfo_t *info, int pid);

/* rt_sigaction for current, kernel structures: 0 or -EINVAL (SIGKILL, SIGSTOP, a bad number). */
int do_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *oact);

/* rt_sigprocmask for current: 0 or -EINVAL for a bad how. */
int sigprocmask(int how, const sigset_t *set, sigset_t *oldset);

/* sigaltstack for current at user stack pointer sp: 0, -EPERM (on it), -EINVAL, -ENOMEM. */
int do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp);

/* SS_DISABLE, SS_ONSTACK or 0 for current at sp (Linux's sas_ss_flags). */
int sas_ss_flags(unsigned long sp);

struct sigcontext;

/* The registers of regs as a signal frame's sigcontext (fpstate, masks: the caller's). */
void sigcontext_from_regs(struct sigcontext *sc, const struct pt_regs *regs);

/*
 * rt_sigreturn's check and copy: regs from a user-supplied sigcontext, with
 * CS/SS forced to the user selectors and only FIX_EFLAGS taken from it.
 * -EFAULT (regs untouched) if its RIP is outside the user half.
 */
int regs_from_sigcontext(struct pt_regs *regs, const struct sigcontext *sc);

/*
 * t stopped (why = CLD_STOPPED, by sig) or continued (CLD_CONTINUED, sig =
 * SIGCONT): SIGCHLD to its parent unless SA_NOCLDSTOP, and its wait4 woken.
 */
void do_notify_parent_cldstop(struct task_struct *t, int why, int sig);

/* Free everything queued in pending and clear its set. */
void flush_sigqueue(struct sigpending *pending);

/* The wait status of t ended by signal sig (0x80 added for a core dump). */
int signal_exit_code(const struct task_struct *t, int sig);

#endif
