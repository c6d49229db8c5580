/*
 * Fuzzing pci_host_bridge_windows (drivers/pci_names.c): the input is a
 * firmware memory map (sanitised as the kernel's e820 table is), an ECAM
 * range, the span of the 64-bit BARs and which host bridge it is.  The
 * answer must come back (a libFuzzer timeout otherwise), with at most max
 * windows, each named, flagged as a window, not wrapping; the I/O windows
 * leave out the 0xCF8 doors; the memory windows below 4 GiB beyond the VGA
 * window overlap neither an e820 range nor the ECAM range, in ascending
 * order.
 */
#include <drivers/pci.h>
#include <kernel/kernel.h>
#include <mm/e820.h>

#include "fuzz.h"

#define MAX_WINDOWS 16
#define PCI_CONF1_PORT 0xcf8

static struct e820_table t;

static bool overlaps(u64 s, u64 e, u64 xs, u64 xe)
{
	return s <= xe && xs <= e;
}

static void check_window(const struct resource *w, int i, const struct pci_host_info *h)
{
	FUZZ_ASSERT(w->start <= w->end, "window %d [%#llx-%#llx] wraps", i,
		    (unsigned long long)w->start, (unsigned long long)w->end);
	FUZZ_ASSERT(w->name && !strcmp(w->name, "PCI Bus 0000:00") && (w->flags & IORESOURCE_WINDOW),
		    "window %d", i);
	if (w->flags & IORESOURCE_IO) {
		FUZZ_ASSERT(w->end <= 0xffff && !overlaps(w->start, w->end, PCI_CONF1_PORT,
							  PCI_CONF1_PORT + 7),
			    "I/O window %d [%#llx-%#llx]", i, (unsigned long long)w->start,
			    (unsigned long long)w->end);
		return;
	}
	if (w->end >= 0x100000000ULL || w->start < 0x100000)
		return;                         /* the VGA window; the 64-bit one */
	for (u32 k = 0; k < t.nr_entries; k++)
		FUZZ_ASSERT(!overlaps(w->start, w->end, t.entries[k].addr,
				      t.entries[k].addr + t.entries[k].size - 1),
			    "window %d [%#llx-%#llx] overlaps e820 entry %u", i,
			    (unsigned long long)w->start, (unsigned long long)w->end, k);
	/* an ECAM range that wraps is left out, as the function's comment says */
	FUZZ_ASSERT(!h->ecam_end || h->ecam_end < h->ecam_start || !overlaps(w->start, w->end, h->ecam_start, h->ecam_end),
		    "window %d overlaps the ECAM range", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u16 devices[] = { PCI_DEVICE_ID_INTEL_82441, PCI_DEVICE_ID_INTEL_Q35_MCH, 0 };
	struct fuzz_input in = { data, size };
	struct pci_host_info h = { 0 };
	struct resource w[MAX_WINDOWS];
	int max = 1 + fuzz_u8(&in) % MAX_WINDOWS, n;
	u8 mode = fuzz_u8(&in);

	h.device = devices[mode % ARRAY_SIZE(devices)];
	if (mode & 4) {
		h.ecam_start = fuzz_u64(&in);
		h.ecam_end = fuzz_u64(&in);
	}
	if (mode & 8) {                 /* the 64-bit BARs the kernel found, above 4 GiB */
		u64 len = fuzz_u64(&in);

		h.bar64_start = max(fuzz_u64(&in), SZ_4G);
		h.bar64_end = h.bar64_start + len < h.bar64_start ? ~0ULL : h.bar64_start + len;
	}
	printk_capture_reset();
	t.nr_entries = 0;
	while (in.left && t.nr_entries < E820_MAX_ENTRIES) {
		/* page-sized steps below 4 GiB when mode bit 4 is clear: ranges meet the hole */
		u64 addr = mode & 16 ? fuzz_u64(&in) : (u64)fuzz_u32(&in) << 12;
		u64 len = mode & 16 ? fuzz_u64(&in) : (u64)fuzz_u16(&in) << 12;

		e820__range_add(&t, addr, len, 1 + fuzz_u8(&in) % 5);
	}
	e820__update_table(&t);
	n = pci_host_bridge_windows(&t, &h, w, max);
	FUZZ_ASSERT(n >= 0 && n <= max, "%d windows for %d slots", n, max);
	for (int i = 0; i < n; i++) {
		check_window(&w[i], i, &h);
		if (i && (w[i].flags & IORESOURCE_MEM) && (w[i - 1].flags & IORESOURCE_MEM))
			FUZZ_ASSERT(w[i].start > w[i - 1].end, "windows %d and %d out of order",
				    i - 1, i);
	}
	return 0;
}
