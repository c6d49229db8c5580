/*
 * Host tests of kernel/multiboot2.c (include/kernel/multiboot2.h): boot
 * information lists built in memory (mb2_build.h) and copied into malloc'd
 * buffers of exactly their size so that AddressSanitizer catches any read
 * past the end.  Valid lists must come back with every tag found; each
 * malformed one must give -EINVAL and exactly one printed line naming the
 * problem, keeping the tags before it.  The random mutation run is in
 * test_multiboot2_fuzz.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <kernel/multiboot2.h>
#include <mm/e820.h>

#include "hosttest.h"
#include "mb2_build.h"

/* ---- valid lists ---- */

TEST(mb2_parses_a_full_list)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	build_full(&b);
	p = mb_finish(&b);
	CHECK_EQ_INT(parse(p, b.len, &info), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_INT(info.total_size, b.len);
	CHECK_EQ_INT(info.ntags, 10);                   /* the end tag counts */
	CHECK_STR(info.cmdline, "console=ttyS0 selftest");
	CHECK(info.cmdline == (const char *)p + 16);    /* points into the list */
	CHECK_STR(info.bootloader, "GRUB 2.06");
	CHECK(info.has_meminfo);
	CHECK_EQ_INT(info.mem_lower_kb, 639);
	CHECK_EQ_INT(info.mem_upper_kb, 523136);
	CHECK_EQ_INT(info.mmap_entry_size, 24);
	CHECK_EQ_INT(info.mmap_count, QEMU_MAP_N);
	CHECK_EQ_INT(info.acpi_version, 2);
	CHECK_EQ_INT(info.rsdp_size, 36);
	CHECK(info.rsdp && !memcmp(info.rsdp, "RSD PTR ", 8));
	CHECK_EQ_INT(((const u8 *)info.rsdp)[8], 8 + MB2_TAG_ACPI_NEW);    /* the new one */
	CHECK_EQ_INT(info.elf_num, 3);
	CHECK_EQ_INT(info.elf_entsize, 64);
	CHECK_EQ_INT(info.elf_shndx, 2);
	CHECK(info.elf_sections && ((const u8 *)info.elf_sections)[191] == 191);
	CHECK_EQ_INT(info.nr_modules, 1);
	CHECK_EQ_INT(info.mod_start, 0x100000);
	CHECK_EQ_INT(info.mod_end, 0x200000);
	CHECK_STR(info.mod_string, "init");
	free(p);
}

/* The first module is the initramfs; later ones are counted, not used. */
TEST(mb2_first_module_wins)
{
	static const u8 m1[] = { 0, 0, 0x30, 0, 0, 0x10, 0x30, 0, 0 };
	static const u8 m2[] = { 0, 0, 0x40, 0, 0, 0, 0x50, 0, 'x', 0 };
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_tag(&b, MB2_TAG_MODULE, m1, sizeof(m1));
	mb_tag(&b, MB2_TAG_MODULE, m2, sizeof(m2));
	mb_mmap(&b, 24, qemu_map, QEMU_MAP_N);
	mb_end(&b);
	p = mb_finish(&b);
	CHECK_EQ_INT(parse(p, b.len, &info), 0);
	CHECK_EQ_INT(info.nr_modules, 2);
	CHECK_EQ_INT(info.mod_start, 0x300000);
	CHECK_EQ_INT(info.mod_end, 0x301000);
	CHECK_STR(info.mod_string, "");
	free(p);
}

/* A module that ends before it starts, or whose string has no NUL, is refused. */
TEST(mb2_bad_module_tags_are_refused)
{
	static const u8 backwards[] = { 0, 0, 0x30, 0, 0, 0, 0x20, 0, 0 };
	static const u8 unterminated[] = { 0, 0, 0x30, 0, 0, 0, 0x40, 0, 'a', 'b' };
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_tag(&b, MB2_TAG_MODULE, backwards, sizeof(backwards));
	mb_end(&b);
	p = mb_finish(&b);
	CHECK_EQ_INT(parse(p, b.len, &info), -EINVAL);
	CHECK_EQ_INT(printk_capture_lines(), 1);
	CHECK(strstr(printk_capture(), "ends before it starts"));
	free(p);
	mb_init(&b);
	mb_tag(&b, MB2_TAG_MODULE, unterminated, sizeof(unterminated));
	mb_end(&b);
	p = mb_finish(&b);
	CHECK_EQ_INT(parse(p, b.len, &info), -EINVAL);
	CHECK_EQ_INT(printk_capture_lines(), 1);
	CHECK(strstr(printk_capture(), "not NUL-terminated"));
	free(p);
}

