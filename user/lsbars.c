/*
 * lsbars: the BARs of every PCI function, as a table, read from sysfs only:
 * /sys/bus/pci/devices/DDDD:BB:DD.F/{vendor,device,class,resource}.
 *
 *   lsbars [SLOT...]     every function, or only those named (0000:00:04.0)
 *
 * The resource file has one line per resource, "start end flags" in hex
 * (Linux's resource_show, drivers/pci/pci-sysfs.c): lines 0-5 the BARs
 * (BAR0-BAR5), line 6 the expansion ROM (ROM), 7-12 the SR-IOV BARs
 * (VF0-VF5), and in a bridge's file 13-16 its forwarding windows
 * (WIN0-WIN3); a resource of all zeros is not there.  The flags are Linux's IORESOURCE_* bits.  One line
 * per BAR, with lspci -v's words:
 *
 *   0000:00:04.0 1234:11e8 BAR0 mem 32-bit non-prefetchable fea00000-feafffff [size=1M]
 *
 * and a function without a BAR gets one line saying so.  Exit status 0; 1
 * when /sys/bus/pci/devices cannot be read or a named slot is not there.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCI_DEVICES "/sys/bus/pci/devices"

/* Linux's include/linux/ioport.h */
#define IORESOURCE_IO       0x00000100UL
#define IORESOURCE_MEM      0x00000200UL
#define IORESOURCE_PREFETCH 0x00002000UL
#define IORESOURCE_MEM_64   0x00100000UL
#define IORESOURCE_DISABLED 0x10000000UL

/* Linux's resource numbers (include/linux/pci.h, with CONFIG_PCI_IOV) */
#define PCI_ROM_RESOURCE     6
#define PCI_IOV_RESOURCES    7
#define PCI_BRIDGE_RESOURCES 13
#define MAX_RESOURCES        17         /* DEVICE_COUNT_RESOURCE: a bridge's file has them all */

/* One line of a small sysfs file, newline dropped: 0, or -1 (errno set). */
static int read_line(const char *slot, const char *file, char *buf, size_t size)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", PCI_DEVICES, slot, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, (int)size, f)) {
		fclose(f);
		errno = EIO;
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* lspci's size: the largest unit that divides it exactly. */
static void format_size(unsigned long long size, char *buf, size_t n)
{
	static const char units[] = "KMGTP";
	int u = -1;

	while (u < 4 && size >= 1024 && !(size % 1024)) {
		size /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, n, "%llu", size);
	else
		snprintf(buf, n, "%llu%c", size, units[u]);
}

static const char *bar_name(int i, char *buf, size_t n)
{
	if (i < PCI_ROM_RESOURCE)
		snprintf(buf, n, "BAR%d", i);
	else if (i == PCI_ROM_RESOURCE)
		snprintf(buf, n, "ROM");
	else if (i < PCI_BRIDGE_RESOURCES)
		snprintf(buf, n, "VF%d", i - PCI_IOV_RESOURCES);        /* SR-IOV BARs */
	else
		snprintf(buf, n, "WIN%d", i - PCI_BRIDGE_RESOURCES);    /* a bridge's windows */
	return buf;
}

/* Print slot's lines: 0, or -1 if its files cannot be read. */
static int show_function(const char *slot)
{
	char vendor[32], device[32], class[32], path[256], line[128], name[16], size[32];
	unsigned long long start, end, flags;
	int i = 0, shown = 0;
	FILE *f;

	if (read_line(slot, "vendor", vendor, sizeof(vendor)) ||
	    read_line(slot, "device", device, sizeof(device)) ||
	    read_line(slot, "class", class, sizeof(class))) {
		fprintf(stderr, "lsbars: %s: %s\n", slot, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s/resource", PCI_DEVICES, slot);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "lsbars: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (; i < MAX_RESOURCES && fgets(line, sizeof(line), f); i++) {
		bool io, mem;

		if (sscanf(line, "%llx %llx %llx", &start, &end, &flags) != 3) {
			fprintf(stderr, "lsbars: %s line %d: not \"start end flags\": %s", path, i + 1, line);
			fclose(f);
			return -1;
		}
		io = flags & IORESOURCE_IO;
		mem = flags & IORESOURCE_MEM;
		if (!flags || (!io && !mem) || end < start)
			continue;               /* no BAR here */
		format_size(end - start + 1, size, sizeof(size));
		printf("%s %.4s:%.4s %-4s %-3s %-6s %-16s %0*llx-%0*llx [size=%s]%s\n",
		       slot, vendor + 2, device + 2, bar_name(i, name, sizeof(name)),
		       io ? "io" : "mem", io ? "-" : flags & IORESOURCE_MEM_64 ? "64-bit" : "32-bit",
		       io ? "-" : flags & IORESOURCE_PREFETCH ? "prefetchable" : "non-prefetchable",
		       io ? 4 : 8, start, io ? 4 : 8, end, size,
		       flags & IORESOURCE_DISABLED ? " [disabled]" : "");
		shown++;
	}
	fclose(f);
	if (!shown)
		printf("%s %.4s:%.4s (class %s: no BARs)\n", slot, vendor + 2, device + 2, class + 2);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char *slots[256];
	int n = 0, status = 0;
	struct dirent *e;
	DIR *d;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (show_function(argv[i]))
				status = 1;
		return status;
	}
	d = opendir(PCI_DEVICES);
	if (!d) {
		fprintf(stderr, "lsbars: %s: %s\n", PCI_DEVICES, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) && n < (int)(sizeof(slots) / sizeof(slots[0])))
		if (e->d_name[0] != '.')
			slots[n++] = strdup(e->d_name);
	closedir(d);
	qsort(slots, n, sizeof(slots[0]), by_name);
	for (int i = 0; i < n; i++) {
		if (show_function(slots[i]))
			status = 1;
		free(slots[i]);
	}
	return status;
}
