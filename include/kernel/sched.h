/*
 * Tasks and the scheduler (Linux's include/linux/sched.h): task_struct,
 * current, the run queues' and wait queues' entry points, fork/exit/wait,
 * and the /proc views of a task.  kernel/sched_core.c says how scheduling
 * works; docs/design.md ("tasks and the scheduler") has the overview.
 *
 * Sleeping and the context checks around it (Linux's include/linux/kernel.h
 * might_sleep and include/linux/sched/mm.h might_alloc): Atlas's allocators
 * never sleep, but a GFP_KERNEL allocation *may* sleep in Linux, so it is a
 * bug in interrupt context: might_alloc(gfp) reports it once, as Linux's
 * "BUG: sleeping function called from invalid context", and the allocation
 * goes on.  kernel/sched.c has the report.
 */
#ifndef ATLAS_KERNEL_SCHED_H
#define ATLAS_KERNEL_SCHED_H

#include <asm/ptrace.h>
#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/types.h>
#include <mm/gfp.h>
#include <uapi/linux/resource.h>
#include <asm/fpu.h>

/* The host unit tests (mm/slab.h's users) need might_alloc only, and have libc's sigset_t. */
#ifndef ATLAS_HOST
#include <kernel/wait.h>

struct mm_struct;
struct files_struct;
struct fs_struct;
struct sighand_struct;
struct file;
struct pt_regs;

/*
 * A task: a thread of execution the scheduler runs (Linux's task_struct,
 * the fields Atlas uses).  A kernel thread has mm == NULL; a user process
 * has its own mm (its address space), files (its fds) and fs (its cwd).
 * Owned by kernel/sched.c (scheduling), kernel/fork.c (creation) and
 * kernel/exit.c (death); other subsystems read it through current.
 */
#define TASK_COMM_LEN 16

/* state (Linux's values, as /proc/PID/stat prints them by letter) */
#define TASK_RUNNING            0x0000  /* R: running or on a run queue */
#define TASK_INTERRUPTIBLE      0x0001  /* S: asleep; a signal wakes it */
#define TASK_UNINTERRUPTIBLE    0x0002  /* D: asleep; only its event wakes it */
#define __TASK_STOPPED          0x0004  /* T */
#define EXIT_DEAD               0x0010  /* X: reaped, about to be freed */
#define EXIT_ZOMBIE             0x0020  /* Z: exited, waiting for wait4 */
#define TASK_DEAD               0x0080  /* its last schedule() is running */

#define TASK_NORMAL             (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* flags */
#define PF_KTHREAD              0x00200000      /* a kernel thread */
#define PF_EXITING              0x00000004      /* in do_exit */
#define PF_IDLE                 0x00000002      /* a CPU's idle task */

/* The saved kernel context of a task that is not running (switch_to). */
struct thread_struct {
	unsigned long sp;               /* kernel RSP at the switch */
	unsigned long fsbase;           /* user FS base (arch_prctl ARCH_SET_FS) */
	unsigned long gsbase;           /* user GS base (ARCH_SET_GS) */
};

#ifdef ATLAS_HOST
/* The host libc's sigset_t stands in: no host test looks inside a task's signals. */
#include <signal.h>
#else
typedef struct {
	unsigned long sig[1];           /* bit N-1: signal N (64 signals) */
} sigset_t;
#endif

struct sigpending {
	struct list_head list;          /* queued real-time signals (unused yet) */
	sigset_t signal;
};

/* thread_info.flags: work to do before returning to user mode (Linux's TIF_*) */
#define TIF_SIGPENDING          2       /* a signal is pending: deliver it */
#define TIF_NEED_RESCHED        3       /* preempt: call schedule() */
#define TIF_NOTIFY_RESUME       1

#define _TIF_SIGPENDING         (1UL << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED       (1UL << TIF_NEED_RESCHED)
#define _TIF_NOTIFY_RESUME      (1UL << TIF_NOTIFY_RESUME)

struct thread_info {
	unsigned long flags;            /* TIF_* bits */
};

