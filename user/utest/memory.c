/*
 * utest suite "memory": brk, anonymous mmap and demand-zero paging, munmap
 * and mprotect with the faults they cause (SIGSEGV with si_addr and
 * si_code), /proc/self/maps as Linux prints it, stack growth, and system
 * calls handed bad pointers (-EFAULT, never a crash).
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define STACK_TOP   0x7ffffffff000UL    /* Linux's stack end without randomisation */
#define ELF_BASE    0x400000UL          /* a static non-PIE program's link address */
#define MAPS_PATH_COLUMN 73             /* where Linux's show_map_vma pads the path to */
#define MAX_VMAS    64

struct vma_line {
	unsigned long start, end, offset, inode;
	char perms[5];
	const char *path;               /* "" for an anonymous area */
	int path_column;
};

static char maps_buf[16384];

/* Read /proc/self/maps and split it into lines; returns how many, -1 on error. */
static int read_maps(struct vma_line *v, int max)
{
	int fd = open("/proc/self/maps", O_RDONLY), n = 0, len = 0, r;
	char *line;

	if (fd < 0)
		return -1;
	while ((r = read(fd, maps_buf + len, sizeof(maps_buf) - 1 - len)) > 0)
		len += r;
	close(fd);
	maps_buf[len] = '\0';
	for (line = strtok(maps_buf, "\n"); line && n < max; line = strtok(NULL, "\n"), n++) {
		unsigned int maj, min;
		int pos = 0;

		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &v[n].start, &v[n].end,
			   v[n].perms, &v[n].offset, &maj, &min, &v[n].inode, &pos) < 7)
			return -1;
		v[n].path = line + pos;
		v[n].path_column = pos;
	}
	return n;
}

/* The line whose range holds addr, or NULL. */
static const struct vma_line *vma_of(const struct vma_line *v, int n, unsigned long addr)
{
	for (int i = 0; i < n; i++)
		if (v[i].start <= addr && addr < v[i].end)
			return &v[i];
	return NULL;
}

/* ---- faults caught by a handler: where, and why ---- */

static sigjmp_buf fault_jmp;
static volatile siginfo_t fault_info;

static void fault_handler(int sig, siginfo_t *info, void *ctx)
{
	fault_info = *info;
	siglongjmp(fault_jmp, 1);
}

/* Touch addr (write if write), catching SIGSEGV; returns 1 if it faulted. */
static int faults(volatile char *addr, int write)
{
	struct sigaction sa = { .sa_sigaction = fault_handler, .sa_flags = SA_SIGINFO }, old;
	volatile int faulted = 0;       /* volatile: it lives across siglongjmp */

	memset((void *)&fault_info, 0, sizeof(fault_info));
	sigaction(SIGSEGV, &sa, &old);
	if (sigsetjmp(fault_jmp, 1) == 0) {
		if (write)
			*addr = 1;
		else
			(void)*addr;
	} else {
		faulted = 1;
	}
	sigaction(SIGSEGV, &old, NULL);
	return faulted;
}

/* ---- the cases ---- */

