/*
 * /proc files printed by a show function (Linux's fs/proc/generic.c and
 * fs/seq_file.c's seq_read): the text is made whole into a kmalloc'd buffer,
 * twice the size each time it overflows, then read from like a file.  The
 * views of .proc_views (PROC_SHOW) use it with show(m, NULL); /proc/PID's
 * files with a task.
 */
#include <asm/page.h>
#include <errno.h>
#include <fs/fs.h>
#include <fs/proc_fs.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <mm/slab.h>

#include "../internal.h"
#include "internal.h"

#define PROC_BUF_MIN PAGE_SIZE
#define PROC_BUF_MAX (4UL << 20)        /* the largest kmalloc: 4 MiB (MAX_ORDER) */

/*
 * One printing of a file's text.  Every task sharing the struct file (dup,
 * fork) may read it at once, so a read takes a reference to the text it
 * copies from; a read at position 0 prints a fresh one and puts it in the
 * file in place of the old, which goes when its last reader is done.
 */
struct proc_text {
	unsigned int refs;
	size_t len;
	char buf[];
};

static DEFINE_SPINLOCK(proc_text_lock);        /* guards every file's private_data text */

static void proc_text_put(struct proc_text *t)
{
	if (t && !__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL))
		kfree(t);
}

/* The file's current text with a reference, or NULL if none was printed yet. */
static struct proc_text *proc_text_get(struct file *f)
{
	struct proc_text *t;

	spin_lock(&proc_text_lock);
	t = f->private_data;
	if (t)
		__atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
	spin_unlock(&proc_text_lock);
	return t;
}

/* Print the text afresh into *res (two references: the file's and the caller's). */
static int proc_fill_text(struct file *f, proc_fill_t fill, struct proc_text **res)
{
	for (size_t size = PROC_BUF_MIN; size <= PROC_BUF_MAX; size *= 2) {
		struct proc_text *t = kmalloc(size, GFP_KERNEL);
		size_t room = size - sizeof(*t);
		struct seq_file m;
		int err;

		if (!t)
			return -ENOMEM;
		seq_file_init(&m, t->buf, room);
		err = fill(f, &m);
		if (err < 0) {
			kfree(t);
			return err;
		}
		if (!seq_has_overflowed(&m)) {
			t->refs = 2;
			t->len = m.count;
			*res = t;
			return 0;
		}
		kfree(t);
	}
	return -ENOMEM;
}

/* A fresh text for f, which the file keeps: with the caller's reference, or ERR_PTR. */
static struct proc_text *proc_text_refill(struct file *f, proc_fill_t fill)
{
	struct proc_text *t, *old;
	int err = proc_fill_text(f, fill, &t);

	if (err)
		return ERR_PTR(err);
	spin_lock(&proc_text_lock);
	old = f->private_data;
	f->private_data = t;
	spin_unlock(&proc_text_lock);
	proc_text_put(old);
	return t;
}

long proc_seq_read(struct file *f, char *buf, size_t count, loff_t *pos, proc_fill_t fill)
{
	struct proc_text *t = *pos == 0 ? NULL : proc_text_get(f);
	long r = 0;
	size_t n;

	if (!t)
		t = proc_text_refill(f, fill);
	if (IS_ERR(t))
		return PTR_ERR(t);
	if (*pos < (loff_t)t->len) {
		n = min(count, t->len - (size_t)*pos);
		if (fs_copy_to_buf(f, buf, t->buf + *pos, n)) {
			r = -EFAULT;
		} else {
			*pos += n;
			r = n;
		}
	}
	proc_text_put(t);
	return r;
}

loff_t proc_seq_lseek(struct file *f, loff_t offset, int whence)
{
	struct proc_text *t;
	loff_t base = whence == SEEK_CUR ? f->f_pos : 0;

	if (whence == SEEK_END) {
		t = proc_text_get(f);
		if (!t)
			return -EINVAL;
		base = t->len;
		proc_text_put(t);
	} else if (whence != SEEK_SET && whence != SEEK_CUR) {
		return -EINVAL;
	}
	if (base + offset < 0)
		return -EINVAL;
	return f->f_pos = base + offset;
}

int proc_seq_release(struct inode *inode, struct file *f)
{
	proc_text_put(f->private_data);         /* the last fput: no reader is left */
	f->private_data = NULL;
	return 0;
}

/* ---- the views of .proc_views ---- */

static int view_fill(struct file *f, struct seq_file *m)
{
	const struct proc_view *v = f->f_inode->i_private;

	return v->show(m, NULL);
}

static long view_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	return proc_seq_read(f, buf, count, pos, view_fill);
}

static const struct file_operations proc_view_fops = {
	.llseek = proc_seq_lseek,
	.read = view_read,
	.release = proc_seq_release,
};

/* The directory dir/name, made if missing (for "sys/kernel/ostype"). */
static struct dentry *proc_subdir(struct dentry *dir, const char *name)
{
	struct dentry *d = d_lookup(dir, name);
	struct inode *inode;

	if (d)
		return d;
	inode = proc_new_inode(S_IFDIR | 0555, &simple_dir_operations, NULL);
	d = inode ? d_alloc(dir, name) : NULL;
	if (!d) {
		iput(inode);
		return NULL;
	}
	d_add(d, inode);
	return d;
}

/* Make the file of one view under root (intermediate directories too). */
static void proc_create_view(struct dentry *root, const struct proc_view *v)
{
	char part[NAME_MAX + 1];
	const char *name = v->name, *slash;
	struct dentry *dir = dget(root), *d;
	struct inode *inode;

	while ((slash = strchr(name, '/')) && dir) {
		struct dentry *sub;

		if ((size_t)(slash - name) > NAME_MAX)
			break;
		memcpy(part, name, slash - name);
		part[slash - name] = '\0';
		sub = proc_subdir(dir, part);
		dput(dir);
		dir = sub;
		name = slash + 1;
	}
	inode = dir ? proc_new_inode(S_IFREG | 0444, &proc_view_fops, (void *)v) : NULL;
	d = inode ? d_alloc(dir, name) : NULL;
	if (d)
		d_add(d, inode);
	else
		iput(inode);
	dput(d);
	dput(dir);
}

/* Every PROC_SHOW view as a file under root. */
void proc_create_views(struct dentry *root)
{
	for (const struct proc_view *v = __proc_views_start; v < __proc_views_end; v++)
		proc_create_view(root, v);
}
