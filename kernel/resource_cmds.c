/*
 * The monitor's iomem and ioports commands: the resource trees
 * (kernel/resource.c) exactly as Linux's /proc/iomem and /proc/ioports show
 * them to root.  With an address, only the resources that contain it, from
 * the top down: which driver or range a physical address (or a port)
 * belongs to.
 */
#include <errno.h>
#include <kernel/compiler.h>
#include <kernel/ioport.h>
#include <kernel/monitor.h>
#include <kernel/string.h>

static void print_line(const char *line, void *arg)
{
	mprintf("%s", line);
}

/* The chain of resources under root that contain addr, outermost first. */
static void show_containing(const struct resource *root, resource_size_t addr)
{
	struct resource *r = lookup_resource_containing((struct resource *)root, addr);
	const struct resource *chain[16];
	char line[160];
	int n = 0;

	for (; r && r != root && n < (int)ARRAY_SIZE(chain); r = r->parent)
		chain[n++] = r;
	if (!n)
		mprintf("%#llx: not in any resource of \"%s\"\n", (unsigned long long)addr, root->name);
	while (n--) {
		resource_show_line(line, sizeof(line), root, chain[n]);
		mprintf("%s", line);
	}
}

static int show_tree(const struct resource *root, int argc, char **argv)
{
	unsigned long long addr;

	if (argc > 2 || (argc == 2 && kstrtoull(argv[1], 0, &addr))) {
		mprintf("usage: %s [ADDR]\n", argv[0]);
		return -EINVAL;
	}
	if (argc == 2)
		show_containing(root, addr);
	else
		resource_show(root, print_line, NULL);
	return 0;
}

static int cmd_iomem(int argc, char **argv)
{
	return show_tree(&iomem_resource, argc, argv);
}
MONITOR_CMD(iomem, "[ADDR]", "who owns the physical address space (/proc/iomem)", cmd_iomem);

static int cmd_ioports(int argc, char **argv)
{
	return show_tree(&ioport_resource, argc, argv);
}
MONITOR_CMD(ioports, "[PORT]", "who owns the I/O ports (/proc/ioports)", cmd_ioports);
