/*
 * Sleeping and the context checks around it (Linux's include/linux/kernel.h
 * might_sleep and include/linux/sched/mm.h might_alloc).
 *
 * Atlas's allocators never sleep, but a GFP_KERNEL allocation *may* sleep in
 * Linux, so it is a bug in interrupt context: might_alloc(gfp) reports it
 * once, as Linux's "BUG: sleeping function called from invalid context",
 * and the allocation goes on.  kernel/sched.c has the report.
 */
#ifndef ATLAS_KERNEL_SCHED_H
#define ATLAS_KERNEL_SCHED_H

#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/types.h>
#include <mm/gfp.h>
#include <uapi/linux/resource.h>
#include <asm/fpu.h>

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

	/* lane signals (kernel/signal.c, kernel/sys.c) */
	unsigned long sas_ss_sp;        /* sigaltstack: base of the alternate stack */
	size_t sas_ss_size;             /* ... its size; 0: none */
	unsigned int sas_ss_flags;      /* ... SS_AUTODISARM */
	struct rlimit rlim[RLIM_NLIMITS];       /* getrlimit (Linux keeps them in signal_struct) */
	void __user *robust_list;       /* set_robust_list: the futex list head */
	int stop_sig;                   /* the signal that stopped it (job control), 0: running */
	bool stop_reported;             /* its stop was reported to wait4 (WUNTRACED) */
	bool restore_sigmask;           /* saved_sigmask goes back after delivery (sigsuspend) */
	struct fpu fpu;                 /* the user's x87/SSE registers while switched out */

	void *stack;                    /* kernel stack (THREAD_SIZE bytes) */
	struct thread_struct thread;    /* saved context (arch) */
	void *wait_private;             /* wait queues: what this task waits on */
	u64 sleep_until;                /* nanosleep: local_clock() deadline */
};

#define THREAD_SIZE (4 * 4096)          /* kernel stack per task, as Linux's 16 KiB */

#ifndef ATLAS_HOST
#include <kernel/percpu.h>

/* The task running on this CPU (Linux's current, a per-CPU variable here). */
DECLARE_PER_CPU(struct task_struct *, current_task);
static __always_inline struct task_struct *get_current(void)
{
	return this_cpu_read(current_task);
}
#define current get_current()
#endif

#ifndef ATLAS_HOST
/*
 * Lane sched's agreed functions that lane signals calls (kernel/signal.c,
 * kernel/sys.c), declared here until sched's own declarations land (a
 * repeated identical declaration is harmless).
 */
#include <kernel/spinlock.h>
extern struct task_struct init_task;            /* its tasks list holds every task */
extern spinlock_t tasklist_lock;                /* the task list, parents, pids */
struct task_struct *find_task_by_vpid(int pid);
int wake_up_process(struct task_struct *t);
int wake_up_state(struct task_struct *t, unsigned int state);
void schedule(void);
__noreturn void do_exit(long code);
__noreturn void do_group_exit(int exit_code);
#endif

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
