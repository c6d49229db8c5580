/*
 * A process's root and current directory (Linux's fs/fs_struct.c).  Both are
 * referenced dentries; lock guards swapping them.  init_fs is PID 1's (and
 * the kernel's before there are tasks): / for both, set when / is made.
 */
#include <fs/fs.h>
#include <kernel/sched.h>
#include <mm/slab.h>

struct fs_struct init_fs = {
	.users = 1,
	.umask = 0022,
	.lock = __SPIN_LOCK_UNLOCKED(init_fs.lock),
};

struct fs_struct *current_fs_struct(void)
{
	struct task_struct *t = current;

	return t && t->fs ? t->fs : &init_fs;
}

static void set_fs_dentry(struct fs_struct *fs, struct dentry **slot, struct dentry *d)
{
	struct dentry *old;

	dget(d);
	spin_lock(&fs->lock);
	old = *slot;
	*slot = d;
	spin_unlock(&fs->lock);
	dput(old);
}

void set_fs_pwd(struct fs_struct *fs, struct dentry *dentry)
{
	set_fs_dentry(fs, &fs->pwd, dentry);
}

void set_fs_root(struct fs_struct *fs, struct dentry *dentry)
{
	set_fs_dentry(fs, &fs->root, dentry);
}

struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	spin_lock_init(&fs->lock);
	spin_lock(&old->lock);
	fs->root = old->root ? dget(old->root) : NULL;
	fs->pwd = old->pwd ? dget(old->pwd) : NULL;
	fs->umask = old->umask;
	spin_unlock(&old->lock);
	return fs;
}

void free_fs_struct(struct fs_struct *fs)
{
	dput(fs->root);
	dput(fs->pwd);
	if (fs != &init_fs)
		kfree(fs);
}

void exit_fs(struct task_struct *tsk)
{
	struct fs_struct *fs = tsk->fs;

	if (!fs)
		return;
	tsk->fs = NULL;
	if (!__atomic_sub_fetch(&fs->users, 1, __ATOMIC_ACQ_REL))
		free_fs_struct(fs);
}
