/*
 * Pipes (Linux's fs/pipe.c, reduced to one page): a ring of PIPE_SIZE bytes
 * between a read end and a write end, two struct files on one inode.
 *
 *   read   takes what is there (at most count); with nothing there it sleeps
 *          on rd_wait until a writer writes or the last writer closes (then
 *          0: end of file); O_NONBLOCK gives -EAGAIN instead of sleeping.
 *   write  of at most PIPE_BUF bytes goes in whole (atomic, POSIX), waiting
 *          for room; a longer one goes in as room comes.  With no reader
 *          left: SIGPIPE to the writer and -EPIPE.
 *
 * lock guards the ring and the counts.  Bytes cross the lock through a
 * kernel bounce buffer, so no user copy (which may fault and sleep) happens
 * under it.  A signal while sleeping ends the call: -ERESTARTSYS, or the
 * bytes moved so far.
 */
#include <asm/page.h>
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <mm/gfp.h>
#include <mm/slab.h>
#include <uapi/linux/poll.h>

#include "internal.h"

#define PIPE_SIZE  PAGE_SIZE            /* the ring: one page */
#define PIPE_BUF   4096                 /* writes this small are atomic (POSIX) */
#define PIPEFS_DEV MKDEV(0, 12)
#define BOUNCE     256                  /* bytes per trip through the lock, on the stack */

struct pipe_inode_info {
	spinlock_t lock;
	wait_queue_head_t rd_wait, wr_wait;
	u8 *buf;                        /* PIPE_SIZE bytes */
	unsigned int head, len;         /* next byte to read, bytes in the ring */
	unsigned int readers, writers;  /* open ends */
};

static struct super_block pipefs_sb = { .s_type = "pipefs", .s_dev = PIPEFS_DEV };

/* Take at most n bytes from the ring into dst (under lock): how many. */
static size_t pipe_take(struct pipe_inode_info *p, u8 *dst, size_t n)
{
	size_t done = 0;

	n = min(n, (size_t)p->len);
	while (done < n) {
		size_t chunk = min(n - done, (size_t)(PIPE_SIZE - p->head));

		memcpy(dst + done, p->buf + p->head, chunk);
		p->head = (p->head + chunk) % PIPE_SIZE;
		p->len -= chunk;
		done += chunk;
	}
	return done;
}

/* Put n bytes into the ring (under lock; the caller checked the room). */
static void pipe_put(struct pipe_inode_info *p, const u8 *src, size_t n)
{
	size_t tail = (p->head + p->len) % PIPE_SIZE, done = 0;

	while (done < n) {
		size_t chunk = min(n - done, (size_t)(PIPE_SIZE - tail));

		memcpy(p->buf + tail, src + done, chunk);
		tail = (tail + chunk) % PIPE_SIZE;
		p->len += chunk;
		done += chunk;
	}
}

static bool pipe_readable(struct pipe_inode_info *p)
{
	return READ_ONCE(p->len) || !READ_ONCE(p->writers);
}

static long pipe_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	struct pipe_inode_info *p = f->f_inode->i_private;
	size_t done = 0;

	while (done < count) {
		u8 bounce[BOUNCE];
		size_t n;
		int err;

		spin_lock(&p->lock);
		n = pipe_take(p, bounce, min(count - done, sizeof(bounce)));
		spin_unlock(&p->lock);
		if (n) {
			wake_up_interruptible(&p->wr_wait);
			if (fs_copy_to_buf(f, buf + done, bounce, n))
				return done ? (long)done : -EFAULT;
			done += n;
			continue;
		}
		if (done || !READ_ONCE(p->writers))
			break;          /* some bytes, or end of file */
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(p->rd_wait, pipe_readable(p));
		if (err)
			return err;
	}
	return done;
}

/* Room for n bytes, or no reader: when a writer may go on. */
static bool pipe_writable(struct pipe_inode_info *p, size_t n)
{
	return PIPE_SIZE - READ_ONCE(p->len) >= n || !READ_ONCE(p->readers);
}

/* Put src[n] (a kernel copy) into the ring, whole if atomic: n, or -errno. */
static long pipe_write_chunk(struct file *f, struct pipe_inode_info *p, const u8 *src,
			     size_t n, bool atomic)
{
	size_t need = atomic ? n : 1, put;
	int err;

	for (;;) {
		spin_lock(&p->lock);
		if (!p->readers) {
			spin_unlock(&p->lock);
			send_sig(SIGPIPE, current, 0);
			return -EPIPE;
		}
		if (PIPE_SIZE - p->len >= need) {
			put = min(n, (size_t)(PIPE_SIZE - p->len));
			pipe_put(p, src, put);
			spin_unlock(&p->lock);
			wake_up_interruptible(&p->rd_wait);
			return put;
		}
		spin_unlock(&p->lock);
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(p->wr_wait, pipe_writable(p, need));
		if (err)
			return err;
	}
}

