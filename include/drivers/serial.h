/* The 16550 UART on COM1: the console and the monitor's input. */
#ifndef ATLAS_DRIVERS_SERIAL_H
#define ATLAS_DRIVERS_SERIAL_H

#include <kernel/types.h>

#define COM1_BASE 0x3f8

/* Program COM1 for 115200 8N1 with FIFOs; returns -ENODEV if no UART answers. */
int serial_init(void);

/* Write n bytes, turning "\n" into "\r\n" for terminals. */
void serial_write(const char *s, size_t n);

/* The next received byte, or -1 if none is waiting. */
int serial_getc(void);

#endif
