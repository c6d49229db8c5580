/* The 16550 UART on COM1: the console and the monitor's input. */
#ifndef ATLAS_DRIVERS_SERIAL_H
#define ATLAS_DRIVERS_SERIAL_H

#include <kernel/types.h>

#define COM1_BASE 0x3f8

/* Program COM1 for 115200 8N1 with FIFOs; returns -ENODEV if no UART answers. */
int serial_init(void);

/*
 * Claim COM1's eight ports ("serial" in ioports, as Linux's 8250 driver).
 * request_region needs kmalloc, so this runs after kmem_cache_init, not in
 * serial_init.  Returns 0, -ENODEV (no UART) or -EBUSY.
 */
int serial_claim_resources(void);

/* Write n bytes, turning "\n" into "\r\n" for terminals. */
void serial_write(const char *s, size_t n);

/* Write n bytes as they are (the console tty did its own output processing). */
void serial_write_raw(const char *s, size_t n);

/* The next received byte, or -1 if none is waiting. */
int serial_getc(void);

/* Whether input is waiting, in the ring or in the UART; nothing is taken. */
bool serial_rx_pending(void);

/*
 * Take input from IRQ 4 into a 4 KiB ring from now on.  0 or a negative errno.
 * When the ring is full, input waits in the UART (and behind it, in QEMU's
 * input) until serial_getc() has made room: nothing is dropped.
 */
int serial_enable_rx_interrupt(void);

/* Halt until input may have arrived (with interrupts), or just pause (polling). */
void serial_wait_for_input(void);

/* Input overruns the UART reported (LSR.OE: at least one byte lost each). */
unsigned long serial_rx_overruns(void);

/* Do the interrupt handler's work now: take what the UART holds into the ring. */
void serial_rx_poll(void);

#endif
