/*
 * sysfs's tree (Linux's fs/sysfs/ on fs/kernfs/dir.c, reduced): /sys is a
 * super_block of its own ("sysfs", st_dev 0:21) whose directories exist only
 * in the dentry cache, as ramfs's do; each entry's inode carries a struct
 * sysfs_dirent saying what it is (internal.h).  Subsystems make and remove
 * entries through include/fs/sysfs.h; user space can neither make nor
 * remove anything (no inode_operations: mkdir, unlink ... are -EPERM).
 *
 *   /sys/devices/pci0000:00/0000:00:04.0/vendor     a text attribute
 *   /sys/devices/pci0000:00/0000:00:04.0/config     a binary attribute
 *   /sys/bus/pci/devices/0000:00:04.0 -> ../../../devices/pci0000:00/0000:00:04.0
 *
 * sysfs_mutex serialises changes to the tree.  Removal takes entries out
 * of the tree under it, then (with the mutex dropped, since a store in
 * progress may itself add or remove entries: unbind removes "driver")
 * waits for the calls in progress on the removed files to finish.
 */
#include <errno.h>
#include <asm/page.h>
#include <drivers/pci.h>
#include <fs/fs.h>
#include <fs/sysfs.h>
#include <kernel/err.h>
#include <kernel/mutex.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/wait.h>
#include <mm/slab.h>

#include "../internal.h"
#include "internal.h"

struct super_block *sysfs_sb;
static struct sysfs_dirent *sysfs_root_sd;

static DEFINE_MUTEX(sysfs_mutex);               /* the tree's shape */
static DEFINE_SPINLOCK(sysfs_active_lock);      /* every entry's active and removed */
static DECLARE_WAIT_QUEUE_HEAD(sysfs_drain_wq); /* removers waiting for active to drop */

bool sysfs_get_active(struct sysfs_dirent *sd)
{
	bool ok;

	spin_lock(&sysfs_active_lock);
	ok = !sd->removed;
	if (ok)
		sd->active++;
	spin_unlock(&sysfs_active_lock);
	return ok;
}

void sysfs_put_active(struct sysfs_dirent *sd)
{
	bool wake;

	spin_lock(&sysfs_active_lock);
	wake = --sd->active == 0 && sd->removed;
	spin_unlock(&sysfs_active_lock);
	if (wake)
		wake_up_all(&sysfs_drain_wq);
}

static bool sysfs_drained(struct sysfs_dirent *sd)
{
	bool idle;

	spin_lock(&sysfs_active_lock);
	idle = sd->active == 0;
	spin_unlock(&sysfs_active_lock);
	return idle;
}

static void sysfs_evict_inode(struct inode *inode)
{
	kfree(inode->i_private);
	if (S_ISLNK(inode->i_mode))
		kfree(inode->i_link);
}

static const struct super_operations sysfs_super_ops = {
	.evict_inode = sysfs_evict_inode,
};

/* A new inode of mode with a fresh entry as its i_private, or NULL. */
static struct inode *sysfs_new_inode(umode_t mode, const struct file_operations *fops)
{
	struct inode *inode = new_inode(sysfs_sb);
	struct sysfs_dirent *sd = kzalloc(sizeof(*sd), GFP_KERNEL);

	if (!inode || !sd) {
		kfree(sd);
		iput(inode);
		return NULL;
	}
	INIT_LIST_HEAD(&sd->drain);
	inode->i_mode = mode;
	inode->i_fop = fops;
	inode->i_private = sd;
	if (S_ISDIR(mode))
		inode->i_nlink = 2;     /* its . and its name in the parent */
	return inode;
}

/*
 * List inode as name in parent (NULL: /sys), under sysfs_mutex: its entry
 * (whose dentry the tree holds), or ERR_PTR(-EEXIST / -ENOENT / -ENOMEM).
 * The inode is the tree's, or freed on failure.
 */
static struct sysfs_dirent *sysfs_add(struct sysfs_dirent *parent, const char *name,
				      struct inode *inode)
{
	struct dentry *dir = (parent ? parent : sysfs_root_sd)->dentry, *d;
	int err;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!*name || strchr(name, '/')) {
		iput(inode);
		return ERR_PTR(-EINVAL);
	}
	d = d_alloc(dir, name);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d->d_inode = inode;
	err = d_add_unique(d);
	if (!err) {
		sysfs_inode_sd(inode)->dentry = d;
		if (S_ISDIR(inode->i_mode))
			__atomic_add_fetch(&dir->d_inode->i_nlink, 1, __ATOMIC_RELAXED);
	}
	dput(d);                        /* the tree's reference stays, or d and inode go */
	return err ? ERR_PTR(err) : sysfs_inode_sd(inode);
}

