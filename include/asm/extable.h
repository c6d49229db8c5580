/*
 * The exception table, as Linux's: pairs (address of an instruction that may
 * fault, address to resume at).  When an instruction listed here faults, the
 * exception handler jumps to the fixup instead of oopsing.  Entries are made by
 * the _ASM_EXTABLE macro inside inline assembly, in section __ex_table.
 */
#ifndef ATLAS_ASM_EXTABLE_H
#define ATLAS_ASM_EXTABLE_H

#include <asm/ptrace.h>

struct exception_table_entry {
	unsigned long insn;
	unsigned long fixup;
};

#define _ASM_EXTABLE(from, to) \
	".pushsection __ex_table, \"a\"\n" \
	".balign 8\n" \
	".quad " #from ", " #to "\n" \
	".popsection\n"

/* The entry for ip, or NULL. */
const struct exception_table_entry *search_exception_tables(unsigned long ip);

/*
 * *out = *p, one byte: 0, or -EFAULT (and *out = 0) if the load faulted.  For
 * a user address the caller opens user access first (stac).
 */
int read_byte_nofault(const u8 *p, u8 *out);

/* If regs->ip has a fixup, move regs->ip there and return true. */
bool fixup_exception(struct pt_regs *regs);

#endif
