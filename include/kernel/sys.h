/*
 * The small system calls of kernel/sys.c (uname, sysinfo, the ids, rlimits,
 * umask, arch_prctl, reboot, ...): the kernel-side halves that fill kernel
 * structures, which the system calls copy out and the tests call directly.
 */
#ifndef ATLAS_KERNEL_SYS_H
#define ATLAS_KERNEL_SYS_H

#include <kernel/types.h>
#include <uapi/linux/resource.h>
#include <uapi/linux/sysinfo.h>
#include <uapi/linux/utsname.h>

struct task_struct;

/*
 * What uname(2) reports (decided in kernel/sys.c):
 *   Linux (none) 6.1.0-atlas #1 SMP PREEMPT Atlas 0.1 (2026-12-02) x86_64 GNU/Linux
 * as busybox's uname -a prints it (the last word is busybox's, not the kernel's).
 */
#define UTS_SYSNAME     "Linux"
#define UTS_NODENAME    "(none)"
#define UTS_RELEASE     "6.1.0-atlas"
#define UTS_MACHINE     "x86_64"
#define UTS_DOMAINNAME  "(none)"
#define ATLAS_UTS_VERSION "0.1"         /* Atlas's own version, in uname -v */

/*
 * Fill *u with the names above (nodename and domainname as sethostname and
 * setdomainname last set them) and the version "#1 SMP PREEMPT Atlas 0.1 (DATE)".
 */
void do_newuname(struct new_utsname *u);

/* Fill *info as sysinfo(2) does (Linux's do_sysinfo): sizes in pages (mem_unit = 4096). */
void do_sysinfo(struct sysinfo *info);

/* Linux's INIT_RLIMITS: what PID 1 and every kernel thread start with. */
void rlimit_init_defaults(struct rlimit rlim[RLIM_NLIMITS]);

/*
 * prlimit64's core (Linux's do_prlimit): read t's limit resource into *old_rlim
 * (if not NULL), then set it to *new_rlim (if not NULL).  0; -EINVAL for a bad
 * resource or cur > max; -EPERM raising RLIMIT_NOFILE above Linux's nr_open.
 */
int do_prlimit(struct task_struct *t, unsigned int resource,
	       const struct rlimit *new_rlim, struct rlimit *old_rlim);

/*
 * arch_prctl's core for a task that is current (Linux's do_arch_prctl_64):
 * ARCH_SET_FS/GS store the base in t->thread and load the MSR; ARCH_GET_FS/GS
 * return it through *out.  0, -EPERM for a base outside the user half,
 * -EINVAL for another code.
 */
long do_arch_prctl_64(struct task_struct *t, int option, unsigned long arg2,
		      unsigned long *out);

#endif
