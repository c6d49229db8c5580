/*
 * The monitor's line editor and word splitter.  Pure code: it sees bytes and
 * writes echo bytes through a callback, so the host tests drive it with
 * strings (including 10,000-character lines and non-ASCII bytes).
 *
 * The editor keeps the line in buf[0..len) and the cursor at pos, and keeps
 * the terminal's cursor in step with it: "\b" moves it left, echoing a
 * character moves it right, and a change in the middle of the line rewrites
 * buf[pos..len) (plus blanks over what was deleted) and backs up again.
 */
#include <errno.h>
#include <kernel/monitor.h>
#include <kernel/string.h>

#define CTRL(c) ((c) & 0x1f)
#define DEL     0x7f
#define ESC     0x1b
#define CLEAR_SCREEN "\x1b[H\x1b[2J"  /* cursor home, erase the display (ECMA-48) */

/* Where an escape sequence has got to. */
enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

/* What the keys do (escape sequences and control bytes map to these). */
enum le_key {
	KEY_NONE, KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_DELETE,
};

int monitor_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			return argc;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
}

void line_edit_init(struct line_editor *le, void (*echo)(const char *s, size_t n))
{
	memset(le, 0, sizeof(*le));
	le->bad = -1;
	le->echo = echo;
}

/* An emptied or replaced line starts clean: what was refused is gone from view. */
static void clear_errors(struct line_editor *le)
{
	le->too_long = false;
	le->bad = -1;
}

static void reset_line(struct line_editor *le)
{
	le->len = 0;
	le->pos = 0;
	le->buf[0] = '\0';
	clear_errors(le);
	le->hist_pos = le->hist_count;
}

static void echo_repeat(struct line_editor *le, char c, size_t n)
{
	while (n--)
		le->echo(&c, 1);
}

/* Rewrite buf[pos..len), blank `extra` cells after it, and put the cursor back at pos. */
static void redraw_tail(struct line_editor *le, size_t extra)
{
	le->echo(le->buf + le->pos, le->len - le->pos);
	echo_repeat(le, ' ', extra);
	echo_repeat(le, '\b', le->len - le->pos + extra);
}

static void move_to(struct line_editor *le, size_t to)
{
	if (to < le->pos)
		echo_repeat(le, '\b', le->pos - to);
	else
		le->echo(le->buf + le->pos, to - le->pos);
	le->pos = to;
}

/* Delete buf[from..to) (from <= to <= len), leaving the cursor at from. */
static void delete_range(struct line_editor *le, size_t from, size_t to)
{
	if (from >= to)
		return;
	move_to(le, from);
	memmove(le->buf + from, le->buf + to, le->len - to + 1);
	le->len -= to - from;
	redraw_tail(le, to - from);
	if (!le->len)
		clear_errors(le);
}

static void insert_char(struct line_editor *le, char c)
{
	if (le->len + 1 >= MONITOR_LINE_MAX) {
		le->too_long = true;
		return;
	}
	memmove(le->buf + le->pos + 1, le->buf + le->pos, le->len - le->pos + 1);
	le->buf[le->pos] = c;
	le->len++;
	le->echo(&c, 1);
	le->pos++;
	redraw_tail(le, 0);
}

/* Ctrl-W, readline's unix-word-rubout: blanks before the cursor, then the word. */
static void delete_word(struct line_editor *le)
{
	size_t from = le->pos;

	while (from && le->buf[from - 1] == ' ')
		from--;
	while (from && le->buf[from - 1] != ' ')
		from--;
	delete_range(le, from, le->pos);
}

/* Ctrl-L: clear the screen, then show the prompt and the line with the cursor where it was. */
static void redraw_screen(struct line_editor *le)
{
	size_t pos = le->pos;

	le->echo(CLEAR_SCREEN, sizeof(CLEAR_SCREEN) - 1);
	if (le->prompt)
		le->echo(le->prompt, strlen(le->prompt));
	le->echo(le->buf, le->len);
	le->pos = le->len;
	move_to(le, pos);
}

static void history_add(struct line_editor *le)
{
	if (!le->len || (le->hist_count &&
			 !strcmp(le->history[(le->hist_count - 1) % MONITOR_HISTORY], le->buf)))
		return;
	memcpy(le->history[le->hist_count % MONITOR_HISTORY], le->buf, le->len + 1);
	le->hist_count++;
}

/* Replace the line with history entry pos (pos == hist_count: empty line). */
static void history_show(struct line_editor *le, int pos)
{
	int oldest = le->hist_count > MONITOR_HISTORY ? le->hist_count - MONITOR_HISTORY : 0;
	size_t old_len = le->len;

	if (pos < oldest || pos > le->hist_count)
		return;
	move_to(le, 0);
	le->hist_pos = pos;
	if (pos == le->hist_count)
		le->buf[0] = '\0';
	else
		memcpy(le->buf, le->history[pos % MONITOR_HISTORY], MONITOR_LINE_MAX);
	le->len = strlen(le->buf);
	clear_errors(le);
	le->echo(le->buf, le->len);
	le->pos = le->len;
	if (old_len > le->len) {        /* blank what is left of the longer line */
		echo_repeat(le, ' ', old_len - le->len);
		echo_repeat(le, '\b', old_len - le->len);
	}
}

