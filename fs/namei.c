/*
 * Path lookup (Linux's fs/namei.c, without RCU walk or permissions: everyone
 * is root).  A path is walked one component at a time from the root (a
 * leading /) or a start directory (the cwd, or dfd's directory for the *at
 * calls):
 *
 *   .            stays;
 *   ..           goes to the parent, never above the process's root, and from
 *                the root of a mounted filesystem (/proc) to its mount point's
 *                parent first (follow_dotdot);
 *   a name       is looked up in the dentry cache, else asked of the
 *                directory's lookup op (/proc/PID); a dentry with something
 *                mounted on it is replaced by the mounted root;
 *   a symlink    is followed when it is not the last component, or when it is
 *                and the caller follows (LOOKUP_FOLLOW; stat does, lstat not):
 *                its target is walked from the directory that holds the link
 *                (or from the root if absolute).  More than MAXSYMLINKS (40)
 *                links in one lookup is -ELOOP, as Linux.
 *
 * Creating and removing (mkdir, open's O_CREAT, unlink, ...) walk to the
 * parent and stop before the last component (Linux's LOOKUP_PARENT); the
 * dentry cache makes the new name unique atomically (d_add_unique).
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <mm/slab.h>

#include "internal.h"


static int walk_path(struct nameidata *nd, const char *path, bool follow_last);

/* The first c in s, or its NUL. */
static const char *strchrnul(const char *s, int c)
{
	while (*s && *s != c)
		s++;
	return s;
}

static void nd_set(struct nameidata *nd, struct dentry *d)
{
	struct dentry *old = nd->cur;

	nd->cur = d;
	dput(old);
}

/* Linux's follow_dotdot: up one level, crossing mount points, never above root. */
static void follow_dotdot(struct nameidata *nd)
{
	struct dentry *d = nd->cur;

	if (d == nd->root)
		return;
	while (d->d_parent == d && d->d_covers) {
		d = d->d_covers;        /* a mounted root: its mount point */
		if (d == nd->root) {
			nd_set(nd, dget(d));
			return;
		}
	}
	nd_set(nd, dget(d->d_parent));
}

/*
 * The child of dir named name[len], referenced, mounts crossed; NULL if none.
 * The walk recurses once per symlink, so its names stay in the path (no
 * copies on the stack) until a filesystem's lookup op needs a string.
 */
static struct dentry *lookup_one(struct dentry *dir, const char *name, size_t len, int *err)
{
	struct inode *inode = dir->d_inode;
	struct dentry *d = d_lookup_len(dir, name, len);

	*err = 0;
	if (!d && inode->i_op && inode->i_op->lookup) {
		char buf[NAME_MAX + 1];

		memcpy(buf, name, len);
		buf[len] = '\0';
		d = inode->i_op->lookup(inode, dir, buf);
		if (IS_ERR(d)) {
			*err = PTR_ERR(d);
			return NULL;
		}
	}
	while (d && d->d_mounted) {
		struct dentry *root = dget(d->d_mounted);

		dput(d);
		d = root;
	}
	return d;
}

/* Walk link's target from nd->cur (the directory holding the link). */
static int follow_link(struct nameidata *nd, struct dentry *link)
{
	struct inode *inode = link->d_inode;
	char *buf = NULL;
	const char *target = inode->i_link;
	int err;

	if (++nd->links > MAXSYMLINKS)
		return -ELOOP;
	if (!target && inode->i_op && inode->i_op->get_link) {
		buf = inode->i_op->get_link(link);
		if (IS_ERR(buf))
			return PTR_ERR(buf);
		target = buf;
	}
	if (!target)
		return -EINVAL;
	err = walk_path(nd, target, true);
	kfree(buf);
	return err;
}

/* One component, not the last or the last to resolve: nd->cur moves to it. */
static int walk_component(struct nameidata *nd, const char *name, size_t len, bool follow)
{
	struct dentry *d;
	int err;

	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		follow_dotdot(nd);
		return 0;
	}
	d = lookup_one(nd->cur, name, len, &err);
	if (!d)
		return err ? err : -ENOENT;
	if (S_ISLNK(d->d_inode->i_mode) && follow) {
		err = follow_link(nd, d);
		dput(d);
		return err;
	}
	nd_set(nd, d);
	return 0;
}

/*
 * Walk path from nd->cur (or nd->root if it starts with /).  The last
 * component is followed if a symlink when follow_last, or kept in nd->last
 * unresolved when nd->parent_only (only at the top level: a symlink's target
 * is always walked whole).
 */
