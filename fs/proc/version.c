/*
 * /proc/version (Linux's fs/proc/version.c): Linux's linux_proc_banner,
 * "%s version %s (%s) (%s) %s", filled with what uname reports (kernel/sys.c
 * decides it: sysname, release, version), who built it and the compiler:
 *
 *   Linux version 6.1.0-atlas (atlas@atlas) (gcc 12.2.0) #1 SMP PREEMPT Atlas 0.1 (2026-12-02)
 */
#include <fs/proc_fs.h>
#include <kernel/monitor.h>
#include <kernel/sys.h>

#define ATLAS_COMPILE_BY "atlas@atlas"  /* Linux's LINUX_COMPILE_BY@LINUX_COMPILE_HOST */
#define ATLAS_COMPILER   "gcc " __VERSION__

static int version_proc_show(struct seq_file *m, void *v)
{
	struct new_utsname u;

	do_newuname(&u);
	seq_printf(m, "%s version %s (" ATLAS_COMPILE_BY ") (" ATLAS_COMPILER ") %s\n",
		   u.sysname, u.release, u.version);
	return 0;
}
MONITOR_SHOW(version, "the kernel's version line (/proc/version)", version_proc_show);
PROC_SHOW("version", version_proc_show);
