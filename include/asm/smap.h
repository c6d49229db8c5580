/*
 * SMEP and SMAP (Intel SDM vol 3A §4.6.1): with CR4.SMEP the kernel cannot
 * execute a user page; with CR4.SMAP it cannot read or write one either,
 * unless EFLAGS.AC is set.  The uaccess functions (mm/uaccess.c) set AC with
 * STAC around their copies and clear it with CLAC; any other kernel access
 * to user memory faults and oopses, as in Linux.  paging_init turns each on
 * where CPUID leaf 7 says the CPU has it; the APs copy the boot CPU's CR4.
 */
#ifndef ATLAS_ASM_SMAP_H
#define ATLAS_ASM_SMAP_H

#include <kernel/types.h>

#define X86_CR4_SMEP    (1UL << 20)
#define X86_CR4_SMAP    (1UL << 21)
#define X86_EFLAGS_AC   (1UL << 18)     /* alignment check; with SMAP: user access allowed */

#define X86_FEATURE_SMEP_EBX (1U << 7)  /* CPUID.(EAX=7,ECX=0):EBX */
#define X86_FEATURE_SMAP_EBX (1U << 20)

/* Whether CR4.SMEP / CR4.SMAP are on (set once at boot, before the APs start). */
extern bool cpu_has_smep, cpu_has_smap;

/* Open / close user access (no-ops without SMAP: the instructions would be #UD). */
static inline void stac(void)
{
	if (cpu_has_smap)
		__asm__ volatile("stac" ::: "memory");
}

static inline void clac(void)
{
	if (cpu_has_smap)
		__asm__ volatile("clac" ::: "memory");
}

#endif
