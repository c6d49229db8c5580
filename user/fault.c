/*
 * fault: fault on purpose, one way per argument, to see what the kernel does
 * with a bad user access: Linux prints one line and kills the process,
 *
 *   fault[12]: segfault at 0 ip 0000000000401136 sp 00007fffffffec90 error 4 in fault[401000+...]
 *
 * (error is the page-fault error code: 4 = user read of a page not present,
 * 6 = user write, 7 = user write to a present page, 15 = user instruction
 * fetch from a present page (NX), 5 = user read of a present page), and the
 * kernel goes on.  The same binary on Linux prints the same lines to dmesg.
 *
 *   fault null      read address 0 (nothing is mapped below mmap_min_addr)
 *   fault text      write to the program's own code (r-x)
 *   fault exec      jump into a writable data array (rw-, no execute)
 *   fault kernel    read a kernel address (the user/kernel split: error 5, present)
 *   fault div0      divide by zero (SIGFPE, Linux's "trap divide error" line)
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

static unsigned char data_code[16] = { 0xc3 };   /* ret, in a data page */

static void fault_null(void)
{
	(void)*(volatile int *)0;
}

static void fault_text(void)
{
	*(volatile unsigned char *)(void *)fault_text = 0xcc;
}

static void fault_exec(void)
{
	((void (*)(void))(void *)data_code)();
}

static void fault_kernel(void)
{
	/* PAGE_OFFSET + 1 MiB: RAM in the direct map, present but the kernel's alone */
	(void)*(volatile long *)0xffff888000100000UL;
}

static void fault_div0(void)
{
	unsigned int x = 1;

	/* in assembly: C's division by zero is undefined, the compiler may drop it */
	__asm__ volatile("xorl %%edx, %%edx; divl %1" : "+a"(x) : "r"(0) : "edx");
}

static const struct {
	const char *name;
	void (*fn)(void);
	const char *what;
} faults[] = {
	{ "null", fault_null, "read address 0" },
	{ "text", fault_text, "write to my own code" },
	{ "exec", fault_exec, "execute a data array" },
	{ "kernel", fault_kernel, "read kernel address 0xffff888000100000 (the direct map)" },
	{ "div0", fault_div0, "divide by zero" },
};

int main(int argc, char **argv)
{
	for (size_t i = 0; argc == 2 && i < sizeof(faults) / sizeof(faults[0]); i++) {
		if (strcmp(argv[1], faults[i].name))
			continue;
		printf("fault: %s; the kernel kills me and goes on\n", faults[i].what);
		fflush(stdout);
		faults[i].fn();
		printf("fault: %s did not fault\n", argv[1]);
		return 1;
	}
	fprintf(stderr, "usage: fault null|text|exec|kernel|div0\n");
	return 2;
}
