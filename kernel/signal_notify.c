/*
 * What a task's parent and /proc learn of its signals (Linux's kernel/signal.c,
 * its notification half): SIGCHLD with its siginfo when a child exits or
 * stops, whether the parent's SIGCHLD disposition means the child is reaped
 * at once, the wait status of a stopped child, and the ignored and caught
 * sets /proc/PID/stat and status print.
 */
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>

#include "signal_internal.h"

#define WAIT_STOPPED    0x7f            /* wait status low byte of a stopped child */
#define WCOREFLAG       0x80            /* wait status: core dumped */
#define WAIT_CONTINUED  0xffff          /* wait status of a continued child */

/* The SIGCHLD siginfo of an exiting t from its wait status (Linux's do_notify_parent). */
static void child_exit_info(kernel_siginfo_t *info, int sig, const struct task_struct *t)
{
	int code = t->exit_code;

	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_pid = t->tgid;
	info->si_utime = (long)t->utime;
	info->si_stime = (long)t->stime;
	if (!(code & 0x7f)) {
		info->si_code = CLD_EXITED;
		info->si_status = (code >> 8) & 0xff;
	} else {
		info->si_code = (code & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
		info->si_status = code & 0x7f;
	}
}

bool do_notify_parent(struct task_struct *t, int sig)
{
	kernel_siginfo_t info;
	struct task_struct *parent;
	struct sighand_struct *psh;
	unsigned long flags;
	bool autoreap = false;

	if (!valid_signal(sig) || sig <= 0)
		return false;
	child_exit_info(&info, sig, t);
	spin_lock_irqsave(&tasklist_lock, flags);
	parent = t->parent;
	psh = parent ? parent->sighand : NULL;
	if (psh) {
		struct k_sigaction *ka = &psh->action[SIGCHLD - 1];

		spin_lock(&psh->siglock);
		if (sig == SIGCHLD && (ka->sa.sa_handler == SIG_IGN ||
				       (ka->sa.sa_flags & SA_NOCLDWAIT))) {
			autoreap = true;        /* POSIX: nobody will wait, no zombie */
			if (ka->sa.sa_handler == SIG_IGN)
				sig = 0;
		}
		if (sig)
			send_signal_locked(sig, &info, parent, false);
		spin_unlock(&psh->siglock);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return autoreap;
}

/* A stopped child tells its parent, unless the parent asked not to hear (SA_NOCLDSTOP). */
void do_notify_parent_cldstop(struct task_struct *t, int why, int sig)
{
	kernel_siginfo_t info;
	struct task_struct *parent;
	unsigned long flags;

	memset(&info, 0, sizeof(info));
	info.si_signo = SIGCHLD;
	info.si_code = why;
	info.si_pid = t->tgid;
	info.si_status = sig;
	spin_lock_irqsave(&tasklist_lock, flags);
	parent = t->parent;
	if (parent && parent->sighand) {
		struct sighand_struct *psh = parent->sighand;

		spin_lock(&psh->siglock);
		if (!(psh->action[SIGCHLD - 1].sa.sa_flags & SA_NOCLDSTOP))
			send_signal_locked(SIGCHLD, &info, parent, false);
		spin_unlock(&psh->siglock);
	}
	if (parent)
		__wake_up(&parent->wait_chldexit, TASK_NORMAL, 0, NULL);      /* WUNTRACED, WCONTINUED */
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

int task_stopped_code(struct task_struct *t)
{
	int sig = READ_ONCE(t->stop_sig);

	return sig ? (sig << 8) | WAIT_STOPPED : 0;
}

int task_continued_code(struct task_struct *t)
{
	return READ_ONCE(t->cont_pending) ? WAIT_CONTINUED : 0;
}

/*
 * The signals t ignores and catches, for /proc/PID/stat and status (Linux's
 * collect_sigign_sigcatch).  Takes tasklist_lock so t's handlers cannot go
 * while they are read: the caller holds a reference to t, not the lock.
 */
void task_sig_ign_catch(struct task_struct *t, sigset_t *ign, sigset_t *catch)
{
	unsigned long flags;

	sigemptyset(ign);
	sigemptyset(catch);
	spin_lock_irqsave(&tasklist_lock, flags);
	if (t->sighand) {
		for (int sig = 1; sig <= _NSIG; sig++) {
			__sighandler_t h = READ_ONCE(t->sighand->action[sig - 1].sa.sa_handler);

			if (h == SIG_IGN)
				sigaddset(ign, sig);
			else if (h != SIG_DFL)
				sigaddset(catch, sig);
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}
