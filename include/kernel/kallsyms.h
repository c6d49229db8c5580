/*
 * The kernel's symbol table, built at link time (scripts/kallsyms.py), as
 * Linux's kallsyms: turns a code address into "function+offset/size".
 */
#ifndef ATLAS_KERNEL_KALLSYMS_H
#define ATLAS_KERNEL_KALLSYMS_H

#include <kernel/types.h>

/*
 * Find the symbol containing addr.  Returns its name and sets *offset (from the
 * symbol's start) and *size, or returns NULL if no symbol contains it.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset);

/* The address of the symbol called name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);

/*
 * Write "name+0xoff/0xsize" (or the bare name when with_offset is false) into
 * buf; an address outside every symbol is written as 0x%lx.  Returns the length.
 */
int sprint_symbol(char *buf, size_t size, unsigned long addr, bool with_offset);

/*
 * For a return address in a stack trace: the call may have been the last
 * instruction of its function, so look up addr - 1 (Linux's %pB).
 */
int sprint_backtrace(char *buf, size_t size, unsigned long addr);

#endif
