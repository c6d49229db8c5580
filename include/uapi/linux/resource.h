/* Resource limits (Linux's include/uapi/linux/resource.h and asm-generic/resource.h). */
#ifndef _UAPI_LINUX_RESOURCE_H
#define _UAPI_LINUX_RESOURCE_H

#include <kernel/types.h>

#define RLIMIT_CPU              0       /* CPU time in s */
#define RLIMIT_FSIZE            1       /* maximum file size */
#define RLIMIT_DATA             2       /* max data size */
#define RLIMIT_STACK            3       /* max stack size */
#define RLIMIT_CORE             4       /* max core file size */
#define RLIMIT_RSS              5       /* max resident set size */
#define RLIMIT_NPROC            6       /* max number of processes */
#define RLIMIT_NOFILE           7       /* max number of open files */
#define RLIMIT_MEMLOCK          8       /* max locked-in-memory address space */
#define RLIMIT_AS               9       /* address space limit */
#define RLIMIT_LOCKS            10      /* maximum file locks held */
#define RLIMIT_SIGPENDING       11      /* max number of pending signals */
#define RLIMIT_MSGQUEUE         12      /* maximum bytes in POSIX mqueues */
#define RLIMIT_NICE             13      /* max nice prio allowed to raise to */
#define RLIMIT_RTPRIO           14      /* maximum realtime priority */
#define RLIMIT_RTTIME           15      /* timeout for RT tasks in us */
#define RLIM_NLIMITS            16

#define RLIM_INFINITY           (~0UL)
#define RLIM64_INFINITY         (~0ULL)

struct rlimit {
	unsigned long rlim_cur;         /* the soft limit: what is enforced */
	unsigned long rlim_max;         /* the hard limit: the ceiling for rlim_cur */
};

struct rlimit64 {
	u64 rlim_cur;
	u64 rlim_max;
};

#endif
