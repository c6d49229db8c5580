/*
 * The small system calls (Linux's kernel/sys.c, kernel/uid16.c's modern
 * forms, arch/x86/kernel/process_64.c's arch_prctl, kernel/reboot.c):
 * uname, sysinfo, the user and group ids, rlimits, umask, getcpu,
 * sched_getaffinity, arch_prctl, set_tid_address, set_robust_list, rseq and
 * reboot.  The time calls are in kernel/timekeeping.c, getrandom in
 * kernel/random.c.
 *
 * What uname says.  sysname is "Linux": Atlas runs Linux's binaries through
 * Linux's system call ABI, and sysname names that ABI, not the kernel's
 * author; every kernel that runs Linux binaries reports it (WSL 1, gVisor,
 * FreeBSD's linuxulator), because programs and scripts branch on `uname -s`
 * (busybox's own scripts, configure, Python's sys.platform, which libc's
 * build-time checks assume).  Neither musl nor glibc 2.36 reads it at run
 * time, so this is about programs, not libc.  The release is "6.1.0-atlas":
 * a Linux version number first, because programs compare `uname -r` to
 * decide which features they may use (and older glibc refused to start,
 * "FATAL: kernel too old", if the number was below its minimum), and 6.1 is
 * the Linux whose ABI and /proc formats Atlas follows (the reference VM's);
 * "-atlas" is the local-version suffix, where Debian puts "-56-amd64".
 * version follows Debian's shape, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2
 * (2026-11-16)": "#1 SMP PREEMPT Atlas 0.1 (<date this file was built>)";
 * Atlas's scheduler preempts (the LAPIC tick), hence PREEMPT.  nodename is
 * "(none)", as Linux's before anyone sets a host name.
 *
 * Everyone is root: every id is 0, setuid/setgid accept only 0 (a program
 * that drops privileges must not believe it did), there are no
 * supplementary groups.
 */
#include <asm/msr.h>
#include <errno.h>
#include <kernel/cpumask.h>
#include <kernel/init.h>
#include <kernel/irqflags.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/sys.h>
#include <kernel/syscalls.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <asm/processor.h>
#include <fs/fs.h>
#include <mm/mm.h>
#include <mm/page.h>
#include <mm/vmstat.h>
#include <uapi/asm/prctl.h>
#include <uapi/linux/reboot.h>
#include <uapi/asm/signal.h>

#define ROOT_ID         0
#define INIT_UMASK      0022            /* Linux's init_fs.umask */
#define S_IRWXUGO       0777
#define NR_OPEN         1048576         /* Linux's sysctl_nr_open default: 1024 * 1024 */
#define MLOCK_LIMIT     (8UL << 20)     /* Linux 6.1's RLIMIT_MEMLOCK: 8 MiB */
#define STACK_LIMIT     (8UL << 20)     /* _STK_LIM: 8 MiB */
#define INR_OPEN_CUR    1024            /* RLIMIT_NOFILE soft */
#define INR_OPEN_MAX    4096            /* RLIMIT_NOFILE hard */
#define MQ_BYTES_MAX    819200          /* RLIMIT_MSGQUEUE */
#define ROBUST_LIST_HEAD_SIZE 24        /* struct robust_list_head on x86-64 */

/* ---- uname ---- */

/* __DATE__ ("Dec  2 2026", when this file was compiled) as "2026-12-02". */
static void build_date_iso(char out[11])
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *d = __DATE__;
	int mon = 1;

	for (int i = 0; i < 12; i++)
		if (!memcmp(d, months + 3 * i, 3))
			mon = i + 1;
	snprintf(out, 11, "%.4s-%02d-%c%c", d + 7, mon, d[4] == ' ' ? '0' : d[4], d[5]);
}

/* The names sethostname and setdomainname change (Linux's init_uts_ns). */
static DEFINE_SPINLOCK(uts_lock);
static char uts_nodename[__NEW_UTS_LEN + 1] = UTS_NODENAME;
static char uts_domainname[__NEW_UTS_LEN + 1] = UTS_DOMAINNAME;

