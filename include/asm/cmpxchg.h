/*
 * A double-word compare-and-exchange on this CPU's copy of a per-CPU pair
 * (Linux's this_cpu_cmpxchg_double, arch/x86/include/asm/percpu.h):
 *
 *   cmpxchg16b %gs:pair    if pair == {o1, o2}: pair = {n1, n2}, ZF = 1
 *
 * One instruction, so an interrupt on this CPU happens before or after it,
 * never inside; no lock prefix, because no other CPU writes this CPU's copy
 * (Linux omits it too).  The pair must be 16-byte aligned.  CPUs without
 * CMPXCHG16B (CPUID.1:ECX.CX16, bit 13) take this_cpu_cmpxchg_double_irq,
 * the same with this CPU's interrupts off around a compare and two stores
 * (Linux's this_cpu_cmpxchg16b_emu).
 *
 * SLUB's fast paths are built on it; Atlas's are not (mm/slab.h says why,
 * bench/percpu.c measures it), but the primitive is here for comparison.
 */
#ifndef ATLAS_ASM_CMPXCHG_H
#define ATLAS_ASM_CMPXCHG_H

#include <kernel/irqflags.h>
#include <kernel/percpu.h>
#include <kernel/types.h>

#define X86_FEATURE_CX16_ECX (1U << 13)         /* CPUID.1:ECX: CMPXCHG16B */

/* The two words at p (a per-CPU address; this CPU's copy), 16-byte aligned. */
struct cmpxchg_double_pair {
	unsigned long w0, w1;
} __aligned(16);

/* The emulation: this CPU's interrupts off around compare and store. */
static __always_inline bool this_cpu_cmpxchg_double_irq(void *pcp, unsigned long o1,
							unsigned long o2, unsigned long n1,
							unsigned long n2)
{
	struct cmpxchg_double_pair *p = this_cpu_ptr((struct cmpxchg_double_pair *)pcp);
	unsigned long flags;
	bool ok;

	local_irq_save(flags);
	ok = p->w0 == o1 && p->w1 == o2;
	if (ok) {
		p->w0 = n1;
		p->w1 = n2;
	}
	local_irq_restore(flags);
	return ok;
}

#ifdef ATLAS_HOST
/* The host tests: one thread, no interrupts, no GS base. */
#define this_cpu_cmpxchg_double(pcp, o1, o2, n1, n2) \
	this_cpu_cmpxchg_double_irq((pcp), (o1), (o2), (n1), (n2))
#else
static __always_inline bool this_cpu_cmpxchg_double(void *pcp, unsigned long o1,
						    unsigned long o2, unsigned long n1,
						    unsigned long n2)
{
	struct cmpxchg_double_pair *p = pcp;
	bool ok;

	__asm__ volatile("cmpxchg16b %%gs:%[p]"
			 : "=@ccz"(ok), [p] "+m"(*p), "+a"(o1), "+d"(o2)
			 : "b"(n1), "c"(n2)
			 : "memory");
	return ok;
}
#endif

#endif
