/*
 * Switching this CPU's interrupts off and on (Linux's include/linux/irqflags.h).
 * local_irq_save(flags) is a macro, as in Linux: it stores RFLAGS in flags
 * and disables interrupts; local_irq_restore(flags) enables them again only
 * if they were on.  These guard against this CPU's own interrupt handlers,
 * never against another CPU: that takes a lock (kernel/spinlock.h).
 */
#ifndef ATLAS_KERNEL_IRQFLAGS_H
#define ATLAS_KERNEL_IRQFLAGS_H

#include <kernel/types.h>

#define X86_EFLAGS_IF (1UL << 9)     /* interrupts enabled */

#ifdef ATLAS_HOST
/* The host unit tests run in user mode, one thread, without interrupts. */
static inline unsigned long arch_local_save_flags(void) { return X86_EFLAGS_IF; }
static inline void local_irq_disable(void) { }
static inline void local_irq_enable(void) { }
#else

static inline unsigned long arch_local_save_flags(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

static inline void local_irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}
#endif

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long f = arch_local_save_flags();

	local_irq_disable();
	return f;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline bool irqs_disabled_flags(unsigned long flags)
{
	return !(flags & X86_EFLAGS_IF);
}

static inline bool irqs_disabled(void)
{
	return irqs_disabled_flags(arch_local_save_flags());
}

#define local_irq_save(flags)    do { (flags) = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags) arch_local_irq_restore(flags)
#define local_save_flags(flags)  do { (flags) = arch_local_save_flags(); } while (0)

#endif
