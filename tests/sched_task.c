/*
 * sched_task suite: kernel threads, the run queues and wait queues
 * (kernel/sched_core.c, fork.c, exit.c, kthread.c, wait.c).  Threads are
 * started on chosen CPUs and report where they ran; sleepers are woken by
 * wait queues and by the tick; a thread that never yields is preempted; a
 * preempt_disable()d section is not; a child's exit code comes back through
 * kernel_wait4 in Linux's encoding.  Every thread is waited for until its
 * task_struct is gone, so the suite's page count is what it was (the leak
 * check) and it runs twice in one boot.
 */
#include <asm/processor.h>
#include <errno.h>
#include <kernel/kthread.h>
#include <kernel/kunit.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/time.h>
#include <kernel/wait.h>

#define WAIT_JIFFIES (10 * HZ)          /* for a thread to do its part: generous */
#define SPIN_MS      100                /* a preempt_disable()d spin */
#define SIGCHLD      17

/* Sleep a tick at a time until cond or WAIT_JIFFIES: whether cond came true. */
#define wait_for(cond) ({ \
	long __left = WAIT_JIFFIES; \
	while (!(cond) && __left-- > 0) \
		schedule_timeout_uninterruptible(1); \
	(bool)(cond); })

/* Wait until t has switched away for the last time, then drop our reference. */
static bool reap_thread(struct task_struct *t)
{
	bool dead = wait_for(READ_ONCE(t->state) == TASK_DEAD && !READ_ONCE(t->on_cpu));

	if (dead)
		put_task_struct(t);
	return dead;            /* else leak it: it may still run */
}

struct where {
	int cpu;
	int pid;
	char comm[TASK_COMM_LEN];
	bool done;
};

static int report_where(void *arg)
{
	struct where *w = arg;

	w->cpu = (int)smp_processor_id();
	w->pid = current->pid;
	memcpy(w->comm, current->comm, TASK_COMM_LEN);
	WRITE_ONCE(w->done, true);
	return 0;
}

static void kthread_runs_on_each_online_cpu(struct kunit *test)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct where w = { .cpu = -1 };
		struct task_struct *t = kthread_create_on_cpu(report_where, &w, (int)cpu,
							      "ktest/%u", cpu);
		char want[TASK_COMM_LEN];

		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		get_task_struct(t);
		wake_up_new_task(t);
		KUNIT_EXPECT_TRUE(test, wait_for(READ_ONCE(w.done)));
		KUNIT_EXPECT_EQ(test, w.cpu, (int)cpu);
		KUNIT_EXPECT_EQ(test, w.pid, t->pid);
		KUNIT_EXPECT_GT(test, w.pid, 1);
		snprintf(want, sizeof(want), "ktest/%u", cpu);
		KUNIT_EXPECT_STREQ(test, w.comm, want);
		KUNIT_EXPECT_TRUE(test, reap_thread(t));
	}
}

struct sleeper {
	wait_queue_head_t wq;
	bool go;
	bool woke;
	long ret;
};

static int sleep_until_go(void *arg)
{
	struct sleeper *s = arg;

	s->ret = wait_event_interruptible(s->wq, READ_ONCE(s->go));
	WRITE_ONCE(s->woke, true);
	return 0;
}

static void wait_event_sleeps_until_wake_up(struct kunit *test)
{
	unsigned int cpu = num_online_cpus() > 1 ? 1 : 0;
	struct sleeper s = { .ret = -1 };
	struct task_struct *t;

	init_waitqueue_head(&s.wq);
	t = kthread_create_on_cpu(sleep_until_go, &s, (int)cpu, "ksleeper");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	wake_up_new_task(t);
	/* asleep on the queue, and stays asleep while nothing happens */
	KUNIT_EXPECT_TRUE(test, wait_for(READ_ONCE(t->state) == TASK_INTERRUPTIBLE));
	KUNIT_EXPECT_TRUE(test, waitqueue_active(&s.wq));
	schedule_timeout_uninterruptible(2);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(s.woke));
	WRITE_ONCE(s.go, true);
	wake_up(&s.wq);
	KUNIT_EXPECT_TRUE(test, wait_for(READ_ONCE(s.woke)));
	KUNIT_EXPECT_EQ(test, s.ret, 0);
	KUNIT_EXPECT_FALSE(test, waitqueue_active(&s.wq));
	KUNIT_EXPECT_TRUE(test, reap_thread(t));
}

static void schedule_timeout_sleeps_the_ticks_asked(struct kunit *test)
{
	u64 start = READ_ONCE(jiffies);
	long left;

	left = schedule_timeout_uninterruptible(3);
	KUNIT_EXPECT_EQ(test, left, 0);
	KUNIT_EXPECT_GE(test, READ_ONCE(jiffies) - start, 3);
}

