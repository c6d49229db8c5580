/*
 * The monitor's memory commands, in the formats of Linux's /proc files:
 * buddyinfo (mm/vmstat.c frag_show), zoneinfo (zoneinfo_show, the lines that
 * mean something here) and meminfo (fs/proc/meminfo.c).
 */
#include <errno.h>
#include <kernel/monitor.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <mm/pgtable.h>

static bool no_args(int argc, char **argv)
{
	if (argc == 1)
		return true;
	mprintf("usage: %s\n", argv[0]);
	return false;
}

/* "Node 0, zone      DMA      1      0 ...": free blocks per order, populated zones only. */
static int cmd_buddyinfo(int argc, char **argv)
{
	if (!no_args(argc, argv))
		return -EINVAL;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!zones[z].present_pages)
			continue;
		mprintf("Node 0, zone %8s ", zones[z].name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			mprintf("%6lu ", zones[z].free_area[o].nr_free);
		mprintf("\n");
	}
	return 0;
}
MONITOR_CMD(buddyinfo, "", "free blocks per order and zone (/proc/buddyinfo)", cmd_buddyinfo);

static int cmd_zoneinfo(int argc, char **argv)
{
	if (!no_args(argc, argv))
		return -EINVAL;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &zones[z];

		mprintf("Node 0, zone %8s\n", zone->name);
		mprintf("  pages free     %lu\n", zone->free_pages);
		mprintf("        spanned  %lu\n", zone->spanned_pages);
		mprintf("        present  %lu\n", zone->present_pages);
		mprintf("        managed  %lu\n", zone->managed_pages);
		if (zone->present_pages)
			mprintf("  start_pfn:           %lu\n", zone->zone_start_pfn);
	}
	return 0;
}
MONITOR_CMD(zoneinfo, "", "each zone's span and page counts (/proc/zoneinfo)", cmd_zoneinfo);

/* How the direct map maps RAM: pages of each size (walks the tables). */
static void direct_map_sizes(unsigned long bytes[4])
{
	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		unsigned long va = PAGE_OFFSET + r->base, end = va + r->size;

		while (va < end) {
			enum pg_level level;
			unsigned long size;

			if (!lookup_address(va, &level)) {
				va += PAGE_SIZE;
				continue;
			}
			size = pt_level_size(level);
			bytes[level - 1] += size;
			va = (va & ~(size - 1)) + size;
		}
	}
}

static void show_kb(const char *name, unsigned long kb)
{
	mprintf("%-16s%8lu kB\n", name, kb);
}

static int cmd_meminfo(int argc, char **argv)
{
	unsigned long dm[4] = { 0, 0, 0, 0 };
	unsigned int shift = PAGE_SHIFT - 10;

	if (!no_args(argc, argv))
		return -EINVAL;
	direct_map_sizes(dm);
	show_kb("MemTotal:", totalram_pages() << shift);
	show_kb("MemFree:", nr_free_pages() << shift);
	show_kb("MemAvailable:", nr_free_pages() << shift);
	show_kb("PageTables:", nr_pagetable_pages << shift);
	show_kb("VmallocTotal:", VMALLOC_SIZE >> 10);
	show_kb("DirectMap4k:", dm[0] >> 10);
	show_kb("DirectMap2M:", dm[1] >> 10);
	if (cpu_has_gbpages)
		show_kb("DirectMap1G:", dm[2] >> 10);
	return 0;
}
MONITOR_CMD(meminfo, "", "memory totals (/proc/meminfo's lines that apply)", cmd_meminfo);