TEST(mb2_memory_map_entries_are_read_back)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	build_full(&b);
	p = mb_finish(&b);
	if (!CHECK_EQ_INT(parse(p, b.len, &info), 0))
		goto out;
	for (unsigned int i = 0; i < QEMU_MAP_N; i++) {
		const struct mb2_mmap_entry *e = mb2_mmap_entry(&info, i);

		CHECK_EQ_U64(e->addr, qemu_map[i].addr);
		CHECK_EQ_U64(e->len, qemu_map[i].len);
		CHECK_EQ_INT(e->type, qemu_map[i].type);
	}
out:
	free(p);
}

TEST(mb2_memory_map_with_32_byte_entries)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_mmap(&b, 32, qemu_map, 5);
	mb_end(&b);
	p = mb_finish(&b);
	if (!CHECK_EQ_INT(parse(p, b.len, &info), 0))
		goto out;
	CHECK_EQ_INT(info.mmap_entry_size, 32);
	CHECK_EQ_INT(info.mmap_count, 5);
	CHECK(info.mmap == p + 8 + 16);
	for (unsigned int i = 0; i < 5; i++) {
		CHECK(mb2_mmap_entry(&info, i) == (const void *)(info.mmap + 32 * i));
		CHECK_EQ_U64(mb2_mmap_entry(&info, i)->addr, qemu_map[i].addr);
		CHECK_EQ_U64(mb2_mmap_entry(&info, i)->len, qemu_map[i].len);
	}
out:
	free(p);
}

TEST(mb2_empty_memory_map_has_no_entries)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_mmap(&b, 24, NULL, 0);
	mb_end(&b);
	p = mb_finish(&b);
	CHECK_EQ_INT(parse(p, b.len, &info), 0);
	CHECK_EQ_INT(info.mmap_count, 0);
	free(p);
}

TEST(mb2_only_the_end_tag)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_end(&b);
	p = mb_finish(&b);
	CHECK_EQ_INT(b.len, 16);
	CHECK_EQ_INT(parse(p, 16, &info), 0);
	CHECK_EQ_INT(info.ntags, 1);
	CHECK(!info.cmdline && !info.bootloader && !info.mmap && !info.rsdp);
	CHECK(!info.elf_sections && !info.has_meminfo);
	CHECK_EQ_INT(info.acpi_version, 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	free(p);
}

TEST(mb2_acpi_new_rsdp_wins_in_either_order)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_acpi(&b, MB2_TAG_ACPI_NEW, 36);
	mb_acpi(&b, MB2_TAG_ACPI_OLD, 20);
	mb_end(&b);
	p = mb_finish(&b);
	CHECK_EQ_INT(parse(p, b.len, &info), 0);
	CHECK_EQ_INT(info.acpi_version, 2);
	CHECK_EQ_INT(info.rsdp_size, 36);
	CHECK(info.rsdp == p + 16);
	free(p);
}

TEST(mb2_acpi_old_rsdp_alone)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_acpi(&b, MB2_TAG_ACPI_OLD, 20);
	mb_end(&b);
	p = mb_finish(&b);
	CHECK_EQ_INT(parse(p, b.len, &info), 0);
	CHECK_EQ_INT(info.acpi_version, 1);
	CHECK_EQ_INT(info.rsdp_size, 20);
	CHECK(info.rsdp == p + 16);
	free(p);
}

TEST(mb2_stops_at_the_end_tag)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_string(&b, MB2_TAG_CMDLINE, "a");
	mb_end(&b);
	mb_tag_sized(&b, MB2_TAG_CMDLINE, 0xffff, NULL, 0);     /* never looked at */
	mb_tag_sized(&b, 0x77, 8, NULL, 0);
	p = mb_finish(&b);
	CHECK_EQ_INT(parse(p, b.len, &info), 0);
	CHECK_EQ_INT(info.ntags, 2);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	free(p);
}

