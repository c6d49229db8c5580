/*
 * panic(): the kernel cannot go on.  Say why, show where, stop every CPU.
 *
 * Two CPUs may panic at once (one CPU's oops brings down another waiting on
 * it): the first to claim panic_cpu prints and stops the others with
 * smp_send_stop(); any other CPU that panics meanwhile stops itself without
 * a word (Linux's panic_smp_self_stop), so the report is printed once.
 */
#include <asm/atomic.h>
#include <asm/processor.h>
#include <asm/qemu.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>

#define PANIC_CPU_INVALID -1

static atomic_t panic_cpu = ATOMIC_INIT(PANIC_CPU_INVALID);

void panic(const char *fmt, ...)
{
	static char buf[256];
	int this_cpu, old_cpu;
	va_list ap;

	local_irq_disable();
	this_cpu = (int)smp_processor_id();
	old_cpu = atomic_cmpxchg(&panic_cpu, PANIC_CPU_INVALID, this_cpu);
	if (old_cpu != PANIC_CPU_INVALID && old_cpu != this_cpu)
		panic_smp_self_stop();  /* another CPU is panicking: it speaks for us */
	bust_spinlocks(1);              /* a CPU stuck in printk must not silence us */
	va_start(ap, fmt);
	vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	smp_send_stop();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	qemu_debug_exit(QEMU_EXIT_PANIC);
	for (;;)
		halt();
}
