/*
 * The local APIC (Intel SDM vol 3A §11), the IOAPIC (Intel 82093AA datasheet)
 * and the 8259 PICs: the interrupt controllers of a PC.
 */
#ifndef ATLAS_ASM_APIC_H
#define ATLAS_ASM_APIC_H

#include <kernel/types.h>

/* Local APIC registers: offsets in its 4 KiB MMIO page (SDM vol 3A table 11-1). */
#define APIC_MMIO_SIZE 0x1000
#define APIC_ID      0x020
#define APIC_LVR     0x030      /* version; bits 23:16: last LVT entry */
#define APIC_TASKPRI 0x080
#define APIC_EOI     0x0b0
#define APIC_LDR     0x0d0
#define APIC_SPIV    0x0f0      /* spurious vector; bit 8: APIC software enable */
#define APIC_ISR     0x100
#define APIC_TMR     0x180
#define APIC_IRR     0x200
#define APIC_ESR     0x280
#define APIC_ICR     0x300      /* interrupt command, low half (x2APIC: all 64 bits) */
#define APIC_ICR2    0x310      /* xAPIC: the destination, bits 31:24 */
#define APIC_LVTT    0x320      /* the timer's local vector table entry */
#define APIC_LVTPC   0x340
#define APIC_LVT0    0x350
#define APIC_LVT1    0x360
#define APIC_LVTERR  0x370
#define APIC_TMICT   0x380      /* timer initial count */
#define APIC_TMCCT   0x390      /* timer current count */
#define APIC_TDCR    0x3e0      /* timer divide configuration */
#define APIC_SELF_IPI 0x3f0     /* x2APIC only: MSR 0x83f */

/* ICR fields (SDM vol 3A figure 11-12; Linux's apicdef.h names) */
#define APIC_DM_FIXED        (0U << 8)
#define APIC_DM_INIT         (5U << 8)
#define APIC_DM_STARTUP      (6U << 8)
#define APIC_DEST_PHYSICAL   (0U << 11)
#define APIC_ICR_BUSY        (1U << 12)         /* xAPIC: delivery status, send pending */
#define APIC_INT_ASSERT      (1U << 14)
#define APIC_INT_LEVELTRIG   (1U << 15)
#define APIC_DEST_SELF       (1U << 18)         /* destination shorthands */
#define APIC_DEST_ALLBUT     (3U << 18)
#define SET_XAPIC_DEST_FIELD(x) ((x) << 24)
#define X86_FEATURE_X2APIC_ECX (1U << 21)       /* CPUID.1:ECX */

/* Fields of APIC_ID and APIC_LVR (Linux's apicdef.h) */
#define GET_APIC_ID(x)       (((x) >> 24) & 0xffu)
#define GET_APIC_VERSION(x)  ((x) & 0xffu)
#define GET_APIC_MAXLVT(x)   (((x) >> 16) & 0xffu)      /* the number of the last LVT entry */

#define APIC_EOI_ACK         0x0        /* any value: the write is what counts */
#define APIC_SPIV_APIC_ENABLED (1U << 8)                /* software enable */
#define APIC_LVT_MASKED      (1U << 16)
#define APIC_LVT_TIMER_PERIODIC (1U << 17)              /* else one-shot */
#define APIC_DM_NMI          (4U << 8)  /* delivery mode: NMI */
#define APIC_TDR_DIV_16      0x3        /* APIC_TDCR: the timer counts at bus clock / 16 */

#define MSR_IA32_APICBASE        0x1b
#define MSR_IA32_APICBASE_BSP    (1UL << 8)     /* this is the boot CPU */
#define MSR_IA32_APICBASE_X2APIC (1UL << 10)    /* x2APIC mode (EXTD) */
#define MSR_IA32_APICBASE_ENABLE (1UL << 11)    /* the APIC is on */
#define MSR_IA32_APICBASE_BASE   (0xfffffUL << 12)      /* its 4 KiB-aligned address */

/*
 * Map and enable the boot CPU's local APIC (base from the MSR and the MADT),
 * in x2APIC mode where the CPU has it and the command line has no nox2apic.
 */
void lapic_init(void);
/* An AP's own APIC: the same mode and settings as the boot CPU's. */
void lapic_init_ap(void);
/* This CPU's APIC register reg (an xAPIC MMIO offset; in x2APIC mode the MSR). */
u32 lapic_read(u32 reg);
void lapic_write(u32 reg, u32 v);
void lapic_eoi(void);
/* This CPU's APIC ID (8 bits in xAPIC mode, 32 in x2APIC mode). */
u32 lapic_id(void);
/* True when the APICs run in x2APIC mode; x2apic_supported: CPUID says it can. */
bool x2apic_enabled(void);
bool x2apic_supported(void);
extern phys_addr_t lapic_phys;

/*
 * Write the ICR: low is the vector, delivery mode and flags, dest the
 * physical APIC ID.  Waits (100 ms at most) for the previous IPI's delivery
 * status first where xAPIC has one; 0 or -EIO (still busy: reported).
 */
int apic_icr_write(u32 low, u32 dest);
int lapic_wait_icr_idle(void);
/* A fixed IPI of vector to cpu (online only), to every other online CPU, to this one. */
void apic_send_IPI(int cpu, int vector);
void apic_send_IPI_allbutself(int vector);
void apic_send_IPI_self(int vector);

/*
 * Measure the APIC timer against the TSC (calibrated by the HPET, or by the
 * PIT without one), over 10 ms, measured again (up to five times) when the
 * CPU was disturbed at either end; returns its frequency in Hz at
 * divide-by-16.  lapic_timer_hz keeps the last result.
 */
unsigned long lapic_timer_calibrate(void);
extern unsigned long lapic_timer_hz;
/* One interrupt on LOCAL_TIMER_VECTOR after usecs; or one every 1/hz s (0: stop). */
void lapic_timer_oneshot(unsigned long usecs);
void lapic_timer_periodic(unsigned int hz);
/* True while this CPU's APIC timer interrupts it periodically (a hlt will end). */
bool lapic_timer_ticking(void);

/* Map every IOAPIC of the MADT and mask all their inputs. */
void ioapic_init(void);
/*
 * Program the redirection entry for global system interrupt gsi: vector,
 * trigger (level or edge), polarity (low or high), masked or not, to the boot
 * CPU.  Returns 0 or -ENODEV (no IOAPIC has that input).
 */
int ioapic_set_gsi(u32 gsi, u8 vector, bool level, bool active_low, bool masked);
int ioapic_mask_gsi(u32 gsi, bool masked);
/* The GSI, trigger and polarity of ISA IRQ irq, from the MADT's overrides. */
u32 isa_irq_to_gsi(unsigned int irq, bool *level, bool *active_low);
/* Read an IOAPIC register (for tests and the monitor); ~0 if no IOAPIC n. */
u32 ioapic_read_reg(unsigned int n, u32 reg);
u64 ioapic_read_entry(u32 gsi);
unsigned int nr_ioapics_mapped(void);
/* One past the last GSI of any IOAPIC (24 on QEMU): the first MSI irq; 0 without one. */
u32 ioapic_gsi_end(void);

/* Remap the 8259 PICs to vectors 0x20-0x2f and mask every input. */
void pic_init(void);

#endif
