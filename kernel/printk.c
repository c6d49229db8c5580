/*
 * printk: format, timestamp, store in the log buffer, write to the console.
 *
 * The log buffer is a ring of text (each line as printed, with its timestamp),
 * as Linux's before 3.5 was; dmesg prints what it still holds, starting at a
 * line boundary once it has wrapped.
 *
 * Many CPUs: a printk holds printk_cpu_sync (Linux's name) from its first
 * byte to its last, so lines from different CPUs never mix; the monitor's
 * output (serial_write) takes it too.  It is a spinning lock that the CPU
 * holding it may take again (nests), so a fault or an oops inside printk on
 * that CPU prints instead of deadlocking; interrupts are off while it is
 * held, so a handler never finds its own CPU holding it.  After
 * bust_spinlocks(1) (panic), a CPU waits at most PRINTK_BUST_MS for the lock
 * and then takes it anyway: a CPU stopped while printing must not silence the
 * panic.
 */
#include <asm/atomic.h>
#include <asm/processor.h>
#include <drivers/serial.h>
#include <errno.h>
#include <kernel/monitor.h>
#include <kernel/printk.h>
#include <kernel/seq_file.h>
#include <kernel/smp.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/syscalls.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <mm/slab.h>

#define LOG_BUF_SIZE (1 << 17)         /* 128 KiB: a whole boot and many commands */

static char log_buf[LOG_BUF_SIZE];
static size_t log_head;                /* total bytes ever logged */
static bool at_line_start = true;
static unsigned int cont_cpu;           /* the CPU whose line is unfinished */
static bool console_quiet;

#define PRINTK_BUST_MS       1000       /* a panicking CPU's wait for the printing one */
#define PRINTK_RECURSION_MAX 256        /* a nested printk's text (a fault in printk) */

static int printk_cpu_sync_owner = -1;  /* the CPU holding printk_cpu_sync, or -1 */
static unsigned int printk_cpu_sync_nested;
int oops_in_progress;

void bust_spinlocks(int yes)
{
	WRITE_ONCE(oops_in_progress, yes ? oops_in_progress + 1 : oops_in_progress - 1);
}

/*
 * Take printk_cpu_sync, or nest in it if this CPU holds it; true when nested.
 * Called with interrupts off.  After bust_spinlocks(1), take it from a CPU
 * that does not let go.
 */
static bool printk_cpu_sync_try_get(bool bust)
{
	int cpu = (int)smp_processor_id();
	int old = cmpxchg(&printk_cpu_sync_owner, -1, cpu);

	if (old == -1)
		return true;
	if (old == cpu) {
		printk_cpu_sync_nested++;
		return true;
	}
	if (bust) {
		WRITE_ONCE(printk_cpu_sync_owner, cpu);
		printk_cpu_sync_nested = 0;
		return true;
	}
	return false;
}

bool __printk_cpu_sync_get(unsigned long *flags)
{
	u64 start = rdtsc(), limit = (u64)PRINTK_BUST_MS * tsc_khz;
	int cpu = (int)smp_processor_id();

	for (;;) {
		bool bust = READ_ONCE(oops_in_progress) && limit && rdtsc() - start > limit;

		local_irq_save(*flags);
		if (printk_cpu_sync_try_get(bust))
			return READ_ONCE(printk_cpu_sync_owner) == cpu && printk_cpu_sync_nested;
		local_irq_restore(*flags);
		while (READ_ONCE(printk_cpu_sync_owner) != -1 &&
		       !(READ_ONCE(oops_in_progress) && limit && rdtsc() - start > limit))
			cpu_relax();
	}
}

void __printk_cpu_sync_put(unsigned long flags)
{
	if (printk_cpu_sync_nested)
		printk_cpu_sync_nested--;
	else
		smp_store_release(&printk_cpu_sync_owner, -1);
	local_irq_restore(flags);
}

/* One byte at a time: a nested printk (a fault in this one) appends, never overwrites. */
static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		log_buf[log_head % LOG_BUF_SIZE] = s[i];
		log_head++;
	}
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

