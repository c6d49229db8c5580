/*
 * Host tests of kernel/resource.c (include/kernel/ioport.h): claiming and
 * conflicts, release, insert_resource nesting and adopting, request_region
 * descending into ranges that are not busy, the messages, %pR and the
 * /proc/iomem text; Linux's own q35 boot replayed call by call must give
 * Linux's /proc/iomem exactly; /dev/mem's region_intersects and
 * iomem_is_exclusive; and a seeded random run against a model that
 * keeps only a parent index per resource and decides every answer by brute
 * force.  kzalloc/kfree are calloc/free here, counted, so a leak fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/ioport.h>
#include <mm/slab.h>

#include "hosttest.h"

/*
 * ---- kzalloc / kfree for kernel/resource.c ----
 * The code under test comes from the Makefile's archive of pure objects, as
 * in every host test; this binary is the only one that pulls it in, so it
 * alone has to supply the allocator.
 */

static long live_allocs;                /* kzalloc'd and not yet kfree'd */

void *kzalloc(size_t size, gfp_t gfp)
{
	void *p = calloc(1, size);

	if (p)
		live_allocs++;
	return p;
}

void kfree(const void *p)
{
	if (p)
		live_allocs--;
	free((void *)p);
}

/* ---- helpers ---- */

#define MEM(s, e, n) { .start = (s), .end = (e), .name = (n), .flags = IORESOURCE_MEM }
#define IO(s, e, n)  { .start = (s), .end = (e), .name = (n), .flags = IORESOURCE_IO }

static struct resource mem_root(void)
{
	return (struct resource){ .start = 0, .end = IOMEM_RESOURCE_END, .name = "PCI mem",
				  .flags = IORESOURCE_MEM };
}

static char shown[8192];

static void append_line(const char *line, void *arg)
{
	size_t n = strlen(shown);

	snprintf(shown + n, sizeof(shown) - n, "%s", line);
}

/* The /proc/iomem text of root. */
static const char *show(const struct resource *root)
{
	shown[0] = '\0';
	resource_show(root, append_line, NULL);
	return shown;
}

static const char *fmt(const struct resource *r)
{
	static char buf[96];

	resource_format(buf, sizeof(buf), r);
	return buf;
}

/*
 * Every invariant of a tree under root: children inside their parent, sorted
 * and disjoint, parent pointers right.  Returns the number of resources.
 */
static int check_tree(const struct resource *root)
{
	int n = 0;

	for (const struct resource *c = root->child; c; c = c->sibling) {
		if (!CHECK_MSG(c->parent == root, "%s: parent is not %s", c->name, root->name) ||
		    !CHECK_MSG(c->start <= c->end && c->start >= root->start && c->end <= root->end,
			       "%s [%#llx-%#llx] not inside %s", c->name, (unsigned long long)c->start,
			       (unsigned long long)c->end, root->name) ||
		    !CHECK_MSG(!c->sibling || c->end < c->sibling->start, "%s and %s overlap or are out of order",
			       c->name, c->sibling->name))
			return -1000;
		n += 1 + check_tree(c);
	}
	return n;
}

/* ---- request_resource / release_resource ---- */

