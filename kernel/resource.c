/*
 * Resource trees (include/kernel/ioport.h), as Linux's kernel/resource.c:
 * the two roots, claiming and releasing ranges, inserting a resource between
 * a parent and the children it covers, looking an address up, and the text
 * of /proc/iomem and /proc/ioports.
 *
 * Pure algorithm: no hardware, only kzalloc/kfree, so the host unit tests
 * (tests/host/test_resource.c) build this same file.
 *
 * Every list of children is singly linked through ->sibling, sorted by start,
 * and its members do not overlap: so a walk can stop at the first child that
 * starts after the range it looks for.
 *
 * resource_lock (Linux's; a spinlock here, a reader-writer lock there)
 * guards both trees: every exported function takes it around its walk or
 * change, and allocates and frees outside it.  Not from interrupt handlers.
 */
#include <errno.h>
#include <fs/proc_fs.h>
#include <kernel/ioport.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <mm/slab.h>

#define MAX_IORES_LEVEL 5       /* /proc/iomem indents at most this many levels */
#define DEVMEM_PAGE_SIZE 4096   /* iomem_is_exclusive looks at one x86 page */

struct resource ioport_resource = {
	.name = "PCI IO",
	.start = 0,
	.end = IO_SPACE_LIMIT,
	.flags = IORESOURCE_IO,
};

struct resource iomem_resource = {
	.name = "PCI mem",
	.start = 0,
	.end = IOMEM_RESOURCE_END,
	.flags = IORESOURCE_MEM,
};

static DEFINE_SPINLOCK(resource_lock);

/*
 * Linux's __request_resource: link new into root's sorted list of children.
 * NULL on success; else what is in the way (root if new is not inside it).
 */
static struct resource *__request_resource(struct resource *root, struct resource *new)
{
	resource_size_t start = new->start;
	resource_size_t end = new->end;
	struct resource *tmp, **p;

	if (end < start || start < root->start || end > root->end)
		return root;
	p = &root->child;
	for (;;) {
		tmp = *p;
		if (!tmp || tmp->start > end) {
			/* every earlier child ends before start: new goes here */
			new->sibling = tmp;
			*p = new;
			new->parent = root;
			return NULL;
		}
		p = &tmp->sibling;
		if (tmp->end < start)
			continue;
		return tmp;
	}
}

/*
 * Unlink old from its parent's children.  With release_child, old keeps its
 * subtree; without, its children take its place in the parent's list (they
 * lie inside old, so they fit between old's neighbours).
 */
static int __release_resource(struct resource *old, bool release_child)
{
	struct resource *tmp, **p, *chd;

	if (!old->parent)
		return -EINVAL;
	for (p = &old->parent->child; (tmp = *p); p = &tmp->sibling) {
		if (tmp != old)
			continue;
		if (release_child || !tmp->child) {
			*p = tmp->sibling;
		} else {
			for (chd = tmp->child;; chd = chd->sibling) {
				chd->parent = tmp->parent;
				if (!chd->sibling)
					break;
			}
			*p = tmp->child;
			chd->sibling = tmp->sibling;
			old->child = NULL;
		}
		old->parent = NULL;
		old->sibling = NULL;
		return 0;
	}
	return -EINVAL;
}

struct resource *request_resource_conflict(struct resource *root, struct resource *new)
{
	struct resource *conflict;

	spin_lock(&resource_lock);
	conflict = __request_resource(root, new);
	spin_unlock(&resource_lock);
	return conflict;
}

int request_resource(struct resource *root, struct resource *new)
{
	return request_resource_conflict(root, new) ? -EBUSY : 0;
}

int release_resource(struct resource *old)
{
	int ret;

	spin_lock(&resource_lock);
	ret = __release_resource(old, true);
	spin_unlock(&resource_lock);
	return ret;
}

/*
 * Linux's __insert_resource.  First go down while one resource contains new
 * (and is not exactly new's range); then new takes the place of the run of
 * siblings it overlaps, first .. next, which become its children, provided
 * each lies wholly inside new.
 */
static struct resource *__insert_resource(struct resource *parent, struct resource *new)
{
	struct resource *first, *next;

