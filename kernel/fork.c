/*
 * Making tasks (Linux's kernel/fork.c): kernel_clone is behind fork, vfork,
 * clone and kernel_thread.  The child gets a task_struct and a kernel stack
 * of THREAD_SIZE (order-2 pages from the buddy allocator), a pid, its
 * parent's address space copied (the mm code's dup_mm: copy on write) or shared
 * (CLONE_VM), its files and fs copied or shared, and a stack made so that
 * its first switch-in returns into ret_from_fork (copy_thread):
 *
 *     top of stack   struct pt_regs      the parent's user registers, ax = 0
 *                    ret_from_fork       __switch_to_asm's "ret" goes here
 *                    rbp rbx r12..r15    rbx = fn, r12 = arg (kernel thread)
 *     thread.sp ->
 *
 * A CLONE_VFORK parent sleeps until the child execs or exits (vfork_release).
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <mm/gfp.h>
#include <mm/mm_types.h>
#include <mm/page.h>
#include <mm/slab.h>
#include <mm/vmstat.h>

#include "sched_internal.h"
#include "sched_deps.h"

struct task_struct *child_reaper = &init_task;


void task_init_common(struct task_struct *t)
{
	INIT_LIST_HEAD(&t->run_list);
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->tasks);
	INIT_LIST_HEAD(&t->timer_list);
	INIT_LIST_HEAD(&t->pending.list);
	init_waitqueue_head(&t->wait_chldexit);
	t->prio = 120;
	t->start_time = local_clock();
}

/* A task's kernel stack goes back (meminfo's KernelStack counts it no more). */
static void free_thread_stack(struct task_struct *t)
{
	free_pages((unsigned long)t->stack, THREAD_SIZE_ORDER);
	mod_node_page_state(NR_KERNEL_STACK_KB, -(THREAD_SIZE / 1024));
}

void put_task_struct(struct task_struct *t)
{
	if (__atomic_sub_fetch(&t->usage, 1, __ATOMIC_ACQ_REL))
		return;
	if (t->flags & PF_IDLE)
		return;                 /* never: the idle tasks live for good */
	free_thread_stack(t);
	kfree(t);
}

/* The switch frame under the pt_regs of a new task: __switch_to_asm pops it. */
struct fork_frame {
	unsigned long r15, r14, r13, r12, bx, bp;
	unsigned long ret_addr;
};

static void copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	struct pt_regs *childregs = task_pt_regs(p);
	struct fork_frame *frame = (struct fork_frame *)childregs - 1;

	memset(frame, 0, sizeof(*frame));
	frame->ret_addr = (unsigned long)ret_from_fork;
	p->thread.sp = (unsigned long)frame;
	p->thread.fsbase = current->thread.fsbase;
	p->thread.gsbase = current->thread.gsbase;
	if (args->fn) {
		memset(childregs, 0, sizeof(*childregs));
		frame->bx = (unsigned long)args->fn;
		frame->r12 = (unsigned long)args->fn_arg;
		return;
	}
	*childregs = *task_pt_regs(current);
	childregs->ax = 0;              /* the child's fork() returns 0 */
	fpu_clone(p);                   /* the parent's x87/SSE registers (kernel/fpu.c) */
	if (args->stack)
		childregs->sp = args->stack;
	if (args->flags & CLONE_SETTLS)
		p->thread.fsbase = args->tls;
}

/* The address space, files and cwd: shared or copied as flags say. */
static int copy_resources(struct task_struct *p, u64 flags, bool kthread)
{
	struct task_struct *cur = current;

	if (kthread) {
		/* a kernel thread has no user address space (Linux's come from kthreadd) */
	} else if (cur->mm && (flags & CLONE_VM)) {
		__atomic_fetch_add(&cur->mm->mm_users, 1, __ATOMIC_RELAXED);   /* mmget */
		p->mm = cur->mm;
	} else if (cur->mm) {
		p->mm = dup_mm(p, cur->mm);
		if (IS_ERR_OR_NULL(p->mm)) {
			p->mm = NULL;
			return -ENOMEM;
		}
	}
	if (cur->files && (flags & CLONE_FILES)) {
		__atomic_fetch_add(&cur->files->count, 1, __ATOMIC_RELAXED);
		p->files = cur->files;
	} else if (cur->files) {
		p->files = dup_fd(cur->files);
		if (IS_ERR_OR_NULL(p->files)) {
			p->files = NULL;
			return -ENOMEM;
		}
	}
	if (cur->fs && (flags & CLONE_FS)) {
		__atomic_fetch_add(&cur->fs->users, 1, __ATOMIC_RELAXED);
		p->fs = cur->fs;
	} else if (cur->fs) {
		p->fs = copy_fs_struct(cur->fs);
		if (IS_ERR_OR_NULL(p->fs)) {
			p->fs = NULL;
			return -ENOMEM;
		}
	}
	return copy_sighand((unsigned long)flags, p);
}

/* Undo copy_resources for a child that never ran. */
static void free_resources(struct task_struct *p)
{
	if (p->mm)
		mmput(p->mm);
	if (p->files)
		put_files_struct(p->files);
	if (p->fs && !__atomic_sub_fetch(&p->fs->users, 1, __ATOMIC_ACQ_REL))
		free_fs_struct(p->fs);
}

