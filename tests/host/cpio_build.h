/*
 * Building newc cpio archives in memory for the cpio host tests and the
 * fuzzer's seeds (the format: include/fs/initramfs.h).
 */
#ifndef ATLAS_TESTS_HOST_CPIO_BUILD_H
#define ATLAS_TESTS_HOST_CPIO_BUILD_H

#include <stdio.h>
#include <string.h>

#include <kernel/types.h>

struct cpio_builder {
	char buf[8192];
	size_t len;
};

/* Append one member; data may hold NULs (dlen bytes). */
static inline void cpio_add(struct cpio_builder *b, const char *name, u32 mode,
			    const void *data, size_t dlen)
{
	size_t nlen = strlen(name) + 1;
	char head[111];

	snprintf(head, sizeof(head), "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		 7, mode, 0, 0, 1, 1234, dlen, 0, 0, 1, 3, nlen, 0);
	memcpy(b->buf + b->len, head, 110);
	b->len += 110;
	memcpy(b->buf + b->len, name, nlen);
	b->len += nlen;
	while (b->len % 4)
		b->buf[b->len++] = 0;
	memcpy(b->buf + b->len, data, dlen);
	b->len += dlen;
	while (b->len % 4)
		b->buf[b->len++] = 0;
}

static inline void cpio_trailer(struct cpio_builder *b)
{
	cpio_add(b, "TRAILER!!!", 0, "", 0);
}

/* A small archive with a directory, a file, a symlink and a device node. */
static inline void cpio_build_sample(struct cpio_builder *b)
{
	b->len = 0;
	cpio_add(b, "bin", 0040755, "", 0);
	cpio_add(b, "bin/busybox", 0100755, "\177ELF data", 9);
	cpio_add(b, "bin/sh", 0120777, "/bin/busybox", 12);
	cpio_add(b, "dev/null", 0020666, "", 0);
	cpio_trailer(b);
}

#endif