struct task_struct {
	struct thread_info thread_info; /* first, as Linux's (CONFIG_THREAD_INFO_IN_TASK) */
	volatile long state;            /* TASK_* above; 0 = runnable */
	unsigned int flags;             /* PF_* */
	int on_cpu;                     /* running on a CPU now */
	int cpu;                        /* the CPU whose run queue holds it */
	int prio;                       /* 120 = nice 0, as Linux's static_prio */
	struct list_head run_list;      /* on its CPU's run queue */
	unsigned long time_slice;       /* ticks left before preemption */
	u64 utime, stime;               /* ticks spent in user / kernel mode */
	u64 start_time;                 /* local_clock() ns at creation */
	unsigned long nvcsw, nivcsw;    /* voluntary / involuntary switches */

	int pid;                        /* Linux's pid: the thread's id */
	int tgid;                       /* thread group (= pid of the leader) */
	int pgrp, session;              /* process group and session ids */
	char comm[TASK_COMM_LEN];       /* executable name, NUL-terminated */

	struct task_struct *real_parent;        /* who forked it */
	struct task_struct *parent;             /* who gets SIGCHLD and wait4s */
	struct list_head children;              /* its children, by sibling */
	struct list_head sibling;               /* in parent->children */
	struct list_head tasks;                 /* in the list of every task */
	int exit_code;                  /* wait4's status word (Linux's encoding) */
	int exit_signal;                /* sent to the parent at exit (SIGCHLD) */
	struct task_struct *vfork_waiter;       /* vfork: the parent to wake at exec/exit */
	int __user *clear_child_tid;    /* set_tid_address */

	struct mm_struct *mm;           /* user address space; NULL: kernel thread */
	struct mm_struct *active_mm;    /* the one loaded in CR3 */
	struct files_struct *files;     /* open files (fs/file.c) */
	struct fs_struct *fs;           /* cwd and root (fs/namei.c) */

	struct sighand_struct *sighand; /* handlers (kernel/signal.c) */
	sigset_t blocked;               /* rt_sigprocmask */
	sigset_t saved_sigmask;         /* while a handler runs (sigsuspend, ...) */
	struct sigpending pending;      /* signals sent, not yet delivered */

	/* the signal code's (kernel/signal.c, kernel/sys.c) */
	unsigned long sas_ss_sp;        /* sigaltstack: base of the alternate stack */
	size_t sas_ss_size;             /* ... its size; 0: none */
	unsigned int sas_ss_flags;      /* ... SS_AUTODISARM */
	struct rlimit rlim[RLIM_NLIMITS];       /* getrlimit (Linux keeps them in signal_struct) */
	void __user *robust_list;       /* set_robust_list: the futex list head */
	int stop_sig;                   /* the signal that stopped it (job control), 0: running */
	bool stop_reported;             /* its stop was reported to wait4 (WUNTRACED) */
	bool cont_pending;              /* SIGCONT resumed it, not yet reported (WCONTINUED) */
	bool restore_sigmask;           /* saved_sigmask goes back after delivery (sigsuspend) */
	bool unkillable_lifted;         /* init: a forced fatal signal kills it after all */
	bool kernel_io;                 /* in kernel_read/kernel_write: its file buffers are kernel ones */
	struct fpu fpu;                 /* the user's x87/SSE registers while switched out */

	void *stack;                    /* kernel stack (THREAD_SIZE bytes) */
	struct thread_struct thread;    /* saved context (arch) */
	void *wait_private;             /* wait queues: what this task waits on */
	u64 sleep_until;                /* nanosleep: local_clock() deadline */

	/* the scheduler's (kernel/sched_core.c, fork.c, exit.c) */
	int usage;                      /* references: get_task_struct/put_task_struct */
	int on_rq;                      /* runnable: on its run queue or running */
	unsigned int saved_preempt_count;       /* __preempt_count while switched out */
	int exit_state;                 /* EXIT_ZOMBIE, then EXIT_DEAD */
	struct list_head timer_list;    /* on its CPU's sleepers (schedule_timeout) */
	u64 timeout;                    /* jiffies at which schedule_timeout ends */
	struct task_struct *group_leader;       /* the thread group's first task */
	wait_queue_head_t wait_chldexit;        /* wait4 sleeps here; children's exits wake it */
	bool vfork_done;                /* vfork child: exec'd or exited, parent may go on */
	int __user *set_child_tid;      /* CLONE_CHILD_SETTID */
	u64 last_switch_in;             /* local_clock() when it last started to run */
	u64 sum_exec_runtime;           /* ns on a CPU, all told */
	unsigned long min_flt, maj_flt; /* page faults (mm/fault.c counts them) */
};