/* A task_struct and stack for the child, its fields from the parent's. */
static struct task_struct *dup_task_struct(const struct kernel_clone_args *args)
{
	struct task_struct *cur = current, *p;
	unsigned long stack;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	stack = __get_free_pages(GFP_KERNEL, THREAD_SIZE_ORDER);
	if (!stack) {
		kfree(p);
		return NULL;
	}
	task_init_common(p);
	p->stack = (void *)stack;
	mod_node_page_state(NR_KERNEL_STACK_KB, THREAD_SIZE / 1024);
	p->usage = 2;                   /* its life (until reaped) and its last switch-out */
	p->saved_preempt_count = FORK_PREEMPT_COUNT;
	p->state = TASK_UNINTERRUPTIBLE;        /* until wake_up_new_task */
	p->flags = cur->flags & ~(PF_IDLE | PF_EXITING);
	p->cpu = args->cpu;
	p->blocked = cur->blocked;
	p->exit_signal = args->exit_signal;
	memcpy(p->comm, args->name ? args->name : cur->comm, TASK_COMM_LEN);
	p->comm[TASK_COMM_LEN - 1] = '\0';
	if (args->fn)
		p->flags |= PF_KTHREAD;
	return p;
}

/* Give p its pid, parent and place in the task list. */
static int link_new_task(struct task_struct *p, u64 flags)
{
	struct task_struct *cur = current;
	unsigned long irqflags;
	int pid;

	spin_lock_irqsave(&tasklist_lock, irqflags);
	pid = alloc_pid();
	if (pid < 0) {
		spin_unlock_irqrestore(&tasklist_lock, irqflags);
		return pid;
	}
	p->pid = pid;
	p->tgid = (flags & CLONE_THREAD) ? cur->tgid : pid;
	p->group_leader = (flags & CLONE_THREAD) ? cur->group_leader : p;
	p->pgrp = cur->pgrp;
	p->session = cur->session;
	p->real_parent = p->parent = (flags & CLONE_PARENT) ? cur->real_parent : cur;
	if (cur->flags & PF_IDLE)
		p->real_parent = p->parent = &init_task;
	list_add_tail(&p->sibling, &p->real_parent->children);
	list_add_tail(&p->tasks, &init_task.tasks);
	spin_unlock_irqrestore(&tasklist_lock, irqflags);
	return pid;
}

struct task_struct *copy_process(struct kernel_clone_args *args)
{
	struct task_struct *p;
	int err;

	if ((args->flags & CLONE_THREAD) && !(args->flags & CLONE_SIGHAND))
		return ERR_PTR(-EINVAL);
	if ((args->flags & CLONE_SIGHAND) && !(args->flags & CLONE_VM))
		return ERR_PTR(-EINVAL);
	/*
	 * The child's FS base goes into MSR_FS_BASE at its first switch-in: a
	 * non-canonical one would #GP in the kernel (Linux's copy_thread checks
	 * it as arch_prctl(ARCH_SET_FS) does).
	 */
	if ((args->flags & CLONE_SETTLS) && args->tls >= TASK_SIZE_MAX)
		return ERR_PTR(-EPERM);
	p = dup_task_struct(args);
	if (!p)
		return ERR_PTR(-ENOMEM);
	err = copy_resources(p, args->flags, args->fn != NULL);
	if (!err)
		err = link_new_task(p, args->flags);
	if (err < 0) {
		free_resources(p);
		free_thread_stack(p);
		kfree(p);
		return ERR_PTR(err);
	}
	copy_thread(p, args);
	if (args->flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = args->child_tid;
	if (args->flags & CLONE_CHILD_SETTID)
		p->set_child_tid = args->child_tid;
	return p;
}

void vfork_release(struct task_struct *t)
{
	struct task_struct *parent = t->vfork_waiter;

	if (!parent)
		return;
	t->vfork_waiter = NULL;
	WRITE_ONCE(t->vfork_done, true);
	wake_up_all(&parent->wait_chldexit);
	put_task_struct(parent);
}

int kernel_clone(struct kernel_clone_args *args)
{
	struct task_struct *p = copy_process(args);
	int pid;

	if (IS_ERR(p))
		return (int)PTR_ERR(p);
	pid = p->pid;
	if (args->flags & CLONE_PARENT_SETTID)
		put_user(pid, args->parent_tid);        /* a bad pointer: the child runs anyway */
	if (args->flags & CLONE_VFORK) {
		get_task_struct(current);
		p->vfork_waiter = current;
		get_task_struct(p);
	}
	wake_up_new_task(p);
	if (args->flags & CLONE_VFORK) {
		wait_event(current->wait_chldexit, READ_ONCE(p->vfork_done));
		put_task_struct(p);
	}
	return pid;
}

int kernel_thread(int (*fn)(void *), void *arg, unsigned long flags)
{
	struct kernel_clone_args args = {
		.flags = (flags & ~CSIGNAL) | CLONE_VM,
		.exit_signal = (int)(flags & CSIGNAL),
		.fn = fn,
		.fn_arg = arg,
		.cpu = -1,
	};

	return kernel_clone(&args);
}

SYSCALL_DEFINE0(fork)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD, .cpu = -1 };

	return kernel_clone(&args);
}

SYSCALL_DEFINE0(vfork)
{
	struct kernel_clone_args args = {
		.flags = CLONE_VFORK | CLONE_VM, .exit_signal = SIGCHLD, .cpu = -1,
	};

	return kernel_clone(&args);
}

/* x86-64's argument order: flags, newsp, parent_tidptr, child_tidptr, tls. */
SYSCALL_DEFINE5(clone, unsigned long, clone_flags, unsigned long, newsp,
		int __user *, parent_tidptr, int __user *, child_tidptr, unsigned long, tls)
{
	struct kernel_clone_args args = {
		.flags = clone_flags & ~CSIGNAL,
		.exit_signal = (int)(clone_flags & CSIGNAL),
		.stack = newsp,
		.parent_tid = parent_tidptr,
		.child_tid = child_tidptr,
		.tls = tls,
		.cpu = -1,
	};

	return kernel_clone(&args);
}