void do_newuname(struct new_utsname *u)
{
	char date[11];
	unsigned long flags;

	memset(u, 0, sizeof(*u));
	build_date_iso(date);
	strscpy(u->sysname, UTS_SYSNAME, sizeof(u->sysname));
	spin_lock_irqsave(&uts_lock, flags);
	memcpy(u->nodename, uts_nodename, sizeof(u->nodename));
	memcpy(u->domainname, uts_domainname, sizeof(u->domainname));
	spin_unlock_irqrestore(&uts_lock, flags);
	strscpy(u->release, UTS_RELEASE, sizeof(u->release));
	snprintf(u->version, sizeof(u->version), "#1 SMP PREEMPT Atlas %s (%s)",
		 ATLAS_UTS_VERSION, date);
	strscpy(u->machine, UTS_MACHINE, sizeof(u->machine));
}

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u;

	do_newuname(&u);
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

/* Set a name of len bytes (not NUL-terminated, as Linux's): 0, -EINVAL if too long, -EFAULT. */
static long set_uts_name(char *dst, const char __user *name, int len)
{
	char tmp[__NEW_UTS_LEN + 1];
	unsigned long flags;

	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(tmp, name, len))
		return -EFAULT;
	tmp[len] = '\0';
	spin_lock_irqsave(&uts_lock, flags);
	memcpy(dst, tmp, len + 1);
	spin_unlock_irqrestore(&uts_lock, flags);
	return 0;
}

/* hostname NAME: uname -n and /proc/sys/kernel/hostname's value (root only: everyone). */
SYSCALL_DEFINE2(sethostname, char __user *, name, int, len)
{
	return set_uts_name(uts_nodename, name, len);
}

SYSCALL_DEFINE2(setdomainname, char __user *, name, int, len)
{
	return set_uts_name(uts_domainname, name, len);
}

/* ---- sysinfo ---- */

