/*
 * A task as /proc shows it (Linux's fs/proc/array.c do_task_stat and
 * proc_pid_status, fs/proc/base.c proc_pid_cmdline_read), byte for byte in
 * Linux's formats, and the monitor's ps.  the VFS's /proc/PID/{stat,status,
 * cmdline} call the three show functions; the monitor's ps lists every task.
 *
 *   /proc/PID/stat     "114 (cat) R 1 0 0 0 -1 0 59 0 ... 17 1 0 0 0 0 0 ... 0"
 *   /proc/PID/status   "Name:\tcat\nUmask:\t0022\nState:\tR (running)\n..."
 *   /proc/PID/cmdline  argv, each NUL-terminated, read from the task's stack
 *
 * Times are in USER_HZ (100) ticks, as Linux's clock_t.  Everyone is root,
 * with every capability.  The signal masks come from the signal code
 * (task_sig_ign_catch, kernel/signal_notify.c).
 */
#include <asm/pgtable.h>
#include <fs/fs.h>
#include <fs/proc_fs.h>
#include <kernel/cpumask.h>
#include <kernel/monitor.h>
#include <kernel/sched.h>
#include <kernel/seq_file.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/time.h>
#include <mm/mm.h>
#include <mm/mm_types.h>
#include <mm/page.h>

#include "sched_internal.h"
#include "sched_deps.h"

#define USER_HZ         100             /* clock_t ticks per second in every uapi */
#define MAX_RT_PRIO     100             /* prio 120 prints as priority 20, nice 0 */
#define CAP_FULL_SET    0x000001ffffffffffUL    /* CAP_LAST_CAP 40: bits 0-40 */
#define RLIM_INFINITY   (~0UL)
#define CMDLINE_MAX     4096            /* bytes of argv shown, as Linux's one page */

/* Linux's task_state_array letter and word for t. */
static const char *task_state_name(const struct task_struct *t)
{
	long state = READ_ONCE(t->state);

	if (t->exit_state == EXIT_ZOMBIE)
		return "Z (zombie)";
	if (t->exit_state == EXIT_DEAD || state == TASK_DEAD)
		return "X (dead)";
	if (state & __TASK_STOPPED)
		return "T (stopped)";
	if (state & TASK_UNINTERRUPTIBLE)
		return (t->flags & PF_KTHREAD) ? "I (idle)" : "D (disk sleep)";
	if (state & TASK_INTERRUPTIBLE)
		return "S (sleeping)";
	return "R (running)";
}

static unsigned long ticks_to_clock_t(u64 ticks)
{
	return (unsigned long)(ticks * USER_HZ / HZ);
}

static unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return mm->rss_anon + mm->rss_file;
}

/* The parent's tgid as the task sees it (0 for the idle tasks' parent). */
static int task_ppid(const struct task_struct *t)
{
	return t->pid ? t->real_parent->tgid : 0;
}

static void stat_mm_fields(struct seq_file *m, const struct mm_struct *mm)
{
	seq_printf(m, " %lu %lu %lu", mm ? mm->total_vm * PAGE_SIZE : 0,
		   mm ? get_mm_rss(mm) : 0, RLIM_INFINITY);
	seq_printf(m, " %lu %lu %lu 0 0", mm ? mm->start_code : 0, mm ? mm->end_code : 0,
		   mm ? mm->start_stack : 0);
}

int proc_pid_stat_show(struct seq_file *m, struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	sigset_t ign, catch;

	task_sig_ign_catch(t, &ign, &catch);
	seq_printf(m, "%d (%s) %c %d %d %d 0 -1 %u", t->pid, t->comm, task_state_name(t)[0],
		   task_ppid(t), t->pgrp, t->session, t->flags);
	seq_printf(m, " %lu 0 %lu 0 %lu %lu 0 0", t->min_flt, t->maj_flt,
		   ticks_to_clock_t(t->utime), ticks_to_clock_t(t->stime));
	seq_printf(m, " %d 0 1 0 %llu", t->prio - MAX_RT_PRIO,
		   (unsigned long long)(t->start_time / (NSEC_PER_SEC / USER_HZ)));
	stat_mm_fields(m, mm);
	seq_printf(m, " %lu %lu %lu %lu %d 0 0", t->pending.signal.sig[0] & 0x7fffffffUL,
		   t->blocked.sig[0] & 0x7fffffffUL, ign.sig[0] & 0x7fffffffUL,
		   catch.sig[0] & 0x7fffffffUL, READ_ONCE(t->state) != TASK_RUNNING);   /* wchan */
	seq_printf(m, " %d %d 0 0 0 0 0", t->exit_signal, t->cpu);
	if (mm)
		seq_printf(m, " %lu %lu %lu %lu %lu %lu %lu", mm->start_data, mm->end_data,
			   mm->start_brk, mm->arg_start, mm->arg_end, mm->env_start, mm->env_end);
	else
		seq_puts(m, " 0 0 0 0 0 0 0");
	seq_printf(m, " %d\n", t->exit_code);
	if (mm)
		mmput(mm);
	return 0;
}

