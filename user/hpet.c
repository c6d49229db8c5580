/*
 * hpet: read the HPET's registers from user space through /dev/mem, the
 * classic way (IA-PC HPET specification 1.0a, §2.3): open /dev/mem, mmap
 * one page at the HPET's physical address, read the registers as memory.
 *
 *   hpet [ADDR]     ADDR defaults to 0xfed00000, where PCs put the HPET
 *
 * It prints the General Capabilities and ID register (both halves: the
 * period in the high one), what its fields say, and two reads of the main
 * counter to show that it runs.  Exit status 0; 1 with a message on
 * standard error when /dev/mem refuses the page (RAM, or a range a driver
 * holds busy), or nothing answers there (no HPET), or the counter stands
 * still.  The same static binary runs on Linux (as root) and on Atlas.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define HPET_DEFAULT_ADDR 0xfed00000UL
#define HPET_MAP_SIZE     4096UL

/* Register offsets (HPET spec §2.3.1) */
#define HPET_ID           0x000     /* General Capabilities and ID, low half */
#define HPET_PERIOD       0x004     /* its high half: the counter's period, fs */
#define HPET_CFG          0x010     /* General Configuration */
#define HPET_COUNTER      0x0f0     /* Main Counter Value */

#define HPET_ID_REV       0x000000ffU
#define HPET_ID_NUMBER    0x00001f00U
#define HPET_ID_64BIT     0x00002000U
#define HPET_ID_LEGSUP    0x00008000U
#define HPET_ID_VENDOR    0xffff0000U
#define HPET_CFG_ENABLE   0x001U
#define HPET_CFG_LEGACY   0x002U

#define FSEC_PER_SEC      1000000000000000ULL

static uint32_t reg(const volatile uint8_t *base, unsigned int off)
{
	return *(const volatile uint32_t *)(base + off);
}

/* The 64-bit main counter read as two halves, high read again until stable. */
static uint64_t read_counter(const volatile uint8_t *base)
{
	uint32_t hi, lo;

	do {
		hi = reg(base, HPET_COUNTER + 4);
		lo = reg(base, HPET_COUNTER);
	} while (hi != reg(base, HPET_COUNTER + 4));
	return (uint64_t)hi << 32 | lo;
}

int main(int argc, char **argv)
{
	unsigned long addr = HPET_DEFAULT_ADDR;
	const volatile uint8_t *base;
	uint32_t id, period, cfg;
	uint64_t c0, c1, hz;
	struct timespec pause = { 0, 10 * 1000 * 1000 };   /* 10 ms */
	char *end;
	int fd;

	if (argc > 2 || (argc == 2 && (addr = strtoul(argv[1], &end, 0), *end || !*argv[1]))) {
		fprintf(stderr, "usage: hpet [ADDR]   (ADDR: the HPET's physical address, 0x%lx by default)\n",
			HPET_DEFAULT_ADDR);
		return 1;
	}
	if (addr & (HPET_MAP_SIZE - 1)) {
		fprintf(stderr, "hpet: 0x%lx is not page-aligned: /dev/mem maps whole pages\n", addr);
		return 1;
	}
	fd = open("/dev/mem", O_RDONLY | O_SYNC);
	if (fd < 0) {
		fprintf(stderr, "hpet: open /dev/mem: %s\n", strerror(errno));
		return 1;
	}
	base = mmap(NULL, HPET_MAP_SIZE, PROT_READ, MAP_SHARED, fd, (off_t)addr);
	if (base == MAP_FAILED) {
		int e = errno;

		fprintf(stderr, "hpet: mmap of /dev/mem at 0x%lx: %s%s\n", addr, strerror(e),
			e == EPERM ? " (the page is RAM, or a driver holds it busy)" : "");
		close(fd);
		return 1;
	}
	close(fd);                      /* the mapping keeps the page */

	id = reg(base, HPET_ID);
	period = reg(base, HPET_PERIOD);
	if (id == 0xffffffffU || id == 0 || period == 0 || period > 100000000U) {
		fprintf(stderr, "hpet: no HPET at 0x%lx (the capabilities register reads 0x%08x%08x)\n",
			addr, period, id);
		return 1;
	}
	cfg = reg(base, HPET_CFG);
	hz = FSEC_PER_SEC / period;

	printf("HPET at physical address 0x%lx, through /dev/mem\n", addr);
	printf("HPET Capabilities: 0x%08x%08x\n", period, id);
	printf("  vendor ID:        0x%04x\n", (id & HPET_ID_VENDOR) >> 16);
	printf("  revision:         %u\n", id & HPET_ID_REV);
	printf("  timers:           %u\n", ((id & HPET_ID_NUMBER) >> 8) + 1);
	printf("  counter size:     %s\n", id & HPET_ID_64BIT ? "64-bit" : "32-bit");
	printf("  legacy routing:   %s\n", id & HPET_ID_LEGSUP ? "capable" : "not capable");
	printf("  period:           %u fs (%llu.%06llu MHz)\n", period,
	       (unsigned long long)(hz / 1000000), (unsigned long long)(hz % 1000000));
	printf("HPET Configuration: 0x%08x (counter %s, legacy replacement %s)\n", cfg,
	       cfg & HPET_CFG_ENABLE ? "enabled" : "halted", cfg & HPET_CFG_LEGACY ? "on" : "off");

	c0 = read_counter(base);
	nanosleep(&pause, NULL);
	c1 = read_counter(base);
	printf("Main counter: 0x%016llx, 10 ms later 0x%016llx (+%llu ticks)\n",
	       (unsigned long long)c0, (unsigned long long)c1, (unsigned long long)(c1 - c0));
	if (c1 == c0) {
		fprintf(stderr, "hpet: the main counter does not move\n");
		return 1;
	}
	printf("The main counter is running.\n");
	return 0;
}
