/*
 * The initramfs: a cpio archive in the "newc" format (Linux's
 * Documentation/driver-api/early-userspace/buffer-format.rst) that GRUB loads
 * as a multiboot2 module and the kernel unpacks into the RAM filesystem at
 * boot (populate_rootfs, as Linux's init/initramfs.c).
 *
 * One archive member is a 110-byte ASCII header, "070701" (or "070702") and
 * thirteen 8-digit hexadecimal fields, then the NUL-terminated name, padding
 * to a multiple of 4, the data, padding to a multiple of 4.  The member named
 * "TRAILER!!!" ends an archive; another may follow, with zero bytes between
 * them (in units of 4, as Linux skips them).
 *
 * cpio_unpack() is the pure parser (the host tests and the fuzzer build it):
 * it checks each header before it hands the member to the actor, and stops at
 * the first malformed one, so everything before it has been unpacked.
 */
#ifndef ATLAS_FS_INITRAMFS_H
#define ATLAS_FS_INITRAMFS_H

#include <kernel/types.h>

#define CPIO_HEADER_SIZE 110
#define CPIO_TRAILER     "TRAILER!!!"

/* One member, as the header gives it; name and data point into the archive. */
struct cpio_entry {
	const char *name;               /* NUL-terminated, namesize - 1 characters */
	u32 ino, mode, uid, gid, nlink, mtime;
	u32 dev_major, dev_minor, rdev_major, rdev_minor;
	const u8 *data;                 /* filesize bytes: a file's data, a symlink's target */
	u32 size;
};

/*
 * Called once per member (not for the trailer).  A negative return is the
 * actor's own failure, which it has reported: the unpacking goes on.
 */
typedef int (*cpio_actor_t)(void *ctx, const struct cpio_entry *e);

/*
 * Unpack the len bytes at buf.  Returns NULL when the whole buffer was
 * archives (and zero padding), else what was wrong, in Linux's words where
 * Linux has them ("no cpio magic"): the caller prints
 * "Initramfs unpacking failed: <it>".  *count (may be NULL) is the number of
 * members handed to the actor.
 */
const char *cpio_unpack(const void *buf, size_t len, cpio_actor_t actor, void *ctx,
			unsigned int *count);

/*
 * Unpack the archive at buf into the file system, names relative to the cwd
 * (Linux's unpack_to_rootfs): NULL, or what was wrong (members before it
 * stay).  Modes are the archive's (no umask).
 */
const char *unpack_to_rootfs(const void *buf, size_t len, unsigned int *count);

/* Linux's populate_rootfs: unpack the boot module into /, free its memory. */
void populate_rootfs(void);

/* Members the boot's unpacking made, and its error (NULL: none). */
extern unsigned int initramfs_members;
extern const char *initramfs_error;

#endif