/* "\t    2324 kB\n" lines of proc_pid_status (Linux's task_mem), pages in, kB out. */
static void status_kb(struct seq_file *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%s:\t%8lu kB\n", name, pages * (PAGE_SIZE / 1024));
}

static void status_mm(struct seq_file *m, const struct mm_struct *mm)
{
	unsigned long text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) / PAGE_SIZE;
	unsigned long rss = get_mm_rss(mm);

	status_kb(m, "VmPeak", mm->total_vm);
	status_kb(m, "VmSize", mm->total_vm);
	status_kb(m, "VmLck", 0);
	status_kb(m, "VmPin", 0);
	status_kb(m, "VmHWM", mm->hiwater_rss > rss ? mm->hiwater_rss : rss);
	status_kb(m, "VmRSS", rss);
	status_kb(m, "RssAnon", mm->rss_anon);
	status_kb(m, "RssFile", mm->rss_file);
	status_kb(m, "RssShmem", 0);
	status_kb(m, "VmData", mm->data_vm);
	status_kb(m, "VmStk", mm->stack_vm);
	status_kb(m, "VmExe", text);
	status_kb(m, "VmLib", mm->exec_vm > text ? mm->exec_vm - text : 0);
	seq_printf(m, "VmPTE:\t%8lu kB\n", mm->pgtables_bytes / 1024);
	status_kb(m, "VmSwap", 0);
	seq_puts(m, "HugetlbPages:\t       0 kB\nCoreDumping:\t0\nTHP_enabled:\t1\n");
}

/* A CPU mask as Linux's %*pb (hex, comma every 32 bits) and %*pbl (ranges). */
static void status_cpus(struct seq_file *m)
{
	unsigned int cpu, digits = (nr_cpu_ids + 3) / 4;
	u64 mask = 0;
	bool first = true;

	for_each_possible_cpu(cpu)
		mask |= 1ULL << cpu;
	seq_puts(m, "Cpus_allowed:\t");
	for (unsigned int d = digits; d-- > 0;) {
		seq_printf(m, "%llx", (unsigned long long)(mask >> (4 * d)) & 0xf);
		if (d && d % 8 == 0)
			seq_putc(m, ',');
	}
	seq_puts(m, "\nCpus_allowed_list:\t");
	for_each_possible_cpu(cpu) {
		unsigned int end = cpu;

		if (cpu && (mask >> (cpu - 1) & 1))
			continue;               /* inside a range already printed */
		while (end + 1 < 64 && (mask >> (end + 1) & 1))
			end++;
		seq_printf(m, first ? "%u" : ",%u", cpu);
		if (end != cpu)
			seq_printf(m, "-%u", end);
		first = false;
	}
	seq_puts(m, "\nMems_allowed:\t");
	for (int i = 0; i < 31; i++)
		seq_puts(m, "00000000,");       /* MAX_NUMNODES 1024: node 0 only */
	seq_puts(m, "00000001\nMems_allowed_list:\t0\n");
}

/* Linux's max_threads / 2 (RLIMIT_SIGPENDING's default): RAM / (8 stacks) / 2. */
static unsigned long sigpending_max(void)
{
	return totalram_pages() * PAGE_SIZE / (8 * THREAD_SIZE) / 2;
}

static void status_ids(struct seq_file *m, const struct task_struct *t)
{
	seq_printf(m, "Name:\t%s\n", t->comm);
	if (t->fs)
		seq_printf(m, "Umask:\t%04o\n", t->fs->umask);
	seq_printf(m, "State:\t%s\n", task_state_name(t));
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", t->tgid,
		   t->pid, task_ppid(t));
	seq_puts(m, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	seq_printf(m, "FDSize:\t%d\nGroups:\t \n", t->files ? NR_OPEN_DEFAULT : 0);
	seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", t->tgid, t->pid,
		   t->pgrp, t->session);
}

