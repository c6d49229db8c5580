/*
 * The end of a task (Linux's kernel/exit.c): do_exit lets go of the address
 * space, files and cwd, gives its children to init (child_reaper), and
 * becomes a zombie holding its exit code until the parent's wait4 collects
 * it, with SIGCHLD to the parent (the signal code's do_notify_parent).  A task
 * nobody waits for (a kernel thread, exit_signal -1) is released at once.
 * Its task_struct and stack go when the last reference does: the parent's
 * (release_task) and the scheduler's (finish_task_switch after the last
 * switch away from it).
 *
 * The wait status word is Linux's: exit(n) gives (n & 0xff) << 8, a signal
 * gives its number (| 0x80 with a core dump), as <sys/wait.h> decodes.
 */
#define pr_fmt(fmt) fmt

#include <asm/processor.h>
#include <errno.h>
#include <fs/fs.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <mm/mm_types.h>

#include <uapi/asm/siginfo.h>

#include "sched_internal.h"
#include "sched_deps.h"

#define WNOHANG    0x00000001
#define WUNTRACED  0x00000002
#define WSTOPPED   WUNTRACED       /* waitid's name for it */
#define WEXITED    0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT    0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL     0x40000000
#define __WCLONE   0x80000000
#define P_ALL  0
#define P_PID  1
#define P_PGID 2
#define RUSAGE_SIZE 144                 /* sizeof(struct rusage) on x86-64 */
#define WAIT_STOPPED   0x7f             /* status low byte of a stopped child (signal in 15:8) */
#define WAIT_CONTINUED 0xffff           /* status of a child SIGCONT resumed */

void release_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_del_init(&p->tasks);
	list_del_init(&p->sibling);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	exit_sighand(p);
	put_task_struct(p);
}

/* The address space goes (the kernel's page tables loaded first); a vfork parent goes on. */
static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;
	unsigned long flags;

	if (tsk->clear_child_tid) {
		put_user(0, tsk->clear_child_tid);      /* no futex wake: no futexes yet */
		tsk->clear_child_tid = NULL;
	}
	vfork_release(tsk);
	if (!mm)
		return;
	/* under tasklist_lock: /proc readers take their reference to t->mm under it */
	spin_lock_irqsave(&tasklist_lock, flags);
	load_kernel_pgd();
	tsk->mm = NULL;
	tsk->active_mm = NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	mmput(mm);
}

static void exit_files_fs(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;
	struct fs_struct *fs = tsk->fs;

	tsk->files = NULL;
	tsk->fs = NULL;
	if (files)
		put_files_struct(files);
	if (fs && !__atomic_sub_fetch(&fs->users, 1, __ATOMIC_ACQ_REL))
		free_fs_struct(fs);
}

/*
 * Children go to init; zombies among them wake it.  While init is still the
 * kernel's PID 1 (the monitor, the tests: it never waits for orphans), an
 * orphan is released when it exits and a zombie orphan now, onto *dead.
 * Under tasklist_lock.
 */
static void forget_original_parent(struct task_struct *tsk, struct list_head *dead)
{
	struct task_struct *child, *n, *reaper = child_reaper;
	bool zombie = false, kernel_reaper;

	if (reaper == tsk)
		reaper = &init_task;
	kernel_reaper = reaper->flags & PF_KTHREAD;
	list_for_each_entry_safe(child, n, &tsk->children, sibling) {
		child->real_parent = child->parent = reaper;
		list_del(&child->sibling);
		if (kernel_reaper && child->exit_state == EXIT_ZOMBIE) {
			child->exit_state = EXIT_DEAD;
			list_add_tail(&child->sibling, dead);
			continue;
		}
		if (kernel_reaper)
			child->exit_signal = -1;
		list_add_tail(&child->sibling, &reaper->children);
		zombie |= child->exit_state == EXIT_ZOMBIE;
	}
	if (zombie)
		__wake_up(&reaper->wait_chldexit, TASK_NORMAL, 0, NULL);
}

