/*
 * Fuzzing kernel/vsprintf.c differentially against the C library: the input
 * is decoded into a format string of up to MAX_SPECS conversions that both
 * formatters define the same way -- flags "-0+ #", a width and a precision
 * (numbers or '*'), the length modifiers hh h l ll z t j, conversions d i u
 * x X o c s and "%%" -- with literal text between them, and into their
 * arguments; the kernel's snprintf and glibc's must then write the same
 * bytes into a buffer of the same (fuzzed) size and return the same length.
 * Left out: Linux's documented "%#x" of 0 ("0x0", glibc "0"), %p and its
 * extensions, %n, floating point.
 *
 * Every argument is passed as a 64-bit integer: on x86-64 each integer or
 * pointer argument of a variadic call takes one 64-bit slot, and va_arg of
 * an int reads the low half, so one call shape serves every format.
 */
#include "fuzz.h"

#define MAX_SPECS 8
#define MAX_ARGS  (3 * MAX_SPECS)       /* a width, a precision and a value each */
#define BUF_SIZE  512

static const char *const lengths[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };
static const char convs[] = "diuxXocs%";
static const char *const strings[] = { "", "a", "hello", "Atlas kernel", "with\ttab", "%d" };

struct format {
	char fmt[MAX_SPECS * 32 + 64];
	size_t len;
	unsigned long long args[MAX_ARGS];
	int nargs;
};

static void put(struct format *f, const char *s)
{
	size_t n = strlen(s);

	memcpy(f->fmt + f->len, s, n + 1);
	f->len += n;
}

/* A width or precision: none, a number up to 40, or '*' with an argument in -40..40. */
static void put_number(struct format *f, struct fuzz_input *in, const char *dot)
{
	uint8_t b = fuzz_u8(in);
	char num[8];

	if (b < 96)
		return;
	put(f, dot);
	if (b < 176) {
		libc_snprintf(num, sizeof(num), "%u", (b - 96) % 41);
		put(f, num);
	} else if (b < 240) {
		put(f, "*");
		f->args[f->nargs++] = (unsigned long long)(long long)((int)(fuzz_u8(in) % 81) - 40);
	}                                       /* else a lone '.' (precision 0) or nothing */
}

/* The value for conversion c, or false to leave the spec out ("%#x" of 0). */
static bool put_value(struct format *f, struct fuzz_input *in, char c, const char *len,
		      bool hash)
{
	unsigned long long v = fuzz_u64(in), seen = v;

	if (c == 's') {
		v = (unsigned long long)(uintptr_t)strings[v % ARRAY_SIZE(strings)];
	} else if (c == 'c') {
		v = 0x20 + v % 0x5f;            /* printable: glibc would write a NUL as it is */
	} else {
		if (!strcmp(len, "hh"))
			seen = (unsigned char)v;
		else if (!strcmp(len, "h"))
			seen = (unsigned short)v;
		else if (!*len)
			seen = (unsigned int)v;
		if (hash && (c == 'x' || c == 'X') && seen == 0)
			return false;
	}
	f->args[f->nargs++] = v;
	return true;
}

/* One conversion spec from the input, appended to f. */
static void put_spec(struct format *f, struct fuzz_input *in)
{
	uint8_t flags = fuzz_u8(in), lc = fuzz_u8(in);
	char c = convs[lc % (sizeof(convs) - 1)];
	const char *len = lengths[(lc / 16) % ARRAY_SIZE(lengths)];
	size_t at = f->len;
	int nargs = f->nargs;

	if (c == '%') {
		put(f, "%%");
		return;
	}
	if (c == 's' || c == 'c')
		flags &= 1;                     /* only '-' is defined for them */
	put(f, "%");
	for (int i = 0; i < 5; i++)
		if (flags & (1u << i))
			f->fmt[f->len++] = "-0+ #"[i];
	f->fmt[f->len] = '\0';
	put_number(f, in, "");
	if (c != 'c')
		put_number(f, in, ".");
	if (c != 's' && c != 'c')
		put(f, len);
	f->fmt[f->len++] = c;
	f->fmt[f->len] = '\0';
	if (!put_value(f, in, c, c == 's' || c == 'c' ? "" : len, flags & 16)) {
		f->len = at;                    /* take the spec back out */
		f->fmt[at] = '\0';
		f->nargs = nargs;
	}
}

/* Literal text: up to 7 printable characters other than '%'. */
static void put_text(struct format *f, struct fuzz_input *in)
{
	for (int n = fuzz_u8(in) % 8; n-- && in->left;) {
		char c = 0x20 + fuzz_u8(in) % 0x5f;

		f->fmt[f->len++] = c == '%' ? '_' : c;
	}
	f->fmt[f->len] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	static struct format f;
	char kbuf[BUF_SIZE], lbuf[BUF_SIZE];
	size_t bufsize = fuzz_u16(&in) % (BUF_SIZE + 1);
	unsigned long long *a = f.args;
	int kn, ln;

	memset(&f, 0, sizeof(f));
	for (int i = 0; i < MAX_SPECS && in.left; i++) {
		put_text(&f, &in);
		put_spec(&f, &in);
	}
	put_text(&f, &in);
	memset(kbuf, 'K', sizeof(kbuf));
	memset(lbuf, 'K', sizeof(lbuf));
#define ARGS a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], \
	     a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23]
	kn = snprintf(kbuf, bufsize, f.fmt, ARGS);
	ln = libc_snprintf(lbuf, bufsize, f.fmt, ARGS);
#undef ARGS
	FUZZ_ASSERT(kn == ln && !memcmp(kbuf, lbuf, sizeof(kbuf)),
		    "\"%s\" into %zu bytes: kernel %d \"%.*s\", glibc %d \"%.*s\"", f.fmt, bufsize,
		    kn, (int)(bufsize ? bufsize - 1 : 0), kbuf, ln,
		    (int)(bufsize ? bufsize - 1 : 0), lbuf);
	return 0;
}
