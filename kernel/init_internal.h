/* The end of the boot: PID 1 and the first program (kernel/main.c, kernel/init_task.c). */
#ifndef ATLAS_KERNEL_INIT_INTERNAL_H
#define ATLAS_KERNEL_INIT_INTERNAL_H

/* PID 1's function (kernel/main.c): self-tests, benchmarks, init= or the monitor. */
int kernel_init(void *unused);

/* Start PID 1 on CPU 0 and make this, the boot thread, CPU 0's idle loop. */
__attribute__((noreturn)) void rest_init(void);

/* fds 0, 1, 2 of PID 1 on /dev/console (Linux's console_on_rootfs); a warning if none. */
void console_on_rootfs(void);

/*
 * Exec rdinit= then init= as Linux's kernel_init does: 0 once one of them is
 * exec'd (return to user mode), -ENOENT if neither is given; panics if
 * init= cannot run ("Requested init ... failed").
 */
int run_init_from_cmdline(void);

#endif