TEST(mb2_limit_larger_than_total_is_fine)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	build_full(&b);
	p = mb_copy(&b, b.len + 64, (u32)b.len);
	CHECK_EQ_INT(parse(p, b.len + 64, &info), 0);
	CHECK_EQ_INT(info.total_size, b.len);
	free(p);
}

TEST(mb2_tag_names)
{
	CHECK_STR(mb2_tag_name(MB2_TAG_MMAP), "memory map");
	CHECK_STR(mb2_tag_name(MB2_TAG_ACPI_NEW), "ACPI new RSDP");
	CHECK_STR(mb2_tag_name(MB2_TAG_CMDLINE), "command line");
	CHECK_STR(mb2_tag_name(MB2_TAG_END), "end");
	CHECK_STR(mb2_tag_name(0x1234), "unknown");
}

/* ---- malformed lists: -EINVAL and one line naming the problem ---- */

/* Parse p (limit bytes): must be -EINVAL with exactly one line containing what. */
static void expect_invalid(const char *file, int line, const void *p, size_t limit,
			   struct mb2_info *info, const char *what)
{
	int rc = parse(p, limit, info);

	host_check_int(rc, -EINVAL, "mb2_parse()", "-EINVAL", file, line);
	host_check_one_line(file, line, (const char *[]){ what, NULL });
}

#define EXPECT_INVALID(p, limit, info, what) \
	expect_invalid(__FILE__, __LINE__, p, limit, info, what)

TEST(mb2_rejects_null_and_misaligned_pointers)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	EXPECT_INVALID(NULL, 4096, &info, "no boot information (NULL pointer)");
	mb_init(&b);
	mb_end(&b);
	p = mb_copy(&b, 64, 16);
	memmove(p + 4, p, 16);
	EXPECT_INVALID(p + 4, 60, &info, "not 8-byte aligned");
	EXPECT_INVALID(p + 1, 63, &info, "not 8-byte aligned");
	free(p);
}

/*
 * A NULL pointer is reported as missing (not as misaligned), and a limit too
 * small for a header as such (not as a bad total_size).
 */
TEST(mb2_header_errors_name_the_real_problem)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	CHECK_EQ_INT(parse(NULL, 4096, &info), -EINVAL);
	CHECK_MSG(printk_capture_lines() == 1 && printk_capture_contains("NULL"),
		  "NULL reported as: %s", printk_capture());
	mb_init(&b);
	mb_end(&b);
	p = mb_copy(&b, 16, 16);
	CHECK_EQ_INT(parse(p, 4, &info), -EINVAL);
	CHECK_MSG(printk_capture_lines() == 1 && printk_capture_contains("only 4 bytes may be read"),
		  "limit 4 reported as: %s", printk_capture());
	free(p);
}

TEST(mb2_rejects_total_size_below_16)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_end(&b);
	p = mb_copy(&b, 16, 8);
	EXPECT_INVALID(p, 16, &info, "total size 8 is too small");
	free(p);
	p = mb_copy(&b, 16, 0);
	EXPECT_INVALID(p, 16, &info, "total size 0 is too small");
	free(p);
	p = mb_copy(&b, 16, 15);
	EXPECT_INVALID(p, 16, &info, "total size 15");
	free(p);
}

TEST(mb2_rejects_limit_below_the_header)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_end(&b);
	p = mb_copy(&b, 4, 16);         /* only total_size may be read */
	EXPECT_INVALID(p, 4, &info, "only 4 bytes may be read");
	EXPECT_INVALID(p, 0, &info, "only 0 bytes may be read");
	free(p);
}

TEST(mb2_rejects_total_size_above_limit)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	build_full(&b);
	p = mb_copy(&b, 64, (u32)b.len);        /* the list says more than we may read */
	EXPECT_INVALID(p, 64, &info, "larger than the 64 bytes");
	free(p);
	p = mb_copy(&b, 64, 0xffffffffu);
	EXPECT_INVALID(p, 64, &info, "total size 4294967295 is larger");
	free(p);
}