#define THREAD_SIZE (4 * 4096)          /* kernel stack per task, as Linux's 16 KiB */
#define THREAD_SIZE_ORDER 2             /* THREAD_SIZE in pages, as an order */
#define MAX_SCHEDULE_TIMEOUT ((long)(~0UL >> 1))
#define PID_MAX_DEFAULT 32768           /* pids wrap to 300 after this, as Linux's */

#include <kernel/percpu.h>

/* The task running on this CPU (Linux's current, a per-CPU variable here). */
DECLARE_PER_CPU(struct task_struct *, current_task);
static __always_inline struct task_struct *get_current(void)
{
	return this_cpu_read(current_task);
}
#define current get_current()

/* ---- the scheduler (kernel/sched_core.c) ---- */

/* Every task but the idle tasks, from init_task (Linux's for_each_process). */
extern struct task_struct init_task;
#define for_each_process(p) \
	list_for_each_entry(p, &init_task.tasks, tasks)

/*
 * Guards the task list, parent/children links, pids and exit states: take it
 * with spin_lock_irqsave (signals may be sent from interrupt handlers).
 */
extern spinlock_t tasklist_lock;

#define set_current_state(s) do { \
	WRITE_ONCE(current->state, (s)); \
	__atomic_thread_fence(__ATOMIC_SEQ_CST); \
} while (0)
#define __set_current_state(s) WRITE_ONCE(current->state, (s))

static inline void set_tsk_thread_flag(struct task_struct *t, int flag)
{
	__atomic_fetch_or(&t->thread_info.flags, 1UL << flag, __ATOMIC_SEQ_CST);
}

static inline void clear_tsk_thread_flag(struct task_struct *t, int flag)
{
	__atomic_fetch_and(&t->thread_info.flags, ~(1UL << flag), __ATOMIC_SEQ_CST);
}

static inline bool test_tsk_thread_flag(const struct task_struct *t, int flag)
{
	return (READ_ONCE(t->thread_info.flags) >> flag) & 1;
}

static inline bool need_resched(void)
{
	return test_tsk_thread_flag(current, TIF_NEED_RESCHED);
}

/* A signal is pending for t (TIF_SIGPENDING, set by the signal code's signal_wake_up). */
static inline bool signal_pending(const struct task_struct *t)
{
	return test_tsk_thread_flag(t, TIF_SIGPENDING);
}

/* Give up the CPU: run the next runnable task of this CPU (or its idle task). */
void schedule(void);

/*
 * Sleep for at most timeout jiffies in the state set before the call
 * (set_current_state): the jiffies left when woken earlier, 0 on time out.
 * MAX_SCHEDULE_TIMEOUT sleeps until woken.
 */
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);

/*
 * Make t runnable if it sleeps (any TASK_NORMAL state): 1 if it was woken,
 * 0 if it was running already.  Any context, any CPU.
 */
int wake_up_process(struct task_struct *t);
/* As wake_up_process, only if t's state is in state (a TASK_* mask). */
int wake_up_state(struct task_struct *t, unsigned int state);

/*
 * If t runs on another CPU now, interrupt it (RESCHEDULE_VECTOR) so that it
 * passes through the exit-to-user work soon: a signal sent to a running task
 * (Linux's kick_process; the signal code's signal_wake_up calls it).
 */
void kick_process(struct task_struct *t);

/* Put a new task on a run queue for the first time (fork's last step). */
void wake_up_new_task(struct task_struct *t);

/* The per-CPU tick's share (local_apic_timer_interrupt): time slices, sleepers. */
void scheduler_tick(void);

