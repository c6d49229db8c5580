/*
 * The scheduler (Linux's kernel/sched/core.c, reduced to round robin): each
 * CPU has a run queue (struct rq) of the tasks waiting to run there, in
 * order, under the queue's own lock.  schedule() puts the running task back
 * at the tail if it is still runnable and runs the first one; with nothing
 * queued the CPU runs its idle task, which halts until an interrupt.
 *
 *   tick (every CPU, HZ)   the running task's slice (SCHED_SLICE_TICKS) runs
 *                          out: TIF_NEED_RESCHED, acted on at the return from
 *                          the interrupt when the kernel code it interrupted
 *                          may be preempted (preempt_count 0, interrupts on),
 *                          or on the way back to user mode
 *   wake_up_process(t)     t back on its CPU's queue; an idle CPU is kicked
 *                          with RESCHEDULE_VECTOR
 *   schedule_timeout(j)    the task sleeps on its CPU's list of sleepers; the
 *                          tick that finds it due wakes it
 *
 * A task stays on the CPU it was started on (wake_up_new_task picks its
 * parent's CPU or the least busy online one, or the one asked for): there is
 * no migration, so
 * each queue is only ever touched under its own lock and a task's per-CPU
 * pointers stay valid while it is preempted.  The queue's lock is held across
 * the switch (__switch_to_asm) and released by the task switched to
 * (finish_task_switch), so a task being switched out cannot be picked by
 * anyone before its registers are saved.
 */
#define pr_fmt(fmt) "sched: " fmt

#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <kernel/irq.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/uaccess.h>
#include <kernel/time.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/slab.h>

#include "sched_internal.h"
#include "sched_deps.h"

DEFINE_PER_CPU_ALIGNED(struct rq, runqueues);
DEFINE_PER_CPU(struct task_struct *, current_task) = &init_task;

extern char init_stack_guard[];        /* kernel/main.c: the boot stack is the next 16 KiB */

/* CPU 0's boot thread, which becomes its idle task (Linux's init_task, "swapper/0"). */
struct task_struct init_task = {
	.state = TASK_RUNNING,
	.flags = PF_KTHREAD | PF_IDLE,
	.prio = 120,
	.comm = "swapper/0",
	.usage = 1,
	.on_rq = 1,
	.tasks = LIST_HEAD_INIT(init_task.tasks),
	.children = LIST_HEAD_INIT(init_task.children),
	.sibling = LIST_HEAD_INIT(init_task.sibling),
	.run_list = LIST_HEAD_INIT(init_task.run_list),
	.timer_list = LIST_HEAD_INIT(init_task.timer_list),
	.real_parent = &init_task,
	.parent = &init_task,
	.group_leader = &init_task,
	.exit_signal = -1,
	.wait_chldexit = __WAIT_QUEUE_HEAD_INITIALIZER(init_task.wait_chldexit),
};

static void rq_init(struct rq *rq, struct task_struct *idle)
{
	spin_lock_init(&rq->lock);
	INIT_LIST_HEAD(&rq->queue);
	INIT_LIST_HEAD(&rq->sleepers);
	rq->idle = idle;
	rq->curr = idle;
}

void load_kernel_pgd(void)
{
	switch_mm(NULL, &init_mm, current);
}

void sched_init(void)
{
	init_task.stack = init_stack_guard + PAGE_SIZE;
	init_task.last_switch_in = local_clock();
	rq_init(cpu_rq(0), &init_task);
	this_cpu_write(current_task, &init_task);
}

void idle_tasks_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct task_struct *idle;

		if (cpu == 0 || cpu_rq(cpu)->idle)
			continue;
		idle = kzalloc(sizeof(*idle), GFP_KERNEL);
		if (!idle) {
			pr_err("no memory for CPU%u's idle task\n", cpu);
			continue;
		}
		task_init_common(idle);
		idle->flags = PF_KTHREAD | PF_IDLE;
		idle->usage = 1;
		idle->on_rq = 1;
		idle->cpu = (int)cpu;
		idle->exit_signal = -1;
		idle->real_parent = idle->parent = &init_task;
		idle->group_leader = idle;
		snprintf(idle->comm, sizeof(idle->comm), "swapper/%u", cpu);
		rq_init(cpu_rq(cpu), idle);
		per_cpu(current_task, cpu) = idle;
	}
}

