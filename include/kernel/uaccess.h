/*
 * Reaching memory that may not be mapped, without oopsing.
 *
 * Kernel addresses: Linux's copy_from_kernel_nofault() and get_kernel_nofault().
 *
 * User addresses (Linux's include/linux/uaccess.h): the kernel follows a
 * __user pointer only through these.  Each one checks that the range lies in
 * the user half (access_ok), opens user access for the copy (STAC/CLAC where
 * the CPU has SMAP), and lists its loads and stores in the exception table, so
 * an unmapped or forbidden user address that the page-fault handler cannot
 * make present ends the copy with -EFAULT: never an oops.  A fault on a user
 * address inside a VMA is handled (demand paging, copy on write) and the copy
 * goes on.  Implemented in mm/uaccess.c.
 */
#ifndef ATLAS_KERNEL_UACCESS_H
#define ATLAS_KERNEL_UACCESS_H

#include <kernel/compiler.h>
#include <kernel/types.h>

/* Copy size bytes; 0, or -EFAULT if any byte could not be read or written. */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);
long copy_to_kernel_nofault(void *dst, const void *src, size_t size);

/* val = *ptr: 0, or -EFAULT (val is then undefined, as in Linux). */
#define get_kernel_nofault(val, ptr) \
	copy_from_kernel_nofault(&(val), (ptr), sizeof(val))

/* The end of the user half: the first address a process may not use (Linux's). */
#define TASK_SIZE_MAX   0x00007ffffffff000UL

/* Whether [addr, addr + size) lies wholly in the user half (no wrap). */
static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return size <= TASK_SIZE_MAX && a <= TASK_SIZE_MAX - size;
}

/*
 * Copy n bytes between user and kernel memory.  Return the number of bytes
 * NOT copied (0 on success), as Linux's: callers turn a non-zero result into
 * -EFAULT.
 */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
/* Zero n user bytes; the number not zeroed. */
unsigned long clear_user(void __user *to, unsigned long n);

/*
 * Copy a NUL-terminated user string of at most count bytes into dst: its
 * length (without the NUL; count if no NUL came in count bytes, and dst is
 * then not terminated), or -EFAULT.  Linux's strncpy_from_user.
 */
long strncpy_from_user(char *dst, const char __user *src, long count);
/* The length of a user string including its NUL, 0 on a fault, > n if longer than n. */
long strnlen_user(const char __user *s, long n);

/* One value of 1, 2, 4 or 8 bytes (Linux's): 0 or -EFAULT. */
int __get_user_size(void *val, const void __user *ptr, unsigned long size);
int __put_user_size(const void *val, void __user *ptr, unsigned long size);

#define get_user(x, ptr) ({ \
	__typeof__(*(ptr)) __gu_val; \
	int __gu_err = __get_user_size(&__gu_val, (ptr), sizeof(*(ptr))); \
	(x) = __gu_err ? (__typeof__(*(ptr)))0 : __gu_val; \
	__gu_err; \
})

#define put_user(x, ptr) ({ \
	__typeof__(*(ptr)) __pu_val = (x); \
	__put_user_size(&__pu_val, (ptr), sizeof(*(ptr))); \
})

#endif
