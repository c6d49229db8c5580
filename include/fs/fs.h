/*
 * The VFS: inodes, dentries, open files and their operations (Linux's
 * include/linux/fs.h, the parts Atlas uses).  Owned by fs/.
 *
 * A path is looked up dentry by dentry from the root (or cwd); each dentry
 * names one inode; opening an inode makes a struct file with the inode's
 * file_operations (regular file, directory, character device, pipe, /proc
 * view).  A process reaches its files through an fd table (files_struct).
 * Modes, open flags and struct layouts are Linux's (include/uapi).
 */
#ifndef ATLAS_FS_FS_H
#define ATLAS_FS_FS_H

#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/types.h>
#include <kernel/spinlock.h>

struct inode;
struct file;
struct dentry;
struct vm_area_struct;
struct seq_file;
struct task_struct;

typedef long long loff_t;
typedef unsigned int umode_t;
typedef unsigned int dev_t;

/* dev_t as Linux's kernel encoding (MKDEV): 12-bit major, 20-bit minor */
#define MINORBITS       20
#define MAJOR(dev)      ((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)      ((unsigned int)((dev) & ((1U << MINORBITS) - 1)))
#define MKDEV(ma, mi)   (((ma) << MINORBITS) | (mi))

/* i_mode (Linux's include/uapi/linux/stat.h) */
#define S_IFMT   00170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

/* open flags (include/uapi/asm-generic/fcntl.h) */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100
#define O_EXCL      00000200
#define O_NOCTTY    00000400
#define O_TRUNC     00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_LARGEFILE 00100000          /* always set by open on 64-bit, as Linux's */
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_CLOEXEC   02000000
#define O_PATH      010000000
#define AT_FDCWD    (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EMPTY_PATH       0x1000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

struct inode_operations;
struct super_operations;

/* Longest name of one path component, and of a whole path (Linux's limits.h). */
#define NAME_MAX 255
#define PATH_MAX 4096
/* Symbolic links followed in one lookup before -ELOOP (Linux's MAXSYMLINKS). */
#define MAXSYMLINKS 40

/* fcntl's descriptor flag, and its commands (include/uapi/asm-generic/fcntl.h) */
#define FD_CLOEXEC      1
#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_DUPFD_CLOEXEC 1030

/* faccessat's mode bits (unistd.h) */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
#define AT_REMOVEDIR 0x200

/* getdents64's d_type (include/linux/fs.h DT_*) */
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12

/*
 * What getdents64 fills: f_op->iterate calls dir_emit() once per entry,
 * from ctx->pos on, and stops when it returns false (the buffer is full).
 */
struct dir_context {
	bool (*actor)(struct dir_context *ctx, const char *name, int namelen,
		      loff_t pos, u64 ino, unsigned int d_type);
	loff_t pos;                     /* the entry to emit next; the iterator advances it */
};

/* Hand one entry to the reader: false when it had no room (stop iterating). */
static inline bool dir_emit(struct dir_context *ctx, const char *name, int namelen,
			    u64 ino, unsigned int type)
{
	return ctx->actor(ctx, name, namelen, ctx->pos, ino, type);
}

struct file_operations {
	loff_t (*llseek)(struct file *, loff_t, int);
	/* buf is a kernel buffer inside kernel_read/kernel_write, else a __user one */
	long (*read)(struct file *, char *buf, size_t, loff_t *);
	long (*write)(struct file *, const char *buf, size_t, loff_t *);
	int (*iterate)(struct file *, void *ctx);       /* getdents64 (fs/readdir.c) */
	unsigned int (*poll)(struct file *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
	/*
	 * Linux's file_operations without splice_read (seq_read-only files such
	 * as /proc/PID/maps): sendfile from such a file is -EINVAL, and readers
	 * like busybox's cat fall back to read and write.
	 */
	bool no_splice_read;
};

struct inode {
	umode_t i_mode;
	unsigned int i_nlink;
	unsigned long i_ino;
	dev_t i_rdev;                   /* character devices */
	loff_t i_size;
	u64 i_mtime;                    /* seconds since the epoch */
	int i_count;                    /* references */
	const struct file_operations *i_fop;
	struct super_block *i_sb;
	void *i_private;                /* the filesystem's (ramfs: its pages) */
	/* the VFS's: */
	const struct inode_operations *i_op;
	const char *i_link;             /* a symlink's target (kmalloc'd, or static) */
	spinlock_t i_lock;              /* i_size and the filesystem's data */
	unsigned int i_flags;           /* S_* below */
};

#define S_DEAD 1                        /* its directory was removed (rmdir) */

/* Operations on an inode as a directory or a symlink (Linux's inode_operations). */
struct inode_operations {
	/*
	 * A name the dentry cache does not have: return a new dentry for it
	 * (child of dir, d_inode set), NULL if there is none, or ERR_PTR.  For
	 * filesystems whose entries come and go by themselves (/proc/PID).
	 */
	struct dentry *(*lookup)(struct inode *dir, struct dentry *parent, const char *name);
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*mknod)(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev);
	int (*symlink)(struct inode *dir, struct dentry *dentry, const char *target);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	/* A symlink whose target is made on demand (/proc/self): kmalloc'd, or ERR_PTR. */
	char *(*get_link)(struct dentry *dentry);
	/*
	 * A rename done in the dentry cache: the filesystem's bookkeeping (link
	 * counts; target, the replaced entry, or NULL).  0 or -errno.
	 */
	int (*rename)(struct inode *old_dir, struct dentry *old, struct inode *new_dir,
		      struct dentry *target);
	/* Make a regular file size bytes long (open's O_TRUNC): 0 or -errno. */
	int (*truncate)(struct inode *inode, loff_t size);
};

