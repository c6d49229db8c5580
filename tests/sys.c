/*
 * sys suite: the small system calls (kernel/sys.c, kernel/timekeeping.c,
 * kernel/random.c, drivers/rtc.c).  The kernel-side halves are checked for
 * their values (uname's strings, sysinfo against the buddy allocator, the
 * rlimit defaults Linux gives, arch_prctl's MSR), and the system calls
 * themselves through their table entries for argument checking and, with
 * kernel addresses as user pointers, -EFAULT.
 */
#include <asm/msr.h>
#include <errno.h>
#include <kernel/kunit.h>
#include <kernel/random.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/sys.h>
#include <kernel/time.h>
#include <kernel/timekeeping.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <uapi/asm/prctl.h>
#include <uapi/linux/random.h>
#include <uapi/linux/reboot.h>
#include <uapi/linux/time_types.h>

#include "syscall_call.h"

#define DATE_2020       1577836800      /* 2020-01-01 00:00:00 UTC: the RTC is later */
#define TEST_FS_BASE    0x00007f0000001000UL
#define NON_USER_BASE   0x0000800000000000UL    /* the first address past the user half */
#define TICK_NS         4000000         /* HZ 250 */

static void sys_uname_reports_linux(struct kunit *test)
{
	struct new_utsname u;
	size_t n;

	do_newuname(&u);
	KUNIT_EXPECT_STREQ(test, u.sysname, "Linux");
	KUNIT_EXPECT_STREQ(test, u.nodename, "(none)");
	KUNIT_EXPECT_STREQ(test, u.release, "6.1.0-atlas");
	KUNIT_EXPECT_STREQ(test, u.machine, "x86_64");
	KUNIT_EXPECT_STREQ(test, u.domainname, "(none)");
	/* "#1 SMP PREEMPT Atlas 0.1 (YYYY-MM-DD)" */
	n = strlen(u.version);
	KUNIT_ASSERT_EQ(test, n, strlen("#1 SMP PREEMPT Atlas 0.1 (2026-12-02)"));
	KUNIT_EXPECT_EQ(test, memcmp(u.version, "#1 SMP PREEMPT Atlas 0.1 (20", 28), 0);
	KUNIT_EXPECT_EQ(test, u.version[n - 1], ')');
	KUNIT_EXPECT_EQ(test, u.version[30], '-');
	KUNIT_EXPECT_EQ(test, u.version[33], '-');
	KUNIT_EXPECT_TRUE(test, u.version[31] == '0' || u.version[31] == '1');
}

static void sys_uname_bad_pointer_is_efault(struct kunit *test)
{
	struct new_utsname u;

	KUNIT_EXPECT_EQ(test, test_syscall(__NR_uname, 0, 0, 0, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_uname, (unsigned long)&u, 0, 0, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_sysinfo, (unsigned long)-4096L, 0, 0, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_sethostname, (unsigned long)&u, 65, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_sethostname, (unsigned long)&u, 4, 0, 0), -EFAULT);
	do_newuname(&u);
	KUNIT_EXPECT_STREQ(test, u.nodename, "(none)");        /* unchanged by the failures */
}

static void sys_sysinfo_counts_pages(struct kunit *test)
{
	struct sysinfo si;

	BUILD_BUG_ON(sizeof(struct sysinfo) != 112);
	BUILD_BUG_ON(__builtin_offsetof(struct sysinfo, procs) != 80);
	BUILD_BUG_ON(__builtin_offsetof(struct sysinfo, mem_unit) != 104);
	do_sysinfo(&si);
	KUNIT_EXPECT_EQ(test, si.mem_unit, 4096);
	KUNIT_EXPECT_EQ(test, si.totalram, totalram_pages());
	KUNIT_EXPECT_GT(test, si.freeram, 0);
	KUNIT_EXPECT_LE(test, si.freeram, si.totalram);
	KUNIT_EXPECT_GE(test, si.uptime, 1);
	KUNIT_EXPECT_LE(test, si.uptime, (long)(local_clock() / 1000000000 + 1));
	KUNIT_EXPECT_EQ(test, si.totalswap, 0);
	KUNIT_EXPECT_GE(test, si.procs, 1);
}

static void sys_everyone_is_root(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getuid, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_geteuid, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getgid, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getegid, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_setuid, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_setuid, 1000, 0, 0, 0), -EPERM);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_setgid, 1000, 0, 0, 0), -EPERM);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_setresuid, -1UL, 0, -1UL, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_setresuid, 0, 5, 0, 0), -EPERM);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getgroups, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getgroups, -1UL, 0, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getresuid, 0, 0, 0, 0), -EFAULT);
}

