/*
 * The APs' idle loop, and work in process context on other CPUs:
 * run_on_each_cpu() (Linux's schedule_on_each_cpu) and smp_call_on_cpu().
 *
 * Each CPU has one work slot.  A caller claims a CPU's free slot (waiting up
 * to WORK_CLAIM_MS while it is busy: a CPU running work is given no more
 * until it finishes), fills it, marks it queued and sends RESCHEDULE_VECTOR;
 * the CPU's idle loop wakes from hlt, takes the work, runs it with
 * interrupts on, marks it done and wakes the caller (which may wait in hlt,
 * see wait_until).  Every wait is bounded and reports the CPU it waited for:
 *
 *   FREE --claim--> CLAIMED --fill--> QUEUED --idle loop--> RUNNING --> DONE --caller--> FREE
 *   QUEUED --caller gave up--> FREE;  RUNNING --caller gave up--> ABANDONED --fn returns--> FREE
 *
 * Work runs on the APs' idle loops only: the boot CPU runs the monitor (in
 * PID 1, on CPU 0), and takes work only from itself (run directly).  Every
 * CPU's idle task runs this loop, and gives the CPU to a task that becomes
 * runnable (need_resched); work runs when no task wants the CPU.
 */
#define pr_fmt(fmt) "smpboot: " fmt

#include <asm/apic.h>
#include <asm/atomic.h>
#include <asm/hardirq.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <errno.h>
#include <kernel/irq.h>
#include <kernel/irqflags.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/time.h>

#include "smpboot_internal.h"

#define WORK_CLAIM_MS   10000   /* for a busy CPU to finish its previous work */
#define WORK_START_MS   10000   /* for a woken CPU to take the work (or finish it) */
#define WORK_FINISH_MS  120000  /* then for running work to return: 2 min more */

enum work_state { WORK_FREE, WORK_CLAIMED, WORK_QUEUED, WORK_RUNNING, WORK_DONE, WORK_ABANDONED };

struct cpu_work {
	int (*fn)(void *arg);
	void *arg;
	int ret;
	int state;
	unsigned int waiter;            /* the CPU to wake when the work is done */
} __attribute__((aligned(64)));

static struct cpu_work cpu_work[NR_CPUS];

static enum irqreturn smp_reschedule_interrupt(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	inc_irq_stat(irq_resched_count);
	return IRQ_HANDLED;
}

void smpboot_work_init(void)
{
	if (request_vector(RESCHEDULE_VECTOR, smp_reschedule_interrupt, "RES", NULL))
		pr_err("RESCHEDULE_VECTOR %#x is taken; idle CPUs wake only on their tick\n",
		       RESCHEDULE_VECTOR);
}

void smp_send_reschedule(int cpu)
{
	apic_send_IPI(cpu, RESCHEDULE_VECTOR);
}

/* Take the queued work, run it, hand back the result. */
static void run_queued_work(struct cpu_work *w)
{
	int ret;

	if (cmpxchg(&w->state, WORK_QUEUED, WORK_RUNNING) != WORK_QUEUED)
		return;
	ret = w->fn(w->arg);
	w->ret = ret;
	if (cmpxchg(&w->state, WORK_RUNNING, WORK_DONE) == WORK_ABANDONED)
		smp_store_release(&w->state, WORK_FREE);    /* nobody waits for it any more */
	else
		smp_send_reschedule((int)w->waiter);        /* it may be in hlt */
}

void cpu_idle(void)
{
	struct cpu_work *w = &cpu_work[smp_processor_id()];

	for (;;) {
		local_irq_disable();
		if (need_resched()) {
			local_irq_enable();
			schedule_idle();        /* a task became runnable on this CPU */
			continue;
		}
		if (READ_ONCE(w->state) == WORK_QUEUED) {
			local_irq_enable();
			run_queued_work(w);
			continue;
		}
		tlb_enter_idle();       /* shootdowns wait for our next interrupt (mm/tlb.c) */
		/*
		 * sti; hlt: an interrupt right after the check still wakes the hlt.
		 * No poll before it (Linux's halt-polling): under TCG a polling vCPU
		 * takes a host core from the CPU that would wake it (docs/design.md).
		 */
		__asm__ volatile("sti; hlt" ::: "memory");
	}
}

