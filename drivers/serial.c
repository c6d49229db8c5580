/*
 * 16550A UART driver for COM1.  Output is polled; input is polled until
 * interrupts are set up, then IRQ 4 (through the IOAPIC) fills a ring buffer
 * that serial_getc() reads, so a pasted burst is not lost while the monitor is
 * busy, and the idle monitor can halt the CPU instead of spinning.
 *
 * Flow control, as Linux's tty throttling: when the ring is full the driver
 * stops taking bytes (it masks the receive interrupt and leaves them in the
 * UART's FIFO); once the FIFO is full too, QEMU stops reading its input, so
 * a long script piped in waits in the pipe instead of being dropped.  The
 * reader unthrottles when RX_UNTHROTTLE bytes of the ring are free again.
 * A byte can still be lost in the UART itself (a real line that does not wait
 * for the FIFO): the line status register says so (LSR.OE), and
 * serial_rx_overruns() counts it.
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
#include <asm/processor.h>
#include <drivers/serial.h>
#include <errno.h>
#include <kernel/ioport.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/tty.h>

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
#define UART_LSR_OE     0x02    /* overrun: a byte arrived with the FIFO full and was lost */
#define UART_LSR_THRE   0x20    /* transmit holding register empty */

#define UART_CLOCK      1843200 /* 1.8432 MHz crystal; baud = clock / 16 / divisor */
#define BAUD            115200

#define UART_IER_RDI    0x01    /* interrupt when a byte arrives (ERBFI) */
#define RX_RING_SIZE    4096    /* a pasted page of text fits */
#define RX_UNTHROTTLE   128     /* free bytes before input is taken again (Linux's tty) */
#define COM1_IRQ        4

static bool serial_present;
static bool rx_irq;                     /* bytes come from the interrupt handler */
static u8 rx_ring[RX_RING_SIZE];
static unsigned int rx_head, rx_tail;   /* head: next to write; tail: next to read */
static bool rx_throttled;               /* ring full: the receive interrupt is masked */
static unsigned long rx_overruns;
static DEFINE_SPINLOCK(rx_lock);        /* the ring, rx_throttled, IER's receive bit */

/* Read the line status, counting an overrun it reports (reading LSR clears OE). */
static u8 serial_lsr(void)
{
	u8 lsr = inb(COM1_BASE + UART_LSR);

	if (lsr & UART_LSR_OE)
		__atomic_fetch_add(&rx_overruns, 1, __ATOMIC_RELAXED);   /* any CPU */
	return lsr;
}

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
	while (!(serial_lsr() & UART_LSR_THRE))
		;
	outb(c, COM1_BASE + UART_TX);
}

static void serial_write_bytes(const char *s, size_t n, bool crlf)
{
	unsigned long flags;

	if (!serial_present)
		return;
	printk_cpu_sync_get_irqsave(flags);     /* nests inside printk's own */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && crlf)
			serial_putc('\r');
		serial_putc(s[i]);
	}
	printk_cpu_sync_put_irqrestore(flags);
}

void serial_write(const char *s, size_t n)
{
	serial_write_bytes(s, n, true);
}

void serial_write_raw(const char *s, size_t n)
{
	serial_write_bytes(s, n, false);
}

/*
 * Move the bytes waiting in the UART's FIFO into the ring; if the ring fills,
 * leave the rest in the UART and mask its receive interrupt (throttle).
 * Called with rx_lock held.
 */
static void serial_rx_chars(void)
{
	while (serial_lsr() & UART_LSR_DR) {
		if (rx_head - rx_tail == RX_RING_SIZE) {
			rx_throttled = true;
			outb(0, COM1_BASE + UART_IER);
			return;
		}
		rx_ring[rx_head++ % RX_RING_SIZE] = inb(COM1_BASE + UART_RX);
	}
}

/*
 * IRQ 4: a byte (or the FIFO's trigger level of them) arrived.  The console
 * tty takes it from the ring when a user program holds the console, else it
 * wakes the monitor (drivers/tty.c); rx_lock is not held then, so the tty
 * can read the ring with serial_getc().
 */
static enum irqreturn serial_interrupt(int irq, void *dev)
{
	spin_lock(&rx_lock);            /* interrupts are off in a handler */
	serial_rx_chars();
	spin_unlock(&rx_lock);
	tty_serial_rx();
	return IRQ_HANDLED;
}

/* Take input again once the reader has made room (Linux's tty unthrottle). */
static void serial_unthrottle(void)
{
	if (!rx_throttled || RX_RING_SIZE - (rx_head - rx_tail) < RX_UNTHROTTLE)
		return;
	rx_throttled = false;
	outb(UART_IER_RDI, COM1_BASE + UART_IER);
	serial_rx_chars();              /* what waited in the FIFO meanwhile */
}

int serial_enable_rx_interrupt(void)
{
	unsigned long flags;
	int err;

	if (!serial_present)
		return -ENODEV;
	err = request_irq(COM1_IRQ, serial_interrupt, 0, "ttyS0", NULL);
	if (err)
		return err;
	spin_lock_irqsave(&rx_lock, flags);
	rx_irq = true;
	outb(UART_IER_RDI, COM1_BASE + UART_IER);
	serial_rx_chars();              /* bytes that came before */
	spin_unlock_irqrestore(&rx_lock, flags);
	return 0;
}

int serial_getc(void)
{
	unsigned long flags;
	int c = -1;

	if (!serial_present)
		return -1;
	if (!rx_irq)
		return (serial_lsr() & UART_LSR_DR) ? inb(COM1_BASE + UART_RX) : -1;
	spin_lock_irqsave(&rx_lock, flags);
	if (rx_tail != rx_head)
		c = rx_ring[rx_tail++ % RX_RING_SIZE];
	serial_unthrottle();
	spin_unlock_irqrestore(&rx_lock, flags);
	return c;
}

bool serial_rx_pending(void)
{
	if (!serial_present)
		return false;
	return rx_tail != rx_head || (serial_lsr() & UART_LSR_DR);
}

void serial_wait_for_input(void)
{
	if (!rx_irq) {
		cpu_relax();
		return;
	}
	/*
	 * sti takes effect after the next instruction: no interrupt slips in
	 * before hlt.  Read without rx_lock: if IRQ 4 goes to another CPU, a byte
	 * it stores meanwhile waits for this CPU's next interrupt (its tick).
	 */
	local_irq_disable();
	if (rx_tail == rx_head)
		__asm__ volatile("sti; hlt" ::: "memory");
	else
		local_irq_enable();
}

unsigned long serial_rx_overruns(void)
{
	return rx_overruns;
}

void serial_rx_poll(void)
{
	unsigned long flags;

	if (!rx_irq)
		return;
	spin_lock_irqsave(&rx_lock, flags);
	serial_rx_chars();
	spin_unlock_irqrestore(&rx_lock, flags);
}
