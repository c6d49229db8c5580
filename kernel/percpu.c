/*
 * Per-CPU areas (include/kernel/percpu.h explains the scheme): the boot
 * CPU's is the .data..percpu section itself; every other CPU's is a copy made
 * from the section's contents at boot.  The end of each area is the dynamic
 * reserve that alloc_percpu hands out, in 8-byte units tracked by a bitmap.
 */
#include <asm/msr.h>
#include <errno.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/page.h>

#define PCPU_UNIT  8                                    /* bytes per bitmap bit */
#define PCPU_UNITS (PERCPU_DYNAMIC_RESERVE / PCPU_UNIT)
#define PCPU_TEMPLATE_MAX (16 * 1024)                   /* linker.ld checks the static part */

unsigned long __per_cpu_offset[NR_CPUS];
DEFINE_PER_CPU(unsigned long, this_cpu_off);
DEFINE_PER_CPU(unsigned int, cpu_number);
DEFINE_PER_CPU(unsigned int, __preempt_count);

struct cpumask __cpu_possible_mask = { { 1 } }, __cpu_online_mask = { { 1 } };
unsigned int nr_cpu_ids = 1;

extern char __per_cpu_dynamic[];        /* linker.ld: the reserve's start */

static u8 percpu_template[PCPU_TEMPLATE_MAX];
static unsigned long pcpu_used[PCPU_UNITS / 64];        /* a set bit: that unit is taken */
static u16 pcpu_chunk_units[PCPU_UNITS];                /* at an allocation's first unit: its length */
static size_t pcpu_used_units;
static DEFINE_SPINLOCK(pcpu_lock);

static size_t percpu_static_size(void)
{
	return (size_t)(__per_cpu_dynamic - __per_cpu_start);
}

static size_t percpu_area_size(void)
{
	return (size_t)(__per_cpu_end - __per_cpu_start);
}

void percpu_save_template(void)
{
	memcpy(percpu_template, __per_cpu_start, percpu_static_size());
}

void percpu_set_this_cpu(unsigned int cpu)
{
	wrmsr(MSR_GS_BASE, __per_cpu_offset[cpu]);
	this_cpu_write(this_cpu_off, __per_cpu_offset[cpu]);
	this_cpu_write(cpu_number, cpu);
}

int percpu_alloc_area(unsigned int cpu)
{
	unsigned int order = get_order(percpu_area_size());
	struct page *page;
	char *area;

	if (cpu == 0 || cpu >= NR_CPUS)
		return cpu ? -EINVAL : 0;
	if (__per_cpu_offset[cpu])
		return 0;
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
	if (!page)
		return -ENOMEM;
	area = page_address(page);
	memcpy(area, percpu_template, percpu_static_size());
	__per_cpu_offset[cpu] = (unsigned long)(area - __per_cpu_start);
	per_cpu(this_cpu_off, cpu) = __per_cpu_offset[cpu];
	per_cpu(cpu_number, cpu) = cpu;
	return 0;
}

/* The first run of units free units at a multiple of step, or -1. */
static long pcpu_find_free(size_t units, size_t step)
{
	for (size_t start = 0; start + units <= PCPU_UNITS; start += step) {
		size_t i = 0;

		while (i < units && !test_bit(start + i, pcpu_used))
			i++;
		if (i == units)
			return (long)start;
	}
	return -1;
}

void __percpu *__alloc_percpu(size_t size, size_t align)
{
	size_t units = (size + PCPU_UNIT - 1) / PCPU_UNIT, step;
	unsigned long flags;
	unsigned int cpu;
	long start;
	char *p;

	if (!size || size > PERCPU_DYNAMIC_RESERVE || !align || (align & (align - 1)) ||
	    align > PAGE_SIZE)
		return NULL;
	step = align > PCPU_UNIT ? align / PCPU_UNIT : 1;
	spin_lock_irqsave(&pcpu_lock, flags);
	start = pcpu_find_free(units, step);
	if (start >= 0) {
		for (size_t i = 0; i < units; i++)
			set_bit(start + i, pcpu_used);
		pcpu_chunk_units[start] = (u16)units;
		pcpu_used_units += units;
	}
	spin_unlock_irqrestore(&pcpu_lock, flags);
	if (start < 0)
		return NULL;
	p = __per_cpu_dynamic + start * PCPU_UNIT;
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(p, cpu), 0, units * PCPU_UNIT);
	return p;
}

void free_percpu(void __percpu *ptr)
{
	size_t start, units;
	unsigned long flags;

	if (!ptr)
		return;
	start = (size_t)((char *)ptr - __per_cpu_dynamic) / PCPU_UNIT;
	if ((char *)ptr < __per_cpu_dynamic || start >= PCPU_UNITS || !pcpu_chunk_units[start]) {
		pr_err("percpu: free_percpu(%p): not from alloc_percpu\n", ptr);
		return;
	}
	spin_lock_irqsave(&pcpu_lock, flags);
	units = pcpu_chunk_units[start];
	pcpu_chunk_units[start] = 0;
	for (size_t i = 0; i < units; i++)
		clear_bit(start + i, pcpu_used);
	pcpu_used_units -= units;
	spin_unlock_irqrestore(&pcpu_lock, flags);
}

size_t percpu_dynamic_used(void)
{
	return pcpu_used_units * PCPU_UNIT;
}
