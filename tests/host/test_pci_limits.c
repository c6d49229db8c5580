/*
 * Host tests of drivers/pci_names.c at the top of the address space, where a
 * broken device or firmware can take it and QEMU never does:
 *   - a 64-bit BAR whose base is not aligned to its size and whose last byte
 *     would lie past 2^64 is refused (pci_decode_bar used to return success
 *     with end < start), and so is a 32-bit one that would end above 4 GiB;
 *   - an e820 range that ends at 2^64 - 1 ends the search for the 32-bit
 *     window (pci_host_bridge_windows used to loop forever: pos = end + 1
 *     wrapped to 0);
 *   - a map without RAM above 640 KiB does not start the 32-bit window over
 *     the VGA window, and an ECAM range that wraps is left out rather than
 *     splitting the window into overlapping pieces (both found by
 *     tests/fuzz/pci_windows).
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

TEST(bar32_past_4g_is_refused)
{
	struct resource r;

	/* 256 bytes of memory at 0xffff_fff0: would end at 0x1_0000_00ef */
	CHECK_EQ_INT(pci_decode_bar(0xfffffff0, 0xffffff00, false, &r), -EINVAL);
	CHECK_EQ_U64(r.flags, 0);
	/* 256 ports at 0xffff_ff38 (an I/O BAR holds 32 bits): likewise */
	CHECK_EQ_INT(pci_decode_bar(0xffffff39, 0xffffff01, false, &r), -EINVAL);
	CHECK_EQ_U64(r.flags, 0);
	/* the last 4 KiB below 4 GiB are fine */
	CHECK_EQ_INT(pci_decode_bar(0xfffff000, 0xfffff000, false, &r), 0);
	CHECK_EQ_U64(r.end, 0xffffffffULL);
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

TEST(windows_start_above_1m_when_no_ram_is_there)
{
	static struct e820_table t;
	struct pci_host_info h = { .device = PCI_DEVICE_ID_INTEL_82441 };
	struct resource w[8];
	int n;

	/* no RAM at all, then RAM below 640 KiB only: the hole still starts at 1 MiB */
	n = pci_host_bridge_windows(&t, &h, w, 8);
	if (CHECK_EQ_INT(n, 5))
		check_win(&w[3], 0x100000, 0xfebfffff, IORESOURCE_MEM);
	add(&t, 0x0, 0x9ffff, E820_TYPE_RAM);
	n = pci_host_bridge_windows(&t, &h, w, 8);
	if (CHECK_EQ_INT(n, 5))
		check_win(&w[3], 0x100000, 0xfebfffff, IORESOURCE_MEM);
}

TEST(windows_ignore_an_ecam_range_that_wraps)
{
	static struct e820_table t;
	/* an MCFG base near 2^64: base + size - 1 wrapped below the base */
	struct pci_host_info h = { .ecam_start = 0x0effffff, .ecam_end = 0x04000000 };
	struct resource w[8];
	int n;

	add(&t, 0x0, 0x1fffffff, E820_TYPE_RAM);
	n = pci_host_bridge_windows(&t, &h, w, 8);
	if (CHECK_EQ_INT(n, 4))
		check_win(&w[3], 0x20000000, 0xfebfffff, IORESOURCE_MEM);
}

TEST(windows_above_4g_with_ram_up_to_the_top)
{
	static struct e820_table t;
	struct pci_host_info h = { .device = PCI_DEVICE_ID_INTEL_Q35_MCH };
	struct resource w[8];
	int n;

	/* RAM in the last GiB: rounding its end up to 1 GiB wrapped to a window at 0 */
	add(&t, 0x0, 0x1fffffff, E820_TYPE_RAM);
	add(&t, 0xffffffffff770000ULL, 0xffffffffff7fffffULL, E820_TYPE_RAM);
	n = pci_host_bridge_windows(&t, &h, w, 8);
	CHECK_EQ_INT(n, 4);
	/* RAM ending 16 GiB below the top: Q35's 32 GiB hole stops at 2^64 - 1 */
	t.entries[1].addr = 0xfffffffb00000000ULL;
	t.entries[1].size = 0x100000000ULL;
	n = pci_host_bridge_windows(&t, &h, w, 8);
	if (CHECK_EQ_INT(n, 5))
		check_win(&w[4], 0xfffffffc00000000ULL, U64_TOP, IORESOURCE_MEM);
}