static struct sysfs_dirent *sysfs_add_locked(struct sysfs_dirent *parent, const char *name,
					     struct inode *inode)
{
	struct sysfs_dirent *sd;

	mutex_lock(&sysfs_mutex);
	sd = sysfs_add(parent, name, inode);
	mutex_unlock(&sysfs_mutex);
	return sd;
}

/**
 * sysfs_mkdir - a new directory name in parent (NULL: /sys itself)
 * Returns its entry, or NULL when the name is taken or memory ran out.
 */
struct sysfs_dirent *sysfs_mkdir(struct sysfs_dirent *parent, const char *name)
{
	struct sysfs_dirent *sd;

	sd = sysfs_add_locked(parent, name, sysfs_new_inode(S_IFDIR | 0755, &simple_dir_operations));
	return IS_ERR(sd) ? NULL : sd;
}

/* The child directory name of dir (under sysfs_mutex), made if create; or NULL. */
static struct sysfs_dirent *sysfs_subdir(struct sysfs_dirent *dir, const char *name, bool create)
{
	struct dentry *d = d_lookup(dir->dentry, name);
	struct sysfs_dirent *sd;

	if (d) {
		sd = S_ISDIR(d->d_inode->i_mode) ? sysfs_inode_sd(d->d_inode) : NULL;
		dput(d);                /* the tree holds it while sysfs_mutex is held */
		return sd;
	}
	if (!create)
		return NULL;
	sd = sysfs_add(dir, name, sysfs_new_inode(S_IFDIR | 0755, &simple_dir_operations));
	return IS_ERR(sd) ? NULL : sd;
}

/**
 * sysfs_dir - the directory at path under /sys ("bus/pci/drivers")
 * @create: make any missing directory on the way
 * Returns the directory's entry, or NULL if absent (or no memory).
 */
struct sysfs_dirent *sysfs_dir(const char *path, bool create)
{
	struct sysfs_dirent *sd = sysfs_root_sd;
	char part[NAME_MAX + 1];

	if (!sd)
		return NULL;
	mutex_lock(&sysfs_mutex);
	while (sd && *path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);

		if (len > NAME_MAX) {
			sd = NULL;
			break;
		}
		if (len) {
			memcpy(part, path, len);
			part[len] = '\0';
			sd = sysfs_subdir(sd, part, create);
		}
		path += len;
		while (*path == '/')
			path++;
	}
	mutex_unlock(&sysfs_mutex);
	return sd;
}

/* A new attribute file in dir: 0, -EEXIST or -ENOMEM. */
static int sysfs_add_file(struct sysfs_dirent *dir, const char *name, umode_t mode, loff_t size,
			  const struct file_operations *fops, const struct sysfs_attr *attr,
			  const struct sysfs_bin_attr *bin, void *obj)
{
	struct inode *inode = sysfs_new_inode(S_IFREG | (mode & 0777), fops);
	struct sysfs_dirent *sd;

	if (inode) {
		inode->i_size = size;
		sysfs_inode_sd(inode)->attr = attr;
		sysfs_inode_sd(inode)->bin = bin;
		sysfs_inode_sd(inode)->obj = obj;
	}
	sd = sysfs_add_locked(dir, name, inode);
	return IS_ERR(sd) ? PTR_ERR(sd) : 0;
}

/**
 * sysfs_create_file - a text attribute in dir, its show/store given obj
 * Its size in stat is PAGE_SIZE, as Linux's.  0, -EEXIST or -ENOMEM.
 */
int sysfs_create_file(struct sysfs_dirent *dir, const struct sysfs_attr *attr, void *obj)
{
	return sysfs_add_file(dir, attr->name, attr->mode, PAGE_SIZE, &sysfs_text_fops, attr,
			      NULL, obj);
}

/** sysfs_create_bin_file - a binary attribute in dir: 0, -EEXIST or -ENOMEM */
int sysfs_create_bin_file(struct sysfs_dirent *dir, const struct sysfs_bin_attr *attr,
			  void *obj)
{
	return sysfs_add_file(dir, attr->name, attr->mode, attr->size, &sysfs_bin_fops, NULL,
			      attr, obj);
}

/**
 * sysfs_create_link - a symlink name in dir to target (relative, as Linux
 * writes them: "../../../bus/pci/drivers/edu").  0, -EEXIST or -ENOMEM.
 */