	for (;; parent = first) {
		first = __request_resource(parent, new);
		if (!first || first == parent || first == new)
			return first;
		if (first->start > new->start || first->end < new->end)
			break;
		if (first->start == new->start && first->end == new->end)
			break;
	}
	for (next = first;; next = next->sibling) {
		if (next->start < new->start || next->end > new->end)
			return next;            /* partial overlap: cannot nest either way */
		if (!next->sibling || next->sibling->start > new->end)
			break;
	}
	new->parent = parent;
	new->sibling = next->sibling;
	new->child = first;
	next->sibling = NULL;
	for (next = first; next; next = next->sibling)
		next->parent = new;
	if (parent->child == first) {
		parent->child = new;
	} else {
		for (next = parent->child; next->sibling != first; next = next->sibling)
			;
		next->sibling = new;
	}
	return NULL;
}

struct resource *insert_resource_conflict(struct resource *parent, struct resource *new)
{
	struct resource *conflict;

	spin_lock(&resource_lock);
	conflict = __insert_resource(parent, new);
	spin_unlock(&resource_lock);
	return conflict;
}

int insert_resource(struct resource *parent, struct resource *new)
{
	return insert_resource_conflict(parent, new) ? -EBUSY : 0;
}

int insert_resource_report(const char *who, struct resource *parent, struct resource *new)
{
	struct resource *conflict;
	char want[96], held[96];

	spin_lock(&resource_lock);      /* the conflict stays in the tree while we print it */
	conflict = __insert_resource(parent, new);
	if (conflict) {
		resource_format(want, sizeof(want), new);
		resource_format(held, sizeof(held), conflict);
		printk(KERN_WARNING "%s: can't insert %s \"%s\": conflicts with \"%s\" %s\n", who,
		       want, new->name, conflict->name ? conflict->name : "<BAD>", held);
	}
	spin_unlock(&resource_lock);
	return conflict ? -EBUSY : 0;
}

void insert_resource_expand_to_fit(struct resource *root, struct resource *new)
{
	struct resource *conflict;

	spin_lock(&resource_lock);
	if (new->parent)
		goto out;
	while ((conflict = __insert_resource(root, new)) && conflict != root) {
		/* it cuts across conflict: grow to cover it, then it nests or adopts */
		if (conflict->start < new->start)
			new->start = conflict->start;
		if (conflict->end > new->end)
			new->end = conflict->end;
		printk(KERN_INFO "Expanded resource %s due to conflict with %s\n", new->name,
		       conflict->name);
	}
out:
	spin_unlock(&resource_lock);
}

/*
 * The log line for a refused claim: who holds the range, or that it lies
 * outside the tree's root, or that it straddles the edge of a range that
 * is not busy (and so could have held it whole).
 */
static void report_conflict(const struct resource *root, const struct resource *res,
			    const struct resource *conflict)
{
	char want[96], held[96];
	const char *how = "held by";

	resource_format(want, sizeof(want), res);
	resource_format(held, sizeof(held), conflict);
	if (conflict == root)
		how = "outside";
	else if (!(conflict->flags & IORESOURCE_BUSY))
		how = "overlaps";
	printk(KERN_WARNING "resource: can't claim %s for \"%s\": %s \"%s\" %s\n",
	       want, res->name, how, conflict->name ? conflict->name : "<BAD>", held);
}

/*
 * Linux's __request_region_locked: place res (its range and name set) under
 * parent; where a resource that is not busy contains the range, go inside
 * it and try again.  Returns NULL or the resource in the way.
 */
static struct resource *request_region_in(struct resource *parent, struct resource *res,
					  int flags)
{
	for (;;) {
		struct resource *conflict;

		res->flags = resource_type(parent) | (parent->flags & IORESOURCE_EXT_TYPE_BITS);
		res->flags |= IORESOURCE_BUSY | (unsigned int)flags;
		conflict = __request_resource(parent, res);
		if (!conflict)
			return NULL;
		if (conflict == parent || (conflict->flags & IORESOURCE_BUSY))
			return conflict;
		parent = conflict;
	}
}

struct resource *__request_region(struct resource *parent, resource_size_t start,
				  resource_size_t n, const char *name, int flags)
{
	struct resource *res, *conflict;

	if (!n || start + n - 1 < start) {
		printk(KERN_WARNING "resource: can't claim %#llx bytes at %#llx for \"%s\": "
		       "empty or wraps\n", (unsigned long long)n, (unsigned long long)start, name);
		return NULL;
	}
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return NULL;
	res->name = name;
	res->start = start;
	res->end = start + n - 1;
	spin_lock(&resource_lock);
	conflict = request_region_in(parent, res, flags);
	if (conflict)
		report_conflict(parent, res, conflict);
	spin_unlock(&resource_lock);
	if (conflict) {
		kfree(res);
		return NULL;
	}
	return res;
}

