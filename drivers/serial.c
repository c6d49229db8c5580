/*
 * 16550A UART driver for COM1, polled.
 *
 * Registers (offsets from the base port; National Semiconductor PC16550D
 * datasheet, "Register Summary"):
 *   0 RBR/THR  receive / transmit byte       (DLL when LCR.DLAB = 1)
 *   1 IER      interrupt enable              (DLM when LCR.DLAB = 1)
 *   2 IIR/FCR  interrupt id / FIFO control
 *   3 LCR      line control: word length, parity, stop bits, DLAB
 *   4 MCR      modem control: DTR, RTS, OUT2 (gates the IRQ line), loopback
 *   5 LSR      line status: data ready, transmitter empty
 *   7 SCR      scratch
 */
#include <asm/io.h>
#include <drivers/serial.h>
#include <errno.h>
#include <kernel/ioport.h>

#define UART_RX    0
#define UART_TX    0
#define UART_DLL   0
#define UART_IER   1
#define UART_DLM   1
#define UART_FCR   2
#define UART_LCR   3
#define UART_MCR   4
#define UART_LSR   5
#define UART_SCR   7

#define UART_LCR_DLAB   0x80    /* divisor latch access */
#define UART_LCR_8N1    0x03    /* 8 data bits, no parity, 1 stop bit */
#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR  0x06    /* clear both FIFOs */
#define UART_FCR_TRIG14 0xc0    /* receive interrupt at 14 bytes */
#define UART_MCR_DTR    0x01
#define UART_MCR_RTS    0x02
#define UART_MCR_OUT2   0x08
#define UART_LSR_DR     0x01    /* a received byte is waiting */
#define UART_LSR_THRE   0x20    /* transmit holding register empty */

#define UART_CLOCK      1843200 /* 1.8432 MHz crystal; baud = clock / 16 / divisor */
#define BAUD            115200

static bool serial_present;

int serial_init(void)
{
	u16 divisor = UART_CLOCK / 16 / BAUD;

	/* A UART keeps what we write to its scratch register; an empty bus reads 0xff. */
	outb(0x5a, COM1_BASE + UART_SCR);
	if (inb(COM1_BASE + UART_SCR) != 0x5a)
		return -ENODEV;

	outb(0, COM1_BASE + UART_IER);
	outb(UART_LCR_DLAB, COM1_BASE + UART_LCR);
	outb(divisor & 0xff, COM1_BASE + UART_DLL);
	outb(divisor >> 8, COM1_BASE + UART_DLM);
	outb(UART_LCR_8N1, COM1_BASE + UART_LCR);
	outb(UART_FCR_ENABLE | UART_FCR_CLEAR | UART_FCR_TRIG14, COM1_BASE + UART_FCR);
	outb(UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2, COM1_BASE + UART_MCR);
	serial_present = true;
	return 0;
}

int serial_claim_resources(void)
{
	if (!serial_present)
		return -ENODEV;
	return request_region(COM1_BASE, 8, "serial") ? 0 : -EBUSY;
}

static void serial_putc(char c)
{
	while (!(inb(COM1_BASE + UART_LSR) & UART_LSR_THRE))
		;
	outb(c, COM1_BASE + UART_TX);
}

void serial_write(const char *s, size_t n)
{
	if (!serial_present)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

int serial_getc(void)
{
	if (!serial_present || !(inb(COM1_BASE + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1_BASE + UART_RX);
}
