/*
 * sched_user suite: user mode and the system call path (kernel/entry_64.asm,
 * syscall.c, entry_common.c).  Each case maps a few bytes of x86-64 code and
 * a stack page by hand into a fresh address space (the mm code's mm_alloc: a PGD
 * whose kernel half, entries 256-511, is the kernel's), starts a child of the test
 * runner in it at CPL 3 (kernel_thread + start_thread, as exec does), and
 * waits for it with kernel_wait4.  The program leaves what the kernel
 * returned below its stack top, where the case reads it through the direct
 * map: getpid's value, -ENOSYS for numbers nothing implements (and the log
 * line), a callee register kept across SYSCALL/SYSRET, an exit status in
 * Linux's encoding, and the signal a faulting program dies of.
 */
#include <asm/desc.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <errno.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <mm/gfp.h>
#include <mm/mm_types.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/slab.h>

#include "../kernel/sched_deps.h"
#include "../kernel/syscall_internal.h"


#define USER_CODE      0x400000UL               /* where Linux puts an ET_EXEC's text */
#define USER_STACK_TOP 0x7ffffffff000UL         /* Linux's [stack] end */
#define USER_STACK     (USER_STACK_TOP - PAGE_SIZE)
#define PTRS_PER_TABLE 512
#define KERNEL_HALF    256                      /* PGD entries 256-511: the kernel's */
#define TABLE_FLAGS    (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
#define SIGCHLD 17
#define SIGILL  4
#define SIGSEGV 11
#define NR_UNIMPLEMENTED 320                    /* kexec_file_load: not in Atlas */

/* A hand-made address space: its mm, its pages (tables and data), freed after. */
struct user_space {
	struct mm_struct *mm;
	unsigned long pages[16];
	int nr_pages;
	u8 *code, *stack;               /* the two data pages, through the direct map */
};

/* A zeroed page for a table or data, remembered for user_space_free. */
static u64 *new_table(struct user_space *us)
{
	unsigned long p = get_zeroed_page(GFP_KERNEL);

	if (p && us->nr_pages < (int)ARRAY_SIZE(us->pages))
		us->pages[us->nr_pages++] = p;
	else if (p)
		free_page(p), p = 0;
	return (u64 *)p;
}

/* The table entry idx of t points to, made if missing. */
static u64 *next_level(struct user_space *us, u64 *t, unsigned int idx)
{
	u64 *n;

	if (t[idx] & _PAGE_PRESENT)
		return __va(t[idx] & PTE_PFN_MASK);
	n = new_table(us);
	if (n)
		t[idx] = __pa(n) | TABLE_FLAGS;
	return n;
}

/* Map one fresh page at va with leaf flags; its kernel address, or NULL. */
static u8 *map_user_page(struct user_space *us, unsigned long va, u64 flags)
{
	u64 *t = us->mm->pgd;
	u8 *page;

	for (int shift = 39; shift > 12 && t; shift -= 9)
		t = next_level(us, t, (va >> shift) & (PTRS_PER_TABLE - 1));
	page = (u8 *)new_table(us);
	if (!t || !page)
		return NULL;
	t[(va >> 12) & (PTRS_PER_TABLE - 1)] = __pa(page) | flags;
	return page;
}

/* Our pages and tables go, then the mm (its user half empty: the mm code's exit_mmap finds nothing). */
static void user_space_free(struct user_space *us)
{
	for (int i = 0; i < us->nr_pages; i++)
		free_page(us->pages[i]);
	memset(us->mm->pgd, 0, KERNEL_HALF * sizeof(u64));
	mmput(us->mm);
}

/*
 * An mm from the mm code's mm_alloc (its PGD's kernel half is the kernel's), the
 * user half filled by hand: code at USER_CODE, a stack page below
 * USER_STACK_TOP.  The child takes a reference of its own (mmget).
 */
static int user_space_make(struct user_space *us, const u8 *code, size_t len)
{
	memset(us, 0, sizeof(*us));
	us->mm = mm_alloc();
	if (!us->mm)
		return -ENOMEM;
	us->code = map_user_page(us, USER_CODE, _PAGE_PRESENT | _PAGE_USER);
	us->stack = map_user_page(us, USER_STACK, (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_NX) &
				  __supported_pte_mask);       /* no NX bit on a CPU without it */
	if (!us->code || !us->stack)
		return -ENOMEM;
	memcpy(us->code, code, len);
	mmget(us->mm);
	return 0;
}

