/*
 * utest suite "devmem": /dev/mem and /dev/port with Linux's rules
 * (CONFIG_STRICT_DEVMEM, CONFIG_IO_STRICT_DEVMEM, x86's devmem_is_allowed):
 * mmap over RAM or over a range a driver holds busy is EPERM, an unaligned
 * offset or one past the CPU's physical address width EINVAL; the HPET's
 * registers map and read; read() of the first MiB shows RAM as zeros and
 * stops at the end of RAM (EFAULT); /dev/port reads and writes a UART
 * register; lseek takes SEEK_SET and SEEK_CUR only; the edu device's BAR is
 * refused while a driver holds it and readable otherwise; user/hpet and
 * user/lsbars run and print what they should.  Every case holds on Linux
 * too (as root, on the same QEMU machine).
 */
#include <cpuid.h>
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define HPET_BASE       0xfed00000UL
#define HPET_CAP_QEMU   0x8086a201U     /* QEMU's HPET: Intel, rev 1, 3 timers, 64-bit, legacy */
#define HPET_PERIOD_QEMU 0x00989680U    /* 10,000,000 fs: 100 MHz */
#define LAPIC_BASE      0xfee00000UL    /* "Local APIC", busy */
#define EDU_ID          0x010000edU
#define COM1_LSR        0x3fd
#define COM1_SCR        0x3ff           /* the 16550's scratch register */

extern char **environ;

/* mmap len bytes of /dev/mem at phys: 0 if it maps (then unmapped), else errno. */
static int map_errno(int fd, unsigned long long phys, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, (off_t)phys);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, len);
	return 0;
}

static int open_mem(void)
{
	int fd = open("/dev/mem", O_RDONLY | O_SYNC);

	if (fd < 0)
		ut_fail(__FILE__, __LINE__, "open /dev/mem: %s", strerror(errno));
	return fd;
}

/* The end of the highest top-level "System RAM" in /proc/iomem (+1), or 0. */
static unsigned long long ram_end(void)
{
	unsigned long long start, end, top = 0;
	char line[256];
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (line[0] != ' ' && strstr(line, ": System RAM") &&
		    sscanf(line, "%llx-%llx", &start, &end) == 2 && end + 1 > top)
			top = end + 1;
	fclose(f);
	return top;
}

/* Whether a line of /proc/iomem contains what. */
static int iomem_has(const char *what)
{
	char line[256];
	int found = 0;
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, what) != NULL;
	fclose(f);
	return found;
}

/* Whether addr lies in a top-level "System RAM" of /proc/iomem. */
static int in_system_ram(unsigned long long addr)
{
	unsigned long long start, end;
	char line[256];
	int found = 0;
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = line[0] != ' ' && strstr(line, ": System RAM") &&
			sscanf(line, "%llx-%llx", &start, &end) == 2 && start <= addr && addr <= end;
	fclose(f);
	return found;
}

/* RAM, busy ranges and mixed ranges refuse mmap with EPERM. */
static void mmap_ram_and_busy_are_eperm(void)
{
	int fd = open_mem();

	ASSERT_TRUE(fd >= 0);
	EXPECT_EQ(map_errno(fd, 0x100000, PAGE_SIZE), EPERM);          /* System RAM */
	EXPECT_EQ(map_errno(fd, 0x1000000, 4 * PAGE_SIZE), EPERM);
	EXPECT_EQ(map_errno(fd, 0xff000, 2 * PAGE_SIZE), EPERM);       /* the BIOS, then RAM */
	EXPECT_EQ(map_errno(fd, LAPIC_BASE, PAGE_SIZE), EPERM);        /* "Local APIC": busy */
	EXPECT_EQ(map_errno(fd, HPET_BASE - PAGE_SIZE, PAGE_SIZE), 0); /* nobody's: allowed */
	close(fd);
}

/* An offset that is not a page's, or that lies past MAXPHYADDR: EINVAL. */
static void mmap_bad_offsets_are_einval(void)
{
	unsigned int a, b, c, d, bits = 36;
	int fd = open_mem();

	ASSERT_TRUE(fd >= 0);
	if (__get_cpuid(0x80000000, &a, &b, &c, &d) && a >= 0x80000008 &&
	    __get_cpuid(0x80000008, &a, &b, &c, &d))
		bits = a & 0xff;
	EXPECT_EQ(map_errno(fd, HPET_BASE + 4, PAGE_SIZE), EINVAL);
	EXPECT_EQ(map_errno(fd, HPET_BASE + 0x800, PAGE_SIZE), EINVAL);
	EXPECT_EQ(map_errno(fd, 1ULL << bits, PAGE_SIZE), EINVAL);
	EXPECT_EQ(map_errno(fd, (1ULL << bits) - PAGE_SIZE, 2 * PAGE_SIZE), EINVAL);
	close(fd);
}

