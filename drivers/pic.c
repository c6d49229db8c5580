/*
 * The two 8259A PICs of the PC (Intel 8259A datasheet): remapped away from the
 * CPU's exception vectors and masked, since Atlas routes interrupts through
 * the IOAPIC instead (Linux's legacy_pic "null" after the switch to APIC mode).
 * Remapping matters even though everything is masked: a spurious IRQ 7 or 15
 * can still arrive, and must not look like an exception.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <kernel/irq.h>
#include <kernel/printk.h>

/* Linux's names (arch/x86/include/asm/i8259.h); the ports are claimed as "pic1" and "pic2" */
#define PIC_MASTER_CMD  0x20
#define PIC_MASTER_IMR  0x21            /* interrupt mask register; ICW2-4 go here too */
#define PIC_SLAVE_CMD   0xa0
#define PIC_SLAVE_IMR   0xa1
#define PIC_CASCADE_IR  2               /* the slave hangs on the master's input 2 */
#define ICW1_INIT_ICW4  0x11            /* initialise, cascade mode, ICW4 follows */
#define ICW4_8086       0x01            /* 8086 mode, normal end of interrupt */
#define PIC_ALL_MASKED  0xff

void pic_init(void)
{
	outb(ICW1_INIT_ICW4, PIC_MASTER_CMD);
	outb(ICW1_INIT_ICW4, PIC_SLAVE_CMD);
	outb(PIC_VECTOR_BASE, PIC_MASTER_IMR);          /* ICW2: master at 0x20 */
	outb(PIC_VECTOR_BASE + 8, PIC_SLAVE_IMR);       /* slave at 0x28 */
	outb(1 << PIC_CASCADE_IR, PIC_MASTER_IMR);      /* ICW3: which input has the slave */
	outb(PIC_CASCADE_IR, PIC_SLAVE_IMR);            /* ...and the slave's identity */
	outb(ICW4_8086, PIC_MASTER_IMR);
	outb(ICW4_8086, PIC_SLAVE_IMR);
	outb(PIC_ALL_MASKED, PIC_MASTER_IMR);
	outb(PIC_ALL_MASKED, PIC_SLAVE_IMR);
	pr_info("i8259: PICs remapped to vectors 0x20-0x2f, all inputs masked\n");
}