static void sys_rlimit_defaults_are_linux(struct kunit *test)
{
	struct rlimit r[RLIM_NLIMITS];

	rlimit_init_defaults(r);
	KUNIT_EXPECT_EQ(test, r[RLIMIT_STACK].rlim_cur, 8UL << 20);
	KUNIT_EXPECT_EQ(test, r[RLIMIT_STACK].rlim_max, RLIM_INFINITY);
	KUNIT_EXPECT_EQ(test, r[RLIMIT_NOFILE].rlim_cur, 1024);
	KUNIT_EXPECT_EQ(test, r[RLIMIT_NOFILE].rlim_max, 4096);
	KUNIT_EXPECT_EQ(test, r[RLIMIT_CORE].rlim_cur, 0);
	KUNIT_EXPECT_EQ(test, r[RLIMIT_AS].rlim_cur, RLIM_INFINITY);
	KUNIT_EXPECT_EQ(test, r[RLIMIT_MEMLOCK].rlim_max, 8UL << 20);
	KUNIT_EXPECT_GT(test, r[RLIMIT_NPROC].rlim_cur, 0);
	KUNIT_EXPECT_EQ(test, r[RLIMIT_NPROC].rlim_cur, r[RLIMIT_SIGPENDING].rlim_cur);
}

static void sys_prlimit_checks_and_sets(struct kunit *test)
{
	struct task_struct *t = kzalloc(sizeof(*t), GFP_KERNEL);
	struct rlimit old, lim = { 4096, 8192 }, bad = { 10, 5 };

	KUNIT_ASSERT_NOT_NULL(test, t);
	rlimit_init_defaults(t->rlim);
	KUNIT_EXPECT_EQ(test, do_prlimit(t, RLIMIT_NOFILE, &lim, &old), 0);
	KUNIT_EXPECT_EQ(test, old.rlim_cur, 1024);
	KUNIT_EXPECT_EQ(test, t->rlim[RLIMIT_NOFILE].rlim_max, 8192);
	KUNIT_EXPECT_EQ(test, do_prlimit(t, RLIMIT_NOFILE, &bad, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_prlimit(t, RLIM_NLIMITS, NULL, &old), -EINVAL);
	lim.rlim_max = RLIM_INFINITY;
	KUNIT_EXPECT_EQ(test, do_prlimit(t, RLIMIT_NOFILE, &lim, NULL), -EPERM);
	KUNIT_EXPECT_EQ(test, t->rlim[RLIMIT_NOFILE].rlim_cur, 4096);     /* unchanged */
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getrlimit, RLIM_NLIMITS, 0, 0, 0), -EINVAL);
	kfree(t);
}

static void sys_arch_prctl_sets_fs_base(struct kunit *test)
{
	struct task_struct *t = kzalloc(sizeof(*t), GFP_KERNEL);
	u64 saved = rdmsr(MSR_FS_BASE);
	unsigned long out = 0;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, do_arch_prctl_64(t, ARCH_SET_FS, TEST_FS_BASE, NULL), 0);
	KUNIT_EXPECT_EQ(test, rdmsr(MSR_FS_BASE), TEST_FS_BASE);
	KUNIT_EXPECT_EQ(test, t->thread.fsbase, TEST_FS_BASE);
	KUNIT_EXPECT_EQ(test, do_arch_prctl_64(t, ARCH_GET_FS, 0, &out), 0);
	KUNIT_EXPECT_EQ(test, out, TEST_FS_BASE);
	KUNIT_EXPECT_EQ(test, do_arch_prctl_64(t, ARCH_SET_FS, NON_USER_BASE, NULL), -EPERM);
	KUNIT_EXPECT_EQ(test, t->thread.fsbase, TEST_FS_BASE);
	KUNIT_EXPECT_EQ(test, do_arch_prctl_64(t, 0x1000, 0, &out), -EINVAL);
	wrmsr(MSR_FS_BASE, saved);
	kfree(t);
}