void __release_region(struct resource *parent, resource_size_t start, resource_size_t n)
{
	resource_size_t end = start + n - 1;
	struct resource *res;

	spin_lock(&resource_lock);
	for (res = parent->child; res;) {
		if (res->start <= start && res->end >= end) {
			if (!(res->flags & IORESOURCE_BUSY)) {
				res = res->child;       /* the claim lies deeper */
				continue;
			}
			if (res->start != start || res->end != end)
				break;
			/* anything inserted inside the claim since stays in the tree */
			__release_resource(res, false);
			spin_unlock(&resource_lock);
			kfree(res);
			return;
		}
		res = res->sibling;
	}
	spin_unlock(&resource_lock);
	printk(KERN_WARNING "Trying to free nonexistent resource <%#018llx-%#018llx>\n",
	       (unsigned long long)start, (unsigned long long)end);
}

struct resource *lookup_resource_containing(struct resource *root, resource_size_t addr)
{
	struct resource *found = NULL, *r;

	spin_lock(&resource_lock);
	for (r = root->child; r && r->start <= addr;) {
		if (addr <= r->end) {
			found = r;
			r = r->child;
		} else {
			r = r->sibling;
		}
	}
	spin_unlock(&resource_lock);
	return found;
}

/* ---- what /dev/mem may touch (drivers/mem.c) ---- */

static bool resource_overlaps_range(const struct resource *r, resource_size_t start,
				    resource_size_t end)
{
	return r->start <= end && r->end >= start;
}

int region_intersects(resource_size_t start, size_t size, unsigned long flags,
		      unsigned long desc)
{
	resource_size_t end = start + size - 1;
	int type = 0, other = 0;

	if (desc != IORES_DESC_NONE)
		return REGION_DISJOINT;         /* Atlas's resources carry no descriptor */
	spin_lock(&resource_lock);
	for (struct resource *p = iomem_resource.child; p; p = p->sibling) {
		if (!resource_overlaps_range(p, start, end))
			continue;
		if ((p->flags & flags) == flags)
			type++;
		else
			other++;
	}
	spin_unlock(&resource_lock);
	if (!type)
		return REGION_DISJOINT;
	return other ? REGION_MIXED : REGION_INTERSECTS;
}

/* The resource after p under iomem in depth-first order; skip_children: not p's own. */
static struct resource *iomem_next(struct resource *p, bool skip_children)
{
	if (p->child && !skip_children)
		return p->child;
	while (!p->sibling && p->parent && p->parent != &iomem_resource)
		p = p->parent;
	return p->sibling;
}

/*
 * Linux's iomem_is_exclusive with CONFIG_STRICT_DEVMEM's iomem=strict and
 * CONFIG_IO_STRICT_DEVMEM: walk every resource, at any depth, that overlaps
 * the page of addr (looking inside only those that do); the page is the
 * kernel's if one of them is busy (a driver holds it) or is System RAM
 * marked exclusive.  Depth-first order is address order, so the walk ends
 * at the first resource that starts above the page.
 */
bool iomem_is_exclusive(u64 addr)
{
	const unsigned long exclusive_ram = IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE;
	resource_size_t start = addr & ~(resource_size_t)(DEVMEM_PAGE_SIZE - 1);
	resource_size_t end = start + DEVMEM_PAGE_SIZE - 1;
	bool skip = false, exclusive = false;

	spin_lock(&resource_lock);
	for (struct resource *p = iomem_resource.child; p; p = iomem_next(p, skip)) {
		if (p->start > end)
			break;
		skip = p->end < start;
		if (skip)
			continue;
		if ((p->flags & exclusive_ram) == exclusive_ram || (p->flags & IORESOURCE_BUSY)) {
			exclusive = true;
			break;
		}
	}
	spin_unlock(&resource_lock);
	return exclusive;
}

/* ---- printing ---- */

