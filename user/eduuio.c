/*
 * eduuio: QEMU's edu device (PCI 1234:11e8) driven from user space through
 * UIO, the classic way (Documentation/driver-api/uio-howto.rst): the same
 * binary runs on Linux with uio_pci_generic loaded.
 *
 *   eduuio            bind edu to uio_pci_generic if it is not (unbind its
 *                     driver, new_id), find its /dev/uioN through
 *                     /sys/class/uio, mmap map0 (BAR0), check the
 *                     identification, liveness and factorial registers and
 *                     take one interrupt; then give edu back to the driver
 *                     it had
 *   eduuio --bench    also time a 32-bit read of edu's ID register through
 *                     the UIO mapping and through /dev/mem (BENCH lines)
 *   eduuio --bind     only bind edu to uio_pci_generic and say which uioN
 *   eduuio --restore  give edu back to the edu driver
 *
 * Exit status 0 when every check passed, 1 otherwise (with the reason).
 *
 * The interrupt, as uio_pci_generic works: write(fd, 1) unmasks INTx (the
 * command register's INTx-disable bit), edu register 0x60 raises it, the
 * kernel's handler masks INTx again and counts; read(fd) returns the count;
 * the program acks the device (0x64) and unmasks with write(fd, 1).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define EDU_VENDOR      0x1234
#define EDU_DEVICE      0x11e8
#define EDU_ID          0x00            /* 0x010000ed: major 1, minor 0, "ed" */
#define EDU_LIVENESS    0x04            /* reads back the inverse of what was written */
#define EDU_FACTORIAL   0x08            /* write n, read n! once STATUS bit 0 clears */
#define EDU_STATUS      0x20
#define EDU_STATUS_COMPUTING 0x01
#define EDU_IRQ_STATUS  0x24
#define EDU_IRQ_RAISE   0x60
#define EDU_IRQ_ACK     0x64
#define TIMEOUT_MS      1000            /* longer than anything edu takes */
#define BENCH_OPS       100000

#define SYS_PCI         "/sys/bus/pci"
#define UIO_DRIVER      "uio_pci_generic"

static volatile uint32_t *regs;

static uint32_t edu_read(unsigned int reg)
{
	return regs[reg / 4];
}

static void edu_write(unsigned int reg, uint32_t val)
{
	regs[reg / 4] = val;
}

/* Copy src into dst[size], cut short if it must be. */
static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A /sys file's first line, without its newline, into buf: 0 or -1 (errno set). */
static int read_line(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static unsigned long long read_hex(const char *path)
{
	char buf[64];

	return read_line(path, buf, sizeof(buf)) ? 0 : strtoull(buf, NULL, 0);
}

/* Write text to a /sys file: 0, or -1 with errno. */
static int write_sys(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Whether the PCI function (or uio device) behind dir is an edu. */
static int is_edu(const char *dir)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/vendor", dir);
	if (read_hex(path) != EDU_VENDOR)
		return 0;
	snprintf(path, sizeof(path), "%s/device", dir);
	return read_hex(path) == EDU_DEVICE;
}

/* The slot name ("0000:00:04.0") of the first edu in slot[], or -1 if there is none. */
static int find_edu_slot(char *slot, size_t size)
{
	DIR *d = opendir(SYS_PCI "/devices");
	struct dirent *e;
	char dir[300];
	int found = -1;

	if (!d)
		return -1;
	while (found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), SYS_PCI "/devices/%s", e->d_name);
		if (is_edu(dir)) {
			copy_str(slot, size, e->d_name);
			found = 0;
		}
	}
	closedir(d);
	return found;
}

