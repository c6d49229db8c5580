/*
 * A seeded random robustness run of kernel/multiboot2.c: a valid boot
 * information list (mb2_build.h) is mutated 100,000 times (random bytes,
 * size fields set to edge values, the buffer cut short) and parsed from a
 * malloc'd buffer of exactly its size.  AddressSanitizer and UBSan must stay
 * quiet; the result must be 0 with nothing printed, or -EINVAL with exactly
 * one line; and everything a successful parse points at must lie inside the
 * list (each byte of it is read to make sure).  tests/fuzz/multiboot2.c is
 * the coverage-guided (libFuzzer) harness with the same checks; this seeded
 * run needs no clang and explores around one known-good list.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/multiboot2.h>

#include "hosttest.h"
#include "mb2_build.h"

/* Every pointer of a successful parse must lie inside the list; read them all. */
static void check_info_inside(const u8 *p, const struct mb2_info *info, unsigned int iter)
{
	const u8 *end = p + info->total_size;
	volatile unsigned long sum = 0;

	if (info->cmdline)
		CHECK_MSG((const u8 *)info->cmdline + strlen(info->cmdline) < end, "iter %u", iter);
	if (info->bootloader)
		CHECK_MSG((const u8 *)info->bootloader + strlen(info->bootloader) < end,
			  "iter %u", iter);
	if (info->mmap) {
		CHECK_MSG(info->mmap + (size_t)info->mmap_count * info->mmap_entry_size <= end,
			  "iter %u: mmap past the end", iter);
		for (unsigned int i = 0; i < info->mmap_count; i++)
			sum += mb2_mmap_entry(info, i)->addr + mb2_mmap_entry(info, i)->type;
	}
	if (info->rsdp) {
		CHECK_MSG((const u8 *)info->rsdp + info->rsdp_size <= end, "iter %u: rsdp", iter);
		for (u32 i = 0; i < info->rsdp_size; i++)
			sum += ((const u8 *)info->rsdp)[i];
	}
	if (info->elf_sections) {
		u64 n = (u64)info->elf_num * info->elf_entsize;

		CHECK_MSG((const u8 *)info->elf_sections + n <= end, "iter %u: elf", iter);
		for (u64 i = 0; i < n; i++)
			sum += ((const u8 *)info->elf_sections)[i];
	}
	(void)sum;
}

static const u32 interesting_u32[] = {
	0, 1, 4, 7, 8, 9, 12, 15, 16, 17, 19, 20, 23, 24, 25, 27, 28, 32, 36, 43, 44,
	0xff, 0x100, 0x7fffffff, 0x80000000, 0xfffffff0, 0xfffffff8, 0xfffffff9, 0xffffffff,
};

/* Change one to four things in buf (len bytes): a byte, or a whole aligned u32. */
static void mutate(u8 *buf, size_t len)
{
	int n = 1 + host_rand_below(4);

	while (n--) {
		if (host_rand_below(2)) {
			buf[host_rand_below(len)] = (u8)host_rand();
		} else {
			u32 v = interesting_u32[host_rand_below(sizeof(interesting_u32) / 4)];
			size_t at = host_rand_below(len / 4) * 4;

			if (host_rand_below(4) == 0)
				v = (u32)host_rand_below(len + 16);
			memcpy(buf + at, &v, 4);
		}
	}
}

TEST(mb2_random_mutations_are_parsed_safely)
{
	struct mb_builder b;
	u8 base[4096];
	size_t len;

	build_full(&b);
	len = b.len;
	memcpy(b.buf, &(u32){ (u32)len }, 4);
	memcpy(base, b.buf, len);
	for (unsigned int iter = 0; iter < 100000; iter++) {
		size_t alloc = host_rand_below(8) ? len : host_rand_below(len + 1);
		struct mb2_info info;
		u8 *p = malloc(alloc ? alloc : 1);
		int rc, lines;
		bool ok;

		memcpy(b.buf, base, len);
		mutate(b.buf, len);
		memcpy(p, b.buf, alloc);
		rc = parse(p, alloc, &info);
		lines = printk_capture_lines();
		ok = CHECK_MSG((rc == 0 && lines == 0) || (rc == -EINVAL && lines == 1),
			       "iter %u: returned %d after %d lines:\n%s", iter, rc, lines,
			       printk_capture());
		if (ok && rc == 0)
			check_info_inside(p, &info, iter);
		free(p);
		if (!ok)
			break;
	}
}
