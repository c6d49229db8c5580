/*
 * The host environment of the kernel's pure code (see hosttest.h), linked
 * into every host test and every fuzzer (tests/fuzz/): what that code calls
 * but does not contain -- printk/vprintk (into a capture buffer the tests
 * inspect), sprint_symbol/sprint_backtrace over a fake symbol table, the
 * fake vmemmap and direct map -- and the tests' seeded random numbers and glibc's
 * formatter for reference outputs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/kallsyms.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/smp.h>
#include <kernel/printk.h>
#include <kernel/sprintf.h>
#include <mm/page.h>

#include "hosttest.h"

/* ---- printk capture ---- */

static char capture[1 << 16];
static size_t capture_len;
static int capture_nlines;

void printk_capture_reset(void)
{
	capture_len = 0;
	capture[0] = '\0';
	capture_nlines = 0;
}

const char *printk_capture(void)
{
	return capture;
}

int printk_capture_lines(void)
{
	return capture_nlines;
}

bool printk_capture_contains(const char *needle)
{
	return strstr(capture, needle) != NULL;
}

/* Append one message (its level prefix already gone) to the capture. */
static void capture_add(const char *msg)
{
	size_t n = strlen(msg);

	for (const char *p = msg; (p = strchr(p, '\n')); p++)
		capture_nlines++;
	if (n > sizeof(capture) - 1 - capture_len)
		n = sizeof(capture) - 1 - capture_len;
	memcpy(capture + capture_len, msg, n);
	capture_len += n;
	capture[capture_len] = '\0';
	if (getenv("ATLAS_HOST_VERBOSE"))
		fprintf(stderr, "printk: %s", msg);
}

/* The host printk: the kernel's vsnprintf into the capture buffer. */
int vprintk(const char *fmt, va_list args)
{
	char small[1024], *msg = small;
	va_list ap;
	int n;

	va_copy(ap, args);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(small)) {
		msg = malloc(n + 1);
		if (!msg)
			abort();
		va_copy(ap, args);
		vsnprintf(msg, n + 1, fmt, ap);
		va_end(ap);
	}
	/* KERN_SOH and one level character, as the real printk strips them */
	capture_add(msg[0] == KERN_SOH[0] && msg[1] ? msg + 2 : msg);
	if (msg != small)
		free(msg);
	return n;
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

/* ---- fake symbol table ---- */

struct fake_sym {
	const char *name;
	unsigned long addr, size;
};

static const struct fake_sym fake_syms[] = {
	{ "fake_func", FAKE_FUNC_ADDR, FAKE_FUNC_SIZE },
	{ "other_func", OTHER_FUNC_ADDR, OTHER_FUNC_SIZE },
};

const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset)
{
	for (size_t i = 0; i < sizeof(fake_syms) / sizeof(fake_syms[0]); i++) {
		const struct fake_sym *s = &fake_syms[i];

		if (addr >= s->addr && addr - s->addr < s->size) {
			*size = s->size;
			*offset = addr - s->addr;
			return s->name;
		}
	}
	return NULL;
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (size_t i = 0; i < sizeof(fake_syms) / sizeof(fake_syms[0]); i++)
		if (!strcmp(fake_syms[i].name, name))
			return fake_syms[i].addr;
	return 0;
}

/* Linux's __sprint_symbol: look up addr - sub, print the offset of addr. */
static int fake_sprint(char *buf, size_t size, unsigned long addr, bool with_offset,
		       unsigned long sub)
{
	unsigned long symsize, offset;
	const char *name = kallsyms_lookup(addr - sub, &symsize, &offset);

	if (!name)
		return libc_snprintf(buf, size, "0x%lx", addr);
	if (!with_offset)
		return libc_snprintf(buf, size, "%s", name);
	/* "0x%lx", not "%#lx": Linux prints "+0x0/0x40" for a symbol's first byte */
	return libc_snprintf(buf, size, "%s+0x%lx/0x%lx", name, offset + sub, symsize);
}

/*
 * The kernel's panic, for pure code that calls it (a lab's starter code that
 * cannot go on, lab_panic_not_implemented): Linux's line, then abort(), so
 * the forked test case fails saying why.
 */
void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("Kernel panic - not syncing: %s", buf);
	fflush(stdout);
	abort();
}

int sprint_symbol(char *buf, size_t size, unsigned long addr, bool with_offset)
{
	return fake_sprint(buf, size, addr, with_offset, 0);
}

int sprint_backtrace(char *buf, size_t size, unsigned long addr)
{
	return fake_sprint(buf, size, addr, true, 1);
}

/*
 * ---- the fake vmemmap ----
 * pfn_to_page() on the host indexes host_vmemmap (include/mm/page.h); tests of
 * mm/ code point it at an array of their own.  Defined here, once for every
 * test binary; weak, so a test file that defines it too still links.
 */
__attribute__((weak)) struct page *host_vmemmap;

/*
 * The fake direct map: __va(0) on the host (include/asm/page.h).  A test of
 * mm/ code that needs __va/__pa points it at the arena standing for its RAM.
 */
unsigned long host_page_offset;

/* Every pfn of a fake vmemmap has its struct page (tests bound their pfns themselves). */
__attribute__((weak)) bool pfn_valid(unsigned long pfn)
{
	return true;
}

/* No bitmap: pfn_valid() answers (mm/slab.h's virt_addr_valid). */
__attribute__((weak)) const unsigned long *pfn_valid_blocks(void)
{
	return NULL;
}

/* ---- random numbers: splitmix64 (Steele, Lea, Flood 2014) ---- */

static uint64_t rng_state = 1;

void host_srand(uint64_t seed)
{
	rng_state = seed;
}

uint64_t host_rand(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t host_rand_below(uint64_t n)
{
	return host_rand() % n;
}

/*
 * ---- glibc's formatter ----
 * Keep this section last: it undoes host.h's renames for the rest of the
 * file, so "vsnprintf" below is the C library's (nm shows it undefined in
 * every test binary, beside the defined atlas_vsnprintf).
 */
#undef vsnprintf
#undef snprintf
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

int libc_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

int libc_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = libc_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- per-CPU memory: one CPU, so one copy from the C heap ---- */

unsigned long __per_cpu_offset[NR_CPUS];
struct cpumask __cpu_possible_mask = { { 1 } }, __cpu_online_mask = { { 1 } };
unsigned int nr_cpu_ids = 1;

/* One CPU: "every CPU" is this one. */
void on_each_cpu(smp_call_func_t func, void *info, int wait)
{
	func(info);
}

void __percpu *__alloc_percpu(size_t size, size_t align)
{
	void *p;

	if (!size || !align || (align & (align - 1)) || align > 4096)
		return NULL;
	p = aligned_alloc(align < sizeof(void *) ? sizeof(void *) : align,
			  (size + align - 1) / align * align);
	if (p)
		memset(p, 0, size);
	return p;
}

void free_percpu(void __percpu *ptr)
{
	free(ptr);
}
