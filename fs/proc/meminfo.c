/*
 * /proc/meminfo and the monitor's `meminfo` (Linux's fs/proc/meminfo.c): every
 * line Linux 6.1 prints, in its order and format, so that busybox's `free` and
 * other readers find what they look for.
 *
 * What Atlas has is counted where it happens (include/mm/vmstat.h): file pages
 * (ramfs holds the initramfs and every file made since, as Linux's tmpfs
 * rootfs does, so they count as Cached and Shmem too), anonymous pages mapped
 * into processes, slab pages, kernel stacks, page tables, vmalloc'd pages.
 * What Atlas does not have (swap, LRU lists, huge pages for user memory,
 * writeback, reclaimable slabs) prints 0.  Without LRU lists every page in
 * use counts as active.
 */
#include <asm/sections.h>
#include <fs/proc_fs.h>
#include <kernel/cpumask.h>
#include <kernel/monitor.h>
#include <kernel/seq_file.h>
#include <mm/mm.h>
#include <mm/pgtable.h>
#include <mm/vmalloc.h>
#include <mm/vmstat.h>

#define COMMIT_RATIO 50         /* vm.overcommit_ratio's default: CommitLimit */

static void show_kb(struct seq_file *m, const char *name, unsigned long kb)
{
	seq_printf(m, "%-16s%8lu kB\n", name, kb);
}

static void show_pages(struct seq_file *m, const char *name, unsigned long pages)
{
	show_kb(m, name, pages << (PAGE_SHIFT - 10));
}

static void add_vmalloc_pages(const struct vm_struct *vm, void *arg)
{
	*(unsigned long *)arg += vm->nr_pages;
}

/* Swap, writeback and the other things Atlas has none of: Linux's zero lines. */
static void show_zeros(struct seq_file *m, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		show_kb(m, names[i], 0);
}

static void show_hugepages(struct seq_file *m)
{
	static const char *const counts[] = { "HugePages_Total:", "HugePages_Free:",
					      "HugePages_Rsvd:", "HugePages_Surp:" };

	for (unsigned int i = 0; i < ARRAY_SIZE(counts); i++)
		seq_printf(m, "%-16s%8lu\n", counts[i], 0UL);
	show_kb(m, "Hugepagesize:", PMD_SIZE >> 10);
	show_kb(m, "Hugetlb:", 0);
}

static int meminfo_show(struct seq_file *m, void *v)
{
	static const char *const swap[] = { "SwapTotal:", "SwapFree:", "Zswap:", "Zswapped:",
					    "Dirty:", "Writeback:" };
	static const char *const misc[] = { "SecPageTables:", "NFS_Unstable:", "Bounce:",
					    "WritebackTmp:" };
	static const char *const thp[] = { "HardwareCorrupted:", "AnonHugePages:",
					   "ShmemHugePages:", "ShmemPmdMapped:",
					   "FileHugePages:", "FilePmdMapped:" };
	unsigned long anon = global_node_page_state(NR_ANON_MAPPED);
	unsigned long file = global_node_page_state(NR_FILE_PAGES);
	unsigned long shmem = global_node_page_state(NR_SHMEM);
	unsigned long slab = global_node_page_state(NR_SLAB_UNRECLAIMABLE);
	unsigned long dm[4] = { 0, 0, 0, 0 }, vmalloc_pages = 0;

	direct_map_sizes(dm);
	vmalloc_for_each_area(add_vmalloc_pages, &vmalloc_pages);
	show_pages(m, "MemTotal:", totalram_pages());
	show_pages(m, "MemFree:", nr_free_pages());
	show_pages(m, "MemAvailable:", nr_free_pages());
	show_kb(m, "Buffers:", 0);
	show_pages(m, "Cached:", file);
	show_kb(m, "SwapCached:", 0);
	show_pages(m, "Active:", anon + shmem);
	show_kb(m, "Inactive:", 0);
	show_pages(m, "Active(anon):", anon + shmem);
	show_kb(m, "Inactive(anon):", 0);
	show_pages(m, "Active(file):", file - shmem);
	show_kb(m, "Inactive(file):", 0);
	show_kb(m, "Unevictable:", 0);
	show_kb(m, "Mlocked:", 0);
	show_zeros(m, swap, ARRAY_SIZE(swap));
	show_pages(m, "AnonPages:", anon);
	show_kb(m, "Mapped:", 0);
	show_pages(m, "Shmem:", shmem);
	show_kb(m, "KReclaimable:", 0);
	show_pages(m, "Slab:", slab);
	show_kb(m, "SReclaimable:", 0);
	show_pages(m, "SUnreclaim:", slab);
	show_kb(m, "KernelStack:", global_node_page_state(NR_KERNEL_STACK_KB));
	show_pages(m, "PageTables:", nr_pagetable_pages);
	show_zeros(m, misc, ARRAY_SIZE(misc));
	show_pages(m, "CommitLimit:", totalram_pages() * COMMIT_RATIO / 100);
	show_pages(m, "Committed_AS:", anon);
	show_kb(m, "VmallocTotal:", VMALLOC_SIZE >> 10);
	show_pages(m, "VmallocUsed:", vmalloc_pages);
	show_kb(m, "VmallocChunk:", 0);
	show_kb(m, "Percpu:", (unsigned long)(__per_cpu_end - __per_cpu_start) *
		num_possible_cpus() >> 10);
	show_zeros(m, thp, ARRAY_SIZE(thp));
	show_hugepages(m);
	show_kb(m, "DirectMap4k:", dm[0] >> 10);
	show_kb(m, "DirectMap2M:", dm[1] >> 10);
	if (cpu_has_gbpages)
		show_kb(m, "DirectMap1G:", dm[2] >> 10);
	return 0;
}
MONITOR_SHOW(meminfo, "memory totals (/proc/meminfo: every line Linux prints)", meminfo_show);
PROC_SHOW("meminfo", meminfo_show);
