/*
 * ubench: the user-space benchmark of `make bench`.  One static musl binary
 * that runs unchanged on Linux and on Atlas, so the figures compare one for
 * one on the same VM.  It prints, as the reference run on Linux did:
 *
 *   BENCHINFO cmdline="..." randomize_va_space=0 thp_enabled="..." affinity=all_cpus
 *   BENCHINFO uname="Linux 6.1.0 x86_64" cpus_allowed=2 target_ms=200 tsc_mhz_measured=2095
 *   BENCH getpid_syscall cycles_per_op=2667 ns_per_op=1272 ops=400000
 *   ...
 *   BENCHINFO end
 *
 * Each benchmark is a loop of one operation, timed with rdtsc (cycles) and
 * CLOCK_MONOTONIC (ns).  The operation count adapts to the machine: the loop
 * runs 1, 10, 100, ... operations until one run takes a tenth of the target
 * time (-t MS, 200 by default), then runs the count that takes about the
 * target, rounded to two significant digits; only that last run is reported.
 *
 *   ubench [-t MS] [NAME...]      NAME: run only the benchmarks whose name
 *                                 contains it
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE_SIZE        4096
#define FAULT_CHUNK      4096           /* pages mapped at once by page_fault_anon: 16 MiB */
#define HUGE_SIZE        (2UL << 20)    /* a PMD's worth: what THP maps at once */
#define TARGET_MS        200
#define MAX_OPS          1000000000UL

static int target_ms = TARGET_MS;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* ---- the benchmarks: each runs its operation n times ---- */

static void bench_loop_overhead(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		__asm__ volatile("" ::: "memory");
}

static void bench_getpid(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		syscall(SYS_getpid);    /* musl caches nothing, but be explicit */
}

/* Touch one byte per fresh page; the munmap is part of the cost, as on Linux. */
static void fault_pages(unsigned long n, int huge)
{
	size_t len = FAULT_CHUNK * PAGE_SIZE;

	for (unsigned long done = 0; done < n; done += FAULT_CHUNK) {
		char *p = mmap(NULL, len + (huge ? HUGE_SIZE : 0), PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *start;

		if (p == MAP_FAILED)
			die("mmap");
		start = huge ? (char *)(((uintptr_t)p + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1)) : p;
		if (huge)
			madvise(start, len, 14);        /* MADV_HUGEPAGE: where the kernel has THP */
		for (size_t off = 0; off < len; off += PAGE_SIZE)
			start[off] = 1;
		munmap(p, len + (huge ? HUGE_SIZE : 0));
	}
}

static void bench_page_fault_anon(unsigned long n)
{
	fault_pages(n, 0);
}

static void bench_page_fault_anon_thp(unsigned long n)
{
	fault_pages(n, 1);
}

/* A whole one-page mapping's life: map it, touch it, unmap it. */
static void bench_mmap_munmap(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		char *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		p[0] = 1;
		munmap(p, PAGE_SIZE);
	}
}

/* The brk system call itself (musl's brk() refuses to move it). */
static void bench_brk(unsigned long n)
{
	uintptr_t base = syscall(SYS_brk, 0);

	for (unsigned long i = 0; i < n; i++) {
		if ((uintptr_t)syscall(SYS_brk, base + PAGE_SIZE) != base + PAGE_SIZE)
			die("brk");
		syscall(SYS_brk, base);
	}
}

static void bench_fork(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			die("fork/wait");
	}
}

/* One op: a byte to the child through one pipe and back through another. */
static void bench_pipe_pingpong(unsigned long n)
{
	int to_child[2], to_parent[2], status;
	char c = 'x';
	pid_t pid;

	if (pipe(to_child) || pipe(to_parent))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		while (read(to_child[0], &c, 1) == 1)
			if (write(to_parent[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	for (unsigned long i = 0; i < n; i++)
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1)
			die("pipe ping-pong");
	close(to_child[1]);
	close(to_parent[0]);
	waitpid(pid, &status, 0);
}

static void bench_open_close(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd < 0)
			die("/dev/null");
		close(fd);
	}
}

static void bench_read_devzero(unsigned long n)
{
	static char buf[PAGE_SIZE];
	int fd = open("/dev/zero", O_RDONLY);

	if (fd < 0)
		die("/dev/zero");
	for (unsigned long i = 0; i < n; i++)
		if (read(fd, buf, sizeof(buf)) != sizeof(buf))
			die("read /dev/zero");
	close(fd);
}

