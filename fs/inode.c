/*
 * Inodes (Linux's fs/inode.c, reduced): an inode is one file, directory,
 * symlink or device node of a filesystem, counted by i_count.  Dentries and
 * open files hold references; the last iput() lets the filesystem free what
 * the inode owns (super_operations.evict_inode: ramfs's pages) and frees it.
 */
#include <fs/fs.h>
#include <kernel/string.h>
#include <kernel/timekeeping.h>
#include <mm/slab.h>

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_ino = __atomic_add_fetch(&sb->s_next_ino, 1, __ATOMIC_RELAXED);
	inode->i_count = 1;
	inode->i_nlink = 1;
	inode->i_mtime = ktime_get_real_seconds();
	spin_lock_init(&inode->i_lock);
	return inode;
}

struct inode *igrab(struct inode *inode)
{
	__atomic_add_fetch(&inode->i_count, 1, __ATOMIC_RELAXED);
	return inode;
}

void iput(struct inode *inode)
{
	if (!inode || __atomic_sub_fetch(&inode->i_count, 1, __ATOMIC_ACQ_REL))
		return;
	if (inode->i_sb && inode->i_sb->s_op && inode->i_sb->s_op->evict_inode)
		inode->i_sb->s_op->evict_inode(inode);
	kfree(inode);
}