/* Interrupt return to kernel mode: preempt if asked and allowed (interrupts off). */
void preempt_schedule_irq(void);

/* Let another runnable task of this CPU run first (sched_yield). */
void yield(void);

/* Set up CPU 0's run queue with the boot thread as its idle task (start_kernel). */
void sched_init(void);
/* Make the idle task of each possible AP, before they start (after setup_per_cpu_areas). */
void idle_tasks_init(void);
/* On an AP: become its idle task (start_secondary, before cpu_idle). */
void init_idle_this_cpu(unsigned int cpu);
/* This CPU's idle task: run it when nothing else is runnable, with interrupts on (cpu_idle). */
void schedule_idle(void);

/* Tasks runnable on cpu now, its running task included (not its idle task). */
unsigned int nr_running_cpu(unsigned int cpu);
/* Context switches on every CPU since boot. */
u64 nr_context_switches(void);

/* ---- references, lookup, names (kernel/fork.c, kernel/pid.c) ---- */

static inline void get_task_struct(struct task_struct *t)
{
	__atomic_fetch_add(&t->usage, 1, __ATOMIC_RELAXED);
}
/* Drop a reference; the last frees the task and its kernel stack. */
void put_task_struct(struct task_struct *t);
/*
 * Dead tasks whose CPU has not yet switched away from them: the scheduler's
 * reference, and so the stack, goes in finish_task_switch on that CPU, which
 * may come after the parent's wait4 has returned.
 */
extern int nr_dying_tasks;

/* The task with this pid, or NULL; under tasklist_lock or rcu-less luck: take a reference. */
struct task_struct *find_task_by_vpid(int pid);
/* As find_task_by_vpid, with a reference taken (put_task_struct it). */
struct task_struct *find_get_task_by_vpid(int pid);

/* Set t's comm (truncated to TASK_COMM_LEN - 1 bytes), as Linux's __set_task_comm. */
void __set_task_comm(struct task_struct *t, const char *name);
#define set_task_comm(t, name) __set_task_comm(t, name)

/* The user registers at the top of t's kernel stack (saved at entry from user mode). */
#define task_pt_regs(t) \
	((struct pt_regs *)((unsigned long)(t)->stack + THREAD_SIZE) - 1)
/* Top of t's kernel stack: TSS.rsp0 while it runs. */
#define task_stack_top(t) ((unsigned long)(t)->stack + THREAD_SIZE)

/* ---- creation and death (kernel/fork.c, kernel/exit.c) ---- */

/* clone flags (Linux's include/uapi/linux/sched.h) */
#define CSIGNAL                 0x000000ff      /* the signal sent to the parent at exit */
#define CLONE_VM                0x00000100
#define CLONE_FS                0x00000200
#define CLONE_FILES             0x00000400
#define CLONE_SIGHAND           0x00000800
#define CLONE_PIDFD             0x00001000
#define CLONE_PTRACE            0x00002000
#define CLONE_VFORK             0x00004000
#define CLONE_PARENT            0x00008000
#define CLONE_THREAD            0x00010000
#define CLONE_NEWNS             0x00020000
#define CLONE_SYSVSEM           0x00040000
#define CLONE_SETTLS            0x00080000
#define CLONE_PARENT_SETTID     0x00100000
#define CLONE_CHILD_CLEARTID    0x00200000
#define CLONE_DETACHED          0x00400000
#define CLONE_UNTRACED          0x00800000
#define CLONE_CHILD_SETTID      0x01000000
#define CLONE_IO                0x80000000

/* Linux's struct kernel_clone_args, the fields Atlas uses. */
struct kernel_clone_args {
	u64 flags;                      /* CLONE_* */
	int __user *pidfd;
	int __user *child_tid;          /* CLONE_CHILD_SETTID / CLEARTID */
	int __user *parent_tid;         /* CLONE_PARENT_SETTID */
	int exit_signal;                /* SIGCHLD for fork */
	unsigned long stack;            /* the child's user RSP (0: the parent's) */
	unsigned long tls;              /* CLONE_SETTLS: the child's FS base */
	int (*fn)(void *);              /* a kernel thread's function (kernel_thread) */
	void *fn_arg;
	const char *name;               /* a kernel thread's comm, or NULL: the parent's */
	int cpu;                        /* -1: the least busy CPU, else this one */
};

