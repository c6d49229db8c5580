/*
 * The kernel's parameters: what the files declared with KERNEL_PARAM() (the
 * .init.setup section, as Linux's __setup), and the boot-time report of the
 * parameters on the command line that nothing declared, in Linux's words
 * (init/main.c: print_unknown_bootoptions).
 *
 * One difference from Linux: Linux says nothing of a name with a dot in it
 * ("foo.bar=1"), since it may be a parameter of a module loaded later.
 * Atlas has no modules, so such a name can only be a typo of a declared one
 * ("selftest.repaet=2") and is reported with the rest.
 */
#include <kernel/cmdline.h>
#include <kernel/printk.h>

extern const struct kernel_param __setup_start[];
extern const struct kernel_param __setup_end[];

void print_unknown_bootoptions(void)
{
	char unknown[COMMAND_LINE_SIZE];

	if (cmdline_unknown(&boot_cmdline, __setup_start, __setup_end - __setup_start,
			    unknown, sizeof(unknown)))
		pr_notice("Unknown kernel command line parameters \"%s\", will be passed to user space.\n",
			  unknown);
}
