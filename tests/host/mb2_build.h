/*
 * Building multiboot2 boot information in memory for the host tests
 * (test_multiboot2.c, test_multiboot2_fuzz.c), laid out as GRUB does
 * (multiboot2 specification §3.6): tags of {type, size} and a body, each at
 * an 8-byte boundary.  mb_finish()/mb_copy() return malloc'd copies of
 * exactly the requested size, so AddressSanitizer sees any read past the end.
 * Functions are static inline so that each test file may use only some.
 */
#ifndef ATLAS_TESTS_HOST_MB2_BUILD_H
#define ATLAS_TESTS_HOST_MB2_BUILD_H

#include <stdlib.h>
#include <string.h>

#include <kernel/multiboot2.h>

#include "hosttest.h"

struct mb_builder {
	u8 buf[4096] __attribute__((aligned(8)));
	size_t len;
};

static inline void mb_init(struct mb_builder *b)
{
	memset(b->buf, 0, sizeof(b->buf));
	b->len = 8;                     /* total_size, reserved */
}

/* Append a tag whose size field says size (normally 8 + n); pads to 8 bytes. */
static inline void mb_tag_sized(struct mb_builder *b, u32 type, u32 size,
				const void *body, size_t n)
{
	struct mb2_tag h = { type, size };

	memcpy(b->buf + b->len, &h, sizeof(h));
	if (n)
		memcpy(b->buf + b->len + sizeof(h), body, n);
	b->len += (sizeof(h) + n + 7) & ~(size_t)7;
}

static inline void mb_tag(struct mb_builder *b, u32 type, const void *body, size_t n)
{
	mb_tag_sized(b, type, sizeof(struct mb2_tag) + n, body, n);
}

static inline void mb_string(struct mb_builder *b, u32 type, const char *s)
{
	mb_tag(b, type, s, strlen(s) + 1);
}

static inline void mb_end(struct mb_builder *b)
{
	mb_tag(b, MB2_TAG_END, NULL, 0);
}

static inline void mb_meminfo(struct mb_builder *b, u32 lower, u32 upper)
{
	u32 body[2] = { lower, upper };

	mb_tag(b, MB2_TAG_BASIC_MEMINFO, body, sizeof(body));
}

/* A memory map tag; entries wider than 24 bytes get 0xab filler after each. */
static inline void mb_mmap(struct mb_builder *b, u32 entry_size, const struct mb2_mmap_entry *e,
		    unsigned int n)
{
	u8 body[8 + 16 * 64];
	u32 head[2] = { entry_size, 0 };

	memcpy(body, head, sizeof(head));
	memset(body + 8, 0xab, (size_t)n * entry_size);
	for (unsigned int i = 0; i < n; i++)
		memcpy(body + 8 + (size_t)i * entry_size, &e[i], sizeof(e[i]));
	mb_tag(b, MB2_TAG_MMAP, body, 8 + (size_t)n * entry_size);
}

/* An ACPI tag carrying n bytes of a fake RSDP ("RSD PTR " then a count). */
static inline void mb_acpi(struct mb_builder *b, u32 type, size_t n)
{
	u8 rsdp[64];

	for (size_t i = 0; i < sizeof(rsdp); i++)
		rsdp[i] = (u8)(i + type);
	memcpy(rsdp, "RSD PTR ", 8);
	mb_tag(b, type, rsdp, n);
}

/* An ELF sections tag: num, entsize, shndx, then nbytes of section headers. */
static inline void mb_elf(struct mb_builder *b, u32 num, u32 entsize, u32 shndx, size_t nbytes)
{
	u8 body[12 + 512];
	u32 head[3] = { num, entsize, shndx };

	memcpy(body, head, sizeof(head));
	for (size_t i = 0; i < nbytes; i++)
		body[12 + i] = (u8)i;
	mb_tag(b, MB2_TAG_ELF_SECTIONS, body, 12 + nbytes);
}

/* A malloc'd copy of alloc bytes of the list (total_size: total); free() it. */
static inline u8 *mb_copy(struct mb_builder *b, size_t alloc, u32 total)
{
	u8 *p = malloc(alloc ? alloc : 1);

	memcpy(b->buf, &total, sizeof(total));
	memcpy(p, b->buf, alloc < b->len ? alloc : b->len);
	if (alloc > b->len)
		memset(p + b->len, 0, alloc - b->len);
	return p;
}

/* The finished list, exactly as long as its total_size. */
static inline u8 *mb_finish(struct mb_builder *b)
{
	return mb_copy(b, b->len, (u32)b->len);
}

static inline int parse(const void *mbi, size_t limit, struct mb2_info *info)
{
	printk_capture_reset();
	return mb2_parse(mbi, limit, info);
}

static const struct mb2_mmap_entry qemu_map[] = {
	{ 0x0, 0x9fc00, 1, 0 },
	{ 0x9fc00, 0x400, 2, 0 },
	{ 0xf0000, 0x10000, 2, 0 },
	{ 0x100000, 0x1fee0000, 1, 0 },
	{ 0x1ffe0000, 0x20000, 2, 0 },
	{ 0xfffc0000, 0x40000, 2, 0 },
	{ 0xfd00000000ULL, 0x300000000ULL, 2, 0 },
};
#define QEMU_MAP_N (sizeof(qemu_map) / sizeof(qemu_map[0]))

/* What GRUB gives Atlas on QEMU, plus tags Atlas ignores. */
static inline void build_full(struct mb_builder *b)
{
	static const u8 module[] = { 0, 0, 0x10, 0, 0, 0, 0x20, 0, 'i', 'n', 'i', 't', 0 };
	static const u8 unknown[] = { 1, 2, 3, 4, 5 };

	mb_init(b);
	mb_string(b, MB2_TAG_CMDLINE, "console=ttyS0 selftest");
	mb_string(b, MB2_TAG_BOOTLOADER, "GRUB 2.06");
	mb_tag(b, MB2_TAG_MODULE, module, sizeof(module));
	mb_meminfo(b, 639, 523136);
	mb_mmap(b, 24, qemu_map, QEMU_MAP_N);
	mb_acpi(b, MB2_TAG_ACPI_OLD, 20);
	mb_acpi(b, MB2_TAG_ACPI_NEW, 36);
	mb_elf(b, 3, 64, 2, 3 * 64);
	mb_tag(b, 0x1234, unknown, sizeof(unknown));       /* unknown: ignored */
	mb_end(b);
}

#endif
