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

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT_ICW4 0x11     /* initialise, cascade mode, ICW4 follows */
#define ICW4_8086      0x01

void pic_init(void)
{
	outb(ICW1_INIT_ICW4, PIC1_CMD);
	outb(ICW1_INIT_ICW4, PIC2_CMD);
	outb(PIC_VECTOR_BASE, PIC1_DATA);       /* ICW2: master at 0x20 */
	outb(PIC_VECTOR_BASE + 8, PIC2_DATA);   /* slave at 0x28 */
	outb(1 << 2, PIC1_DATA);                /* ICW3: slave on the master's input 2 */
	outb(2, PIC2_DATA);                     /* ...its cascade identity */
	outb(ICW4_8086, PIC1_DATA);
	outb(ICW4_8086, PIC2_DATA);
	outb(0xff, PIC1_DATA);                  /* mask everything */
	outb(0xff, PIC2_DATA);
	pr_info("i8259: PICs remapped to vectors 0x20-0x2f, all inputs masked\n");
}
