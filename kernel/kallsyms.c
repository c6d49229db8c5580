/*
 * Address -> symbol lookup over the table that scripts/kallsyms.py generates
 * at link time (see the Makefile: the kernel is linked twice).  Binary search
 * over the sorted addresses.
 */
#include <kernel/kallsyms.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

extern const unsigned long kallsyms_num;
extern const unsigned long kallsyms_addresses[];
extern const unsigned int kallsyms_sizes[];
extern const unsigned int kallsyms_name_offsets[];
extern const char kallsyms_names[];

const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset)
{
	unsigned long lo = 0, hi = kallsyms_num;

	/* find the last symbol starting at or below addr */
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (kallsyms_addresses[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	lo--;
	if (addr - kallsyms_addresses[lo] >= kallsyms_sizes[lo])
		return NULL;
	if (size)
		*size = kallsyms_sizes[lo];
	if (offset)
		*offset = addr - kallsyms_addresses[lo];
	return kallsyms_names + kallsyms_name_offsets[lo];
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (unsigned long i = 0; i < kallsyms_num; i++)
		if (!strcmp(kallsyms_names + kallsyms_name_offsets[i], name))
			return kallsyms_addresses[i];
	return 0;
}

int sprint_symbol(char *buf, size_t size, unsigned long addr, bool with_offset)
{
	unsigned long symsize, offset;
	const char *name = kallsyms_lookup(addr, &symsize, &offset);

	if (!name)
		return scnprintf(buf, size, "0x%lx", addr);
	if (!with_offset)
		return scnprintf(buf, size, "%s", name);
	return scnprintf(buf, size, "%s+%#lx/%#lx", name, offset, symsize);
}

int sprint_backtrace(char *buf, size_t size, unsigned long addr)
{
	unsigned long symsize, offset;
	const char *name = kallsyms_lookup(addr - 1, &symsize, &offset);

	if (!name)
		return scnprintf(buf, size, "0x%lx", addr);
	return scnprintf(buf, size, "%s+%#lx/%#lx", name, offset + 1, symsize);
}
