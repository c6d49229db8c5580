/*
 * Process ids (Linux's kernel/pid.c, without namespaces) and the id system
 * calls: getpid, getppid, gettid, setpgid/getpgid/getpgrp, setsid/getsid.
 *
 * Pids are handed out in increasing order from 1 (the first task made is
 * PID 1, init); after PID_MAX_DEFAULT - 1 they wrap round to RESERVED_PIDS,
 * as Linux's, skipping any still used as a pid, process group or session.
 * The task list is the pid table: lookups walk it under tasklist_lock, which
 * is fine for the few hundred tasks a teaching kernel runs.
 */
#include <errno.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>

#include "sched_internal.h"

#define RESERVED_PIDS 300               /* Linux's: where pids wrap round to */

DEFINE_SPINLOCK(tasklist_lock);
static int last_pid;

/* Whether nr is some task's pid, process group or session; under tasklist_lock. */
static bool pid_in_use(int nr)
{
	struct task_struct *t;

	for_each_process(t)
		if (t->pid == nr || t->pgrp == nr || t->session == nr)
			return true;
	return false;
}

int alloc_pid(void)
{
	int tries = PID_MAX_DEFAULT;
	int nr = last_pid;

	while (tries--) {
		if (++nr >= PID_MAX_DEFAULT)
			nr = RESERVED_PIDS;
		if (!pid_in_use(nr)) {
			last_pid = nr;
			return nr;
		}
	}
	return -EAGAIN;
}

struct task_struct *find_task_by_vpid(int nr)
{
	struct task_struct *t;

	if (nr <= 0)
		return NULL;
	for_each_process(t)
		if (t->pid == nr)
			return t;
	return NULL;
}

struct task_struct *find_get_task_by_vpid(int nr)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_task_by_vpid(nr);
	if (t)
		get_task_struct(t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return t;
}

void __set_task_comm(struct task_struct *t, const char *name)
{
	strscpy(t->comm, name, sizeof(t->comm));
}

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	unsigned long flags;
	int ppid;

	spin_lock_irqsave(&tasklist_lock, flags);
	ppid = current->real_parent->tgid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ppid;
}

/* The task pid names for the id calls: current for 0; under tasklist_lock. */
static struct task_struct *id_task(int pid)
{
	return pid ? find_task_by_vpid(pid) : current;
}

/* Process group (or session, if session) of the task pid names: the id, or -ESRCH. */
static long task_group_id(int pid, bool session)
{
	struct task_struct *t;
	unsigned long flags;
	long ret = -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = id_task(pid);
	if (t)
		ret = session ? t->session : t->pgrp;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	return task_group_id(pid, false);
}

SYSCALL_DEFINE0(getpgrp)
{
	return current->pgrp;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	return task_group_id(pid, true);
}

/* Whether some task of session sid leads process group pgrp; under tasklist_lock. */
static bool pgrp_in_session(int pgrp, int sid)
{
	struct task_struct *t;

	for_each_process(t)
		if (t->pgrp == pgrp && t->session == sid)
			return true;
	return false;
}

/* Linux's setpgid rules: self or a child, same session, not a session leader. */
static long do_setpgid(int pid, int pgid)
{
	struct task_struct *t = id_task(pid);

	if (!t)
		return -ESRCH;
	if (t != current && t->real_parent != current)
		return -ESRCH;
	if (t->session != current->session)
		return -EPERM;
	if (t->pid == t->session)
		return -EPERM;          /* a session leader stays in its group */
	if (!pgid)
		pgid = t->pid;
	if (pgid != t->pid && !pgrp_in_session(pgid, current->session))
		return -EPERM;
	t->pgrp = pgid;
	return 0;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	unsigned long flags;
	long ret;

	if (pgid < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	ret = do_setpgid(pid, pgid);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE0(setsid)
{
	struct task_struct *t = current, *o;
	unsigned long flags;
	long ret = t->pid;

	spin_lock_irqsave(&tasklist_lock, flags);
	/* Linux's rule: fails if a process group with the caller's pid exists (it leads one) */
	for_each_process(o)
		if (o->pgrp == t->pid)
			ret = -EPERM;
	if (ret > 0) {
		t->pgrp = t->pid;
		t->session = t->pid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