/* Claim cpu's slot, fill it and wake the CPU.  0, -ENXIO (offline) or -EBUSY. */
static int queue_work_on(unsigned int cpu, int (*fn)(void *), void *arg)
{
	struct cpu_work *w = &cpu_work[cpu];

	if (cpu >= NR_CPUS || !cpu_online(cpu))
		return -ENXIO;
	if (!wait_until(cmpxchg(&w->state, WORK_FREE, WORK_CLAIMED) == WORK_FREE, WORK_CLAIM_MS)) {
		pr_err("CPU%u is still busy with earlier work after %u s\n", cpu, WORK_CLAIM_MS / 1000);
		return -EBUSY;
	}
	w->fn = fn;
	w->arg = arg;
	w->waiter = smp_processor_id();
	smp_store_release(&w->state, WORK_QUEUED);
	smp_send_reschedule((int)cpu);
	return 0;
}

/*
 * Give up on cpu's work: cancel it if not started, else let it free itself
 * when fn returns.  NULL if it finished after all, else what it did not do.
 */
static const char *abandon_work(struct cpu_work *w)
{
	for (;;) {
		int s = READ_ONCE(w->state);

		if (s == WORK_DONE)
			return NULL;
		if (s == WORK_QUEUED && cmpxchg(&w->state, WORK_QUEUED, WORK_FREE) == WORK_QUEUED)
			return "start";
		if (s == WORK_RUNNING &&
		    cmpxchg(&w->state, WORK_RUNNING, WORK_ABANDONED) == WORK_RUNNING)
			return "finish";
	}
}

/* Wait for cpu's work to finish; its result, or -ETIMEDOUT (reported). */
static int wait_for_work(unsigned int cpu, const char *what)
{
	struct cpu_work *w = &cpu_work[cpu];
	int ret;

	/* the worker wakes us when it is done, not when it starts: one wait, then more if it runs */
	if (!wait_until(READ_ONCE(w->state) == WORK_DONE, WORK_START_MS) &&
	    (READ_ONCE(w->state) == WORK_QUEUED ||
	     !wait_until(READ_ONCE(w->state) == WORK_DONE, WORK_FINISH_MS))) {
		const char *undone = abandon_work(w);

		if (undone) {
			pr_err("CPU%u did not %s its %s work in time; going on without it\n", cpu,
			       undone, what);
			return -ETIMEDOUT;
		}
	}
	ret = w->ret;
	smp_store_release(&w->state, WORK_FREE);
	return ret;
}

struct each_cpu_call {
	void (*fn)(void *info);
	void *info;
};

static int run_each_cpu_fn(void *arg)
{
	struct each_cpu_call *c = arg;

	c->fn(c->info);
	return 0;
}

void run_on_each_cpu(void (*fn)(void *info), void *info)
{
	struct each_cpu_call call = { fn, info };
	unsigned int cpu, self = smp_processor_id();
	bool queued[NR_CPUS] = { false };

	for_each_online_cpu(cpu)
		if (cpu != self)
			queued[cpu] = !queue_work_on(cpu, run_each_cpu_fn, &call);
	fn(info);
	for_each_possible_cpu(cpu)
		if (queued[cpu])
			wait_for_work(cpu, "run_on_each_cpu");
}

int smp_call_on_cpu(unsigned int cpu, int (*fn)(void *), void *par, bool phys)
{
	int err;

	(void)phys;                     /* no hypervisor vCPUs to pin */
	if (cpu == smp_processor_id())
		return fn(par);
	if (cpu == 0)
		return -EBUSY;          /* the boot CPU runs the monitor, not an idle loop */
	err = queue_work_on(cpu, fn, par);
	if (err)
		return err;
	return wait_for_work(cpu, "smp_call_on_cpu");
}
