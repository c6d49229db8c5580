/*
 * What every fuzz harness in tests/fuzz/ shares.  A harness is one file,
 * NAME.c, defining LLVMFuzzerTestOneInput() for one parser of untrusted
 * input; it is built twice by the Makefile:
 *   - with clang and libFuzzer (-fsanitize=fuzzer,address,undefined) into
 *     build/fuzz/NAME, which `make fuzz` runs for FUZZ_SECONDS;
 *   - with the host compiler, ASan and UBSan and replay.c's main() into
 *     build/host/fuzz_NAME, which replays every input committed under
 *     tests/fuzz/NAME/ (corpus/ and regressions/) on every `make test`.
 * Both link the kernel's pure objects (the Makefile's libatlas.a) and
 * tests/host/hostenv.c, as the host unit tests do.
 *
 * Beyond "no crash", a harness checks what the parser promises with
 * FUZZ_ASSERT, which prints the broken invariant and aborts: libFuzzer then
 * saves the input, the replay names it.
 */
#ifndef ATLAS_TESTS_FUZZ_FUZZ_H
#define ATLAS_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/compiler.h>

#include "../host/hosttest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input being replayed: replay.c defines and sets it; under libFuzzer,
 * which names a failing input itself, this weak definition leaves it NULL.
 */
__attribute__((weak)) const char *fuzz_input_name;

__attribute__((noreturn, format(printf, 4, 5)))
static inline void fuzz_fail(const char *file, int line, const char *expr, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: invariant failed: %s", file, line, expr);
	if (fuzz_input_name)
		fprintf(stderr, " (input %s)", fuzz_input_name);
	fputs(": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* FUZZ_ASSERT(x < y, "x=%d y=%d", x, y): an invariant of the parser under test. */
#define FUZZ_ASSERT(cond, ...) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

/* ---- taking typed values from the input, zeros once it runs out ---- */

struct fuzz_input {
	const uint8_t *p;
	size_t left;
};

static inline uint64_t fuzz_take(struct fuzz_input *in, size_t n)
{
	uint64_t v = 0;

	if (n > in->left)
		n = in->left;
	memcpy(&v, in->p, n);           /* little-endian, as the machine */
	in->p += n;
	in->left -= n;
	return v;
}

static inline uint8_t fuzz_u8(struct fuzz_input *in) { return (uint8_t)fuzz_take(in, 1); }
static inline uint16_t fuzz_u16(struct fuzz_input *in) { return (uint16_t)fuzz_take(in, 2); }
static inline uint32_t fuzz_u32(struct fuzz_input *in) { return (uint32_t)fuzz_take(in, 4); }
static inline uint64_t fuzz_u64(struct fuzz_input *in) { return fuzz_take(in, 8); }

/* A malloc'd copy of data, exactly size bytes (ASan sees a read past it), or NULL if 0. */
static inline uint8_t *fuzz_dup(const uint8_t *data, size_t size)
{
	uint8_t *p = size ? malloc(size) : NULL;

	if (size && !p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* A malloc'd NUL-terminated copy of data (cut at its first NUL, if any). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