/* The child: into the address space, then "return" to user mode at USER_CODE. */
static int enter_user(void *arg)
{
	struct user_space *us = arg;
	unsigned long flags;

	__set_task_comm(current, "usertest");
	local_irq_save(flags);
	switch_mm(current->active_mm, us->mm, current);
	current->mm = us->mm;
	current->active_mm = us->mm;
	local_irq_restore(flags);
	start_thread(task_pt_regs(current), USER_CODE, USER_STACK_TOP);
	return 0;
}

/* Run code in user mode as a child: its wait status, or -errno. */
static int run_user(struct kunit *test, struct user_space *us, const u8 *code, size_t len,
		    int *pid)
{
	int status = -1, ret;

	KUNIT_ASSERT_EQ(test, user_space_make(us, code, len), 0);
	*pid = kernel_thread(enter_user, us, SIGCHLD);
	KUNIT_ASSERT_GT(test, *pid, 1);
	ret = kernel_wait4(*pid, &status, 0);
	KUNIT_EXPECT_EQ(test, ret, *pid);
	return status;
}

/* The value the program stored at [rsp - 8 * slot]. */
static long stored(struct user_space *us, int slot)
{
	return *(long *)(us->stack + PAGE_SIZE - 8 * slot);
}

#define SYSCALL        0x0f, 0x05
#define MOV_EAX(n)     0xb8, (n) & 0xff, ((n) >> 8) & 0xff, 0, 0
#define MOV_EDI(n)     0xbf, (n) & 0xff, ((n) >> 8) & 0xff, 0, 0
#define STORE_RAX(s)   0x48, 0x89, 0x44, 0x24, (u8)(-8 * (s))       /* mov [rsp-8s], rax */
#define STORE_RBX(s)   0x48, 0x89, 0x5c, 0x24, (u8)(-8 * (s))       /* mov [rsp-8s], rbx */

static const u8 syscall_prog[] = {
	MOV_EAX(39), SYSCALL, STORE_RAX(1),                     /* getpid */
	MOV_EAX(NR_UNIMPLEMENTED), SYSCALL, STORE_RAX(2),       /* -ENOSYS, logged */
	MOV_EAX(999), SYSCALL, STORE_RAX(3),                    /* beyond the table */
	0x48, 0xbb, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,     /* mov rbx, imm64 */
	MOV_EAX(186), SYSCALL, STORE_RAX(4), STORE_RBX(5),      /* gettid; rbx kept */
	0xb9, 0x00, 0x00, 0x40, 0x00,                           /* mov ecx, 0x400000 */
	0xff, 0xc9, 0x75, 0xfc,                                 /* 1: dec ecx; jnz 1b (ticks in user mode) */
	MOV_EAX(110), SYSCALL, STORE_RAX(6),                    /* getppid */
	MOV_EDI(42), MOV_EAX(60), SYSCALL,                      /* exit(42) */
	0x0f, 0x0b,                                             /* ud2: never */
};

static void user_program_makes_system_calls(struct kunit *test)
{
	static bool logged_before;
	struct user_space us;
	size_t pos = log_buf_pos();
	char want[96];
	int pid, status;

	status = run_user(test, &us, syscall_prog, sizeof(syscall_prog), &pid);
	KUNIT_EXPECT_EQ(test, status, 42 << 8);         /* exited, WEXITSTATUS 42 */
	KUNIT_EXPECT_EQ(test, stored(&us, 1), pid);
	KUNIT_EXPECT_EQ(test, stored(&us, 2), -ENOSYS);
	KUNIT_EXPECT_EQ(test, stored(&us, 3), -ENOSYS);
	KUNIT_EXPECT_EQ(test, stored(&us, 4), pid);
	KUNIT_EXPECT_EQ(test, stored(&us, 5), 0x1122334455667788L);
	KUNIT_EXPECT_EQ(test, stored(&us, 6), current->tgid);
	snprintf(want, sizeof(want), "atlas: usertest[%d] used unimplemented syscall %d (kexec_file_load)\n",
		 pid, NR_UNIMPLEMENTED);
	/* logged once per number: on the suite's first run only */
	KUNIT_EXPECT_EQ(test, log_contains_since(pos, want), !logged_before);
	logged_before = true;
	user_space_free(&us);
}

/*
 * vfork: the child (sharing the parent's memory, the parent stopped) stores
 * its pid and exits 7; the parent stores the child's pid, waits for it and
 * stores wait4's result and status word; then sched_yield and getppid.
 */
