/*
 * Resource trees: who owns which part of the physical address space and of
 * the I/O port space, as Linux's include/linux/ioport.h and kernel/resource.c.
 *
 * Each space is a tree of struct resource.  A node's children lie inside it,
 * sorted by address and never overlapping one another; the roots are
 * iomem_resource (physical addresses) and ioport_resource (ports 0-0xffff):
 *
 *   iomem_resource  [0 - 2^52-1] "PCI mem"
 *     +-- "Reserved"    [0x0 - 0xfff]
 *     +-- "System RAM"  [0x1000 - 0x9fbff]
 *     +-- "System RAM"  [0x100000 - 0x1ffdefff]
 *     |     +-- "Kernel code"  ...
 *     +-- "HPET 0"      [0xfed00000 - 0xfed003ff]   (claimed by its driver)
 *
 * The monitor's iomem and ioports commands print the trees as Linux's
 * /proc/iomem and /proc/ioports.  A driver claims what it touches with
 * request_region() (ports) or request_mem_region() (memory); a second claim
 * of the same range fails and the kernel log names the holder.
 *
 * Atlas has one CPU and no resource users in interrupt handlers, so the
 * trees need no lock (Linux's resource_lock).
 */
#ifndef ATLAS_KERNEL_IOPORT_H
#define ATLAS_KERNEL_IOPORT_H

#include <kernel/types.h>

/* Flags, with Linux's values. */
#define IORESOURCE_BITS         0x000000ffUL    /* bus-specific bits */
#define IORESOURCE_TYPE_BITS    0x00001f00UL    /* what space the resource is in */
#define IORESOURCE_IO           0x00000100UL    /* I/O ports */
#define IORESOURCE_MEM          0x00000200UL    /* physical memory addresses */
#define IORESOURCE_REG          0x00000300UL    /* register offsets */
#define IORESOURCE_IRQ          0x00000400UL
#define IORESOURCE_DMA          0x00000800UL
#define IORESOURCE_BUS          0x00001000UL
#define IORESOURCE_PREFETCH     0x00002000UL    /* no side effects: may be prefetched */
#define IORESOURCE_READONLY     0x00004000UL
#define IORESOURCE_CACHEABLE    0x00008000UL
#define IORESOURCE_MEM_64       0x00100000UL    /* a 64-bit PCI BAR */
#define IORESOURCE_WINDOW       0x00200000UL    /* a bridge's forwarding window */
#define IORESOURCE_MUXED        0x00400000UL    /* shared in turns (not in Atlas) */
#define IORESOURCE_EXT_TYPE_BITS 0x01000000UL
#define IORESOURCE_SYSRAM       0x01000000UL    /* RAM the kernel manages */
#define IORESOURCE_EXCLUSIVE    0x08000000UL
#define IORESOURCE_DISABLED     0x10000000UL
#define IORESOURCE_UNSET        0x20000000UL    /* no address assigned yet */
#define IORESOURCE_AUTO         0x40000000UL
#define IORESOURCE_BUSY         0x80000000UL    /* claimed by a driver: no one nests inside */

#define IORESOURCE_SYSTEM_RAM   (IORESOURCE_MEM | IORESOURCE_SYSRAM)

/* The physical address space x86-64 can ever have: MAXPHYADDR is at most 52 bits. */
#define IOMEM_RESOURCE_END      ((1ULL << 52) - 1)
#define IO_SPACE_LIMIT          0xffff          /* 64 Ki ports (Intel SDM vol 1 §19.2) */

struct resource {
	resource_size_t start;
	resource_size_t end;            /* inclusive: [start, end] */
	const char *name;
	unsigned long flags;
	struct resource *parent, *sibling, *child;
};

/* A static resource of size bytes at start (Linux's DEFINE_RES_*). */
#define DEFINE_RES_NAMED(_start, _size, _name, _flags) \
	{ .start = (_start), .end = (_start) + (_size) - 1, .name = (_name), .flags = (_flags) }
#define DEFINE_RES_IO_NAMED(_start, _size, _name) \
	DEFINE_RES_NAMED((_start), (_size), (_name), IORESOURCE_IO)
#define DEFINE_RES_MEM_NAMED(_start, _size, _name) \
	DEFINE_RES_NAMED((_start), (_size), (_name), IORESOURCE_MEM)

extern struct resource iomem_resource;          /* "PCI mem" [0, 2^52-1] */
extern struct resource ioport_resource;         /* "PCI IO"  [0, 0xffff] */

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

static inline unsigned long resource_type(const struct resource *res)
{
	return res->flags & IORESOURCE_TYPE_BITS;
}

/* ---- the tree (kernel/resource.c) ---- */

/*
 * Make new a child of root, if it lies inside root and overlaps none of
 * root's children.  Returns NULL on success, else the resource in the way
 * (root itself if new is not inside it).  new itself must not be in a tree.
 */
struct resource *request_resource_conflict(struct resource *root, struct resource *new);

/* The same, returning 0 or -EBUSY. */
int request_resource(struct resource *root, struct resource *new);

/*
 * Put new into the tree under parent at the deepest place it fits: inside any
 * resource that contains it, and adopting as its children the resources it
 * contains (Linux's insert_resource; a resource of exactly new's range becomes
 * its child too).  Returns NULL, or the resource that partly overlaps new
 * (or parent if new is not inside parent): then the tree is unchanged.
 */
struct resource *insert_resource_conflict(struct resource *parent, struct resource *new);

/* The same, returning 0 or -EBUSY. */
int insert_resource(struct resource *parent, struct resource *new);

/*
 * insert_resource() for a driver or the platform code, reporting a refusal in
 * one line that names both ranges:
 *   who: can't insert [mem 0xfed00000-0xfed003ff] "HPET 0": conflicts with "X" [mem ...]
 * Returns 0 or -EBUSY (the tree is then unchanged).
 */
