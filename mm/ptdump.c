/*
 * Reading the page tables out loud: ptdump (the format of Linux's
 * /sys/kernel/debug/page_tables/kernel, arch/x86/mm/dump_pagetables.c), the
 * W^X check (Linux's CONFIG_DEBUG_WX), and walk, which shows one address's
 * path through the four levels.
 *
 * The dump visits every entry of every table in address order and prints one
 * line per run of entries at the same level with the same flags.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/lab.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/mmap.h>
#include <mm/pgtable.h>

struct marker {
	unsigned long start;
	const char *name;
};

/* Linux's address_markers, the ones Atlas has. */
static const struct marker markers[] = {
	{ 0, "User Space" },
	{ 0xffff800000000000UL, "Kernel Space" },
	{ PAGE_OFFSET, "Low Kernel Mapping" },
	{ VMALLOC_START, "vmalloc() Area" },
	{ VMEMMAP_START, "Vmemmap" },
	{ __START_KERNEL_map, "High Kernel Mapping" },
};

/* The flags that make two entries "alike" for the dump. */
#define PTDUMP_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_PWT | _PAGE_PCD | \
		      _PAGE_PSE | _PAGE_GLOBAL | _PAGE_PAT_LARGE | _PAGE_NX)

struct pg_state {
	bool started;
	enum pg_level level;
	pteval_t prot;                  /* this run's flags */
	pteval_t eff;                   /* effective: RW of all levels, NX of any */
	unsigned long start;
	unsigned int marker;            /* next marker to print */
	struct seq_file *seq;           /* ptdump prints here (NULL: only the W^X check) */
	unsigned long wx_pages;
};

static const char *level_name(enum pg_level l)
{
	static const char *const names[] = { "", "pte", "pmd", "pud", "pgd" };

	return names[l];
}

/* " RW    PSE GLB NX pmd", as Linux's printk_prot(). */
static void print_run(struct pg_state *st, unsigned long end)
{
	static const char units[] = "BKMGTPE";
	unsigned long delta = end - st->start;
	const char *unit = units;
	pteval_t p = st->prot;
	bool large = st->level == PG_LEVEL_2M || st->level == PG_LEVEL_1G;
	bool pat = st->level == PG_LEVEL_4K ? (p & _PAGE_PAT) : large && (p & _PAGE_PAT_LARGE);

	while (!(delta & 1023) && unit[1]) {
		delta >>= 10;
		unit++;
	}
	seq_printf(st->seq, "0x%016lx-0x%016lx   %9lu%c ", st->start, end, delta, *unit);
	if (!(p & _PAGE_PRESENT))
		seq_printf(st->seq, "                              %s\n", level_name(st->level));
	else
		seq_printf(st->seq, "%s%s%s%s%s%s%s%s%s\n", (p & _PAGE_USER) ? "USR " : "    ",
			   (p & _PAGE_RW) ? "RW " : "ro ", (p & _PAGE_PWT) ? "PWT " : "    ",
			   (p & _PAGE_PCD) ? "PCD " : "    ",
			   large && (p & _PAGE_PSE) ? "PSE " : "    ",
			   pat ? "PAT " : "    ", (p & _PAGE_GLOBAL) ? "GLB " : "    ",
			   (p & _PAGE_NX) ? "NX " : "x  ", level_name(st->level));
}

static void check_wx(struct pg_state *st, unsigned long end)
{
	if (!(st->eff & _PAGE_PRESENT) || !(st->eff & _PAGE_RW) || (st->eff & _PAGE_NX))
		return;
	pr_warn("x86/mm: Found insecure W+X mapping at address %pS (%#lx-%#lx)\n",
		(void *)st->start, st->start, end);
	st->wx_pages += (end - st->start) >> PAGE_SHIFT;
}

/* One entry (or an absent one) at addr: extend the run, or end it and start another. */
static void note_page(struct pg_state *st, unsigned long addr, enum pg_level level,
		      pteval_t val, pteval_t eff)
{
	bool large = level == PG_LEVEL_2M || level == PG_LEVEL_1G;
	/* bit 12 is the PAT bit of a large page, but an address bit of a 4K one */
	pteval_t prot = val & (PTDUMP_FLAGS & ~(large ? 0 : _PAGE_PAT_LARGE));
	bool at_marker = st->marker < ARRAY_SIZE(markers) && addr == markers[st->marker].start;

	if (st->started && prot == st->prot && level == st->level && !at_marker)
		return;
	if (st->started) {
		if (st->seq)
			print_run(st, addr);
		check_wx(st, addr);
	}
	if (at_marker) {
		if (st->seq)
			seq_printf(st->seq, "---[ %s ]---\n", markers[st->marker].name);
		st->marker++;
	}
	*st = (struct pg_state){ true, level, prot, eff, addr, st->marker, st->seq, st->wx_pages };
}

