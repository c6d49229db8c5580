/*
 * vsnprintf and friends: the formatter behind printk and every monitor command.
 *
 * Follows C99 printf (§7.19.6.1) and Linux's lib/vsprintf.c extensions for
 * pointers (%pS, %ps, %px).  Pure code: the host unit tests compile this same
 * file and compare it with the C library's printf.
 */
#include <kernel/kallsyms.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>

/* Where output goes: stored while it fits, always counted. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

#define F_LEFT    0x01   /* '-' */
#define F_ZERO    0x02   /* '0' */
#define F_PLUS    0x04   /* '+' */
#define F_SPACE   0x08   /* ' ' */
#define F_SPECIAL 0x10   /* '#' */
#define F_SIGNED  0x20
#define F_UPPER   0x40

struct spec {
	int flags;
	int width;      /* -1: none */
	int precision;  /* -1: none */
	int base;
};

/* One integer, with sign, "0x"/"0" prefix, precision and padding. */
static void put_number(struct out *o, unsigned long long num, struct spec s)
{
	const char *digits = (s.flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], sign = 0;
	const char *prefix = "";
	int n = 0, zeros, pad;

	if (s.flags & F_SIGNED) {
		if ((long long)num < 0) {
			sign = '-';
			num = 0 - num;
		} else if (s.flags & F_PLUS) {
			sign = '+';
		} else if (s.flags & F_SPACE) {
			sign = ' ';
		}
	}
	if (num == 0 && s.precision == 0)
		n = 0;                  /* C99: "%.0d" of 0 prints nothing */
	else
		do {
			tmp[n++] = digits[num % s.base];
			num /= s.base;
		} while (num);
	/* Linux's "0x" comes even for 0 (C's "%#x" would print a bare "0") */
	if ((s.flags & F_SPECIAL) && s.base == 16)
		prefix = (s.flags & F_UPPER) ? "0X" : "0x";
	if ((s.flags & F_SPECIAL) && s.base == 8 && (n == 0 || tmp[n - 1] != '0'))
		prefix = "0";

	zeros = s.precision > n ? s.precision - n : 0;
	if (zeros && prefix[0] == '0' && !prefix[1])
		prefix = "";            /* "%#.3o": the precision's zeros suffice */
	pad = s.width - n - zeros - (sign != 0) - (int)strlen(prefix);
	if ((s.flags & F_ZERO) && !(s.flags & F_LEFT) && s.precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!(s.flags & F_LEFT))
		put_n(o, ' ', pad);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	put_n(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (s.flags & F_LEFT)
		put_n(o, ' ', pad);
}

static void put_string(struct out *o, const char *str, struct spec s)
{
	int len, pad;

	if (!str)
		str = "(null)";
	len = strnlen(str, s.precision < 0 ? (size_t)-1 : (size_t)s.precision);
	pad = s.width - len;
	if (!(s.flags & F_LEFT))
		put_n(o, ' ', pad);
	for (int i = 0; i < len; i++)
		put(o, str[i]);
	if (s.flags & F_LEFT)
		put_n(o, ' ', pad);
}

/*
 * %p and its extensions.  fmt points just after the 'p'; returns how many
 * extension letters were used.
 */
static int put_pointer(struct out *o, const char *fmt, void *ptr, struct spec s)
{
	char sym[128];

	if (*fmt == 'S' || *fmt == 's' || *fmt == 'B') {
		if (*fmt == 'B')
			sprint_backtrace(sym, sizeof(sym), (unsigned long)ptr);
		else
			sprint_symbol(sym, sizeof(sym), (unsigned long)ptr, *fmt == 'S');
		s.precision = -1;
		put_string(o, sym, s);
		return 1;
	}
	s.base = 16;
	s.flags |= F_ZERO;
	if (s.width < 0)
		s.width = 2 * sizeof(void *);
	put_number(o, (unsigned long)ptr, s);
	return *fmt == 'x' ? 1 : 0;
}

/* Widths and precisions beyond this are clamped (no output is that wide). */
#define MAX_FIELD 4096

/* A decimal width or precision (possibly no digits: 0). */
static const char *parse_field(const char *fmt, int *out)
{
	int v = 0;

	for (; isdigit_k(*fmt); fmt++)
		if (v < MAX_FIELD)
			v = v * 10 + (*fmt - '0');
	*out = v > MAX_FIELD ? MAX_FIELD : v;
	return fmt;
}

/* Parse flags, width and precision; returns the format past them. */
static const char *parse_spec(const char *fmt, struct spec *s, va_list *ap)
{
	s->flags = 0;
	s->width = -1;
	s->precision = -1;
	for (;; fmt++) {
		if (*fmt == '-')
			s->flags |= F_LEFT;
		else if (*fmt == '0')
			s->flags |= F_ZERO;
		else if (*fmt == '+')
			s->flags |= F_PLUS;
		else if (*fmt == ' ')
			s->flags |= F_SPACE;
		else if (*fmt == '#')
			s->flags |= F_SPECIAL;
		else
			break;
	}
	if (*fmt == '*') {
		int w = va_arg(*ap, int);

		if (w < 0) {
			s->flags |= F_LEFT;
			w = w < -MAX_FIELD ? MAX_FIELD : -w;
		}
		s->width = w > MAX_FIELD ? MAX_FIELD : w;
		fmt++;
	} else if (isdigit_k(*fmt)) {
		fmt = parse_field(fmt, &s->width);
	}
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			int p = va_arg(*ap, int);

			s->precision = p < 0 ? -1 : p > MAX_FIELD ? MAX_FIELD : p;
			fmt++;
		} else {
			fmt = parse_field(fmt, &s->precision);
		}
	}
	return fmt;
}

