/*
 * Register dumps and stack traces, in the format of Linux's
 * arch/x86/kernel/dumpstack.c and process_64.c.
 *
 * Stack traces follow the frame-pointer chain (the kernel is built with
 * -fno-omit-frame-pointer): each frame starts with the caller's RBP, then the
 * return address.  Every read goes through copy_from_kernel_nofault and every
 * frame must lie above the last one, so a corrupt stack ends the trace instead
 * of faulting again.
 */
#include <asm/processor.h>
#include <asm/sections.h>
#include <kernel/panic.h>
#include <kernel/traps.h>
#include <kernel/uaccess.h>

#define MAX_FRAMES 32

void show_regs(struct pt_regs *regs)
{
	printk(KERN_DEFAULT "RIP: %04lx:%pS\n", regs->cs, (void *)regs->ip);
	printk(KERN_DEFAULT "RSP: %04lx:%016lx EFLAGS: %08lx\n",
	       regs->ss, regs->sp, regs->flags);
	printk(KERN_DEFAULT "RAX: %016lx RBX: %016lx RCX: %016lx\n",
	       regs->ax, regs->bx, regs->cx);
	printk(KERN_DEFAULT "RDX: %016lx RSI: %016lx RDI: %016lx\n",
	       regs->dx, regs->si, regs->di);
	printk(KERN_DEFAULT "RBP: %016lx R08: %016lx R09: %016lx\n",
	       regs->bp, regs->r8, regs->r9);
	printk(KERN_DEFAULT "R10: %016lx R11: %016lx R12: %016lx\n",
	       regs->r10, regs->r11, regs->r12);
	printk(KERN_DEFAULT "R13: %016lx R14: %016lx R15: %016lx\n",
	       regs->r13, regs->r14, regs->r15);
	printk(KERN_DEFAULT "CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
	show_trace(regs->bp);
}

void show_trace(unsigned long bp)
{
	printk(KERN_DEFAULT "Call Trace:\n");
	printk(KERN_DEFAULT " <TASK>\n");
	for (int i = 0; i < MAX_FRAMES && bp; i++) {
		unsigned long frame[2];         /* saved RBP, return address */

		if ((bp & 7) || copy_from_kernel_nofault(frame, (void *)bp, sizeof(frame)))
			break;
		if (!is_kernel_text(frame[1]))
			break;
		printk(KERN_DEFAULT " %pB\n", (void *)frame[1]);
		if (frame[0] <= bp)             /* callers' frames lie higher up */
			break;
		bp = frame[0];
	}
	printk(KERN_DEFAULT " </TASK>\n");
}

/* The trace is printed whole: another CPU's lines wait (printk_cpu_sync). */
void dump_stack(void)
{
	unsigned long flags;

	printk_cpu_sync_get_irqsave(flags);
	show_trace((unsigned long)__builtin_frame_address(0));
	printk_cpu_sync_put_irqrestore(flags);
}
