/*
 * multiboot2 suite: the boot information GRUB really gave us, then hand-built
 * tag lists, valid and malformed.  Each malformed list must be refused with a
 * message naming the problem, keeping the tags that came before it.
 */
#include <errno.h>
#include <kernel/init.h>
#include <kernel/kunit.h>
#include <kernel/multiboot2.h>
#include <kernel/printk.h>
#include <kernel/string.h>

/* A builder for tag lists in an 8-aligned buffer. */
static u8 mbi[512] __aligned(8);
static u32 mbi_len;
static u32 mmap_off;                    /* where build_valid() put the memory map */

static void mbi_begin(void)
{
	memset(mbi, 0, sizeof(mbi));
	mbi_len = 8;
}

static void *mbi_tag(u32 type, u32 size)
{
	struct mb2_tag *t = (struct mb2_tag *)(mbi + mbi_len);

	t->type = type;
	t->size = size;
	mbi_len += (size + 7) & ~7U;
	return t + 1;
}

static void mbi_string(u32 type, const char *s)
{
	memcpy(mbi_tag(type, 8 + strlen(s) + 1), s, strlen(s) + 1);
}

static void mbi_end(void)
{
	mbi_tag(MB2_TAG_END, 8);
	*(u32 *)mbi = mbi_len;
}

/* cmdline, boot loader name, a 3-entry memory map, an old RSDP, end. */
static void build_valid(void)
{
	u32 *m;
	struct mb2_mmap_entry *e;

	mbi_begin();
	mbi_string(MB2_TAG_CMDLINE, "selftest run=e820");
	mbi_string(MB2_TAG_BOOTLOADER, "test loader");
	mmap_off = mbi_len;
	m = mbi_tag(MB2_TAG_MMAP, 16 + 3 * 24);
	m[0] = 24;
	e = (struct mb2_mmap_entry *)(m + 2);
	e[0] = (struct mb2_mmap_entry){ 0, 0x9fc00, 1, 0 };
	e[1] = (struct mb2_mmap_entry){ 0x9fc00, 0x400, 2, 0 };
	e[2] = (struct mb2_mmap_entry){ 0x100000, 0x1fee0000, 1, 0 };
	memcpy(mbi_tag(MB2_TAG_ACPI_OLD, 8 + 20), "RSD PTR ", 8);
	mbi_tag(99, 12);                /* unknown types are skipped */
	mbi_end();
}

static void mb2_boot_info_from_grub_is_complete(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, boot_info.cmdline);   /* "" when the line is empty */
	KUNIT_ASSERT_NOT_NULL(test, boot_info.bootloader);
	KUNIT_EXPECT_EQ(test, strncmp(boot_info.bootloader, "GRUB", 4), 0);
	KUNIT_EXPECT_GE(test, boot_info.mmap_count, 3);
	KUNIT_EXPECT_EQ(test, boot_info.mmap_entry_size, 24);
	KUNIT_ASSERT_NE(test, boot_info.acpi_version, 0);
	KUNIT_EXPECT_EQ(test, memcmp(boot_info.rsdp, "RSD PTR ", 8), 0);
	KUNIT_EXPECT_GT(test, boot_info.elf_num, 5);
	KUNIT_EXPECT_EQ(test, boot_info.elf_entsize, 64);   /* Elf64_Shdr */
}

/*
 * GRUB under UEFI (it passes the EFI system table) also passes the firmware's
 * memory map, which the e820 table is built from; under a BIOS it has none.
 */
static void mb2_uefi_boot_has_an_efi_memory_map(struct kunit *test)
{
	if (!boot_info.efi_systab) {
		KUNIT_EXPECT_NULL(test, boot_info.efi_mmap);
		kunit_skip(test, "a BIOS boot: no EFI system table, no EFI memory map");
	}
	KUNIT_ASSERT_NOT_NULL(test, boot_info.efi_mmap);
	KUNIT_EXPECT_GE(test, boot_info.efi_desc_size, sizeof(efi_memory_desc_t));
	KUNIT_EXPECT_EQ(test, boot_info.efi_desc_size % 8, 0);
	/* OVMF lists every allocation: many more descriptors than GRUB's e820-style map */
	KUNIT_EXPECT_GT(test, boot_info.efi_desc_count, boot_info.mmap_count);
	for (u32 i = 0; i < boot_info.efi_desc_count; i++) {
		const efi_memory_desc_t *d = mb2_efi_mmap_desc(&boot_info, i);

		KUNIT_EXPECT_EQ(test, d->phys_addr & 0xfff, 0);
		KUNIT_EXPECT_GT(test, d->num_pages, 0);
	}
}

static void mb2_parses_valid_list(struct kunit *test)
{
	struct mb2_info info;

	build_valid();
	KUNIT_ASSERT_EQ(test, mb2_parse(mbi, sizeof(mbi), &info), 0);
	KUNIT_EXPECT_EQ(test, info.total_size, mbi_len);
	KUNIT_EXPECT_EQ(test, info.ntags, 6);
	KUNIT_EXPECT_STREQ(test, info.cmdline, "selftest run=e820");
	KUNIT_EXPECT_STREQ(test, info.bootloader, "test loader");
	KUNIT_ASSERT_EQ(test, info.mmap_count, 3);
	KUNIT_EXPECT_EQ(test, mb2_mmap_entry(&info, 2)->addr, 0x100000);
	KUNIT_EXPECT_EQ(test, mb2_mmap_entry(&info, 2)->len, 0x1fee0000);
	KUNIT_EXPECT_EQ(test, mb2_mmap_entry(&info, 1)->type, 2);
	KUNIT_EXPECT_EQ(test, info.acpi_version, 1);
	KUNIT_EXPECT_EQ(test, info.rsdp_size, 20);
}

