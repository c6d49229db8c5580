/*
 * What the files of fs/sysfs/ share (Linux's fs/kernfs/kernfs-internal.h,
 * reduced).
 */
#ifndef ATLAS_FS_SYSFS_INTERNAL_H
#define ATLAS_FS_SYSFS_INTERNAL_H

#include <fs/fs.h>
#include <fs/sysfs.h>
#include <kernel/list.h>

#define SYSFS_DEV       MKDEV(0, 21)    /* st_dev of /sys's files (Linux's is 0:21 too) */

/*
 * One entry of /sys (Linux's kernfs_node): the i_private of its inode, freed
 * with the inode.  A file's show/store/read/write/mmap run with an "active"
 * reference; removal marks the entry removed (no new calls start) and waits
 * for the calls in progress, so that the object behind obj may be freed as
 * soon as sysfs_remove_* returns (Linux's kernfs_drain).
 */
struct sysfs_dirent {
	struct dentry *dentry;                  /* its name in the tree */
	const struct sysfs_attr *attr;          /* a text attribute, or NULL */
	const struct sysfs_bin_attr *bin;       /* a binary attribute, or NULL */
	void *obj;                              /* what show/store are given */
	int active;                             /* calls in progress (sysfs_active_lock) */
	bool removed;                           /* no more calls */
	struct list_head drain;                 /* on a remover's list, until drained */
};

extern struct super_block *sysfs_sb;

/* dir.c: the entry of an inode of /sys */
static inline struct sysfs_dirent *sysfs_inode_sd(struct inode *inode)
{
	return inode->i_private;
}

/* dir.c: an active reference on a file's entry (false once it is removed), and its end. */
bool sysfs_get_active(struct sysfs_dirent *sd);
void sysfs_put_active(struct sysfs_dirent *sd);

/* file.c: the file operations of text and binary attributes */
extern const struct file_operations sysfs_text_fops;
extern const struct file_operations sysfs_bin_fops;

#endif