static void wait_event_timeout_times_out(struct kunit *test)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	u64 start = READ_ONCE(jiffies);
	bool never = false;
	long ret;

	ret = wait_event_timeout(wq, READ_ONCE(never), 2);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_GE(test, READ_ONCE(jiffies) - start, 2);
	ret = wait_event_timeout(wq, true, 2);
	KUNIT_EXPECT_EQ(test, ret, 2);          /* true at once: all of it left */
}

struct spinner {
	bool stop;
	bool started;                   /* the spinner has run (on one CPU it is never seen running) */
	bool other_ran;
	bool ran_during;                /* the other thread ran while preemption was off */
	bool done, other_done;
	bool no_preempt;
	unsigned long nivcsw;
};

static int spin_until_stopped(void *arg)
{
	struct spinner *s = arg;

	WRITE_ONCE(s->started, true);
	if (s->no_preempt) {
		u64 end = local_clock() + (u64)SPIN_MS * NSEC_PER_MSEC;

		preempt_disable();
		while (local_clock() < end)
			cpu_relax();
		s->ran_during = READ_ONCE(s->other_ran);
		preempt_enable();       /* the other thread may run from here */
	}
	while (!READ_ONCE(s->stop))
		cpu_relax();            /* never yields: only the tick can take the CPU */
	s->nivcsw = current->nivcsw;
	WRITE_ONCE(s->done, true);
	return 0;
}

static int note_ran(void *arg)
{
	struct spinner *s = arg;

	WRITE_ONCE(s->other_ran, true);
	WRITE_ONCE(s->other_done, true);
	return 0;
}

/* A spinning thread and a second one on the same CPU: the second runs all the same. */
static void run_spinner(struct kunit *test, struct spinner *s)
{
	int cpu = num_online_cpus() > 1 ? 1 : 0;
	struct task_struct *a, *b;

	a = kthread_create_on_cpu(spin_until_stopped, s, cpu, "kspin");
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	b = kthread_create_on_cpu(note_ran, s, cpu, "knote");
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));    /* a, never started, is left over */
	get_task_struct(a);
	get_task_struct(b);
	wake_up_new_task(a);
	KUNIT_EXPECT_TRUE(test, wait_for(READ_ONCE(s->started)));
	wake_up_new_task(b);
	KUNIT_EXPECT_TRUE(test, wait_for(READ_ONCE(s->other_ran)));
	WRITE_ONCE(s->stop, true);
	KUNIT_EXPECT_TRUE(test, wait_for(READ_ONCE(s->done) && READ_ONCE(s->other_done)));
	KUNIT_EXPECT_TRUE(test, reap_thread(a));
	KUNIT_EXPECT_TRUE(test, reap_thread(b));
}

static void busy_thread_is_preempted_by_the_tick(struct kunit *test)
{
	struct spinner s = { 0 };

	run_spinner(test, &s);
	KUNIT_EXPECT_TRUE(test, s.other_ran);
	KUNIT_EXPECT_GE(test, s.nivcsw, 1);     /* switched out without asking */
}

static void preempt_disable_keeps_the_cpu(struct kunit *test)
{
	struct spinner s = { .no_preempt = true };

	run_spinner(test, &s);
	KUNIT_EXPECT_FALSE(test, s.ran_during);
	KUNIT_EXPECT_TRUE(test, s.other_ran);
}

static int exit_with_arg(void *arg)
{
	do_exit((long)arg);
}

static void kernel_wait4_returns_the_exit_code(struct kunit *test)
{
	int status = -1, pid, ret;

	pid = kernel_thread(exit_with_arg, (void *)(42L << 8), SIGCHLD);
	KUNIT_ASSERT_GT(test, pid, 1);
	ret = kernel_wait4(pid, &status, 0);
	KUNIT_EXPECT_EQ(test, ret, pid);
	KUNIT_EXPECT_EQ(test, status, 42 << 8);         /* WEXITSTATUS 42 */
	KUNIT_EXPECT_NULL(test, find_get_task_by_vpid(pid));
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &status, 0), -ECHILD);
	KUNIT_EXPECT_EQ(test, kernel_wait4(-1, &status, 1 /* WNOHANG */), -ECHILD);
}

static int wait_then_exit(void *arg)
{
	bool *go = arg;

	while (!READ_ONCE(*go))
		schedule_timeout_uninterruptible(1);
	return 7;                       /* do_exit(7): as killed by signal 7 */
}

static void kernel_wait4_wnohang_and_any_child(struct kunit *test)
{
	bool go = false;
	int status = -1, pid, ret;

	pid = kernel_thread(wait_then_exit, &go, SIGCHLD);
	KUNIT_ASSERT_GT(test, pid, 1);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &status, 1 /* WNOHANG */), 0);
	KUNIT_EXPECT_EQ(test, status, -1);
	WRITE_ONCE(go, true);
	ret = kernel_wait4(-1, &status, 0);
	KUNIT_EXPECT_EQ(test, ret, pid);
	KUNIT_EXPECT_EQ(test, status, 7);
}

struct stopper {
	bool go;
};

