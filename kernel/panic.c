/* panic(): the kernel cannot go on.  Say why, show where, stop. */
#include <asm/processor.h>
#include <asm/qemu.h>
#include <kernel/panic.h>
#include <kernel/sprintf.h>

void panic(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	local_irq_disable();
	bust_spinlocks(1);              /* a CPU stuck in printk must not silence us */
	va_start(ap, fmt);
	vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	qemu_debug_exit(QEMU_EXIT_PANIC);
	for (;;)
		halt();
}
