/*
 * Running functions on other CPUs (Linux's kernel/smp.c and
 * arch/x86/kernel/smp.c).
 *
 * Every CPU has a call-single queue: a lock-free list of call_single_data
 * (csd) entries, each naming a function, its argument and the CPU that
 * must run it.  To call func on CPU 2:
 *
 *   CPU 0                                        CPU 2
 *   csd_lock(csd)       flags: LOCK set
 *   csd->func = func
 *   llist_add(csd, CPU 2's queue)
 *     queue was empty? -> IPI CALL_FUNCTION_SINGLE --> interrupt:
 *   csd_lock_wait(csd)  spins on LOCK             llist_del_all(own queue)
 *                                                 func(info)
 *                       <--------------------     csd_unlock(csd): LOCK clear
 *   returns
 *
 * Only the first entry on an empty queue sends an IPI: the handler takes the
 * whole queue at once, so later entries ride on the same interrupt.  A call
 * that waits keeps its csd on the caller's stack; one that does not uses this
 * CPU's csd_data (or cfd_data's one per target), and the next call through
 * the same csd first waits for it to be free (csd_lock).
 *
 * The wait is bounded in what it says, not in how long it waits: a target
 * that has not answered in csd_lock_timeout ms (5000; smp.csd_lock_timeout=
 * on the command line, as Linux's) is reported, as Linux's
 * CONFIG_CSD_LOCK_WAIT_DEBUG does, its IPI is sent again, and the wait goes
 * on (the csd may sit on the caller's stack: giving up would leave the target
 * a dangling pointer).  A target that has gone offline (stopped by a panic)
 * ends the wait.
 *
 * A CPU waiting with interrupts off cannot answer another CPU's call: two
 * such CPUs calling each other wait forever.  Linux warns once when a call is
 * made with interrupts off; so does Atlas, and while it waits so it also runs
 * its own queue, so that the deadlock does not happen.
 */
#include <asm/apic.h>
#include <asm/hardirq.h>
#include <asm/processor.h>
#include <errno.h>
#include <kernel/irq.h>
#include <kernel/cmdline.h>
#include <kernel/irqflags.h>
#include <kernel/monitor.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/time.h>

#define CSD_LOCK_TIMEOUT_MS 5000        /* Linux's smp.csd_lock_timeout default */
#define CSD_FLAG_LOCK  0x01
#define CSD_TYPE_SYNC  0x10             /* the caller waits: unlock after func */
#define STOP_TIMEOUT_US 1000000         /* smp_send_stop: Linux waits a second */

/* A lock-free singly linked list (Linux's include/linux/llist.h, reduced). */
struct llist_node {
	struct llist_node *next;
};
struct llist_head {
	struct llist_node *first;
};

/* Push node; true if the list was empty before. */
static bool llist_add(struct llist_node *node, struct llist_head *head)
{
	struct llist_node *first = READ_ONCE(head->first), *seen;

	for (;;) {
		node->next = first;
		seen = cmpxchg(&head->first, first, node);
		if (seen == first)
			return first == NULL;
		first = seen;
	}
}

static struct llist_node *llist_del_all(struct llist_head *head)
{
	return xchg(&head->first, NULL);
}

/* The list comes off newest first: turn it round, so calls run in the order made. */
static struct llist_node *llist_reverse_order(struct llist_node *n)
{
	struct llist_node *r = NULL;

	while (n) {
		struct llist_node *next = n->next;

		n->next = r;
		r = n;
		n = next;
	}
	return r;
}

typedef struct __call_single_data {
	struct llist_node llist;        /* first: the queue links through it */
	unsigned int flags;
	u16 src, dst;                   /* calling and target CPU, for the report */
	smp_call_func_t func;
	void *info;
} call_single_data_t;

struct call_function_data {
	call_single_data_t csd[NR_CPUS];        /* one per target CPU */
};

static DEFINE_PER_CPU(struct llist_head, call_single_queue);
static DEFINE_PER_CPU(call_single_data_t, csd_data);
static DEFINE_PER_CPU(struct call_function_data, cfd_data);
/* The csd this CPU is running now (NULL: none), for the non-responsive report. */
static DEFINE_PER_CPU(call_single_data_t *, cur_csd);
static atomic_t csd_bug_count;
unsigned long csd_lock_timeout = CSD_LOCK_TIMEOUT_MS;

KERNEL_PARAM("smp.csd_lock_timeout", "ms an IPI may go unanswered before it is reported (default 5000)");

/* smp.csd_lock_timeout=MS, read at the first wait (Linux's module parameter). */
static void csd_lock_timeout_setup(void)
{
	static bool done;
	const char *val;
	unsigned long ms;

	if (done)
		return;
	done = true;
	val = cmdline_get(&boot_cmdline, "smp.csd_lock_timeout");
	if (!val)
		return;
	if (kstrtoul(val, 0, &ms) || !ms)
		pr_err("smp: bad smp.csd_lock_timeout=%s: keeping %lu ms\n", val, csd_lock_timeout);
	else
		csd_lock_timeout = ms;
}