TEST(mb2_rejects_truncated_tag)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_string(&b, MB2_TAG_BOOTLOADER, "GRUB");
	mb_string(&b, MB2_TAG_CMDLINE, "a fairly long command line that gets cut");
	mb_end(&b);
	p = mb_copy(&b, 40, 40);                /* total ends inside the cmdline tag */
	EXPECT_INVALID(p, 40, &info, "tag 1 (command line, type 1) at offset 0x18 has size 49");
	CHECK(printk_capture_contains("outside the 40 bytes"));
	CHECK_STR(info.bootloader, "GRUB");     /* what came before is kept */
	free(p);
}

TEST(mb2_rejects_oversized_tag)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_tag_sized(&b, 0x1234, 0xfffffff0u, NULL, 0);
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "has size 4294967280: outside");
	free(p);
}

TEST(mb2_rejects_tag_size_below_8)
{
	struct mb_builder b;
	struct mb2_info info;

	for (u32 size = 0; size < 8; size++) {
		u8 *p;

		mb_init(&b);
		mb_tag_sized(&b, MB2_TAG_CMDLINE, size, NULL, 0);
		mb_end(&b);
		p = mb_finish(&b);
		EXPECT_INVALID(p, b.len, &info, "command line");
		CHECK_MSG(printk_capture_contains("has size") && info.ntags == 0,
			  "size %u: %s", size, printk_capture());
		free(p);
	}
}

TEST(mb2_rejects_a_list_without_end_tag)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_string(&b, MB2_TAG_CMDLINE, "quiet");
	mb_meminfo(&b, 1, 2);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "no end tag");
	CHECK_EQ_INT(info.ntags, 2);
	CHECK_STR(info.cmdline, "quiet");
	free(p);
}

TEST(mb2_rejects_unterminated_strings)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_tag(&b, MB2_TAG_CMDLINE, "abc", 3);          /* no NUL */
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "command line tag is not NUL-terminated");
	CHECK(!info.cmdline);
	free(p);

	mb_init(&b);
	mb_tag(&b, MB2_TAG_BOOTLOADER, NULL, 0);        /* no room even for a NUL */
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "boot loader name tag is not NUL-terminated");
	free(p);
}

TEST(mb2_rejects_bad_mmap_entry_sizes)
{
	static const u32 bad[] = { 0, 8, 16, 20, 25, 30, 33 };
	struct mb_builder b;
	struct mb2_info info;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[64];
		u8 body[8 + 2 * 40] = { 0 };
		u8 *p;

		memcpy(body, &bad[i], 4);
		mb_init(&b);
		/* a body length that is a multiple of the entry size (when it is not 0) */
		mb_tag(&b, MB2_TAG_MMAP, body, 8 + 2 * bad[i]);
		mb_end(&b);
		p = mb_finish(&b);
		libc_snprintf(what, sizeof(what), "memory map entry size %u is invalid", bad[i]);
		EXPECT_INVALID(p, b.len, &info, what);
		CHECK(!info.mmap);
		free(p);
	}
}

TEST(mb2_rejects_mmap_not_a_whole_number_of_entries)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 body[8 + 30] = { 24 };
	u8 *p;

	mb_init(&b);
	mb_tag(&b, MB2_TAG_MMAP, body, sizeof(body));
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "memory map of 30 bytes is not a whole number of 24-byte entries");
	free(p);
}

TEST(mb2_rejects_mmap_tag_shorter_than_its_header)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 body[4] = { 24 };
	u8 *p;

	mb_init(&b);
	mb_tag(&b, MB2_TAG_MMAP, body, sizeof(body));
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "memory map tag has size 12");
	free(p);
}

TEST(mb2_rejects_short_acpi_tags)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_acpi(&b, MB2_TAG_ACPI_OLD, 19);
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "ACPI old RSDP tag has size 27, less than the 28");
	CHECK_EQ_INT(info.acpi_version, 0);
	free(p);

	mb_init(&b);
	mb_acpi(&b, MB2_TAG_ACPI_NEW, 20);      /* a v1 RSDP in a "new" tag */
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "ACPI new RSDP tag has size 28, less than the 44");
	CHECK(!info.rsdp);
	free(p);
}

