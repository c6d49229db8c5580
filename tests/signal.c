/*
 * signal suite: kernel/signal*.c before any user program runs.  Signals are
 * sent to stand-in tasks (allocated here, never scheduled) to check the
 * pending set, the queue, the wake-up flag, blocking, the default actions
 * and their classification, init's protection, stop/continue cancelling,
 * SIGCHLD's siginfo and auto-reaping, exec's handler reset, the wait status
 * of a core-dumping signal, and rt_sigreturn's distrust of a forged frame.
 * What needs a real user task (delivery on the user stack, restart) is the
 * user-space suite's (utest).
 */
#include <asm/fpu.h>
#include <asm/processor.h>
#include <kernel/irqflags.h>
#include <errno.h>
#include <kernel/kunit.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <uapi/asm/sigcontext.h>

#include "../kernel/signal_internal.h"
#include "syscall_call.h"

#define TEST_TGID       4242            /* no real task has it: far above the pids in use */
#define TEST_PGRP       424242
#define FAKE_HANDLER    ((__sighandler_t)0x401000)      /* a user address, never called */
#define USER_IP         0x401234UL
#define KERNEL_IP       0xffffffff81000000UL

static struct task_struct *fake_task(struct kunit *test, int tgid)
{
	struct task_struct *t = kzalloc(sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->pid = t->tgid = t->pgrp = tgid;
	t->state = TASK_RUNNING;
	INIT_LIST_HEAD(&t->pending.list);
	if (copy_sighand(0, t)) {
		kfree(t);
		KUNIT_ASSERT_TRUE(test, false);
	}
	return t;
}

static void fake_task_free(struct task_struct *t)
{
	exit_sighand(t);
	kfree(t);
}

static int queued(const struct task_struct *t, int sig)
{
	const struct sigqueue *q;
	int n = 0;

	list_for_each_entry(q, &t->pending.list, list)
		n += q->info.si_signo == sig;
	return n;
}

static bool tif_sigpending(const struct task_struct *t)
{
	return (READ_ONCE(t->thread_info.flags) >> TIF_SIGPENDING) & 1;
}

static void signal_default_actions_match_linux(struct kunit *test)
{
	static const int core[] = { SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE,
				    SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS };
	static const int term[] = { SIGHUP, SIGINT, SIGKILL, SIGUSR1, SIGUSR2, SIGPIPE,
				    SIGALRM, SIGTERM, SIGSTKFLT, SIGVTALRM, SIGPROF, SIGIO,
				    SIGPWR, SIGRTMIN, SIGRTMIN + 5, SIGRTMAX };
	static const int stop[] = { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU };
	static const int ign[] = { SIGCHLD, SIGURG, SIGWINCH };

	for (unsigned int i = 0; i < ARRAY_SIZE(core); i++)
		KUNIT_EXPECT_EQ(test, sig_default_action(core[i]), SIG_ACT_CORE);
	for (unsigned int i = 0; i < ARRAY_SIZE(term); i++)
		KUNIT_EXPECT_EQ(test, sig_default_action(term[i]), SIG_ACT_TERM);
	for (unsigned int i = 0; i < ARRAY_SIZE(stop); i++)
		KUNIT_EXPECT_EQ(test, sig_default_action(stop[i]), SIG_ACT_STOP);
	for (unsigned int i = 0; i < ARRAY_SIZE(ign); i++)
		KUNIT_EXPECT_EQ(test, sig_default_action(ign[i]), SIG_ACT_IGN);
	KUNIT_EXPECT_EQ(test, sig_default_action(SIGCONT), SIG_ACT_CONT);
	KUNIT_EXPECT_TRUE(test, sig_kernel_only(SIGKILL) && sig_kernel_only(SIGSTOP));
	KUNIT_EXPECT_FALSE(test, sig_kernel_only(SIGTERM));
}

static void signal_sigset_operations(struct kunit *test)
{
	sigset_t a, b, r;

	sigemptyset(&a);
	sigaddset(&a, SIGINT);
	sigaddset(&a, SIGRTMAX);
	KUNIT_EXPECT_EQ(test, a.sig[0], (1UL << 1) | (1UL << 63));
	KUNIT_EXPECT_TRUE(test, sigismember(&a, SIGRTMAX));
	siginitset(&b, sigmask(SIGINT) | sigmask(SIGTERM));
	sigorsets(&r, &a, &b);
	KUNIT_EXPECT_EQ(test, r.sig[0], a.sig[0] | sigmask(SIGTERM));
	sigandnsets(&r, &a, &b);
	KUNIT_EXPECT_EQ(test, r.sig[0], sigmask(SIGRTMAX));
	sigdelset(&r, SIGRTMAX);
	KUNIT_EXPECT_TRUE(test, sigisemptyset(&r));
	KUNIT_EXPECT_TRUE(test, valid_signal(64));
	KUNIT_EXPECT_FALSE(test, valid_signal(65));
}

static void signal_send_queues_and_flags(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID);
	const struct sigqueue *q;

