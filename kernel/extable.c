/*
 * The exception table (see asm/extable.h) and the nofault accessors built on
 * it.  The table is small, so a linear search does.
 */
#include <asm/extable.h>
#include <errno.h>
#include <kernel/uaccess.h>

extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];

const struct exception_table_entry *search_exception_tables(unsigned long ip)
{
	for (const struct exception_table_entry *e = __start___ex_table;
	     e < __stop___ex_table; e++)
		if (e->insn == ip)
			return e;
	return NULL;
}

bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->ip);

	if (!e)
		return false;
	regs->ip = e->fixup;
	return true;
}

/* One byte in each direction; a fault at label 1 resumes at 3, setting -EFAULT. */
int read_byte_nofault(const u8 *p, u8 *out)
{
	int err = 0;
	u8 v;

	__asm__ volatile("1: movb (%2), %1\n"
			 "2:\n"
			 ".pushsection .fixup, \"ax\"\n"
			 "3: movl %3, %0\n"
			 "   xorb %1, %1\n"
			 "   jmp 2b\n"
			 ".popsection\n"
			 _ASM_EXTABLE(1b, 3b)
			 : "+r"(err), "=q"(v) : "r"(p), "i"(-EFAULT) : "memory");
	*out = v;
	return err;
}

static int write_byte_nofault(u8 *p, u8 v)
{
	int err = 0;

	__asm__ volatile("1: movb %2, (%1)\n"
			 "2:\n"
			 ".pushsection .fixup, \"ax\"\n"
			 "3: movl %3, %0\n"
			 "   jmp 2b\n"
			 ".popsection\n"
			 _ASM_EXTABLE(1b, 3b)
			 : "+r"(err) : "r"(p), "q"(v), "i"(-EFAULT) : "memory");
	return err;
}

long copy_from_kernel_nofault(void *dst, const void *src, size_t size)
{
	u8 *d = dst;
	const u8 *s = src;

	for (size_t i = 0; i < size; i++)
		if (read_byte_nofault(s + i, d + i))
			return -EFAULT;
	return 0;
}

long copy_to_kernel_nofault(void *dst, const void *src, size_t size)
{
	u8 *d = dst;
	const u8 *s = src;

	for (size_t i = 0; i < size; i++)
		if (write_byte_nofault(d + i, s[i]))
			return -EFAULT;
	return 0;
}