static void status_signals(struct seq_file *m, struct task_struct *t)
{
	sigset_t ign, catch;

	task_sig_ign_catch(t, &ign, &catch);
	seq_printf(m, "Threads:\t1\nSigQ:\t0/%lu\n", sigpending_max());
	seq_printf(m, "SigPnd:\t%016lx\nShdPnd:\t%016lx\n", t->pending.signal.sig[0], 0UL);
	seq_printf(m, "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", t->blocked.sig[0],
		   ign.sig[0], catch.sig[0]);
	seq_printf(m, "CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\nCapBnd:\t%016lx\n"
		   "CapAmb:\t%016lx\n", 0UL, CAP_FULL_SET, CAP_FULL_SET, CAP_FULL_SET, 0UL);
	seq_puts(m, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
		 "Speculation_Store_Bypass:\tnot vulnerable\n"
		 "SpeculationIndirectBranch:\talways enabled\n");
}

int proc_pid_status_show(struct seq_file *m, struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	status_ids(m, t);
	if (mm) {
		status_mm(m, mm);
		mmput(mm);
	}
	status_signals(m, t);
	status_cpus(m);
	seq_printf(m, "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
		   t->nvcsw, t->nivcsw);
	return 0;
}

/* Copy up to len bytes of mm's user memory at addr (present pages only): bytes copied. */
static size_t read_user_mm(const struct mm_struct *mm, unsigned long addr, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		u64 *t = mm->pgd;
		unsigned long off = addr & ~PAGE_MASK;
		size_t n = PAGE_SIZE - off < len - done ? PAGE_SIZE - off : len - done;

		for (int shift = 39; shift >= 12 && t; shift -= 9) {
			u64 e = t[(addr >> shift) & 511];

			if (!(e & _PAGE_PRESENT) || !(e & _PAGE_USER) || (shift > 12 && (e & _PAGE_PSE)))
				return done;
			t = __va(e & PTE_PFN_MASK);
		}
		memcpy((u8 *)buf + done, (u8 *)t + off, n);
		done += n;
		addr += n;
	}
	return done;
}

int proc_pid_cmdline_show(struct seq_file *m, struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	char buf[256];
	unsigned long addr, end;

	if (!mm)
		return 0;               /* a kernel thread: empty, as Linux's */
	end = mm->arg_end <= mm->arg_start ? mm->arg_start :
	      mm->arg_start + min(mm->arg_end - mm->arg_start, (unsigned long)CMDLINE_MAX);
	for (addr = mm->arg_start; addr < end;) {
		size_t want = end - addr < sizeof(buf) ? end - addr : sizeof(buf);
		size_t got = read_user_mm(mm, addr, buf, want);

		seq_write(m, buf, got);
		if (got < want)
			break;
		addr += got;
	}
	mmput(mm);
	return 0;
}

/* One ps line: busybox's columns, then the state, CPU and a kernel thread's [name]. */
static void ps_line(struct seq_file *m, struct task_struct *t)
{
	u64 ticks = t->utime + t->stime;
	unsigned long secs = (unsigned long)(ticks / HZ);

	seq_printf(m, "%5d %5d %-8s %3lu:%02lu %c %3d ", t->pid, task_ppid(t), "root",
		   secs / 60, secs % 60, task_state_name(t)[0], t->cpu);
	if (t->flags & PF_KTHREAD)
		seq_printf(m, "[%s]\n", t->comm);
	else
		seq_printf(m, "%s\n", t->comm);
}

/* Every task: the idle tasks (pid 0) first, then the task list in creation order. */
int ps_show(struct seq_file *m, void *v)
{
	struct task_struct *t;
	unsigned long flags;
	unsigned int cpu;

	(void)v;
	seq_puts(m, "  PID  PPID USER        TIME S CPU COMMAND\n");
	for_each_online_cpu(cpu)
		if (cpu_rq(cpu)->idle)
			ps_line(m, cpu_rq(cpu)->idle);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(t)
		ps_line(m, t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return 0;
}
MONITOR_SHOW(ps, "every task: pid, parent, CPU time, state, CPU, name", ps_show);
