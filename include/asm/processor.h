/* CPU instructions and control registers (Intel SDM vol 3A §2.5, vol 2 CPUID). */
#ifndef ATLAS_ASM_PROCESSOR_H
#define ATLAS_ASM_PROCESSOR_H

#include <kernel/irqflags.h>
#include <kernel/types.h>

#define X86_CR0_WP   (1UL << 16)
#define X86_CR0_NW   (1UL << 29)     /* not write-through (with CD) */
#define X86_CR0_CD   (1UL << 30)     /* cache disable */
#define X86_CR0_PG   (1UL << 31)
#define X86_CR4_PAE  (1UL << 5)
#define X86_CR4_PGE  (1UL << 7)

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(sub));
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	cpuid_count(leaf, 0, a, b, c, d);
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#define DEFINE_READ_CR(n) \
	static inline unsigned long read_cr##n(void) \
	{ unsigned long v; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; }
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)
#undef DEFINE_READ_CR

static inline void write_cr0(unsigned long v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline void write_cr4(unsigned long v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void write_cr3(unsigned long v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}


static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

static inline void halt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

#endif
