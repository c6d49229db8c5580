/*
 * The dentry cache (Linux's fs/dcache.c, reduced to a tree): a dentry names
 * one inode inside its parent directory.  Every listed dentry is on its
 * parent's d_subdirs list, and that list holds one reference; lookups walk
 * the list.  For ramfs the tree *is* the directory (as Linux's ramfs, whose
 * directories exist only in the dcache).  A dentry holds a reference on its
 * parent and on its inode, so neither goes while it is there.
 *
 * One spinlock, dcache_lock (Linux 2.4's), guards every d_subdirs list; the
 * counts are atomic.  A dentry that is not listed (unlinked, or made for one
 * lookup of /proc/PID) is freed by its last dput().
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <mm/slab.h>

#include "internal.h"

static DEFINE_SPINLOCK(dcache_lock);

struct dentry *d_alloc(struct dentry *parent, const char *name)
{
	struct dentry *d;

	if (strlen(name) > NAME_MAX)
		return NULL;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return NULL;
	strscpy(d->d_name, name, sizeof(d->d_name));
	d->d_parent = parent ? dget(parent) : d;
	d->d_count = 1;
	d->d_flags = DCACHE_UNHASHED;
	INIT_LIST_HEAD(&d->d_subdirs);
	INIT_LIST_HEAD(&d->d_child);
	return d;
}

void d_add(struct dentry *dentry, struct inode *inode)
{
	dentry->d_inode = inode;
	if (dentry->d_parent == dentry)
		return;                 /* a root is listed nowhere */
	dget(dentry);                   /* the list's reference */
	spin_lock(&dcache_lock);
	list_add_tail(&dentry->d_child, &dentry->d_parent->d_subdirs);
	dentry->d_flags &= ~DCACHE_UNHASHED;
	spin_unlock(&dcache_lock);
}

struct dentry *d_lookup(struct dentry *parent, const char *name)
{
	return d_lookup_len(parent, name, strlen(name));
}