/* Looks stopped by SIGSTOP (as the signal code's do_signal_stop leaves a task) until go. */
static int pretend_stopped(void *arg)
{
	struct stopper *st = arg;

	current->stop_sig = 19;         /* SIGSTOP */
	current->stop_reported = false;
	while (!READ_ONCE(st->go))
		schedule_timeout_uninterruptible(1);
	current->stop_sig = 0;
	return 3 << 8;
}

/* WUNTRACED reports a stopped child once per stop, as (sig << 8) | 0x7f. */
static void kernel_wait4_wuntraced_reports_a_stop_once(struct kunit *test)
{
	struct stopper st = { false };
	int status = -1, pid;

	pid = kernel_thread(pretend_stopped, &st, SIGCHLD);
	KUNIT_ASSERT_GT(test, pid, 1);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &status, 2 /* WUNTRACED */), pid);
	KUNIT_EXPECT_EQ(test, status, (19 << 8) | 0x7f);
	status = -1;
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &status, 2 | 1 /* WUNTRACED|WNOHANG */), 0);
	KUNIT_EXPECT_EQ(test, status, -1);
	WRITE_ONCE(st.go, true);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &status, 2), pid);
	KUNIT_EXPECT_EQ(test, status, 3 << 8);
}

struct family {
	bool go;                        /* the grandchild may exit */
	int grandchild;                 /* its pid */
	struct task_struct *g;          /* with a reference */
};

static int grandchild_fn(void *arg)
{
	struct family *f = arg;

	while (!READ_ONCE(f->go))
		schedule_timeout_uninterruptible(1);
	return 0;
}

/* The middle generation: starts the grandchild and exits without waiting for it. */
static int parent_fn(void *arg)
{
	struct family *f = arg;
	int pid = kernel_thread(grandchild_fn, f, SIGCHLD);

	if (pid > 0)
		f->g = find_get_task_by_vpid(pid);
	WRITE_ONCE(f->grandchild, pid);
	return 0;
}

/* An orphan goes to PID 1, which (a kernel thread) never waits: it is released as it exits. */
static void orphan_is_adopted_by_init_and_released(struct kunit *test)
{
	struct family f = { 0 };
	int status, pid = kernel_thread(parent_fn, &f, SIGCHLD);

	KUNIT_ASSERT_GT(test, pid, 1);
	KUNIT_ASSERT_EQ(test, kernel_wait4(pid, &status, 0), pid);
	KUNIT_ASSERT_GT(test, f.grandchild, 1);
	KUNIT_ASSERT_NOT_NULL(test, f.g);
	KUNIT_EXPECT_PTR_EQ(test, f.g->real_parent, current);
	KUNIT_EXPECT_EQ(test, f.g->exit_signal, -1);
	WRITE_ONCE(f.go, true);
	KUNIT_EXPECT_TRUE(test, reap_thread(f.g));
	KUNIT_EXPECT_NULL(test, find_get_task_by_vpid(f.grandchild));
	KUNIT_EXPECT_EQ(test, kernel_wait4(f.grandchild, &status, 1 /* WNOHANG */), -ECHILD);
}

static void pid_1_is_this_runner(struct kunit *test)
{
	struct task_struct *t = find_get_task_by_vpid(1);

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_PTR_EQ(test, t, current);
	KUNIT_EXPECT_EQ(test, t->cpu, 0);
	KUNIT_EXPECT_EQ(test, (int)smp_processor_id(), 0);
	KUNIT_EXPECT_FALSE(test, t->flags & PF_IDLE);
	KUNIT_EXPECT_EQ(test, t->pgrp, 1);              /* init leads group and session 1 */
	KUNIT_EXPECT_EQ(test, t->session, 1);
	put_task_struct(t);
	KUNIT_EXPECT_NULL(test, find_get_task_by_vpid(0));     /* the idle tasks are not listed */
	KUNIT_EXPECT_NULL(test, find_get_task_by_vpid(-5));
}

static struct kunit_case sched_task_cases[] = {
	KUNIT_CASE(pid_1_is_this_runner),
	KUNIT_CASE(kthread_runs_on_each_online_cpu),
	KUNIT_CASE(wait_event_sleeps_until_wake_up),
	KUNIT_CASE(schedule_timeout_sleeps_the_ticks_asked),
	KUNIT_CASE(wait_event_timeout_times_out),
	KUNIT_CASE(busy_thread_is_preempted_by_the_tick),
	KUNIT_CASE(preempt_disable_keeps_the_cpu),
	KUNIT_CASE(kernel_wait4_returns_the_exit_code),
	KUNIT_CASE(kernel_wait4_wnohang_and_any_child),
	KUNIT_CASE(kernel_wait4_wuntraced_reports_a_stop_once),
	KUNIT_CASE(orphan_is_adopted_by_init_and_released),
	{}
};

static struct kunit_suite sched_task_suite = {
	.name = "sched_task",
	.test_cases = sched_task_cases,
};
kunit_test_suite(sched_task_suite);