/* brk grows and shrinks the heap; a page given back comes back zeroed. */
static void brk_grow_shrink(void)
{
	unsigned long b0 = syscall(SYS_brk, 0), len = 16 * PAGE_SIZE;
	unsigned char *p = (unsigned char *)b0;

	ASSERT_TRUE(b0 != 0 && b0 % PAGE_SIZE == 0);
	ASSERT_EQ(syscall(SYS_brk, b0 + len), b0 + len);
	for (unsigned long i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	for (unsigned long i = 0; i < len; i += 997)
		EXPECT_EQ(p[i], (unsigned char)(i * 7 + 1));
	ASSERT_EQ(syscall(SYS_brk, b0 + PAGE_SIZE), b0 + PAGE_SIZE);
	EXPECT_EQ(p[100], (unsigned char)(100 * 7 + 1));     /* the page kept */
	ASSERT_EQ(syscall(SYS_brk, b0 + len), b0 + len);
	for (unsigned long i = PAGE_SIZE; i < len; i += 61)
		if (!EXPECT_EQ(p[i], 0))
			break;
	EXPECT_EQ(syscall(SYS_brk, b0), b0);
	EXPECT_TRUE(faults((char *)b0, 0));     /* gone: nothing maps it now */
	EXPECT_EQ(syscall(SYS_brk, 1), b0);     /* below the start: refused, brk unchanged */
}

/* Fresh anonymous pages read as zero, then keep what is written. */
static void mmap_anon_demand_zero(void)
{
	unsigned long npages = 64;
	unsigned char *p = mmap(NULL, npages * PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(p != MAP_FAILED);
	EXPECT_EQ((uintptr_t)p % PAGE_SIZE, 0);
	for (unsigned long i = 0; i < npages * PAGE_SIZE; i += 509)
		if (!EXPECT_EQ(p[i], 0))
			break;
	for (unsigned long pg = 0; pg < npages; pg++)
		p[pg * PAGE_SIZE + pg] = (unsigned char)(pg + 1);
	for (unsigned long pg = 0; pg < npages; pg++)
		EXPECT_EQ(p[pg * PAGE_SIZE + pg], (unsigned char)(pg + 1));
	EXPECT_EQ(munmap(p, npages * PAGE_SIZE), 0);
	EXPECT_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	EXPECT_ERRNO(munmap(p + 1, PAGE_SIZE), EINVAL);
}

/* An access to an unmapped page: SIGSEGV, SEGV_MAPERR, si_addr the address. */
static void munmap_then_access_sigsegv(void)
{
	char *p = mmap(NULL, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(p != MAP_FAILED);
	p[PAGE_SIZE] = 1;
	ASSERT_EQ(munmap(p + PAGE_SIZE, PAGE_SIZE), 0);
	EXPECT_TRUE(!faults(p, 1));
	EXPECT_TRUE(faults(p + PAGE_SIZE + 123, 0));
	EXPECT_EQ(fault_info.si_signo, SIGSEGV);
	EXPECT_EQ(fault_info.si_code, SEGV_MAPERR);
	EXPECT_EQ((uintptr_t)fault_info.si_addr, (uintptr_t)(p + PAGE_SIZE + 123));
	munmap(p, PAGE_SIZE);
}

/* mprotect of the middle page splits one VMA into three; undoing it merges them. */
static void mprotect_split_merge(void)
{
	struct vma_line v[MAX_VMAS];
	char *p = mmap(NULL, 5 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long a;
	int n;

	ASSERT_TRUE(p != MAP_FAILED);
	/* holes either side, so no neighbour can merge with it */
	munmap(p, PAGE_SIZE);
	munmap(p + 4 * PAGE_SIZE, PAGE_SIZE);
	a = (uintptr_t)p + PAGE_SIZE;
	ASSERT_EQ(mprotect((void *)(a + PAGE_SIZE), PAGE_SIZE, PROT_READ), 0);
	n = read_maps(v, MAX_VMAS);
	ASSERT_TRUE(n > 0);
	for (int i = 0; i < 3; i++) {
		const struct vma_line *l = vma_of(v, n, a + i * PAGE_SIZE);

		if (!EXPECT_TRUE(l != NULL))
			continue;
		EXPECT_EQ(l->start, a + i * PAGE_SIZE);
		EXPECT_EQ(l->end, a + (i + 1) * PAGE_SIZE);
		EXPECT_STREQ(l->perms, i == 1 ? "r--p" : "rw-p");
	}
	EXPECT_TRUE(faults((char *)a + PAGE_SIZE + 8, 1));
	EXPECT_EQ(fault_info.si_code, SEGV_ACCERR);
	EXPECT_EQ((uintptr_t)fault_info.si_addr, a + PAGE_SIZE + 8);
	ASSERT_EQ(mprotect((void *)(a + PAGE_SIZE), PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	n = read_maps(v, MAX_VMAS);
	ASSERT_TRUE(n > 0);
	if (EXPECT_TRUE(vma_of(v, n, a) != NULL)) {
		EXPECT_EQ(vma_of(v, n, a)->start, a);
		EXPECT_EQ(vma_of(v, n, a)->end, a + 3 * PAGE_SIZE);
	}
	EXPECT_TRUE(!faults((char *)a + PAGE_SIZE + 8, 1));
	munmap((void *)a, 3 * PAGE_SIZE);
}

/* The program's own lines: ELF at 0x400000, text r-x, [heap] from the first break, [stack]. */
static void proc_self_maps_layout(void)
{
	struct vma_line v[MAX_VMAS];
	unsigned long brk_now = syscall(SYS_brk, 0), stack_var = (uintptr_t)&v;
	const struct vma_line *text, *heap = NULL, *heap_end = NULL, *stack = NULL;
	int n;

	ASSERT_EQ(syscall(SYS_brk, brk_now + PAGE_SIZE), brk_now + PAGE_SIZE);
	n = read_maps(v, MAX_VMAS);
	syscall(SYS_brk, brk_now);
	ASSERT_TRUE(n >= 4);
	for (int i = 0; i < n; i++) {
		if (i > 0)
			EXPECT_TRUE(v[i - 1].end <= v[i].start);        /* sorted, disjoint */
		if (*v[i].path)
			EXPECT_EQ(v[i].path_column, MAPS_PATH_COLUMN);
		/* musl's malloc may make a guard page at the heap's start: two lines */
		if (!strcmp(v[i].path, "[heap]")) {
			heap = heap ? heap : &v[i];
			heap_end = &v[i];
		}
		if (!strcmp(v[i].path, "[stack]"))
			stack = &v[i];
	}
	EXPECT_EQ(v[0].start, ELF_BASE);
	EXPECT_STREQ(v[0].perms, "r--p");
	EXPECT_EQ(v[0].offset, 0);
	text = vma_of(v, n, (uintptr_t)(void *)proc_self_maps_layout);
	if (EXPECT_TRUE(text != NULL)) {
		EXPECT_STREQ(text->perms, "r-xp");
		EXPECT_TRUE(text->inode != 0);
		if (utest_argv0[0] == '/')
			EXPECT_STREQ(text->path, utest_argv0);
	}
	if (EXPECT_TRUE(heap != NULL)) {
		/*
		 * From the first break on, or from the bss below it: the bss
		 * beyond the file is an anonymous area that brk extends and
		 * Linux labels [heap] too (set_brk; without randomisation).
		 */
		EXPECT_TRUE(heap->start <= utest_brk0);
		EXPECT_EQ(heap_end->end, brk_now + PAGE_SIZE);
		EXPECT_STREQ(heap_end->perms, "rw-p");
	}
	if (EXPECT_TRUE(stack != NULL)) {
		EXPECT_TRUE(stack->start <= stack_var && stack_var < stack->end);
		EXPECT_STREQ(stack->perms, "rw-p");
		if (ut_no_randomization())
			EXPECT_EQ(stack->end, STACK_TOP);
	}
}

static int use_deep_stack(void *arg)
{
	volatile char big[1 << 20];         /* 1 MiB below the initial stack: it must grow */

	for (unsigned long i = 0; i < sizeof(big); i += PAGE_SIZE)
		big[i] = 1;
	return big[0] + big[sizeof(big) - PAGE_SIZE] == 2 ? 0 : 1;
}

/* The stack grows down on demand (in a child: a failure kills only it). */
static void stack_grows_on_demand(void)
{
	pid_t child = ut_fork(use_deep_stack, NULL);

	ASSERT_TRUE(child > 0);
	EXPECT_EQ(ut_wait(child), 0);
}

/* Bad pointers handed to the kernel: -EFAULT, and nothing written. */
static void bad_pointers_efault(void)
{
	int fds[2], zero = open("/dev/zero", O_RDONLY);
	void *kernel = (void *)0xffffffff80000000UL;

	ASSERT_TRUE(zero >= 0);
	ASSERT_EQ(pipe(fds), 0);
	EXPECT_ERRNO(write(fds[1], NULL, 10), EFAULT);
	EXPECT_ERRNO(write(fds[1], kernel, 10), EFAULT);
	EXPECT_ERRNO(read(zero, kernel, 16), EFAULT);
	EXPECT_ERRNO(read(zero, (void *)16, 16), EFAULT);
	EXPECT_ERRNO(syscall(SYS_uname, NULL), EFAULT);
	EXPECT_ERRNO(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8), EFAULT);
	EXPECT_ERRNO(open((const char *)kernel, O_RDONLY), EFAULT);
	close(zero);
	close(fds[0]);
	close(fds[1]);
}

UTEST_SUITE(memory,
	UTEST_CASE(brk_grow_shrink),
	UTEST_CASE(mmap_anon_demand_zero),
	UTEST_CASE(munmap_then_access_sigsegv),
	UTEST_CASE(mprotect_split_merge),
	UTEST_CASE(proc_self_maps_layout),
	UTEST_CASE(stack_grows_on_demand),
	UTEST_CASE(bad_pointers_efault),
);