TEST(resource_request_keeps_children_sorted)
{
	struct resource root = mem_root();
	struct resource a = MEM(0x3000, 0x3fff, "a"), b = MEM(0x1000, 0x1fff, "b"),
			c = MEM(0x5000, 0x5fff, "c"), d = MEM(0x2000, 0x2fff, "d");

	CHECK_EQ_INT(request_resource(&root, &a), 0);
	CHECK_EQ_INT(request_resource(&root, &b), 0);
	CHECK_EQ_INT(request_resource(&root, &c), 0);
	CHECK_EQ_INT(request_resource(&root, &d), 0);      /* touches b and a: no overlap */
	CHECK(root.child == &b && b.sibling == &d && d.sibling == &a && a.sibling == &c);
	CHECK(!c.sibling);
	CHECK_EQ_INT(check_tree(&root), 4);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(resource_request_returns_the_conflict)
{
	struct resource root = mem_root();
	struct resource a = MEM(0x1000, 0x1fff, "a"), b = MEM(0x3000, 0x3fff, "b");
	struct resource x = MEM(0x1fff, 0x3000, "x"), y = MEM(0x3fff, 0x3fff, "y");
	struct resource in = MEM(0x1800, 0x18ff, "in"), around = MEM(0, 0xffff, "around");

	request_resource(&root, &a);
	request_resource(&root, &b);
	CHECK(request_resource_conflict(&root, &x) == &a);   /* the first one in the way */
	CHECK(request_resource_conflict(&root, &y) == &b);
	CHECK(request_resource_conflict(&root, &in) == &a);  /* no nesting: that is insert's */
	CHECK(request_resource_conflict(&root, &around) == &a);
	CHECK_EQ_INT(request_resource(&root, &x), -EBUSY);
	CHECK(!x.parent && !in.parent);
	CHECK_EQ_INT(check_tree(&root), 2);
}

TEST(resource_request_outside_or_backwards_returns_root)
{
	struct resource root = IO(0, 0xffff, "PCI IO");
	struct resource big = IO(0xfff0, 0x10000, "big"), back = IO(0x20, 0x1f, "back");
	struct resource last = IO(0xffff, 0xffff, "last");

	CHECK(request_resource_conflict(&root, &big) == &root);
	CHECK(request_resource_conflict(&root, &back) == &root);
	CHECK(request_resource_conflict(&root, &last) == NULL);
	CHECK_EQ_INT(check_tree(&root), 1);
}

TEST(resource_release_takes_the_subtree)
{
	struct resource root = mem_root();
	struct resource a = MEM(0x1000, 0x4fff, "a"), a1 = MEM(0x1000, 0x1fff, "a1"),
			b = MEM(0x8000, 0x8fff, "b");

	request_resource(&root, &a);
	request_resource(&a, &a1);
	request_resource(&root, &b);
	CHECK_EQ_INT(release_resource(&a), 0);
	CHECK(root.child == &b && !a.parent && !a.sibling);
	CHECK(a.child == &a1 && a1.parent == &a);           /* still a's */
	CHECK_EQ_INT(release_resource(&a), -EINVAL);        /* not in a tree any more */
	CHECK_EQ_INT(request_resource(&root, &a), 0);       /* and can go back */
	CHECK_EQ_INT(check_tree(&root), 3);
}

/* ---- insert_resource ---- */

TEST(resource_insert_nests_inside_a_container)
{
	struct resource root = mem_root();
	struct resource ram = MEM(0x100000, 0x1ffdefff, "System RAM");
	struct resource code = MEM(0x200000, 0x2fffff, "Kernel code");

	CHECK_EQ_INT(insert_resource(&root, &ram), 0);
	CHECK_EQ_INT(insert_resource(&root, &code), 0);
	CHECK(code.parent == &ram && ram.child == &code);
	CHECK_EQ_INT(check_tree(&root), 2);
}

TEST(resource_insert_adopts_what_it_covers)
{
	struct resource root = mem_root();
	struct resource before = MEM(0x0, 0xfff, "before"),
			code = MEM(0x200000, 0x2fffff, "Kernel code"),
			data = MEM(0x400000, 0x4fffff, "Kernel data"),
			after = MEM(0x20000000, 0x2fffffff, "after");
	struct resource ram = MEM(0x100000, 0x1ffdefff, "System RAM");

	request_resource(&root, &before);
	request_resource(&root, &code);
	request_resource(&root, &data);
	request_resource(&root, &after);
	CHECK_EQ_INT(insert_resource(&root, &ram), 0);
	CHECK(root.child == &before && before.sibling == &ram && ram.sibling == &after);
	CHECK(ram.child == &code && code.sibling == &data && !data.sibling);
	CHECK(code.parent == &ram && data.parent == &ram);
	CHECK_EQ_INT(check_tree(&root), 5);
}

TEST(resource_insert_of_the_same_range_goes_above)
{
	struct resource root = mem_root();
	struct resource rom = MEM(0xf0000, 0xfffff, "System ROM");
	struct resource res = MEM(0xf0000, 0xfffff, "Reserved");

	request_resource(&root, &rom);
	CHECK_EQ_INT(insert_resource(&root, &res), 0);
	CHECK(root.child == &res && res.child == &rom && rom.parent == &res);
	CHECK_STR(show(&root), "000f0000-000fffff : Reserved\n"
			       "  000f0000-000fffff : System ROM\n");
}

TEST(resource_insert_partial_overlap_fails_and_changes_nothing)
{
	struct resource root = mem_root();
	struct resource a = MEM(0x1000, 0x1fff, "a"), b = MEM(0x3000, 0x3fff, "b"),
			c = MEM(0x3000, 0x37ff, "c");
	struct resource x = MEM(0x1000, 0x33ff, "x"), y = MEM(0x3400, 0x3bff, "y");

	request_resource(&root, &a);
	request_resource(&root, &b);
	request_resource(&b, &c);
	CHECK(insert_resource_conflict(&root, &x) == &b);   /* covers a, cuts b */
	CHECK(insert_resource_conflict(&root, &y) == &c);   /* inside b, cuts c */
	CHECK_EQ_INT(insert_resource(&root, &x), -EBUSY);
	CHECK(!x.parent && !x.child && !y.parent && !y.child);
	CHECK(root.child == &a && a.sibling == &b && !b.sibling && b.child == &c);
	CHECK_EQ_INT(check_tree(&root), 3);
}

TEST(resource_insert_twice_is_refused)
{
	struct resource root = mem_root();
	struct resource a = MEM(0x1000, 0x1fff, "a");

	CHECK_EQ_INT(insert_resource(&root, &a), 0);
	CHECK(insert_resource_conflict(&root, &a) == &a);
	CHECK_EQ_INT(check_tree(&root), 1);
}

TEST(resource_insert_report_names_both_ranges_in_one_line)
{
	struct resource root = mem_root();
	struct resource held = MEM(0xfed00000, 0xfed003ff, "PNP0103:00");
	struct resource cut = MEM(0xfed00200, 0xfed005ff, "HPET 0");
	struct resource fits = MEM(0xfee00000, 0xfee00fff, "Local APIC");

	CHECK_EQ_INT(request_resource(&root, &held), 0);
	printk_capture_reset();
	CHECK_EQ_INT(insert_resource_report("hpet", &root, &cut), -EBUSY);
	CHECK_ONE_LINE("hpet: can't insert [mem 0xfed00200-0xfed005ff] \"HPET 0\": conflicts "
		       "with \"PNP0103:00\" [mem 0xfed00000-0xfed003ff]\n");
	CHECK(!cut.parent);
	printk_capture_reset();
	CHECK_EQ_INT(insert_resource_report("lapic", &root, &fits), 0);
	CHECK(fits.parent == &root);
	CHECK_EQ_INT(check_tree(&root), 2);
}

TEST(resource_insert_expand_to_fit_grows_over_what_it_cuts)
{
	struct resource root = mem_root();
	struct resource a = MEM(0x1000, 0x1fff, "a"), b = MEM(0x3000, 0x3fff, "b"),
			late = MEM(0x1800, 0x37ff, "late"), out = MEM(0x1000, ~0ULL, "out");

	request_resource(&root, &a);
	request_resource(&root, &b);
	insert_resource_expand_to_fit(&root, &late);
	CHECK_EQ_U64(late.start, 0x1000);
	CHECK_EQ_U64(late.end, 0x3fff);
	CHECK(root.child == &late && late.child == &a && a.sibling == &b);
	CHECK(printk_capture_contains("Expanded resource late due to conflict with a\n"));
	CHECK(printk_capture_contains("Expanded resource late due to conflict with b\n"));
	printk_capture_reset();
	insert_resource_expand_to_fit(&root, &late);    /* already in: nothing */
	insert_resource_expand_to_fit(&root, &out);     /* outside the root: nothing */
	CHECK(!out.parent);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_INT(check_tree(&root), 3);
}

/* ---- request_region / release_region ---- */

TEST(resource_region_is_busy_and_typed)
{
	struct resource root = IO(0, 0xffff, "PCI IO");
	struct resource *r = __request_region(&root, 0x3f8, 8, "serial", 0);

	if (!CHECK(r))
		return;
	CHECK_EQ_U64(r->start, 0x3f8);
	CHECK_EQ_U64(r->end, 0x3ff);
	CHECK_STR(r->name, "serial");
	CHECK_EQ_U64(r->flags, IORESOURCE_IO | IORESOURCE_BUSY);
	CHECK(r->parent == &root);
	CHECK_EQ_INT(live_allocs, 1);
	__release_region(&root, 0x3f8, 8);
	CHECK(!root.child);
	CHECK_EQ_INT(live_allocs, 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
}

TEST(resource_region_conflict_names_the_holder)
{
	struct resource root = mem_root();
	struct resource *hpet = __request_region(&root, 0xfed00000, 0x400, "HPET 0", 0);

	CHECK(hpet);
	CHECK(!__request_region(&root, 0xfed00000, 0x400, "HPET 0", 0));
	CHECK_ONE_LINE("resource: can't claim [mem 0xfed00000-0xfed003ff] for \"HPET 0\": "
		       "held by \"HPET 0\" [mem 0xfed00000-0xfed003ff]\n");
	printk_capture_reset();
	CHECK(!__request_region(&root, 0xfed003ff, 2, "late", 0));
	CHECK_ONE_LINE("resource: can't claim [mem 0xfed003ff-0xfed00400] for \"late\": "
		       "held by \"HPET 0\" [mem 0xfed00000-0xfed003ff]\n");
	CHECK_EQ_INT(live_allocs, 1);
	__release_region(&root, 0xfed00000, 0x400);
	CHECK_EQ_INT(live_allocs, 0);
}

TEST(resource_region_descends_into_ranges_not_busy)
{
	struct resource root = mem_root();
	struct resource res = MEM(0xb0000000, 0xbfffffff, "Reserved");
	struct resource ram = MEM(0x100000, 0x1ffdefff, "System RAM");
	struct resource *pnp, *inner;

	ram.flags |= IORESOURCE_BUSY | IORESOURCE_SYSRAM;
	insert_resource(&root, &res);
	insert_resource(&root, &ram);
	pnp = __request_region(&root, 0xb0000000, 0x10000000, "pnp 00:05", 0);
	if (!CHECK(pnp))
		return;
	CHECK(pnp->parent == &res);
	inner = __request_region(&root, 0xb0001000, 0x1000, "inner", 0);
	CHECK(!inner);                                  /* pnp 00:05 is busy */
	CHECK_ONE_LINE("held by \"pnp 00:05\" [mem 0xb0000000-0xbfffffff]");
	printk_capture_reset();
	CHECK(!__request_region(&root, 0x200000, 0x1000, "in RAM", 0));
	CHECK_ONE_LINE("can't claim [mem 0x00200000-0x00200fff] for \"in RAM\": held by "
		       "\"System RAM\" [mem 0x00100000-0x1ffdefff]");
	release_mem_region(0xb0000000, 0x10000000);    /* not this root: nothing there */
	__release_region(&root, 0xb0000000, 0x10000000);
	CHECK(!res.child);
	CHECK_EQ_INT(live_allocs, 0);
	CHECK_EQ_INT(check_tree(&root), 2);
}

TEST(resource_region_straddling_a_free_range_is_refused)
{
	struct resource root = mem_root();
	struct resource res = MEM(0xb0000000, 0xbfffffff, "Reserved");

	insert_resource(&root, &res);
	CHECK(!__request_region(&root, 0xbffff000, 0x2000, "across", 0));
	CHECK_ONE_LINE("resource: can't claim [mem 0xbffff000-0xc0000fff] for \"across\": "
		       "overlaps \"Reserved\" [mem 0xb0000000-0xbfffffff]\n");
	CHECK_EQ_INT(live_allocs, 0);
}

TEST(resource_region_bad_ranges_are_refused)
{
	struct resource root = IO(0, 0xffff, "PCI IO");

	CHECK(!__request_region(&root, 0xfff8, 0x10, "big", 0));
	CHECK_ONE_LINE("resource: can't claim [io  0xfff8-0x10007] for \"big\": "
		       "outside \"PCI IO\" [io  0x0000-0xffff]\n");
	printk_capture_reset();
	CHECK(!__request_region(&root, 0x80, 0, "empty", 0));
	CHECK_ONE_LINE("can't claim 0x0 bytes at 0x80 for \"empty\": empty or wraps");
	printk_capture_reset();
	CHECK(!__request_region(&root, ~0ULL - 3, 8, "wraps", 0));
	CHECK_ONE_LINE("empty or wraps");
	CHECK(!root.child);
	CHECK_EQ_INT(live_allocs, 0);
}

TEST(resource_release_of_what_was_not_claimed_is_reported)
{
	struct resource root = IO(0, 0xffff, "PCI IO");
	struct resource *r = __request_region(&root, 0x60, 1, "keyboard", 0);

	__release_region(&root, 0x60, 2);               /* not the same size */
	CHECK_ONE_LINE("Trying to free nonexistent resource <0x0000000000000060-0x0000000000000061>");
	printk_capture_reset();
	__release_region(&root, 0x70, 1);               /* nothing there */
	CHECK_ONE_LINE("Trying to free nonexistent resource");
	CHECK(root.child == r);
	__release_region(&root, 0x60, 1);
	CHECK_EQ_INT(live_allocs, 0);
}

/* A release leaves what was inserted inside the claim in the tree (Linux would drop it). */
TEST(resource_release_region_keeps_children)
{
	struct resource root = mem_root();
	struct resource *dev = __request_region(&root, 0x10000, 0x10000, "dev", 0);
	struct resource sub = MEM(0x11000, 0x11fff, "sub");

	CHECK_EQ_INT(insert_resource(&root, &sub), 0);
	CHECK(sub.parent == dev);
	__release_region(&root, 0x10000, 0x10000);
	CHECK(sub.parent == &root && root.child == &sub);
	CHECK_EQ_INT(live_allocs, 0);
}

/* ---- lookup ---- */

TEST(resource_lookup_finds_the_deepest)
{
	struct resource root = mem_root();
	struct resource ram = MEM(0x100000, 0x1ffdefff, "System RAM"),
			code = MEM(0x200000, 0x2fffff, "Kernel code"),
			lapic = MEM(0xfee00000, 0xfee00fff, "Local APIC");

	insert_resource(&root, &ram);
	insert_resource(&root, &code);
	insert_resource(&root, &lapic);
	CHECK(lookup_resource_containing(&root, 0xfee00030) == &lapic);
	CHECK(lookup_resource_containing(&root, 0x200000) == &code);
	CHECK(lookup_resource_containing(&root, 0x2fffff) == &code);
	CHECK(lookup_resource_containing(&root, 0x300000) == &ram);
	CHECK(lookup_resource_containing(&root, 0xfffff) == NULL);
	CHECK(lookup_resource_containing(&root, 0xfee01000) == NULL);
	CHECK(lookup_resource_containing(&root, ~0ULL) == NULL);
}

/* ---- /dev/mem's questions: region_intersects, iomem_is_exclusive ---- */

TEST(resource_devmem_region_intersects_and_exclusive)
{
	struct resource low = { .start = 0x1000, .end = 0x9fbff, .name = "System RAM",
				.flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY },
			rsv = { .start = 0x9fc00, .end = 0x9ffff, .name = "Reserved",
				.flags = IORESOURCE_MEM | IORESOURCE_BUSY },
			ram = { .start = 0x100000, .end = 0x3ffdefff, .name = "System RAM",
				.flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY },
			hot = { .start = 0x40000000, .end = 0x4fffffff, .name = "System RAM",
				.flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE },
			bus = MEM(0xc0000000, 0xfebfffff, "PCI Bus 0000:00"),
			bar = MEM(0xfea00000, 0xfeafffff, "0000:00:04.0"),
			hpet = MEM(0xfed00000, 0xfed003ff, "HPET 0"),
			pnp = MEM(0xfed00000, 0xfed003ff, "PNP0103:00"),
			lapic = { .start = 0xfee00000, .end = 0xfee00fff, .name = "Local APIC",
				  .flags = IORESOURCE_MEM | IORESOURCE_BUSY };
	struct resource *all[] = { &low, &rsv, &ram, &hot, &bus, &bar, &hpet, &lapic };

	for (unsigned int i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		CHECK_EQ_INT(insert_resource(&iomem_resource, all[i]), 0);
	CHECK_EQ_INT(request_resource(&hpet, &pnp), 0);    /* as hpet.c leaves it: not busy */
	CHECK(bar.parent == &bus && pnp.parent == &hpet);

	CHECK_EQ_INT(region_intersects(0x100000, 4096, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
		     REGION_INTERSECTS);
	CHECK_EQ_INT(region_intersects(0x9f000, 4096, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
		     REGION_MIXED);
	CHECK_EQ_INT(region_intersects(0xff000, 8192, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
		     REGION_INTERSECTS);        /* nothing else overlaps: no "other" */
	CHECK_EQ_INT(region_intersects(0xfed00000, 4096, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
		     REGION_DISJOINT);
	CHECK_EQ_INT(region_intersects(0x0, 4096, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
		     REGION_DISJOINT);          /* page 0 ends where RAM starts */
	CHECK_EQ_INT(region_intersects(0x100000, 4096, IORESOURCE_SYSTEM_RAM, 1), REGION_DISJOINT);

	CHECK(iomem_is_exclusive(0x100000));            /* busy RAM */
	CHECK(iomem_is_exclusive(0x9f000));             /* "Reserved" shares the page */
	CHECK(iomem_is_exclusive(0x40001000));          /* exclusive RAM, not busy */
	CHECK(iomem_is_exclusive(0xfee00abc));          /* "Local APIC" */
	CHECK(!iomem_is_exclusive(0xfed00000));         /* "HPET 0" and PNP0103:00: not busy */
	CHECK(!iomem_is_exclusive(0xfea00000));
	CHECK(!iomem_is_exclusive(0xfecff000));         /* nobody's */

	/* a driver's claim inside the BAR makes every page of it the kernel's */
	CHECK(request_mem_region(0xfea00000, 0x100000, "edu") != NULL);
	CHECK(iomem_is_exclusive(0xfea00000));
	CHECK(iomem_is_exclusive(0xfeaff123));
	CHECK(!iomem_is_exclusive(0xfeb00000));
	release_mem_region(0xfea00000, 0x100000);
	CHECK(!iomem_is_exclusive(0xfea00000));

	/* a busy range anywhere in the page counts, not only at the address */
	CHECK(request_mem_region(0xfed00800, 0x100, "late") != NULL);
	CHECK(iomem_is_exclusive(0xfed00000));
	CHECK(iomem_is_exclusive(0xfed00fff));
	release_mem_region(0xfed00800, 0x100);
	CHECK(!iomem_is_exclusive(0xfed00000));

	for (unsigned int i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i]->parent == &iomem_resource)
			CHECK_EQ_INT(release_resource(all[i]), 0);
	CHECK(iomem_resource.child == NULL);
	CHECK_EQ_INT(live_allocs, 0);
}

/* ---- formats ---- */

TEST(resource_format_is_linux_pR)
{
	struct resource r = MEM(0xfed00000, 0xfed003ff, "HPET 0");
	char small[8];

	CHECK_STR(fmt(&r), "[mem 0xfed00000-0xfed003ff]");
	r = (struct resource)MEM(0, 0x9ffff, "low");
	CHECK_STR(fmt(&r), "[mem 0x00000000-0x0009ffff]");
	r = (struct resource)MEM(0x100000000ULL, 0x8ffffffffULL, "high");
	r.flags |= IORESOURCE_WINDOW;
	CHECK_STR(fmt(&r), "[mem 0x100000000-0x8ffffffff window]");
	r.flags = IORESOURCE_MEM | IORESOURCE_MEM_64 | IORESOURCE_PREFETCH;
	CHECK_STR(fmt(&r), "[mem 0x100000000-0x8ffffffff 64bit pref]");
	r = (struct resource)IO(0x3f8, 0x3ff, "serial");
	CHECK_STR(fmt(&r), "[io  0x03f8-0x03ff]");
	r = (struct resource)IO(0x60, 0x60, "keyboard");
	CHECK_STR(fmt(&r), "[io  0x0060]");
	r.flags = IORESOURCE_IRQ;
	CHECK_STR(fmt(&r), "[??? 0x00000060 flags 0x400]");
	r = (struct resource)MEM(0, 0xfff, "unset");
	r.flags |= IORESOURCE_UNSET;
	CHECK_STR(fmt(&r), "[mem size 0x00001000]");
	CHECK_EQ_INT(resource_format(small, sizeof(small), &r), 21);
	CHECK_STR(small, "[mem si");
}

/* A hand-built tree, as /proc/iomem and /proc/ioports print it. */
TEST(resource_show_prints_proc_iomem)
{
	struct resource root = mem_root();
	struct resource a = MEM(0, 0xfff, "Reserved"), b = MEM(0x100000, 0x1ffdefff, "System RAM"),
			b1 = MEM(0x200000, 0x2fffff, "Kernel code"), b2 = MEM(0x300000, 0x3fffff, "Kernel data"),
			b21 = MEM(0x300000, 0x300fff, "deep"), c = MEM(0xfd00000000ULL, 0xffffffffffULL, "Reserved");
	struct resource io = IO(0, 0xffff, "PCI IO"), s = IO(0x3f8, 0x3ff, "serial"),
			k = IO(0x60, 0x60, "keyboard");

	CHECK_STR(show(&root), "");
	request_resource(&root, &a);
	request_resource(&root, &b);
	request_resource(&b, &b1);
	request_resource(&b, &b2);
	request_resource(&b2, &b21);
	request_resource(&root, &c);
	CHECK_STR(show(&root), "00000000-00000fff : Reserved\n"
			       "00100000-1ffdefff : System RAM\n"
			       "  00200000-002fffff : Kernel code\n"
			       "  00300000-003fffff : Kernel data\n"
			       "    00300000-00300fff : deep\n"
			       "fd00000000-ffffffffff : Reserved\n");
	request_resource(&io, &s);
	request_resource(&io, &k);
	CHECK_STR(show(&io), "0060-0060 : keyboard\n03f8-03ff : serial\n");
	/* a subtree shows as its own root */
	CHECK_STR(show(&b), "00200000-002fffff : Kernel code\n"
			    "00300000-003fffff : Kernel data\n"
			    "  00300000-00300fff : deep\n");
}

TEST(resource_show_indents_at_most_five_levels)
{
	struct resource root = mem_root(), r[7];
	char line[64];

	for (int i = 0; i < 7; i++) {
		r[i] = (struct resource)MEM(0x1000 + i, 0x1fff - i, "n");
		CHECK_EQ_INT(request_resource(i ? &r[i - 1] : &root, &r[i]), 0);
	}
	resource_show_line(line, sizeof(line), &root, &r[4]);
	CHECK_STR(line, "        00001004-00001ffb : n\n");
	resource_show_line(line, sizeof(line), &root, &r[6]);
	CHECK_STR(line, "          00001006-00001ff9 : n\n");
	CHECK_EQ_INT(check_tree(&root), 7);
}

/* ---- Linux's own boot on q35 512M, replayed ---- */

/*
 * The calls Linux 6.1 made on -machine q35 -m 512M, in its order: probe_roms()
 * requests the ROMs; setup_arch() inserts the kernel image; e820 inserts its
 * busy entries (RAM, and everything below 1 MiB); the drivers claim the
 * IOAPIC and Local APIC, ACPI's PNP0103:00 the HPET, which hpet.c inserts above
 * it later; PCI inserts its root windows and requests its BARs;
 * e820__reserve_resources_late() inserts the other reserved entries; pnp
 * claims its ranges (descending into "Reserved"); pci_mmcfg inserts the ECAM
 * range above its "Reserved".  The result must be Linux's /proc/iomem
 * (tests/data/linux/q35-512M/iomem.txt) to the byte.
 */
static const char linux_q35_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c9bff : Video ROM\n"
	"000ca000-000cadff : Adapter ROM\n"
	"000cb000-000cb5ff : Adapter ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-1ffdefff : System RAM\n"
	"  01000000-01e01d31 : Kernel code\n"
	"  02000000-028eafff : Kernel rodata\n"
	"  02a00000-02c4897f : Kernel data\n"
	"  03310000-043fffff : Kernel bss\n"
	"1ffdf000-1fffffff : Reserved\n"
	"20000000-afffffff : PCI Bus 0000:00\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"    b0000000-bfffffff : pnp 00:05\n"
	"c0000000-febfffff : PCI Bus 0000:00\n"
	"  fd000000-fdffffff : 0000:00:01.0\n"
	"  feb40000-feb7ffff : 0000:00:02.0\n"
	"  feb80000-feb9ffff : 0000:00:02.0\n"
	"  feba0000-febbffff : 0000:00:02.0\n"
	"  febd0000-febd3fff : 0000:00:02.0\n"
	"  febd4000-febd4fff : 0000:00:01.0\n"
	"  febd5000-febd5fff : 0000:00:1f.2\n"
	"fec00000-fec003ff : IOAPIC 0\n"
	"fed00000-fed003ff : HPET 0\n"
	"  fed00000-fed003ff : PNP0103:00\n"
	"fed1c000-fed1ffff : Reserved\n"
	"fee00000-fee00fff : Local APIC\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-8ffffffff : PCI Bus 0000:00\n"
	"fd00000000-ffffffffff : Reserved\n";

#define BUSY_MEM(s, e, n) { .start = (s), .end = (e), .name = (n), \
			    .flags = IORESOURCE_MEM | IORESOURCE_BUSY }

TEST(resource_linux_q35_boot_replayed_gives_linux_iomem)
{
	struct resource root = mem_root();
	struct resource roms[] = {
		BUSY_MEM(0xc0000, 0xc9bff, "Video ROM"), BUSY_MEM(0xf0000, 0xfffff, "System ROM"),
		BUSY_MEM(0xca000, 0xcadff, "Adapter ROM"), BUSY_MEM(0xcb000, 0xcb5ff, "Adapter ROM"),
	};
	struct resource image[] = {
		BUSY_MEM(0x1000000, 0x1e01d31, "Kernel code"), BUSY_MEM(0x2000000, 0x28eafff, "Kernel rodata"),
		BUSY_MEM(0x2a00000, 0x2c4897f, "Kernel data"), BUSY_MEM(0x3310000, 0x43fffff, "Kernel bss"),
	};
	struct resource e820_busy[] = {
		BUSY_MEM(0, 0xfff, "Reserved"), BUSY_MEM(0x1000, 0x9fbff, "System RAM"),
		BUSY_MEM(0x9fc00, 0x9ffff, "Reserved"), BUSY_MEM(0xf0000, 0xfffff, "Reserved"),
		BUSY_MEM(0x100000, 0x1ffdefff, "System RAM"),
	};
	struct resource devices[] = {
		BUSY_MEM(0xfec00000, 0xfec003ff, "IOAPIC 0"), MEM(0xfed00000, 0xfed003ff, "HPET 0"),
		BUSY_MEM(0xfee00000, 0xfee00fff, "Local APIC"),
		MEM(0xa0000, 0xbffff, "PCI Bus 0000:00"), MEM(0x20000000, 0xafffffff, "PCI Bus 0000:00"),
		MEM(0xc0000000, 0xfebfffff, "PCI Bus 0000:00"),
		MEM(0x100000000ULL, 0x8ffffffffULL, "PCI Bus 0000:00"),
	};
	static const struct { u64 start, end; const char *name; } bars[] = {
		{ 0xfd000000, 0xfdffffff, "0000:00:01.0" }, { 0xfebd4000, 0xfebd4fff, "0000:00:01.0" },
		{ 0xfeb40000, 0xfeb7ffff, "0000:00:02.0" }, { 0xfeb80000, 0xfeb9ffff, "0000:00:02.0" },
		{ 0xfeba0000, 0xfebbffff, "0000:00:02.0" }, { 0xfebd0000, 0xfebd3fff, "0000:00:02.0" },
		{ 0xfebd5000, 0xfebd5fff, "0000:00:1f.2" },
	};
	struct resource e820_late[] = {
		MEM(0x1ffdf000, 0x1fffffff, "Reserved"), MEM(0xb0000000, 0xbfffffff, "Reserved"),
		MEM(0xfed1c000, 0xfed1ffff, "Reserved"), MEM(0xfffc0000, 0xffffffff, "Reserved"),
		MEM(0xfd00000000ULL, 0xffffffffffULL, "Reserved"),
	};
	struct resource mmcfg = BUSY_MEM(0xb0000000, 0xbfffffff, "PCI MMCONFIG 0000 [bus 00-ff]");
	struct resource pnp_hpet = BUSY_MEM(0xfed00000, 0xfed003ff, "PNP0103:00");
	struct resource *pnp;

	for (size_t i = 0; i < 4; i++)
		CHECK_EQ_INT(request_resource(&root, &roms[i]), 0);
	for (size_t i = 0; i < 4; i++)
		CHECK_EQ_INT(insert_resource(&root, &image[i]), 0);
	for (size_t i = 0; i < 5; i++)
		CHECK_EQ_INT(insert_resource(&root, &e820_busy[i]), 0);
	CHECK_EQ_INT(insert_resource(&root, &pnp_hpet), 0);
	for (size_t i = 0; i < 7; i++)
		CHECK_EQ_INT(insert_resource(&root, &devices[i]), 0);     /* HPET 0 adopts it */
	for (size_t i = 0; i < 7; i++)
		CHECK(__request_region(&root, bars[i].start, bars[i].end - bars[i].start + 1,
				       bars[i].name, 0));
	for (size_t i = 0; i < 5; i++)
		CHECK_EQ_INT(insert_resource(&root, &e820_late[i]), 0);
	pnp = __request_region(&root, 0xb0000000, 0x10000000, "pnp 00:05", 0);
	CHECK_EQ_INT(insert_resource(&root, &mmcfg), 0);
	CHECK_STR(show(&root), linux_q35_iomem);
	CHECK_EQ_INT(check_tree(&root), 35);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	for (size_t i = 0; i < 7; i++)
		__release_region(&root, bars[i].start, bars[i].end - bars[i].start + 1);
	/* release_mem_region would free the busy MMCONFIG of the same range, as in Linux */
	CHECK_EQ_INT(release_resource(pnp), 0);
	kfree(pnp);
	CHECK_EQ_INT(live_allocs, 0);
}

/* ---- random operations against a model ---- */

/*
 * The model knows each resource only by its range, whether it is busy, and
 * the index of its parent (-1: the root), and answers every question by
 * scanning them all.  Ranges are small numbers shifted by base: base 0, or
 * the top of the 64-bit space, where a careless end + 1 would wrap.
 */
#define SPACE  256
#define SLOTS  48
#define NONE   (-2)                     /* "no conflict" in the model's answers */

struct slot {
	struct resource res;            /* request/insert use this one */
	struct resource *r;             /* what is in the tree: &res or a kzalloc'd region */
	bool live, region;
	int parent;                     /* the model's: index of the parent, -1 the root */
};

static struct slot slots[SLOTS];
static struct resource mroot;
static u64 base;

/* What the random run did, so that a test that exercises nothing fails. */
static struct {
	long requests, inserts, adoptions, regions, descents, releases, lookups;
} done;

static struct resource *node(int i)
{
	return i < 0 ? &mroot : slots[i].r;
}

static u64 mstart(int i) { return node(i)->start; }
static u64 mend(int i)   { return node(i)->end; }
static bool mbusy(int i) { return i >= 0 && (node(i)->flags & IORESOURCE_BUSY); }

/* Node i contains [s, e]; node i lies within [s, e]. */
static bool contains(int i, u64 s, u64 e) { return mstart(i) <= s && e <= mend(i); }
static bool within(int i, u64 s, u64 e)   { return s <= mstart(i) && mend(i) <= e; }

/* The live child of p that overlaps [s, e] and starts lowest, or NONE. */
static int first_overlap(int p, u64 s, u64 e)
{
	int best = NONE;

	for (int i = 0; i < SLOTS; i++)
		if (slots[i].live && slots[i].parent == p && mstart(i) <= e && s <= mend(i) &&
		    (best == NONE || mstart(i) < mstart(best)))
			best = i;
	return best;
}

/* What request_resource_conflict(node p, [s, e]) answers. */
static int model_request(int p, u64 s, u64 e)
{
	if (e < s || !contains(p, s, e))
		return p;
	return first_overlap(p, s, e);
}

/* What insert_resource_conflict(root, [s, e]) answers; *where: the parent it gets. */
static int model_insert(u64 s, u64 e, int *where)
{
	int p = -1, first;

	for (;;) {
		first = model_request(p, s, e);
		*where = p;
		if (first == NONE || first == p)
			return first;
		if (!contains(first, s, e) || (mstart(first) == s && mend(first) == e))
			break;
		p = first;
	}
	/* each child of p that overlaps, in address order, must lie within [s, e] */
	for (int c = first; c != NONE; c = first_overlap(p, mend(c) + 1, e)) {
		if (!within(c, s, e))
			return c;
		if (mend(c) >= e)
			break;
	}
	return NONE;
}

/* Where __request_region(root, [s, e]) puts its resource, or NONE if it fails. */
static int model_region(u64 s, u64 e)
{
	for (int p = -1;;) {
		int c = model_request(p, s, e);

		if (c == NONE)
			return p;
		if (c == p || mbusy(c))
			return NONE;
		p = c;
	}
}

/* The resource __release_region(root, [s, e]) would free, or NONE. */
static int model_release_region(u64 s, u64 e)
{
	int p = -1;

	for (int c = 0; c < SLOTS; c++) {
		if (!slots[c].live || slots[c].parent != p || !contains(c, s, e))
			continue;
		if (!mbusy(c)) {
			p = c;
			c = -1;                 /* scan p's children from the start */
			continue;
		}
		return mstart(c) == s && mend(c) == e ? c : NONE;
	}
	return NONE;
}

static int depth(int i)
{
	return i < 0 ? 0 : 1 + depth(slots[i].parent);
}

/* The deepest live resource containing addr, or NONE. */
static int model_lookup(u64 addr)
{
	int best = NONE;

	for (int i = 0; i < SLOTS; i++)
		if (slots[i].live && contains(i, addr, addr) && (best == NONE || depth(i) > depth(best)))
			best = i;
	return best;
}

static struct resource *ptr(int i)
{
	return i == NONE ? NULL : node(i);
}

/* The tree is exactly the model: every live slot under its model parent, nothing else. */
static bool tree_matches_model(void)
{
	int live = 0, regions = 0;

	for (int i = 0; i < SLOTS; i++) {
		if (!slots[i].live)
			continue;
		live++;
		regions += slots[i].region;
		if (!CHECK_MSG(slots[i].r->parent == node(slots[i].parent),
			       "slot %d [%#llx-%#llx]: wrong parent", i,
			       (unsigned long long)mstart(i), (unsigned long long)mend(i)))
			return false;
	}
	return CHECK_EQ_INT(check_tree(&mroot), live) && CHECK_EQ_INT(live_allocs, regions);
}

/* Kill slot i and its model subtree (release_resource took them out together). */
static void kill_subtree(int i)
{
	for (int c = 0; c < SLOTS; c++)
		if (slots[c].live && slots[c].parent == i)
			kill_subtree(c);
	slots[i].live = false;
	if (slots[i].region)
		kfree(slots[i].r);      /* out of the tree with its parent: ours to free */
}

static int free_slot(void)
{
	int i = (int)host_rand_below(SLOTS);

	return slots[i].live ? -1 : i;
}

static int live_slot(void)
{
	int i = (int)host_rand_below(SLOTS);

	return slots[i].live ? i : -1;
}

/* A random range around the root: mostly small, sometimes large, sometimes outside. */
static void random_range(u64 *s, u64 *e)
{
	u64 a = host_rand_below(SPACE), len = 1 + host_rand_below(host_rand_below(4) ? 16 : SPACE);

	*s = base + a;
	*e = base + (a + len - 1 < SPACE ? a + len - 1 : SPACE - 1);
	if (!host_rand_below(50))
		*e = *s - 1;                    /* backwards */
}

static void step_request(bool insert)
{
	int i = free_slot(), p = live_slot(), want, where = -1;
	struct resource *got;
	u64 s, e;

	if (i < 0 || (p >= 0 && slots[p].region))
		return;
	if (insert)
		p = -1;                         /* insert_resource always starts at the root */
	random_range(&s, &e);
	slots[i] = (struct slot){ .res = { .start = s, .end = e, .name = "r",
					   .flags = IORESOURCE_MEM | (host_rand_below(2) ? IORESOURCE_BUSY : 0) } };
	slots[i].r = &slots[i].res;
	want = insert ? model_insert(s, e, &where) : model_request(p, s, e);
	got = insert ? insert_resource_conflict(&mroot, slots[i].r)
		     : request_resource_conflict(node(p), slots[i].r);
	CHECK_MSG(got == ptr(want), "%s [%#llx-%#llx] under %d: conflict %p, model %d",
		  insert ? "insert" : "request", (unsigned long long)s, (unsigned long long)e, p,
		  (void *)got, want);
	if (want != NONE)
		return;
	slots[i].live = true;
	slots[i].parent = insert ? where : p;
	insert ? done.inserts++ : done.requests++;
	for (int c = 0; insert && c < SLOTS; c++) {     /* what it adopted */
		if (c != i && slots[c].live && slots[c].parent == where && within(c, s, e)) {
			slots[c].parent = i;
			done.adoptions++;
		}
	}
}

static void step_region(void)
{
	int i = free_slot(), want, lines = printk_capture_lines();
	struct resource *got;
	u64 s, e, n;

	if (i < 0)
		return;
	random_range(&s, &e);
	n = e - s + 1;
	if (!host_rand_below(20))
		n = host_rand_below(2) ? 0 : ~0ULL;     /* empty, or wraps */
	want = (n && s + n - 1 >= s) ? model_region(s, s + n - 1) : NONE;
	got = __request_region(&mroot, s, n, "region", 0);
	CHECK_MSG(!got == (want == NONE), "region [%#llx + %#llx]: %p, model %d",
		  (unsigned long long)s, (unsigned long long)n, (void *)got, want);
	CHECK_EQ_INT(printk_capture_lines() - lines, got ? 0 : 1);
	if (!got)
		return;
	slots[i] = (struct slot){ .r = got, .live = true, .region = true, .parent = want };
	done.regions++;
	done.descents += want >= 0;
	CHECK(got->parent == node(want) && (got->flags & IORESOURCE_BUSY));
}

static void step_release_region(void)
{
	int i = live_slot(), want, lines = printk_capture_lines();
	u64 s, e;

	random_range(&s, &e);
	if (i >= 0 && host_rand_below(4)) {
		s = mstart(i);                  /* mostly: a range that is there */
		e = mend(i);
	}
	if (e < s)
		return;
	want = model_release_region(s, e);
	if (want != NONE && !slots[want].region)
		return;                         /* would kfree a resource that was never kzalloc'd */
	__release_region(&mroot, s, e - s + 1);
	CHECK_EQ_INT(printk_capture_lines() - lines, want == NONE ? 1 : 0);
	if (want == NONE)
		return;
	for (int c = 0; c < SLOTS; c++)         /* its children move up */
		if (slots[c].live && slots[c].parent == want)
			slots[c].parent = slots[want].parent;
	slots[want].live = false;
	done.releases++;
}

static void step_release_resource(void)
{
	int i = (int)host_rand_below(SLOTS);

	if (slots[i].region)
		return;
	if (!slots[i].live) {
		if (slots[i].r && !slots[i].r->parent)
			CHECK_EQ_INT(release_resource(slots[i].r), -EINVAL);
		return;
	}
	CHECK_EQ_INT(release_resource(slots[i].r), 0);
	CHECK(!slots[i].r->parent);
	kill_subtree(i);
}

static void step_lookup(void)
{
	u64 addr = base + host_rand_below(SPACE);

	done.lookups += model_lookup(addr) != NONE;
	CHECK_MSG(lookup_resource_containing(&mroot, addr) == ptr(model_lookup(addr)),
		  "lookup %#llx", (unsigned long long)addr);
}

static void run_against_model(u64 b, u64 root_start, u64 root_end, int steps)
{
	memset(slots, 0, sizeof(slots));
	base = b;
	mroot = (struct resource){ .start = root_start, .end = root_end, .name = "root",
				   .flags = IORESOURCE_MEM };
	for (int n = 0; n < steps && host_failures() == 0; n++) {
		unsigned int op = host_rand_below(100);

		printk_capture_reset();
		if (op < 20)
			step_request(false);
		else if (op < 45)
			step_request(true);
		else if (op < 70)
			step_region();
		else if (op < 85)
			step_release_region();
		else if (op < 92)
			step_release_resource();
		else
			step_lookup();
		if (!tree_matches_model())
			host_fail(__FILE__, __LINE__, "after step %d (op %u)", n, op);
	}
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].live && slots[i].region)
			kfree(slots[i].r);
	CHECK_EQ_INT(live_allocs, 0);
}

/* Each kind of success happened many times over the seeds. */
static void check_coverage(void)
{
	CHECK_MSG(done.requests > 300 && done.inserts > 1000 && done.adoptions > 300 &&
		  done.regions > 1000 && done.descents > 300 && done.releases > 500 &&
		  done.lookups > 500,
		  "requests %ld inserts %ld adoptions %ld regions %ld descents %ld releases %ld lookups %ld",
		  done.requests, done.inserts, done.adoptions, done.regions, done.descents,
		  done.releases, done.lookups);
}

TEST(resource_random_against_model_low)
{
	for (u64 seed = 1; seed <= 40 && host_failures() == 0; seed++) {
		host_srand(seed);
		run_against_model(0, 16, SPACE - 17, 3000);
	}
	check_coverage();
}

TEST(resource_random_against_model_at_the_top_of_u64)
{
	for (u64 seed = 100; seed <= 140 && host_failures() == 0; seed++) {
		host_srand(seed);
		run_against_model(0ULL - SPACE, 0ULL - SPACE + 8, ~0ULL, 3000);
	}
	check_coverage();
}