/* Length modifiers: how many bytes the integer argument has. */
enum qual { Q_INT, Q_CHAR, Q_SHORT, Q_LONG, Q_LLONG, Q_SIZE };

static const char *parse_qualifier(const char *fmt, enum qual *q)
{
	*q = Q_INT;
	if (fmt[0] == 'h' && fmt[1] == 'h')
		return *q = Q_CHAR, fmt + 2;
	if (fmt[0] == 'l' && fmt[1] == 'l')
		return *q = Q_LLONG, fmt + 2;
	switch (*fmt) {
	case 'h': *q = Q_SHORT; return fmt + 1;
	case 'l': *q = Q_LONG; return fmt + 1;
	case 'L': case 'j': *q = Q_LLONG; return fmt + 1;
	case 'z': case 't': *q = Q_SIZE; return fmt + 1;
	}
	return fmt;
}

static unsigned long long get_integer(va_list *ap, enum qual q, bool is_signed)
{
	switch (q) {
	case Q_CHAR:
		return is_signed ? (unsigned long long)(signed char)va_arg(*ap, int)
				 : (unsigned char)va_arg(*ap, unsigned int);
	case Q_SHORT:
		return is_signed ? (unsigned long long)(short)va_arg(*ap, int)
				 : (unsigned short)va_arg(*ap, unsigned int);
	case Q_LONG:
	case Q_SIZE:
		return is_signed ? (unsigned long long)va_arg(*ap, long)
				 : va_arg(*ap, unsigned long);
	case Q_LLONG:
		return va_arg(*ap, unsigned long long);
	default:
		return is_signed ? (unsigned long long)va_arg(*ap, int)
				 : va_arg(*ap, unsigned int);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };
	struct spec s;
	enum qual q;
	va_list ap;

	va_copy(ap, args);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt = parse_qualifier(parse_spec(fmt + 1, &s, &ap), &q);
		s.base = 10;
		switch (*fmt) {
		case 'c':
			s.precision = -1;
			put_n(&o, ' ', (s.flags & F_LEFT) ? 0 : s.width - 1);
			put(&o, (char)va_arg(ap, int));
			put_n(&o, ' ', (s.flags & F_LEFT) ? s.width - 1 : 0);
			break;
		case 's':
			put_string(&o, va_arg(ap, const char *), s);
			break;
		case 'p':
			fmt += put_pointer(&o, fmt + 1, va_arg(ap, void *), s);
			break;
		case 'd':
		case 'i':
			s.flags |= F_SIGNED;
			put_number(&o, get_integer(&ap, q, true), s);
			break;
		case 'X':
			s.flags |= F_UPPER;
			/* fall through */
		case 'x':
		case 'o':
		case 'u':
			s.base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
			put_number(&o, get_integer(&ap, q, false), s);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':              /* a lone '%' at the end */
			fmt--;
			break;
		default:                /* unknown: print it as it stands */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = vsnprintf(buf, size, fmt, args);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
