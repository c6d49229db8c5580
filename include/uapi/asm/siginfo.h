/*
 * siginfo_t (Linux's include/uapi/asm-generic/siginfo.h), x86-64: 128 bytes,
 * the three ints then a union at offset 16.  Only the union members Atlas
 * fills are spelled out; the rest is padding of the same size.
 */
#ifndef _UAPI_ASM_X86_SIGINFO_H
#define _UAPI_ASM_X86_SIGINFO_H

#include <kernel/compiler.h>
#include <kernel/types.h>

#define SI_MAX_SIZE     128

typedef struct kernel_siginfo_fields {
	int si_signo;
	int si_errno;
	int si_code;
	int __pad0;                     /* the union is 8-byte aligned */
	union {
		int _pad[(SI_MAX_SIZE - 16) / sizeof(int)];
		struct {                /* kill, tkill, tgkill, SI_USER */
			int _pid;
			unsigned int _uid;
		} _kill;
		struct {                /* SIGCHLD */
			int _pid;
			unsigned int _uid;
			int _status;    /* exit code, or the signal */
			long _utime;    /* clock_t */
			long _stime;
		} _sigchld;
		struct {                /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
			void __user *_addr;
		} _sigfault;
	} _sifields;
} siginfo_t;

#define si_pid          _sifields._kill._pid
#define si_uid          _sifields._kill._uid
#define si_status       _sifields._sigchld._status
#define si_utime        _sifields._sigchld._utime
#define si_stime        _sifields._sigchld._stime
#define si_addr         _sifields._sigfault._addr

/* si_code: who sent it */
#define SI_USER         0               /* kill() */
#define SI_KERNEL       0x80            /* the kernel */
#define SI_QUEUE        -1
#define SI_TKILL        -6              /* tkill, tgkill */

/* SIGSEGV si_code */
#define SEGV_MAPERR     1               /* no mapping at the address */
#define SEGV_ACCERR     2               /* the mapping forbids the access */

/* SIGBUS, SIGILL, SIGFPE codes used by the exception handlers */
#define BUS_ADRERR      2
#define ILL_ILLOPN      2
#define FPE_INTDIV      1

/* SIGCHLD si_code */
#define CLD_EXITED      1
#define CLD_KILLED      2
#define CLD_DUMPED      3
#define CLD_TRAPPED     4
#define CLD_STOPPED     5
#define CLD_CONTINUED   6

#endif
