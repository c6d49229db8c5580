/*
 * seq_file output (Linux's fs/seq_file.c: seq_vprintf, seq_puts, seq_putc,
 * seq_write), reduced to what a show function needs: append text to a buffer,
 * or pass it straight to a sink (include/kernel/seq_file.h says which when).
 * Pure: the host tests build it.
 */
#include <kernel/seq_file.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

void seq_file_init(struct seq_file *m, char *buf, size_t size)
{
	*m = (struct seq_file){ .buf = buf, .size = size };
	if (size)
		buf[0] = '\0';
}

static void seq_set_overflow(struct seq_file *m)
{
	m->count = m->size;
}

/* With a sink, what collected goes out now. */
static void seq_push(struct seq_file *m)
{
	if (m->flush && m->count) {
		m->flush(m->buf, m->count);
		m->count = 0;
	}
}

void seq_vprintf(struct seq_file *m, const char *fmt, va_list args)
{
	size_t room = m->size - m->count;
	int len;

	if (!room)
		return;
	len = vsnprintf(m->buf + m->count, room, fmt, args);
	if ((size_t)len < room) {
		m->count += len;
	} else if (m->flush) {
		m->count = m->size - 1;         /* a sink gets what fitted, as printk */
	} else {
		seq_set_overflow(m);
		return;
	}
	seq_push(m);
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(m, fmt, ap);
	va_end(ap);
}

int seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->flush) {
		seq_push(m);
		m->flush((const char *)data, len);
		return 0;
	}
	if (m->count + len >= m->size) {
		seq_set_overflow(m);
		return -1;
	}
	memcpy(m->buf + m->count, data, len);
	m->count += len;
	m->buf[m->count] = '\0';
	return 0;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}