	KUNIT_EXPECT_EQ(test, do_send_sig_info(SIGUSR1, SEND_SIG_PRIV, t), 0);
	KUNIT_EXPECT_TRUE(test, sigismember(&t->pending.signal, SIGUSR1));
	KUNIT_EXPECT_TRUE(test, tif_sigpending(t));
	KUNIT_ASSERT_EQ(test, queued(t, SIGUSR1), 1);
	q = list_first_entry(&t->pending.list, struct sigqueue, list);
	KUNIT_EXPECT_EQ(test, q->info.si_code, SI_KERNEL);
	/* a classic signal merges while pending; real-time signals queue */
	KUNIT_EXPECT_EQ(test, do_send_sig_info(SIGUSR1, SEND_SIG_PRIV, t), 0);
	KUNIT_EXPECT_EQ(test, queued(t, SIGUSR1), 1);
	KUNIT_EXPECT_EQ(test, do_send_sig_info(SIGRTMIN, SEND_SIG_PRIV, t), 0);
	KUNIT_EXPECT_EQ(test, do_send_sig_info(SIGRTMIN, SEND_SIG_PRIV, t), 0);
	KUNIT_EXPECT_EQ(test, queued(t, SIGRTMIN), 2);
	KUNIT_EXPECT_EQ(test, do_send_sig_info(65, SEND_SIG_PRIV, t), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_send_sig_info(0, SEND_SIG_PRIV, t), 0);     /* existence check */
	fake_task_free(t);
}

static void signal_dequeue_faults_first_then_lowest(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID);
	kernel_siginfo_t info;
	sigset_t none;

	sigemptyset(&none);
	do_send_sig_info(SIGUSR1, SEND_SIG_PRIV, t);
	do_send_sig_info(SIGHUP, SEND_SIG_PRIV, t);
	do_send_sig_info(SIGSEGV, SEND_SIG_PRIV, t);
	do_send_sig_info(SIGRTMIN, SEND_SIG_PRIV, t);
	do_send_sig_info(SIGRTMIN, SEND_SIG_PRIV, t);
	KUNIT_EXPECT_EQ(test, dequeue_signal(t, &none, &info), SIGSEGV);
	KUNIT_EXPECT_EQ(test, info.si_signo, SIGSEGV);
	KUNIT_EXPECT_EQ(test, dequeue_signal(t, &none, &info), SIGHUP);
	KUNIT_EXPECT_EQ(test, dequeue_signal(t, &none, &info), SIGUSR1);
	KUNIT_EXPECT_EQ(test, dequeue_signal(t, &none, &info), SIGRTMIN);
	KUNIT_EXPECT_TRUE(test, sigismember(&t->pending.signal, SIGRTMIN));  /* one more queued */
	KUNIT_EXPECT_EQ(test, dequeue_signal(t, &none, &info), SIGRTMIN);
	KUNIT_EXPECT_EQ(test, dequeue_signal(t, &none, &info), 0);
	KUNIT_EXPECT_TRUE(test, sigisemptyset(&t->pending.signal));
	KUNIT_EXPECT_FALSE(test, tif_sigpending(t));
	fake_task_free(t);
}

