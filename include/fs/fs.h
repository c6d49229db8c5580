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

struct file_operations {
	loff_t (*llseek)(struct file *, loff_t, int);
	/* buf is a kernel buffer when file->f_kernel_io, else a __user one */
	long (*read)(struct file *, char *buf, size_t, loff_t *);
	long (*write)(struct file *, const char *buf, size_t, loff_t *);
	int (*iterate)(struct file *, void *ctx);       /* getdents64 (fs/readdir.c) */
	unsigned int (*poll)(struct file *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
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
};

struct super_block {
	dev_t s_dev;                    /* st_dev, and maps' "00:02" */
	const char *s_type;             /* "ramfs", "proc", "devtmpfs" */
	unsigned long s_next_ino;
};

struct dentry {
	char d_name[256];
	struct dentry *d_parent;        /* itself for a root */
	struct inode *d_inode;          /* NULL: a negative dentry */
	struct list_head d_subdirs;     /* children */
	struct list_head d_child;       /* in d_parent->d_subdirs */
	struct dentry *d_mounted;       /* the root of what is mounted here, or NULL */
	int d_count;
};

struct file {
	struct dentry *f_dentry;
	struct inode *f_inode;
	const struct file_operations *f_op;
	unsigned int f_flags;           /* O_* given to open */
	loff_t f_pos;
	int f_count;                    /* fds and other references (atomic) */
	void *private_data;             /* the file's own (pipe, seq_file, tty) */
};

/* The fd table of a process (Linux's files_struct + fdtable, fixed size). */
#define NR_OPEN_DEFAULT 64
struct files_struct {
	int count;                      /* tasks sharing it (atomic) */
	spinlock_t file_lock;
	struct file *fd[NR_OPEN_DEFAULT];
	unsigned long close_on_exec;    /* bit fd: FD_CLOEXEC */
};

/* cwd and root of a process */
struct fs_struct {
	int users;
	struct dentry *root, *pwd;
	unsigned int umask;
};

#endif
