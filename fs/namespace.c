/*
 * The file system tree at boot (Linux's init_rootfs, devtmpfs_init and
 * proc_root_init, and mnt_init's mounting, reduced to one fixed tree):
 *
 *   /        a ramfs ("rootfs", st_dev 0:2 as Linux's initramfs root), which
 *            populate_rootfs fills from the initramfs
 *   /dev     a ramfs of its own ("devtmpfs", 0:5) with mem, null, port, zero,
 *            console and tty, Linux's majors, minors and modes
 *   /proc    procfs (fs/proc/)
 *
 * A mount is a dentry whose d_mounted is the mounted root; path lookup
 * crosses it (fs/namei.c).  There is no mount(2).
 */
#include <errno.h>
#include <fs/fs.h>
#include <fs/sysfs.h>
#include <kernel/panic.h>
#include <kernel/printk.h>

#include "internal.h"

#define ROOTFS_DEV   MKDEV(0, 2)
#define DEVTMPFS_DEV MKDEV(0, 5)

struct dentry *rootfs_root;

/* The nodes devtmpfs starts with (devnodes.txt: Linux's modes). */
static const struct {
	const char *name;
	umode_t mode;
	dev_t dev;
} dev_nodes[] = {
	{ "mem",     0600, MKDEV(MEM_MAJOR, 1) },
	{ "null",    0666, MKDEV(MEM_MAJOR, 3) },
	{ "port",    0600, MKDEV(MEM_MAJOR, 4) },
	{ "zero",    0666, MKDEV(MEM_MAJOR, 5) },
	{ "tty",     0666, MKDEV(TTYAUX_MAJOR, 0) },
	{ "console", 0600, MKDEV(TTYAUX_MAJOR, 1) },
};

int mount_at(const char *path, struct super_block *sb)
{
	struct dentry *dir;
	int err = init_mkdir(path, 0755);

	if (err && err != -EEXIST)
		return err;
	err = kern_path(path, LOOKUP_DIRECTORY, &dir);
	if (err)
		return err;
	d_mount(dir, sb->s_root);
	dput(dir);
	return 0;
}

void devtmpfs_init(void)
{
	struct super_block *sb = ramfs_new_sb("devtmpfs", DEVTMPFS_DEV);
	struct dentry *dev;

	if (!sb || mount_at("/dev", sb)) {
		pr_err("devtmpfs: cannot mount /dev\n");
		return;
	}
	dev = sb->s_root;
	for (unsigned int i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]); i++) {
		struct dentry *d = d_alloc(dev, dev_nodes[i].name);
		struct inode *inode = ramfs_get_inode(sb, S_IFCHR | dev_nodes[i].mode,
						      dev_nodes[i].dev);

		if (!d || !inode) {
			pr_err("devtmpfs: no memory for /dev/%s\n", dev_nodes[i].name);
			iput(inode);
			dput(d);
			continue;
		}
		d->d_inode = inode;
		if (d_add_unique(d))
			pr_err("devtmpfs: /dev/%s exists\n", dev_nodes[i].name);
		dput(d);
	}
	pr_info("devtmpfs: initialized\n");
}

void vfs_caches_init(void)
{
	struct super_block *sb = ramfs_new_sb("rootfs", ROOTFS_DEV);

	if (!sb)
		panic("vfs_caches_init: no memory for the root file system");
	rootfs_root = sb->s_root;
	set_fs_root(&init_fs, rootfs_root);
	set_fs_pwd(&init_fs, rootfs_root);
	if (chr_dev_init())
		pr_err("chr_dev_init: major %d is taken\n", MEM_MAJOR);
	devtmpfs_init();
	proc_root_init();
	sysfs_init();
}
