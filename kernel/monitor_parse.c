/*
 * The monitor's line editor and word splitter.  Pure code: it sees bytes and
 * writes echo bytes through a callback, so the host tests drive it with
 * strings (including 10,000-character lines and non-ASCII bytes).
 */
#include <errno.h>
#include <kernel/monitor.h>
#include <kernel/string.h>

#define CTRL(c) ((c) & 0x1f)
#define DEL     0x7f
#define ESC     0x1b

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

static void reset_line(struct line_editor *le)
{
	le->len = 0;
	le->buf[0] = '\0';
	le->too_long = false;
	le->bad = -1;
	le->hist_pos = le->hist_count;
}

/* Erase what the terminal shows of the line ("\b \b" per character). */
static void erase_shown(struct line_editor *le, size_t n)
{
	while (n--)
		le->echo("\b \b", 3);
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

	if (pos < oldest || pos > le->hist_count)
		return;
	erase_shown(le, le->len);
	le->hist_pos = pos;
	if (pos == le->hist_count)
		le->buf[0] = '\0';
	else
		memcpy(le->buf, le->history[pos % MONITOR_HISTORY], MONITOR_LINE_MAX);
	le->len = strlen(le->buf);
	le->echo(le->buf, le->len);
}

/* ESC [ A and ESC [ B: the arrow keys. Returns true while inside a sequence. */
static bool feed_escape(struct line_editor *le, int c)
{
	if (le->esc == 1) {
		le->esc = c == '[' ? 2 : 0;
		return true;
	}
	le->esc = 0;
	if (c == 'A')
		history_show(le, le->hist_pos - 1);
	else if (c == 'B')
		history_show(le, le->hist_pos + 1);
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

enum le_event line_edit_feed(struct line_editor *le, int c)
{
	bool was_cr = le->last_cr;

	le->last_cr = (c == '\r');
	if (le->esc)
		return feed_escape(le, c), LE_NONE;
	if (c == '\n' && was_cr)
		return LE_NONE;         /* the LF of a CR LF pair */
	switch (c) {
	case '\r':
	case '\n':
		return finish_line(le);
	case CTRL('C'):
		le->echo("^C\n", 3);
		reset_line(le);
		return LE_CANCEL;
	case CTRL('U'):
		erase_shown(le, le->len);
		reset_line(le);
		return LE_NONE;
	case '\b':
	case DEL:
		if (le->len) {
			le->buf[--le->len] = '\0';
			erase_shown(le, 1);
		}
		return LE_NONE;
	case ESC:
		le->esc = 1;
		return LE_NONE;
	case '\t':
		c = ' ';
		break;
	}
	if (c < 0x20 || c >= 0x7f) {
		if (le->bad < 0)
			le->bad = c & 0xff;
		return LE_NONE;
	}
	if (le->len + 1 >= MONITOR_LINE_MAX) {
		le->too_long = true;
		return LE_NONE;
	}
	le->buf[le->len++] = c;
	le->buf[le->len] = '\0';
	le->echo((char *)&le->buf[le->len - 1], 1);
	return LE_NONE;
}
