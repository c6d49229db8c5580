/*
 * sched_proc suite: what /proc/PID/{stat,status,cmdline} and the monitor's
 * ps print of a task (kernel/sched_proc.c), checked field by field against
 * Linux's formats (fs/proc/array.c) for a kernel thread asleep on a wait
 * queue, and the cmdline bytes of an address space whose argv is known.
 */
#include <errno.h>
#include <kernel/kthread.h>
#include <kernel/kunit.h>
#include <kernel/sched.h>
#include <kernel/seq_file.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/wait.h>
#include <mm/mm_types.h>
#include <mm/page.h>
#include <mm/slab.h>

#define WAIT_JIFFIES (10 * HZ)
#define STAT_FIELDS  52                 /* Linux 6.1's /proc/PID/stat */
#define SHOW_BUF     4096

struct parked {
	wait_queue_head_t wq;
	bool go;
};

static int park(void *arg)
{
	struct parked *p = arg;

	return wait_event_interruptible(p->wq, READ_ONCE(p->go));
}

/* A kernel thread asleep, with a reference: stop it with unpark. */
static struct task_struct *start_parked(struct kunit *test, struct parked *p)
{
	struct task_struct *t;
	long left = WAIT_JIFFIES;

	init_waitqueue_head(&p->wq);
	p->go = false;
	t = kthread_create_on_cpu(park, p, 0, "kparked");
	if (IS_ERR(t))
		return NULL;
	get_task_struct(t);
	wake_up_new_task(t);
	while (READ_ONCE(t->state) != TASK_INTERRUPTIBLE && left-- > 0)
		schedule_timeout_uninterruptible(1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->state), TASK_INTERRUPTIBLE);
	return t;
}

static void unpark(struct parked *p, struct task_struct *t)
{
	long left = WAIT_JIFFIES;

	WRITE_ONCE(p->go, true);
	wake_up(&p->wq);
	while (!(READ_ONCE(t->state) == TASK_DEAD && !READ_ONCE(t->on_cpu)) && left-- > 0)
		schedule_timeout_uninterruptible(1);
	put_task_struct(t);
}

static char *show(int (*fn)(struct seq_file *, struct task_struct *), struct task_struct *t)
{
	struct seq_file m;
	char *buf = kzalloc(SHOW_BUF, GFP_KERNEL);

	if (!buf)
		return NULL;
	seq_file_init(&m, buf, SHOW_BUF - 1);
	fn(&m, t);
	buf[m.count < SHOW_BUF - 1 ? m.count : SHOW_BUF - 1] = '\0';
	return buf;
}

static void stat_of_a_sleeping_kernel_thread(struct kunit *test)
{
	struct parked p;
	struct task_struct *t = start_parked(test, &p);
	char want[64], *s, *tok;
	int fields = 0;

	KUNIT_ASSERT_NOT_NULL(test, t);
	s = show(proc_pid_stat_show, t);
	KUNIT_ASSERT_NOT_NULL(test, s);
	/* pid (comm) state ppid pgrp session tty_nr tpgid flags: init's group and session */
	snprintf(want, sizeof(want), "%d (kparked) S 1 1 1 0 -1 %u ", t->pid, t->flags);
	KUNIT_EXPECT_EQ(test, strncmp(s, want, strlen(want)), 0);
	KUNIT_EXPECT_EQ(test, s[strlen(s) - 1], '\n');
	/* priority 20, nice 0, one thread; asleep (wchan 1), exit_signal -1, CPU 0 near the end */
	KUNIT_EXPECT_NOT_NULL(test, strstr(s, " 20 0 1 0 "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(s, " 0 0 0 0 1 0 0 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"));
	for (tok = s; *tok; tok++)
		fields += *tok == ' ';
	KUNIT_EXPECT_EQ(test, fields + 1, STAT_FIELDS);
	kfree(s);
	unpark(&p, t);
}

static void status_of_a_sleeping_kernel_thread(struct kunit *test)
{
	struct parked p;
	struct task_struct *t = start_parked(test, &p);
	char want[64], *s;

	KUNIT_ASSERT_NOT_NULL(test, t);
	s = show(proc_pid_status_show, t);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, strncmp(s, "Name:\tkparked\n", 14), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(s, "\nState:\tS (sleeping)\n"));
	snprintf(want, sizeof(want), "\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t1\n", t->pid, t->pid);
	KUNIT_EXPECT_NOT_NULL(test, strstr(s, want));
	KUNIT_EXPECT_NULL(test, strstr(s, "VmSize"));           /* no mm: no Vm lines */
	KUNIT_EXPECT_NOT_NULL(test, strstr(s, "\nCapEff:\t000001ffffffffff\n"));
	snprintf(want, sizeof(want), "\nCpus_allowed_list:\t0%s\n",
		 num_possible_cpus() == 1 ? "" : num_possible_cpus() == 2 ? "-1" : "-");
	if (num_possible_cpus() <= 2)
		KUNIT_EXPECT_NOT_NULL(test, strstr(s, want));
	KUNIT_EXPECT_NOT_NULL(test, strstr(s, "\nvoluntary_ctxt_switches:\t"));
	KUNIT_EXPECT_EQ(test, strcmp(s + strlen(s) - 1, "\n"), 0);
	kfree(s);
	unpark(&p, t);
}

