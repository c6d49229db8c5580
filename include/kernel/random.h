/*
 * Random numbers for the kernel and getrandom(2) (Linux's include/linux/random.h
 * names).  NOT cryptographic: RDRAND where the CPU has it, else a generator
 * seeded from the TSC (kernel/random.c says what that means).
 */
#ifndef ATLAS_KERNEL_RANDOM_H
#define ATLAS_KERNEL_RANDOM_H

#include <kernel/types.h>

/* Fill buf with n random bytes; never fails, never sleeps, any context. */
void get_random_bytes(void *buf, size_t n);

/* One random 64-bit value. */
u64 get_random_u64(void);

/* Whether the bytes come from the CPU's RDRAND (else the TSC-seeded generator). */
bool random_uses_rdrand(void);

#endif
