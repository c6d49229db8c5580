/* sysinfo(2)'s structure (Linux's include/uapi/linux/sysinfo.h), x86-64: 112 bytes. */
#ifndef _UAPI_LINUX_SYSINFO_H
#define _UAPI_LINUX_SYSINFO_H

#include <kernel/types.h>

#define SI_LOAD_SHIFT 16                /* loads[] are fixed point, 1 << 16 = 1.0 */

struct sysinfo {
	long uptime;                    /* seconds since boot */
	unsigned long loads[3];         /* 1, 5 and 15 minute load averages */
	unsigned long totalram;         /* usable RAM, in mem_unit */
	unsigned long freeram;
	unsigned long sharedram;        /* shmem/tmpfs */
	unsigned long bufferram;        /* block device buffers */
	unsigned long totalswap;
	unsigned long freeswap;
	u16 procs;                      /* tasks */
	u16 pad;
	unsigned long totalhigh;        /* highmem: always 0 on x86-64 */
	unsigned long freehigh;
	u32 mem_unit;                   /* bytes per unit of the sizes above */
	char _f[20 - 2 * sizeof(unsigned long) - sizeof(u32)];  /* padding, as Linux's */
};

#endif