TEST(mb2_rejects_short_meminfo)
{
	struct mb_builder b;
	struct mb2_info info;
	u32 lower = 639;
	u8 *p;

	mb_init(&b);
	mb_tag(&b, MB2_TAG_BASIC_MEMINFO, &lower, sizeof(lower));
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "basic memory information tag has size 12");
	CHECK(!info.has_meminfo);
	free(p);
}

TEST(mb2_rejects_elf_sections_that_do_not_fit)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p;

	mb_init(&b);
	mb_elf(&b, 10, 64, 1, 64);              /* 640 bytes claimed, 64 given */
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "10 headers of 64 bytes do not fit in 64 bytes");
	CHECK(!info.elf_sections);
	free(p);

	mb_init(&b);
	mb_elf(&b, 0x10000, 0x10000, 1, 8);     /* 2^32: must not wrap to 0 */
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "do not fit");
	free(p);

	mb_init(&b);
	mb_tag(&b, MB2_TAG_ELF_SECTIONS, "\1\0\0\0\100\0\0\0", 8);    /* no shndx */
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "ELF sections tag has size 16");
	free(p);
}

TEST(mb2_keeps_the_tags_before_the_bad_one)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 body[8 + 24] = { 20 };               /* entry size 20 */
	u8 *p;

	mb_init(&b);
	mb_string(&b, MB2_TAG_CMDLINE, "selftest");
	mb_string(&b, MB2_TAG_BOOTLOADER, "GRUB 2.06");
	mb_meminfo(&b, 639, 1000);
	mb_tag(&b, MB2_TAG_MMAP, body, sizeof(body));
	mb_acpi(&b, MB2_TAG_ACPI_NEW, 36);      /* after the bad one: not seen */
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "entry size 20");
	CHECK_EQ_INT(info.ntags, 3);
	CHECK_STR(info.cmdline, "selftest");
	CHECK_STR(info.bootloader, "GRUB 2.06");
	CHECK(info.has_meminfo && info.mem_upper_kb == 1000);
	CHECK(!info.mmap && !info.rsdp);
	free(p);
}

/*
 * A total_size near 2^32 with a 4 GiB limit: refused as larger than
 * MB2_MAX_INFO_SIZE, with one message, before any tag is read (the offset
 * could otherwise wrap and loop).
 */
TEST(mb2_total_size_near_4g_is_refused)
{
	size_t len = (1ULL << 32) + 4096;
	struct mb2_info info;
	u32 *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (!CHECK(p != MAP_FAILED))
		return;
	p[0] = 0xffffffffu;             /* total_size */
	p[1] = 8;                       /* reserved, read as a tag size after the wrap */
	p[2] = 0x1234;                  /* an unknown tag ... */
	p[3] = 0xfffffff7u;             /* ... reaching to the very end */
	host_set_timeout(2);
	CHECK_EQ_INT(parse(p, len, &info), -EINVAL);
	CHECK_EQ_INT(printk_capture_lines(), 1);
	munmap(p, len);
}

/* ---- the EFI memory map tag (GRUB under UEFI) ---- */

/*
 * A list with a memory map, an EFI memory map tag of n descriptors desc_size
 * apart (version vers; body_extra bytes of slack after them) and an ACPI tag
 * after it.  Descriptor i covers 4 pages at i * 16 KiB, unless md says otherwise.
 */
static u8 *build_efi(struct mb_builder *b, u32 desc_size, u32 vers, unsigned int n,
		     size_t body_extra, const efi_memory_desc_t *md)
{
	u8 body[8 + 4 * 64 + 64] = { 0 };
	u32 head[2] = { desc_size, vers };

	memcpy(body, head, sizeof(head));
	memset(body + 8, 0xab, (size_t)n * desc_size + body_extra);
	for (unsigned int i = 0; i < n; i++) {
		efi_memory_desc_t d = { .type = EFI_CONVENTIONAL_MEMORY,
			.phys_addr = i * 0x4000ULL, .num_pages = 4, .attribute = 0xf };

		memcpy(body + 8 + (size_t)i * desc_size, md ? &md[i] : &d, sizeof(d));
	}
	mb_init(b);
	mb_mmap(b, 24, qemu_map, QEMU_MAP_N);
	mb_tag(b, MB2_TAG_EFI_MMAP, body, 8 + (size_t)n * desc_size + body_extra);
	mb_acpi(b, MB2_TAG_ACPI_NEW, 36);
	mb_end(b);
	return mb_finish(b);
}

