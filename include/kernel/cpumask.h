/*
 * Sets of CPUs (Linux's include/linux/cpumask.h, for NR_CPUS <= 64): one bit
 * per CPU number.  cpu_possible_mask: the CPUs the MADT lists that Atlas may
 * use (nr_cpu_ids of them); cpu_online_mask: those running the kernel now.
 */
#ifndef ATLAS_KERNEL_CPUMASK_H
#define ATLAS_KERNEL_CPUMASK_H

#include <asm/atomic.h>
#include <kernel/percpu.h>

struct cpumask {
	unsigned long bits[1];
};
BUILD_BUG_ON(NR_CPUS > 64);

extern struct cpumask __cpu_possible_mask, __cpu_online_mask;
#define cpu_possible_mask ((const struct cpumask *)&__cpu_possible_mask)
#define cpu_online_mask   ((const struct cpumask *)&__cpu_online_mask)

extern unsigned int nr_cpu_ids;         /* CPU numbers run from 0 to nr_cpu_ids - 1 */

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m)
{
	return cpu < NR_CPUS && test_bit(cpu, m->bits);
}

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *m)
{
	set_bit(cpu, m->bits);
}

static inline void cpumask_clear_cpu(unsigned int cpu, struct cpumask *m)
{
	clear_bit(cpu, m->bits);
}

static inline unsigned int cpumask_weight(const struct cpumask *m)
{
	/* the SWAR count (no libgcc in the kernel for __builtin_popcountl without POPCNT) */
	unsigned long x = READ_ONCE(m->bits[0]);

	x -= (x >> 1) & 0x5555555555555555UL;
	x = (x & 0x3333333333333333UL) + ((x >> 2) & 0x3333333333333333UL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
	return (unsigned int)((x * 0x0101010101010101UL) >> 56);
}

/* The first CPU in m at or after n, or NR_CPUS if none. */
static inline unsigned int cpumask_next_from(unsigned int n, const struct cpumask *m)
{
	unsigned long b = n < NR_CPUS ? READ_ONCE(m->bits[0]) >> n : 0;

	return b ? n + (unsigned int)__builtin_ctzl(b) : NR_CPUS;
}

#define for_each_cpu(cpu, mask) \
	for ((cpu) = cpumask_next_from(0, (mask)); (cpu) < NR_CPUS; \
	     (cpu) = cpumask_next_from((cpu) + 1, (mask)))
#define for_each_possible_cpu(cpu) for_each_cpu((cpu), cpu_possible_mask)
#define for_each_online_cpu(cpu)   for_each_cpu((cpu), cpu_online_mask)

static inline unsigned int num_online_cpus(void)
{
	return cpumask_weight(cpu_online_mask);
}

static inline unsigned int num_possible_cpus(void)
{
	return cpumask_weight(cpu_possible_mask);
}

static inline bool cpu_online(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cpu_online_mask);
}

static inline void set_cpu_online(unsigned int cpu, bool online)
{
	if (online)
		cpumask_set_cpu(cpu, &__cpu_online_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_online_mask);
}

static inline void set_cpu_possible(unsigned int cpu, bool possible)
{
	if (possible)
		cpumask_set_cpu(cpu, &__cpu_possible_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_possible_mask);
}

#endif