/* Linux's resource_string (lib/vsprintf.c) for %pR. */
int resource_format(char *buf, size_t size, const struct resource *r)
{
	bool decode = r->flags & (IORESOURCE_IO | IORESOURCE_MEM);
	/* numbers as "0x" and at least 4 (ports) or 8 (memory) hex digits */
	int w = r->flags & IORESOURCE_IO ? 6 : 10;
	unsigned long long start = r->start, end = r->end;
	char range[48], tail[40];               /* each fits its longest */

	if (decode && (r->flags & IORESOURCE_UNSET))
		scnprintf(range, sizeof(range), "size %#0*llx", w, end - start + 1);
	else if (start == end)
		scnprintf(range, sizeof(range), "%#0*llx", w, start);
	else
		scnprintf(range, sizeof(range), "%#0*llx-%#0*llx", w, start, w, end);
	if (decode)
		scnprintf(tail, sizeof(tail), "%s%s%s%s",
			  r->flags & IORESOURCE_MEM_64 ? " 64bit" : "",
			  r->flags & IORESOURCE_PREFETCH ? " pref" : "",
			  r->flags & IORESOURCE_WINDOW ? " window" : "",
			  r->flags & IORESOURCE_DISABLED ? " disabled" : "");
	else
		scnprintf(tail, sizeof(tail), " flags %#lx", r->flags);
	return snprintf(buf, size, "[%s%s%s]",
			r->flags & IORESOURCE_IO ? "io  " : r->flags & IORESOURCE_MEM ? "mem " : "??? ",
			range, tail);
}

/* Linux's r_show (kernel/resource.c), as root sees it: real addresses. */
int resource_show_line(char *buf, size_t size, const struct resource *root,
		       const struct resource *r)
{
	int width = root->end < 0x10000 ? 4 : 8;
	const struct resource *p;
	int depth;

	for (depth = 0, p = r; depth < MAX_IORES_LEVEL; depth++, p = p->parent)
		if (!p->parent || p->parent == root)
			break;
	return snprintf(buf, size, "%*s%0*llx-%0*llx : %s\n", depth * 2, "",
			width, (unsigned long long)r->start, width, (unsigned long long)r->end,
			r->name ? r->name : "<BAD>");
}

/* The next resource under root in /proc/iomem's order (Linux's next_resource). */
static const struct resource *next_resource(const struct resource *root,
					    const struct resource *p)
{
	if (p->child)
		return p->child;
	while (!p->sibling && p->parent && p->parent != root)
		p = p->parent;
	return p->sibling;
}

void resource_show(const struct resource *root,
		   void (*print)(const char *line, void *arg), void *arg)
{
	/* a name longer than this is cut; the longest in Linux is ~60 characters */
	char line[160];

	spin_lock(&resource_lock);
	for (const struct resource *r = root->child; r; r = next_resource(root, r)) {
		resource_show_line(line, sizeof(line), root, r);
		print(line, arg);
	}
	spin_unlock(&resource_lock);
}

/* ---- the views: /proc/iomem and /proc/ioports, and the monitor's commands ---- */

static void seq_line(const char *line, void *m)
{
	seq_puts(m, line);
}

static int iomem_show(struct seq_file *m, void *v)
{
	resource_show(&iomem_resource, seq_line, m);
	return 0;
}

static int ioports_show(struct seq_file *m, void *v)
{
	resource_show(&ioport_resource, seq_line, m);
	return 0;
}

/* The chain of resources under root that contain addr, outermost first. */
static void show_containing(struct seq_file *m, const struct resource *root,
			    resource_size_t addr)
{
	struct resource *r = lookup_resource_containing((struct resource *)root, addr);
	const struct resource *chain[16];
	char line[160];
	int n = 0;

	for (; r && r != root && n < (int)ARRAY_SIZE(chain); r = r->parent)
		chain[n++] = r;
	if (!n)
		seq_printf(m, "%#llx: not in any resource of \"%s\"\n", (unsigned long long)addr,
			   root->name);
	while (n--) {
		resource_show_line(line, sizeof(line), root, chain[n]);
		seq_puts(m, line);
	}
}

/* iomem [ADDR] / ioports [PORT]: the whole tree, or what contains one address. */
static int tree_cmd(struct seq_file *m, int argc, char **argv, const struct resource *root,
		    int (*show)(struct seq_file *m, void *v))
{
	unsigned long long addr;

	if (argc > 2 || (argc == 2 && kstrtoull(argv[1], 0, &addr)))
		return -EINVAL;
	if (argc == 1)
		return show(m, NULL);
	show_containing(m, root, addr);
	return 0;
}

static int iomem_cmd(struct seq_file *m, int argc, char **argv)
{
	return tree_cmd(m, argc, argv, &iomem_resource, iomem_show);
}
MONITOR_CMD(iomem, "[ADDR]", "who owns the physical address space (/proc/iomem)", iomem_cmd);
PROC_SHOW("iomem", iomem_show);

static int ioports_cmd(struct seq_file *m, int argc, char **argv)
{
	return tree_cmd(m, argc, argv, &ioport_resource, ioports_show);
}
MONITOR_CMD(ioports, "[PORT]", "who owns the I/O ports (/proc/ioports)", ioports_cmd);
PROC_SHOW("ioports", ioports_show);
