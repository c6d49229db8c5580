/*
 * seq_file: how a text view prints, as Linux's include/linux/seq_file.h.
 *
 * A view is one show function, int NAME_show(struct seq_file *m, void *v),
 * beside the state it shows; it prints with seq_printf/seq_puts/seq_putc and
 * never knows where the text goes.  Two destinations:
 *
 *   - a buffer (flush == NULL): the text collects in buf, NUL-terminated;
 *     once it does not fit, count == size and seq_has_overflowed() is true
 *     (Linux's rule: the reader retries with a bigger buffer).  Tests and
 *     /proc files read this.
 *   - a sink (flush != NULL): every call hands its text to flush() at once,
 *     so output interleaves with printk in the order it was made; buf is only
 *     scratch for formatting (one call prints at most size - 1 characters).
 *     The monitor's seq_file writes to the serial port this way.
 */
#ifndef ATLAS_KERNEL_SEQ_FILE_H
#define ATLAS_KERNEL_SEQ_FILE_H

#include <stdarg.h>
#include <kernel/compiler.h>
#include <kernel/types.h>

struct seq_file {
	char *buf;
	size_t size;                    /* of buf */
	size_t count;                   /* characters in buf (size: overflowed) */
	void (*flush)(const char *s, size_t n);         /* the sink, or NULL */
	void *private;                  /* for the show function, as Linux's */
};

/* A seq_file that collects into buf[size] (Linux's seq_buf_init, for a seq_file). */
void seq_file_init(struct seq_file *m, char *buf, size_t size);

void seq_vprintf(struct seq_file *m, const char *fmt, va_list args);
__printf(2, 3) void seq_printf(struct seq_file *m, const char *fmt, ...);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
/* Append len bytes; returns 0, or -1 when they did not fit (as Linux's). */
int seq_write(struct seq_file *m, const void *data, size_t len);

/* True once text was lost because the buffer was full. */
static inline bool seq_has_overflowed(const struct seq_file *m)
{
	return m->count == m->size;
}

#endif
