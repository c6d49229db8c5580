/*
 * Device access, as Linux's asm/io.h.
 *
 * Port I/O (Intel SDM vol 1 §19): the x86's separate 64 KiB I/O address space,
 * reached with the IN and OUT instructions: inb/outb and friends.
 *
 * Memory-mapped I/O: device registers in the physical address space, reached
 * through a mapping from ioremap() (mm/ioremap.c): readl/writel and friends.
 * Each is one volatile access of exactly that width (a device register may
 * react to every read, and to its width), with a compiler barrier so that the
 * compiler neither merges, drops nor reorders it against other memory accesses.
 * x86 keeps uncached accesses in program order, so no fence is needed there;
 * mb/rmb/wmb are for ordering normal memory against device memory (DMA).
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

/* A string of port reads or writes (INS/OUTS), e.g. for a data FIFO. */
static inline void insb(u16 port, void *addr, unsigned long count)
{
	__asm__ volatile("rep insb" : "+D"(addr), "+c"(count) : "d"(port) : "memory");
}

static inline void outsb(u16 port, const void *addr, unsigned long count)
{
	__asm__ volatile("rep outsb" : "+S"(addr), "+c"(count) : "d"(port) : "memory");
}

/* Port 0x80 is the POST-code port: writing it takes ~1 us and has no effect. */
static inline void io_delay(void)
{
	outb(0, 0x80);
}

/* Marks pointers to device memory (Linux's sparse annotation; documentation here). */
#define __iomem

#define mb()  __asm__ volatile("mfence" ::: "memory")
#define rmb() __asm__ volatile("lfence" ::: "memory")
#define wmb() __asm__ volatile("sfence" ::: "memory")

#define BUILD_MMIO_READ(name, type) \
	static inline type name(const volatile void __iomem *addr) \
	{ type v; __asm__ volatile("mov %1, %0" : "=r"(v) : "m"(*(const volatile type *)addr) : "memory"); return v; }
#define BUILD_MMIO_WRITE(name, type) \
	static inline void name(type v, volatile void __iomem *addr) \
	{ __asm__ volatile("mov %0, %1" : : "r"(v), "m"(*(volatile type *)addr) : "memory"); }

BUILD_MMIO_READ(readb, u8)
BUILD_MMIO_READ(readw, u16)
BUILD_MMIO_READ(readl, u32)
BUILD_MMIO_READ(readq, u64)
BUILD_MMIO_WRITE(writeb, u8)
BUILD_MMIO_WRITE(writew, u16)
BUILD_MMIO_WRITE(writel, u32)
BUILD_MMIO_WRITE(writeq, u64)
#undef BUILD_MMIO_READ
#undef BUILD_MMIO_WRITE

#define ioread8(a)      readb(a)
#define ioread16(a)     readw(a)
#define ioread32(a)     readl(a)
#define iowrite8(v, a)  writeb(v, a)
#define iowrite16(v, a) writew(v, a)
#define iowrite32(v, a) writel(v, a)

/* Byte-wise copies to and from device memory (never "rep movs" wider accesses). */
static inline void memcpy_fromio(void *dst, const volatile void __iomem *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((u8 *)dst)[i] = readb((const volatile u8 *)src + i);
}

static inline void memcpy_toio(volatile void __iomem *dst, const void *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		writeb(((const u8 *)src)[i], (volatile u8 *)dst + i);
}

/*
 * Map device memory (mm/ioremap.c).  ioremap: uncached (UC-), ioremap_uc:
 * strongly uncached (UC), ioremap_wc: write-combining, ioremap_cache: write-back.
 * The result keeps phys_addr's offset within its page.  NULL (with a message)
 * for a zero size, a range that wraps, or one that the e820 table says is RAM.
 */
void __iomem *ioremap(phys_addr_t phys_addr, unsigned long size);
void __iomem *ioremap_uc(phys_addr_t phys_addr, unsigned long size);
void __iomem *ioremap_wc(phys_addr_t phys_addr, unsigned long size);
void __iomem *ioremap_cache(phys_addr_t phys_addr, unsigned long size);
void iounmap(volatile void __iomem *addr);

/*
 * Program the PAT MSR as Linux does: WB WC UC- UC WB WP UC- WT; on a CPU
 * without PAT (CPUID.1:EDX bit 16) leave it alone and say so.
 */
void pat_init(void);

/* Whether pat_init() programmed the PAT (else ioremap_wc gives UC-, as Linux's). */
bool pat_enabled(void);

#endif
