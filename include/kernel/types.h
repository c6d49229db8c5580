/*
 * Fixed-width types, as Linux's include/linux/types.h names them.
 * Freestanding: only the compiler's own headers (stdint, stddef, stdbool), so
 * the same header serves the kernel and the host unit tests.
 */
#ifndef ATLAS_KERNEL_TYPES_H
#define ATLAS_KERNEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t  u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t   s8;
typedef int16_t  s16;
typedef int32_t  s32;
typedef int64_t  s64;

typedef u64 phys_addr_t;        /* a physical address */
typedef u64 resource_size_t;
typedef long ssize_t;

#endif