static void do_key(struct line_editor *le, enum le_key key)
{
	switch (key) {
	case KEY_UP:     history_show(le, le->hist_pos - 1); break;
	case KEY_DOWN:   history_show(le, le->hist_pos + 1); break;
	case KEY_LEFT:   if (le->pos) move_to(le, le->pos - 1); break;
	case KEY_RIGHT:  if (le->pos < le->len) move_to(le, le->pos + 1); break;
	case KEY_HOME:   move_to(le, 0); break;
	case KEY_END:    move_to(le, le->len); break;
	case KEY_DELETE: if (le->pos < le->len) delete_range(le, le->pos, le->pos + 1); break;
	case KEY_NONE:   break;
	}
}

/* The key a CSI or SS3 sequence names: its final byte, and for "~" its number (VT220). */
static enum le_key decode_escape(int final, int param)
{
	switch (final) {
	case 'A': return KEY_UP;
	case 'B': return KEY_DOWN;
	case 'C': return KEY_RIGHT;
	case 'D': return KEY_LEFT;
	case 'H': return KEY_HOME;
	case 'F': return KEY_END;
	case '~':
		switch (param) {
		case 1: case 7: return KEY_HOME;
		case 4: case 8: return KEY_END;
		case 3:         return KEY_DELETE;
		}
	}
	return KEY_NONE;        /* PgUp (5~), PgDn (6~), Insert (2~), F-keys ...: dropped */
}

/*
 * One byte of an escape sequence.  CSI: parameter bytes 0x30-0x3f,
 * intermediate bytes 0x20-0x2f, then a final byte 0x40-0x7e (ECMA-48 §5.4).
 * Returns false if c is not part of the sequence (then it is an ordinary byte).
 */
static bool feed_escape(struct line_editor *le, int c)
{
	int state = le->esc;

	le->esc = ESC_NONE;
	if (state == ESC_START) {
		if (c == '[' || c == 'O') {
			le->esc = c == '[' ? ESC_CSI : ESC_SS3;
			le->esc_param = 0;
			return true;
		}
		return c >= 0x20 && c < 0x7f;   /* ESC x (Alt-x): dropped */
	}
	if (c < 0x20 || c > 0x7e)
		return false;                   /* not a sequence after all */
	if (state == ESC_SS3) {
		do_key(le, decode_escape(c, 0));
		return true;
	}
	if (c >= '0' && c <= '9') {
		if (le->esc_param < 1000)
			le->esc_param = le->esc_param * 10 + (c - '0');
		le->esc = ESC_CSI;
	} else if (c < 0x40) {
		le->esc = ESC_CSI;              /* ';', other parameters, intermediates */
	} else {
		do_key(le, decode_escape(c, le->esc_param));
	}
	return true;
}

static enum le_event finish_line(struct line_editor *le)
{
	enum le_event ev = LE_LINE;

	le->echo("\n", 1);
	if (le->too_long)
		ev = LE_TOO_LONG;
	else if (le->bad >= 0)
		ev = LE_BAD_BYTE;
	else
		history_add(le);
	memcpy(le->line, le->buf, le->len + 1);
	le->line_bad = le->bad;
	reset_line(le);
	return ev;
}

/* The editing keys that are control bytes; false if c is not one. */
static bool feed_control(struct line_editor *le, int c)
{
	switch (c) {
	case CTRL('A'): do_key(le, KEY_HOME); break;
	case CTRL('E'): do_key(le, KEY_END); break;
	case CTRL('B'): do_key(le, KEY_LEFT); break;
	case CTRL('F'): do_key(le, KEY_RIGHT); break;
	case CTRL('D'): do_key(le, KEY_DELETE); break;
	case CTRL('K'): delete_range(le, le->pos, le->len); break;
	case CTRL('U'): delete_range(le, 0, le->pos); break;
	case CTRL('W'): delete_word(le); break;
	case CTRL('L'): redraw_screen(le); break;
	case '\b':
	case DEL:
		if (le->pos)
			delete_range(le, le->pos - 1, le->pos);
		break;
	case ESC:
		le->esc = ESC_START;
		break;
	default:
		return false;
	}
	return true;
}

enum le_event line_edit_feed(struct line_editor *le, int c)
{
	bool was_cr = le->last_cr;

	le->last_cr = (c == '\r');
	if (le->esc && feed_escape(le, c))
		return LE_NONE;
	if (c == '\n' && was_cr)
		return LE_NONE;         /* the LF of a CR LF pair */
	if (c == '\r' || c == '\n')
		return finish_line(le);
	if (c == CTRL('C')) {
		le->echo("^C\n", 3);
		reset_line(le);
		return LE_CANCEL;
	}
	if (feed_control(le, c))
		return LE_NONE;
	if (c == '\t')
		c = ' ';
	if (c < 0x20 || c >= 0x7f) {
		if (le->bad < 0)
			le->bad = c & 0xff;
		return LE_NONE;
	}
	insert_char(le, (char)c);
	return LE_NONE;
}
