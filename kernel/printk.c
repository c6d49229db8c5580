/*
 * printk: format, timestamp, store in the log buffer, write to the console.
 *
 * The log buffer is a ring of text (each line as printed, with its timestamp),
 * as Linux's before 3.5 was; dmesg prints what it still holds, starting at a
 * line boundary once it has wrapped.
 */
#include <asm/processor.h>
#include <drivers/serial.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/time.h>

#define LOG_BUF_SIZE (1 << 17)         /* 128 KiB: a whole boot and many commands */

static char log_buf[LOG_BUF_SIZE];
static size_t log_head;                /* total bytes ever logged */
static bool at_line_start = true;
static bool console_quiet;

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_SIZE] = s[i];
	log_head += n;
}

static void emit(const char *s, size_t n)
{
	log_store(s, n);
	if (!console_quiet)
		serial_write(s, n);
}

/* "[    1.234567] ", as Linux's print_time(). */
static void emit_timestamp(void)
{
	char ts[32];
	u64 ns = local_clock();
	int n = scnprintf(ts, sizeof(ts), "[%5lu.%06lu] ",
			  (unsigned long)(ns / NSEC_PER_SEC),
			  (unsigned long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
	emit(ts, n);
}

/* Skip a KERN_<level> prefix; a KERN_CONT one means "no new line". */
static const char *skip_level(const char *text, bool *cont)
{
	*cont = false;
	while (text[0] == KERN_SOH[0] && text[1]) {
		if (text[1] == 'c')
			*cont = true;
		text += 2;
	}
	return text;
}

int vprintk(const char *fmt, va_list args)
{
	static char text[1024];
	unsigned long flags;
	bool cont;
	const char *p;
	int len;

	local_irq_save(flags);
	len = vscnprintf(text, sizeof(text), fmt, args);

	p = skip_level(text, &cont);
	if (!at_line_start && !cont) {
		emit("\n", 1);         /* a new message ends an unfinished line */
		at_line_start = true;
	}
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (at_line_start)
			emit_timestamp();
		emit(p, n);
		at_line_start = nl != NULL;
		p += n;
	}
	local_irq_restore(flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

size_t log_buf_pos(void)
{
	return log_head;
}

size_t log_buf_read(size_t pos, char *dst, size_t size)
{
	size_t oldest = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;
	size_t n = 0;

	if (!size)
		return 0;
	if (pos < oldest)
		pos = oldest;
	for (; pos < log_head && n + 1 < size; pos++)
		dst[n++] = log_buf[pos % LOG_BUF_SIZE];
	dst[n] = '\0';
	return n;
}

/* dmesg: the whole log, oldest line first. */
static int dmesg_show(struct seq_file *m, void *v)
{
	size_t pos = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;
	size_t head = log_head;         /* what the show itself logs is not shown */

	/* once wrapped, the oldest line is partial: start after its end */
	if (pos)
		while (pos < head && log_buf[pos++ % LOG_BUF_SIZE] != '\n')
			;
	while (pos < head) {
		size_t at = pos % LOG_BUF_SIZE;
		size_t n = head - pos < LOG_BUF_SIZE - at ? head - pos : LOG_BUF_SIZE - at;

		seq_write(m, &log_buf[at], n);
		pos += n;
	}
	return 0;
}
MONITOR_SHOW(dmesg, "print the kernel log", dmesg_show);

bool log_contains_since(size_t pos, const char *needle)
{
	static char tmp[LOG_BUF_SIZE / 4];

	log_buf_read(pos, tmp, sizeof(tmp));
	return strstr(tmp, needle) != NULL;
}

bool log_holds_boot(void)
{
	return log_head <= LOG_BUF_SIZE;
}

bool console_set_quiet(bool quiet)
{
	bool old = console_quiet;

	console_quiet = quiet;
	return old;
}