/* Zombie for the parent, or released now if nobody will wait. */
static void exit_notify(struct task_struct *tsk, long code)
{
	struct task_struct *parent, *orphan, *n;
	unsigned long flags;
	LIST_HEAD(dead);
	bool autoreap;

	spin_lock_irqsave(&tasklist_lock, flags);
	forget_original_parent(tsk, &dead);
	tsk->exit_code = (int)code;
	autoreap = tsk->exit_signal < 0;
	tsk->exit_state = autoreap ? EXIT_DEAD : EXIT_ZOMBIE;
	parent = tsk->real_parent;
	get_task_struct(parent);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	list_for_each_entry_safe(orphan, n, &dead, sibling)
		release_task(orphan);

	/* outside tasklist_lock: the signal code's do_notify_parent may take it */
	if (!autoreap && do_notify_parent(tsk, tsk->exit_signal)) {
		spin_lock_irqsave(&tasklist_lock, flags);
		autoreap = tsk->exit_state == EXIT_ZOMBIE;      /* the parent ignores SIGCHLD */
		if (autoreap)
			tsk->exit_state = EXIT_DEAD;
		spin_unlock_irqrestore(&tasklist_lock, flags);
	}
	__wake_up(&parent->wait_chldexit, TASK_NORMAL, 0, NULL);
	put_task_struct(parent);
	if (autoreap)
		release_task(tsk);
}

__noreturn void do_exit(long code)
{
	struct task_struct *tsk = current;

	if (tsk->flags & PF_IDLE)
		panic("Attempted to kill the idle task!");
	if (tsk == child_reaper)
		panic("Attempted to kill init! exitcode=0x%08lx", (unsigned long)code);
	if (tsk->flags & PF_EXITING) {
		pr_alert("Fixing recursive fault but reboot is needed!\n");
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			schedule();
		}
	}
	tsk->flags |= PF_EXITING;
	exit_mm(tsk);
	exit_files_fs(tsk);
	exit_notify(tsk, code);
	preempt_disable();
	__atomic_fetch_add(&nr_dying_tasks, 1, __ATOMIC_RELAXED);
	set_current_state(TASK_DEAD);
	preempt_enable_no_resched();
	schedule();
	panic("do_exit: a dead task ran again");
}

__noreturn void do_group_exit(int exit_code)
{
	do_exit(exit_code);             /* one thread per group: the group is this task */
}

SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_group_exit((error_code & 0xff) << 8);
}

/* Whether child c is one wait's pid argument asks for (Linux's eligible_pid). */
static bool wait_matches(const struct task_struct *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	if (pid == 0)
		return c->pgrp == current->pgrp;
	return c->pgrp == -pid;
}

struct wait_result {
	int pid;
	int status;                     /* wait4's status word */
};

/*
 * One look at the caller's children: a zombie collected (WEXITED), or with WUNTRACED a
 * stop not reported yet (1, and *res), none yet (0), or no child matches
 * (-ECHILD).  Under tasklist_lock.
 */
static int wait_scan(int pid, int options, struct wait_result *res, struct task_struct **reaped)
{
	struct task_struct *c;
	bool found = false;

	list_for_each_entry(c, &current->children, sibling) {
		if (!wait_matches(c, pid))
			continue;
		found = true;
		if ((options & WUNTRACED) && !c->exit_state && task_stopped_code(c) &&
		    !c->stop_reported) {
			res->pid = c->pid;      /* stopped by a signal: reported once */
			res->status = task_stopped_code(c);
			c->stop_reported = !(options & WNOWAIT);
			return 1;
		}
		if ((options & WCONTINUED) && !c->exit_state && task_continued_code(c)) {
			res->pid = c->pid;      /* resumed by SIGCONT: reported once */
			res->status = task_continued_code(c);
			c->cont_pending = !!(options & WNOWAIT);
			return 1;
		}
		if (c->exit_state != EXIT_ZOMBIE || !(options & WEXITED))
			continue;
		res->pid = c->pid;
		res->status = c->exit_code;
		if (!(options & WNOWAIT)) {
			c->exit_state = EXIT_DEAD;
			*reaped = c;
		}
		return 1;
	}
	return found ? 0 : -ECHILD;
}