static const u8 vfork_prog[] = {
	MOV_EAX(58), SYSCALL,                                   /* vfork */
	0x85, 0xc0, 0x75, 0x18,                                 /* test eax, eax; jnz parent */
	MOV_EAX(39), SYSCALL, STORE_RAX(7),                     /* child: getpid */
	MOV_EDI(7), MOV_EAX(60), SYSCALL,                       /* exit(7) */
	STORE_RAX(1),                                           /* parent: the child's pid */
	0xbf, 0xff, 0xff, 0xff, 0xff,                           /* mov edi, -1 */
	0x48, 0x8d, 0x74, 0x24, 0xf0,                           /* lea rsi, [rsp-16] */
	0x31, 0xd2, 0x4d, 0x31, 0xd2,                           /* xor edx, edx; xor r10, r10 */
	MOV_EAX(61), SYSCALL, STORE_RAX(3),                     /* wait4(-1, rsp-16, 0, 0) */
	MOV_EAX(24), SYSCALL, STORE_RAX(4),                     /* sched_yield */
	MOV_EAX(61), SYSCALL, STORE_RAX(5),                     /* wait4 again: no child */
	MOV_EDI(0), MOV_EAX(60), SYSCALL,                       /* exit(0) */
};

static void user_vfork_child_runs_first_and_is_waited_for(struct kunit *test)
{
	struct user_space us;
	int pid, status;

	status = run_user(test, &us, vfork_prog, sizeof(vfork_prog), &pid);
	KUNIT_EXPECT_EQ(test, status, 0);
	KUNIT_EXPECT_GT(test, stored(&us, 1), pid);            /* a new pid */
	KUNIT_EXPECT_EQ(test, stored(&us, 7), stored(&us, 1));  /* the child saw its own */
	KUNIT_EXPECT_EQ(test, stored(&us, 3), stored(&us, 1));
	KUNIT_EXPECT_EQ(test, (int)stored(&us, 2), 7 << 8);     /* the status word */
	KUNIT_EXPECT_EQ(test, stored(&us, 4), 0);
	KUNIT_EXPECT_EQ(test, stored(&us, 5), -ECHILD);
	user_space_free(&us);
}

/* nanosleep: 20 ms, then an invalid tv_nsec and a bad pointer. */
static const u8 nanosleep_prog[] = {
	0x48, 0xc7, 0x44, 0x24, 0xc0, 0, 0, 0, 0,               /* mov qword [rsp-64], 0 */
	0x48, 0xc7, 0x44, 0x24, 0xc8, 0x00, 0x2d, 0x31, 0x01,   /* mov qword [rsp-56], 20000000 */
	0x48, 0x8d, 0x7c, 0x24, 0xc0,                           /* lea rdi, [rsp-64] */
	0x31, 0xf6,                                             /* xor esi, esi */
	MOV_EAX(35), SYSCALL, STORE_RAX(1),                     /* nanosleep(&ts, NULL) */
	0x48, 0xc7, 0x44, 0x24, 0xc8, 0x00, 0xca, 0x9a, 0x3b,   /* tv_nsec = 1000000000 */
	0x48, 0x8d, 0x7c, 0x24, 0xc0,
	MOV_EAX(35), SYSCALL, STORE_RAX(2),                     /* -EINVAL */
	MOV_EDI(16), MOV_EAX(35), SYSCALL, STORE_RAX(3),        /* nanosleep(0x10): -EFAULT */
	MOV_EDI(0), MOV_EAX(60), SYSCALL,
};