static void signal_blocked_stays_pending_unflagged(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID);

	siginitset(&t->blocked, sigmask(SIGUSR2) | sigmask(SIGCHLD));
	do_send_sig_info(SIGUSR2, SEND_SIG_PRIV, t);
	KUNIT_EXPECT_TRUE(test, sigismember(&t->pending.signal, SIGUSR2));
	KUNIT_EXPECT_FALSE(test, tif_sigpending(t));
	/* blocked signals are kept even when ignored: the handler may change */
	do_send_sig_info(SIGCHLD, SEND_SIG_PRIV, t);
	KUNIT_EXPECT_TRUE(test, sigismember(&t->pending.signal, SIGCHLD));
	sigemptyset(&t->blocked);
	recalc_sigpending_tsk(t);
	KUNIT_EXPECT_TRUE(test, tif_sigpending(t));
	/* SIGKILL is never held back by the mask */
	siginitset(&t->blocked, ~0UL);
	clear_tsk_thread_flag(t, TIF_SIGPENDING);
	do_send_sig_info(SIGKILL, SEND_SIG_NOINFO, t);
	KUNIT_EXPECT_TRUE(test, tif_sigpending(t));
	fake_task_free(t);
}

static void signal_ignored_by_default_is_dropped(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID);

	do_send_sig_info(SIGCHLD, SEND_SIG_PRIV, t);
	do_send_sig_info(SIGWINCH, SEND_SIG_PRIV, t);
	KUNIT_EXPECT_TRUE(test, sigisemptyset(&t->pending.signal));
	t->sighand->action[SIGCHLD - 1].sa.sa_handler = FAKE_HANDLER;
	t->sighand->action[SIGTERM - 1].sa.sa_handler = SIG_IGN;
	do_send_sig_info(SIGCHLD, SEND_SIG_PRIV, t);
	do_send_sig_info(SIGTERM, SEND_SIG_PRIV, t);
	KUNIT_EXPECT_EQ(test, t->pending.signal.sig[0], sigmask(SIGCHLD));
	fake_task_free(t);
}

static void signal_init_survives_default_signals(struct kunit *test)
{
	struct task_struct *t = fake_task(test, 1);

	do_send_sig_info(SIGTERM, SEND_SIG_NOINFO, t);
	do_send_sig_info(SIGINT, SEND_SIG_PRIV, t);
	do_send_sig_info(SIGKILL, SEND_SIG_NOINFO, t);     /* from user space: dropped */
	KUNIT_EXPECT_TRUE(test, sigisemptyset(&t->pending.signal));
	do_send_sig_info(SIGKILL, SEND_SIG_PRIV, t);       /* the kernel's own: kept */
	KUNIT_EXPECT_TRUE(test, sigismember(&t->pending.signal, SIGKILL));
	t->sighand->action[SIGINT - 1].sa.sa_handler = FAKE_HANDLER;
	do_send_sig_info(SIGINT, SEND_SIG_PRIV, t);        /* a shell's handler runs */
	KUNIT_EXPECT_TRUE(test, sigismember(&t->pending.signal, SIGINT));
	/* a forced fault lifts the protection: init dies of it rather than loop */
	KUNIT_EXPECT_EQ(test, force_sig_info_to_task(SEND_SIG_PRIV, SIGSEGV, t), 0);
	KUNIT_EXPECT_TRUE(test, sigismember(&t->pending.signal, SIGSEGV));
	KUNIT_EXPECT_TRUE(test, t->unkillable_lifted);
	fake_task_free(t);
}

