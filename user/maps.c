/*
 * maps: where a static program's pieces are in its address space, from the
 * inside: the address of something in each section, the heap before and
 * after malloc, an anonymous mmap, the stack, argv and environ, then
 * /proc/self/maps (the kernel's list of this process's VMAs) and the
 * auxiliary vector the kernel put on the initial stack, in the kernel's order.
 *
 * Run it on Linux and on Atlas on the same machine and compare: the layout is
 * Linux's x86-64 one (text at 0x400000, [heap] after the bss, mmap top-down
 * below the stack gap, [stack] ending at 0x7ffffffff000 without
 * randomisation), and every address printed lies inside one of the lines of
 * /proc/self/maps.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define MMAP_SIZE   (1 << 20)   /* 1 MiB: above malloc's threshold, so its own VMA */
#define MALLOC_SIZE 100000      /* below it: from the heap (brk) */

extern char **environ;

static const char ro_string[] = "a string in .rodata";
int global_data = 42;
int global_bss;

int main(int argc, char **argv);

static void line(const char *what, const void *addr)
{
	printf("%-20s %p\n", what, addr);
}

static void print_addresses(int argc, char **argv)
{
	int stack_var = 0;
	void *brk0 = sbrk(0);
	void *heap = malloc(MALLOC_SIZE);
	void *map = mmap(NULL, MMAP_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int n = 0;

	puts("--- addresses");
	line("main (text)", (void *)main);
	line("ro_string (rodata)", ro_string);
	line("global_data (data)", &global_data);
	line("global_bss (bss)", &global_bss);
	line("sbrk(0) at start", brk0);
	line("malloc(100000)", heap);
	line("sbrk(0) after malloc", sbrk(0));
	line("mmap 1 MiB anon", map == MAP_FAILED ? NULL : map);
	line("stack_var (stack)", &stack_var);
	printf("%-20s %p  argv[0] %p \"%s\"  argc %d\n", "argv", (void *)argv,
	       (void *)argv[0], argv[0], argc);
	for (int i = 1; i < argc; i++)
		printf("  arg %p \"%s\"\n", (void *)argv[i], argv[i]);
	while (environ[n])
		n++;
	printf("%-20s %p  (%d strings)\n", "environ", (void *)environ, n);
	for (int i = 0; i < n; i++)
		printf("  env %p \"%s\"\n", (void *)environ[i], environ[i]);
}

static void print_self_maps(void)
{
	char buf[4096];
	ssize_t n;
	int fd = open("/proc/self/maps", O_RDONLY);

	puts("--- /proc/self/maps");
	fflush(stdout);
	if (fd < 0) {
		perror("/proc/self/maps");
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	close(fd);
}

static const char *const at_names[] = {
	[AT_NULL] = "AT_NULL", [AT_IGNORE] = "AT_IGNORE", [AT_EXECFD] = "AT_EXECFD",
	[AT_PHDR] = "AT_PHDR", [AT_PHENT] = "AT_PHENT", [AT_PHNUM] = "AT_PHNUM",
	[AT_PAGESZ] = "AT_PAGESZ", [AT_BASE] = "AT_BASE", [AT_FLAGS] = "AT_FLAGS",
	[AT_ENTRY] = "AT_ENTRY", [AT_NOTELF] = "AT_NOTELF", [AT_UID] = "AT_UID",
	[AT_EUID] = "AT_EUID", [AT_GID] = "AT_GID", [AT_EGID] = "AT_EGID",
	[AT_PLATFORM] = "AT_PLATFORM", [AT_HWCAP] = "AT_HWCAP", [AT_CLKTCK] = "AT_CLKTCK",
	[AT_SECURE] = "AT_SECURE", [AT_BASE_PLATFORM] = "AT_BASE_PLATFORM",
	[AT_RANDOM] = "AT_RANDOM", [AT_HWCAP2] = "AT_HWCAP2", [AT_EXECFN] = "AT_EXECFN",
	[AT_SYSINFO_EHDR] = "AT_SYSINFO_EHDR", [51] = "AT_MINSIGSTKSZ",
};

/* One auxv entry as musl-maps.txt shows it: counts also in decimal, strings quoted. */
static void print_aux(unsigned long type, unsigned long val)
{
	const char *name = type < sizeof(at_names) / sizeof(at_names[0]) && at_names[type] ?
		at_names[type] : "AT_?";

	printf("%-16s (%2lu) %#lx", name, type, val);
	switch (type) {
	case AT_EXECFN: case AT_PLATFORM: case AT_BASE_PLATFORM:
		printf(" \"%s\"", (const char *)val);
		break;
	case 51: case AT_PAGESZ: case AT_CLKTCK: case AT_PHENT: case AT_PHNUM:
	case AT_UID: case AT_EUID: case AT_GID: case AT_EGID:
		printf(" = %lu", val);
		break;
	}
	putchar('\n');
}

/* The auxv follows environ's NULL on the initial stack (System V ABI §3.4.1). */
static void print_auxv(char **envp)
{
	unsigned long *aux;

	while (*envp)
		envp++;
	aux = (unsigned long *)(envp + 1);
	puts("--- auxv (from the initial stack, in the kernel's order)");
	for (;; aux += 2) {
		print_aux(aux[0], aux[1]);
		if (aux[0] == AT_NULL)
			break;
	}
}

int main(int argc, char **argv)
{
	char **envp = environ;          /* before anything could change it */

	setvbuf(stdout, NULL, _IOLBF, 0);
	print_addresses(argc, argv);
	print_self_maps();
	print_auxv(envp);
	return 0;
}
