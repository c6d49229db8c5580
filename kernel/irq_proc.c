/*
 * /proc/interrupts and the monitor's interrupts command (Linux's
 * kernel/irq/proc.c show_interrupts and arch/x86's arch_show_interrupts):
 * a column per online CPU, a line per requested irq, then the per-CPU rows
 * of the events Atlas has, in Linux's order.
 */
#include <asm/hardirq.h>
#include <fs/proc_fs.h>
#include <kernel/irq.h>
#include <kernel/monitor.h>
#include <kernel/smp.h>

#include "irq_internal.h"

#define IRQ_PREC 3              /* Linux's prec: the digits of the largest IRQ, at least 3 */

/* One per-CPU row below the IRQ lines: "LOC:        815        779   Local timer interrupts" */
static void show_cpustat_row(struct seq_file *m, const char *name, size_t offset, const char *desc)
{
	unsigned int cpu;

	seq_printf(m, "%*s: ", IRQ_PREC, name);
	for_each_online_cpu(cpu)
		seq_printf(m, "%10u ", *(unsigned int *)((char *)&per_cpu(irq_stat, cpu) + offset));
	seq_printf(m, "  %s\n", desc);
}

#define CPUSTAT_ROW(m, name, member, desc) \
	show_cpustat_row(m, name, __builtin_offsetof(irq_cpustat_t, member), desc)

/*
 * One irq as Linux's show_interrupts prints it: the counts, the chip name
 * (%8s), the hwirq (%*lu), the flow ("-%-8s"), the action names joined by ", ":
 *   "  4:          0        371   IO-APIC   4-edge      ttyS0"
 *   " 24:          1          0   PCI-MSI 65536-edge      edu"
 */
static void show_irq_line(struct seq_file *m, unsigned int irq)
{
	struct irq_line line;
	unsigned int cpu;

	if (!irq_describe(irq, &line))
		return;
	seq_printf(m, "%*u: ", IRQ_PREC, irq);
	for_each_online_cpu(cpu)
		seq_printf(m, "%10u ", kstat_irqs_cpu(irq, cpu));
	seq_printf(m, " %8s %*lu-%-8s  %s", line.chip, IRQ_PREC, line.hwirq,
		   line.level ? "fasteoi" : "edge", line.names[0]);
	for (unsigned int i = 1; i < line.nr_names; i++)
		seq_printf(m, ", %s", line.names[i]);
	seq_putc(m, '\n');
}

/* ERR is one count for the machine, as Linux's irq_err_count. */
static int interrupts_show(struct seq_file *m, void *v)
{
	unsigned int cpu;

	seq_printf(m, "%*s", IRQ_PREC + 8, "");
	for_each_online_cpu(cpu)
		seq_printf(m, "CPU%-8u", cpu);
	seq_putc(m, '\n');
	for (unsigned int irq = 0; irq < NR_IRQS; irq++)
		show_irq_line(m, irq);
	CPUSTAT_ROW(m, "NMI", __nmi_count, "Non-maskable interrupts");
	CPUSTAT_ROW(m, "LOC", apic_timer_irqs, "Local timer interrupts");
	CPUSTAT_ROW(m, "SPU", irq_spurious_count, "Spurious interrupts");
	CPUSTAT_ROW(m, "RES", irq_resched_count, "Rescheduling interrupts");
	CPUSTAT_ROW(m, "CAL", irq_call_count, "Function call interrupts");
	CPUSTAT_ROW(m, "TLB", irq_tlb_count, "TLB shootdowns");
	seq_printf(m, "%*s: %10lu\n", IRQ_PREC, "ERR", irq_vector_count(ERROR_APIC_VECTOR));
	return 0;
}
MONITOR_SHOW(interrupts, "interrupt counts per IRQ and CPU (/proc/interrupts)", interrupts_show);
PROC_SHOW("interrupts", interrupts_show);
