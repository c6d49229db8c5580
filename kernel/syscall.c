/*
 * The system call table and its dispatch (Linux's arch/x86/entry/common.c
 * do_syscall_64 and syscall_64.c's sys_call_table).
 *
 * The table is built at boot from the .syscalls section, where every
 * SYSCALL_DEFINEn puts its {number, name, wrapper} (include/kernel/syscalls.h):
 * a subsystem adds a call without touching this file.  A number no entry
 * claims returns -ENOSYS and is logged once per number, with its Linux name:
 *
 *     atlas: busybox[7] used unimplemented syscall 302 (prlimit64)
 *
 * MSRs (Intel SDM vol 3B §5.8.8, "Fast System Calls in 64-Bit Mode"):
 * LSTAR = entry_SYSCALL_64; STAR[47:32] = __KERNEL_CS (SS = +8),
 * STAR[63:48] = __USER32_CS (SYSRET loads CS = +16 = __USER_CS, SS = +8 =
 * __USER_DS); SYSCALL_MASK clears IF, DF, TF, AC and the rest of Linux's set.
 */
#define pr_fmt(fmt) "atlas: " fmt

#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/ptrace.h>
#include <errno.h>
#include <kernel/irqflags.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>

#include "entry_internal.h"
#include "syscall_internal.h"

#define MSR_STAR          0xc0000081
#define MSR_LSTAR         0xc0000082
#define MSR_CSTAR         0xc0000083    /* compat (32-bit) SYSCALL: refused, see below */
#define MSR_SYSCALL_MASK  0xc0000084
#define EFER_SCE          (1UL << 0)    /* SYSCALL/SYSRET enable */

/* RFLAGS bits (SDM vol 1 §3.4.3) cleared on entry, Linux's list */
#define X86_EFLAGS_CF   0x0001UL
#define X86_EFLAGS_PF   0x0004UL
#define X86_EFLAGS_AF   0x0010UL
#define X86_EFLAGS_ZF   0x0040UL
#define X86_EFLAGS_SF   0x0080UL
#define X86_EFLAGS_TF   0x0100UL
#define X86_EFLAGS_DF   0x0400UL
#define X86_EFLAGS_OF   0x0800UL
#define X86_EFLAGS_IOPL 0x3000UL
#define X86_EFLAGS_NT   0x4000UL
#define X86_EFLAGS_RF   0x10000UL
#define X86_EFLAGS_AC   0x40000UL
#define X86_EFLAGS_ID   0x200000UL
#define SYSCALL_MASK (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | X86_EFLAGS_ZF | \
		      X86_EFLAGS_SF | X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF | \
		      X86_EFLAGS_OF | X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_RF | \
		      X86_EFLAGS_AC | X86_EFLAGS_ID)

#define NI_LOG_BITS     1024            /* numbers logged once each; beyond, a few lines */
#define NI_LOG_FAR_MAX  8

typedef long (*sys_call_ptr_t)(const struct pt_regs *regs);

static sys_call_ptr_t sys_call_table[NR_syscalls];
static bool sys_call_table_ready;
static unsigned long ni_logged[NI_LOG_BITS / 64];
static int ni_far_logged;

extern char entry_SYSCALL_64[];

static void build_sys_call_table(void)
{
	for (const struct syscall_entry *e = __syscalls_start; e < __syscalls_end; e++) {
		if (e->nr >= NR_syscalls) {
			pr_err("syscall %s: number %u is beyond the table\n", e->name, e->nr);
			continue;
		}
		if (sys_call_table[e->nr])
			pr_err("syscall %u (%s) is defined twice\n", e->nr, e->name);
		sys_call_table[e->nr] = e->fn;
	}
	sys_call_table_ready = true;
}

void syscall_init(void)
{
	if (!sys_call_table_ready)
		build_sys_call_table();
	wrmsr(MSR_STAR, ((u64)__USER32_CS << 48) | ((u64)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	wrmsr(MSR_CSTAR, 0);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	fpu__init_cpu();                /* user code may use SSE (kernel/fpu.c) */
}

const char *syscall_name(unsigned long nr)
{
	if (nr < NR_syscalls && syscall_names[nr])
		return syscall_names[nr];
	return "?";
}

bool syscall_implemented(unsigned long nr)
{
	return nr < NR_syscalls && sys_call_table[nr];
}

/* -ENOSYS, and the log line the first time this number is seen. */
static long ni_syscall(unsigned long nr)
{
	bool first;

	if (nr < NI_LOG_BITS)
		first = !(__atomic_fetch_or(&ni_logged[nr / 64], 1UL << (nr % 64),
					    __ATOMIC_RELAXED) & (1UL << (nr % 64)));
	else
		first = __atomic_fetch_add(&ni_far_logged, 1, __ATOMIC_RELAXED) < NI_LOG_FAR_MAX;
	if (first)
		pr_info("%s[%d] used unimplemented syscall %ld (%s)\n", current->comm, current->pid,
			(long)nr, syscall_name(nr));
	return -ENOSYS;
}

bool syscall_logged_unimplemented(unsigned long nr)
{
	return nr < NI_LOG_BITS && (READ_ONCE(ni_logged[nr / 64]) >> (nr % 64)) & 1;
}

/* Whether SYSRET can restore regs exactly (Linux's checks in do_syscall_64). */
static bool sysret_possible(const struct pt_regs *regs)
{
	if (regs->cx != regs->ip || regs->r11 != regs->flags)
		return false;
	if (regs->cs != __USER_CS || regs->ss != __USER_DS)
		return false;
	if (regs->ip >= TASK_SIZE_MAX)
		return false;           /* SYSRET to a non-canonical RIP faults in ring 0 (Intel) */
	return !(regs->flags & (X86_EFLAGS_RF | X86_EFLAGS_TF));
}

bool do_syscall_64(struct pt_regs *regs, unsigned long nr)
{
	unsigned int unr = (unsigned int)nr;    /* Linux's: the number is an int */

	local_irq_enable();
	if (unr < NR_syscalls && sys_call_table[unr])
		regs->ax = (unsigned long)sys_call_table[unr](regs);
	else
		regs->ax = (unsigned long)ni_syscall(nr);
	syscall_exit_to_user_mode(regs);
	return sysret_possible(regs);
}