static int walk_path(struct nameidata *nd, const char *path, bool follow_last)
{
	bool parent_only = nd->parent_only;

	nd->parent_only = false;
	if (*path == '/')
		nd_set(nd, dget(nd->root));
	for (;;) {
		const char *name;
		size_t len;
		bool last, slash;
		int err;

		while (*path == '/')
			path++;
		if (!*path)
			return 0;
		name = path;
		len = strchrnul(path, '/') - path;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		path += len;
		slash = *path == '/';
		while (*path == '/')
			path++;
		last = !*path;
		if (!S_ISDIR(nd->cur->d_inode->i_mode))
			return -ENOTDIR;
		if (last && parent_only) {
			memcpy(nd->last, name, len);
			nd->last[len] = '\0';
			nd->last_slash = slash;
			return 0;
		}
		err = walk_component(nd, name, len, !last || follow_last || slash);
		if (err)
			return err;
		if (last && slash && !S_ISDIR(nd->cur->d_inode->i_mode))
			return -ENOTDIR;
	}
}

int fd_dir_dentry(int dfd, struct dentry **res)
{
	struct file *f;

	if (dfd == AT_FDCWD) {
		struct fs_struct *fs = current_fs_struct();

		spin_lock(&fs->lock);
		*res = dget(fs->pwd);
		spin_unlock(&fs->lock);
		return 0;
	}
	f = fget(dfd);
	if (!f)
		return -EBADF;
	if (!f->f_dentry || !S_ISDIR(f->f_inode->i_mode)) {
		fput(f);
		return -ENOTDIR;
	}
	*res = dget(f->f_dentry);
	fput(f);
	return 0;
}

static int nd_init(struct nameidata *nd, int dfd, const char *name)
{
	struct fs_struct *fs = current_fs_struct();
	int err;

	memset(nd, 0, sizeof(*nd));
	if (!*name)
		return -ENOENT;
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	spin_lock(&fs->lock);
	nd->root = dget(fs->root);
	spin_unlock(&fs->lock);
	if (*name == '/') {
		nd->cur = dget(nd->root);
		return 0;
	}
	err = fd_dir_dentry(dfd, &nd->cur);
	if (err)
		dput(nd->root);
	return err;
}

void nd_done(struct nameidata *nd)
{
	dput(nd->cur);
	dput(nd->root);
}

int kern_path_at(int dfd, const char *name, unsigned int flags, struct dentry **res)
{
	struct nameidata nd;
	int err = nd_init(&nd, dfd, name);

	if (err)
		return err;
	err = walk_path(&nd, name, flags & LOOKUP_FOLLOW);
	if (!err && (flags & LOOKUP_DIRECTORY) && !S_ISDIR(nd.cur->d_inode->i_mode))
		err = -ENOTDIR;
	if (!err)
		*res = dget(nd.cur);
	nd_done(&nd);
	return err;
}

int kern_path(const char *name, unsigned int flags, struct dentry **res)
{
	return kern_path_at(AT_FDCWD, name, flags, res);
}

/*
 * Walk to the parent of name's last component: nd->cur is the parent
 * directory, nd->last the name; "", "." and ".." as the last are -EEXIST for
 * the callers that create and -EBUSY/-EINVAL for those that remove (Linux
 * gives those, too).
 */
int path_parentat(struct nameidata *nd, int dfd, const char *name)
{
	int err = nd_init(nd, dfd, name);

	if (err)
		return err;
	nd->parent_only = true;
	err = walk_path(nd, name, true);
	if (!err && !S_ISDIR(nd->cur->d_inode->i_mode))
		err = -ENOTDIR;
	if (err)
		nd_done(nd);
	return err;
}

bool last_is_dot(const struct nameidata *nd)
{
	return !nd->last[0] || !strcmp(nd->last, ".") || !strcmp(nd->last, "..");
}

/* Lookup of the child of nd->cur named nd->last, as walk would find it. */
struct dentry *lookup_last(struct nameidata *nd, int *err)
{
	return lookup_one(nd->cur, nd->last, strlen(nd->last), err);
}

/*
 * Make nd->last in nd->cur with the directory's op (create, mkdir, mknod or
 * symlink, by mode): the new dentry referenced in *res (may be NULL).
 */
static int create_last(struct nameidata *nd, umode_t mode, dev_t dev, const char *target,
		       struct dentry **res)
{
	struct inode *dir = nd->cur->d_inode;
	const struct inode_operations *iop = dir->i_op;
	struct dentry *d;
	int err;

