/*
 * The check behind might_sleep() (Linux's kernel/sched/core.c __might_sleep).
 * Not written yet: the locks work adds the report.
 */
#include <kernel/sched.h>

void __might_sleep(const char *file, int line, unsigned long ip)
{
	(void)file;
	(void)line;
	(void)ip;
}
