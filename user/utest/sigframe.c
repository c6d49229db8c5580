/*
 * utest suite "sigframe": what the kernel builds on the user stack for a
 * handler and what rt_sigreturn gives back, checked against Linux's x86-64
 * ABI (the same binary passes on Linux): the frame's layout and alignment,
 * every register and SSE register restored, SA_RESTART and EINTR for a
 * blocked read, a SIGSEGV handler's siginfo, the alternate stack,
 * SA_RESETHAND and SA_NODEFER, sigsuspend's temporary mask, and a child
 * stopped and continued (wait4's WUNTRACED).
 *
 * Waiting for the parent to block is done by reading its state from
 * /proc/PID/stat ('S'), so no case depends on how fast the machine is.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include "utest.h"

#define MAGIC_RDX  0x1111222233334444UL
#define MAGIC_R8   0x5555666677778888UL
#define MAGIC_R9   0x99990000aaaabbbbUL
#define MAGIC_R10  0xccccddddeeeeffffUL
#define MAGIC_XMM  0x0123456789abcdefUL
#define FRAME_UC   8                    /* offsetof(struct rt_sigframe, uc) */
#define FRAME_INFO 312                  /* offsetof(struct rt_sigframe, info) */
#define WAIT_TRIES 1000000              /* sched_yield rounds before giving up */

static volatile int hits;

static void count_handler(int sig)
{
	hits++;
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	hits = 0;
}

/* ---- layout: a handler that records its registers at entry ---- */

unsigned long entry_rsp, entry_rdi, entry_rsi, entry_rdx;

__attribute__((naked)) static void record_entry(int sig)
{
	__asm__ volatile("mov %rsp, entry_rsp(%rip)\n\t"
			 "mov %rdi, entry_rdi(%rip)\n\t"
			 "mov %rsi, entry_rsi(%rip)\n\t"
			 "mov %rdx, entry_rdx(%rip)\n\t"
			 "ret");
}

/* RSP = pretcode at 16n - 8; RSI = &info, RDX = &uc at Linux's offsets. */
static void frame_layout_is_linux(void)
{
	set_handler(SIGUSR1, record_entry, SA_SIGINFO);
	ASSERT_EQ(raise(SIGUSR1), 0);
	EXPECT_EQ(entry_rdi, (unsigned long)SIGUSR1);
	EXPECT_EQ((entry_rsp + 8) % 16, 0UL);
	EXPECT_EQ(entry_rdx, entry_rsp + FRAME_UC);
	EXPECT_EQ(entry_rsi, entry_rsp + FRAME_INFO);
	signal(SIGUSR1, SIG_DFL);
}

/* ---- every register comes back ---- */

/* Clobber what the ABI lets a function clobber, and more: the kernel restores it all. */
static void clobber_handler(int sig)
{
	__asm__ volatile("mov $-1, %%rdx\n\tmov $-1, %%r8\n\tmov $-1, %%r9\n\tmov $-1, %%r10\n\t"
			 "pcmpeqd %%xmm1, %%xmm1"
			 : : : "rdx", "r8", "r9", "r10", "xmm1");
	hits++;
}

static void sigreturn_restores_registers(void)
{
	unsigned long rdx, r8, r9, r10, xmm_lo;
	long ret;

	set_handler(SIGUSR2, clobber_handler, 0);
	__asm__ volatile("mov %[m1], %%rdx\n\t"
			 "mov %[m2], %%r8\n\t"
			 "mov %[m3], %%r9\n\t"
			 "mov %[m4], %%r10\n\t"
			 "movq %[m5], %%xmm1\n\t"
			 "syscall\n\t"
			 "mov %%rdx, %[rdx]\n\t"
			 "mov %%r8, %[r8]\n\t"
			 "mov %%r9, %[r9]\n\t"
			 "mov %%r10, %[r10]\n\t"
			 "movq %%xmm1, %[xmm]"
			 : "=a"(ret), [rdx] "=m"(rdx), [r8] "=m"(r8), [r9] "=m"(r9),
			   [r10] "=m"(r10), [xmm] "=m"(xmm_lo)
			 : "0"((long)SYS_tkill), "D"((long)syscall(SYS_gettid)), "S"((long)SIGUSR2),
			   [m1] "r"(MAGIC_RDX), [m2] "r"(MAGIC_R8), [m3] "r"(MAGIC_R9),
			   [m4] "r"(MAGIC_R10), [m5] "r"(MAGIC_XMM)
			 : "rcx", "r11", "rdx", "r8", "r9", "r10", "xmm1", "memory");
	EXPECT_EQ(ret, 0L);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(rdx, MAGIC_RDX);
	EXPECT_EQ(r8, MAGIC_R8);
	EXPECT_EQ(r9, MAGIC_R9);
	EXPECT_EQ(r10, MAGIC_R10);
	EXPECT_EQ(xmm_lo, MAGIC_XMM);
	signal(SIGUSR2, SIG_DFL);
}