/* The HPET's capabilities through an mmap of /dev/mem, and its counter moves. */
static void hpet_registers_map_and_read(void)
{
	volatile uint32_t *hpet;
	uint32_t c0;
	int fd;

	if (!iomem_has(": HPET 0")) {
		ut_skip("no HPET in /proc/iomem");
		return;
	}
	fd = open_mem();
	ASSERT_TRUE(fd >= 0);
	hpet = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, HPET_BASE);
	close(fd);
	if (!EXPECT_TRUE(hpet != MAP_FAILED))
		return;
	EXPECT_EQ(hpet[0], HPET_CAP_QEMU);
	EXPECT_EQ(hpet[1], HPET_PERIOD_QEMU);
	c0 = hpet[0xf0 / 4];
	for (int i = 0; i < 1000000 && hpet[0xf0 / 4] == c0; i++)
		;
	EXPECT_NE(hpet[0xf0 / 4], c0);
	munmap((void *)hpet, PAGE_SIZE);
}

/*
 * read(): RAM below 1 MiB shows zeros, the BIOS its code, RAM above is
 * EPERM, and nothing past the end of RAM is read (EFAULT).
 */
static void read_low_mib_and_limits(void)
{
	static unsigned char buf[PAGE_SIZE];
	unsigned long long top = ram_end();
	int fd = open_mem(), nonzero = 0;

	ASSERT_TRUE(fd >= 0);
	memset(buf, 0xaa, sizeof(buf));
	EXPECT_EQ(pread(fd, buf, PAGE_SIZE, 0x1000), PAGE_SIZE);      /* System RAM */
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		if (!EXPECT_EQ(buf[i], 0))
			break;
	EXPECT_EQ(pread(fd, buf, PAGE_SIZE, 0xff000), PAGE_SIZE);     /* the BIOS's last page */
	if (!in_system_ram(0xff000)) {          /* the firmware's bytes, as mmap sees them */
		const unsigned char *rom = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0xff000);

		for (unsigned long i = 0; i < PAGE_SIZE; i++)
			nonzero += buf[i] != 0;
		EXPECT_TRUE(nonzero > 0);
		if (EXPECT_TRUE(rom != MAP_FAILED)) {
			EXPECT_EQ(memcmp(rom, buf, PAGE_SIZE), 0);
			munmap((void *)rom, PAGE_SIZE);
		}
	}
	EXPECT_ERRNO(pread(fd, buf, 16, 0x100000), EPERM);
	if (!EXPECT_TRUE(top > 0x100000))
		goto out;
	EXPECT_ERRNO(pread(fd, buf, 16, top - 16), EPERM);
	EXPECT_ERRNO(pread(fd, buf, 32, top - 16), EFAULT);
	if (top <= HPET_BASE)
		EXPECT_ERRNO(pread(fd, buf, 4, HPET_BASE), EFAULT);
out:
	close(fd);
}

/* lseek: SEEK_SET and SEEK_CUR anywhere but the last 4095 values; no SEEK_END. */
static void lseek_rules(void)
{
	unsigned char buf[4] = { 1, 2, 3, 4 };
	int fd = open_mem();

	ASSERT_TRUE(fd >= 0);
	EXPECT_EQ(lseek(fd, 0x1000, SEEK_SET), 0x1000);
	EXPECT_EQ(lseek(fd, 4, SEEK_CUR), 0x1004);
	EXPECT_EQ(read(fd, buf, 4), 4);
	EXPECT_EQ(buf[0] | buf[1] | buf[2] | buf[3], 0);
	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 0x1008);
	EXPECT_ERRNO(lseek(fd, 0, SEEK_END), EINVAL);
	EXPECT_ERRNO(lseek(fd, -1, SEEK_SET), EOVERFLOW);
	EXPECT_ERRNO(lseek(fd, -4095, SEEK_SET), EOVERFLOW);
	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 0x1008);                     /* unchanged */
	EXPECT_EQ(lseek(fd, -4096, SEEK_SET), -4096);                 /* 0xfffffffffffff000 */
	EXPECT_ERRNO(lseek(fd, 4095, SEEK_CUR), EOVERFLOW);
	EXPECT_EQ(lseek(fd, HPET_BASE, SEEK_SET), HPET_BASE);
	close(fd);
}

