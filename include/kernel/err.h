/*
 * A pointer or an error, in one return value (Linux's include/linux/err.h):
 * the top 4095 addresses are never valid, so they can carry -errno.
 */
#ifndef ATLAS_KERNEL_ERR_H
#define ATLAS_KERNEL_ERR_H

#include <kernel/compiler.h>
#include <kernel/types.h>

#define MAX_ERRNO 4095

#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((unsigned long)ptr);
}

#endif