struct dentry *d_lookup_len(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d, *found = NULL;

	spin_lock(&dcache_lock);
	list_for_each_entry(d, &parent->d_subdirs, d_child) {
		if (!strncmp(d->d_name, name, len) && !d->d_name[len]) {
			found = dget(d);
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

/* The child named like dentry, under dcache_lock. */
static bool name_taken(struct dentry *dentry)
{
	struct dentry *d;

	list_for_each_entry(d, &dentry->d_parent->d_subdirs, d_child)
		if (!strcmp(d->d_name, dentry->d_name))
			return true;
	return false;
}

int d_add_unique(struct dentry *dentry)
{
	struct inode *dir = dentry->d_parent->d_inode;
	int err = 0;

	spin_lock(&dcache_lock);
	if (dir->i_flags & S_DEAD)
		err = -ENOENT;
	else if (name_taken(dentry))
		err = -EEXIST;
	if (!err) {
		dget(dentry);           /* the list's reference */
		list_add_tail(&dentry->d_child, &dentry->d_parent->d_subdirs);
		dentry->d_flags &= ~DCACHE_UNHASHED;
	}
	spin_unlock(&dcache_lock);
	return err;
}

int d_delete_dir(struct dentry *dentry)
{
	int err = 0;

	spin_lock(&dcache_lock);
	if (!list_empty(&dentry->d_subdirs))
		err = -ENOTEMPTY;
	else if (dentry->d_flags & DCACHE_UNHASHED)
		err = -ENOENT;
	if (!err) {
		dentry->d_inode->i_flags |= S_DEAD;
		list_del(&dentry->d_child);
		INIT_LIST_HEAD(&dentry->d_child);
		dentry->d_flags |= DCACHE_UNHASHED;
	}
	spin_unlock(&dcache_lock);
	if (!err)
		dput(dentry);
	return err;
}

struct dentry *dget(struct dentry *dentry)
{
	__atomic_add_fetch(&dentry->d_count, 1, __ATOMIC_RELAXED);
	return dentry;
}

void dput(struct dentry *dentry)
{
	while (dentry && !__atomic_sub_fetch(&dentry->d_count, 1, __ATOMIC_ACQ_REL)) {
		struct dentry *parent = dentry->d_parent;

		iput(dentry->d_inode);
		kfree(dentry);
		if (parent == dentry)
			break;
		dentry = parent;        /* the child's reference on its parent */
	}
}

void d_delete(struct dentry *dentry)
{
	bool listed;

	spin_lock(&dcache_lock);
	listed = !(dentry->d_flags & DCACHE_UNHASHED);
	if (listed) {
		list_del(&dentry->d_child);
		INIT_LIST_HEAD(&dentry->d_child);
		dentry->d_flags |= DCACHE_UNHASHED;
	}
	spin_unlock(&dcache_lock);
	if (listed)
		dput(dentry);
}

/*
 * The n-th listed child of dir from pos (0-based), referenced, or NULL: for
 * readdir, which asks again for each entry so that a directory may change
 * between two getdents64 calls (an entry may then be seen twice or missed,
 * as in Linux's dcache_readdir).
 */
struct dentry *d_nth_child(struct dentry *dir, loff_t n)
{
	struct dentry *d, *found = NULL;

	spin_lock(&dcache_lock);
	list_for_each_entry(d, &dir->d_subdirs, d_child) {
		if (n-- == 0) {
			found = dget(d);
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

int d_move(struct dentry *dentry, struct dentry *new_parent, const char *name,
	   struct dentry *target)
{
	struct dentry *old_parent, *d;
	int err = 0;

	spin_lock(&dcache_lock);
	if ((dentry->d_flags & DCACHE_UNHASHED) || (new_parent->d_inode->i_flags & S_DEAD))
		err = -ENOENT;
	else if (target && ((target->d_flags & DCACHE_UNHASHED) || target->d_parent != new_parent))
		err = -EAGAIN;          /* the target changed meanwhile */
	else if (target && S_ISDIR(target->d_inode->i_mode) && !list_empty(&target->d_subdirs))
		err = -ENOTEMPTY;
	if (!err && !target) {
		list_for_each_entry(d, &new_parent->d_subdirs, d_child)
			if (!strcmp(d->d_name, name))
				err = -EEXIST;  /* made meanwhile */
	}
	if (err) {
		spin_unlock(&dcache_lock);
		return err;
	}
	if (target) {
		list_del(&target->d_child);
		INIT_LIST_HEAD(&target->d_child);
		target->d_flags |= DCACHE_UNHASHED;
		if (S_ISDIR(target->d_inode->i_mode))
			target->d_inode->i_flags |= S_DEAD;
	}
	list_del(&dentry->d_child);
	old_parent = dentry->d_parent;
	dentry->d_parent = dget(new_parent);
	strscpy(dentry->d_name, name, sizeof(dentry->d_name));
	list_add_tail(&dentry->d_child, &new_parent->d_subdirs);
	spin_unlock(&dcache_lock);
	if (target)
		dput(target);           /* the list's reference */
	dput(old_parent);               /* the child's reference on its old parent */
	return 0;
}

void d_mount(struct dentry *dir, struct dentry *root)
{
	root->d_covers = dget(dir);
	dir->d_mounted = dget(root);
}

char *d_path(struct dentry *dentry, char *buf, int len)
{
	char *p = buf + len;

	if (len < 2)
		return ERR_PTR(-ENAMETOOLONG);
	*--p = '\0';
	spin_lock(&dcache_lock);        /* no rename moves a name meanwhile */
	for (;;) {
		int n;

		while (dentry->d_parent == dentry && dentry->d_covers)
			dentry = dentry->d_covers;      /* a mounted root: its mount point */
		if (dentry->d_parent == dentry)
			break;
		n = strlen(dentry->d_name);
		if (p - buf < n + 1) {
			spin_unlock(&dcache_lock);
			return ERR_PTR(-ENAMETOOLONG);
		}
		p -= n;
		memcpy(p, dentry->d_name, n);
		*--p = '/';
		dentry = dentry->d_parent;
	}
	spin_unlock(&dcache_lock);
	if (!*p)
		*--p = '/';
	return p;
}

char *file_path(struct file *f, char *buf, int len)
{
	if (!f->f_dentry)
		return ERR_PTR(-ENOENT);
	return d_path(f->f_dentry, buf, len);
}

/* getcwd: the cwd's path, as Linux's (fs/d_path.c); "(unreachable)" never arises here. */
SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	struct fs_struct *fs = current_fs_struct();
	char *page = kmalloc(PATH_MAX, GFP_KERNEL), *p;
	struct dentry *pwd;
	long len;

	if (!page)
		return -ENOMEM;
	spin_lock(&fs->lock);
	pwd = dget(fs->pwd);
	spin_unlock(&fs->lock);
	p = d_path(pwd, page, PATH_MAX);
	dput(pwd);
	if (IS_ERR(p)) {
		len = PTR_ERR(p);
	} else {
		len = page + PATH_MAX - p;      /* with the NUL */
		if ((unsigned long)len > size)
			len = -ERANGE;
		else if (copy_to_user(buf, p, len))
			len = -EFAULT;
	}
	kfree(page);
	return len;
}
