/*
 * /proc files printed by a show function (Linux's proc_create_single).
 *
 * A subsystem that has a text view registers it once, beside the view's show
 * function, for both the monitor (MONITOR_SHOW) and /proc (PROC_SHOW):
 *
 *     MONITOR_SHOW(iomem, "the physical address map", iomem_show);
 *     PROC_SHOW("iomem", iomem_show);
 *
 * Reading /proc/iomem runs iomem_show into a buffer (seq_file), so the file and
 * the monitor print the same bytes.  fs/proc/ makes the files from the section.
 */
#ifndef ATLAS_FS_PROC_FS_H
#define ATLAS_FS_PROC_FS_H

#include <kernel/compiler.h>
#include <kernel/seq_file.h>

struct proc_view {
	const char *name;               /* under /proc: "iomem", "sys/kernel/ostype" */
	int (*show)(struct seq_file *m, void *v);
};

extern const struct proc_view __proc_views_start[], __proc_views_end[];

#define __PROC_VIEW_ID(line) __proc_view_##line
#define __PROC_SHOW(pname, pshow, line) \
	static const struct proc_view __PROC_VIEW_ID(line) \
	__section(".proc_views") __used __aligned(8) = { .name = pname, .show = pshow }
#define PROC_SHOW(pname, pshow) __PROC_SHOW(pname, pshow, __LINE__)

#endif
