/*
 * serial suite: COM1's input path (drivers/serial.c) under a flood, with the
 * UART in loopback mode (MCR bit 4: what is transmitted is received), so the
 * test needs nothing from outside and no interrupt: it does the interrupt
 * handler's work itself with serial_rx_poll().
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <drivers/serial.h>
#include <kernel/kunit.h>

#define UART_TX         0
#define UART_MCR        4
#define UART_LSR        5
#define UART_MCR_LOOP   0x10
#define UART_LSR_DR     0x01
#define UART_LSR_THRE   0x20
#define RX_RING_SIZE    4096            /* drivers/serial.c's ring */
#define UART_FIFO_SIZE  16              /* the 16550's receive FIFO */

static char pattern(int i)
{
	return 'a' + i % 26;
}

static void loop_byte(char c)
{
	while (!(inb(COM1_BASE + UART_LSR) & UART_LSR_THRE))
		;
	outb(c, COM1_BASE + UART_TX);
}

/*
 * Fill the ring, then the FIFO, then one byte more: the ring's bytes and the
 * FIFO's must all come out in order (the driver stopped taking input instead
 * of dropping it), and only the byte the UART itself had no room for is
 * lost, and counted.
 */
static void serial_holds_input_back_when_the_ring_is_full(struct kunit *test)
{
	int total = RX_RING_SIZE + UART_FIFO_SIZE, first_wrong = -1, after;
	unsigned long flags, overruns;
	u8 mcr;

	local_irq_save(flags);
	/* look, don't take: a byte read here would be lost to the monitor */
	if (serial_rx_pending()) {
		local_irq_restore(flags);
		kunit_skip(test, "input is waiting on COM1");
	}
	mcr = inb(COM1_BASE + UART_MCR);
	outb(mcr | UART_MCR_LOOP, COM1_BASE + UART_MCR);
	overruns = serial_rx_overruns();
	for (int i = 0; i < total; i++) {
		loop_byte(pattern(i));
		serial_rx_poll();
	}
	loop_byte('!');                         /* the FIFO is full: this one is lost */
	serial_rx_poll();
	overruns = serial_rx_overruns() - overruns;
	for (int i = 0; i < total && first_wrong < 0; i++)
		if (serial_getc() != pattern(i))
			first_wrong = i;
	after = serial_getc();
	outb(mcr, COM1_BASE + UART_MCR);
	local_irq_restore(flags);

	KUNIT_EXPECT_EQ(test, first_wrong, -1);
	KUNIT_EXPECT_EQ(test, after, -1);
	KUNIT_EXPECT_EQ(test, overruns, 1);
}

static struct kunit_case serial_cases[] = {
	KUNIT_CASE(serial_holds_input_back_when_the_ring_is_full),
	{}
};

static struct kunit_suite serial_suite = {
	.name = "serial",
	.test_cases = serial_cases,
};
kunit_test_suite(serial_suite);
