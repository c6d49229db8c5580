/*
 * Random bytes (Linux's drivers/char/random.c names: get_random_bytes,
 * getrandom(2)), kept small and honest: this is NOT a cryptographic random
 * number generator, and nothing in Atlas should protect a secret with it.
 *
 * Where CPUID.1:ECX bit 30 says the CPU has RDRAND (Intel SDM vol 1 §7.3.17;
 * QEMU's -cpu max has it, even under TCG), every 64-bit word is one RDRAND,
 * retried up to ten times while the carry flag reports "no value yet", as
 * Intel's guide advises.  Without RDRAND (QEMU's default qemu64 CPU) the
 * words come from splitmix64 (Steele, Lea and Flood, 2014), seeded from the
 * TSC at first use and stirred with the TSC at every call: the sequence
 * differs per boot and per call time, which is what AT_RANDOM's stack canary
 * and a hash table's seed need here, but the TSC is guessable, so the output
 * is predictable to anyone who can estimate when it was taken.
 */
#include <asm/processor.h>
#include <errno.h>
#include <kernel/kernel.h>
#include <kernel/random.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <uapi/linux/random.h>

#define CPUID1_ECX_RDRAND (1U << 30)
#define RDRAND_RETRY_LOOPS 10           /* Intel's DRNG guide: 10 tries, then give up */
#define SPLITMIX_GAMMA 0x9e3779b97f4a7c15ULL    /* 2^64 / the golden ratio */

enum rdrand_state { RDRAND_UNKNOWN, RDRAND_YES, RDRAND_NO };

static enum rdrand_state rdrand_state;
static u64 splitmix_state;
static DEFINE_SPINLOCK(splitmix_lock);  /* splitmix_state */

bool random_uses_rdrand(void)
{
	if (READ_ONCE(rdrand_state) == RDRAND_UNKNOWN) {
		u32 a, b, c, d;

		cpuid(1, &a, &b, &c, &d);
		WRITE_ONCE(rdrand_state, (c & CPUID1_ECX_RDRAND) ? RDRAND_YES : RDRAND_NO);
	}
	return rdrand_state == RDRAND_YES;
}

/* One RDRAND word; false if the CPU gave none in RDRAND_RETRY_LOOPS tries. */
static bool rdrand_long(u64 *v)
{
	for (int i = 0; i < RDRAND_RETRY_LOOPS; i++) {
		bool ok;

		__asm__ volatile("rdrand %0" : "=r"(*v), "=@ccc"(ok));
		if (ok)
			return true;
	}
	return false;
}

/* splitmix64's output function: a bijective mix of the state. */
static u64 splitmix_next(void)
{
	unsigned long flags;
	u64 z;

	spin_lock_irqsave(&splitmix_lock, flags);
	if (!splitmix_state)
		splitmix_state = rdtsc();
	splitmix_state += SPLITMIX_GAMMA ^ (rdtsc() << 32);    /* stir in the time */
	z = splitmix_state;
	spin_unlock_irqrestore(&splitmix_lock, flags);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u64 get_random_u64(void)
{
	u64 v;

	if (random_uses_rdrand() && rdrand_long(&v))
		return v;
	return splitmix_next();
}

void get_random_bytes(void *buf, size_t n)
{
	u8 *p = buf;

	while (n) {
		u64 v = get_random_u64();
		size_t chunk = n < sizeof(v) ? n : sizeof(v);

		memcpy(p, &v, chunk);
		p += chunk;
		n -= chunk;
	}
}

#define GETRANDOM_CHUNK 256             /* bytes made and copied out per step */
#define GETRANDOM_MAX   0x7fffffffUL    /* Linux caps one call at INT_MAX bytes */

/*
 * getrandom(buf, count, flags): count random bytes (never blocks: the source
 * is always "ready").  Linux's checks: unknown flags, or GRND_INSECURE with
 * GRND_RANDOM, are -EINVAL.  A fault after some bytes returns the bytes
 * written, before any returns -EFAULT.
 */
SYSCALL_DEFINE3(getrandom, char __user *, ubuf, size_t, count, unsigned int, flags)
{
	u8 chunk[GETRANDOM_CHUNK];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (count > GETRANDOM_MAX)
		count = GETRANDOM_MAX;
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));

		get_random_bytes(chunk, n);
		if (copy_to_user(ubuf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	memset(chunk, 0, sizeof(chunk));        /* leave no copy on the kernel stack */
	return (long)done;
}
