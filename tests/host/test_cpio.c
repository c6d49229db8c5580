/*
 * Host tests of fs/initramfs.c's cpio_unpack: archives built in memory
 * (cpio_build.h) and copied into malloc'd buffers of exactly their size, so
 * AddressSanitizer sees any read past the end.  A good archive hands every
 * member to the actor with its fields; a bad one stops at the bad member,
 * says why in Linux's words, and the members before it were handed over.
 */
#include <stdlib.h>
#include <string.h>

#include <fs/initramfs.h>

#include "cpio_build.h"
#include "hosttest.h"

struct seen {
	unsigned int n;
	char names[8][32];
	struct cpio_entry e[8];
};

static int record(void *ctx, const struct cpio_entry *e)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		snprintf(s->names[s->n], 32, "%s", e->name);
		s->e[s->n] = *e;
	}
	s->n++;
	return 0;
}

/* cpio_unpack on an exact-size copy of b's first len bytes. */
static const char *unpack(const struct cpio_builder *b, size_t len, struct seen *s,
			  unsigned int *count)
{
	char *p = malloc(len ? len : 1);
	const char *err;

	memcpy(p, b->buf, len);
	memset(s, 0, sizeof(*s));
	err = cpio_unpack(p, len, record, s, count);
	free(p);
	return err;
}

TEST(cpio_good_archive_gives_every_member)
{
	struct cpio_builder b;
	struct seen s;
	unsigned int n;

	cpio_build_sample(&b);
	CHECK(unpack(&b, b.len, &s, &n) == NULL);
	CHECK_EQ_INT(n, 4);
	CHECK_EQ_INT(s.n, 4);
	CHECK_STR(s.names[0], "bin");
	CHECK_EQ_INT(s.e[0].mode, 0040755);
	CHECK_STR(s.names[1], "bin/busybox");
	CHECK_EQ_INT(s.e[1].size, 9);
	CHECK_EQ_INT(s.e[1].mtime, 1234);
	CHECK_EQ_INT(s.e[1].ino, 7);
	CHECK_STR(s.names[2], "bin/sh");
	CHECK_EQ_INT(s.e[2].mode, 0120777);
	CHECK_EQ_INT(s.e[2].size, 12);
	CHECK_STR(s.names[3], "dev/null");
	CHECK_EQ_INT(s.e[3].rdev_major, 1);
	CHECK_EQ_INT(s.e[3].rdev_minor, 3);
}

/* Member data comes back byte for byte (not NUL-terminated, may hold NULs). */
TEST(cpio_data_points_into_the_archive)
{
	static const char data[5] = { 'a', 0, 'b', 0, 'c' };
	struct cpio_builder b = { .len = 0 };
	unsigned int n;
	struct seen s;

	cpio_add(&b, "f", 0100644, data, sizeof(data));
	cpio_trailer(&b);
	memset(&s, 0, sizeof(s));
	CHECK(cpio_unpack(b.buf, b.len, record, &s, &n) == NULL);
	CHECK_EQ_INT(n, 1);
	CHECK(s.e[0].data == (const u8 *)b.buf + 112);     /* 110 + "f\0", aligned to 4 */
	CHECK_MEM(s.e[0].data, data, sizeof(data));
}

/* Archives may follow each other, with zero padding between (as Linux). */
TEST(cpio_concatenated_archives_with_padding)
{
	struct cpio_builder b;
	struct seen s;
	unsigned int n;

	cpio_build_sample(&b);
	memset(b.buf + b.len, 0, 512);
	b.len += 512;
	cpio_add(&b, "extra", 0040700, "", 0);
	cpio_trailer(&b);
	memset(b.buf + b.len, 0, 16);
	b.len += 16;
	CHECK(unpack(&b, b.len, &s, &n) == NULL);
	CHECK_EQ_INT(n, 5);
	CHECK_STR(s.names[4], "extra");
}

TEST(cpio_empty_and_all_zero_buffers_are_fine)
{
	struct cpio_builder b = { .len = 64 };
	struct seen s;
	unsigned int n = 99;

	memset(b.buf, 0, 64);
	CHECK(unpack(&b, 0, &s, &n) == NULL);
	CHECK_EQ_INT(n, 0);
	CHECK(unpack(&b, 64, &s, &n) == NULL);
	CHECK_EQ_INT(n, 0);
}

/* Each way to be bad: its message, and the members before it handed over. */
TEST(cpio_bad_archives_stop_with_a_reason)
{
	struct cpio_builder b;
	struct seen s;
	unsigned int n;
	size_t second;

	cpio_build_sample(&b);
	second = 112 + 4;               /* after the "bin" member: 110 + "bin\0", aligned */

	CHECK_STR(unpack(&b, b.len - 120, &s, &n), "truncated cpio header");    /* the trailer's */
	CHECK_EQ_INT(n, 4);
	CHECK_STR(unpack(&b, second + 115, &s, &n), "cpio member name runs past the end");
	CHECK_EQ_INT(n, 1);
	CHECK_STR(unpack(&b, second + 124, &s, &n), "cpio member data runs past the end");
	CHECK_EQ_INT(n, 1);
	CHECK_STR(unpack(&b, second, &s, &n), "cpio archive has no trailer");
	CHECK_EQ_INT(n, 1);

	b.buf[second + 5] = '9';        /* magic 070709 */
	CHECK_STR(unpack(&b, b.len, &s, &n), "no cpio magic");
	CHECK_EQ_INT(n, 1);
	b.buf[second + 5] = '1';
	b.buf[second + 6 + 8] = 'g';    /* mode: not hex */
	CHECK_STR(unpack(&b, b.len, &s, &n), "cpio header field is not hexadecimal");
	b.buf[second + 6 + 8] = '0';
	b.buf[second + 110 + 3] = 'X';  /* "binX/busybox": the NUL moved */
	b.buf[second + 110 + 11] = 'Y'; /* and no NUL at namesize - 1 */
	CHECK_STR(unpack(&b, b.len, &s, &n), "cpio member name is not NUL-terminated");
	CHECK_EQ_INT(n, 1);
}

TEST(cpio_zero_namesize_and_junk_padding_are_refused)
{
	struct cpio_builder b;
	struct seen s;
	unsigned int n;

	cpio_build_sample(&b);
	memcpy(b.buf + 6 + 11 * 8, "00000000", 8);     /* namesize 0 */
	CHECK_STR(unpack(&b, b.len, &s, &n), "cpio member name runs past the end");
	CHECK_EQ_INT(n, 0);
	cpio_build_sample(&b);
	memmove(b.buf + 2, b.buf, b.len);
	b.buf[0] = b.buf[1] = 0;        /* two zeros, then a header off the 4-byte grid */
	CHECK_STR(unpack(&b, b.len + 2, &s, &n), "junk within cpio padding");
}

/* Random corruption: never a read outside the buffer, always NULL or a reason. */
TEST(cpio_mutations_are_parsed_safely)
{
	struct cpio_builder base;

	cpio_build_sample(&base);
	for (unsigned int iter = 0; iter < 20000; iter++) {
		struct cpio_builder b = base;
		size_t len = host_rand_below(b.len + 1);
		struct seen s;
		unsigned int n;
		const char *err;

		for (int k = 1 + host_rand_below(4); k--; )
			b.buf[host_rand_below(b.len)] = (char)(host_rand_below(2) ? '0' + host_rand_below(10)
										  : host_rand());
		err = unpack(&b, len, &s, &n);
		if (!CHECK_MSG(err || n <= 4, "iter %u: %u members", iter, n))
			break;
	}
}
