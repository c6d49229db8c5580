/*
 * Copying between kernel and user memory (include/kernel/uaccess.h; Linux's
 * arch/x86/lib/copy_user_64.S, usercopy_64.c, strncpy_from_user.c).
 *
 * Each copy checks the range lies in the user half (access_ok), opens user
 * access (STAC, where SMAP is on), and runs its loads and stores at addresses
 * listed in the exception table:
 *
 *   1: rep movsq/movsb    <- a fault here on a user page ...
 *   2: (next)                ... that do_user_addr_fault can make present
 *                            (demand zero, COW): the instruction re-runs and
 *                            the copy goes on; one it cannot: fixup_exception
 *                            resumes at 2 with RCX = bytes not copied
 *
 * so a bad user pointer ends the copy with a count or -EFAULT, never an oops.
 * None of these may run with the current mm's mmap_lock held (the fault
 * handler takes it).
 */
#include <asm/extable.h>
#include <asm/smap.h>
#include <errno.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>

bool cpu_has_smep, cpu_has_smap;

/*
 * Copy n bytes, 8 at a time then the tail (TCG runs each iteration of a rep
 * string instruction on its own, so quadwords copy 8 times faster than
 * bytes); the number left uncopied when a fault stopped it (0: all done).  A
 * fault in the quadword part goes on byte by byte from where it stopped, so
 * the count left is exact (Linux's copy_user_generic_unrolled does the same).
 */
static unsigned long copy_user_generic(void *to, const void *from, unsigned long n)
{
	unsigned long left = n / 8;

	stac();
	__asm__ volatile("1: rep movsq\n"
			 "   movq %[tail], %%rcx\n"
			 "2: rep movsb\n"
			 "3:\n"
			 ".pushsection .fixup, \"ax\"\n"
			 "4: leaq (%[tail], %%rcx, 8), %%rcx\n"
			 "   jmp 2b\n"
			 ".popsection\n"
			 _ASM_EXTABLE(1b, 4b)
			 _ASM_EXTABLE(2b, 3b)
			 : "+c"(left), "+D"(to), "+S"(from) : [tail] "r"(n % 8) : "memory");
	clac();
	return left;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left = n;

	if (access_ok(from, n))
		left = copy_user_generic(to, (const void *)from, n);
	if (left)       /* as Linux: the kernel buffer holds no stale bytes */
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return copy_user_generic((void *)to, from, n);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	unsigned long left = n / 8;
	void *p = (void *)to;

	if (!access_ok(to, n))
		return n;
	stac();
	__asm__ volatile("1: rep stosq\n"                 /* as copy_user_generic */
			 "   movq %[tail], %%rcx\n"
			 "2: rep stosb\n"
			 "3:\n"
			 ".pushsection .fixup, \"ax\"\n"
			 "4: leaq (%[tail], %%rcx, 8), %%rcx\n"
			 "   jmp 2b\n"
			 ".popsection\n"
			 _ASM_EXTABLE(1b, 4b)
			 _ASM_EXTABLE(2b, 3b)
			 : "+c"(left), "+D"(p) : "a"(0), [tail] "r"(n % 8) : "memory");
	clac();
	return left;
}

/* How many bytes from user address p lie in the user half, capped at max. */
static long user_room(const void __user *p, long max)
{
	unsigned long a = (unsigned long)p;

	if (a >= TASK_SIZE_MAX || max <= 0)
		return 0;
	return (unsigned long)max < TASK_SIZE_MAX - a ? max : (long)(TASK_SIZE_MAX - a);
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long room = user_room(src, count), i;
	const u8 *s = (const u8 *)src;
	int err = 0;

	if (count <= 0)
		return 0;
	stac();
	for (i = 0; i < room; i++) {
		err = read_byte_nofault(s + i, (u8 *)&dst[i]);   /* user access is open */
		if (err || !dst[i])
			break;
	}
	clac();
	if (err || (i == room && room < count))
		return -EFAULT;         /* a fault, or the string runs out of the user half */
	return i;
}

long strnlen_user(const char __user *s, long n)
{
	long room = user_room(s, n), i;
	const u8 *p = (const u8 *)s;
	long ret = 0;
	u8 c;

	if (n <= 0)
		return 0;
	stac();
	for (i = 0; i < room; i++) {
		if (read_byte_nofault(p + i, &c))
			break;
		if (!c) {
			ret = i + 1;
			break;
		}
	}
	clac();
	if (!ret && i == n)
		ret = n + 1;            /* longer than n */
	return ret;
}

/*
 * get_user/put_user of 1, 2, 4 or 8 bytes: one mov each (an aligned value is
 * read or written whole, as Linux's __get_user_size), fault -> -EFAULT.
 */
#define USER_FIXUP(insn) \
	"1: " insn "\n" \
	"2:\n" \
	".pushsection .fixup, \"ax\"\n" \
	"3: movl %3, %0\n" \
	"   jmp 2b\n" \
	".popsection\n" \
	_ASM_EXTABLE(1b, 3b)

#define DEFINE_USER_ACCESS(type, cons) \
static int get_user_##type(void *val, const void *p) \
{ \
	int err = 0; \
	type v = 0; \
	stac(); \
	__asm__ volatile(USER_FIXUP("mov %2, %1") \
			 : "+r"(err), "+" cons(v) : "m"(*(const type *)p), "i"(-EFAULT)); \
	clac(); \
	memcpy(val, &v, sizeof(v)); \
	return err; \
} \
static int put_user_##type(const void *val, void *p) \
{ \
	int err = 0; \
	type v; \
	memcpy(&v, val, sizeof(v)); \
	stac(); \
	__asm__ volatile(USER_FIXUP("mov %2, %1") \
			 : "+r"(err), "=m"(*(type *)p) : cons(v), "i"(-EFAULT)); \
	clac(); \
	return err; \
}
DEFINE_USER_ACCESS(u8, "q")
DEFINE_USER_ACCESS(u16, "r")
DEFINE_USER_ACCESS(u32, "r")
DEFINE_USER_ACCESS(u64, "r")

int __get_user_size(void *val, const void __user *ptr, unsigned long size)
{
	const void *p = (const void *)ptr;

	if (!access_ok(ptr, size))
		return -EFAULT;
	switch (size) {
	case 1: return get_user_u8(val, p);
	case 2: return get_user_u16(val, p);
	case 4: return get_user_u32(val, p);
	case 8: return get_user_u64(val, p);
	}
	return -EFAULT;
}

int __put_user_size(const void *val, void __user *ptr, unsigned long size)
{
	void *p = (void *)ptr;

	if (!access_ok(ptr, size))
		return -EFAULT;
	switch (size) {
	case 1: return put_user_u8(val, p);
	case 2: return put_user_u16(val, p);
	case 4: return put_user_u32(val, p);
	case 8: return put_user_u64(val, p);
	}
	return -EFAULT;
}