/* /dev/port: a byte per port, up to port 65535; the UART's scratch register keeps a byte. */
static void port_reads_and_writes(void)
{
	unsigned char b[4], old;
	int fd = open("/dev/port", O_RDWR);

	if (!EXPECT_TRUE(fd >= 0))
		return;
	EXPECT_EQ(pread(fd, b, 1, COM1_LSR), 1);
	EXPECT_NE(b[0], 0xff);                  /* a UART answers at COM1 */
	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 0);   /* pread leaves the position */
	EXPECT_EQ(pread(fd, b, 4, 65534), 2);
	EXPECT_EQ(pread(fd, b, 4, 65536), 0);
	EXPECT_EQ(lseek(fd, COM1_LSR, SEEK_SET), COM1_LSR);
	EXPECT_EQ(read(fd, b, 1), 1);
	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), COM1_LSR + 1);
	ASSERT_EQ(pread(fd, &old, 1, COM1_SCR), 1);
	b[0] = 0x5a;
	EXPECT_EQ(pwrite(fd, b, 1, COM1_SCR), 1);
	b[0] = 0;
	EXPECT_EQ(pread(fd, b, 1, COM1_SCR), 1);
	EXPECT_EQ(b[0], 0x5a);
	EXPECT_EQ(pwrite(fd, &old, 1, COM1_SCR), 1);
	close(fd);
}

/* A line of a small file, newline dropped: 0 or -1. */
static int read_file_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* The slot of the first edu (1234:11e8) in /sys/bus/pci/devices and its BAR0: 0, or a skip reason. */
static const char *find_edu(char *slot, size_t size, unsigned long long *bar0)
{
	char path[300], vendor[16], device[16], line[128];
	struct dirent *e;
	DIR *d = opendir("/sys/bus/pci/devices");

	if (!d)
		return "no /sys/bus/pci/devices (sysfs)";
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", e->d_name);
		if (read_file_line(path, vendor, sizeof(vendor)) || strcmp(vendor, "0x1234"))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", e->d_name);
		if (read_file_line(path, device, sizeof(device)) || strcmp(device, "0x11e8"))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", e->d_name);
		if (read_file_line(path, line, sizeof(line)) || sscanf(line, "%llx", bar0) != 1)
			continue;
		if (strlen(e->d_name) >= size)
			continue;
		memcpy(slot, e->d_name, strlen(e->d_name) + 1);
		closedir(d);
		return NULL;
	}
	closedir(d);
	return "no edu device (-device edu)";
}

/* The name of a resource in /proc/iomem that starts at start and is not named slot, or "". */
static void iomem_claim_at(unsigned long long start, const char *slot, char *name, size_t size)
{
	unsigned long long s, e;
	char line[256], *colon;
	FILE *f = fopen("/proc/iomem", "r");

	name[0] = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		colon = strstr(line, " : ");
		if (sscanf(line, " %llx-%llx", &s, &e) == 2 && s == start && colon &&
		    strcmp(colon + 3, slot))
			snprintf(name, size, "%s", colon + 3);
	}
	fclose(f);
}

/* edu's BAR0: EPERM while a driver holds it busy ("edu"), its ID 0x010000ed when not. */
static void edu_bar_follows_its_claim(void)
{
	char slot[64], holder[64];
	unsigned long long bar0;
	const char *why = find_edu(slot, sizeof(slot), &bar0);
	volatile uint32_t *p;
	int fd;

	if (why) {
		ut_skip(why);
		return;
	}
	iomem_claim_at(bar0, slot, holder, sizeof(holder));
	fd = open_mem();
	ASSERT_TRUE(fd >= 0);
	p = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, (off_t)bar0);
	if (holder[0]) {
		ut_print("    # edu %s: BAR0 %#llx held by \"%s\": EPERM expected\n", slot, bar0, holder);
		EXPECT_TRUE(p == MAP_FAILED && errno == EPERM);
	} else {
		ut_print("    # edu %s: BAR0 %#llx held by no driver: readable\n", slot, bar0);
		if (EXPECT_TRUE(p != MAP_FAILED))
			EXPECT_EQ(p[0], EDU_ID);
	}
	if (p != MAP_FAILED)
		munmap((void *)p, PAGE_SIZE);
	close(fd);
}

