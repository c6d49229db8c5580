/* Small arithmetic helpers, as in Linux's include/linux/kernel.h and align.h. */
#ifndef ATLAS_KERNEL_KERNEL_H
#define ATLAS_KERNEL_KERNEL_H

#include <kernel/compiler.h>
#include <kernel/types.h>

#define min(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })

/* a must be a power of two */
#define ALIGN(x, a)        (((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)   ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)   (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define BITS_PER_LONG 64

/*
 * Where the kernel is in its life (Linux's system_state): BOOTING until every
 * CPU is up and interrupts are on, then RUNNING.  Checks that boot's own steps
 * would trip (might_sleep with interrupts still off) wait for RUNNING.
 */
enum system_states { SYSTEM_BOOTING, SYSTEM_RUNNING };
extern enum system_states system_state;

#define SZ_1K   0x400UL
#define SZ_4K   0x1000UL
#define SZ_1M   0x100000UL
#define SZ_2M   0x200000UL
#define SZ_16M  0x1000000UL
#define SZ_1G   0x40000000UL
#define SZ_4G   0x100000000UL

#endif