/* Operations on a filesystem's inodes (Linux's super_operations). */
struct super_operations {
	void (*evict_inode)(struct inode *);    /* the last reference went: free its data */
};

struct super_block {
	dev_t s_dev;                    /* st_dev, and maps' "00:02" */
	const char *s_type;             /* "ramfs", "proc", "devtmpfs" */
	unsigned long s_next_ino;
	/* the VFS's: */
	const struct super_operations *s_op;
	struct dentry *s_root;
};

struct dentry {
	char d_name[256];
	struct dentry *d_parent;        /* itself for a root */
	struct inode *d_inode;          /* NULL: a negative dentry */
	struct list_head d_subdirs;     /* children */
	struct list_head d_child;       /* in d_parent->d_subdirs */
	struct dentry *d_mounted;       /* the root of what is mounted here, or NULL */
	int d_count;
	/* the VFS's: */
	struct dentry *d_covers;        /* a mounted root: the dentry it is mounted on */
	unsigned int d_flags;           /* DCACHE_* below */
};

#define DCACHE_UNHASHED 1               /* not in its parent's list (unlinked, or /proc/PID) */

struct file {
	struct dentry *f_dentry;
	struct inode *f_inode;
	const struct file_operations *f_op;
	unsigned int f_flags;           /* O_* given to open */
	loff_t f_pos;
	int f_count;                    /* fds and other references (atomic) */
	void *private_data;             /* the file's own (pipe, seq_file, tty) */
	/* the VFS's: */
	unsigned int f_mode;            /* FMODE_* below */
};

#define FMODE_READ  0x1
#define FMODE_WRITE 0x2

/* The fd table of a process (Linux's files_struct + fdtable, fixed size). */
#define NR_OPEN_DEFAULT 64
struct files_struct {
	int count;                      /* tasks sharing it (atomic) */
	spinlock_t file_lock;
	struct file *fd[NR_OPEN_DEFAULT];
	unsigned long close_on_exec;    /* bit fd: FD_CLOEXEC */
	/* the VFS's: */
	unsigned long open_fds;         /* bit fd: in use or reserved (get_unused_fd_flags) */
};

/* cwd and root of a process */
struct fs_struct {
	int users;
	struct dentry *root, *pwd;
	unsigned int umask;
	/* the VFS's: */
	spinlock_t lock;                /* root and pwd */
};

/* ---- fs/inode.c, fs/dcache.c ---- */
/* A new inode of sb (i_count 1, a fresh i_ino), or NULL. */
struct inode *new_inode(struct super_block *sb);
/* Take / drop a reference; the last iput evicts the inode and frees it. */
struct inode *igrab(struct inode *inode);
void iput(struct inode *inode);

/* A new dentry named name under parent (NULL: a root), d_count 1, not yet listed. */
struct dentry *d_alloc(struct dentry *parent, const char *name);
/* Give dentry its inode and list it under its parent (the list holds a reference). */
void d_add(struct dentry *dentry, struct inode *inode);
/* The child of parent named name (referenced), or NULL. */
struct dentry *d_lookup(struct dentry *parent, const char *name);
struct dentry *dget(struct dentry *dentry);
void dput(struct dentry *dentry);
/* Unlist dentry from its parent (unlink, rmdir) and drop the list's reference. */
void d_delete(struct dentry *dentry);
/* Mount root on dir (root->d_covers = dir). */
void d_mount(struct dentry *dir, struct dentry *root);
/*
 * The path of dentry from the root, into buf[len]: a pointer into buf, or
 * ERR_PTR(-ENAMETOOLONG).  Linux's dentry_path_raw / d_path.
 */
char *d_path(struct dentry *dentry, char *buf, int len);
/* d_path of an open file (for /proc/PID/maps). */
char *file_path(struct file *f, char *buf, int len);

