/*
 * Segment descriptors, the TSS and the IDT (Intel SDM vol 3A §3.4.5, §7.7, §6.14).
 * Selectors as Linux's asm/segment.h.
 */
#ifndef ATLAS_ASM_DESC_H
#define ATLAS_ASM_DESC_H

#include <kernel/types.h>

#define GDT_ENTRY_KERNEL32_CS 1
#define GDT_ENTRY_KERNEL_CS   2
#define GDT_ENTRY_KERNEL_DS   3
/* SYSRET's order (STAR[63:48] = __USER32_CS; +8 is SS, +16 the 64-bit CS), as Linux's */
#define GDT_ENTRY_DEFAULT_USER32_CS 4
#define GDT_ENTRY_DEFAULT_USER_DS   5
#define GDT_ENTRY_DEFAULT_USER_CS   6
#define GDT_ENTRY_TSS         8          /* 16 bytes: entries 8 and 9 */
#define GDT_ENTRIES           16

#define __KERNEL_CS   (GDT_ENTRY_KERNEL_CS * 8)   /* 0x10 */
#define __KERNEL_DS   (GDT_ENTRY_KERNEL_DS * 8)   /* 0x18 */
#define __TSS_SEL     (GDT_ENTRY_TSS * 8)         /* 0x40 */
#define __USER32_CS   (GDT_ENTRY_DEFAULT_USER32_CS * 8 + 3)     /* 0x23 */
#define __USER_DS     (GDT_ENTRY_DEFAULT_USER_DS * 8 + 3)       /* 0x2b */
#define __USER_CS     (GDT_ENTRY_DEFAULT_USER_CS * 8 + 3)       /* 0x33 */

/* Interrupt Stack Table slots (1-based in the IDT entry; 0 = no switch). */
#define IST_DF   1      /* double fault: the stack may be what failed */
#define IST_NMI  2
#define IST_MCE  3
#define IST_SLOTS 3     /* IST slots in use */
#define IST_STACK_SIZE 8192

/*
 * Load this CPU's GDT with its TSS and IST stacks (per-CPU; an AP calls it
 * from start_secondary after gdt_alloc_cpu gave it IST stacks).
 */
void gdt_init(void);

/* Give cpu its IST stacks (the boot CPU's are in the image).  0 or -ENOMEM. */
int gdt_alloc_cpu(unsigned int cpu);

/* Top of cpu's IST stack for slot ist (0 if it has none yet). */
unsigned long ist_stack_top_cpu(unsigned int cpu, int ist);

/*
 * This CPU's kernel stack for entries from user mode: TSS.rsp0 (interrupts,
 * exceptions) and cpu_current_top_of_stack (entry_SYSCALL_64).  The
 * scheduler sets it to the running task's stack top at every switch.
 */
void update_task_stack(unsigned long sp0);

/* Set this CPU's SYSCALL MSRs: STAR, LSTAR, SYSCALL_MASK, EFER.SCE (kernel/syscall.c). */
void syscall_init(void);

/* Load the IDT with the 32 exception handlers. */
void idt_init(void);

/* Top of this CPU's IST stack for slot ist, for stack-trace bounds. */
unsigned long ist_stack_top(int ist);

#endif
