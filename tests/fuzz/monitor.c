/*
 * Fuzzing kernel/monitor_parse.c: the monitor's line editor and its word
 * splitter.  Every input byte after the first is fed to a fresh line editor,
 * as if typed on the serial port; each finished line must be printable ASCII, shorter than
 * MONITOR_LINE_MAX, and is then split into words, checked against a
 * splitter written here: the same words in the same order, none empty,
 * none holding a space or tab, or -E2BIG exactly when there are more than
 * max.  The first input byte also picks that max (0..15).
 *
 * And what a terminal sends for a key is never text: a finished line may
 * hold only characters typed outside escape sequences (ESC [ params final,
 * ESC O final), each at most as often as it was typed -- the editing keys
 * move, delete or redraw, they do not insert.  Lines with a history key
 * (Up/Down), Tab, Ctrl-Y, a lone ESC or a sequence cut short are not held
 * to this, since they may bring back or complete text.
 */
#include <errno.h>

#include <kernel/monitor.h>

#include "fuzz.h"

#define MAX_WORDS 16

#define ESC 0x1b

static size_t echoed;

/* What was typed since the last finished line, outside escape sequences. */
static struct typed {
	unsigned int count[256];
	bool checkable;
	enum { TEXT, AFTER_ESC, IN_CSI, AFTER_SS3 } state;
} typed;

static void typed_reset(void)
{
	memset(typed.count, 0, sizeof(typed.count));
	typed.checkable = true;
}

/* The end of an escape sequence: history keys may bring back any text. */
static void sequence_end(uint8_t final)
{
	typed.state = TEXT;
	if (final == 'A' || final == 'B')
		typed.checkable = false;
}

static void typed_feed(uint8_t c)
{
	switch (typed.state) {
	case AFTER_ESC:
		typed.state = c == '[' ? IN_CSI : c == 'O' ? AFTER_SS3 : TEXT;
		if (typed.state == TEXT)
			typed.checkable = false;        /* Alt-key: the editor's choice */
		return;
	case AFTER_SS3:
		if (c >= 0x40 && c <= 0x7e)
			sequence_end(c);
		else            /* not a final byte: cut short, the editor's choice */
			typed.state = TEXT, typed.checkable = false;
		return;
	case IN_CSI:
		if (c >= 0x40 && c <= 0x7e)
			sequence_end(c);
		else if (c < 0x30 || c > 0x3f)  /* not a parameter byte: cut short */
			typed.state = TEXT, typed.checkable = false;
		return;
	default:
		break;
	}
	if (c == ESC)
		typed.state = AFTER_ESC;
	else if (c >= 0x20 && c < 0x7f)
		typed.count[c]++;
	else if (c == '\t' || c == 0x19 || c >= 0x80)   /* Tab, Ctrl-Y, not ASCII */
		typed.checkable = false;
}

static void check_typed(const char *line)
{
	unsigned int left[256];

	if (!typed.checkable)
		return;
	memcpy(left, typed.count, sizeof(left));
	for (const char *p = line; *p; p++)
		FUZZ_ASSERT(left[(uint8_t)*p]-- > 0, "'%c' at %zu of \"%s\" was not typed (as often) "
			    "outside an escape sequence", *p, (size_t)(p - line), line);
}

static void count_echo(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		(void)*(volatile const char *)&s[i];    /* ASan checks every byte */
	echoed += n;
}

/* The words of line by a plain reading of the contract, into words[][]: their number. */
static int reference_split(const char *line, char words[][MONITOR_LINE_MAX])
{
	int n = 0;

	for (const char *p = line; *p;) {
		size_t len = strcspn(p, " \t");

		if (len) {
			memcpy(words[n], p, len);
			words[n++][len] = '\0';
		}
		p += len + (p[len] != '\0');
	}
	return n;
}

static void check_split(const char *line, int max)
{
	static char words[MONITOR_LINE_MAX][MONITOR_LINE_MAX];
	char copy[MONITOR_LINE_MAX], *argv[MAX_WORDS];
	int n = reference_split(line, words), argc;

	strcpy(copy, line);
	argc = monitor_split(copy, argv, max);
	if (n > max) {
		FUZZ_ASSERT(argc == -E2BIG, "\"%s\" with max %d: %d, want -E2BIG", line, max, argc);
		return;
	}
	FUZZ_ASSERT(argc == n, "\"%s\": %d words, want %d", line, argc, n);
	for (int i = 0; i < argc; i++)
		FUZZ_ASSERT(argv[i] >= copy && argv[i] < copy + sizeof(copy) &&
			    !strcmp(argv[i], words[i]), "\"%s\": word %d is \"%s\", want \"%s\"",
			    line, i, argv[i], words[i]);
}

static void check_line(const struct line_editor *le, int max)
{
	size_t len = strnlen(le->line, MONITOR_LINE_MAX);

	FUZZ_ASSERT(len < MONITOR_LINE_MAX, "a finished line without its NUL");
	for (size_t i = 0; i < len; i++)
		FUZZ_ASSERT(le->line[i] >= 0x20 && le->line[i] < 0x7f,
			    "byte %#x at %zu of a finished line", (unsigned char)le->line[i], i);
	check_split(le->line, max);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct line_editor le;
	int max = size ? data[0] % MAX_WORDS : 4;

	line_edit_init(&le, count_echo);
	echoed = 0;
	typed_reset();
	typed.state = TEXT;
	for (size_t i = 1; i < size; i++) {
		enum le_event ev = line_edit_feed(&le, data[i]);

		FUZZ_ASSERT(ev >= LE_NONE && ev <= LE_BAD_BYTE, "event %d", (int)ev);
		typed_feed(data[i]);
		if (ev == LE_LINE) {
			check_line(&le, max);
			check_typed(le.line);
		}
		if (ev != LE_NONE)
			typed_reset();
	}
	return 0;
}