static void signal_stop_and_continue_cancel(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID);

	do_send_sig_info(SIGTSTP, SEND_SIG_PRIV, t);
	do_send_sig_info(SIGTTIN, SEND_SIG_PRIV, t);
	KUNIT_EXPECT_EQ(test, t->pending.signal.sig[0], sigmask(SIGTSTP) | sigmask(SIGTTIN));
	do_send_sig_info(SIGCONT, SEND_SIG_PRIV, t);       /* drops the stops; ignored itself */
	KUNIT_EXPECT_TRUE(test, sigisemptyset(&t->pending.signal));
	KUNIT_EXPECT_EQ(test, queued(t, SIGTSTP), 0);
	t->sighand->action[SIGCONT - 1].sa.sa_handler = FAKE_HANDLER;
	do_send_sig_info(SIGCONT, SEND_SIG_PRIV, t);
	do_send_sig_info(SIGSTOP, SEND_SIG_PRIV, t);       /* drops the continue */
	KUNIT_EXPECT_EQ(test, t->pending.signal.sig[0], sigmask(SIGSTOP));
	t->stop_sig = SIGTSTP;                          /* as if stopped: SIGCONT resumes */
	KUNIT_EXPECT_EQ(test, task_stopped_code(t), (SIGTSTP << 8) | 0x7f);
	do_send_sig_info(SIGCONT, SEND_SIG_PRIV, t);
	KUNIT_EXPECT_EQ(test, t->stop_sig, 0);
	KUNIT_EXPECT_EQ(test, task_stopped_code(t), 0);
	KUNIT_EXPECT_EQ(test, task_continued_code(t), 0xffff);  /* for wait4(WCONTINUED) */
	fake_task_free(t);
}

static void signal_kill_rejects_bad_targets(struct kunit *test)
{
	kernel_siginfo_t info = { .si_signo = SIGTERM, .si_code = SI_USER };

	KUNIT_EXPECT_EQ(test, kill_something_info(SIGTERM, &info, 999999), -ESRCH);
	KUNIT_EXPECT_EQ(test, kill_something_info(65, &info, 999999), -EINVAL);
	KUNIT_EXPECT_EQ(test, kill_something_info(-1, &info, 999999), -EINVAL);
	KUNIT_EXPECT_EQ(test, kill_something_info(SIGTERM, &info, -TEST_PGRP), -ESRCH);
	KUNIT_EXPECT_EQ(test, kill_something_info(SIGTERM, &info, -2147483647 - 1), -ESRCH);
	KUNIT_EXPECT_EQ(test, kill_pgrp(TEST_PGRP, SIGINT), -ESRCH);
	KUNIT_EXPECT_EQ(test, kill_pgrp(TEST_PGRP, 99), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_kill, 999999, SIGTERM, 0, 0), -ESRCH);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_tkill, 0, SIGTERM, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_tgkill, 0, 5, SIGTERM, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_tgkill, 999999, 999999, SIGTERM, 0), -ESRCH);
}

static void signal_syscalls_check_arguments(struct kunit *test)
{
	struct k_sigaction ka = { .sa = { .sa_handler = FAKE_HANDLER } };
	sigset_t set;

	KUNIT_EXPECT_EQ(test, do_sigaction(SIGKILL, &ka, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_sigaction(SIGSTOP, &ka, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_sigaction(0, NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_sigaction(65, NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_rt_sigaction, SIGINT, 0, 0, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_rt_sigaction, SIGINT, (unsigned long)&ka, 0, 8),
			-EFAULT);       /* a kernel address is no user pointer */
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_rt_sigprocmask, SIG_BLOCK, 0, 0, 16), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_rt_sigprocmask, SIG_BLOCK, (unsigned long)&set,
					   0, 8), -EFAULT);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_rt_sigpending, 0, 16, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_rt_sigsuspend, 0, 4, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_sigaltstack, (unsigned long)&set, 0, 0, 0),
			-EFAULT);
}