int sysfs_create_link(struct sysfs_dirent *dir, const char *name, const char *target)
{
	struct inode *inode = sysfs_new_inode(S_IFLNK | 0777, NULL);
	struct sysfs_dirent *sd;

	if (inode) {
		size_t len = strlen(target) + 1;
		char *link = kmalloc(len, GFP_KERNEL);

		if (link) {
			memcpy(link, target, len);
			inode->i_link = link;
		} else {
			iput(inode);
			inode = NULL;
		}
	}
	sd = sysfs_add_locked(dir, name, inode);
	return IS_ERR(sd) ? PTR_ERR(sd) : 0;
}

/*
 * Take d and everything under it out of the tree (under sysfs_mutex): no
 * new call starts on its files; each file goes on drain with a dentry
 * reference, for the caller to wait on once the mutex is dropped.
 */
static void sysfs_unlink_tree(struct dentry *d, struct list_head *drain)
{
	struct sysfs_dirent *sd = sysfs_inode_sd(d->d_inode);
	struct dentry *child;

	if (S_ISDIR(d->d_inode->i_mode)) {
		while ((child = d_nth_child(d, 0))) {
			sysfs_unlink_tree(child, drain);
			dput(child);
		}
		__atomic_sub_fetch(&d->d_parent->d_inode->i_nlink, 1, __ATOMIC_RELAXED);
		d->d_inode->i_nlink = 0;
		d_delete_dir(d);
		return;
	}
	spin_lock(&sysfs_active_lock);
	sd->removed = true;
	spin_unlock(&sysfs_active_lock);
	list_add_tail(&sd->drain, drain);
	dget(d);
	d_delete(d);
}

/* Wait for the calls in progress on the removed files of drain, and let them go. */
static void sysfs_drain(struct list_head *drain)
{
	while (!list_empty(drain)) {
		struct sysfs_dirent *sd = list_first_entry(drain, struct sysfs_dirent, drain);

		wait_event(sysfs_drain_wq, sysfs_drained(sd));
		list_del_init(&sd->drain);
		dput(sd->dentry);       /* may free sd */
	}
}

/**
 * sysfs_remove_entry - remove dir's entry name (a directory with all it
 * holds).  Returns 0, or -ENOENT if there is none.  When it returns, no
 * show/store of a removed file runs any more.
 */
int sysfs_remove_entry(struct sysfs_dirent *dir, const char *name)
{
	LIST_HEAD(drain);
	struct dentry *d;

	mutex_lock(&sysfs_mutex);
	d = d_lookup((dir ? dir : sysfs_root_sd)->dentry, name);
	if (d) {
		sysfs_unlink_tree(d, &drain);
		dput(d);
	}
	mutex_unlock(&sysfs_mutex);
	sysfs_drain(&drain);
	return d ? 0 : -ENOENT;
}

/** sysfs_remove_dir - remove a directory and everything in it (NULL: nothing) */
void sysfs_remove_dir(struct sysfs_dirent *dir)
{
	LIST_HEAD(drain);
	struct dentry *d;

	if (!dir || dir == sysfs_root_sd)
		return;
	mutex_lock(&sysfs_mutex);
	d = dget(dir->dentry);
	if (!(d->d_flags & DCACHE_UNHASHED))
		sysfs_unlink_tree(d, &drain);
	mutex_unlock(&sysfs_mutex);
	dput(d);
	sysfs_drain(&drain);
}

/*
 * The top-level directories Linux's subsystems make at boot, for PCI and UIO's
 * needs, and devices/platform, the home of devices on no bus (Linux's
 * platform_bus, always there).
 */
static const char *const sysfs_top_dirs[] = { "bus", "class", "devices", "devices/platform" };

/**
 * sysfs_init - mount sysfs on /sys with bus/, class/ and devices/, then
 * PCI's tree (pci_sysfs_init).  fs/namespace.c calls it after /proc.
 */
void sysfs_init(void)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;

	if (!sb)
		goto fail;
	sb->s_type = "sysfs";
	sb->s_dev = SYSFS_DEV;
	sb->s_op = &sysfs_super_ops;
	sysfs_sb = sb;
	root = sysfs_new_inode(S_IFDIR | 0555, &simple_dir_operations);
	sb->s_root = root ? d_alloc(NULL, "/") : NULL;
	if (!sb->s_root) {
		iput(root);
		goto fail;
	}
	d_add(sb->s_root, root);
	sysfs_inode_sd(root)->dentry = sb->s_root;
	sysfs_root_sd = sysfs_inode_sd(root);
	for (unsigned int i = 0; i < sizeof(sysfs_top_dirs) / sizeof(sysfs_top_dirs[0]); i++)
		if (!sysfs_dir(sysfs_top_dirs[i], true))
			goto fail;
	if (mount_at("/sys", sb))
		goto fail;
	pci_sysfs_init();
	return;
fail:
	pr_err("sysfs: cannot mount /sys\n");
}