/* Parse and expect -EINVAL with a message containing `msg`. */
static void expect_refused(struct kunit *test, size_t limit, const char *msg)
{
	struct mb2_info info;
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_EQ(test, mb2_parse(mbi, limit, &info), -EINVAL);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, msg));
}

static void mb2_rejects_tag_past_the_end(struct kunit *test)
{
	struct mb2_info info;

	build_valid();
	((struct mb2_tag *)(mbi + mmap_off))->size = 4000;
	expect_refused(test, sizeof(mbi), "outside the");
	mb2_parse(mbi, sizeof(mbi), &info);
	KUNIT_EXPECT_STREQ(test, info.cmdline, "selftest run=e820");  /* kept */
	KUNIT_EXPECT_EQ(test, info.mmap_count, 0);
}

static void mb2_rejects_bad_totals(struct kunit *test)
{
	build_valid();
	expect_refused(test, 16, "larger than the 16 bytes");
	*(u32 *)mbi = 8;
	expect_refused(test, sizeof(mbi), "too small");
	build_valid();
	((struct mb2_tag *)(mbi + 8))->size = 3;
	expect_refused(test, sizeof(mbi), "has size 3");
	KUNIT_EXPECT_EQ(test, mb2_parse(mbi + 4, sizeof(mbi), &(struct mb2_info){}), -EINVAL);
	KUNIT_EXPECT_EQ(test, mb2_parse(NULL, sizeof(mbi), &(struct mb2_info){}), -EINVAL);
}

static void mb2_rejects_missing_end_tag(struct kunit *test)
{
	build_valid();
	*(u32 *)mbi = mbi_len - 8;      /* cut the end tag off */
	expect_refused(test, sizeof(mbi), "no end tag");
}

static void mb2_rejects_malformed_memory_map(struct kunit *test)
{
	u32 *m;

	mbi_begin();
	m = mbi_tag(MB2_TAG_MMAP, 16 + 48);
	m[0] = 20;                      /* smaller than an entry */
	mbi_end();
	expect_refused(test, sizeof(mbi), "entry size 20 is invalid");
	m[0] = 32;                      /* 48 bytes is not whole 32-byte entries */
	expect_refused(test, sizeof(mbi), "not a whole number");
}

/* A bad EFI memory map is refused; the memory map before it stays, for e820 to use. */
static void mb2_rejects_malformed_efi_memory_map(struct kunit *test)
{
	struct mb2_info info;
	u32 *m;

	build_valid();
	mbi_len -= 8;                   /* drop the end tag: append after it */
	m = mbi_tag(MB2_TAG_EFI_MMAP, 16 + 48);
	m[0] = 48;
	m[1] = 2;                       /* descriptor version 2 does not exist */
	mbi_end();
	expect_refused(test, sizeof(mbi), "EFI memory map of 48 bytes with descriptor size 48, version 2 is malformed");
	mb2_parse(mbi, sizeof(mbi), &info);
	KUNIT_EXPECT_NULL(test, info.efi_mmap);
	KUNIT_EXPECT_EQ(test, info.mmap_count, 3);
	m[1] = 1;                       /* a descriptor of 0 pages */
	expect_refused(test, sizeof(mbi), "EFI memory map descriptor 0 ([mem 0x0], 0 pages)");
	m[2 + 6] = 1;                   /* num_pages (u64 at byte 24 of the descriptor) */
	KUNIT_EXPECT_EQ(test, mb2_parse(mbi, sizeof(mbi), &info), 0);
	KUNIT_EXPECT_EQ(test, info.efi_desc_count, 1);
}

static void mb2_rejects_unterminated_string(struct kunit *test)
{
	char *s;

	mbi_begin();
	s = mbi_tag(MB2_TAG_CMDLINE, 8 + 8);
	memcpy(s, "selftest", 8);       /* no NUL within the tag */
	mbi_end();
	expect_refused(test, sizeof(mbi), "command line tag is not NUL-terminated");
}

static void mb2_rejects_short_acpi_tag(struct kunit *test)
{
	mbi_begin();
	mbi_tag(MB2_TAG_ACPI_NEW, 8 + 20);      /* a v2 RSDP needs 36 bytes */
	mbi_end();
	expect_refused(test, sizeof(mbi), "ACPI new RSDP tag has size 28");
}

static struct kunit_case mb2_cases[] = {
	KUNIT_CASE(mb2_boot_info_from_grub_is_complete),
	KUNIT_CASE(mb2_uefi_boot_has_an_efi_memory_map),
	KUNIT_CASE(mb2_parses_valid_list),
	KUNIT_CASE(mb2_rejects_tag_past_the_end),
	KUNIT_CASE(mb2_rejects_bad_totals),
	KUNIT_CASE(mb2_rejects_missing_end_tag),
	KUNIT_CASE(mb2_rejects_malformed_memory_map),
	KUNIT_CASE(mb2_rejects_malformed_efi_memory_map),
	KUNIT_CASE(mb2_rejects_unterminated_string),
	KUNIT_CASE(mb2_rejects_short_acpi_tag),
	{}
};

static struct kunit_suite mb2_suite = {
	.name = "multiboot2",
	.test_cases = mb2_cases,
};
kunit_test_suite(mb2_suite);