/* The SIGCHLD a parent gets from child's exit, and whether the child is auto-reaped. */
static void signal_notify_parent_sends_sigchld(struct kunit *test)
{
	struct task_struct *p = fake_task(test, TEST_TGID), *c = fake_task(test, TEST_TGID + 1);
	struct k_sigaction *ka = &p->sighand->action[SIGCHLD - 1];
	const struct sigqueue *q;

	c->parent = p;
	c->exit_code = 3 << 8;                          /* exit(3) */
	KUNIT_EXPECT_FALSE(test, do_notify_parent(c, SIGCHLD));        /* SIG_DFL: dropped */
	KUNIT_EXPECT_TRUE(test, sigisemptyset(&p->pending.signal));
	ka->sa.sa_handler = FAKE_HANDLER;
	KUNIT_EXPECT_FALSE(test, do_notify_parent(c, SIGCHLD));
	KUNIT_ASSERT_EQ(test, queued(p, SIGCHLD), 1);
	q = list_first_entry(&p->pending.list, struct sigqueue, list);
	KUNIT_EXPECT_EQ(test, q->info.si_code, CLD_EXITED);
	KUNIT_EXPECT_EQ(test, q->info.si_status, 3);
	KUNIT_EXPECT_EQ(test, q->info.si_pid, TEST_TGID + 1);
	flush_sigqueue(&p->pending);
	c->exit_code = SIGSEGV | 0x80;
	ka->sa.sa_flags = SA_NOCLDWAIT;
	KUNIT_EXPECT_TRUE(test, do_notify_parent(c, SIGCHLD));         /* reaped, still told */
	KUNIT_ASSERT_EQ(test, queued(p, SIGCHLD), 1);
	q = list_first_entry(&p->pending.list, struct sigqueue, list);
	KUNIT_EXPECT_EQ(test, q->info.si_code, CLD_DUMPED);
	KUNIT_EXPECT_EQ(test, q->info.si_status, SIGSEGV);
	flush_sigqueue(&p->pending);
	ka->sa.sa_handler = SIG_IGN;
	ka->sa.sa_flags = 0;
	c->exit_code = SIGKILL;
	KUNIT_EXPECT_TRUE(test, do_notify_parent(c, SIGCHLD));         /* ignored: no zombie */
	KUNIT_EXPECT_TRUE(test, sigisemptyset(&p->pending.signal));
	fake_task_free(c);
	fake_task_free(p);
}

static void signal_unhandled_means_no_handler(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID), *init = fake_task(test, 1);

	KUNIT_EXPECT_TRUE(test, unhandled_signal(t, SIGSEGV));
	t->sighand->action[SIGSEGV - 1].sa.sa_handler = FAKE_HANDLER;
	KUNIT_EXPECT_FALSE(test, unhandled_signal(t, SIGSEGV));
	t->sighand->action[SIGSEGV - 1].sa.sa_handler = SIG_IGN;
	KUNIT_EXPECT_TRUE(test, unhandled_signal(t, SIGSEGV));
	init->sighand->action[SIGSEGV - 1].sa.sa_handler = FAKE_HANDLER;
	KUNIT_EXPECT_TRUE(test, unhandled_signal(init, SIGSEGV));      /* Linux: init's always */
	fake_task_free(init);
	fake_task_free(t);
}

static void signal_exec_resets_handlers(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID);
	struct k_sigaction *a = t->sighand->action;

	a[SIGINT - 1].sa = (struct sigaction){ .sa_handler = FAKE_HANDLER, .sa_flags = SA_RESTART };
	a[SIGQUIT - 1].sa.sa_handler = SIG_IGN;
	t->sas_ss_size = SIGSTKSZ;
	flush_signal_handlers(t, 0);
	KUNIT_EXPECT_PTR_EQ(test, a[SIGINT - 1].sa.sa_handler, SIG_DFL);
	KUNIT_EXPECT_EQ(test, a[SIGINT - 1].sa.sa_flags, 0);
	KUNIT_EXPECT_PTR_EQ(test, a[SIGQUIT - 1].sa.sa_handler, SIG_IGN);     /* nohup keeps working */
	KUNIT_EXPECT_EQ(test, t->sas_ss_size, 0);
	flush_signal_handlers(t, 1);
	KUNIT_EXPECT_PTR_EQ(test, a[SIGQUIT - 1].sa.sa_handler, SIG_DFL);
	fake_task_free(t);
}

static void signal_core_status_follows_rlimit(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID);

	t->rlim[RLIMIT_CORE].rlim_cur = 0;             /* Linux's default: no core, no 0x80 */
	KUNIT_EXPECT_EQ(test, signal_exit_code(t, SIGSEGV), SIGSEGV);
	t->rlim[RLIMIT_CORE].rlim_cur = RLIM_INFINITY;  /* ulimit -c unlimited */
	KUNIT_EXPECT_EQ(test, signal_exit_code(t, SIGSEGV), SIGSEGV | 0x80);
	KUNIT_EXPECT_EQ(test, signal_exit_code(t, SIGQUIT), SIGQUIT | 0x80);
	KUNIT_EXPECT_EQ(test, signal_exit_code(t, SIGTERM), SIGTERM);
	fake_task_free(t);
}

