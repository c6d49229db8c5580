/*
 * Fuzzing fs/initramfs.c: the input is an initramfs as GRUB would load it,
 * in a malloc'd buffer of exactly its size.  cpio_unpack must return NULL
 * or a reason; every member it hands over must have its name and data inside
 * the buffer (both are read, so ASan would see otherwise), its name
 * NUL-terminated, and the count it reports must be the members handed over.
 */
#include <fs/initramfs.h>

#include "fuzz.h"

struct bounds {
	const uint8_t *start, *end;
	unsigned int members;
};

static int check_member(void *ctx, const struct cpio_entry *e)
{
	struct bounds *b = ctx;
	volatile unsigned long sum = 0;
	size_t nlen = strlen(e->name);

	FUZZ_ASSERT((const uint8_t *)e->name >= b->start &&
		    (const uint8_t *)e->name + nlen < b->end, "name outside the archive");
	FUZZ_ASSERT(e->data >= b->start && e->data + e->size <= b->end,
		    "data of %u bytes outside the archive", e->size);
	for (u32 i = 0; i < e->size; i++)
		sum += e->data[i];
	(void)sum;
	b->members++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t empty[1];
	uint8_t *p = fuzz_dup(data, size);
	const uint8_t *in = p ? p : empty;
	struct bounds b = { in, in + size, 0 };
	unsigned int count;
	const char *err;

	err = cpio_unpack(in, size, check_member, &b, &count);
	FUZZ_ASSERT(count == b.members, "reported %u members, handed over %u", count, b.members);
	FUZZ_ASSERT(!err || strlen(err) > 0, "empty reason");
	free(p);
	return 0;
}