/* Combine the permissions of a table entry with those above it. */
static pteval_t effective(pteval_t parent, pteval_t val)
{
	return (val & ~(_PAGE_RW | _PAGE_USER)) | (val & parent & (_PAGE_RW | _PAGE_USER)) |
	       (parent & _PAGE_NX);
}

static void walk_level(struct pg_state *st, pteval_t *table, enum pg_level level,
		       unsigned long base, pteval_t parent)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		unsigned long addr = canonical(base + i * pt_level_size(level));
		pteval_t val = table[i], eff = effective(parent, val);

		if (!(val & _PAGE_PRESENT) || level == PG_LEVEL_4K ||
		    ((level == PG_LEVEL_2M || level == PG_LEVEL_1G) && (val & _PAGE_PSE)))
			note_page(st, addr, level, val, eff);
		else
			walk_level(st, __va(val & PTE_PFN_MASK), level - 1, addr, eff);
	}
}

/* Walk everything; the last run ends at the top of the address space. */
static unsigned long ptdump_walk(struct seq_file *m)
{
	struct pg_state st = { .seq = m };

	walk_level(&st, init_top_pgt, PG_LEVEL_512G, 0, _PAGE_RW | _PAGE_USER);
	if (st.seq)
		print_run(&st, 0);      /* 0: wrapped past 0xffffffffffffffff */
	check_wx(&st, 0);
	return st.wx_pages;
}

/*
 * Without NX every present page is executable and W^X cannot hold: the check
 * would name every writable page.  As Linux, it is skipped then, and what is
 * left of W^X is that code is read-only (the kernel text is mapped without
 * _PAGE_RW on every CPU; the pgtable suite checks both).
 */
unsigned long ptdump_check_wx(void)
{
	unsigned long n;

	if (!(__supported_pte_mask & _PAGE_NX)) {
		pr_info("x86/mm: Checked W+X mappings: skipped, the CPU has no NX: every page is executable.\n");
		return 0;
	}
	n = ptdump_walk(NULL);

	if (n)
		pr_warn("x86/mm: Checked W+X mappings: FAILED, %lu W+X pages found.\n", n);
	else
		pr_info("x86/mm: Checked W+X mappings: passed, no W+X pages found.\n");
	return n;
}

static int ptdump_show(struct seq_file *m, void *v)
{
	ptdump_walk(m);
	return 0;
}
MONITOR_SHOW(ptdump, "the kernel page tables, as Linux's debugfs dump", ptdump_show);