	if (last_is_dot(nd))
		return -EEXIST;
	if (nd->last_slash && !S_ISDIR(mode))
		return -ENOENT;
	d = d_alloc(nd->cur, nd->last);
	if (!d)
		return -ENOMEM;
	if (!iop)
		err = -EPERM;
	else if (S_ISDIR(mode))
		err = iop->mkdir ? iop->mkdir(dir, d, mode) : -EPERM;
	else if (S_ISLNK(mode))
		err = iop->symlink ? iop->symlink(dir, d, target) : -EPERM;
	else if (S_ISREG(mode))
		err = iop->create ? iop->create(dir, d, mode) : -EPERM;
	else
		err = iop->mknod ? iop->mknod(dir, d, mode, dev) : -EPERM;
	if (!err)
		err = d_add_unique(d);
	if (!err && res)
		*res = dget(d);
	dput(d);
	return err;
}

static umode_t apply_umask(umode_t mode)
{
	return mode & ~current_fs_struct()->umask & 07777;
}

static int do_create(int dfd, const char *name, umode_t mode, dev_t dev, const char *target)
{
	struct nameidata nd;
	int err = path_parentat(&nd, dfd, name);

	if (err)
		return err;
	err = create_last(&nd, mode, dev, target, NULL);
	nd_done(&nd);
	return err;
}

int do_mkdirat(int dfd, const char *name, umode_t mode)
{
	return do_create(dfd, name, S_IFDIR | apply_umask(mode), 0, NULL);
}

int do_symlinkat(const char *target, int dfd, const char *name)
{
	if (!*target)
		return -ENOENT;
	return do_create(dfd, name, S_IFLNK | 0777, 0, target);
}

int do_mknodat(int dfd, const char *name, umode_t mode, dev_t dev)
{
	umode_t type = mode & S_IFMT;

	if (type == S_IFDIR || type == S_IFLNK)
		return -EPERM;
	return do_create(dfd, name, (type ? type : S_IFREG) | apply_umask(mode), dev, NULL);
}

/* unlink (dir false) or rmdir (dir true) of name. */
static int do_remove(int dfd, const char *name, bool dir)
{
	struct nameidata nd;
	struct dentry *d;
	int err = path_parentat(&nd, dfd, name);

	if (err)
		return err;
	if (last_is_dot(&nd)) {
		err = dir ? (!strcmp(nd.last, "..") ? -ENOTEMPTY : -EINVAL) : -EISDIR;
		goto out;
	}
	d = lookup_last(&nd, &err);
	if (!d) {
		err = err ? err : -ENOENT;
		goto out;
	}
	if (d->d_parent != nd.cur || d->d_flags & DCACHE_UNHASHED)
		err = -EBUSY;           /* a mount point's root, or a /proc entry */
	else if (dir && !S_ISDIR(d->d_inode->i_mode))
		err = -ENOTDIR;
	else if (!dir && S_ISDIR(d->d_inode->i_mode))
		err = -EISDIR;
	else if (!dir && nd.last_slash)
		err = -ENOTDIR;
	else if (!nd.cur->d_inode->i_op || !(dir ? nd.cur->d_inode->i_op->rmdir
					      : nd.cur->d_inode->i_op->unlink))
		err = -EPERM;
	else if (dir)
		err = d_delete_dir(d);
	if (!err)
		err = dir ? nd.cur->d_inode->i_op->rmdir(nd.cur->d_inode, d)
			  : nd.cur->d_inode->i_op->unlink(nd.cur->d_inode, d);
	if (!err && !dir)
		d_delete(d);
	dput(d);
out:
	nd_done(&nd);
	return err;
}

int do_unlinkat(int dfd, const char *name)
{
	return do_remove(dfd, name, false);
}

int do_rmdir(int dfd, const char *name)
{
	return do_remove(dfd, name, true);
}

int init_mkdir(const char *name, umode_t mode) { return do_mkdirat(AT_FDCWD, name, mode); }
int init_symlink(const char *target, const char *name)
{
	return do_symlinkat(target, AT_FDCWD, name);
}
int init_mknod(const char *name, umode_t mode, dev_t dev)
{
	return do_mknodat(AT_FDCWD, name, mode, dev);
}
int init_unlink(const char *name) { return do_unlinkat(AT_FDCWD, name); }
int init_rmdir(const char *name) { return do_rmdir(AT_FDCWD, name); }