/* ---- restart ---- */

/* Whether pid is asleep ('S' in /proc/PID/stat's third field). */
static int is_sleeping(pid_t pid)
{
	char path[64], buf[256], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] == 'S';
}

/* The child: wait until the parent sleeps, signal it, then (if asked) write a byte. */
struct poke {
	pid_t parent;
	int fd;
	int write_after;
};

static int poke_parent(void *arg)
{
	struct poke *pk = arg;
	int i;

	for (i = 0; i < WAIT_TRIES && !is_sleeping(pk->parent); i++)
		sched_yield();
	if (i == WAIT_TRIES)
		return 2;
	kill(pk->parent, SIGUSR1);
	if (pk->write_after) {
		for (i = 0; i < WAIT_TRIES && !is_sleeping(pk->parent); i++)
			sched_yield();
		if (write(pk->fd, "x", 1) != 1)
			return 3;
	}
	return 0;
}

/* A read blocked on an empty pipe: SA_RESTART resumes it, without it read fails EINTR. */
static void sa_restart_resumes_read(void)
{
	int p[2];
	char c;
	struct poke pk;
	pid_t child;

	ASSERT_EQ(pipe(p), 0);
	pk = (struct poke){ getpid(), p[1], 1 };
	set_handler(SIGUSR1, count_handler, SA_RESTART);
	child = ut_fork(poke_parent, &pk);
	EXPECT_EQ(read(p[0], &c, 1), 1);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(ut_wait(child), 0);

	pk.write_after = 0;
	set_handler(SIGUSR1, count_handler, 0);
	child = ut_fork(poke_parent, &pk);
	EXPECT_ERRNO(read(p[0], &c, 1), EINTR);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(ut_wait(child), 0);
	signal(SIGUSR1, SIG_DFL);
	close(p[0]);
	close(p[1]);
}

/* ---- faults ---- */

static sigjmp_buf segv_jmp;
static volatile siginfo_t segv_info;

static void segv_handler(int sig, siginfo_t *info, void *uc)
{
	segv_info = *info;
	siglongjmp(segv_jmp, 1);
}

/* A SIGSEGV handler gets the faulting address and SEGV_MAPERR, and can recover. */
static void sigsegv_handler_gets_address(void)
{
	struct sigaction sa = { .sa_sigaction = segv_handler, .sa_flags = SA_SIGINFO };
	volatile uintptr_t addr = 0x10;        /* opaque: the compiler sees no constant */
	volatile int *bad = (volatile int *)addr;

	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(sigaction(SIGSEGV, &sa, NULL), 0);
	if (!sigsetjmp(segv_jmp, 1)) {
		(void)*bad;
		ut_fail(__FILE__, __LINE__, "reading address 0x10 did not fault");
	}
	EXPECT_EQ(segv_info.si_signo, SIGSEGV);
	EXPECT_EQ(segv_info.si_code, SEGV_MAPERR);
	EXPECT_EQ((unsigned long)segv_info.si_addr, 0x10UL);
	signal(SIGSEGV, SIG_DFL);
}

/* ---- the alternate stack ---- */

static char altstack[16384] __attribute__((aligned(16)));
static volatile unsigned long on_alt_local;
static volatile int alt_flags;

static void alt_handler(int sig)
{
	stack_t now;
	volatile int local;

	on_alt_local = (unsigned long)&local;
	sigaltstack(NULL, &now);
	alt_flags = now.ss_flags;
}