TEST(mb2_efi_memory_map_descriptors_are_read_back)
{
	struct mb_builder b;
	struct mb2_info info;
	u8 *p = build_efi(&b, 48, 1, 3, 0, NULL);

	CHECK_EQ_INT(parse(p, b.len, &info), 0);
	CHECK_EQ_INT(printk_capture_lines(), 0);
	CHECK_EQ_INT(info.efi_desc_size, 48);
	CHECK_EQ_INT(info.efi_desc_count, 3);
	CHECK(info.efi_mmap == p + 8 + 8 + 8 + 24 * QEMU_MAP_N + 8 + 8);
	CHECK_EQ_U64(mb2_efi_mmap_desc(&info, 2)->phys_addr, 0x8000);
	CHECK_EQ_U64(mb2_efi_mmap_desc(&info, 2)->num_pages, 4);
	CHECK_EQ_INT(mb2_efi_mmap_desc(&info, 1)->type, EFI_CONVENTIONAL_MEMORY);
	CHECK_EQ_INT(info.mmap_count, QEMU_MAP_N);
	CHECK_EQ_INT(info.acpi_version, 2);
	CHECK_STR(mb2_tag_name(MB2_TAG_EFI_MMAP), "EFI memory map");
	free(p);
}

/* A malformed EFI map: one line; the memory map before it stays, the EFI map is not used. */
static void expect_bad_efi(const char *file, int line, u8 *p, size_t len, const char *what)
{
	struct mb2_info info;

	expect_invalid(file, line, p, len, &info, what);
	host_check(!info.efi_mmap && !info.efi_desc_count, "EFI map ignored", file, line);
	host_check_int(info.mmap_count, QEMU_MAP_N, "mmap_count", "QEMU_MAP_N", file, line);
	free(p);
}

#define EXPECT_BAD_EFI(build, what) do { \
	u8 *p_ = (build); \
	expect_bad_efi(__FILE__, __LINE__, p_, b.len, what); \
} while (0)

TEST(mb2_rejects_malformed_efi_memory_maps)
{
	struct mb_builder b;

	EXPECT_BAD_EFI(build_efi(&b, 32, 1, 2, 0, NULL), "descriptor size 32, version 1 is malformed");
	EXPECT_BAD_EFI(build_efi(&b, 44, 1, 2, 0, NULL), "descriptor size 44, version 1 is malformed");
	EXPECT_BAD_EFI(build_efi(&b, 0, 1, 0, 8, NULL), "descriptor size 0, version 1 is malformed");
	EXPECT_BAD_EFI(build_efi(&b, 48, 2, 2, 0, NULL), "descriptor size 48, version 2 is malformed");
	EXPECT_BAD_EFI(build_efi(&b, 48, 1, 2, 8, NULL),
		       "EFI memory map of 104 bytes with descriptor size 48");
}

TEST(mb2_rejects_efi_memory_map_tag_shorter_than_its_header)
{
	struct mb_builder b;
	struct mb2_info info;
	u32 body = 48;
	u8 *p;

	mb_init(&b);
	mb_mmap(&b, 24, qemu_map, QEMU_MAP_N);
	mb_tag(&b, MB2_TAG_EFI_MMAP, &body, sizeof(body));
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "EFI memory map tag has size 12");
	CHECK(!info.efi_mmap && info.mmap_count == QEMU_MAP_N);
	free(p);
}

