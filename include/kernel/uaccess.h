/*
 * Reading and writing memory that may not be mapped, without oopsing: Linux's
 * copy_from_kernel_nofault() and get_kernel_nofault().  Each access is listed in
 * the exception table, so a fault resumes at a fixup that returns -EFAULT.
 */
#ifndef ATLAS_KERNEL_UACCESS_H
#define ATLAS_KERNEL_UACCESS_H

#include <kernel/types.h>

/* Copy size bytes; 0, or -EFAULT if any byte could not be read or written. */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);
long copy_to_kernel_nofault(void *dst, const void *src, size_t size);

/* val = *ptr: 0, or -EFAULT (val is then undefined, as in Linux). */
#define get_kernel_nofault(val, ptr) \
	copy_from_kernel_nofault(&(val), (ptr), sizeof(val))

#endif
