/*
 * Interrupts: vectors, handlers and counts (Linux's include/linux/interrupt.h
 * and arch/x86/include/asm/irq_vectors.h).
 *
 *   0x00-0x1f   CPU exceptions
 *   0x20-0x2f   the 8259 PICs, remapped here and masked (only their spurious IRQs come)
 *   0x30-0x3f   ISA IRQs 0-15 through the IOAPIC: vector 0x30 + irq, as Linux
 *   0x40-0xdf   given out as irqs are set up: GSIs from 16 (PCI INTx) when
 *               requested, MSIs when allocated (kernel/irq.c's vector_irq[])
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
 * Linux's irq numbers, as x86 gives them: 0-15 the ISA IRQs, then one per
 * IOAPIC pin (the GSI: a PCI INTx on q35's GSI 20 is IRQ 20), then the
 * MSIs, numbered from the first number after the last GSI (24 on QEMU)
 * as they are allocated.  The ISA IRQs keep vector 0x30 + irq; every other
 * irq gets a free vector from FIRST_DYNAMIC_VECTOR up when requested.
 */
#define NR_IRQS               64
#define FIRST_DYNAMIC_VECTOR  0x40
#define LAST_DYNAMIC_VECTOR   0xdf

/* request_irq's flags (Linux's include/linux/interrupt.h) */
#define IRQF_SHARED           0x00000080      /* other handlers may share the line */

/*
 * Call handler(irq, dev) on each interrupt of irq (Linux's request_irq).
 * An ISA IRQ is routed through the IOAPIC as the MADT says (edge unless an
 * override says level); a GSI from 16 up as irq_setup_gsi() set it up (PCI:
 * level); an MSI's irq as irq_alloc_msi() made it.  With IRQF_SHARED,
 * several handlers may share one irq if each asks for it; each returns
 * IRQ_NONE when the interrupt was not its device's.  The line is unmasked
 * when the first handler is added.  Returns 0, -EINVAL (bad irq, no
 * handler, or an irq never set up), -EBUSY (taken, and not shared both
 * ways) or -ENODEV (no IOAPIC), -ENOSPC (no free vector).  name is kept,
 * not copied; it shows in /proc/interrupts.
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev);

/*
 * Remove the handler that request_irq added for dev, and wait for it to
 * finish on every CPU (Linux's synchronize_irq); the last one masks the
 * line.  A free of a handler that is not there is reported once, as Linux's
 * "Trying to free already-free IRQ %d" warning.
 */
void free_irq(unsigned int irq, void *dev);

/* Mask / unmask irq's line without removing its handlers (Linux's disable_irq, enable_irq). */
void disable_irq(unsigned int irq);
void enable_irq(unsigned int irq);

/*
 * Make GSI gsi (16 and up: a PCI INTx line) an irq: trigger and polarity
 * are recorded for request_irq, nothing is unmasked.  Returns the irq
 * number (the GSI itself, as Linux's x86), or -EINVAL/-ENODEV.
 */
int irq_setup_gsi(u32 gsi, bool level, bool active_low);

/*
 * A new irq for one MSI message (Linux's msi domain allocation): the
 * number (from the first after the last GSI), its vector and the APIC ID
 * the message must name, for the device's address and data registers.
 * hwirq is what /proc/interrupts shows after "PCI-MSI" (Linux's
 * pci_msi_domain_calc_hwirq: bus << 19 | devfn << 11 | index).  Returns
 * the irq or -ENOSPC.  irq_free_msi gives it back (after free_irq).
 */
int irq_alloc_msi(unsigned long hwirq, u8 *vector, u32 *apicid);
void irq_free_msi(unsigned int irq);

/* The vector irq is routed to now, or -ENOENT (none assigned: a GSI not requested). */
int irq_vector_of(unsigned int irq);

/* Interrupts irq raised since boot, summed over every CPU (Linux's kstat_irqs_usr). */
unsigned long kstat_irqs(unsigned int irq);

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