/* The tasks in the system, idle tasks aside (Linux's nr_threads). */
static unsigned int count_tasks(void)
{
	struct task_struct *p;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		n++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

void do_sysinfo(struct sysinfo *info)
{
	u64 now = local_clock();

	memset(info, 0, sizeof(*info));
	/* Linux rounds a started second up */
	info->uptime = (long)(now / NSEC_PER_SEC + (now % NSEC_PER_SEC ? 1 : 0));
	info->totalram = totalram_pages();
	info->freeram = nr_free_pages();
	info->sharedram = global_node_page_state(NR_SHMEM);     /* as Linux's si_meminfo */
	info->procs = (u16)count_tasks();
	info->mem_unit = PAGE_SIZE;
}

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo s;

	do_sysinfo(&s);
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

/* ---- ids: everyone is root ---- */

SYSCALL_DEFINE0(getuid) { return ROOT_ID; }
SYSCALL_DEFINE0(geteuid) { return ROOT_ID; }
SYSCALL_DEFINE0(getgid) { return ROOT_ID; }
SYSCALL_DEFINE0(getegid) { return ROOT_ID; }

/* Only root exists: becoming root again is allowed, anything else is refused. */
SYSCALL_DEFINE1(setuid, unsigned int, uid) { return uid == ROOT_ID ? 0 : -EPERM; }
SYSCALL_DEFINE1(setgid, unsigned int, gid) { return gid == ROOT_ID ? 0 : -EPERM; }

/* -1 means "unchanged" in the setres* calls (Linux's (uid_t)-1). */
static bool id_ok(unsigned int id)
{
	return id == ROOT_ID || id == (unsigned int)-1;
}

SYSCALL_DEFINE3(setresuid, unsigned int, r, unsigned int, e, unsigned int, s)
{
	return id_ok(r) && id_ok(e) && id_ok(s) ? 0 : -EPERM;
}

SYSCALL_DEFINE3(setresgid, unsigned int, r, unsigned int, e, unsigned int, s)
{
	return id_ok(r) && id_ok(e) && id_ok(s) ? 0 : -EPERM;
}

static long put_three_ids(unsigned int __user *a, unsigned int __user *b,
			  unsigned int __user *c)
{
	if (put_user(ROOT_ID, a) || put_user(ROOT_ID, b) || put_user(ROOT_ID, c))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, unsigned int __user *, r, unsigned int __user *, e,
		unsigned int __user *, s)
{
	return put_three_ids(r, e, s);
}

SYSCALL_DEFINE3(getresgid, unsigned int __user *, r, unsigned int __user *, e,
		unsigned int __user *, s)
{
	return put_three_ids(r, e, s);
}

/* No supplementary groups: the count is 0 whatever the buffer (Linux: -EINVAL if size < 0). */
SYSCALL_DEFINE2(getgroups, int, size, unsigned int __user *, list)
{
	return size < 0 ? -EINVAL : 0;
}

/* ---- umask (Linux keeps it in fs_struct) ---- */

SYSCALL_DEFINE1(umask, int, mask)
{
	struct task_struct *t = current;
	unsigned int old;

	if (!t || !t->fs)
		return INIT_UMASK;
	old = __atomic_exchange_n(&t->fs->umask, (unsigned int)mask & S_IRWXUGO,
				  __ATOMIC_RELAXED);
	return old;
}

/* ---- rlimits ---- */

void rlimit_init_defaults(struct rlimit rlim[RLIM_NLIMITS])
{
	/* Linux's max_threads / 2 for NPROC and SIGPENDING: RAM / 8 stacks, halved */
	unsigned long threads = totalram_pages() / (8 * THREAD_SIZE / PAGE_SIZE) / 2;

	for (int i = 0; i < RLIM_NLIMITS; i++)
		rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	rlim[RLIMIT_STACK] = (struct rlimit){ STACK_LIMIT, RLIM_INFINITY };
	rlim[RLIMIT_CORE] = (struct rlimit){ 0, RLIM_INFINITY };
	rlim[RLIMIT_NPROC] = (struct rlimit){ threads, threads };
	rlim[RLIMIT_NOFILE] = (struct rlimit){ INR_OPEN_CUR, INR_OPEN_MAX };
	rlim[RLIMIT_MEMLOCK] = (struct rlimit){ MLOCK_LIMIT, MLOCK_LIMIT };
	rlim[RLIMIT_SIGPENDING] = (struct rlimit){ threads, threads };
	rlim[RLIMIT_MSGQUEUE] = (struct rlimit){ MQ_BYTES_MAX, MQ_BYTES_MAX };
	rlim[RLIMIT_NICE] = (struct rlimit){ 0, 0 };
	rlim[RLIMIT_RTPRIO] = (struct rlimit){ 0, 0 };
}

int do_prlimit(struct task_struct *t, unsigned int resource,
	       const struct rlimit *new_rlim, struct rlimit *old_rlim)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new_rlim) {
		if (new_rlim->rlim_cur > new_rlim->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new_rlim->rlim_max > NR_OPEN)
			return -EPERM;
	}
	if (old_rlim)
		*old_rlim = t->rlim[resource];
	if (new_rlim)
		t->rlim[resource] = *new_rlim;  /* root may raise the hard limit too */
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit __user *, rlim)
{
	struct rlimit r;
	int ret = do_prlimit(current, resource, NULL, &r);

	if (ret)
		return ret;
	return copy_to_user(rlim, &r, sizeof(r)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, struct rlimit __user *, rlim)
{
	struct rlimit r;

	if (copy_from_user(&r, rlim, sizeof(r)))
		return -EFAULT;
	return do_prlimit(current, resource, &r, NULL);
}

/*
 * The task a pid names for prlimit64 and sched_getaffinity (0 is the caller),
 * with a reference (put_task_struct it), or NULL: it may be reaped meanwhile.
 */
static struct task_struct *task_by_pid_or_self(int pid)
{
	if (pid == 0 || (current && pid == current->pid)) {
		get_task_struct(current);
		return current;
	}
	return pid < 0 ? NULL : find_get_task_by_vpid(pid);
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource,
		const struct rlimit64 __user *, new_rlim, struct rlimit64 __user *, old_rlim)
{
	struct rlimit64 n64 = { 0, 0 }, o64;
	struct rlimit n, o;
	struct task_struct *t = task_by_pid_or_self(pid);
	int ret;

	if (!t)
		return -ESRCH;
	if (new_rlim && copy_from_user(&n64, new_rlim, sizeof(n64))) {
		put_task_struct(t);
		return -EFAULT;
	}
	n = (struct rlimit){ n64.rlim_cur, n64.rlim_max };     /* 64-bit: same width */
	ret = do_prlimit(t, resource, new_rlim ? &n : NULL, old_rlim ? &o : NULL);
	put_task_struct(t);
	if (ret || !old_rlim)
		return ret;
	o64 = (struct rlimit64){ o.rlim_cur, o.rlim_max };
	return copy_to_user(old_rlim, &o64, sizeof(o64)) ? -EFAULT : 0;
}

/* ---- CPUs ---- */

/* getcpu(cpu, node, unused): the CPU the caller runs on (it may move at once), node 0. */
SYSCALL_DEFINE3(getcpu, unsigned int __user *, cpup, unsigned int __user *, nodep,
		void __user *, unused)
{
	if (cpup && put_user(smp_processor_id(), cpup))
		return -EFAULT;
	if (nodep && put_user(0U, nodep))
		return -EFAULT;
	return 0;
}

/*
 * sched_getaffinity(pid, len, mask): every online CPU (Atlas has no affinity).
 * Linux's rules: len must hold nr_cpu_ids bits and be a multiple of a long;
 * returns the bytes written (one long: NR_CPUS is at most 64).
 */
SYSCALL_DEFINE3(sched_getaffinity, int, pid, unsigned int, len,
		unsigned long __user *, user_mask_ptr)
{
	unsigned long mask = cpu_online_mask->bits[0];

	if (len * 8 < nr_cpu_ids || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	struct task_struct *t = task_by_pid_or_self(pid);

	if (!t)
		return -ESRCH;
	put_task_struct(t);             /* every task may run on every online CPU */
	if (copy_to_user(user_mask_ptr, &mask, sizeof(mask)))
		return -EFAULT;
	return sizeof(mask);
}

/* ---- thread setup: FS/GS bases, tid address, robust futexes ---- */

long do_arch_prctl_64(struct task_struct *t, int option, unsigned long arg2,
		      unsigned long *out)
{
	switch (option) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		/*
		 * The field first, then the MSR: if the task is switched out in
		 * between, the scheduler's switch loads the MSR from the field.
		 * In the kernel the user's GS base waits in KERNEL_GS_BASE
		 * (swapgs puts it back on the way out).
		 */
		if (option == ARCH_SET_FS) {
			WRITE_ONCE(t->thread.fsbase, arg2);
			wrmsr(MSR_FS_BASE, arg2);
		} else {
			WRITE_ONCE(t->thread.gsbase, arg2);
			wrmsr(MSR_KERNEL_GS_BASE, arg2);
		}
		return 0;
	case ARCH_GET_FS:
		*out = t->thread.fsbase;
		return 0;
	case ARCH_GET_GS:
		*out = t->thread.gsbase;
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	unsigned long val = 0;
	long ret = do_arch_prctl_64(current, option, arg2, &val);

	if (ret || (option != ARCH_GET_FS && option != ARCH_GET_GS))
		return ret;
	return put_user(val, (unsigned long __user *)arg2) ? -EFAULT : 0;
}

/* set_tid_address(tidptr): remembered for exit, which clears the int there (Linux also wakes futex waiters). */
SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

/* Remembered, not walked: Atlas has no futexes yet, so nothing waits on the list. */
SYSCALL_DEFINE2(set_robust_list, void __user *, head, size_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

/* Restartable sequences are not built in, as Linux without CONFIG_RSEQ: glibc goes on. */
SYSCALL_DEFINE4(rseq, void __user *, rseq, u32, rseq_len, int, flags, u32, sig)
{
	return -ENOSYS;
}

/* ---- prctl: the options static binaries ask for ---- */

#define PR_SET_PDEATHSIG        1
#define PR_GET_PDEATHSIG        2
#define PR_GET_DUMPABLE         3
#define PR_SET_DUMPABLE         4
#define PR_SET_NAME             15
#define PR_GET_NAME             16
#define PR_SET_CHILD_SUBREAPER  36
#define PR_GET_CHILD_SUBREAPER  37
#define PR_SET_NO_NEW_PRIVS     38
#define PR_GET_NO_NEW_PRIVS     39

/* The task's name (comm, 16 bytes with its NUL): busybox reads it at start-up. */
static long prctl_name(int option, char __user *uname)
{
	char comm[TASK_COMM_LEN];

	if (option == PR_GET_NAME)
		return copy_to_user(uname, current->comm, TASK_COMM_LEN) ? -EFAULT : 0;
	memset(comm, 0, sizeof(comm));
	if (strncpy_from_user(comm, uname, sizeof(comm) - 1) < 0)
		return -EFAULT;
	__set_task_comm(current, comm);
	return 0;
}

/*
 * prctl(option, ...): PR_SET_NAME/PR_GET_NAME, and the flags a program may
 * set or read whose Atlas value is fixed: dumpable (1), no_new_privs (0, and
 * setting it is accepted: Atlas has no privileges to drop), the parent-death
 * signal and child subreaper (accepted, not acted on; read back as 0).
 * Anything else is -EINVAL, as Linux's for an unknown option.
 */
SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3,
		unsigned long, arg4, unsigned long, arg5)
{
	switch (option) {
	case PR_SET_NAME:
	case PR_GET_NAME:
		return prctl_name(option, (char __user *)arg2);
	case PR_GET_DUMPABLE:
		return 1;
	case PR_SET_DUMPABLE:
		return arg2 <= 1 ? 0 : -EINVAL;
	case PR_SET_NO_NEW_PRIVS:
		return arg2 == 1 && !arg3 && !arg4 && !arg5 ? 0 : -EINVAL;
	case PR_GET_NO_NEW_PRIVS:
		return 0;
	case PR_SET_PDEATHSIG:
		return arg2 <= _NSIG ? 0 : -EINVAL;
	case PR_GET_PDEATHSIG:
	case PR_GET_CHILD_SUBREAPER:
		return put_user(0, (int __user *)arg2) ? -EFAULT : 0;
	case PR_SET_CHILD_SUBREAPER:
		return 0;
	default:
		return -EINVAL;
	}
}

/* ---- reboot ---- */

static __noreturn void machine_halt(void)
{
	pr_emerg("reboot: System halted\n");
	local_irq_disable();
	smp_send_stop();
	for (;;)
		halt();
}

/*
 * reboot(magic1, magic2, cmd, arg), Linux's rules: both magics must match
 * (else -EINVAL), then POWER_OFF, RESTART (and RESTART2), HALT act at once
 * (Linux syncs file systems first; RAM file systems need nothing), CAD_ON/OFF
 * are accepted, anything else is -EINVAL.  busybox's poweroff signals init
 * first; `poweroff -f` calls this directly.
 */
SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd, void __user *, arg)
{
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
		machine_power_off();
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		machine_restart();
	case LINUX_REBOOT_CMD_HALT:
		machine_halt();
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}
