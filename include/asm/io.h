/*
 * Port I/O (Intel SDM vol 1 §19): the x86's separate 64 KiB I/O address space,
 * reached with the IN and OUT instructions.  Names as in Linux's asm/io.h.
 * Memory-mapped accessors (readl, writel, ...) come with ioremap.
 */
#ifndef ATLAS_ASM_IO_H
#define ATLAS_ASM_IO_H

#include <kernel/types.h>

static inline u8 inb(u16 port)
{
	u8 v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(u8 v, u16 port)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(u16 v, u16 port)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(u32 v, u16 port)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/* Port 0x80 is the POST-code port: writing it takes ~1 us and has no effect. */
static inline void io_delay(void)
{
	outb(0, 0x80);
}

#endif