static void user_nanosleep_sleeps_and_checks_its_argument(struct kunit *test)
{
	struct user_space us;
	u64 start = local_clock();
	int pid, status;

	status = run_user(test, &us, nanosleep_prog, sizeof(nanosleep_prog), &pid);
	KUNIT_EXPECT_EQ(test, status, 0);
	KUNIT_EXPECT_EQ(test, stored(&us, 1), 0);
	KUNIT_EXPECT_GE(test, local_clock() - start, 20 * NSEC_PER_MSEC);      /* at least */
	KUNIT_EXPECT_EQ(test, stored(&us, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, stored(&us, 3), -EFAULT);
	user_space_free(&us);
}

/* prctl: PR_SET_NAME "newname", PR_GET_NAME into [rsp-96], an unknown option. */
static const u8 prctl_prog[] = {
	0x48, 0xb8, 'n', 'e', 'w', 'n', 'a', 'm', 'e', 0,      /* mov rax, "newname" */
	0x48, 0x89, 0x44, 0x24, 0xc0,                           /* mov [rsp-64], rax */
	MOV_EDI(15), 0x48, 0x8d, 0x74, 0x24, 0xc0,              /* lea rsi, [rsp-64] */
	MOV_EAX(157), SYSCALL, STORE_RAX(1),
	MOV_EDI(16), 0x48, 0x8d, 0x74, 0x24, 0xa0,              /* lea rsi, [rsp-96] */
	MOV_EAX(157), SYSCALL, STORE_RAX(2),
	MOV_EDI(9999), MOV_EAX(157), SYSCALL, STORE_RAX(3),
	MOV_EDI(0), MOV_EAX(60), SYSCALL,
};

static void user_prctl_names_the_task(struct kunit *test)
{
	struct user_space us;
	int pid, status;

	status = run_user(test, &us, prctl_prog, sizeof(prctl_prog), &pid);
	KUNIT_EXPECT_EQ(test, status, 0);
	KUNIT_EXPECT_EQ(test, stored(&us, 1), 0);
	KUNIT_EXPECT_EQ(test, stored(&us, 2), 0);
	KUNIT_EXPECT_STREQ(test, (char *)us.stack + PAGE_SIZE - 96, "newname");
	KUNIT_EXPECT_EQ(test, stored(&us, 3), -EINVAL);
	user_space_free(&us);
}

static const u8 ud2_prog[] = { 0x0f, 0x0b };
static const u8 write_code_prog[] = {
	0xc6, 0x05, 0xf9, 0xff, 0xff, 0xff, 0x01,       /* mov byte [rip-7], 1: its own page, read-only */
	0x0f, 0x0b,
};

static void user_exception_kills_only_the_process(struct kunit *test)
{
	struct user_space us;
	size_t pos = log_buf_pos();
	char want[64];
	int pid, status;

	status = run_user(test, &us, ud2_prog, sizeof(ud2_prog), &pid);
	KUNIT_EXPECT_EQ(test, status & 0x7f, SIGILL);
	snprintf(want, sizeof(want), "traps: usertest[%d] trap invalid opcode ip:400000", pid);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	user_space_free(&us);

	pos = log_buf_pos();
	status = run_user(test, &us, write_code_prog, sizeof(write_code_prog), &pid);
	KUNIT_EXPECT_EQ(test, status & 0x7f, SIGSEGV);
	snprintf(want, sizeof(want), "usertest[%d]: segfault at 400000 ip 0000000000400000", pid);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, want));
	user_space_free(&us);
}

/*
 * The dispatch fuzz: a loop in user mode makes FUZZ_CALLS system calls, each
 * number and its six arguments read from a table after the code; it counts
 * the -ENOSYS results.  The numbers are every unimplemented one the kernel
 * has, numbers beyond the table (with high bits set, negative, the x32 bit),
 * and the scheduler's id calls (getpid, getpgid, ...) with random arguments.
 */
#define FUZZ_CALLS   64
#define FUZZ_ENTRY   7                          /* u64s per call: number, 6 arguments */
#define FUZZ_DATA    80                         /* where the table starts in the page */

static const u8 fuzz_loop[FUZZ_DATA] = {
	0x48, 0x8d, 0x1d, FUZZ_DATA - 7, 0, 0, 0,       /* lea rbx, [rip + table] */
	0x41, 0xbc, FUZZ_CALLS, 0, 0, 0,                /* mov r12d, FUZZ_CALLS */
	0x45, 0x31, 0xed,                               /* xor r13d, r13d */
	0x48, 0x8b, 0x03,                               /* 1: mov rax, [rbx] */
	0x48, 0x8b, 0x7b, 0x08, 0x48, 0x8b, 0x73, 0x10, /* rdi, rsi */
	0x48, 0x8b, 0x53, 0x18, 0x4c, 0x8b, 0x53, 0x20, /* rdx, r10 */
	0x4c, 0x8b, 0x43, 0x28, 0x4c, 0x8b, 0x4b, 0x30, /* r8, r9 */
	0x0f, 0x05,                                     /* syscall */
	0x48, 0x83, 0xf8, 0xda, 0x74, 0x03,             /* cmp rax, -ENOSYS; je 2f */
	0x49, 0xff, 0xc5,                               /* inc r13 */
	0x48, 0x83, 0xc3, 8 * FUZZ_ENTRY,               /* 2: add rbx, 56 */
	0x41, 0xff, 0xcc, 0x75, 0xd1,                   /* dec r12d; jnz 1b */
	0x4c, 0x89, 0x6c, 0x24, 0xf8,                   /* mov [rsp-8], r13: calls not -ENOSYS */
	MOV_EDI(0), MOV_EAX(60), SYSCALL,
};

static u64 fuzz_rand(u64 *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state ^ (*state >> 29);
}

