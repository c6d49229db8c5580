/* Compiler attributes and helpers, named as in Linux's include/linux/compiler*.h. */
#ifndef ATLAS_KERNEL_COMPILER_H
#define ATLAS_KERNEL_COMPILER_H

#define __always_inline inline __attribute__((always_inline))
#define __noinline      __attribute__((noinline))
#define __noreturn      __attribute__((noreturn))
#define __packed        __attribute__((packed))
#define __aligned(x)    __attribute__((aligned(x)))
#define __section(s)    __attribute__((section(s)))
#define __used          __attribute__((used))
#define __unused        __attribute__((unused))
#define __weak          __attribute__((weak))
#define __printf(a, b)  __attribute__((format(printf, a, b)))

/* A pointer into user space: only copy_from_user() and its kin may follow it. */
#define __user

#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

/* Stop the compiler from moving memory accesses across this point. */
#define barrier()       __asm__ __volatile__("" ::: "memory")

#define READ_ONCE(x)     (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

/* The address of the instruction after the call that reached this function. */
#define _RET_IP_        ((unsigned long)__builtin_return_address(0))
#define _THIS_IP_       ({ __label__ __here; __here: (unsigned long)&&__here; })

#endif
