/*
 * fs_pipe suite: a pipe's ring through kernel_read/kernel_write: bytes come
 * out in order, an empty pipe with O_NONBLOCK is -EAGAIN, end of file once
 * the writers close, -EPIPE with no reader, and a reader and a writer in two
 * threads (the writer sending twice the ring, so both block in turn).
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/err.h>
#include <kernel/kthread.h>
#include <kernel/kunit.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <mm/slab.h>
#include <uapi/linux/poll.h>

#define WAIT_JIFFIES (10 * HZ)          /* for the writer thread to end: generous */
#define BIG          (2 * 4096 + 100)   /* more than the ring holds */

static void fs_pipe_bytes_in_order_eagain_eof(struct kunit *test)
{
	struct file *p[2];
	char buf[16] = "";
	loff_t pos = 0;

	KUNIT_ASSERT_EQ(test, create_pipe_files(p, O_NONBLOCK), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, sizeof(buf), &pos), -EAGAIN);
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], "hello, ", 7, &pos), 7);
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], "pipe", 4, &pos), 4);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, 5, &pos), 5);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "hello", 5), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, sizeof(buf) - 1, &pos), 6);
	KUNIT_EXPECT_EQ(test, memcmp(buf, ", pipe", 6), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(p[1], buf, 1, &pos), -EBADF);    /* the write end */
	KUNIT_EXPECT_EQ(test, kernel_write(p[0], "x", 1, &pos), -EBADF);   /* the read end */
	KUNIT_EXPECT_EQ(test, vfs_llseek(p[0], 0, SEEK_SET), -ESPIPE);
	fput(p[1]);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, sizeof(buf), &pos), 0);       /* EOF */
	fput(p[0]);
}

static void fs_pipe_without_reader_is_epipe(struct kunit *test)
{
	struct file *p[2];
	loff_t pos = 0;

	KUNIT_ASSERT_EQ(test, create_pipe_files(p, 0), 0);
	fput(p[0]);
	/* the test thread is a kernel thread: it ignores the SIGPIPE */
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], "x", 1, &pos), -EPIPE);
	fput(p[1]);
}

static void fs_pipe_full_ring_is_eagain_and_polls(struct kunit *test)
{
	char *buf = kzalloc(BIG, GFP_KERNEL);
	struct file *p[2];
	loff_t pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, create_pipe_files(p, O_NONBLOCK), 0);
	KUNIT_EXPECT_EQ(test, p[0]->f_op->poll(p[0]), 0);
	KUNIT_EXPECT_EQ(test, p[1]->f_op->poll(p[1]), POLLOUT | POLLWRNORM);
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], buf, BIG, &pos), 4096);          /* as much as fits */
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], buf, 1, &pos), -EAGAIN);
	KUNIT_EXPECT_EQ(test, p[0]->f_op->poll(p[0]), POLLIN | POLLRDNORM);
	KUNIT_EXPECT_EQ(test, p[1]->f_op->poll(p[1]), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, 100, &pos), 100);
	/* a small write is all or nothing: 200 bytes do not fit in the 100 free */
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], buf, 200, &pos), -EAGAIN);
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], buf, 100, &pos), 100);
	fput(p[1]);
	KUNIT_EXPECT_EQ(test, p[0]->f_op->poll(p[0]), POLLIN | POLLRDNORM | POLLHUP);
	fput(p[0]);
	kfree(buf);
}

static int pipe_writer(void *arg)
{
	struct file *w = arg;
	char *buf = kmalloc(BIG, GFP_KERNEL);
	loff_t pos = 0;

	if (buf) {
		for (int i = 0; i < BIG; i++)
			buf[i] = (char)(i * 13);
		kernel_write(w, buf, BIG, &pos);        /* blocks until the reader makes room */
		kfree(buf);
	}
	fput(w);                        /* the reader sees end of file */
	return 0;
}

static void fs_pipe_reader_and_writer_threads(struct kunit *test)
{
	char *buf = kzalloc(BIG + 1, GFP_KERNEL);
	struct task_struct *t;
	struct file *p[2];
	long n, total = 0, left = WAIT_JIFFIES;
	loff_t pos = 0;
	bool same = true;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, create_pipe_files(p, 0), 0);
	t = kthread_run(pipe_writer, p[1], "pipetest");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	while ((n = kernel_read(p[0], buf + total, BIG + 1 - total, &pos)) > 0)
		total += n;                     /* blocks while the pipe is empty */
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, total, BIG);
	for (int i = 0; i < total; i++)
		same &= buf[i] == (char)(i * 13);
	KUNIT_EXPECT_TRUE(test, same);
	fput(p[0]);
	kfree(buf);
	while (!(READ_ONCE(t->state) == TASK_DEAD && !READ_ONCE(t->on_cpu)) && left-- > 0)
		schedule_timeout_uninterruptible(1);
	if (left >= 0)
		put_task_struct(t);
	KUNIT_EXPECT_GE(test, left, 0);         /* the writer ended */
}

static struct kunit_case fs_pipe_cases[] = {
	KUNIT_CASE(fs_pipe_bytes_in_order_eagain_eof),
	KUNIT_CASE(fs_pipe_without_reader_is_epipe),
	KUNIT_CASE(fs_pipe_full_ring_is_eagain_and_polls),
	KUNIT_CASE(fs_pipe_reader_and_writer_threads),
	{}
};

static struct kunit_suite fs_pipe_suite = { .name = "fs_pipe", .test_cases = fs_pipe_cases };
kunit_test_suite(fs_pipe_suite);
