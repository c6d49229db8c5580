/*
 * Signal numbers, sigaction flags and the alternate stack (Linux's
 * arch/x86/include/uapi/asm/signal.h and include/uapi/asm-generic/signal-defs.h):
 * the user ABI, numbers and layouts exactly as Linux's.
 */
#ifndef _UAPI_ASM_X86_SIGNAL_H
#define _UAPI_ASM_X86_SIGNAL_H

#include <kernel/compiler.h>
#include <kernel/types.h>

#define _NSIG           64
#define _NSIG_BPW       64
#define _NSIG_WORDS     (_NSIG / _NSIG_BPW)

#define SIGHUP           1
#define SIGINT           2
#define SIGQUIT          3
#define SIGILL           4
#define SIGTRAP          5
#define SIGABRT          6
#define SIGIOT           6
#define SIGBUS           7
#define SIGFPE           8
#define SIGKILL          9
#define SIGUSR1         10
#define SIGSEGV         11
#define SIGUSR2         12
#define SIGPIPE         13
#define SIGALRM         14
#define SIGTERM         15
#define SIGSTKFLT       16
#define SIGCHLD         17
#define SIGCONT         18
#define SIGSTOP         19
#define SIGTSTP         20
#define SIGTTIN         21
#define SIGTTOU         22
#define SIGURG          23
#define SIGXCPU         24
#define SIGXFSZ         25
#define SIGVTALRM       26
#define SIGPROF         27
#define SIGWINCH        28
#define SIGIO           29
#define SIGPOLL         SIGIO
#define SIGPWR          30
#define SIGSYS          31
#define SIGRTMIN        32
#define SIGRTMAX        _NSIG

/* sa_flags */
#define SA_NOCLDSTOP    0x00000001      /* no SIGCHLD when a child stops */
#define SA_NOCLDWAIT    0x00000002      /* children are reaped at once: no zombies */
#define SA_SIGINFO      0x00000004      /* the handler takes (sig, siginfo, ucontext) */
#define SA_UNSUPPORTED  0x00000400
#define SA_EXPOSE_TAGBITS 0x00000800
#define SA_ONSTACK      0x08000000      /* run on the sigaltstack */
#define SA_RESTART      0x10000000      /* restart an interrupted system call */
#define SA_NODEFER      0x40000000      /* do not block the signal in its handler */
#define SA_RESETHAND    0x80000000      /* back to SIG_DFL after one delivery */
#define SA_RESTORER     0x04000000      /* sa_restorer is the return trampoline */

/* rt_sigprocmask's how */
#define SIG_BLOCK       0
#define SIG_UNBLOCK     1
#define SIG_SETMASK     2

typedef void __signalfn_t(int);
typedef __signalfn_t __user *__sighandler_t;
typedef void __restorefn_t(void);
typedef __restorefn_t __user *__sigrestore_t;

#define SIG_DFL ((__sighandler_t)0)     /* the default action */
#define SIG_IGN ((__sighandler_t)1)     /* ignore */
#define SIG_ERR ((__sighandler_t)-1)

/* sigaltstack */
#define SS_ONSTACK      1
#define SS_DISABLE      2
#define SS_AUTODISARM   (1U << 31)      /* disarmed while a handler runs on it */
#define SS_FLAG_BITS    SS_AUTODISARM
#define MINSIGSTKSZ     2048
#define SIGSTKSZ        8192

typedef struct sigaltstack {
	void __user *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;

#endif