void init_idle_this_cpu(unsigned int cpu)
{
	struct task_struct *idle = cpu_rq(cpu)->idle;

	if (!idle)
		return;         /* no memory for it: the CPU runs its work loop only */
	/* the stack smpboot gave it (head64.asm switched to it) */
	idle->stack = (void *)(smpboot_stack_top[cpu] - THREAD_SIZE);
	idle->last_switch_in = local_clock();
	this_cpu_write(current_task, idle);
	set_task_stack(idle);
}

unsigned int nr_running_cpu(unsigned int cpu)
{
	return READ_ONCE(cpu_rq(cpu)->nr_running);
}

u64 nr_context_switches(void)
{
	unsigned int cpu;
	u64 n = 0;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(cpu_rq(cpu)->nr_switches);
	return n;
}

/*
 * Ask rq's running task to call schedule() soon (TIF_NEED_RESCHED); under
 * rq->lock.  True if that is another CPU, which the caller then interrupts
 * with kick_cpu() once it has dropped the lock: the CPU woken goes straight
 * for this lock, and under TCG the vCPU that holds it may be descheduled
 * by the host at any moment.
 */
static bool resched_curr(struct rq *rq, unsigned int cpu)
{
	set_tsk_thread_flag(rq->curr, TIF_NEED_RESCHED);
	return cpu != smp_processor_id();
}

static void kick_cpu(int cpu)
{
	if (cpu >= 0)
		smp_send_reschedule(cpu);
}

/* t (not running, not queued) onto rq's queue; under rq->lock.  The CPU to kick, or -1. */
static int activate_task(struct rq *rq, struct task_struct *t)
{
	t->on_rq = 1;
	rq->nr_running++;
	list_add_tail(&t->run_list, &rq->queue);
	if (rq->curr == rq->idle && resched_curr(rq, (unsigned int)t->cpu))
		return t->cpu;
	return -1;
}

/* Wake t if its state is in state; under its rq's lock.  1 if woken; *kick: a CPU to interrupt. */
static int try_to_wake_up_locked(struct rq *rq, struct task_struct *t, unsigned int state,
				 int *kick)
{
	if (!(READ_ONCE(t->state) & state))
		return 0;
	WRITE_ONCE(t->state, TASK_RUNNING);
	if (!list_empty(&t->timer_list))
		list_del_init(&t->timer_list);
	if (!t->on_rq)
		*kick = activate_task(rq, t);
	return 1;
}

int wake_up_state(struct task_struct *t, unsigned int state)
{
	struct rq *rq = cpu_rq((unsigned int)t->cpu);
	unsigned long flags;
	int woken, kick = -1;

	spin_lock_irqsave(&rq->lock, flags);
	woken = try_to_wake_up_locked(rq, t, state, &kick);
	spin_unlock_irqrestore(&rq->lock, flags);
	kick_cpu(kick);
	return woken;
}

int wake_up_process(struct task_struct *t)
{
	return wake_up_state(t, TASK_NORMAL);
}

void kick_process(struct task_struct *t)
{
	unsigned int cpu = (unsigned int)READ_ONCE(t->cpu);

	if (READ_ONCE(t->on_cpu) && cpu != smp_processor_id())
		smp_send_reschedule((int)cpu);
}

/* The least busy online CPU (the lowest number among equals). */
static unsigned int least_busy_cpu(void)
{
	unsigned int cpu, best = 0, best_n = ~0U;

	for_each_online_cpu(cpu) {
		unsigned int n = nr_running_cpu(cpu);

		if (cpu_rq(cpu)->idle && n < best_n) {
			best = cpu;
			best_n = n;
		}
	}
	return best;
}

/*
 * Where a new task starts: a forked process on its parent's CPU while the
 * parent is the only task there (a parent that waits for its child, two
 * processes talking through a pipe: each wake-up stays on one CPU instead
 * of needing an interrupt to another, as Linux's wake_affine), else on the
 * least busy CPU.  Kernel threads go to the least busy CPU.
 */
static unsigned int select_task_cpu(const struct task_struct *t)
{
	unsigned int here = smp_processor_id();

	if (!(t->flags & PF_KTHREAD) && cpu_rq(here)->idle && nr_running_cpu(here) <= 1)
		return here;
	return least_busy_cpu();
}