/* Once, with a stack trace: the caller has interrupts off (Linux's WARN_ON_ONCE). */
static void warn_irqs_disabled(void)
{
	static bool warned;

	if (warned || num_online_cpus() == 1)
		return;
	warned = true;
	pr_warn("WARNING: CPU: %u at kernel/smp.c: smp_call_function with interrupts disabled (deadlock risk)\n",
		smp_processor_id());
	dump_stack();
}

static void __flush_smp_call_function_queue(void);

int csd_lock_wait_reports(void)
{
	return atomic_read(&csd_bug_count);
}

/* Report a target that has not answered in csd_lock_timeout ms (Linux's csd_lock_wait_toolong). */
static void csd_lock_wait_toolong(call_single_data_t *csd, u64 waited_ns)
{
	unsigned int cpu = READ_ONCE(csd->dst);
	/* before the count moves: a call may wait for it to move, then end (tests/ipi.c) */
	call_single_data_t *cur = READ_ONCE(per_cpu(cur_csd, cpu));
	int id = atomic_inc_return(&csd_bug_count);

	pr_alert("csd: Detected non-responsive CSD lock (#%d) on CPU#%u, waiting %llu ns for CPU#%02u %pS(%p).\n",
		 id, smp_processor_id(), (unsigned long long)waited_ns, cpu, (void *)csd->func, csd->info);
	if (cur && cur != csd)
		pr_alert("\tcsd: CSD lock (#%d) handling prior %pS(%p) request.\n",
			 id, (void *)cur->func, cur->info);
	else
		pr_alert("\tcsd: CSD lock (#%d) %s.\n", id, cur ? "handling this request" : "unresponsive");
	if (!cur) {
		pr_alert("csd: Re-sending CSD lock (#%d) IPI from CPU#%02u to CPU#%02u\n",
			 id, smp_processor_id(), cpu);
		apic_send_IPI((int)cpu, CALL_FUNCTION_SINGLE_VECTOR);
	}
	dump_stack();
}

/* Wait until the target has run csd (or gone offline), saying so when it takes long. */
static void csd_lock_wait(call_single_data_t *csd)
{
	u64 start = local_clock(), last = start;
	bool irqs_off = irqs_disabled();

	csd_lock_timeout_setup();

	while (smp_load_acquire(&csd->flags) & CSD_FLAG_LOCK) {
		u64 now;

		if (irqs_off)
			__flush_smp_call_function_queue();     /* answer calls made to us */
		if (!cpu_online(READ_ONCE(csd->dst)))
			return;
		cpu_relax();
		now = local_clock();
		if (now - last > READ_ONCE(csd_lock_timeout) * NSEC_PER_MSEC) {
			csd_lock_wait_toolong(csd, now - start);
			last = now;
		}
	}
}

static void csd_lock(call_single_data_t *csd)
{
	csd_lock_wait(csd);
	csd->flags |= CSD_FLAG_LOCK;
	smp_mb();                       /* the lock before the fields the target reads */
}

static void csd_unlock(call_single_data_t *csd)
{
	smp_store_release(&csd->flags, 0);
}

/* Queue csd on cpu's list; the first entry on an empty list sends the IPI. */
static void __smp_call_single_queue(unsigned int cpu, call_single_data_t *csd)
{
	csd->src = (u16)smp_processor_id();
	csd->dst = (u16)cpu;
	if (llist_add(&csd->llist, &per_cpu(call_single_queue, cpu)))
		apic_send_IPI((int)cpu, CALL_FUNCTION_SINGLE_VECTOR);
}

/* Run every call queued for this CPU, in the order they were made. */
static void __flush_smp_call_function_queue(void)
{
	struct llist_node *n = llist_del_all(this_cpu_ptr(&call_single_queue));

	for (n = llist_reverse_order(n); n; ) {
		call_single_data_t *csd = container_of(n, call_single_data_t, llist);
		smp_call_func_t func = csd->func;
		void *info = csd->info;

		n = n->next;            /* csd may be reused as soon as it is unlocked */
		this_cpu_write(cur_csd, csd);
		if (csd->flags & CSD_TYPE_SYNC) {
			func(info);
			csd_unlock(csd);
		} else {
			csd_unlock(csd);
			func(info);
		}
		this_cpu_write(cur_csd, NULL);
	}
}

/*
 * CALL_FUNCTION_SINGLE_VECTOR and CALL_FUNCTION_VECTOR (Linux's
 * sysvec_call_function_single, sysvec_call_function): both run this CPU's
 * queue and count a CAL.
 */
enum irqreturn smp_call_function_interrupt(int irq, void *dev)
{
	inc_irq_stat(irq_call_count);
	__flush_smp_call_function_queue();
	return IRQ_HANDLED;
}

/* Run func here, with interrupts off, as it would run in the IPI handler. */
static void run_local(smp_call_func_t func, void *info)
{
	unsigned long flags;

	local_irq_save(flags);
	func(info);
	local_irq_restore(flags);
}