/* ---- fs/namei.c ---- */
#define LOOKUP_FOLLOW    0x1            /* follow a symlink at the end */
#define LOOKUP_DIRECTORY 0x2            /* the end must be a directory */
/*
 * Look name up from dfd (AT_FDCWD: the cwd; an absolute name: the root):
 * 0 and *res a referenced dentry, or -ENOENT, -ENOTDIR, -ELOOP,
 * -ENAMETOOLONG, -EBADF.  ., .. and symlinks are followed as Linux's.
 */
int kern_path_at(int dfd, const char *name, unsigned int flags, struct dentry **res);
int kern_path(const char *name, unsigned int flags, struct dentry **res);
/* mkdirat(2) and friends with a kernel name: 0 or -errno (Linux's do_mkdirat ...). */
int do_mkdirat(int dfd, const char *name, umode_t mode);
int do_symlinkat(const char *target, int dfd, const char *name);
int do_mknodat(int dfd, const char *name, umode_t mode, dev_t dev);
int do_unlinkat(int dfd, const char *name);
int do_rmdir(int dfd, const char *name);
/* The same relative to the cwd (Linux's fs/init.c, for the kernel's own use). */
int init_mkdir(const char *name, umode_t mode);
int init_symlink(const char *target, const char *name);
int init_mknod(const char *name, umode_t mode, dev_t dev);
int init_unlink(const char *name);
int init_rmdir(const char *name);
/* Copy a user path into a kmalloc'd buffer (Linux's getname): ERR_PTR or the name. */
char *getname(const char __user *filename);

/* ---- fs/open.c, fs/file_table.c ---- */
/* Open path (kernel string) as open(2) does: a file, or ERR_PTR(-errno). */
struct file *filp_open(const char *path, int flags, umode_t mode);
/* open(2) relative to dfd, kernel string: an fd or -errno. */
long do_sys_openat(int dfd, const char *path, int flags, umode_t mode);
/* A struct file for an inode reached through dentry (referenced), or ERR_PTR. */
struct file *dentry_open(struct dentry *dentry, int flags);
/* A file with no dentry (a pipe end): f_count 1, or ERR_PTR(-ENOMEM). */
struct file *alloc_file_pseudo(struct inode *inode, int flags,
			       const struct file_operations *fops);
struct file *get_file(struct file *f);
void fput(struct file *f);
/* access/faccessat with a kernel name: 0 or -errno (everyone is root). */
long do_faccessat(int dfd, const char *name, int mode, int flags);
/* chdir with a kernel name: 0 or -errno. */
long do_chdir(const char *name);
/* chmod/fchmodat with a kernel name: the permission bits (07777) set; 0 or -errno. */
long do_fchmodat(int dfd, const char *name, umode_t mode);
/* rename/renameat2 with kernel names (flags: RENAME_NOREPLACE): 0 or -errno. */
long do_renameat2(int olddfd, const char *oldname, int newdfd, const char *newname,
		  unsigned int flags);
#define RENAME_NOREPLACE 1
/* truncate/ftruncate's core: a regular file made length bytes long: 0 or -errno. */
long vfs_truncate(struct inode *inode, loff_t length);

/* ---- fs/file.c: the fd table ---- */
extern struct files_struct init_files;
/* The fd table and fs of the running task (init_files/init_fs before there are tasks). */
struct files_struct *current_files(void);
struct fs_struct *current_fs_struct(void);
/* A copy of oldf for fork (each file referenced again): count 1, or NULL (-ENOMEM). */
struct files_struct *dup_fd(struct files_struct *oldf);
/* Drop one user; the last closes every fd and frees the table. */
void put_files_struct(struct files_struct *files);
void do_close_on_exec(struct files_struct *files);
/* The lowest free fd (O_CLOEXEC in flags marks it so), or -EMFILE. */
int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(unsigned int fd);
/* Put file in the reserved fd; the table takes the caller's reference. */
void fd_install(unsigned int fd, struct file *file);
/* The file of fd, referenced (fput it), or NULL. */
struct file *fget(unsigned int fd);
int close_fd(unsigned int fd);

/* ---- fs/fs_struct.c ---- */
extern struct fs_struct init_fs;
/* A copy for a child (fork without CLONE_FS): users 1, or NULL. */
struct fs_struct *copy_fs_struct(struct fs_struct *old);
/* Free fs (its users are the caller's business, as Linux's). */
void free_fs_struct(struct fs_struct *fs);
/* Drop task's use of its fs_struct, freeing it with the last user (Linux's exit_fs). */
void exit_fs(struct task_struct *tsk);
/* Make dentry the cwd (takes a reference of its own). */
void set_fs_pwd(struct fs_struct *fs, struct dentry *dentry);
void set_fs_root(struct fs_struct *fs, struct dentry *dentry);

