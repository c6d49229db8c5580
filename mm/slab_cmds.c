/*
 * The monitor's slabinfo command: every cache in the format of Linux's
 * /proc/slabinfo, version 2.1 (mm/slab_common.c: print_slabinfo_header,
 * cache_show), newest cache first as Linux lists them.  objsize is the
 * stride (object and debug metadata), as SLUB shows it; SLUB has no
 * tunables and no shared arrays, so those columns are 0.
 */
#include <errno.h>
#include <kernel/monitor.h>

#include "slab.h"

static void print_slabinfo_header(void)
{
	mprintf("slabinfo - version: 2.1\n");
	mprintf("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		" : tunables <limit> <batchcount> <sharedfactor>"
		" : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
}

static void cache_show(struct kmem_cache *s)
{
	struct slabinfo info;

	get_slabinfo(s, &info);
	mprintf("%-17s %6lu %6lu %6u %4u %4d", s->name, info.active_objs, info.num_objs,
		s->size, info.objects_per_slab, 1 << info.cache_order);
	mprintf(" : tunables %4u %4u %4u", 0, 0, 0);
	mprintf(" : slabdata %6lu %6lu %6lu\n", info.active_slabs, info.num_slabs, 0UL);
}

static int cmd_slabinfo(int argc, char **argv)
{
	struct kmem_cache *s;

	if (argc > 1) {
		mprintf("slabinfo: takes no arguments\n");
		return -EINVAL;
	}
	print_slabinfo_header();
	list_for_each_entry(s, &slab_caches, list)
		cache_show(s);
	return 0;
}
MONITOR_CMD(slabinfo, "", "slab caches and their use, as /proc/slabinfo", cmd_slabinfo);
