/*
 * What the files of fs/ share and nothing else needs (Linux's fs/internal.h).
 */
#ifndef ATLAS_FS_INTERNAL_H
#define ATLAS_FS_INTERNAL_H

#include <fs/fs.h>

/* dcache.c */
/* d_lookup of the name name[len] (not NUL-terminated). */
struct dentry *d_lookup_len(struct dentry *parent, const char *name, size_t len);
struct dentry *d_nth_child(struct dentry *dir, loff_t n);
/*
 * List dentry (its d_inode set) under its parent unless the name is taken
 * (-EEXIST) or the parent was removed (-ENOENT), atomically.
 */
int d_add_unique(struct dentry *dentry);
/*
 * Rename (under dcache_lock, atomically): dentry leaves its parent for
 * new_parent as name, replacing target (new_parent's child of that name, or
 * NULL).  0; -ENOTEMPTY for a directory target with children; -EEXIST or
 * -EAGAIN when the names changed meanwhile; -ENOENT if dentry went.
 */
int d_move(struct dentry *dentry, struct dentry *new_parent, const char *name,
	   struct dentry *target);
/* Unlist an empty directory's dentry and mark its inode dead: 0 or -ENOTEMPTY. */
int d_delete_dir(struct dentry *dentry);

/* namei.c */
/* A lookup in progress (Linux's nameidata). */
struct nameidata {
	struct dentry *root;            /* referenced: where / and .. stop */
	struct dentry *cur;             /* referenced: where the walk is */
	unsigned int links;             /* symlinks followed so far */
	bool parent_only;               /* stop before the last component, into last */
	bool last_slash;                /* the last component had a / after it */
	char last[NAME_MAX + 1];
};
/*
 * Walk to the parent of name's last component: nd->cur the parent directory
 * (referenced), nd->last the component.  0 or -errno; nd_done() after a 0.
 */
int path_parentat(struct nameidata *nd, int dfd, const char *name);
void nd_done(struct nameidata *nd);
/* Whether the last component is "", "." or "..". */
bool last_is_dot(const struct nameidata *nd);
/* The child of nd->cur named nd->last (referenced, mounts crossed), or NULL (*err). */
struct dentry *lookup_last(struct nameidata *nd, int *err);
/* The dentry of fd (a directory, for the *at calls; AT_FDCWD: the cwd): referenced. */
int fd_dir_dentry(int dfd, struct dentry **res);
/* open(2)'s lookup, making the file for O_CREAT: the dentry referenced in *res. */
int open_lookup(int dfd, const char *name, int flags, umode_t mode, struct dentry **res);

/* file.c: fcntl's fd helpers */
int get_close_on_exec(unsigned int fd);         /* FD_CLOEXEC or 0, or -EBADF */
int set_close_on_exec(unsigned int fd, bool on);
int f_dupfd(unsigned int start, struct file *f, unsigned int flags);

/* file_table.c */
struct file *alloc_empty_file(int flags);

/* readdir.c: ".", ".." and the listed children, for ramfs and /proc directories */
int dcache_readdir(struct file *f, void *ctx);

/* ramfs.c */
struct super_block *ramfs_new_sb(const char *type, dev_t dev);
/* A new ramfs inode of mode (and rdev for device nodes), or NULL. */
struct inode *ramfs_get_inode(struct super_block *sb, umode_t mode, dev_t dev);

extern const struct file_operations simple_dir_operations;

/* char_dev.c */
extern const struct file_operations def_chr_fops;

/* namespace.c: mount the root of sb on the directory path (made if missing): 0 or -errno. */
int mount_at(const char *path, struct super_block *sb);

/* devtmpfs / procfs */
void devtmpfs_init(void);
void proc_root_init(void);

/* The file mode for open flags (FMODE_READ/WRITE). */
static inline unsigned int open_fmode(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY: return FMODE_READ;
	case O_WRONLY: return FMODE_WRITE;
	default:       return FMODE_READ | FMODE_WRITE;
	}
}

#endif