static long pipe_write(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	struct pipe_inode_info *p = f->f_inode->i_private;
	bool atomic = count <= PIPE_BUF;
	u8 small[BOUNCE], *bounce = small;
	size_t done = 0, cap = sizeof(small);

	if (count > sizeof(small)) {
		bounce = (u8 *)__get_free_page(GFP_KERNEL);     /* PIPE_BUF fits in a page */
		cap = PAGE_SIZE;
		if (!bounce)
			return -ENOMEM;
	}
	while (done < count) {
		size_t n = min(count - done, cap);
		long put;

		if (fs_copy_from_buf(f, bounce, buf + done, n)) {
			done = done ? done : (size_t)-EFAULT;
			break;
		}
		for (size_t off = 0; off < n; off += put) {
			put = pipe_write_chunk(f, p, bounce + off, n - off, atomic);
			if (put < 0) {
				done = done ? done : (size_t)put;
				goto out;
			}
			done += put;
		}
	}
out:
	if (bounce != small)
		free_page((unsigned long)bounce);
	return (long)done;
}

static unsigned int pipe_poll(struct file *f)
{
	struct pipe_inode_info *p = f->f_inode->i_private;
	unsigned int mask = 0;

	spin_lock(&p->lock);
	if ((f->f_mode & FMODE_READ) && p->len)
		mask |= POLLIN | POLLRDNORM;
	if ((f->f_mode & FMODE_READ) && !p->writers)
		mask |= POLLHUP;
	if ((f->f_mode & FMODE_WRITE) && p->len < PIPE_SIZE)
		mask |= POLLOUT | POLLWRNORM;
	if ((f->f_mode & FMODE_WRITE) && !p->readers)
		mask |= POLLERR;
	spin_unlock(&p->lock);
	return mask;
}

static int pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = inode->i_private;

	spin_lock(&p->lock);
	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	spin_unlock(&p->lock);
	wake_up_interruptible_all(&p->rd_wait);
	wake_up_interruptible_all(&p->wr_wait);
	return 0;
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.release = pipe_release,
};

static void free_pipe_info(struct inode *inode)
{
	struct pipe_inode_info *p = inode->i_private;

	if (p) {
		free_page((unsigned long)p->buf);
		kfree(p);
	}
}

static const struct super_operations pipefs_ops = {
	.evict_inode = free_pipe_info,
};

/* A pipe's inode (its ring allocated), or NULL. */
static struct inode *get_pipe_inode(void)
{
	struct inode *inode = new_inode(&pipefs_sb);
	struct pipe_inode_info *p = kzalloc(sizeof(*p), GFP_KERNEL);

	pipefs_sb.s_op = &pipefs_ops;
	if (!inode || !p || !(p->buf = (u8 *)__get_free_page(GFP_KERNEL))) {
		kfree(p);
		iput(inode);
		return NULL;
	}
	spin_lock_init(&p->lock);
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	p->readers = p->writers = 1;
	inode->i_mode = S_IFIFO | 0600;
	inode->i_private = p;
	return inode;
}

int create_pipe_files(struct file **res, int flags)
{
	struct inode *inode = get_pipe_inode();

	if (!inode)
		return -ENFILE;
	res[0] = alloc_file_pseudo(inode, O_RDONLY | (flags & O_NONBLOCK), &pipe_fops);
	res[1] = IS_ERR(res[0]) ? res[0] :
		 alloc_file_pseudo(inode, O_WRONLY | (flags & O_NONBLOCK), &pipe_fops);
	iput(inode);                    /* the files hold it */
	if (IS_ERR(res[1])) {
		if (!IS_ERR(res[0]))
			fput(res[0]);
		return -ENFILE;
	}
	return 0;
}

/* pipe2 with a kernel int[2]: 0 or -errno; the fds are installed. */
int do_pipe_flags(int *fd, int flags)
{
	struct file *files[2];
	int err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = get_unused_fd_flags(flags);
	fd[1] = fd[0] < 0 ? fd[0] : get_unused_fd_flags(flags);
	if (fd[1] < 0) {
		if (fd[0] >= 0)
			put_unused_fd(fd[0]);
		fput(files[0]);
		fput(files[1]);
		return fd[1];
	}
	fd_install(fd[0], files[0]);
	fd_install(fd[1], files[1]);
	return 0;
}

/* pipe2(2) and pipe(2): the two fds made, then copied out (Linux's do_pipe2). */
static long do_pipe2(int __user *fildes, int flags)
{
	int fd[2], err = do_pipe_flags(fd, flags);

	if (err)
		return err;
	if (copy_to_user(fildes, fd, sizeof(fd))) {
		close_fd(fd[0]);
		close_fd(fd[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
{
	return do_pipe2(fildes, flags);
}

SYSCALL_DEFINE1(pipe, int __user *, fildes)
{
	return do_pipe2(fildes, 0);
}