static const struct bench {
	const char *name;
	void (*fn)(unsigned long n);
	unsigned long granule;          /* the count is a multiple of this */
} benches[] = {
	{ "loop_overhead", bench_loop_overhead, 1 },
	{ "getpid_syscall", bench_getpid, 1 },
	{ "page_fault_anon", bench_page_fault_anon, FAULT_CHUNK },
	{ "page_fault_anon_thp", bench_page_fault_anon_thp, FAULT_CHUNK },
	{ "mmap_munmap_4k", bench_mmap_munmap, 1 },
	{ "brk_grow_shrink", bench_brk, 1 },
	{ "fork_exit_wait", bench_fork, 1 },
	{ "pipe_pingpong_1byte", bench_pipe_pingpong, 1 },
	{ "open_close_devnull", bench_open_close, 1 },
	{ "read_devzero_4k", bench_read_devzero, 1 },
};

/* n rounded to two significant digits, then up to a multiple of granule. */
static unsigned long round_ops(unsigned long n, unsigned long granule)
{
	unsigned long scale = 1;

	while (n >= 100 * scale)
		scale *= 10;
	n = (n + scale / 2) / scale * scale;
	n = (n + granule - 1) / granule * granule;
	return n ? n : granule;
}

static void run_bench(const struct bench *b, uint64_t tsc_hz)
{
	uint64_t target = (uint64_t)target_ms * 1000000, t, c;
	unsigned long n = b->granule;

	/* calibrate: grow the count tenfold until a run takes a tenth of the target */
	for (;;) {
		t = now_ns();
		b->fn(n);
		t = now_ns() - t;
		if (t >= target / 10 || n >= MAX_OPS / 10)
			break;
		n *= 10;
	}
	n = round_ops((unsigned long)((double)n * target / (t ? t : 1)), b->granule);
	c = rdtsc();
	t = now_ns();
	b->fn(n);
	t = now_ns() - t;
	c = rdtsc() - c;
	printf("BENCH %s cycles_per_op=%llu ns_per_op=%llu ops=%lu\n", b->name,
	       (unsigned long long)(c / n), (unsigned long long)(t / n), n);
	(void)tsc_hz;
}

/* The first line of a file without its newline, or "?" if it cannot be read. */
static const char *read_line(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return "?";
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* TSC cycles per second, measured against CLOCK_MONOTONIC over 100 ms. */
static uint64_t measure_tsc_hz(void)
{
	uint64_t t0 = now_ns(), c0 = rdtsc(), t;

	do
		t = now_ns() - t0;
	while (t < 100000000);
	return (rdtsc() - c0) * 1000000000 / t;
}

static void print_info(uint64_t tsc_hz)
{
	char cmdline[4096], rnd[16], thp[128];
	struct utsname u;
	cpu_set_t set;
	int cpus = 0, online = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned long mask = 0;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		cpus = CPU_COUNT(&set);
	for (int i = 0; i < 64; i++)
		if (CPU_ISSET(i, &set))
			mask |= 1UL << i;
	printf("BENCHINFO cmdline=\"%s\" randomize_va_space=%s thp_enabled=\"%s\" ",
	       read_line("/proc/cmdline", cmdline, sizeof(cmdline)),
	       read_line("/proc/sys/kernel/randomize_va_space", rnd, sizeof(rnd)),
	       read_line("/sys/kernel/mm/transparent_hugepage/enabled", thp, sizeof(thp)));
	if (cpus == online || cpus == 0)
		printf("affinity=all_cpus\n");
	else
		printf("affinity=taskset_mask_%#lx\n", mask);
	if (uname(&u))
		memset(&u, 0, sizeof(u));
	printf("BENCHINFO uname=\"%s %s %s\" cpus_allowed=%d target_ms=%d tsc_mhz_measured=%llu\n",
	       u.sysname, u.release, u.machine, cpus, target_ms,
	       (unsigned long long)(tsc_hz / 1000000));
}

static int wanted(const char *name, int argc, char **argv)
{
	if (argc == 0)
		return 1;
	for (int i = 0; i < argc; i++)
		if (strstr(name, argv[i]))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t tsc_hz;

	setvbuf(stdout, NULL, _IOLBF, 0);       /* lines out before each fork */
	if (argc > 2 && !strcmp(argv[1], "-t")) {
		target_ms = atoi(argv[2]);
		if (target_ms <= 0 || target_ms > 100000) {
			fprintf(stderr, "ubench: -t %s: not a time in ms (1..100000)\n", argv[2]);
			return 2;
		}
		argc -= 2;
		argv += 2;
	}
	tsc_hz = measure_tsc_hz();
	print_info(tsc_hz);
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		if (wanted(benches[i].name, argc - 1, argv + 1))
			run_bench(&benches[i], tsc_hz);
	printf("BENCHINFO end\n");
	return 0;
}