static void signal_sigreturn_distrusts_the_frame(struct kunit *test)
{
	struct pt_regs regs = { .ax = 7, .bx = 8, .r15 = 9, .ip = USER_IP, .sp = 0x7ffffffde000UL,
				.cs = 0x33, .ss = 0x2b, .flags = 0x202, .orig_ax = 39 };
	struct pt_regs back = regs;
	struct sigcontext sc;

	sigcontext_from_regs(&sc, &regs);
	KUNIT_EXPECT_EQ(test, sc.rip, USER_IP);
	KUNIT_EXPECT_EQ(test, sc.rax, 7);
	KUNIT_EXPECT_EQ(test, sc.cs, 0x33);
	back.ax = back.bx = back.r15 = 0;
	KUNIT_ASSERT_EQ(test, regs_from_sigcontext(&back, &sc), 0);
	KUNIT_EXPECT_EQ(test, back.ax, 7);
	KUNIT_EXPECT_EQ(test, back.bx, 8);
	KUNIT_EXPECT_EQ(test, back.r15, 9);
	KUNIT_EXPECT_EQ(test, back.orig_ax, -1UL);     /* no restart after sigreturn */
	/* a forged frame: kernel CS, IOPL 3, interrupts off, carry and direction set */
	sc.cs = 0x10;
	sc.ss = 0x18;
	sc.eflags = 0x3000 | 0x400 | 0x1;
	KUNIT_ASSERT_EQ(test, regs_from_sigcontext(&back, &sc), 0);
	KUNIT_EXPECT_EQ(test, back.cs, 0x33);
	KUNIT_EXPECT_EQ(test, back.ss, 0x2b);
	KUNIT_EXPECT_EQ(test, back.flags, 0x202 | 0x400 | 0x1);
	sc.rip = KERNEL_IP;
	back.ip = USER_IP;
	KUNIT_EXPECT_EQ(test, regs_from_sigcontext(&back, &sc), -EFAULT);
	KUNIT_EXPECT_EQ(test, back.ip, USER_IP);       /* untouched */
	sc.rip = 0x0000800000000000UL;                  /* non-canonical: SYSRET's trap */
	KUNIT_EXPECT_EQ(test, regs_from_sigcontext(&back, &sc), -EFAULT);
}

static void signal_altstack_rules(struct kunit *test)
{
	struct task_struct *t = current;
	unsigned long sp0, size0, flags0;
	stack_t ss = { .ss_sp = (void __user *)0x7f0000000000UL, .ss_size = SIGSTKSZ }, old;

	if (!t)
		kunit_skip(test, "no current task");
	sp0 = t->sas_ss_sp;
	size0 = t->sas_ss_size;
	flags0 = t->sas_ss_flags;
	KUNIT_EXPECT_EQ(test, do_sigaltstack(&ss, &old, 0x7ffffffde000UL), 0);
	KUNIT_EXPECT_EQ(test, t->sas_ss_size, SIGSTKSZ);
	KUNIT_EXPECT_EQ(test, sas_ss_flags(0x7f0000001000UL), SS_ONSTACK);
	KUNIT_EXPECT_EQ(test, sas_ss_flags(0x7ffffffde000UL), 0);
	/* changing it while on it is refused */
	KUNIT_EXPECT_EQ(test, do_sigaltstack(&ss, NULL, 0x7f0000001000UL), -EPERM);
	ss.ss_size = MINSIGSTKSZ - 1;
	KUNIT_EXPECT_EQ(test, do_sigaltstack(&ss, NULL, 0x7ffffffde000UL), -ENOMEM);
	ss.ss_flags = 7;
	KUNIT_EXPECT_EQ(test, do_sigaltstack(&ss, NULL, 0x7ffffffde000UL), -EINVAL);
	ss.ss_flags = SS_DISABLE;
	KUNIT_EXPECT_EQ(test, do_sigaltstack(&ss, &old, 0x7ffffffde000UL), 0);
	KUNIT_EXPECT_EQ(test, old.ss_size, SIGSTKSZ);
	KUNIT_EXPECT_EQ(test, sas_ss_flags(0x7f0000001000UL), SS_DISABLE);
	t->sas_ss_sp = sp0;
	t->sas_ss_size = size0;
	t->sas_ss_flags = flags0;
}

