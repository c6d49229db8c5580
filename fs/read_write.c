/*
 * Reading and writing (Linux's fs/read_write.c): read, write, pread64,
 * pwrite64, readv, writev, lseek, sendfile, and the kernel's kernel_read and
 * kernel_write.  Every path goes through vfs_read/vfs_write, which check the
 * file's mode and the buffer, then call the file's op with a position; the
 * fd calls keep the position in file->f_pos.
 *
 * An op copies with fs_copy_to_buf/fs_copy_from_buf, which follow
 * current->kernel_io: kernel_read and kernel_write set it around their call
 * so the same op serves a user buffer and a kernel one (what Linux's
 * iov_iter does).  It is the task's, not the file's: the struct file may be
 * shared with processes reading and writing it meanwhile with user pointers
 * (a sendfile into a pipe both hold, a page fault reading a mapped file).
 */
#include <errno.h>
#include <asm/page.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kernel.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/uaccess.h>
#include <mm/gfp.h>
#include <mm/slab.h>
#include <uapi/linux/uio.h>

#include "internal.h"

/* One call moves at most this much (Linux's MAX_RW_COUNT). */
#define MAX_RW_COUNT (0x7fffffff & PAGE_MASK)
#define LOFF_MAX ((loff_t)(~0ULL >> 1))

int fs_copy_to_buf(struct file *f, char *buf, const void *src, size_t n)
{
	if (current->kernel_io) {
		memcpy(buf, src, n);
		return 0;
	}
	return copy_to_user((void __user *)buf, src, n) ? -EFAULT : 0;
}

int fs_copy_from_buf(struct file *f, void *dst, const char *buf, size_t n)
{
	if (current->kernel_io) {
		memcpy(dst, buf, n);
		return 0;
	}
	return copy_from_user(dst, (const void __user *)buf, n) ? -EFAULT : 0;
}

static long rw_check(struct file *f, unsigned int mode, const void __user *buf, size_t *count)
{
	if (!(f->f_mode & mode))
		return -EBADF;
	if (f->f_inode && S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op || !(mode == FMODE_READ ? (void *)f->f_op->read : (void *)f->f_op->write))
		return -EINVAL;
	if (*count > MAX_RW_COUNT)
		*count = MAX_RW_COUNT;
	if (!current->kernel_io && !access_ok(buf, *count))
		return -EFAULT;
	return 0;
}

long vfs_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	long err = rw_check(f, FMODE_READ, buf, &count);

	if (err)
		return err;
	if (!count)
		return 0;
	return f->f_op->read(f, (char *)buf, count, pos);
}

long vfs_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	long err = rw_check(f, FMODE_WRITE, buf, &count);

	if (err)
		return err;
	if (!count)
		return 0;
	return f->f_op->write(f, (const char *)buf, count, pos);
}

long kernel_read(struct file *f, void *buf, size_t count, loff_t *pos)
{
	struct task_struct *t = current;
	bool was = t->kernel_io;
	long r;

	t->kernel_io = true;
	r = vfs_read(f, (char __user *)buf, count, pos);
	t->kernel_io = was;
	return r;
}

long kernel_write(struct file *f, const void *buf, size_t count, loff_t *pos)
{
	struct task_struct *t = current;
	bool was = t->kernel_io;
	long r;

	t->kernel_io = true;
	r = vfs_write(f, (const char __user *)buf, count, pos);
	t->kernel_io = was;
	return r;
}

loff_t generic_file_llseek(struct file *f, loff_t offset, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->f_pos; break;
	case SEEK_END: base = READ_ONCE(f->f_inode->i_size); break;
	default: return -EINVAL;
	}
	if ((offset > 0 && base > LOFF_MAX - offset) || base + offset < 0)
		return -EINVAL;
	f->f_pos = base + offset;
	return f->f_pos;
}

loff_t vfs_llseek(struct file *f, loff_t offset, int whence)
{
	if (!f->f_op || !f->f_op->llseek)
		return -ESPIPE;
	return f->f_op->llseek(f, offset, whence);
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	r = vfs_read(f, buf, count, &f->f_pos);
	fput(f);
	return r;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	r = vfs_write(f, buf, count, &f->f_pos);
	fput(f);
	return r;
}