/* Store and print text: a timestamp at each line's start. */
static void printk_emit(const char *text, unsigned int cpu)
{
	bool cont;
	const char *p = skip_level(text, &cont);

	/* a new message, or another CPU's continuation, ends an unfinished line */
	if (!at_line_start && (!cont || cont_cpu != cpu)) {
		emit("\n", 1);
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
	cont_cpu = cpu;
}

int vprintk(const char *fmt, va_list args)
{
	static char text[1024];         /* used under printk_cpu_sync, not nested */
	char nested_text[PRINTK_RECURSION_MAX];
	unsigned long flags;
	bool nested;
	int len;

	nested = __printk_cpu_sync_get(&flags);
	if (nested) {
		len = vscnprintf(nested_text, sizeof(nested_text), fmt, args);
		printk_emit(nested_text, smp_processor_id());
	} else {
		len = vscnprintf(text, sizeof(text), fmt, args);
		printk_emit(text, smp_processor_id());
	}
	__printk_cpu_sync_put(flags);
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
	size_t oldest, n = 0;
	unsigned long flags;

	if (!size)
		return 0;
	printk_cpu_sync_get_irqsave(flags);     /* no CPU writes while we copy */
	oldest = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;
	if (pos < oldest)
		pos = oldest;
	for (; pos < log_head && n + 1 < size; pos++)
		dst[n++] = log_buf[pos % LOG_BUF_SIZE];
	dst[n] = '\0';
	printk_cpu_sync_put_irqrestore(flags);
	return n;
}

/* The log from byte from on (whole lines), oldest first, into m. */
static void log_show_from(struct seq_file *m, size_t from)
{
	size_t pos = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;
	size_t head = log_head;         /* what the show itself logs is not shown */

	if (from > pos)
		pos = from;             /* a line start: syslog's clear point */

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
}

/* dmesg: the whole log, oldest line first. */
static int dmesg_show(struct seq_file *m, void *v)
{
	log_show_from(m, 0);
	return 0;
}
MONITOR_SHOW(dmesg, "print the kernel log", dmesg_show);

/* syslog(2)'s actions (Linux's include/linux/syslog.h): the ones busybox's dmesg uses. */
#define SYSLOG_ACTION_CLOSE       0
#define SYSLOG_ACTION_OPEN        1
#define SYSLOG_ACTION_READ_ALL    3
#define SYSLOG_ACTION_READ_CLEAR  4
#define SYSLOG_ACTION_CLEAR       5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON  7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

static size_t syslog_clear_pos;         /* dmesg -c: syslog reads start here */

/*
 * READ_ALL: the newest whole lines of the log that fit in len bytes (after
 * the last clear), as Linux's syslog_print_all.  The lines are as the console
 * printed them ("[    0.000000] text"), without Linux's "<level>" prefix,
 * which busybox's dmesg drops anyway.
 */
static long syslog_read_all(char __user *buf, int len, bool clear)
{
	char *text = kmalloc(LOG_BUF_SIZE + 1, GFP_KERNEL);
	size_t head = log_head, start = 0;
	struct seq_file m;
	long r;

	if (!text)
		return -ENOMEM;
	seq_file_init(&m, text, LOG_BUF_SIZE + 1);
	log_show_from(&m, syslog_clear_pos);
	if (m.count > (size_t)len) {
		start = m.count - len;
		while (start < m.count && text[start - 1] != '\n')
			start++;        /* from a line start */
	}
	r = copy_to_user(buf, text + start, m.count - start) ? -EFAULT : (long)(m.count - start);
	if (clear && r >= 0)
		syslog_clear_pos = head;
	kfree(text);
	return r;
}

SYSCALL_DEFINE3(syslog, int, type, char __user *, buf, int, len)
{
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return 0;
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (len < 0 || (len && !buf))
			return -EINVAL;
		return syslog_read_all(buf, len, type == SYSLOG_ACTION_READ_CLEAR);
	case SYSLOG_ACTION_CLEAR:
		syslog_clear_pos = log_head;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return 0;               /* no reader of /proc/kmsg waits */
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_SIZE;
	default:
		return -EINVAL;
	}
}

bool log_contains_since(size_t pos, const char *needle)
{
	static char tmp[LOG_BUF_SIZE / 4];     /* one for all CPUs: used under the lock */
	unsigned long flags;
	bool found;

	printk_cpu_sync_get_irqsave(flags);
	log_buf_read(pos, tmp, sizeof(tmp));
	found = strstr(tmp, needle) != NULL;
	printk_cpu_sync_put_irqrestore(flags);
	return found;
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
