/*
 * /proc/PID/maps: one line per VMA, Linux's format byte for byte (Linux's
 * fs/proc/task_mmu.c show_map_vma):
 *
 *   00400000-00401000 r--p 00000000 00:02 6                                  /bin/busybox
 *   start    end      perms offset  dev   inode, padded to column 73    path or [name]
 *
 * perms: r/w/x, then s (shared) or p (private).  The offset, device and
 * inode are the file's (0 and 00:00 0 for anonymous memory).  A VMA without
 * a name ends with the space after the inode.  [heap] is the VMA that
 * overlaps [start_brk, brk]; [stack] the one holding start_stack; [vvar] and
 * [vdso] carry their names.  The same show function serves /proc/PID/maps
 * (fs/proc calls proc_pid_maps_show) and the monitor's `maps PID`.
 */
#include <asm/page.h>
#include <errno.h>
#include <kernel/err.h>
#include <kernel/monitor.h>
#include <kernel/sched.h>
#include <kernel/seq_file.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/mmap.h>
#include <fs/fs.h>
#include <kernel/signal.h>

#define MAPS_NAME_COLUMN 73     /* 25 + sizeof(void *) * 6 - 1 = 72 columns, then a space */
#define MAPS_PATH_MAX    256

/* The name Linux shows for an anonymous VMA, or NULL. */
static const char *vma_special_name(const struct vm_area_struct *vma, const struct mm_struct *mm)
{
	if (vma->vm_name && vma->vm_name[0] == '[' && strcmp(vma->vm_name, "[heap]"))
		return vma->vm_name;            /* [vvar], [vdso] */
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk && mm->start_brk)
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

static void show_map_vma(struct seq_file *m, struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned long flags = vma->vm_flags, ino = 0;
	unsigned long long pgoff = 0;
	unsigned int major = 0, minor = 0;
	char line[MAPS_NAME_COLUMN + 32], path[MAPS_PATH_MAX];
	const char *name = NULL;
	int n;

	if (vma->vm_file) {
		struct inode *inode = vma->vm_file->f_inode;

		if (inode) {
			ino = inode->i_ino;
			if (inode->i_sb) {
				major = MAJOR(inode->i_sb->s_dev);
				minor = MINOR(inode->i_sb->s_dev);
			}
		}
		pgoff = (unsigned long long)vma->vm_pgoff << PAGE_SHIFT;
		name = file_path(vma->vm_file, path, sizeof(path));
		if (IS_ERR(name))
			name = "?";
	} else {
		name = vma_special_name(vma, mm);
	}
	n = scnprintf(line, sizeof(line), "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ",
		      vma->vm_start, vma->vm_end, flags & VM_READ ? 'r' : '-',
		      flags & VM_WRITE ? 'w' : '-', flags & VM_EXEC ? 'x' : '-',
		      flags & VM_MAYSHARE ? 's' : 'p', pgoff, major, minor, ino);
	seq_puts(m, line);
	if (name) {
		/* seq_pad: spaces up to column 72, then the one separating space */
		for (; n < MAPS_NAME_COLUMN; n++)
			seq_putc(m, ' ');
		seq_puts(m, name);
	}
	seq_putc(m, '\n');
}

int show_mm_maps(struct seq_file *m, struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	for_each_vma(mm, vma)
		show_map_vma(m, mm, vma);
	mmap_read_unlock(mm);
	return 0;
}

int proc_pid_maps_show(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return 0;       /* a kernel thread: an empty file, as Linux's */
	show_mm_maps(m, mm);
	mmput(mm);
	return 0;
}

static int maps_cmd(struct seq_file *m, int argc, char **argv)
{
	struct task_struct *task;
	unsigned long pid;
	int ret = 0;

	if (argc != 2 || kstrtoul(argv[1], 10, &pid))
		return -EINVAL;
	task = find_get_task_by_vpid(pid);
	if (!task) {
		seq_printf(m, "maps: no process %lu\n", pid);
		return -ESRCH;
	}
	if (!task->mm)
		seq_printf(m, "maps: %lu is a kernel thread: it has no user address space\n", pid);
	else
		ret = proc_pid_maps_show(m, task);
	put_task_struct(task);
	return ret;
}
MONITOR_CMD(maps, "PID", "a process's memory areas, as /proc/PID/maps", maps_cmd);
