/*
 * The scheduler's private side (kernel/sched_core.c, fork.c, exit.c,
 * entry_64.asm), as Linux's kernel/sched/sched.h.
 */
#ifndef ATLAS_KERNEL_SCHED_INTERNAL_H
#define ATLAS_KERNEL_SCHED_INTERNAL_H

#include <asm/ptrace.h>
#include <kernel/percpu.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>

/* A running task gives way after this many ticks if another one waits (12 ms at HZ 250). */
#define SCHED_SLICE_TICKS 3

/*
 * A new task's preempt count: what __schedule holds at the switch (schedule's
 * preempt_disable and the queue's lock), undone by schedule_tail.
 */
#define FORK_PREEMPT_COUNT (2 * PREEMPT_OFFSET)

/* One CPU's run queue. */
struct rq {
	spinlock_t lock;                /* everything below, and its tasks' on_rq and state changes */
	struct list_head queue;         /* runnable tasks waiting, first to run first */
	unsigned int nr_running;        /* queued + running, the idle task not counted */
	struct task_struct *curr;       /* running now */
	struct task_struct *idle;       /* runs when the queue is empty */
	struct list_head sleepers;      /* schedule_timeout, by timeout */
	u64 nr_switches;
};

DECLARE_PER_CPU(struct rq, runqueues);
#define cpu_rq(cpu) (&per_cpu(runqueues, (cpu)))
#define this_rq()   this_cpu_ptr(&runqueues)

/*
 * Save the callee-saved registers and RSP (*prev_sp), load next_sp and
 * return on that stack; returns prev in the task switched to (entry_64.asm).
 */
struct task_struct *__switch_to_asm(unsigned long *prev_sp, unsigned long next_sp,
				    struct task_struct *prev);
/* Where a new task starts (entry_64.asm): schedule_tail, then fn(arg) or user mode. */
void ret_from_fork(void);
void schedule_tail(struct task_struct *prev);

/* Lists, wait queue, and the rest every task starts with (fork.c). */
void task_init_common(struct task_struct *t);

/* TSS.rsp0 and the syscall entry's stack: t's kernel stack top (gdt.c). */
void update_task_stack(unsigned long sp0);
#define set_task_stack(t) update_task_stack(task_stack_top(t))

/* CR3 = the kernel's own page tables (a kernel thread's, an exiting task's). */
void load_kernel_pgd(void);

/* The task that adopts orphans and runs init (PID 1). */
extern struct task_struct *child_reaper;

/* A new task as args say, not started yet (wake_up_new_task starts it), or ERR_PTR. */
struct task_struct *copy_process(struct kernel_clone_args *args);

/* A free pid (next in order, wrapping to 300), or -EAGAIN; under tasklist_lock (pid.c). */
int alloc_pid(void);

/* Release a reaped task: off the lists, its pid free, the life reference dropped. */
void release_task(struct task_struct *p);

/* The interrupted registers of the interrupt being handled on this CPU, or NULL. */
struct pt_regs *get_irq_regs(void);

#endif
