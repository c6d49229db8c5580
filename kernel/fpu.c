/*
 * User FPU state (Linux's arch/x86/kernel/fpu/, reduced to FXSAVE, saved
 * eagerly at every switch between tasks): x86-64 programs use SSE for
 * everything from memcpy to printf, so without CR4.OSFXSR their first SSE
 * instruction is #UD, and without a save at each switch one process's
 * XMM registers leak into another's.
 *
 * The kernel is built with -mgeneral-regs-only and never touches the x87 or
 * SSE registers, so while a user task is in the kernel its registers are
 * still in the CPU: switch_fpu saves them into prev->fpu if prev is a user
 * task (it has an mm) and loads next's if next has an image; kernel threads
 * leave the registers alone.
 * FXSAVE needs a 16-byte aligned operand; a task's image is copied through
 * an aligned buffer on the stack, so task_struct's allocation needs no
 * special alignment (512 bytes more per switch, a few dozen cycles).
 *
 * XSAVE (AVX's YMM halves) is not enabled: CR4.OSXSAVE stays off, so CPUID
 * tells programs that AVX cannot be used and they keep to SSE.
 */
#include <asm/fpu.h>
#include <asm/processor.h>
#include <kernel/kernel.h>
#include <kernel/sched.h>
#include <kernel/string.h>

#define CR0_MP          (1UL << 1)      /* WAIT/FWAIT honour TS */
#define CR0_EM          (1UL << 2)      /* x87 emulation: must be off for SSE */
#define CR0_NE          (1UL << 5)      /* native x87 error reporting (#MF) */
#define CR4_OSFXSR      (1UL << 9)      /* FXSAVE/FXRSTOR and SSE enabled */
#define CR4_OSXMMEXCPT  (1UL << 10)     /* unmasked SSE exceptions raise #XM */
#define FCW_DEFAULT     0x037f          /* x87: all exceptions masked, 64-bit precision */
#define MXCSR_DEFAULT   0x1f80          /* SSE: all exceptions masked, round to nearest */
#define FX_FCW_OFF      0
#define FX_MXCSR_OFF    24

struct fx_buf {
	u8 b[FPU_STATE_SIZE];
} __aligned(16);

static unsigned long read_cr(int n)
{
	unsigned long v;

	if (n == 0)
		__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	else
		__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

void fpu__init_cpu(void)
{
	write_cr0((read_cr(0) & ~CR0_EM) | CR0_MP | CR0_NE);
	write_cr4(read_cr(4) | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
}

void fxsave_regs(void *image)
{
	__asm__ volatile("fxsave64 (%0)" : : "r"(image) : "memory");
}

void fxrstor_regs(void *image)
{
	__asm__ volatile("fxrstor64 (%0)" : : "r"(image) : "memory");
}

void switch_fpu(struct task_struct *prev, struct task_struct *next)
{
	struct fx_buf buf;

	if (prev->mm) {                 /* a user task: its registers are live */
		fxsave_regs(buf.b);
		memcpy(prev->fpu.state, buf.b, sizeof(buf.b));
		prev->fpu.initialized = true;
	}
	if (next->fpu.initialized) {
		memcpy(buf.b, next->fpu.state, sizeof(buf.b));
		fxrstor_regs(buf.b);
	}
}

void fpu_clone(struct task_struct *dst)
{
	struct fx_buf buf;

	if (!current || !current->fpu.initialized) {
		dst->fpu.initialized = false;
		return;
	}
	fxsave_regs(buf.b);
	memcpy(dst->fpu.state, buf.b, sizeof(buf.b));
	dst->fpu.initialized = true;
}

void fpu_flush_thread(struct task_struct *t)
{
	struct fx_buf buf;
	u16 fcw = FCW_DEFAULT;
	u32 mxcsr = MXCSR_DEFAULT;

	memset(buf.b, 0, sizeof(buf.b));
	memcpy(buf.b + FX_FCW_OFF, &fcw, sizeof(fcw));
	memcpy(buf.b + FX_MXCSR_OFF, &mxcsr, sizeof(mxcsr));
	memcpy(t->fpu.state, buf.b, sizeof(buf.b));
	t->fpu.initialized = true;
	if (t == current)
		fxrstor_regs(buf.b);
}