/* Fill the table; the number of calls expected to return something else than -ENOSYS. */
static int fuzz_table(u64 *table)
{
	static const u64 edge[] = { NR_syscalls, 1000, 0x7fffffff, ~0ULL, 0x40000000 + 39 };
	static const u64 id_calls[] = { 39, 186, 110, 121, 111, 124, 109, 24, 61, 247 };
	u64 seed = 0x5eed, nr = 0;
	int i = 0, implemented = 0;

	for (; i < (int)ARRAY_SIZE(edge); i++)
		table[i * FUZZ_ENTRY] = edge[i];
	for (int j = 0; j < (int)ARRAY_SIZE(id_calls); j++, i++, implemented++)
		table[i * FUZZ_ENTRY] = id_calls[j];
	table[i++ * FUZZ_ENTRY] = 0xffffffff00000000ULL | 39;   /* getpid: the top half is ignored */
	implemented++;
	for (; i < FUZZ_CALLS; i++) {
		while (nr < NR_syscalls && syscall_implemented(nr))
			nr++;
		table[i * FUZZ_ENTRY] = nr < NR_syscalls ? nr++ : ~0ULL - (u64)i;
	}
	for (i = 0; i < FUZZ_CALLS; i++)
		for (int a = 1; a < FUZZ_ENTRY; a++)
			table[i * FUZZ_ENTRY + a] = fuzz_rand(&seed) >> (fuzz_rand(&seed) & 63);
	return implemented;
}

static void user_random_syscalls_do_not_oops(struct kunit *test)
{
	u8 *prog = kzalloc(PAGE_SIZE, GFP_KERNEL);
	struct user_space us;
	int pid, status, implemented;

	KUNIT_ASSERT_NOT_NULL(test, prog);
	memcpy(prog, fuzz_loop, sizeof(fuzz_loop));
	implemented = fuzz_table((u64 *)(prog + FUZZ_DATA));
	status = run_user(test, &us, prog, FUZZ_DATA + FUZZ_CALLS * FUZZ_ENTRY * 8, &pid);
	KUNIT_EXPECT_EQ(test, status, 0);
	KUNIT_EXPECT_EQ(test, stored(&us, 1), implemented);
	user_space_free(&us);
	kfree(prog);
}

static void syscall_names_follow_linux_numbering(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, syscall_name(0), "read");
	KUNIT_EXPECT_STREQ(test, syscall_name(39), "getpid");
	KUNIT_EXPECT_STREQ(test, syscall_name(60), "exit");
	KUNIT_EXPECT_STREQ(test, syscall_name(231), "exit_group");
	KUNIT_EXPECT_STREQ(test, syscall_name(302), "prlimit64");
	KUNIT_EXPECT_STREQ(test, syscall_name(450), "set_mempolicy_home_node");
	KUNIT_EXPECT_STREQ(test, syscall_name(335), "?");       /* a gap in Linux's numbering */
	KUNIT_EXPECT_STREQ(test, syscall_name(NR_syscalls), "?");
	KUNIT_EXPECT_TRUE(test, syscall_implemented(39));
	KUNIT_EXPECT_TRUE(test, syscall_implemented(57));       /* fork */
	KUNIT_EXPECT_FALSE(test, syscall_implemented(NR_UNIMPLEMENTED));
	for (const struct syscall_entry *e = __syscalls_start; e < __syscalls_end; e++)
		KUNIT_EXPECT_STREQ(test, syscall_name(e->nr), e->name);
}

static void gdt_has_linux_user_segments(struct kunit *test)
{
	u16 cs;

	KUNIT_EXPECT_EQ(test, __USER32_CS, 0x23);
	KUNIT_EXPECT_EQ(test, __USER_DS, 0x2b);
	KUNIT_EXPECT_EQ(test, __USER_CS, 0x33);
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	KUNIT_EXPECT_EQ(test, cs, __KERNEL_CS);
}

static struct kunit_case sched_user_cases[] = {
	KUNIT_CASE(gdt_has_linux_user_segments),
	KUNIT_CASE(user_program_makes_system_calls),
	KUNIT_CASE(user_exception_kills_only_the_process),
	KUNIT_CASE(user_vfork_child_runs_first_and_is_waited_for),
	KUNIT_CASE(user_nanosleep_sleeps_and_checks_its_argument),
	KUNIT_CASE(user_prctl_names_the_task),
	KUNIT_CASE(user_random_syscalls_do_not_oops),
	KUNIT_CASE(syscall_names_follow_linux_numbering),
	{}
};

static struct kunit_suite sched_user_suite = {
	.name = "sched_user",
	.test_cases = sched_user_cases,
};
kunit_test_suite(sched_user_suite);