TEST(mb2_rejects_efi_descriptors_that_are_not_whole_pages)
{
	struct mb_builder b;
	efi_memory_desc_t md[2] = {
		{ .type = EFI_CONVENTIONAL_MEMORY, .phys_addr = 0, .num_pages = 1 },
	};

	md[1] = (efi_memory_desc_t){ .type = 7, .phys_addr = 0x1800, .num_pages = 1 };
	EXPECT_BAD_EFI(build_efi(&b, 40, 1, 2, 0, md),
		       "descriptor 1 ([mem 0x1800], 1 pages) is not whole pages below 2^64");
	md[1] = (efi_memory_desc_t){ .type = 7, .phys_addr = 0x2000, .num_pages = 0 };
	EXPECT_BAD_EFI(build_efi(&b, 40, 1, 2, 0, md), "descriptor 1 ([mem 0x2000], 0 pages)");
	/* reaching 2^64 exactly, or past it (num_pages << 12 would also overflow) */
	md[1] = (efi_memory_desc_t){ .type = 7, .phys_addr = 0xfffffffffffff000ULL, .num_pages = 1 };
	EXPECT_BAD_EFI(build_efi(&b, 40, 1, 2, 0, md), "descriptor 1 ([mem 0xfffffffffffff000], 1 pages)");
	md[1] = (efi_memory_desc_t){ .type = 7, .phys_addr = 0x1000, .num_pages = 1ULL << 60 };
	EXPECT_BAD_EFI(build_efi(&b, 40, 1, 2, 0, md), "is not whole pages below 2^64");
}

TEST(mb2_accepts_an_efi_descriptor_in_the_last_page_below_2_64)
{
	struct mb_builder b;
	struct mb2_info info;
	efi_memory_desc_t md[2] = {
		{ .type = EFI_CONVENTIONAL_MEMORY, .phys_addr = 0, .num_pages = 1 },
		{ .type = EFI_MEMORY_MAPPED_IO, .phys_addr = 0xffffffffffffe000ULL, .num_pages = 1 },
	};
	u8 *p = build_efi(&b, 40, 1, 2, 0, md);

	CHECK_EQ_INT(parse(p, b.len, &info), 0);
	CHECK_EQ_INT(info.efi_desc_count, 2);
	free(p);
}

TEST(mb2_efi64_system_table_is_read_and_a_short_one_refused)
{
	struct mb_builder b;
	struct mb2_info info;
	u64 systab = 0x7fbee018ULL;
	u8 *p;

	mb_init(&b);
	mb_tag(&b, MB2_TAG_EFI64, &systab, sizeof(systab));
	mb_end(&b);
	p = mb_finish(&b);
	CHECK_EQ_INT(parse(p, b.len, &info), 0);
	CHECK_EQ_U64(info.efi_systab, 0x7fbee018ULL);
	free(p);
	mb_init(&b);
	mb_tag(&b, MB2_TAG_EFI64, &systab, 4);
	mb_end(&b);
	p = mb_finish(&b);
	EXPECT_INVALID(p, b.len, &info, "EFI 64-bit system table tag has size 12, less than the 16 it needs");
	CHECK_EQ_U64(info.efi_systab, 0);
	free(p);
}

/*
 * Random mutations of a list with an EFI memory map (the general run is in
 * test_multiboot2_fuzz.c): 0 and no line, or -EINVAL and one line; whatever
 * is accepted lies inside the list, is whole descriptors, and converts to an
 * e820 table without a sanitizer report.
 */
TEST(mb2_efi_memory_map_mutations_are_parsed_safely)
{
	struct mb_builder b;
	u8 *base = build_efi(&b, 48, 1, 4, 0, NULL);
	size_t len = b.len;

	for (unsigned int iter = 0; iter < 20000; iter++) {
		u8 *p = malloc(len);
		struct mb2_info info;
		int rc, lines;

		memcpy(p, base, len);
		for (int n = 1 + host_rand_below(4); n--; ) {
			size_t at = host_rand_below(len / 4) * 4;
			u32 v = host_rand_below(2) ? (u32)host_rand() : (u32)host_rand_below(len + 64);

			memcpy(p + at, &v, 4);
		}
		rc = parse(p, len, &info);
		lines = printk_capture_lines();
		if (!CHECK_MSG((rc == 0 && lines == 0) || (rc == -EINVAL && lines == 1),
			       "iter %u: %d after %d lines:\n%s", iter, rc, lines, printk_capture())) {
			free(p);
			break;
		}
		if (rc == 0 && info.efi_mmap) {
			static struct e820_table t;

			CHECK(info.efi_desc_size >= sizeof(efi_memory_desc_t));
			CHECK(info.efi_mmap + (size_t)info.efi_desc_count * info.efi_desc_size <=
			      p + info.total_size);
			setup_e820(&t, info.efi_mmap, info.efi_desc_size, info.efi_desc_count);
			e820__update_table(&t);
		}
		free(p);
	}
	free(base);
}
