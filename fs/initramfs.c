/*
 * The cpio "newc" parser behind the initramfs (include/fs/initramfs.h has the
 * format).  Linux's init/initramfs.c is a state machine fed by a decompressor;
 * an uncompressed archive in memory needs only a loop: check a header, hand
 * the member to the actor, step over name, data and their padding.  Nothing
 * in the archive is trusted: every field is checked to be hex, and every size
 * against what is left of the buffer, before anything is read.  Pure code,
 * also compiled for the host tests and the fuzzer.
 */
#include <errno.h>
#include <fs/initramfs.h>
#include <kernel/kernel.h>
#include <kernel/string.h>

#define CPIO_FIELDS    13               /* ino ... check, 8 hex digits each */
#define CPIO_MAGIC_LEN 6
#define CPIO_ALIGN     4                /* name and data each end on a 4-byte boundary */

/* Eight hexadecimal digits (either case); false on anything else. */
static bool parse_hex8(const char *s, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		char c = s[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

/* The header at p (CPIO_HEADER_SIZE bytes are there) into e; namesize into *namesize. */
static const char *parse_header(const char *p, struct cpio_entry *e, u32 *namesize)
{
	u32 f[CPIO_FIELDS];

	if (memcmp(p, "070701", CPIO_MAGIC_LEN) && memcmp(p, "070702", CPIO_MAGIC_LEN))
		return "no cpio magic";
	for (int i = 0; i < CPIO_FIELDS; i++)
		if (!parse_hex8(p + CPIO_MAGIC_LEN + 8 * i, &f[i]))
			return "cpio header field is not hexadecimal";
	*e = (struct cpio_entry){
		.ino = f[0], .mode = f[1], .uid = f[2], .gid = f[3], .nlink = f[4],
		.mtime = f[5], .size = f[6], .dev_major = f[7], .dev_minor = f[8],
		.rdev_major = f[9], .rdev_minor = f[10],
	};
	*namesize = f[11];
	return NULL;
}

/*
 * The member at off: its name and data checked to lie inside len and the
 * name to end with its NUL; *next is where the next member starts.
 */
static const char *parse_member(const u8 *buf, size_t len, size_t off,
				struct cpio_entry *e, size_t *next)
{
	const char *err;
	size_t name_end, data_off;
	u32 namesize;

	if (len - off < CPIO_HEADER_SIZE)
		return "truncated cpio header";
	err = parse_header((const char *)buf + off, e, &namesize);
	if (err)
		return err;
	if (namesize == 0 || namesize > len - off - CPIO_HEADER_SIZE)
		return "cpio member name runs past the end";
	name_end = off + CPIO_HEADER_SIZE + namesize;
	e->name = (const char *)buf + off + CPIO_HEADER_SIZE;
	if (e->name[namesize - 1] != '\0' || strnlen(e->name, namesize) != namesize - 1)
		return "cpio member name is not NUL-terminated";
	data_off = ALIGN(name_end, CPIO_ALIGN);
	if (data_off > len || e->size > len - data_off)
		return "cpio member data runs past the end";
	e->data = buf + data_off;
	*next = ALIGN(data_off + e->size, CPIO_ALIGN);
	return NULL;
}

/* Zero padding between archives, in 4-byte units (Linux's do_skip of zeros). */
static size_t skip_zeros(const u8 *buf, size_t len, size_t off)
{
	while (off < len && buf[off] == 0)
		off++;
	return off;
}

const char *cpio_unpack(const void *buf, size_t len, cpio_actor_t actor, void *ctx,
			unsigned int *count)
{
	const u8 *p = buf;
	size_t off = 0;
	unsigned int n = 0;
	bool in_archive = false;
	const char *err = NULL;

	while (off < len) {
		struct cpio_entry e;
		size_t next;

		if (!in_archive) {
			off = skip_zeros(p, len, off);
			if (off == len)
				break;
			if (off % CPIO_ALIGN) {
				err = "junk within cpio padding";
				break;
			}
		}
		err = parse_member(p, len, off, &e, &next);
		if (err)
			break;
		in_archive = strcmp(e.name, CPIO_TRAILER) != 0;
		if (in_archive) {
			actor(ctx, &e);
			n++;
		}
		off = next < len ? next : len;
	}
	if (!err && in_archive)
		err = "cpio archive has no trailer";
	if (count)
		*count = n;
	return err;
}
