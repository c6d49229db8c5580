/*
 * rename, renameat, renameat2 (Linux's fs/namei.c do_renameat2, reduced): move
 * a name within one filesystem, replacing what the new name held, with
 * Linux's errors: -EXDEV across filesystems, -EINVAL for a directory into
 * itself, -ENOTDIR/-EISDIR when a directory and a file would swap places,
 * -ENOTEMPTY for a directory target with entries, -EEXIST with
 * RENAME_NOREPLACE.  The dentry cache moves the name atomically (d_move); the
 * filesystem's rename op keeps its link counts.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <mm/slab.h>

#include "internal.h"

/* Whether d is dir or below it (a directory moved into itself). */
static bool is_subdir(struct dentry *d, struct dentry *dir)
{
	for (;;) {
		if (d == dir)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

/* The checks before the move, old and target (may be NULL) in hand. */
static int rename_check(struct nameidata *o, struct nameidata *n, struct dentry *old,
			struct dentry *target, unsigned int flags)
{
	bool dir = S_ISDIR(old->d_inode->i_mode);

	if (old->d_parent != o->cur || (old->d_flags & DCACHE_UNHASHED) ||
	    (target && target->d_mounted))
		return -EBUSY;          /* a mount point or its root, a /proc entry */
	if (o->cur->d_inode->i_sb != n->cur->d_inode->i_sb)
		return -EXDEV;
	if (!n->cur->d_inode->i_op || !n->cur->d_inode->i_op->rename)
		return -EPERM;
	if (target && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (dir && target && !S_ISDIR(target->d_inode->i_mode))
		return -ENOTDIR;
	if (!dir && target && S_ISDIR(target->d_inode->i_mode))
		return -EISDIR;
	if (!dir && (o->last_slash || n->last_slash))
		return -ENOTDIR;
	if (dir && is_subdir(n->cur, old))
		return -EINVAL;
	return 0;
}

static int rename_parents(struct nameidata *o, struct nameidata *n, unsigned int flags)
{
	struct dentry *old, *target;
	int err;

	if (last_is_dot(o) || last_is_dot(n))
		return -EBUSY;
	old = lookup_last(o, &err);
	if (!old)
		return err ? err : -ENOENT;
	target = d_lookup(n->cur, n->last);
	if (target == old) {            /* the same file: nothing to do */
		dput(target);
		dput(old);
		return 0;
	}
	err = rename_check(o, n, old, target, flags);
	if (!err)
		err = d_move(old, n->cur, n->last, target);
	if (!err)
		err = n->cur->d_inode->i_op->rename(o->cur->d_inode, old, n->cur->d_inode, target);
	dput(target);
	dput(old);
	return err;
}

long do_renameat2(int olddfd, const char *oldname, int newdfd, const char *newname,
		  unsigned int flags)
{
	struct nameidata o, n;
	int err;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	err = path_parentat(&o, olddfd, oldname);
	if (err)
		return err;
	err = path_parentat(&n, newdfd, newname);
	if (!err) {
		err = rename_parents(&o, &n, flags);
		nd_done(&n);
	}
	nd_done(&o);
	return err;
}

static long user_renameat2(int olddfd, const char __user *oldname, int newdfd,
			   const char __user *newname, unsigned int flags)
{
	char *from = getname(oldname), *to;
	long r;

	if (IS_ERR(from))
		return PTR_ERR(from);
	to = getname(newname);
	r = IS_ERR(to) ? PTR_ERR(to) : do_renameat2(olddfd, from, newdfd, to, flags);
	if (!IS_ERR(to))
		kfree(to);
	kfree(from);
	return r;
}

SYSCALL_DEFINE5(renameat2, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname, unsigned int, flags)
{
	return user_renameat2(olddfd, oldname, newdfd, newname, flags);
}

SYSCALL_DEFINE4(renameat, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	return user_renameat2(olddfd, oldname, newdfd, newname, 0);
}

SYSCALL_DEFINE2(rename, const char __user *, oldname, const char __user *, newname)
{
	return user_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}