/*
 * Make a new task as args say (fork, vfork, clone, kernel_thread) and start
 * it: the child's pid, or -errno (-ENOMEM, -EINVAL, -EAGAIN when pids run
 * out).  A CLONE_VFORK parent waits here until the child execs or exits.
 */
int kernel_clone(struct kernel_clone_args *args);

/*
 * A kernel thread running fn(arg), child of the caller, on any CPU: its pid
 * or -errno.  When fn returns (after a successful kernel_execve) the thread
 * goes to user mode with task_pt_regs (Linux's ret_from_fork).
 */
int kernel_thread(int (*fn)(void *), void *arg, unsigned long flags);

/*
 * Set regs so that the return to user mode starts at ip with stack sp, user
 * segments, interrupts on (Linux's start_thread; exec calls it).
 */
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);

/*
 * End the current task with exit code code (Linux's: exit status << 8, or
 * the signal number): files, mm and fs let go, children to init, a zombie
 * for the parent's wait4 (SIGCHLD), or freed at once if nobody waits.
 */
__noreturn void do_exit(long code);
/* End every thread of the current thread group (one thread per group here). */
__noreturn void do_group_exit(int exit_code);

/*
 * wait4 for the kernel: wait for a child (pid > 0: that one; -1: any; 0 or
 * < -1: a process group) to exit; its pid, and *status in Linux's encoding,
 * or 0 with WNOHANG and none yet, -ECHILD, -ERESTARTSYS on a signal.
 */
int kernel_wait4(int pid, int *status, int options);

/*
 * A vfork child is done with its parent's mm (it exec'd or is exiting): wake
 * the parent waiting in kernel_clone (Linux's mm_release's vfork_done part).
 */
void vfork_release(struct task_struct *t);

/* ---- what /proc and ps show of a task (kernel/sched_proc.c), Linux's formats ---- */

struct seq_file;
/* /proc/PID/stat's one line (Linux's do_task_stat). */
int proc_pid_stat_show(struct seq_file *m, struct task_struct *task);
/* /proc/PID/status (Linux's proc_pid_status). */
int proc_pid_status_show(struct seq_file *m, struct task_struct *task);
/* /proc/PID/cmdline: argv from the task's memory, NUL-separated; empty for a kernel thread. */
int proc_pid_cmdline_show(struct seq_file *m, struct task_struct *task);
/* Every task, one line each (the monitor's ps). */
int ps_show(struct seq_file *m, void *v);
/*
 * The signals task ignores and catches, for status's SigIgn/SigCgt (from
 * its handlers: kernel/signal_notify.c).
 */
void task_sig_ign_catch(struct task_struct *task, sigset_t *ign, sigset_t *catch);

/* task_struct's first word is thread_info.flags (preempt.h and entry_64.asm use it). */
#define task_thread_info(t) (&(t)->thread_info)

#endif /* !ATLAS_HOST */

#ifdef ATLAS_HOST
#define might_sleep() do { } while (0)
#define might_alloc(gfp) do { (void)(gfp); } while (0)
#else
/*
 * Report a call that may sleep from a context that must not (interrupt,
 * interrupts off, spinlock held): Linux's warning, once per FILE:LINE for the
 * boot (kernel/sched.c); the caller goes on.
 */
void __might_sleep(const char *file, int line, unsigned long ip);
#define might_sleep() __might_sleep(__FILE__, __LINE__, _THIS_IP_)

/* Calls from an invalid context since boot, reported or not. */
unsigned long might_sleep_bug_count(void);

/* Whether the call site file:line has printed its report already. */
bool might_sleep_reported(const char *file, int line);

/* Whether gfp allows sleeping (Linux's gfpflags_allow_blocking). */
static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) != 0;
}

#define might_alloc(gfp) do { \
	if (gfpflags_allow_blocking(gfp)) \
		might_sleep(); \
} while (0)
#endif

#endif
