/*
 * System calls, as Linux's include/linux/syscalls.h declares them.
 *
 * A system call is written once, where its subsystem lives:
 *
 *     SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
 *     {
 *             ...
 *             return n;               // or -EBADF, -EFAULT, ...
 *     }
 *
 * The macro makes __do_sys_read(fd, buf, count) with the declared types, a
 * wrapper __x64_sys_read(regs) that takes the arguments from Linux's x86-64
 * registers (RDI, RSI, RDX, R10, R8, R9), and an entry {__NR_read, "read",
 * wrapper} in the section .syscalls.  At boot the table is built from that
 * section (kernel/syscall.c); a number no entry claims returns -ENOSYS.  The
 * return value goes back to user space in RAX as it is: >= 0, or -errno.
 */
#ifndef ATLAS_KERNEL_SYSCALLS_H
#define ATLAS_KERNEL_SYSCALLS_H

#include <kernel/compiler.h>
#include <kernel/types.h>
#include <asm/ptrace.h>
#include <uapi/asm/unistd_64.h>

struct syscall_entry {
	unsigned int nr;                /* __NR_name */
	const char *name;               /* "name", for logs and strace-like output */
	long (*fn)(const struct pt_regs *regs);
};

/* The entries in .syscalls (linker.ld), in link order. */
extern const struct syscall_entry __syscalls_start[], __syscalls_end[];

#define __MAP0(m, ...)
#define __MAP1(m, t, a, ...) m(t, a)
#define __MAP2(m, t, a, ...) m(t, a), __MAP1(m, __VA_ARGS__)
#define __MAP3(m, t, a, ...) m(t, a), __MAP2(m, __VA_ARGS__)
#define __MAP4(m, t, a, ...) m(t, a), __MAP3(m, __VA_ARGS__)
#define __MAP5(m, t, a, ...) m(t, a), __MAP4(m, __VA_ARGS__)
#define __MAP6(m, t, a, ...) m(t, a), __MAP5(m, __VA_ARGS__)
#define __MAP(n, ...) __MAP##n(__VA_ARGS__)

#define __SC_DECL(t, a) t a
#define __SC_TYPE(t, a) t

/* The registers of argument 1..n, in Linux's order (the syscall ABI's). */
#define __SC_REGS0(r)
#define __SC_REGS1(r) (r)->di
#define __SC_REGS2(r) __SC_REGS1(r), (r)->si
#define __SC_REGS3(r) __SC_REGS2(r), (r)->dx
#define __SC_REGS4(r) __SC_REGS3(r), (r)->r10
#define __SC_REGS5(r) __SC_REGS4(r), (r)->r8
#define __SC_REGS6(r) __SC_REGS5(r), (r)->r9

/* A typed call through unsigned long arguments: __se_sys_* casts each one. */
#define __SC_LONG(t, a) unsigned long a
#define __SC_CAST(t, a) (t)a

#define __SYSCALL_ENTRY(sname, wrapper) \
	static const struct syscall_entry __syscall_entry_##sname \
	__section(".syscalls") __used __aligned(8) = \
		{ .nr = __NR_##sname, .name = #sname, .fn = wrapper }

#define SYSCALL_DEFINE0(sname) \
	static long __do_sys_##sname(void); \
	static long __x64_sys_##sname(const struct pt_regs *regs) \
	{ \
		(void)regs; \
		return __do_sys_##sname(); \
	} \
	__SYSCALL_ENTRY(sname, __x64_sys_##sname); \
	static long __do_sys_##sname(void)

#define SYSCALL_DEFINEx(x, sname, ...) \
	static long __do_sys_##sname(__MAP(x, __SC_DECL, __VA_ARGS__)); \
	static long __se_sys_##sname(__MAP(x, __SC_LONG, __VA_ARGS__)) \
	{ \
		return __do_sys_##sname(__MAP(x, __SC_CAST, __VA_ARGS__)); \
	} \
	static long __x64_sys_##sname(const struct pt_regs *regs) \
	{ \
		return __se_sys_##sname(__SC_REGS##x(regs)); \
	} \
	__SYSCALL_ENTRY(sname, __x64_sys_##sname); \
	static long __do_sys_##sname(__MAP(x, __SC_DECL, __VA_ARGS__))

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

#endif