/*
 * Run the program name next to utest (argv[0]'s directory) with args,
 * its standard output and error into out: its wait status, or -1 (skip: not there).
 */
static int run_sibling(const char *name, char *const args[], char *out, size_t size)
{
	char path[256], *argv[8];
	const char *slash = strrchr(utest_argv0, '/');
	posix_spawn_file_actions_t fa;
	size_t got = 0;
	int pipefd[2], status = -1, n = 0;
	ssize_t r;
	pid_t pid;

	snprintf(path, sizeof(path), "%.*s/%s", slash ? (int)(slash - utest_argv0) : 1,
		 slash ? utest_argv0 : ".", name);
	if (access(path, X_OK))
		return -1;
	argv[n++] = path;
	for (; args && args[n - 1] && n < 7; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	if (pipe(pipefd))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	if (posix_spawn(&pid, path, &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	while (got + 1 < size && (r = read(pipefd[0], out + got, size - 1 - got)) > 0)
		got += r;
	out[got] = 0;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return status;
}

/* user/hpet prints both halves of the capabilities register and sees the counter run. */
static void hpet_program_output(void)
{
	static char out[4096];
	int status;

	if (!iomem_has(": HPET 0")) {
		ut_skip("no HPET in /proc/iomem");
		return;
	}
	status = run_sibling("hpet", NULL, out, sizeof(out));
	if (status == -1) {
		ut_skip("no hpet program next to utest");
		return;
	}
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_TRUE(strstr(out, "HPET Capabilities: 0x009896808086a201\n") != NULL);
	EXPECT_TRUE(strstr(out, "  vendor ID:        0x8086\n") != NULL);
	EXPECT_TRUE(strstr(out, "  timers:           3\n") != NULL);
	EXPECT_TRUE(strstr(out, "  period:           10000000 fs (100.000000 MHz)\n") != NULL);
	EXPECT_TRUE(strstr(out, "The main counter is running.\n") != NULL);
	if (ut_failed())
		ut_print("    # hpet printed:\n%s", out);
}

/* user/hpet at a RAM address: /dev/mem refuses, exit status 1. */
static void hpet_program_refused(void)
{
	static char out[512];
	char *const args[] = { "0x100000", NULL };
	int status = run_sibling("hpet", args, out, sizeof(out));

	if (status == -1) {
		ut_skip("no hpet program next to utest");
		return;
	}
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	EXPECT_STREQ(out, "hpet: mmap of /dev/mem at 0x100000: Operation not permitted "
		     "(the page is RAM, or a driver holds it busy)\n");
}

/* user/lsbars: edu's BAR0 line as the resource file gives it. */
static void lsbars_program_output(void)
{
	static char out[16384];
	char slot[64], want[160];
	unsigned long long bar0;
	const char *why = find_edu(slot, sizeof(slot), &bar0);
	int status;

	if (why) {
		ut_skip(why);
		return;
	}
	status = run_sibling("lsbars", NULL, out, sizeof(out));
	if (status == -1) {
		ut_skip("no lsbars program next to utest");
		return;
	}
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	snprintf(want, sizeof(want), "%s 1234:11e8 BAR0 mem 32-bit non-prefetchable %08llx-%08llx [size=1M]\n",
		 slot, bar0, bar0 + 0xfffff);
	if (!EXPECT_TRUE(strstr(out, want) != NULL))
		ut_print("    # wanted: %s    # lsbars printed:\n%s", want, out);
}

UTEST_SUITE(devmem,
	UTEST_CASE(mmap_ram_and_busy_are_eperm),
	UTEST_CASE(mmap_bad_offsets_are_einval),
	UTEST_CASE(hpet_registers_map_and_read),
	UTEST_CASE(read_low_mib_and_limits),
	UTEST_CASE(lseek_rules),
	UTEST_CASE(port_reads_and_writes),
	UTEST_CASE(edu_bar_follows_its_claim),
	UTEST_CASE(hpet_program_output),
	UTEST_CASE(hpet_program_refused),
	UTEST_CASE(lsbars_program_output));
