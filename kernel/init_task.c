/*
 * The last steps of the boot (Linux's init/main.c rest_init, kernel_init's
 * tail, console_on_rootfs, run_init_process): PID 1 is made as a kernel
 * thread on CPU 0 and the boot thread becomes CPU 0's idle loop.  PID 1
 * opens /dev/console as fds 0, 1, 2 and either runs the self-tests, the
 * benchmarks or the monitor (kernel/main.c), or execs the first user program:
 *
 *     rdinit=PATH    tried first; if it fails: "Failed to execute PATH (error N)"
 *     init=PATH      tried next; if it fails the kernel panics, as Linux's:
 *                    "Kernel panic - not syncing: Requested init PATH failed (error N)."
 *
 * with argv { PATH } and Linux's envp { "HOME=/", "TERM=linux" }.
 */
#include <errno.h>
#include <fs/fs.h>
#include <kernel/cmdline.h>
#include <kernel/err.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>

#include "init_internal.h"
#include "sched_internal.h"
#include "sched_deps.h"
#include "smpboot_internal.h"

KERNEL_PARAM("init", "the first program PID 1 execs (init=/bin/sh); the monitor if none");
KERNEL_PARAM("rdinit", "the initramfs program PID 1 tries before init=");

__noreturn void rest_init(void)
{
	struct kernel_clone_args args = {
		.flags = CLONE_FS | CLONE_FILES,
		.exit_signal = SIGCHLD,
		.fn = kernel_init,
		.name = "init",         /* ps shows it so until it execs (Linux's: swapper/0) */
		.cpu = 0,               /* the tests and the monitor run on the boot CPU */
	};
	struct task_struct *pid1;

	init_task.files = &init_files;  /* PID 1 starts with them, as Linux's init_task */
	init_task.fs = &init_fs;
	pid1 = copy_process(&args);
	if (IS_ERR(pid1))
		panic("rest_init: cannot make PID 1 (error %ld)", PTR_ERR(pid1));
	/*
	 * init leads session 1 and process group 1 (as every init makes itself with
	 * setsid): a shell run as init= then finds its group in the console's
	 * foreground (TIOCGPGRP) and keeps job control, instead of stopping
	 * itself with SIGTTIN as a background job would.
	 */
	pid1->pgrp = pid1->session = pid1->pid;
	child_reaper = pid1;
	wake_up_new_task(pid1);
	cpu_idle();
}

void console_on_rootfs(void)
{
	for (int fd = 0; fd < 3; fd++) {
		struct file *f = filp_open("/dev/console", O_RDWR, 0);
		int got;

		if (IS_ERR_OR_NULL(f)) {
			pr_err("Warning: unable to open an initial console.\n");
			return;
		}
		got = get_unused_fd_flags(0);
		if (got < 0) {
			fput(f);
			return;
		}
		fd_install((unsigned int)got, f);
	}
}

static int run_init_process(const char *filename)
{
	const char *argv[] = { filename, NULL };
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };

	pr_info("Run %s as init process\n", filename);
	return kernel_execve(filename, argv, envp);
}

int run_init_from_cmdline(void)
{
	const char *rdinit = cmdline_get(&boot_cmdline, "rdinit");
	const char *init = cmdline_get(&boot_cmdline, "init");
	int ret;

	if (rdinit && *rdinit) {
		ret = run_init_process(rdinit);
		if (!ret)
			return 0;
		pr_err("Failed to execute %s (error %d)\n", rdinit, ret);
	}
	if (init && *init) {
		ret = run_init_process(init);
		if (!ret)
			return 0;
		panic("Requested init %s failed (error %d).", init, ret);
	}
	return -ENOENT;
}
