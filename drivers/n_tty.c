/*
 * N_TTY, the line discipline of a terminal: what happens to a byte between
 * the keyboard and a program's read(), as Linux's drivers/tty/n_tty.c does it
 * (much smaller: no flow control (IXON), no VTIME, no PARMRK).
 *
 * Canonical mode (ICANON) collects a line the user can edit:
 *
 *     typed:   l s Space - l DEL DEL Enter
 *     echoed:  l s Space - l \b Space \b \b Space \b \r \n
 *     read():  "ls \n"                      (one line per read, at most)
 *
 * ERASE (DEL, and ^H) removes the last character, KILL (^U) the line,
 * WERASE (^W) the last word; EOF (^D) ends a line without a newline, so at
 * the start of a line read() returns 0 -- end of file.  With ISIG, INTR
 * (^C), QUIT (^\) and SUSP (^Z) are not stored: the caller sends a signal.
 * Raw mode (ICANON off, what an editor or `stty raw` asks for) hands every
 * byte over as it comes.
 *
 * The read buffer is a ring of N_TTY_BUF_SIZE bytes with three counters:
 *
 *     read_tail <= canon_head <= read_head
 *     |-- complete lines --|-- line being edited --|
 *
 * and a bitmap marking each byte that ends a line.  Output (echoes and
 * write()) goes through the OPOST processing (ONLCR: \n becomes \r\n) to
 * ld->out.  Pure code: the caller holds the tty's lock.
 */
#include <kernel/string.h>
#include <kernel/tty.h>

#define LONG_BITS   (8 * sizeof(unsigned long))
#define CTRL(c)     ((c) & 0x1f)
#define DEL         0x7f

/* Linux's INIT_C_CC: intr ^C, quit ^\, erase DEL, kill ^U, eof ^D, time 0, min 1, swtc 0,
 * start ^Q, stop ^S, susp ^Z, eol 0, reprint ^R, discard ^O, werase ^W, lnext ^V, eol2 0 */
static const cc_t init_c_cc[NCCS] = {
	003, 034, 0177, 025, 004, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0,
};

static const char erase_seq[] = "\b \b";

static size_t pos(size_t n)
{
	return n % N_TTY_BUF_SIZE;
}

static void set_line_end(struct n_tty_data *ld, size_t n, bool on)
{
	unsigned long bit = 1UL << (pos(n) % LONG_BITS);

	if (on)
		ld->line_end[pos(n) / LONG_BITS] |= bit;
	else
		ld->line_end[pos(n) / LONG_BITS] &= ~bit;
}

static bool is_line_end(const struct n_tty_data *ld, size_t n)
{
	return ld->line_end[pos(n) / LONG_BITS] >> (pos(n) % LONG_BITS) & 1;
}

static bool L(const struct n_tty_data *ld, tcflag_t flag)
{
	return ld->termios.c_lflag & flag;
}

void n_tty_init(struct n_tty_data *ld, void (*out)(void *arg, const char *s, size_t n),
		void *out_arg)
{
	memset(ld, 0, sizeof(*ld));
	ld->termios.c_iflag = ICRNL | IXON;
	ld->termios.c_oflag = OPOST | ONLCR;
	ld->termios.c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL;
	ld->termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(ld->termios.c_cc, init_c_cc, NCCS);
	ld->out = out;
	ld->out_arg = out_arg;
}

void n_tty_write(struct n_tty_data *ld, const char *s, size_t n)
{
	tcflag_t o = ld->termios.c_oflag;
	size_t start = 0;

	if (!(o & OPOST)) {
		ld->out(ld->out_arg, s, n);
		return;
	}
	/* runs of ordinary bytes go out whole; \n and \r may become something else */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && (o & ONLCR)) {
			ld->out(ld->out_arg, s + start, i - start);
			ld->out(ld->out_arg, "\r\n", 2);
			start = i + 1;
		} else if (s[i] == '\r' && (o & OCRNL)) {
			ld->out(ld->out_arg, s + start, i - start);
			ld->out(ld->out_arg, "\n", 1);
			start = i + 1;
		}
	}
	ld->out(ld->out_arg, s + start, n - start);
}

/* Echo one input byte as Linux does: a control character as ^X under ECHOCTL. */
static void echo_char(struct n_tty_data *ld, u8 c)
{
	char ctl[2] = { '^', (char)(c ^ 0x40) };

	if (L(ld, ECHOCTL) && (c < 0x20 || c == DEL) && c != '\t' && c != '\n')
		n_tty_write(ld, ctl, 2);
	else
		n_tty_write(ld, (const char *)&c, 1);
}

/* The width an echoed byte took: 2 for ^X. */
static int echo_width(const struct n_tty_data *ld, u8 c)
{
	return L(ld, ECHOCTL) && (c < 0x20 || c == DEL) && c != '\t' ? 2 : 1;
}

/* Remove the last byte of the line being edited; false if the line is empty. */
static bool erase_one(struct n_tty_data *ld)
{
	u8 c;

	if (ld->read_head == ld->canon_head)
		return false;
	c = ld->read_buf[pos(--ld->read_head)];
	if (L(ld, ECHO) && L(ld, ECHOE))
		for (int w = echo_width(ld, c); w > 0; w--)
			n_tty_write(ld, erase_seq, 3);
	return true;
}

static bool is_space(u8 c)
{
	return c == ' ' || c == '\t';
}