static void cmdline_is_argv_from_the_stack(struct kunit *test)
{
	static struct task_struct fake;         /* only ->mm is read */
	static const char argv[] = "/bin/echo\0hi\0there";
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);
	u64 *pgd = (u64 *)get_zeroed_page(GFP_KERNEL);
	u64 *t[3];
	u8 *page;
	char *s;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	KUNIT_ASSERT_NOT_NULL(test, pgd);
	for (int i = 0; i < 3; i++)
		t[i] = (u64 *)get_zeroed_page(GFP_KERNEL);
	page = (u8 *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, t[0] && t[1] && t[2] && page);
	/* argv at 0x7ffffffff000 - 0x100: PGD 255, PUD 511, PMD 511, PTE 510 */
	pgd[255] = __pa(t[0]) | 7;
	t[0][511] = __pa(t[1]) | 7;
	t[1][511] = __pa(t[2]) | 7;
	t[2][510] = __pa(page) | 7;
	memcpy(page + PAGE_SIZE - 0x100, argv, sizeof(argv));
	mm->pgd = pgd;
	mm->mm_users = 1;               /* ours: the show function's mmget/mmput go round it */
	mm->mm_count = 1;
	mm->arg_start = 0x7ffffffff000UL - 0x100;
	mm->arg_end = mm->arg_start + sizeof(argv);
	fake.mm = mm;
	s = show(proc_pid_cmdline_show, &fake);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, memcmp(s, argv, sizeof(argv)), 0);
	kfree(s);
	fake.mm = NULL;
	s = show(proc_pid_cmdline_show, &fake);
	KUNIT_EXPECT_EQ(test, s ? s[0] : 'x', '\0');            /* a kernel thread: empty */
	kfree(s);
	for (int i = 0; i < 3; i++)
		free_page((unsigned long)t[i]);
	free_page((unsigned long)page);
	free_page((unsigned long)pgd);
	kfree(mm);
}

static void ps_lists_idle_tasks_init_and_threads(struct kunit *test)
{
	struct parked p;
	struct task_struct *t = start_parked(test, &p);
	struct seq_file m;
	char *buf = kzalloc(SHOW_BUF * 4, GFP_KERNEL), want[64];

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	seq_file_init(&m, buf, SHOW_BUF * 4 - 1);
	ps_show(&m, NULL);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "  PID  PPID USER        TIME S CPU COMMAND\n", 43), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "    0     0 root       0:00 R   0 [swapper/0]\n") ?:
			      strstr(buf, "[swapper/0]\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "    1     0 root    "));
	snprintf(want, sizeof(want), "%5d     1 root    ", t->pid);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, want));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " S   0 [kparked]\n"));
	kfree(buf);
	unpark(&p, t);
}

static struct kunit_case sched_proc_cases[] = {
	KUNIT_CASE(stat_of_a_sleeping_kernel_thread),
	KUNIT_CASE(status_of_a_sleeping_kernel_thread),
	KUNIT_CASE(cmdline_is_argv_from_the_stack),
	KUNIT_CASE(ps_lists_idle_tasks_init_and_threads),
	{}
};

static struct kunit_suite sched_proc_suite = {
	.name = "sched_proc",
	.test_cases = sched_proc_cases,
};
kunit_test_suite(sched_proc_suite);
