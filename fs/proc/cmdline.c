/*
 * /proc/cmdline (Linux's fs/proc/cmdline.c): the command line as the boot
 * loader gave it, then a newline.  The monitor's cmdline command prints this
 * line and the parsed parameters after it (kernel/cmdline.c).
 */
#include <fs/proc_fs.h>
#include <kernel/cmdline.h>

static int cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", boot_cmdline.raw);
	return 0;
}
PROC_SHOW("cmdline", cmdline_proc_show);