void wake_up_new_task(struct task_struct *t)
{
	struct rq *rq;
	unsigned long flags;
	int kick;

	if (t->cpu < 0 || !cpu_online((unsigned int)t->cpu) || !cpu_rq((unsigned int)t->cpu)->idle)
		t->cpu = (int)select_task_cpu(t);
	rq = cpu_rq((unsigned int)t->cpu);
	spin_lock_irqsave(&rq->lock, flags);
	WRITE_ONCE(t->state, TASK_RUNNING);
	t->time_slice = SCHED_SLICE_TICKS;
	kick = activate_task(rq, t);
	spin_unlock_irqrestore(&rq->lock, flags);
	kick_cpu(kick);
}

/* ---- the switch ---- */

int nr_dying_tasks;

/* After the switch, on next's stack: prev is off the CPU; a dead prev loses the scheduler's reference. */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();

	WRITE_ONCE(prev->on_cpu, 0);
	spin_unlock(&rq->lock);
	if (READ_ONCE(prev->state) == TASK_DEAD) {
		put_task_struct(prev);
		__atomic_fetch_sub(&nr_dying_tasks, 1, __ATOMIC_RELEASE);
	}
}

/* A new task's first code, from ret_from_fork (entry_64.asm): prev is the task it replaced. */
void schedule_tail(struct task_struct *prev)
{
	struct task_struct *t = current;

	finish_task_switch(prev);
	preempt_enable_no_resched();    /* the count __schedule had */
	local_irq_enable();
	if (t->set_child_tid) {
		put_user(t->pid, t->set_child_tid);     /* CLONE_CHILD_SETTID, in the child's mm */
		t->set_child_tid = NULL;
	}
}

/*
 * Load next's address space: its mm's page tables, or the kernel's (init_mm)
 * for a kernel thread.  the mm code's switch_mm does nothing when this CPU has
 * that mm loaded already.
 */
static void switch_mm_to(struct task_struct *prev, struct task_struct *next)
{
	switch_mm(prev->active_mm, next->mm ? next->mm : &init_mm, next);
	next->active_mm = next->mm;
}

/* The user-mode state the CPU holds for the task: FS base and the swapped-out GS base. */
static void switch_user_state(struct task_struct *prev, struct task_struct *next)
{
	if (prev->thread.fsbase != next->thread.fsbase || next->mm)
		wrmsr(MSR_FS_BASE, next->thread.fsbase);
	if (prev->thread.gsbase != next->thread.gsbase)
		wrmsr(MSR_KERNEL_GS_BASE, next->thread.gsbase);
	switch_fpu(prev, next);         /* x87/SSE registers (kernel/fpu.c) */
}

static void context_switch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	u64 now = local_clock();

	rq->curr = next;
	rq->nr_switches++;
	prev->sum_exec_runtime += now - prev->last_switch_in;
	next->last_switch_in = now;
	WRITE_ONCE(next->on_cpu, 1);
	switch_mm_to(prev, next);
	switch_user_state(prev, next);
	set_task_stack(next);
	this_cpu_write(current_task, next);
	prev->saved_preempt_count = preempt_count();
	this_cpu_write(__preempt_count, next->saved_preempt_count);
	prev = __switch_to_asm(&prev->thread.sp, next->thread.sp, prev);
	/* here, in next, after the switch back to it: prev is whoever ran before */
	finish_task_switch(prev);
}

/*
 * Pick the next task and switch to it, interrupts off and preemption
 * disabled.  preempt: the running task is being preempted, so it stays
 * runnable whatever its state (Linux's __schedule(SM_PREEMPT)).
 */
static void __schedule(bool preempt)
{
	struct rq *rq = this_rq();
	struct task_struct *prev = rq->curr, *next;

	spin_lock(&rq->lock);
	clear_tsk_thread_flag(prev, TIF_NEED_RESCHED);
	if (prev != rq->idle) {
		long state = READ_ONCE(prev->state);

		if (!preempt && state != TASK_RUNNING &&
		    !((state & TASK_INTERRUPTIBLE) && signal_pending(prev))) {
			prev->on_rq = 0;        /* asleep: a wake-up requeues it */
			rq->nr_running--;
			prev->nvcsw++;
		} else {
			if (state != TASK_RUNNING && !preempt)
				WRITE_ONCE(prev->state, TASK_RUNNING);  /* a signal ended the sleep */
			list_add_tail(&prev->run_list, &rq->queue);
			prev->nivcsw += preempt;
		}
	}
	if (list_empty(&rq->queue)) {
		next = rq->idle;
	} else {
		next = list_first_entry(&rq->queue, struct task_struct, run_list);
		list_del_init(&next->run_list);
	}
	if (next->time_slice == 0)
		next->time_slice = SCHED_SLICE_TICKS;
	if (next == prev) {
		spin_unlock(&rq->lock);
		return;
	}
	context_switch(rq, prev, next);
}