int insert_resource_report(const char *who, struct resource *parent, struct resource *new);

/*
 * insert_resource(), but where new cuts across a resource, first grow new to
 * cover it (with a log line "Expanded resource ..."), until it fits.  Does
 * nothing if new is already in a tree or does not fit inside root.
 */
void insert_resource_expand_to_fit(struct resource *root, struct resource *new);

/*
 * Take old, with its children, out of its tree; old is not freed.  Returns 0,
 * or -EINVAL if old is not in a tree.
 */
int release_resource(struct resource *old);

/*
 * Claim [start, start + n - 1] for a driver (Linux's __request_region): a new
 * resource (kzalloc'd) marked IORESOURCE_BUSY | flags, of parent's type,
 * placed under parent, and inside any resource that contains it and is not
 * busy itself.  Returns it, or NULL if the range is taken in part or in
 * whole, wraps, is empty or lies outside parent (one line in the log then
 * names the holder), or if there is no memory.
 */
struct resource *__request_region(struct resource *parent, resource_size_t start,
				  resource_size_t n, const char *name, int flags);

/*
 * Release a range claimed with __request_region (same start and n): unlink
 * and kfree it.  Anything else is reported ("Trying to free nonexistent
 * resource") and changes nothing.
 */
void __release_region(struct resource *parent, resource_size_t start, resource_size_t n);

#define request_region(start, n, name) \
	__request_region(&ioport_resource, (start), (n), (name), 0)
#define request_mem_region(start, n, name) \
	__request_region(&iomem_resource, (start), (n), (name), 0)
#define release_region(start, n)     __release_region(&ioport_resource, (start), (n))
#define release_mem_region(start, n) __release_region(&iomem_resource, (start), (n))

/*
 * The deepest resource under root (root excluded) that contains addr, e.g.
 * "Local APIC" for 0xfee00030; NULL if nothing under root does.
 */
struct resource *lookup_resource_containing(struct resource *root, resource_size_t addr);

/*
 * Format r as Linux's %pR: "[mem 0x00100000-0x1ffdefff]", "[io  0x03f8-0x03ff]",
 * "[mem 0xfee00000]" for a single byte, with " 64bit", " pref", " window",
 * " disabled" after the range for those flags.  Returns the length it needed,
 * as snprintf.
 */
int resource_format(char *buf, size_t size, const struct resource *r);

/*
 * One line of /proc/iomem or /proc/ioports for r, a resource under root:
 * two spaces per level below the top, start and end as 4 hex digits (ports)
 * or at least 8 (memory), then " : " and the name, and "\n".  Returns the
 * length it needed, as snprintf.
 */
int resource_show_line(char *buf, size_t size, const struct resource *root,
		       const struct resource *r);

/*
 * Every resource under root, depth first in address order (parents before
 * their children), as /proc/iomem: print(line, arg) once per line, each
 * line as resource_show_line() makes it.
 */
void resource_show(const struct resource *root,
		   void (*print)(const char *line, void *arg), void *arg);

/* ---- what /dev/mem may touch ---- */

/* region_intersects() answers (Linux's) */
enum {
	REGION_DISJOINT,                /* no resource of the kind overlaps the range */
	REGION_INTERSECTS,              /* only resources of the kind overlap it */
	REGION_MIXED,                   /* resources of the kind and others do */
};
#define IORES_DESC_NONE 0               /* any descriptor (Atlas's resources have none) */

/*
 * How [start, start + size - 1] meets the top-level resources of iomem
 * whose flags include all of flags (Linux's region_intersects; e.g.
 * IORESOURCE_SYSTEM_RAM: does the range touch RAM?).  desc must be
 * IORES_DESC_NONE.
 */
int region_intersects(resource_size_t start, size_t size, unsigned long flags,
		      unsigned long desc);

/*
 * Whether the page holding addr belongs to the kernel alone (Linux's
 * iomem_is_exclusive under CONFIG_STRICT_DEVMEM and CONFIG_IO_STRICT_DEVMEM):
 * some resource overlapping it, at any depth, is busy (claimed by a driver,
 * e.g. "Local APIC", or "edu" inside a BAR) or is exclusive System RAM.
 */
bool iomem_is_exclusive(u64 addr);

/*
 * /dev/mem's rule for one physical page (Linux's x86 devmem_is_allowed,
 * drivers/mem.c): 0 refused (RAM above 1 MiB, or a busy range above 1 MiB),
 * 1 allowed, 2 RAM below 1 MiB (read() shows zeros, write() skips it,
 * mmap() may map it).
 */
int devmem_is_allowed(unsigned long pagenr);

/* ---- boot registration (mm/e820_resources.c) ---- */

/*
 * Enter the entries of the kernel's e820 table that are busy at once (RAM,
 * ACPI, unusable, and anything below 1 MiB) in iomem_resource, named as Linux
 * names them ("System RAM", "ACPI Tables", "Reserved", ...), with
 * insert_resource so that each adopts what is already inside it.  Needs
 * kmalloc.
 */
void e820__reserve_resources(void);

/*
 * Then the others (reserved and persistent memory), which devices claim
 * inside: Linux enters them after PCI has placed its windows and BARs.
 */
void e820__reserve_resources_late(void);

/* The legacy PC ports every PC has ("dma1", "pic1", "timer0", ...), as Linux. */
void reserve_standard_io_resources(void);

/*
 * Everything Linux's setup_arch registers, in its order: the video, adapter
 * and system ROMs, the kernel image ("Kernel code", "Kernel rodata",
 * "Kernel data", "Kernel bss"), the e820 table, the standard ports.  Once,
 * after kmem_cache_init().
 */
void kernel_resources_init(void);

#endif
