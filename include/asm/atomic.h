/*
 * Atomic operations and memory barriers on x86-64 (Linux's asm/atomic.h,
 * asm/cmpxchg.h, asm/barrier.h).  x86 keeps loads and stores in order except
 * that a load may pass an earlier store to another address: smp_mb() is the
 * only barrier that needs an instruction; smp_rmb/smp_wmb stop the compiler.
 */
#ifndef ATLAS_ASM_ATOMIC_H
#define ATLAS_ASM_ATOMIC_H

#include <kernel/compiler.h>
#include <kernel/types.h>

#define mb()      __asm__ volatile("mfence" ::: "memory")
#define smp_mb()  __asm__ volatile("lock addl $0, -4(%%rsp)" ::: "memory", "cc")
#define smp_rmb() barrier()
#define smp_wmb() barrier()

#define smp_store_release(p, v) do { barrier(); WRITE_ONCE(*(p), (v)); } while (0)
#define smp_load_acquire(p) ({ __typeof__(*(p)) ___v = READ_ONCE(*(p)); barrier(); ___v; })

/* Atomically: if *ptr == old, *ptr = new.  Returns what *ptr held. */
#define cmpxchg(ptr, old, new) __sync_val_compare_and_swap((ptr), (old), (new))
/* Atomically store v in *ptr and return what it held. */
#define xchg(ptr, v) __atomic_exchange_n((ptr), (v), __ATOMIC_SEQ_CST)

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;

#define ATOMIC_INIT(i) { (i) }

static __always_inline int atomic_read(const atomic_t *v) { return READ_ONCE(v->counter); }
static __always_inline void atomic_set(atomic_t *v, int i) { WRITE_ONCE(v->counter, i); }
static __always_inline void atomic_add(int i, atomic_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);
}
static __always_inline void atomic_sub(int i, atomic_t *v) { atomic_add(-i, v); }
static __always_inline void atomic_inc(atomic_t *v) { atomic_add(1, v); }
static __always_inline void atomic_dec(atomic_t *v) { atomic_add(-1, v); }
static __always_inline int atomic_add_return(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}
static __always_inline int atomic_inc_return(atomic_t *v) { return atomic_add_return(1, v); }
static __always_inline int atomic_dec_return(atomic_t *v) { return atomic_add_return(-1, v); }
static __always_inline bool atomic_dec_and_test(atomic_t *v) { return atomic_dec_return(v) == 0; }
static __always_inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	return cmpxchg(&v->counter, old, new);
}

static __always_inline long atomic_long_read(const atomic_long_t *v) { return READ_ONCE(v->counter); }
static __always_inline void atomic_long_set(atomic_long_t *v, long i) { WRITE_ONCE(v->counter, i); }
static __always_inline void atomic_long_add(long i, atomic_long_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);
}
static __always_inline void atomic_long_sub(long i, atomic_long_t *v) { atomic_long_add(-i, v); }
static __always_inline void atomic_long_inc(atomic_long_t *v) { atomic_long_add(1, v); }
static __always_inline void atomic_long_dec(atomic_long_t *v) { atomic_long_add(-1, v); }

/* Bit operations on an unsigned long bitmap (Linux's asm/bitops.h): atomic. */
static __always_inline void set_bit(unsigned int nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[nr / 64], 1UL << (nr % 64), __ATOMIC_SEQ_CST);
}
static __always_inline void clear_bit(unsigned int nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[nr / 64], ~(1UL << (nr % 64)), __ATOMIC_SEQ_CST);
}
static __always_inline bool test_bit(unsigned int nr, const volatile unsigned long *addr)
{
	return (READ_ONCE(addr[nr / 64]) >> (nr % 64)) & 1;
}
static __always_inline bool test_and_set_bit(unsigned int nr, volatile unsigned long *addr)
{
	return __atomic_fetch_or(&addr[nr / 64], 1UL << (nr % 64), __ATOMIC_SEQ_CST) >> (nr % 64) & 1;
}

#endif