/* The driver bound to slot ("edu"), or "" when none. */
static void slot_driver(const char *slot, char *drv, size_t size)
{
	char path[300], target[300];
	ssize_t n;

	snprintf(path, sizeof(path), SYS_PCI "/devices/%s/driver", slot);
	n = readlink(path, target, sizeof(target) - 1);
	drv[0] = '\0';
	if (n > 0) {
		target[n] = '\0';
		copy_str(drv, size, strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
	}
}

/* N of the uio device of uio_pci_generic on an edu, or -1. */
static int find_uio(void)
{
	DIR *d = opendir("/sys/class/uio");
	struct dirent *e;
	char path[300], name[64];
	int n = -1;

	if (!d)
		return -1;
	while (n < 0 && (e = readdir(d))) {
		if (strncmp(e->d_name, "uio", 3))
			continue;
		snprintf(path, sizeof(path), "/sys/class/uio/%s/name", e->d_name);
		if (read_line(path, name, sizeof(name)) || strcmp(name, UIO_DRIVER))
			continue;
		snprintf(path, sizeof(path), "/sys/class/uio/%s/device", e->d_name);
		if (is_edu(path))
			n = atoi(e->d_name + 3);
	}
	closedir(d);
	return n;
}

/*
 * Hand edu at slot to uio_pci_generic as one does from a shell: unbind its
 * driver (its name saved in old), then new_id (or bind, if the ID is known
 * already).  0, or -1 with a message.
 */
static int bind_uio(const char *slot, char *old, size_t size)
{
	char path[300];

	slot_driver(slot, old, size);
	if (!strcmp(old, UIO_DRIVER))
		return 0;
	if (old[0]) {
		snprintf(path, sizeof(path), SYS_PCI "/devices/%s/driver/unbind", slot);
		if (write_sys(path, slot)) {
			fprintf(stderr, "eduuio: %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	if (write_sys(SYS_PCI "/drivers/" UIO_DRIVER "/new_id", "1234 11e8") == 0)
		return 0;
	if (errno != EEXIST) {
		fprintf(stderr, "eduuio: %s/drivers/%s/new_id: %s (is %s loaded?)\n", SYS_PCI,
			UIO_DRIVER, strerror(errno), UIO_DRIVER);
		return -1;
	}
	if (write_sys(SYS_PCI "/drivers/" UIO_DRIVER "/bind", slot)) {
		fprintf(stderr, "eduuio: bind %s to %s: %s\n", slot, UIO_DRIVER, strerror(errno));
		return -1;
	}
	return 0;
}

/* Give edu at slot back to driver old ("" leaves it unbound); the dynamic ID goes. */
static int restore(const char *slot, const char *old)
{
	char path[300];
	int err = 0;

	if (write_sys(SYS_PCI "/drivers/" UIO_DRIVER "/unbind", slot) && errno != ENODEV) {
		fprintf(stderr, "eduuio: unbind %s from %s: %s\n", slot, UIO_DRIVER, strerror(errno));
		err = -1;
	}
	write_sys(SYS_PCI "/drivers/" UIO_DRIVER "/remove_id", "1234 11e8");
	if (old[0] && strcmp(old, UIO_DRIVER)) {
		snprintf(path, sizeof(path), SYS_PCI "/drivers/%s/bind", old);
		if (write_sys(path, slot)) {
			fprintf(stderr, "eduuio: bind %s to %s: %s\n", slot, old, strerror(errno));
			err = -1;
		} else {
			printf("eduuio: %s given back to %s\n", slot, old);
		}
	}
	return err;
}

static int check(int ok, const char *what)
{
	if (!ok)
		fprintf(stderr, "eduuio: %s: FAILED\n", what);
	return ok ? 0 : 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int edu_identify_and_compute(void)
{
	uint32_t id = edu_read(EDU_ID), x = 0x12345678, live, fact;
	uint64_t end;
	int bad = 0;

	printf("edu: identification 0x%08x (version %u.%u)\n", id, id >> 24, (id >> 16) & 0xff);
	bad += check((id & 0xffff) == 0x00ed, "identification");
	edu_write(EDU_LIVENESS, x);
	live = edu_read(EDU_LIVENESS);
	printf("edu: liveness: wrote 0x%08x, read 0x%08x\n", x, live);
	bad += check(live == ~x, "liveness");
	edu_write(EDU_FACTORIAL, 10);
	end = now_ns() + TIMEOUT_MS * 1000000ULL;
	while ((edu_read(EDU_STATUS) & EDU_STATUS_COMPUTING) && now_ns() < end)
		;
	fact = edu_read(EDU_FACTORIAL);
	printf("edu: factorial: 10! = %u\n", fact);
	bad += check(fact == 3628800, "factorial");
	return bad;
}

/* One interrupt through /dev/uioN: unmask, raise, read the count, ack, unmask. */
static int edu_interrupt(int fd)
{
#ifndef LAB7_STARTER    /* LAB 7 BEGIN: one interrupt through /dev/uioN */
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int32_t on = 1, count = -1;
	uint32_t status;
	int r;

	if (write(fd, &on, sizeof(on)) != sizeof(on)) {
		fprintf(stderr, "eduuio: write(1) to unmask: %s\n", strerror(errno));
		return 1;
	}
	edu_write(EDU_IRQ_RAISE, 0x1);
	r = poll(&p, 1, TIMEOUT_MS);
	if (r != 1) {
		fprintf(stderr, "eduuio: no interrupt within %d ms (poll: %d)\n", TIMEOUT_MS, r);
		return 1;
	}
	if (read(fd, &count, sizeof(count)) != sizeof(count)) {
		fprintf(stderr, "eduuio: read: %s\n", strerror(errno));
		return 1;
	}
	status = edu_read(EDU_IRQ_STATUS);
	edu_write(EDU_IRQ_ACK, status);
	printf("edu: interrupt: event count %d, irq status 0x%08x\n", count, status);
	if (write(fd, &on, sizeof(on)) != sizeof(on))
		return 1;
	return check(count >= 1 && status == 0x1, "interrupt");
#else                   /* LAB 7 STARTER */
	/*
	 * TODO (lab 7, exercise 5): the UIO howto's interrupt loop, once
	 * (Documentation/driver-api/uio-howto.rst, "Writing a driver in user
	 * space").  write(fd, &(int32_t){1}, 4) unmasks INTx (uio_pci_generic's
	 * irqcontrol); raise edu's interrupt by writing 0x1 to EDU_IRQ_RAISE
	 * through the mapping (edu_write); poll fd for POLLIN, at most
	 * TIMEOUT_MS; read(fd, &count, 4) gives the event count; read
	 * EDU_IRQ_STATUS and write it to EDU_IRQ_ACK so the device lowers
	 * INTx; print "edu: interrupt: event count %d, irq status 0x%08x\n";
	 * unmask again with write(1).  Return check(count >= 1 && status ==
	 * 0x1, "interrupt"), or 1 with a message when a call fails.
	 */
	fprintf(stderr, "eduuio: taking an interrupt through /dev/uioN is not implemented yet "
		"(lab 7)\n");
	return 1;
#endif                  /* LAB 7 END */
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* BENCH name: BENCH_OPS reads of the ID register at r. */
static void bench_readl(const char *name, volatile uint32_t *r)
{
	uint64_t c, t;
	uint32_t sum = 0;

	c = rdtsc();
	t = now_ns();
	for (int i = 0; i < BENCH_OPS; i++)
		sum += r[EDU_ID / 4];
	t = now_ns() - t;
	c = rdtsc() - c;
	printf("BENCH %s cycles_per_op=%llu ns_per_op=%llu ops=%d\n", name,
	       (unsigned long long)(c / BENCH_OPS), (unsigned long long)(t / BENCH_OPS), BENCH_OPS);
	if (sum != (uint32_t)(0x010000edU * BENCH_OPS))
		fprintf(stderr, "eduuio: %s read something else than edu's ID\n", name);
}

/* The same read through /dev/mem at the BAR's physical address (refused if a driver holds it). */
static int bench_devmem(unsigned long long phys, size_t size)
{
	int fd = open("/dev/mem", O_RDWR | O_SYNC);
	void *p;

	if (fd < 0) {
		fprintf(stderr, "eduuio: /dev/mem: %s\n", strerror(errno));
		return 1;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)phys);
	close(fd);
	if (p == MAP_FAILED) {
		fprintf(stderr, "eduuio: mmap /dev/mem at 0x%llx: %s\n", phys, strerror(errno));
		return 1;
	}
	bench_readl("readl_edu_id_devmem", p);
	munmap(p, size);
	return 0;
}

/* The demo on /dev/uioN: 0 when every check passed. */
static int run_uio(int n, int bench)
{
	char path[300], name[64], version[64];
	unsigned long long size, addr;
	int fd, bad;
	void *p;

	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/name", n);
	read_line(path, name, sizeof(name));
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/version", n);
	read_line(path, version, sizeof(version));
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/maps/map0/size", n);
	size = read_hex(path);
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/maps/map0/addr", n);
	addr = read_hex(path);
	printf("eduuio: /dev/uio%d: %s %s, map0 at 0x%llx, size 0x%llx\n", n, name, version,
	       addr, size);
	snprintf(path, sizeof(path), "/dev/uio%d", n);
	fd = open(path, O_RDWR);
	if (fd < 0 || !size) {
		fprintf(stderr, "eduuio: %s: %s\n", path, fd < 0 ? strerror(errno) : "map0 has no size");
		return 1;
	}
	/* map N is at offset N pages: map0 at 0 */
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0 * getpagesize());
	if (p == MAP_FAILED) {
		fprintf(stderr, "eduuio: mmap %s: %s\n", path, strerror(errno));
		close(fd);
		return 1;
	}
	regs = p;
	bad = edu_identify_and_compute();
	bad += edu_interrupt(fd);
	if (bench) {
		bench_readl("readl_edu_id_uio", regs);
		bad += bench_devmem(addr, size);
	}
	munmap(p, size);
	close(fd);
	return bad;
}

int main(int argc, char **argv)
{
	int bench = 0, bind_only = 0, restore_only = 0, bound = 0, n, bad;
	char slot[64], old[64] = "";

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--bench")) {
			bench = 1;
		} else if (!strcmp(argv[i], "--bind")) {
			bind_only = 1;
		} else if (!strcmp(argv[i], "--restore")) {
			restore_only = 1;
		} else {
			fprintf(stderr, "usage: eduuio [--bench | --bind | --restore]\n");
			return 2;
		}
	}
	if (find_edu_slot(slot, sizeof(slot))) {
		fprintf(stderr, "eduuio: no edu device (1234:11e8) in %s/devices\n", SYS_PCI);
		return 1;
	}
	if (restore_only)       /* to the edu driver, if there is one */
		return restore(slot, access(SYS_PCI "/drivers/edu", F_OK) ? "" : "edu") ? 1 : 0;
	n = find_uio();
	if (n < 0) {
		if (bind_uio(slot, old, sizeof(old)))
			return 1;
		bound = 1;
		n = find_uio();
		printf("eduuio: %s bound to %s (was %s)\n", slot, UIO_DRIVER, old[0] ? old : "unbound");
	}
	if (n < 0) {
		fprintf(stderr, "eduuio: %s has no uio device in /sys/class/uio\n", slot);
		bad = 1;
	} else if (bind_only) {
		printf("eduuio: /dev/uio%d\n", n);
		return 0;
	} else {
		bad = run_uio(n, bench);
	}
	if (bound && restore(slot, old))      /* as it was: old's, or unbound */
		bad++;
	printf("eduuio: %s\n", bad ? "FAILED" : "all checks passed");
	return bad ? 1 : 0;
}