/*
 * open's lookup (Linux's path_openat): without O_CREAT a plain walk; with it,
 * the parent, then the last component found or made.  A symlink at the end is
 * followed unless O_NOFOLLOW (then -ELOOP).
 */
int open_lookup(int dfd, const char *name, int flags, umode_t mode, struct dentry **res)
{
	struct nameidata nd;
	struct dentry *d;
	int err;

	if (!(flags & O_CREAT)) {
		err = kern_path_at(dfd, name, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, res);
		if (!err && S_ISLNK((*res)->d_inode->i_mode) && !(flags & O_PATH)) {
			dput(*res);
			err = -ELOOP;
		}
		return err;
	}
	err = path_parentat(&nd, dfd, name);
	if (err)
		return err;
	if (last_is_dot(&nd) || nd.last_slash) {
		err = -EISDIR;
		goto out;
	}
	d = lookup_last(&nd, &err);
	if (!d && !err) {
		err = create_last(&nd, S_IFREG | apply_umask(mode), 0, NULL, res);
		if (err != -EEXIST)
			goto out;
		d = lookup_last(&nd, &err);     /* made by someone else meanwhile */
		if (!d)
			goto out;
	}
	if (!d)
		goto out;
	if (flags & O_EXCL) {
		err = -EEXIST;
	} else if (S_ISLNK(d->d_inode->i_mode)) {
		err = (flags & O_NOFOLLOW) ? -ELOOP : follow_link(&nd, d);
		if (!err)
			*res = dget(nd.cur);
	} else {
		*res = dget(d);
	}
	dput(d);
out:
	nd_done(&nd);
	return err;
}

char *getname(const char __user *filename)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, filename, PATH_MAX);
	if (len < 0 || len == PATH_MAX) {
		kfree(name);
		return ERR_PTR(len < 0 ? len : -ENAMETOOLONG);
	}
	return name;
}

/* A *at call with a user name: fn(dfd, kernel name, arg). */
static long with_name(const char __user *filename, int dfd, long arg,
		      long (*fn)(int dfd, const char *name, long arg))
{
	char *name = getname(filename);
	long r;

	if (IS_ERR(name))
		return PTR_ERR(name);
	r = fn(dfd, name, arg);
	kfree(name);
	return r;
}

static long mkdir_fn(int dfd, const char *name, long mode)
{
	return do_mkdirat(dfd, name, mode);
}

static long mknod_fn(int dfd, const char *name, long mode_dev)
{
	unsigned int dev = mode_dev >> 32;      /* user encoding: new_decode_dev */

	return do_mknodat(dfd, name, (umode_t)mode_dev,
			  MKDEV((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00)));
}

static long symlink_fn(int dfd, const char *name, long target)
{
	return do_symlinkat((const char *)target, dfd, name);
}

static long unlink_fn(int dfd, const char *name, long flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return (flags & AT_REMOVEDIR) ? do_rmdir(dfd, name) : do_unlinkat(dfd, name);
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, pathname, umode_t, mode)
{
	return with_name(pathname, dfd, mode, mkdir_fn);
}

SYSCALL_DEFINE2(mkdir, const char __user *, pathname, umode_t, mode)
{
	return with_name(pathname, AT_FDCWD, mode, mkdir_fn);
}

SYSCALL_DEFINE4(mknodat, int, dfd, const char __user *, filename, umode_t, mode,
		unsigned int, dev)
{
	return with_name(filename, dfd, (long)dev << 32 | mode, mknod_fn);
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, pathname, int, flag)
{
	return with_name(pathname, dfd, flag, unlink_fn);
}

SYSCALL_DEFINE1(unlink, const char __user *, pathname)
{
	return with_name(pathname, AT_FDCWD, 0, unlink_fn);
}

SYSCALL_DEFINE1(rmdir, const char __user *, pathname)
{
	return with_name(pathname, AT_FDCWD, AT_REMOVEDIR, unlink_fn);
}

static long symlinkat(const char __user *oldname, int newdfd, const char __user *newname)
{
	char *target = getname(oldname);
	long r;

	if (IS_ERR(target))
		return PTR_ERR(target);
	r = with_name(newname, newdfd, (long)target, symlink_fn);
	kfree(target);
	return r;
}

SYSCALL_DEFINE3(symlinkat, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	return symlinkat(oldname, newdfd, newname);
}

SYSCALL_DEFINE2(symlink, const char __user *, oldname, const char __user *, newname)
{
	return symlinkat(oldname, AT_FDCWD, newname);
}