static void sa_onstack_uses_altstack(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 }, old;

	ASSERT_EQ(sigaltstack(&ss, &old), 0);
	set_handler(SIGUSR1, alt_handler, SA_ONSTACK);
	ASSERT_EQ(raise(SIGUSR1), 0);
	EXPECT_TRUE(on_alt_local >= (unsigned long)altstack &&
		    on_alt_local < (unsigned long)altstack + sizeof(altstack));
	EXPECT_EQ(alt_flags, SS_ONSTACK);
	ss.ss_flags = SS_DISABLE;
	EXPECT_EQ(sigaltstack(&ss, NULL), 0);
	ss.ss_flags = 0;
	ss.ss_size = 100;               /* below MINSIGSTKSZ */
	EXPECT_ERRNO(sigaltstack(&ss, NULL), ENOMEM);
	signal(SIGUSR1, SIG_DFL);
}

/* ---- flags ---- */

static volatile int blocked_inside;

static void mask_handler(int sig)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	blocked_inside = sigismember(&cur, sig);
	hits++;
}

static void sa_resethand_and_nodefer(void)
{
	struct sigaction now;

	set_handler(SIGUSR2, mask_handler, 0);
	raise(SIGUSR2);
	EXPECT_EQ(blocked_inside, 1);           /* a handler's own signal is blocked */
	set_handler(SIGUSR2, mask_handler, SA_NODEFER | SA_RESETHAND);
	raise(SIGUSR2);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(blocked_inside, 0);
	ASSERT_EQ(sigaction(SIGUSR2, NULL, &now), 0);
	EXPECT_TRUE(now.sa_handler == SIG_DFL); /* one delivery, then the default */
}

/* sigsuspend: the handler runs under the temporary mask, the old one comes back. */
static void sigsuspend_swaps_mask(void)
{
	sigset_t block, empty, after;
	struct poke pk = { getpid(), -1, 0 };
	pid_t child;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	set_handler(SIGUSR1, count_handler, 0);
	ASSERT_EQ(sigprocmask(SIG_BLOCK, &block, NULL), 0);
	child = ut_fork(poke_parent, &pk);
	EXPECT_ERRNO(sigsuspend(&empty), EINTR);
	EXPECT_EQ(hits, 1);
	sigprocmask(SIG_BLOCK, NULL, &after);
	EXPECT_TRUE(sigismember(&after, SIGUSR1));
	EXPECT_EQ(ut_wait(child), 0);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	signal(SIGUSR1, SIG_DFL);
}

static int __attribute__((noreturn)) pause_forever(void *arg)
{
	for (;;)
		pause();
}

/* SIGSTOP stops a child (wait4's WUNTRACED says so, once), SIGCONT resumes it (WCONTINUED), SIGKILL ends it. */
static void stop_continue_kill(void)
{
	pid_t child = ut_fork(pause_forever, NULL);
	int status = 0;

	ASSERT_TRUE(child > 0);
	EXPECT_EQ(kill(child, SIGSTOP), 0);
	EXPECT_EQ(waitpid(child, &status, WUNTRACED), child);
	EXPECT_TRUE(WIFSTOPPED(status));
	EXPECT_EQ(WSTOPSIG(status), SIGSTOP);
	EXPECT_EQ(waitpid(child, &status, WUNTRACED | WNOHANG), 0);  /* reported once */
	EXPECT_EQ(kill(child, SIGCONT), 0);
	EXPECT_EQ(waitpid(child, &status, WCONTINUED), child);
	EXPECT_TRUE(WIFCONTINUED(status));
	EXPECT_EQ(kill(child, SIGKILL), 0);
	status = ut_wait(child);
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

UTEST_SUITE(sigframe,
	UTEST_CASE(frame_layout_is_linux),
	UTEST_CASE(sigreturn_restores_registers),
	UTEST_CASE(sa_restart_resumes_read),
	UTEST_CASE(sigsegv_handler_gets_address),
	UTEST_CASE(sa_onstack_uses_altstack),
	UTEST_CASE(sa_resethand_and_nodefer),
	UTEST_CASE(sigsuspend_swaps_mask),
	UTEST_CASE(stop_continue_kill),
);