static void sys_clocks_move_forward(struct kunit *test)
{
	struct timespec64 m1, m2, r, res;

	KUNIT_ASSERT_EQ(test, do_clock_gettime(CLOCK_MONOTONIC, &m1), 0);
	KUNIT_ASSERT_EQ(test, do_clock_gettime(CLOCK_REALTIME, &r), 0);
	KUNIT_ASSERT_EQ(test, do_clock_gettime(CLOCK_MONOTONIC, &m2), 0);
	KUNIT_EXPECT_TRUE(test, m2.tv_sec > m1.tv_sec ||
			  (m2.tv_sec == m1.tv_sec && m2.tv_nsec >= m1.tv_nsec));
	KUNIT_EXPECT_LT(test, m1.tv_nsec, 1000000000);
	KUNIT_EXPECT_GT(test, r.tv_sec, DATE_2020);     /* QEMU's RTC holds the host's date */
	KUNIT_EXPECT_EQ(test, do_clock_gettime(42, &r), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_clock_getres(CLOCK_MONOTONIC, &res), 0);
	KUNIT_EXPECT_EQ(test, res.tv_nsec, 1);
	KUNIT_EXPECT_EQ(test, do_clock_getres(CLOCK_MONOTONIC_COARSE, &res), 0);
	KUNIT_EXPECT_EQ(test, res.tv_nsec, TICK_NS);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_clock_gettime, CLOCK_MONOTONIC, 0, 0, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_clock_getres, CLOCK_MONOTONIC, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_clock_getres, 42, 0, 0, 0), -EINVAL);
	KUNIT_EXPECT_GT(test, test_syscall(__NR_time, 0, 0, 0, 0), DATE_2020);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_gettimeofday, 0, 0, 0, 0), 0);
}

static void sys_random_bytes_vary(struct kunit *test)
{
	u64 a[4] = { 0 }, b[4] = { 0 };

	get_random_bytes(a, sizeof(a));
	get_random_bytes(b, sizeof(b));
	kunit_info(test, "source: %s", random_uses_rdrand() ? "RDRAND" : "TSC-seeded splitmix64");
	KUNIT_EXPECT_NE(test, memcmp(a, b, sizeof(a)), 0);
	KUNIT_EXPECT_TRUE(test, a[0] || a[1] || a[2] || a[3]);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getrandom, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getrandom, 0, 16, 0x8, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getrandom, 0, 16, GRND_INSECURE | GRND_RANDOM, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getrandom, (unsigned long)a, 16, 0, 0), -EFAULT);
}

static void sys_reboot_needs_both_magics(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_reboot, 0, LINUX_REBOOT_MAGIC2,
					   LINUX_REBOOT_CMD_POWER_OFF, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_reboot, LINUX_REBOOT_MAGIC1, 1234,
					   LINUX_REBOOT_CMD_RESTART, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
					   LINUX_REBOOT_CMD_CAD_ON, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2C,
					   0x12345678, 0), -EINVAL);
}

static void sys_affinity_and_misc_args(struct kunit *test)
{
	unsigned long mask;

	KUNIT_EXPECT_EQ(test, test_syscall(__NR_sched_getaffinity, 0, 4, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_sched_getaffinity, 0, 12, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_sched_getaffinity, 99999, 8,
					   (unsigned long)&mask, 0), -ESRCH);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_set_robust_list, 0, 23, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_rseq, 0, 32, 0, 0), -ENOSYS);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getcpu, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_getcpu, (unsigned long)&mask, 0, 0, 0), -EFAULT);
}

static void sys_prctl_options(struct kunit *test)
{
	char name[16];

	KUNIT_EXPECT_EQ(test, test_syscall(__NR_prctl, 3 /* PR_GET_DUMPABLE */, 0, 0, 0), 1);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_prctl, 4 /* PR_SET_DUMPABLE */, 5, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_prctl, 39 /* PR_GET_NO_NEW_PRIVS */, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_prctl, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, test_syscall(__NR_prctl, 9999, 0, 0, 0), -EINVAL);
	if (current)
		KUNIT_EXPECT_EQ(test, test_syscall(__NR_prctl, 16 /* PR_GET_NAME */,
						   (unsigned long)name, 0, 0), -EFAULT);
}

static struct kunit_case sys_cases[] = {
	KUNIT_CASE(sys_uname_reports_linux),
	KUNIT_CASE(sys_uname_bad_pointer_is_efault),
	KUNIT_CASE(sys_sysinfo_counts_pages),
	KUNIT_CASE(sys_everyone_is_root),
	KUNIT_CASE(sys_rlimit_defaults_are_linux),
	KUNIT_CASE(sys_prlimit_checks_and_sets),
	KUNIT_CASE(sys_arch_prctl_sets_fs_base),
	KUNIT_CASE(sys_clocks_move_forward),
	KUNIT_CASE(sys_random_bytes_vary),
	KUNIT_CASE(sys_reboot_needs_both_magics),
	KUNIT_CASE(sys_affinity_and_misc_args),
	KUNIT_CASE(sys_prctl_options),
	{}
};

static struct kunit_suite sys_suite = { .name = "sys", .test_cases = sys_cases };
kunit_test_suite(sys_suite);