/* "P RW A D PSE G NX": every flag set in an entry (__unused: lab 2's starter does not call it). */
static __unused void print_flags(struct seq_file *m, pteval_t e, enum pg_level level)
{
	static const struct { pteval_t bit; const char *name; } f[] = {
		{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" }, { _PAGE_USER, "USR" },
		{ _PAGE_PWT, "PWT" }, { _PAGE_PCD, "PCD" }, { _PAGE_ACCESSED, "A" },
		{ _PAGE_DIRTY, "D" }, { _PAGE_PSE, "PSE" }, { _PAGE_GLOBAL, "G" },
		{ _PAGE_NX, "NX" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		if ((e & f[i].bit) && !(f[i].bit == _PAGE_PSE && level == PG_LEVEL_4K))
			seq_printf(m, " %s", f[i].name);
	if (level == PG_LEVEL_4K && (e & _PAGE_PAT))
		seq_puts(m, " PAT");
	seq_putc(m, '\n');
}

/* Each level's entry for va, from the top table down to the page (or a hole). */
static bool walk_levels(struct seq_file *m, pteval_t *table, unsigned long va)
{
#ifndef LAB2_STARTER    /* LAB 2 BEGIN: walk the four levels for one address */
	static const char *const names[] = { "", "PTE", "PMD", "PUD", "PGD" };

	for (enum pg_level l = PG_LEVEL_512G; l >= PG_LEVEL_4K; l--) {
		pteval_t e = table[pt_index(va, l)];

		seq_printf(m, "  %s[%3u] = 0x%016llx ", names[l], pt_index(va, l),
			   (unsigned long long)e);
		if (!(e & _PAGE_PRESENT)) {
			seq_printf(m, " not present: %#lx is not mapped\n", va);
			return false;
		}
		print_flags(m, e, l);
		if (l == PG_LEVEL_4K || (l != PG_LEVEL_512G && (e & _PAGE_PSE))) {
			unsigned long size = pt_level_size(l);

			seq_printf(m, "  %s page at physical %#llx + offset %#lx = physical %#llx\n",
				   l == PG_LEVEL_1G ? "1G" : l == PG_LEVEL_2M ? "2M" : "4K",
				   (unsigned long long)(e & PTE_PFN_MASK & ~(size - 1)), va & (size - 1),
				   (unsigned long long)((e & PTE_PFN_MASK & ~(size - 1)) |
							(va & (size - 1))));
			return true;
		}
		table = __va(e & PTE_PFN_MASK);
	}
	return false;
#else                   /* LAB 2 STARTER */
	/*
	 * TODO (lab 2, exercise 2): from the top table down, print each level's
	 * entry for va ("  PGD[%3u] = 0x%016llx " and its flags, print_flags),
	 * stop at an entry that is not present ("not present: %#lx is not
	 * mapped", return false) or at the page: a PTE, or a PUD or PMD entry
	 * with _PAGE_PSE (a 1G or 2M page), where you print the page's
	 * physical address, va's offset in it and their sum, and return true.
	 * Otherwise the entry's address bits (PTE_PFN_MASK) are the next
	 * table's physical address.  Linux walks the same way in
	 * lookup_address() (arch/x86/mm/pat/set_memory.c) and prints it in
	 * dump_pagetable() (arch/x86/mm/fault.c).
	 */
	(void)table;
	lab_not_implemented(2, "the page-table walk of the monitor's walk command");
	seq_printf(m, "  walk_levels (mm/ptdump.c): not written yet, %#lx not walked\n", va);
	return false;
#endif                  /* LAB 2 END */
}

/* The user VMA holding va, in /proc/PID/maps' words, or that there is none (mmap_lock held). */
static void walk_show_vma(struct seq_file *m, struct mm_struct *mm, unsigned long va, bool present)
{
	struct vm_area_struct *vma = find_vma(mm, va);
	char path[128];
	const char *name;

	if (!vma || vma->vm_start > va) {
		seq_printf(m, "  in no VMA: an access to %#lx is SIGSEGV\n", va);
		return;
	}
	name = vma->vm_file ? file_path(vma->vm_file, path, sizeof(path)) : vma->vm_name;
	seq_printf(m, "  in VMA %08lx-%08lx %c%c%c%c %s%s\n", vma->vm_start, vma->vm_end,
		   vma->vm_flags & VM_READ ? 'r' : '-', vma->vm_flags & VM_WRITE ? 'w' : '-',
		   vma->vm_flags & VM_EXEC ? 'x' : '-', vma->vm_flags & VM_MAYSHARE ? 's' : 'p',
		   IS_ERR_OR_NULL(name) ? "" : name,
		   present ? "" : " (no page yet: the first touch faults one in)");
}

/*
 * walk ADDR [PID]: in the kernel's page tables, or in process PID's (its
 * user half is its own, its kernel half the kernel's: the same entries 256-511).
 */
static int walk_cmd(struct seq_file *m, int argc, char **argv)
{
	struct mm_struct *mm = NULL;
	struct task_struct *t;
	unsigned long va, pid = 0;
	bool present;

	if (argc < 2 || argc > 3 || kstrtoul(argv[1], 0, &va) ||
	    (argc == 3 && kstrtoul(argv[2], 10, &pid)))
		return -EINVAL;
	if (canonical(va) != va) {
		seq_printf(m, "walk: %#lx is not canonical: bits 63..48 must copy bit 47\n", va);
		return -EFAULT;
	}
	if (argc == 2) {
		walk_levels(m, init_top_pgt, va);
		return 0;
	}
	t = find_get_task_by_vpid(pid);
	if (!t) {
		seq_printf(m, "walk: no process %lu\n", pid);
		return -ESRCH;
	}
	mm = get_task_mm(t);
	put_task_struct(t);
	if (!mm) {
		seq_printf(m, "walk: %lu is a kernel thread: it has no user address space\n", pid);
		return 0;
	}
	mmap_read_lock(mm);             /* its page tables stay as they are meanwhile */
	present = walk_levels(m, (pteval_t *)mm->pgd, va);
	if (va < TASK_SIZE)
		walk_show_vma(m, mm, va, present);
	mmap_read_unlock(mm);
	mmput(mm);
	return 0;
}
MONITOR_CMD(walk, "ADDR [PID]", "show how the page tables (the kernel's, or process PID's) map one virtual address",
	    walk_cmd);