/* ERASE, WERASE, KILL in canonical mode. */
static void edit_line(struct n_tty_data *ld, u8 c)
{
	const cc_t *cc = ld->termios.c_cc;

	if (c == cc[VKILL]) {
		if (L(ld, ECHO) && L(ld, ECHOK) && !L(ld, ECHOKE)) {
			echo_char(ld, c);
			n_tty_write(ld, "\n", 1);
			ld->read_head = ld->canon_head;
			return;
		}
		while (erase_one(ld))
			;
		return;
	}
	if (c == cc[VWERASE]) {
		while (ld->read_head != ld->canon_head &&
		       is_space(ld->read_buf[pos(ld->read_head - 1)]))
			erase_one(ld);
		while (ld->read_head != ld->canon_head &&
		       !is_space(ld->read_buf[pos(ld->read_head - 1)]))
			erase_one(ld);
		return;
	}
	if (erase_one(ld) && L(ld, ECHO) && !L(ld, ECHOE))
		echo_char(ld, c);
}

static void store(struct n_tty_data *ld, u8 c, bool line_end)
{
	set_line_end(ld, ld->read_head, line_end);
	ld->read_buf[pos(ld->read_head++)] = c;
	if (line_end || !L(ld, ICANON))
		ld->canon_head = ld->read_head;
}

size_t n_tty_room(const struct n_tty_data *ld)
{
	return N_TTY_BUF_SIZE - (ld->read_head - ld->read_tail);
}

/* Input processing of c_iflag: strip, CR/NL translation; -1 drops the byte. */
static int input_map(const struct n_tty_data *ld, u8 c)
{
	tcflag_t i = ld->termios.c_iflag;

	if (i & ISTRIP)
		c &= 0x7f;
	if (c == '\r') {
		if (i & IGNCR)
			return -1;
		if (i & ICRNL)
			return '\n';
	} else if (c == '\n' && (i & INLCR)) {
		return '\r';
	}
	return c;
}

/* ISIG: the signal character c stands for (VINTR, VQUIT, VSUSP), or -1. */
static int signal_char(const struct n_tty_data *ld, u8 c)
{
	static const int which[] = { VINTR, VQUIT, VSUSP };

	if (!L(ld, ISIG))
		return -1;
	for (size_t k = 0; k < sizeof(which) / sizeof(which[0]); k++)
		if (ld->termios.c_cc[which[k]] && c == ld->termios.c_cc[which[k]])
			return which[k];
	return -1;
}

/* A byte in canonical mode: edit, end the line, or add to it. */
static void receive_canon(struct n_tty_data *ld, u8 c)
{
	const cc_t *cc = ld->termios.c_cc;
	bool newline = c == '\n' || (cc[VEOL] && c == cc[VEOL]) || (cc[VEOL2] && c == cc[VEOL2]);

	if (c == cc[VERASE] || c == CTRL('H') || c == cc[VKILL] ||
	    (L(ld, IEXTEN) && c == cc[VWERASE])) {
		edit_line(ld, c);
		return;
	}
	if (c == cc[VEOF]) {            /* ends the line; stored but never read */
		if (n_tty_room(ld) > 0)
			store(ld, c, true);
		return;
	}
	/* a full buffer keeps one byte for the newline that ends the line */
	if (n_tty_room(ld) <= (newline ? 0 : 1))
		return;
	if (L(ld, ECHO) || (newline && L(ld, ECHONL)))
		echo_char(ld, c);
	store(ld, c, newline);
}

int n_tty_receive_char(struct n_tty_data *ld, u8 c)
{
	int m = input_map(ld, c), sig;

	if (m < 0)
		return -1;
	c = (u8)m;
	sig = signal_char(ld, c);
	if (sig >= 0) {
		if (!L(ld, NOFLSH))
			n_tty_flush_input(ld);
		if (L(ld, ECHO))
			echo_char(ld, c);
		return sig;
	}
	if (L(ld, ICANON)) {
		receive_canon(ld, c);
		return -1;
	}
	if (n_tty_room(ld) == 0)
		return -1;
	if (L(ld, ECHO))
		echo_char(ld, c);
	store(ld, c, false);
	return -1;
}

bool n_tty_readable(const struct n_tty_data *ld, size_t n)
{
	size_t avail = ld->canon_head - ld->read_tail;
	size_t vmin = ld->termios.c_cc[VMIN];

	if (L(ld, ICANON))
		return avail > 0;
	return avail >= (vmin < n ? vmin : n);
}

size_t n_tty_chars_in_buffer(const struct n_tty_data *ld)
{
	return ld->canon_head - ld->read_tail;
}

size_t n_tty_read(struct n_tty_data *ld, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n && ld->read_tail != ld->canon_head) {
		size_t p = ld->read_tail++;
		u8 c = ld->read_buf[pos(p)];
		bool end = is_line_end(ld, p);

		if (!(L(ld, ICANON) && end && c == ld->termios.c_cc[VEOF]))
			buf[got++] = c;
		if (L(ld, ICANON) && end)
			break;
	}
	return got;
}

size_t n_tty_read_all(struct n_tty_data *ld, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n && ld->read_tail != ld->read_head)
		buf[got++] = ld->read_buf[pos(ld->read_tail++)];
	ld->canon_head = ld->read_tail;
	return got;
}

void n_tty_flush_input(struct n_tty_data *ld)
{
	ld->read_tail = ld->canon_head = ld->read_head;
}

void n_tty_set_termios(struct n_tty_data *ld, const struct termios *t)
{
	bool was_canon = L(ld, ICANON);

	ld->termios = *t;
	if (was_canon && !L(ld, ICANON))
		ld->canon_head = ld->read_head;
}
