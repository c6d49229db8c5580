/*
 * Host tests of drivers/pci_names.c at the top of the address space, where a
 * broken device or firmware can take it and QEMU never does:
 *   - a 64-bit BAR whose base is not aligned to its size and whose last byte
 *     would lie past 2^64 is refused (pci_decode_bar used to return success
 *     with end < start);
 *   - an e820 range that ends at 2^64 - 1 ends the search for the 32-bit
 *     window (pci_host_bridge_windows used to loop forever: pos = end + 1
 *     wrapped to 0).
 * The fuzzers tests/fuzz/pci_bar and tests/fuzz/pci_windows hold the same
 * inputs under regressions/.
 */
#include <errno.h>
#include <string.h>

#include <drivers/pci.h>
#include <mm/e820.h>

#include "hosttest.h"

#define U64_TOP 0xffffffffffffffffULL

TEST(bar64_past_the_top_is_refused)
{
	struct resource r;

	/* 64 KiB, prefetchable 64-bit, at 0xffff_ffff_ffff_f000: would end at 0xefff */
	memset(&r, 0xa5, sizeof(r));
	CHECK_EQ_INT(pci_decode_bar(0xfffffffffffff00cULL, 0xffffffffffff000cULL, false, &r),
		     -EINVAL);
	CHECK_EQ_U64(r.flags, 0);
	CHECK_EQ_U64(r.start, 0);
	CHECK_EQ_U64(r.end, 0);
}

TEST(bar64_ending_at_the_top_is_decoded)
{
	struct resource r;

	/* the last 64 KiB of the address space: end is 2^64 - 1, no wrap */
	CHECK_EQ_INT(pci_decode_bar(0xffffffffffff000cULL, 0xffffffffffff000cULL, false, &r), 0);
	CHECK_EQ_U64(r.start, 0xffffffffffff0000ULL);
	CHECK_EQ_U64(r.end, U64_TOP);
	CHECK_EQ_U64(r.flags, IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_MEM_64 |
		     IORESOURCE_SIZEALIGN | 0xc);
}

static void add(struct e820_table *t, u64 start, u64 end, enum e820_type type)
{
	t->entries[t->nr_entries++] = (struct e820_entry){ start, end - start + 1, type };
}

static bool check_win(const struct resource *w, u64 start, u64 end, unsigned long type)
{
	bool ok = CHECK_EQ_U64(w->start, start);

	ok &= CHECK_EQ_U64(w->end, end);
	ok &= CHECK_EQ_U64(w->flags, type | IORESOURCE_WINDOW);
	return ok;
}

TEST(windows_end_at_a_range_reaching_the_top)
{
	static struct e820_table t;
	struct pci_host_info h = { .device = PCI_DEVICE_ID_INTEL_82441 };
	struct resource w[8];
	int n;

	host_set_timeout(5);    /* it used to loop forever */
	add(&t, 0x0, 0x1fffffff, E820_TYPE_RAM);
	add(&t, 0xfe000000, U64_TOP, E820_TYPE_RESERVED);
	n = pci_host_bridge_windows(&t, &h, w, 8);
	if (!CHECK_EQ_INT(n, 5))
		return;
	check_win(&w[0], 0x0, 0xcf7, IORESOURCE_IO);
	check_win(&w[1], 0xd00, 0xffff, IORESOURCE_IO);
	check_win(&w[2], 0xa0000, 0xbffff, IORESOURCE_MEM);
	check_win(&w[3], 0x20000000, 0xfdffffff, IORESOURCE_MEM);
	check_win(&w[4], 0x100000000ULL, 0x17fffffffULL, IORESOURCE_MEM);
}

TEST(windows_with_an_ecam_range_reaching_the_top)
{
	static struct e820_table t;
	struct pci_host_info h = { .ecam_start = 0xf0000000, .ecam_end = U64_TOP };
	struct resource w[8];
	int n;

	host_set_timeout(5);
	add(&t, 0x0, 0x1fffffff, E820_TYPE_RAM);
	n = pci_host_bridge_windows(&t, &h, w, 8);
	if (!CHECK_EQ_INT(n, 4))
		return;
	check_win(&w[3], 0x20000000, 0xefffffff, IORESOURCE_MEM);
}