int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait)
{
	call_single_data_t csd_stack = { .flags = CSD_FLAG_LOCK | CSD_TYPE_SYNC };
	call_single_data_t *csd = &csd_stack;

	if (irqs_disabled())
		warn_irqs_disabled();
	if (cpu == (int)smp_processor_id()) {
		run_local(func, info);
		return 0;
	}
	if (cpu < 0 || !cpu_online((unsigned int)cpu))
		return -ENXIO;
	if (!wait) {
		csd = this_cpu_ptr(&csd_data);
		csd_lock(csd);
	}
	csd->func = func;
	csd->info = info;
	__smp_call_single_queue((unsigned int)cpu, csd);
	if (wait)
		csd_lock_wait(csd);
	return 0;
}

/* Queue func on every CPU of mask but this one; returns how many were queued. */
static unsigned int queue_many(const struct cpumask *mask, smp_call_func_t func, void *info,
			       int wait, struct cpumask *ipi)
{
	struct call_function_data *cfd = this_cpu_ptr(&cfd_data);
	unsigned int cpu, me = smp_processor_id(), n = 0;

	ipi->bits[0] = 0;
	for_each_cpu(cpu, mask) {
		call_single_data_t *csd = &cfd->csd[cpu];

		if (cpu == me || !cpu_online(cpu))
			continue;
		csd_lock(csd);
		if (wait)
			csd->flags |= CSD_TYPE_SYNC;
		csd->func = func;
		csd->info = info;
		csd->src = (u16)me;
		csd->dst = (u16)cpu;
		if (llist_add(&csd->llist, &per_cpu(call_single_queue, cpu)))
			cpumask_set_cpu(cpu, ipi);
		n++;
	}
	return n;
}

/*
 * Linux's smp_call_function_many_cond: queue func on every online CPU of mask
 * but this one, wake them (the single-call vector when one CPU needs waking,
 * else the many-call one, as Linux), run it here too if local, then wait.
 */
static void smp_call_function_many_cond(const struct cpumask *mask, smp_call_func_t func,
					void *info, bool wait, bool local)
{
	struct call_function_data *cfd = this_cpu_ptr(&cfd_data);
	unsigned int cpu, me = smp_processor_id();
	struct cpumask ipi;

	if (irqs_disabled())
		warn_irqs_disabled();
	if (queue_many(mask, func, info, wait, &ipi)) {
		if (cpumask_weight(&ipi) == 1)
			apic_send_IPI((int)cpumask_next_from(0, &ipi), CALL_FUNCTION_SINGLE_VECTOR);
		else
			for_each_cpu(cpu, &ipi)
				apic_send_IPI((int)cpu, CALL_FUNCTION_VECTOR);
	}
	if (local && cpumask_test_cpu(me, mask))
		run_local(func, info);
	if (!wait)
		return;
	for_each_cpu(cpu, mask)
		if (cpu != me)
			csd_lock_wait(&cfd->csd[cpu]);
}

void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func,
			    void *info, bool wait)
{
	smp_call_function_many_cond(mask, func, info, wait, false);
}

void smp_call_function(smp_call_func_t func, void *info, int wait)
{
	smp_call_function_many_cond(cpu_online_mask, func, info, wait, false);
}

void on_each_cpu_mask(const struct cpumask *mask, smp_call_func_t func, void *info, bool wait)
{
	smp_call_function_many_cond(mask, func, info, wait, true);
}

void on_each_cpu(smp_call_func_t func, void *info, int wait)
{
	smp_call_function_many_cond(cpu_online_mask, func, info, wait, true);
}

/* ---- stopping the other CPUs ---- */

/* This CPU leaves the online set and halts with interrupts off (Linux's stop_this_cpu). */
static __noreturn void stop_this_cpu(void)
{
	local_irq_disable();
	set_cpu_online(smp_processor_id(), false);
	for (;;)
		halt();
}

void panic_smp_self_stop(void)
{
	stop_this_cpu();
}

/* REBOOT_VECTOR (Linux's sysvec_reboot): another CPU panics or powers off. */
enum irqreturn smp_reboot_interrupt(int irq, void *dev)
{
	lapic_eoi();                    /* we never return to do_irq's */
	stop_this_cpu();
}

void smp_send_stop(void)
{
	unsigned long timeout = STOP_TIMEOUT_US;

	if (num_online_cpus() == 1)
		return;
	smp_mb();                       /* what we wrote, before they stop */
	apic_send_IPI_allbutself(REBOOT_VECTOR);
	while (num_online_cpus() > 1 && timeout--)
		udelay(1);
	if (num_online_cpus() > 1)
		pr_emerg("smp: failed to stop secondary CPUs (%u still online)\n", num_online_cpus() - 1);
}

static void panic_here(void *info)
{
	panic("panic command on CPU %u%s", smp_processor_id(), info ? " (every CPU at once)" : "");
}

/* panic [all]: panic here, or on every CPU at once: the report is printed once. */
static int panic_cmd(struct seq_file *m, int argc, char **argv)
{
	if (argc == 1)
		panic_here(NULL);
	if (argc != 2 || strcmp(argv[1], "all"))
		return -EINVAL;
	on_each_cpu(panic_here, (void *)1, 0);
	return 0;
}
MONITOR_CMD(panic, "[all]", "panic on purpose: on this CPU, or on every CPU at once (reported once)",
	    panic_cmd);