void schedule(void)
{
	unsigned long flags;

	if (unlikely(preempt_count() & (PREEMPT_MASK | HARDIRQ_MASK | NMI_MASK)))
		printk_once(KERN_ERR "BUG: scheduling while atomic: %s/%d/0x%08x\n",
			    current->comm, current->pid, preempt_count());
	local_irq_save(flags);
	do {
		preempt_disable();
		__schedule(false);
		preempt_enable_no_resched();
	} while (need_resched());
	local_irq_restore(flags);
}

void schedule_idle(void)
{
	schedule();
}

void preempt_schedule(void)
{
	if (preempt_count() || irqs_disabled() || !this_rq()->idle || !need_resched())
		return;
	local_irq_disable();
	do {
		preempt_disable();
		__schedule(true);
		preempt_enable_no_resched();
	} while (need_resched());
	local_irq_enable();
}

void preempt_schedule_irq(void)
{
	if (!this_rq()->idle)
		return;
	do {
		preempt_disable();
		__schedule(true);
		preempt_enable_no_resched();
	} while (need_resched());
}

void yield(void)
{
	set_current_state(TASK_RUNNING);
	schedule();
}

/* ---- the tick and sleeping with a time-out ---- */

/* Wake rq's sleepers whose time has come; under rq->lock. */
static void wake_expired_sleepers(struct rq *rq, u64 now)
{
	int kick;

	while (!list_empty(&rq->sleepers)) {
		struct task_struct *t = list_first_entry(&rq->sleepers, struct task_struct, timer_list);

		if ((s64)(t->timeout - now) > 0)
			break;
		list_del_init(&t->timer_list);
		try_to_wake_up_locked(rq, t, TASK_NORMAL, &kick);      /* our own CPU: no kick */
	}
}

void scheduler_tick(void)
{
	struct rq *rq = this_rq();
	struct task_struct *curr;
	struct pt_regs *regs = get_irq_regs();

	if (!rq->idle)
		return;                 /* this CPU's scheduler is not up yet */
	spin_lock(&rq->lock);
	curr = rq->curr;
	if (regs && user_mode(regs))
		curr->utime++;
	else
		curr->stime++;
	wake_expired_sleepers(rq, READ_ONCE(jiffies));
	if (curr == rq->idle) {
		if (!list_empty(&rq->queue))
			set_tsk_thread_flag(curr, TIF_NEED_RESCHED);
	} else if (curr->time_slice && --curr->time_slice == 0) {
		curr->time_slice = SCHED_SLICE_TICKS;
		if (!list_empty(&rq->queue))
			set_tsk_thread_flag(curr, TIF_NEED_RESCHED);
	}
	spin_unlock(&rq->lock);
}

long schedule_timeout(long timeout)
{
	struct task_struct *t = current;
	struct rq *rq = this_rq();
	unsigned long flags;
	struct task_struct *pos;
	u64 expire;
	long left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0)
		timeout = 0;
	expire = READ_ONCE(jiffies) + (u64)timeout;
	spin_lock_irqsave(&rq->lock, flags);
	t->timeout = expire;
	list_for_each_entry(pos, &rq->sleepers, timer_list)
		if ((s64)(pos->timeout - expire) > 0)
			break;
	list_add_tail(&t->timer_list, &pos->timer_list);        /* before the first later one */
	spin_unlock_irqrestore(&rq->lock, flags);
	schedule();
	spin_lock_irqsave(&rq->lock, flags);
	if (!list_empty(&t->timer_list))
		list_del_init(&t->timer_list);
	spin_unlock_irqrestore(&rq->lock, flags);
	left = (long)(expire - READ_ONCE(jiffies));
	return left < 0 ? 0 : left;
}

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}
