/*
 * A process's address space: Linux's mm_struct and vm_area_struct
 * (include/linux/mm_types.h), the fields Atlas uses.
 *
 * Every page of a process belongs to a VMA; a user address outside every VMA
 * does not exist for it (a fault there is SIGSEGV).  The VMAs of an mm are kept
 * sorted by address and never overlap.  Owned by mm/mmap.c (VMAs, mmap, brk),
 * mm/memory.c (page tables, faults, fork's copy) and fs/binfmt_elf.c (exec).
 */
#ifndef ATLAS_MM_MM_TYPES_H
#define ATLAS_MM_MM_TYPES_H

#include <kernel/list.h>
#include <kernel/types.h>
#include <kernel/spinlock.h>

struct file;
struct mm_struct;

/* vm_flags (Linux's values) */
#define VM_NONE         0x00000000UL
#define VM_READ         0x00000001UL
#define VM_WRITE        0x00000002UL
#define VM_EXEC         0x00000004UL
#define VM_SHARED       0x00000008UL
#define VM_MAYREAD      0x00000010UL
#define VM_MAYWRITE     0x00000020UL
#define VM_MAYEXEC      0x00000040UL
#define VM_MAYSHARE     0x00000080UL
#define VM_GROWSDOWN    0x00000100UL    /* the stack: grows down on a fault below */
#define VM_PFNMAP       0x00000400UL    /* device memory (/dev/mem): no struct page */
#define VM_IO           0x00004000UL
#define VM_DONTEXPAND   0x00040000UL
#define VM_ACCOUNT      0x00100000UL
#define VM_STACK        VM_GROWSDOWN
#define VM_STACK_FLAGS  (VM_STACK | VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

struct vm_area_struct {
	unsigned long vm_start;         /* first address */
	unsigned long vm_end;           /* first address after */
	struct mm_struct *vm_mm;
	unsigned long vm_flags;         /* VM_* */
	unsigned long vm_pgoff;         /* offset in vm_file, in pages */
	struct file *vm_file;           /* the file mapped, or NULL (anonymous) */
	const char *vm_name;            /* "[heap]", "[stack]", ... or NULL */
	struct list_head vm_list;       /* in mm->mmap, sorted by vm_start */
};

struct mm_struct {
	struct list_head mmap;          /* the VMAs, sorted by address */
	int map_count;                  /* how many */
	u64 *pgd;                       /* top page table (kernel virtual address) */
	int mm_users;                   /* tasks using it (atomic) */
	int mm_count;                   /* references incl. lazy kernel users (atomic) */
	spinlock_t page_table_lock;     /* the page tables and the VMA list */
	unsigned long mmap_base;        /* top-down mmap starts below this */
	unsigned long task_size;        /* end of the user half */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long total_vm;         /* pages mapped, all VMAs */
	unsigned long hiwater_rss;      /* peak resident pages */
	unsigned long rss_anon;         /* resident anonymous pages */
	unsigned long rss_file;         /* resident file pages */
	unsigned long stack_vm, data_vm, exec_vm;       /* pages, as /proc/PID/status */
	unsigned long def_flags;
	struct file *exe_file;          /* /proc/PID/exe */
	unsigned long saved_auxv[2 * 24];       /* /proc/PID/auxv */

	/* the mm code's (mm/mmu_context.c, mm/memory.c) */
	int mmap_lock;                  /* mmap_read_lock/mmap_write_lock (include/mm/mmap.h) */
	unsigned long cpu_vm_mask;      /* bit N: CPU N has this mm in CR3 (NR_CPUS <= 64) */
	unsigned long pgtables_bytes;   /* user page-table pages, in bytes (VmPTE) */
};

#endif
