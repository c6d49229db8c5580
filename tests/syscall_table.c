/*
 * syscall_table suite: the system call table built from the SYSCALL_DEFINEn
 * entries (.syscalls).  Each number is claimed once, by the name Linux gives
 * it, and every call the issue's list of musl's, glibc's and busybox's needs
 * is there (a missing one would be -ENOSYS in user space).
 */
#include <kernel/kunit.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>

#include "../kernel/syscall_internal.h"

static void syscall_table_entries_are_unique_and_named_as_linux(struct kunit *test)
{
	static bool seen[NR_syscalls];
	int entries = 0;

	memset(seen, 0, sizeof(seen));
	for (const struct syscall_entry *e = __syscalls_start; e < __syscalls_end; e++) {
		KUNIT_ASSERT_LT(test, e->nr, NR_syscalls);
		if (seen[e->nr])
			kunit_info(test, "%s (%u) is defined twice", e->name, e->nr);
		KUNIT_EXPECT_FALSE(test, seen[e->nr]);
		seen[e->nr] = true;
		KUNIT_EXPECT_STREQ(test, e->name, syscall_name(e->nr));
		entries++;
	}
	KUNIT_EXPECT_GT(test, entries, 100);
}

/* The calls the issue names (and fork's, exec's and wait's kin). */
static const unsigned int needed[] = {
	__NR_read, __NR_write, __NR_readv, __NR_writev, __NR_openat, __NR_open, __NR_close,
	__NR_lseek, __NR_fstat, __NR_newfstatat, __NR_getdents64, __NR_ioctl, __NR_pipe2,
	__NR_dup2, __NR_dup3, __NR_fcntl, __NR_brk, __NR_mmap, __NR_munmap, __NR_mprotect,
	__NR_arch_prctl, __NR_set_tid_address, __NR_rt_sigaction, __NR_rt_sigprocmask,
	__NR_rt_sigreturn, __NR_uname, __NR_clock_gettime, __NR_nanosleep, __NR_getrandom,
	__NR_sysinfo, __NR_getuid, __NR_geteuid, __NR_getgid, __NR_getegid, __NR_fork,
	__NR_vfork, __NR_clone, __NR_execve, __NR_exit, __NR_exit_group, __NR_wait4,
	__NR_getpid, __NR_getppid, __NR_kill,
};

static void syscall_table_has_every_call_the_issue_names(struct kunit *test)
{
	static bool seen[NR_syscalls];

	memset(seen, 0, sizeof(seen));
	for (const struct syscall_entry *e = __syscalls_start; e < __syscalls_end; e++)
		if (e->nr < NR_syscalls)
			seen[e->nr] = true;
	for (size_t i = 0; i < ARRAY_SIZE(needed); i++) {
		if (!seen[needed[i]])
			kunit_info(test, "%s (%u) is not implemented",
				   syscall_name(needed[i]), needed[i]);
		KUNIT_EXPECT_TRUE(test, seen[needed[i]]);
	}
}

static struct kunit_case syscall_table_cases[] = {
	KUNIT_CASE(syscall_table_entries_are_unique_and_named_as_linux),
	KUNIT_CASE(syscall_table_has_every_call_the_issue_names),
	{}
};

static struct kunit_suite syscall_table_suite = {
	.name = "syscall_table",
	.test_cases = syscall_table_cases,
};
kunit_test_suite(syscall_table_suite);