/* Wait for a child as pid and options say: 1 (res filled), 0 (WNOHANG, none yet), -errno. */
static int do_wait(int pid, int options, struct wait_result *res)
{
	struct task_struct *reaped = NULL;
	unsigned long flags;
	DEFINE_WAIT(wait);
	int ret;

	for (;;) {
		prepare_to_wait(&current->wait_chldexit, &wait, TASK_INTERRUPTIBLE);
		spin_lock_irqsave(&tasklist_lock, flags);
		ret = wait_scan(pid, options, res, &reaped);
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (ret || (options & WNOHANG))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (options & WUNTRACED)
			schedule_timeout(1);    /* a stop wakes nobody here: look again each tick */
		else
			schedule();
	}
	finish_wait(&current->wait_chldexit, &wait);
	if (reaped)
		release_task(reaped);
	return ret;
}

int kernel_wait4(int pid, int *status, int options)
{
	struct wait_result res = { 0, 0 };
	int ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH;          /* INT_MIN: -pid would overflow, as Linux's check */
	ret = do_wait(pid, options | WEXITED, &res);     /* wait4 always reports exits */
	if (ret <= 0)
		return ret;
	if (status)
		*status = res.status;
	return res.pid;
}

SYSCALL_DEFINE4(wait4, int, upid, int __user *, stat_addr, int, options, void __user *, ru)
{
	int status, ret = kernel_wait4(upid, &status, options);

	if (ret > 0 && stat_addr && put_user(status, stat_addr))
		return -EFAULT;
	if (ret > 0 && ru && clear_user(ru, RUSAGE_SIZE))
		return -EFAULT;         /* no accounting yet: zeros, as an idle child's */
	return ret;
}

/* waitid's siginfo from a wait4 status word (exit, signal, stop 0x7f, continue 0xffff). */
static void fill_waitid_info(siginfo_t *i, const struct wait_result *r)
{
	int sig = r->status & 0x7f;

	i->si_signo = SIGCHLD;
	i->si_pid = r->pid;
	if (r->status == WAIT_CONTINUED) {
		i->si_code = CLD_CONTINUED;
		i->si_status = SIGCONT;
	} else if (sig == WAIT_STOPPED) {
		i->si_code = CLD_STOPPED;
		i->si_status = (r->status >> 8) & 0xff;
	} else if (!sig) {
		i->si_code = CLD_EXITED;
		i->si_status = (r->status >> 8) & 0xff;
	} else {
		i->si_code = (r->status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		i->si_status = sig;
	}
}

SYSCALL_DEFINE5(waitid, int, which, int, upid, void __user *, infop, int, options,
		void __user *, ru)
{
	siginfo_t info = { 0 };
	struct wait_result res = { 0, 0 };
	int pid, ret;

	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)) ||
	    (options & ~(WNOHANG | WEXITED | WSTOPPED | WCONTINUED | WNOWAIT | __WALL | __WCLONE)))
		return -EINVAL;
	if (which == P_ALL)
		pid = -1;
	else if (which == P_PID && upid > 0)
		pid = upid;
	else if (which == P_PGID && upid >= 0)
		pid = upid ? -upid : 0;
	else
		return -EINVAL;
	ret = do_wait(pid, options, &res);
	if (ret < 0)
		return ret;
	if (ret > 0)
		fill_waitid_info(&info, &res);
	if (infop && copy_to_user(infop, &info, sizeof(info)))
		return -EFAULT;
	if (ru && clear_user(ru, RUSAGE_SIZE))
		return -EFAULT;
	return 0;
}
