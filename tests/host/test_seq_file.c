/*
 * Host tests of kernel/seq_file.c (include/kernel/seq_file.h): how a show
 * function's text collects in a buffer, what happens when it does not fit,
 * and how a sink (the monitor's serial port) receives it call by call.
 */
#include <string.h>

#include <kernel/seq_file.h>

#include "hosttest.h"

TEST(seq_file_collects_text_in_the_buffer)
{
	char buf[64];
	struct seq_file m;

	seq_file_init(&m, buf, sizeof(buf));
	seq_printf(&m, "Node %d, zone %8s ", 0, "DMA");
	seq_puts(&m, "ok");
	seq_putc(&m, '\n');
	CHECK_STR(buf, "Node 0, zone      DMA ok\n");
	CHECK_EQ_INT(m.count, strlen(buf));
	CHECK(!seq_has_overflowed(&m));
}

TEST(seq_file_overflow_is_reported_and_nothing_more_is_added)
{
	char buf[8];
	struct seq_file m;

	seq_file_init(&m, buf, sizeof(buf));
	seq_puts(&m, "1234");
	CHECK(!seq_has_overflowed(&m));
	seq_printf(&m, "%s", "56789");          /* 4 + 5 characters do not fit in 7 */
	CHECK(seq_has_overflowed(&m));
	seq_putc(&m, 'x');
	CHECK_EQ_INT(m.count, sizeof(buf));
	CHECK_EQ_INT(seq_write(&m, "y", 1), -1);
}

static char sunk[256];
static size_t sunk_len;
static int sink_calls;

static void sink(const char *s, size_t n)
{
	memcpy(sunk + sunk_len, s, n);
	sunk_len += n;
	sunk[sunk_len] = '\0';
	sink_calls++;
}

TEST(seq_file_sink_gets_every_call_at_once)
{
	char buf[16];
	struct seq_file m = { .buf = buf, .size = sizeof(buf), .flush = sink };

	sunk_len = 0;
	sink_calls = 0;
	seq_printf(&m, "%d:", 42);
	CHECK_STR(sunk, "42:");                 /* already out: ordered with printk */
	seq_puts(&m, " a string longer than the buffer");
	seq_putc(&m, '\n');
	CHECK_STR(sunk, "42: a string longer than the buffer\n");
	CHECK_EQ_INT(sink_calls, 3);
	CHECK_EQ_INT(m.count, 0);
	CHECK(!seq_has_overflowed(&m));
}

TEST(seq_file_sink_cuts_one_long_printf_to_the_buffer)
{
	char buf[8];
	struct seq_file m = { .buf = buf, .size = sizeof(buf), .flush = sink };

	sunk_len = 0;
	seq_printf(&m, "%s", "0123456789");
	CHECK_STR(sunk, "0123456");             /* size - 1 characters, as vscnprintf */
	seq_printf(&m, "%s", "ab");
	CHECK_STR(sunk, "0123456ab");
}
