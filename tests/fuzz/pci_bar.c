/*
 * Fuzzing pci_decode_bar (drivers/pci_names.c): the input is what a BAR
 * held and what it read back after all ones were written (64 bits each: a
 * 64-bit BAR carries the next register in the top half) and whether it is
 * the expansion ROM.  The answer must be 0, -ENOENT or -EINVAL; on an error
 * the flags are 0; on success the flags say I/O or memory as the BAR's low
 * bits do, the range does not wrap (end >= start), its size is a power of
 * two, and a 32-bit BAR's range lies below 4 GiB.
 */
#include <errno.h>

#include <drivers/pci.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	u64 val = fuzz_u64(&in), probe = fuzz_u64(&in), len;
	bool rom = fuzz_u8(&in) & 1;
	struct resource r;
	int rc;

	memset(&r, 0xa5, sizeof(r));
	rc = pci_decode_bar(val, probe, rom, &r);
	FUZZ_ASSERT(rc == 0 || rc == -ENOENT || rc == -EINVAL, "returned %d", rc);
	if (rc) {
		FUZZ_ASSERT(r.flags == 0, "failed with flags %#lx", r.flags);
		return 0;
	}
	FUZZ_ASSERT(r.end >= r.start, "[%#llx-%#llx] ends before it starts",
		    (unsigned long long)r.start, (unsigned long long)r.end);
	len = r.end - r.start + 1;
	FUZZ_ASSERT(len == 0 || (len & (len - 1)) == 0, "size %#llx", (unsigned long long)len);
	FUZZ_ASSERT(!!(r.flags & IORESOURCE_IO) + !!(r.flags & IORESOURCE_MEM) == 1,
		    "flags %#lx", r.flags);
	/* a BAR reading all ones is taken as 0 (a missing function), so as memory */
	FUZZ_ASSERT(rom ? (r.flags & IORESOURCE_MEM) :
		    !!(r.flags & IORESOURCE_IO) == ((u32)val != 0xffffffff &&
						    (val & PCI_BASE_ADDRESS_SPACE) ==
						    PCI_BASE_ADDRESS_SPACE_IO),
		    "flags %#lx for BAR %#llx", r.flags, (unsigned long long)val);
	if (!(r.flags & IORESOURCE_MEM_64))
		FUZZ_ASSERT(r.end <= 0xffffffffULL, "32-bit BAR at [%#llx-%#llx]",
			    (unsigned long long)r.start, (unsigned long long)r.end);
	return 0;
}