/* ---- fs/read_write.c ---- */
/* Read/write through f->f_op at *pos with a user buffer: bytes, or -errno. */
long vfs_read(struct file *f, char __user *buf, size_t count, loff_t *pos);
long vfs_write(struct file *f, const char __user *buf, size_t count, loff_t *pos);
/* The same with a kernel buffer. */
long kernel_read(struct file *f, void *buf, size_t count, loff_t *pos);
long kernel_write(struct file *f, const void *buf, size_t count, loff_t *pos);
loff_t vfs_llseek(struct file *f, loff_t offset, int whence);
/* sendfile's copy from in (at *pos) to out through a kernel page: bytes or -errno. */
long do_sendfile(struct file *in, struct file *out, loff_t *pos, size_t count);
/* llseek for files whose size is i_size (ramfs, directories). */
loff_t generic_file_llseek(struct file *f, loff_t offset, int whence);

/*
 * Copy between a read/write buffer of f's op and the kernel: the buffer is a
 * kernel one when the calling task is inside kernel_read/kernel_write
 * (current->kernel_io), else a user one.  Not the file's state: a struct file
 * is shared (fork, dup), and another task's kernel_read must not make this
 * task's pointer pass for a kernel one.  0, or -EFAULT.
 */
int fs_copy_to_buf(struct file *f, char *buf, const void *src, size_t n);
int fs_copy_from_buf(struct file *f, void *dst, const char *buf, size_t n);

/* ---- fs/stat.c, fs/readdir.c ---- */
struct stat;
/* Fill st from inode, as stat(2) returns it. */
void generic_fillattr(struct inode *inode, struct stat *st);
/* stat of a kernel name relative to dfd (AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH): 0 or -errno. */
int vfs_fstatat(int dfd, const char *name, struct stat *st, int flags);
/* A symlink's target into kbuf[size], not NUL-terminated: its length or -errno. */
long vfs_readlinkat(int dfd, const char *name, char *kbuf, int size);
/* getdents64 into buf[count] (user, or kernel inside kernel_getdents64): bytes, 0 at the end. */
long iterate_dir_getdents64(struct file *f, char *buf, unsigned int count);
/* getdents64 into the kernel buffer buf[count]: bytes, 0 at the end, or -errno. */
long kernel_getdents64(struct file *f, void *buf, unsigned int count);
/* DT_* of an i_mode. */
unsigned int fs_umode_to_dtype(umode_t mode);

/* ---- fs/utimes.c ---- */
struct __kernel_timespec;
/*
 * utimensat with a kernel name (NULL: dfd's own file) and times (NULL: now;
 * times[1] is the modification time, UTIME_NOW/UTIME_OMIT as Linux's): 0 or -errno.
 */
long do_utimes(int dfd, const char *name, const struct __kernel_timespec *times, int flags);

/* ---- fs/fcntl.c, fs/ioctl.c ---- */
/* fcntl on fd's open file f: the result, or -errno (-EINVAL for an unknown cmd). */
long do_fcntl(int fd, unsigned int cmd, unsigned long arg, struct file *f);
/* f->f_op->unlocked_ioctl's answer, or -ENOTTY. */
long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg);

/* ---- fs/select.c ---- */
struct pollfd;
/*
 * poll on a kernel array: the number of fds with revents, 0 when
 * timeout_jiffies (-1: none) passed first, -ERESTARTNOHAND on a signal.
 */
long do_sys_poll(struct pollfd *fds, unsigned int nfds, long timeout_jiffies);

/* ---- fs/pipe.c ---- */
/* A pipe's two files, res[0] its read end, res[1] its write end: 0 or -ENFILE. */
int create_pipe_files(struct file **res, int flags);
/* pipe2 with a kernel int[2] (O_CLOEXEC, O_NONBLOCK): 0 or -errno; both fds installed. */
int do_pipe_flags(int *fd, int flags);

/* ---- fs/char_dev.c ---- */
#define MEM_MAJOR  1                    /* /dev/mem, null, zero (Documentation/admin-guide/devices.txt) */
#define TTYAUX_MAJOR 5                  /* /dev/tty 5,0 and /dev/console 5,1 */
/*
 * Register fops for every minor of major (Linux's register_chrdev with
 * major > 0): opening a character device inode of that major calls
 * fops->open, which may switch file->f_op by iminor(inode).  0 or -EBUSY.
 */
int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops);
void unregister_chrdev(unsigned int major, const char *name);
/* drivers/mem.c: register major 1 (null, zero): 0 or -errno. */
int chr_dev_init(void);
static inline unsigned int iminor(const struct inode *inode) { return MINOR(inode->i_rdev); }
static inline unsigned int imajor(const struct inode *inode) { return MAJOR(inode->i_rdev); }

/* ---- fs/ramfs.c ---- */
/* The root of the RAM filesystem that the initramfs fills (/). */
extern struct dentry *rootfs_root;
/* Make / and the filesystems mounted in it (/dev, /proc). */
void vfs_caches_init(void);

#endif