/* /proc's SigIgn and SigCgt: handlers that ignore and that catch. */
static void signal_proc_masks(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID);
	sigset_t ign, catch;

	t->sighand->action[SIGPIPE - 1].sa.sa_handler = SIG_IGN;
	t->sighand->action[SIGINT - 1].sa.sa_handler = FAKE_HANDLER;
	t->sighand->action[SIGCHLD - 1].sa.sa_handler = FAKE_HANDLER;
	task_sig_ign_catch(t, &ign, &catch);
	KUNIT_EXPECT_EQ(test, ign.sig[0], sigmask(SIGPIPE));
	KUNIT_EXPECT_EQ(test, catch.sig[0], sigmask(SIGINT) | sigmask(SIGCHLD));
	KUNIT_EXPECT_EQ(test, catch.sig[0], 0x10002UL);        /* as /proc prints it */
	fake_task_free(t);
}

/* exec's FPU image is Linux's initial one; the CPU lets user code use SSE. */
static void signal_fpu_state_defaults(struct kunit *test)
{
	struct task_struct *t = fake_task(test, TEST_TGID);
	unsigned long cr4, cr0_old, cr4_old, flags;
	u16 fcw;
	u32 mxcsr;

	fpu_flush_thread(t);
	memcpy(&fcw, t->fpu.state, sizeof(fcw));
	memcpy(&mxcsr, t->fpu.state + 24, sizeof(mxcsr));
	KUNIT_EXPECT_EQ(test, fcw, 0x37f);
	KUNIT_EXPECT_EQ(test, mxcsr, 0x1f80);
	KUNIT_EXPECT_TRUE(test, t->fpu.initialized);
	/* on this CPU only, so CR0 and CR4 go back: every CPU must stay alike */
	local_irq_save(flags);
	__asm__ volatile("mov %%cr0, %0; mov %%cr4, %1" : "=r"(cr0_old), "=r"(cr4_old));
	fpu__init_cpu();
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	write_cr0(cr0_old);
	write_cr4(cr4_old);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, cr4 & 0x600, 0x600);     /* OSFXSR | OSXMMEXCPT */
	fake_task_free(t);
}

static struct kunit_case signal_cases[] = {
	KUNIT_CASE(signal_default_actions_match_linux),
	KUNIT_CASE(signal_sigset_operations),
	KUNIT_CASE(signal_send_queues_and_flags),
	KUNIT_CASE(signal_dequeue_faults_first_then_lowest),
	KUNIT_CASE(signal_blocked_stays_pending_unflagged),
	KUNIT_CASE(signal_ignored_by_default_is_dropped),
	KUNIT_CASE(signal_init_survives_default_signals),
	KUNIT_CASE(signal_stop_and_continue_cancel),
	KUNIT_CASE(signal_kill_rejects_bad_targets),
	KUNIT_CASE(signal_syscalls_check_arguments),
	KUNIT_CASE(signal_notify_parent_sends_sigchld),
	KUNIT_CASE(signal_unhandled_means_no_handler),
	KUNIT_CASE(signal_exec_resets_handlers),
	KUNIT_CASE(signal_core_status_follows_rlimit),
	KUNIT_CASE(signal_sigreturn_distrusts_the_frame),
	KUNIT_CASE(signal_altstack_rules),
	KUNIT_CASE(signal_proc_masks),
	KUNIT_CASE(signal_fpu_state_defaults),
	{}
};

static struct kunit_suite signal_suite = { .name = "signal", .test_cases = signal_cases };
kunit_test_suite(signal_suite);