/* pread/pwrite need a file that can seek (not a pipe or a tty). */
static long do_prw(unsigned int fd, char __user *buf, size_t count, loff_t pos, bool write)
{
	struct file *f;
	long r;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!f->f_op || !f->f_op->llseek)
		r = -ESPIPE;
	else
		r = write ? vfs_write(f, buf, count, &pos) : vfs_read(f, buf, count, &pos);
	fput(f);
	return r;
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf, size_t, count, loff_t, pos)
{
	return do_prw(fd, buf, count, pos, false);
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf, size_t, count,
		loff_t, pos)
{
	return do_prw(fd, (char __user *)buf, count, pos, true);
}

/*
 * The iovecs of readv/writev, copied in and checked first as Linux's
 * import_iovec: a bad array is -EFAULT and a length that is negative as a
 * ssize_t -EINVAL, before any byte moves.  A kmalloc'd array, or ERR_PTR.
 */
static struct iovec *import_iovecs(const struct iovec __user *vec, unsigned long vlen)
{
	struct iovec *iov;

	if (vlen > UIO_MAXIOV)
		return ERR_PTR(-EINVAL);
	iov = kmalloc_array(vlen ? vlen : 1, sizeof(*iov), GFP_KERNEL);
	if (!iov)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(iov, vec, vlen * sizeof(*iov))) {
		kfree(iov);
		return ERR_PTR(-EFAULT);
	}
	for (unsigned long i = 0; i < vlen; i++) {
		if ((long)iov[i].iov_len < 0) {
			kfree(iov);
			return ERR_PTR(-EINVAL);
		}
	}
	return iov;
}

/* readv/writev: each iovec in turn, stopping at a short transfer, as Linux. */
static long do_rwv(unsigned int fd, const struct iovec __user *vec, unsigned long vlen,
		   bool write)
{
	struct iovec *iov;
	struct file *f;
	long total = 0;

	f = fget(fd);
	if (!f)
		return -EBADF;
	iov = import_iovecs(vec, vlen);
	if (IS_ERR(iov)) {
		fput(f);
		return PTR_ERR(iov);
	}
	for (unsigned long i = 0; i < vlen; i++) {
		long r = write ? vfs_write(f, iov[i].iov_base, iov[i].iov_len, &f->f_pos)
			       : vfs_read(f, iov[i].iov_base, iov[i].iov_len, &f->f_pos);

		if (r < 0) {
			total = total ? total : r;
			break;
		}
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	kfree(iov);
	fput(f);
	return total;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_rwv(fd, vec, vlen, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_rwv(fd, vec, vlen, true);
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, loff_t, offset, unsigned int, whence)
{
	struct file *f = fget(fd);
	loff_t r;

	if (!f)
		return -EBADF;
	r = vfs_llseek(f, offset, whence);
	fput(f);
	return r;
}

/*
 * Copy count bytes from in (at *pos, or its f_pos) to out through a kernel
 * page: the bytes copied, or -errno if none were.
 */
long do_sendfile(struct file *in, struct file *out, loff_t *pos, size_t count)
{
	void *buf = (void *)__get_free_page(GFP_KERNEL);
	long done = 0;

	if (!buf)
		return -ENOMEM;
	while ((size_t)done < count) {
		long n = kernel_read(in, buf, min(count - done, (size_t)PAGE_SIZE), pos);
		long w;

		if (n <= 0) {
			done = done ? done : n;
			break;
		}
		w = kernel_write(out, buf, n, &out->f_pos);
		if (w < 0) {
			done = done ? done : w;
			break;
		}
		done += w;
		if (w < n)
			break;
	}
	free_page((unsigned long)buf);
	return done;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, loff_t __user *, offset, size_t, count)
{
	struct file *in = fget(in_fd), *out = fget(out_fd);
	loff_t pos;
	long r = -EBADF;

	if (!in || !out || !(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		goto out;
	r = -EINVAL;
	if (in->f_op && in->f_op->no_splice_read)
		goto out;
	r = -EFAULT;
	if (offset && copy_from_user(&pos, offset, sizeof(pos)))
		goto out;
	r = do_sendfile(in, out, offset ? &pos : &in->f_pos, min(count, (size_t)MAX_RW_COUNT));
	if (offset && r >= 0 && copy_to_user(offset, &pos, sizeof(pos)))
		r = -EFAULT;
out:
	fput(in);
	fput(out);
	return r;
}
