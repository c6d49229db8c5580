/*
 * The fd table of a process (Linux's fs/file.c): NR_OPEN_DEFAULT (64) slots,
 * each NULL or a referenced struct file, a bitmap of slots in use or reserved
 * (open_fds: an open reserves its fd first, installs the file last) and one
 * of close-on-exec fds.  file_lock guards all three; a file's reference is
 * dropped outside it (fput may call a driver's release).  Forked children get
 * a copy (dup_fd), threads (CLONE_FILES) share one, counted by count.
 *
 * Here too: dup, dup2, dup3 and fcntl's fd commands' helpers.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <mm/slab.h>

#include "internal.h"

struct files_struct init_files = {
	.count = 1,
	.file_lock = __SPIN_LOCK_UNLOCKED(init_files.file_lock),
};

struct files_struct *current_files(void)
{
	struct task_struct *t = current;

	return t && t->files ? t->files : &init_files;
}

struct files_struct *dup_fd(struct files_struct *oldf)
{
	struct files_struct *newf = kzalloc(sizeof(*newf), GFP_KERNEL);

	if (!newf)
		return NULL;
	newf->count = 1;
	spin_lock_init(&newf->file_lock);
	spin_lock(&oldf->file_lock);
	for (int fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
		struct file *f = oldf->fd[fd];

		if (f) {                /* a reserved, not yet installed fd stays free */
			newf->fd[fd] = get_file(f);
			newf->open_fds |= 1UL << fd;
		}
	}
	newf->close_on_exec = oldf->close_on_exec & newf->open_fds;
	spin_unlock(&oldf->file_lock);
	return newf;
}

/* Take fd's file out of the table (the caller fputs it); NULL if none. */
static struct file *pick_file(struct files_struct *files, unsigned int fd)
{
	struct file *f = NULL;

	if (fd >= NR_OPEN_DEFAULT)
		return NULL;
	spin_lock(&files->file_lock);
	f = files->fd[fd];
	if (f) {
		files->fd[fd] = NULL;
		files->open_fds &= ~(1UL << fd);
		files->close_on_exec &= ~(1UL << fd);
	}
	spin_unlock(&files->file_lock);
	return f;
}

void put_files_struct(struct files_struct *files)
{
	if (__atomic_sub_fetch(&files->count, 1, __ATOMIC_ACQ_REL))
		return;
	for (unsigned int fd = 0; fd < NR_OPEN_DEFAULT; fd++)
		fput(pick_file(files, fd));
	if (files != &init_files)
		kfree(files);
}

void do_close_on_exec(struct files_struct *files)
{
	for (unsigned int fd = 0; fd < NR_OPEN_DEFAULT; fd++)
		if (READ_ONCE(files->close_on_exec) & (1UL << fd))
			fput(pick_file(files, fd));
}

/* The lowest free fd >= start in files, reserved: or -EMFILE. */
static int alloc_fd(struct files_struct *files, unsigned int start, unsigned int flags)
{
	int fd = -EMFILE;

	spin_lock(&files->file_lock);
	for (unsigned int i = start; i < NR_OPEN_DEFAULT; i++) {
		if (!(files->open_fds & (1UL << i))) {
			files->open_fds |= 1UL << i;
			if (flags & O_CLOEXEC)
				files->close_on_exec |= 1UL << i;
			else
				files->close_on_exec &= ~(1UL << i);
			fd = i;
			break;
		}
	}
	spin_unlock(&files->file_lock);
	return fd;
}

int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(current_files(), 0, flags);
}

void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = current_files();

	spin_lock(&files->file_lock);
	files->open_fds &= ~(1UL << fd);
	files->close_on_exec &= ~(1UL << fd);
	spin_unlock(&files->file_lock);
}

void fd_install(unsigned int fd, struct file *file)
{
	struct files_struct *files = current_files();

	spin_lock(&files->file_lock);
	files->fd[fd] = file;
	spin_unlock(&files->file_lock);
}

struct file *fget(unsigned int fd)
{
	struct files_struct *files = current_files();
	struct file *f = NULL;

	if (fd >= NR_OPEN_DEFAULT)
		return NULL;
	spin_lock(&files->file_lock);
	if (files->fd[fd])
		f = get_file(files->fd[fd]);
	spin_unlock(&files->file_lock);
	return f;
}

int close_fd(unsigned int fd)
{
	struct file *f = pick_file(current_files(), fd);

	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

/* FD_CLOEXEC of fd, or -EBADF. */
int get_close_on_exec(unsigned int fd)
{
	struct files_struct *files = current_files();
	int r = -EBADF;

	spin_lock(&files->file_lock);
	if (fd < NR_OPEN_DEFAULT && files->fd[fd])
		r = (files->close_on_exec >> fd) & 1 ? FD_CLOEXEC : 0;
	spin_unlock(&files->file_lock);
	return r;
}

int set_close_on_exec(unsigned int fd, bool on)
{
	struct files_struct *files = current_files();
	int r = -EBADF;

	spin_lock(&files->file_lock);
	if (fd < NR_OPEN_DEFAULT && files->fd[fd]) {
		if (on)
			files->close_on_exec |= 1UL << fd;
		else
			files->close_on_exec &= ~(1UL << fd);
		r = 0;
	}
	spin_unlock(&files->file_lock);
	return r;
}

/* fcntl F_DUPFD: a new fd >= start for the same file. */
int f_dupfd(unsigned int start, struct file *f, unsigned int flags)
{
	int fd;

	if (start >= NR_OPEN_DEFAULT)
		return -EINVAL;
	fd = alloc_fd(current_files(), start, flags);
	if (fd >= 0)
		fd_install(fd, get_file(f));
	return fd;
}

/* dup2/dup3: make newfd refer to oldfd's file, closing what newfd had. */
static long do_dup2(unsigned int oldfd, unsigned int newfd, unsigned int flags)
{
	struct files_struct *files = current_files();
	struct file *f = fget(oldfd), *old;

	if (!f)
		return -EBADF;
	if (newfd >= NR_OPEN_DEFAULT) {
		fput(f);
		return -EBADF;
	}
	spin_lock(&files->file_lock);
	if ((files->open_fds & (1UL << newfd)) && !files->fd[newfd]) {
		spin_unlock(&files->file_lock);
		fput(f);
		return -EBUSY;          /* reserved by an open in progress (Linux's answer) */
	}
	old = files->fd[newfd];
	files->fd[newfd] = f;
	files->open_fds |= 1UL << newfd;
	if (flags & O_CLOEXEC)
		files->close_on_exec |= 1UL << newfd;
	else
		files->close_on_exec &= ~(1UL << newfd);
	spin_unlock(&files->file_lock);
	fput(old);
	return newfd;
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup2(oldfd, newfd, flags);
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return do_dup2(oldfd, newfd, 0);
}

SYSCALL_DEFINE1(dup, unsigned int, fildes)
{
	struct file *f = fget(fildes);
	int fd;

	if (!f)
		return -EBADF;
	fd = f_dupfd(0, f, 0);
	fput(f);
	return fd;
}
