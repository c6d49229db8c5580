/*
 * Interrupts: vectors, handlers and counts (Linux's include/linux/interrupt.h
 * and arch/x86/include/asm/irq_vectors.h).
 *
 *   0x00-0x1f   CPU exceptions
 *   0x20-0x2f   the 8259 PICs, remapped here and masked (only their spurious IRQs come)
 *   0x30-0x3f   ISA IRQs 0-15 through the IOAPIC: vector 0x30 + irq, as Linux
 *   0xec        the local APIC timer
 *   0xf8        stop this CPU (panic, poweroff)
 *   0xfb        call a function on this CPU (smp_call_function_single)
 *   0xfc        call a function on many CPUs (smp_call_function)
 *   0xfd        reschedule: wake an idle CPU to look for work
 *   0xfe, 0xff  local APIC error, spurious
 */
#ifndef ATLAS_KERNEL_IRQ_H
#define ATLAS_KERNEL_IRQ_H

#include <asm/ptrace.h>
#include <kernel/preempt.h>
#include <kernel/types.h>

#define FIRST_EXTERNAL_VECTOR 0x20
#define PIC_VECTOR_BASE       0x20
#define ISA_IRQ_VECTOR(irq)   (0x30 + (irq))
#define NR_ISA_IRQS           16
#define LOCAL_TIMER_VECTOR    0xec
#define REBOOT_VECTOR         0xf8
#define CALL_FUNCTION_SINGLE_VECTOR 0xfb
#define CALL_FUNCTION_VECTOR  0xfc
#define RESCHEDULE_VECTOR     0xfd
#define ERROR_APIC_VECTOR     0xfe
#define SPURIOUS_APIC_VECTOR  0xff
#define NR_VECTORS            256

enum irqreturn { IRQ_NONE, IRQ_HANDLED };
typedef enum irqreturn (*irq_handler_t)(int irq, void *dev);

/*
 * Route ISA IRQ irq (0-15) through the IOAPIC (honouring the MADT's overrides)
 * to vector 0x30 + irq, and call handler(irq, dev) on each interrupt.  Returns
 * 0, -EINVAL (bad irq), -EBUSY (taken) or -ENODEV (no IOAPIC).
 */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name, void *dev);
void free_irq(unsigned int irq, void *dev);

/* A handler for a local APIC vector (timer, error): no IOAPIC routing. */
int request_vector(unsigned int vector, irq_handler_t handler, const char *name, void *dev);

/* Interrupts taken on this vector since boot, on every CPU. */
unsigned long irq_vector_count(unsigned int vector);

/*
 * The handlers of the system vectors (Linux's sysvec_*), set in the
 * descriptor table from the start: kernel/smp.c's IPIs, kernel/tick.c's tick.
 */
enum irqreturn smp_call_function_interrupt(int irq, void *dev);
enum irqreturn smp_reboot_interrupt(int irq, void *dev);
enum irqreturn local_apic_timer_interrupt(int irq, void *dev);

/* Interrupts taken on this vector by cpu since boot. */
unsigned long irq_vector_count_cpu(unsigned int vector, unsigned int cpu);

/* Called from do_exception() for vectors >= 0x20. */
void do_irq(struct pt_regs *regs);

/* Whether interrupts are set up and enabled (the serial driver waits for this). */
extern bool irqs_ready;


#endif
