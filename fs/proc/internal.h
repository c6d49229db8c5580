/*
 * What the files of fs/proc/ share (Linux's fs/proc/internal.h).
 */
#ifndef ATLAS_FS_PROC_INTERNAL_H
#define ATLAS_FS_PROC_INTERNAL_H

#include <fs/fs.h>
#include <kernel/sched.h>        /* PID_MAX_DEFAULT, the proc_pid_*_show of kernel/ */
#include <mm/mmap.h>            /* proc_pid_maps_show */
#include <kernel/seq_file.h>

#define PROC_DEV        MKDEV(0, 20)    /* st_dev of /proc's files */

struct task_struct;

extern struct super_block *proc_sb;

/* A new /proc inode (mode, fops, private), or NULL. */
struct inode *proc_new_inode(umode_t mode, const struct file_operations *fops, void *private);
/* A dentry under parent for inode, not listed (made for one lookup), or NULL. */
struct dentry *proc_lookup_dentry(struct dentry *parent, const char *name, struct inode *inode);

/*
 * A /proc file's text: fill(m, arg) runs into a buffer that grows until it
 * fits (Linux's seq_read retries with a bigger buffer on overflow), at the
 * first read and again after a seek back to 0; reads copy from it.
 */
typedef int (*proc_fill_t)(struct file *f, struct seq_file *m);
long proc_seq_read(struct file *f, char *buf, size_t count, loff_t *pos, proc_fill_t fill);
loff_t proc_seq_lseek(struct file *f, loff_t offset, int whence);
int proc_seq_release(struct inode *inode, struct file *f);

/* generic.c: every PROC_SHOW view as a file under root */
void proc_create_views(struct dentry *root);

/* base.c: /proc/PID and /proc/self */
void proc_create_self(struct dentry *root);
struct dentry *proc_pid_dir_lookup(struct dentry *parent, const char *name);
/* Emit the pid directories from ctx->pos (PROC_PID_POS + pid): for the root's readdir. */
void proc_pid_readdir(struct dir_context *ctx);
#define PROC_PID_POS 0x100000           /* readdir positions of pids start here */

#endif
