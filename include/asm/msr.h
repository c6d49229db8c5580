/* Model-specific registers (Intel SDM vol 4). */
#ifndef ATLAS_ASM_MSR_H
#define ATLAS_ASM_MSR_H

#include <kernel/types.h>

#define MSR_EFER        0xc0000080
#define EFER_LME        (1UL << 8)    /* long mode enable */
#define EFER_NXE        (1UL << 11)   /* no-execute enable */
#define MSR_IA32_CR_PAT 0x277         /* the page attribute table (mm/ioremap.c) */
#define MSR_FS_BASE     0xc0000100
#define MSR_GS_BASE     0xc0000101    /* this CPU's per-CPU offset (kernel/percpu.h) */
#define MSR_KERNEL_GS_BASE 0xc0000102 /* swapped in by swapgs */

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

#endif
