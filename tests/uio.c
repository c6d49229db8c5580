/*
 * uio suite: the UIO core (drivers/uio.c) with a device of the test's own
 * (a platform parent, one physical page as map0, UIO_IRQ_CUSTOM events
 * counted by uio_event_notify): /dev/uioN's node, read/write/poll/mmap and
 * their errors, a blocked reader woken by an event and by unregistering,
 * the /sys/class/uio files in Linux's formats; then uio_pci_generic on
 * QEMU's edu (-device edu): bound through a new_id-style dynamic ID, map0
 * is BAR0, and a real INTx interrupt (edu register 0x60) is counted,
 * masked by the handler and unmasked by write(1).  The edu device goes
 * back to the driver it had, so the suite can run twice.
 */
#include <asm/io.h>
#include <drivers/pci.h>
#include <drivers/uio_driver.h>
#include <errno.h>
#include <fs/fs.h>
#include <fs/sysfs.h>
#include <kernel/completion.h>
#include <kernel/err.h>
#include <kernel/kthread.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/sprintf.h>
#include <kernel/string.h>
#include <kernel/tick.h>
#include <kernel/uaccess.h>
#include <mm/gfp.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <uapi/asm/mman.h>
#include <uapi/asm/stat.h>
#include <uapi/linux/poll.h>

#define EDU_VENDOR      0x1234
#define EDU_DEVICE      0x11e8
#define EDU_ID          0x00            /* 0x010000ed */
#define EDU_IRQ_STATUS  0x24
#define EDU_IRQ_RAISE   0x60
#define EDU_IRQ_ACK     0x64
#define PATTERN         0x5a5aa5a5U

/* The test's UIO device: parent, info, and what irqcontrol was last told. */
static struct device test_parent = { .init_name = "uio-test", .bus_name = "platform" };
static struct uio_info test_info;
static struct page *test_page;
static s32 test_irq_on = -1;

static int test_irqcontrol(struct uio_info *info, s32 irq_on)
{
	test_irq_on = irq_on;
	return 0;
}

/*
 * Unregister the test's device and free its page.  The exit of each case,
 * and also called first by init and before a skip: Atlas's kunit runs no
 * exit after a case ends early (a skip or a failed ASSERT).
 */
static void uio_test_exit(struct kunit *test)
{
	if (!test_page)
		return;
	uio_unregister_device(&test_info);
	if (test_parent.sysfs_dir)
		sysfs_remove_entry(sysfs_dir("devices/platform", false), "uio-test");
	test_parent.sysfs_dir = NULL;
	__free_page(test_page);
	test_page = NULL;
}

/* /sys/devices/platform/uio-test as the parent's directory, when there is a /sys. */
static int uio_test_init(struct kunit *test)
{
	uio_test_exit(test);
	if (!strncmp(test->name, "uio_pci_generic", 15))
		return 0;       /* the edu cases use uio_pci_generic's device only */
	test_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!test_page)
		return -ENOMEM;
	*(u32 *)page_address(test_page) = PATTERN;
	test_info = (struct uio_info){
		.name = "uio_test", .version = "0.1", .irq = UIO_IRQ_CUSTOM,
		.irqcontrol = test_irqcontrol,
		.mem[0] = { .name = "test-page", .addr = page_to_phys(test_page),
			    .size = PAGE_SIZE, .memtype = UIO_MEM_PHYS },
	};
	test_parent.sysfs_dir = sysfs_dir("devices/platform/uio-test", true);
	return uio_register_device(&test_parent, &test_info);
}

static void node_path(char *buf, size_t size, int minor)
{
	snprintf(buf, size, "/dev/uio%d", minor);
}

static struct file *open_uio(struct kunit *test, int minor, int flags)
{
	char path[32];
	struct file *f;

	node_path(path, sizeof(path), minor);
	f = filp_open(path, flags, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	return f;
}

static long rd(struct file *f, s32 *v, size_t n)
{
	loff_t pos = 0;

	return kernel_read(f, v, n, &pos);
}

static long wr(struct file *f, s32 v, size_t n)
{
	loff_t pos = 0;

	return kernel_write(f, &v, n, &pos);
}

/* A /sys file's text (NUL-terminated, trailing newline kept) into buf; bytes or -errno. */
static long read_sys(const char *path, char *buf, size_t size)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	long n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, size - 1, &pos);
	fput(f);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* 0 if path (not followed) exists, else -errno. */
static int exists(const char *path)
{
	struct stat st;

	return vfs_fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW);
}

static void expect_sys(struct kunit *test, const char *dir, const char *file, const char *want)
{
	char path[128], buf[128];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	KUNIT_EXPECT_EQ(test, read_sys(path, buf, sizeof(buf)), (long)strlen(want));
	KUNIT_EXPECT_STREQ(test, buf, want);
}

static void expect_link(struct kunit *test, const char *path, const char *want)
{
	char buf[160];
	long n = vfs_readlinkat(AT_FDCWD, path, buf, sizeof(buf) - 1);

	KUNIT_EXPECT_EQ(test, n, (long)strlen(want));
	buf[n > 0 ? n : 0] = '\0';
	KUNIT_EXPECT_STREQ(test, buf, want);
}

/* /dev/uioN appears as crw------- with the dynamic major, and goes with the device. */
static void uio_register_makes_the_node(struct kunit *test)
{
	int minor = uio_find_minor(&test_parent);
	struct stat st;
	char path[32];

	KUNIT_ASSERT_GE(test, minor, 0);
	KUNIT_EXPECT_PTR_NE(test, test_info.uio_dev, NULL);
	KUNIT_EXPECT_GE(test, uio_major(), 234);
	KUNIT_EXPECT_LE(test, uio_major(), 254);
	node_path(path, sizeof(path), minor);
	KUNIT_ASSERT_EQ(test, vfs_fstatat(AT_FDCWD, path, &st, 0), 0);
	KUNIT_EXPECT_EQ(test, st.st_mode, S_IFCHR | 0600);
	KUNIT_EXPECT_EQ(test, st.st_rdev, (unsigned long)((uio_major() << 8) | minor));
	uio_unregister_device(&test_info);
	KUNIT_EXPECT_PTR_EQ(test, test_info.uio_dev, NULL);
	KUNIT_EXPECT_EQ(test, vfs_fstatat(AT_FDCWD, path, &st, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, uio_find_minor(&test_parent), -ENODEV);
	/* a new parent without name or version is refused */
	test_info.version = NULL;
	KUNIT_EXPECT_EQ(test, uio_register_device(&test_parent, &test_info), -EINVAL);
	KUNIT_EXPECT_EQ(test, uio_register_device(NULL, &test_info), -EINVAL);
}

/* read: 4 bytes or -EINVAL; the count since open; -EAGAIN when nothing new. */
static void uio_read_returns_the_event_count(struct kunit *test)
{
	struct file *f = open_uio(test, uio_find_minor(&test_parent), O_RDWR | O_NONBLOCK);
	s32 v = -1;

	KUNIT_EXPECT_EQ(test, rd(f, &v, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, rd(f, &v, 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, rd(f, &v, 4), -EAGAIN);
	KUNIT_EXPECT_EQ(test, f->f_op->poll(f), 0);
	uio_event_notify(&test_info);
	uio_event_notify(&test_info);
	KUNIT_EXPECT_EQ(test, f->f_op->poll(f), POLLIN | POLLRDNORM);
	KUNIT_EXPECT_EQ(test, rd(f, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, v, 2);
	KUNIT_EXPECT_EQ(test, rd(f, &v, 4), -EAGAIN);
	KUNIT_EXPECT_EQ(test, f->f_op->poll(f), 0);
	uio_event_notify(&test_info);
	KUNIT_EXPECT_EQ(test, rd(f, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, v, 3);
	fput(f);
}

/* write: 4 bytes reach irqcontrol; other lengths -EINVAL; no irqcontrol -ENOSYS. */
static void uio_write_calls_irqcontrol(struct kunit *test)
{
	struct file *f = open_uio(test, uio_find_minor(&test_parent), O_RDWR);

	test_irq_on = -1;
	KUNIT_EXPECT_EQ(test, wr(f, 1, 4), 4);
	KUNIT_EXPECT_EQ(test, test_irq_on, 1);
	KUNIT_EXPECT_EQ(test, wr(f, 0, 4), 4);
	KUNIT_EXPECT_EQ(test, test_irq_on, 0);
	KUNIT_EXPECT_EQ(test, wr(f, 1, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_irq_on, 0);
	test_info.irqcontrol = NULL;
	KUNIT_EXPECT_EQ(test, wr(f, 1, 4), -ENOSYS);
	test_info.irqcontrol = test_irqcontrol;
	fput(f);
}

struct reader {
	struct file *f;
	long ret;
	s32 value;
	struct completion done;
};

static int reader_fn(void *data)
{
	struct reader *r = data;

	r->ret = rd(r->f, &r->value, 4);
	complete(&r->done);
	return 0;
}

/* A blocking read sleeps until an event, then until the device goes (-EIO). */
/* Start a reader thread, referenced so that reap_reader can wait for its end. */
static struct task_struct *start_reader(struct reader *r)
{
	struct task_struct *t = kthread_run(reader_fn, r, "uio-reader");

	if (!IS_ERR(t))
		get_task_struct(t);
	return t;
}

/*
 * Wait until the reader has switched away for the last time, then drop the
 * reference, so that its stack is freed inside the case (the leak check
 * counts it).  False if it never ended: it is leaked, since it may still run.
 */
static bool reap_reader(struct task_struct *t)
{
	long left = HZ;

	while (!(READ_ONCE(t->state) == TASK_DEAD && !READ_ONCE(t->on_cpu)) && left-- > 0)
		schedule_timeout_uninterruptible(1);
	if (left < 0)
		return false;
	put_task_struct(t);
	return true;
}

static void uio_blocked_reader_wakes(struct kunit *test)
{
	static struct reader r;         /* static: a reader left asleep must not outlive it */
	struct task_struct *t;

	r = (struct reader){ .f = open_uio(test, uio_find_minor(&test_parent), O_RDWR) };
	init_completion(&r.done);
	t = start_reader(&r);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	if (wait_for_completion_timeout(&r.done, HZ / 10)) {    /* it should sleep */
		kunit_info(test, "read returned %ld at once, with no event", r.ret);
		KUNIT_FAIL(test, "a blocking read with no event did not sleep");
		KUNIT_EXPECT_TRUE(test, reap_reader(t));        /* nothing left for the next case */
		fput(r.f);
		return;
	}
	uio_event_notify(&test_info);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&r.done, HZ), 0);
	KUNIT_EXPECT_EQ(test, r.ret, 4);
	KUNIT_EXPECT_EQ(test, r.value, 1);
	KUNIT_EXPECT_TRUE(test, reap_reader(t));

	reinit_completion(&r.done);
	t = start_reader(&r);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&r.done, HZ / 10), 0);
	uio_unregister_device(&test_info);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&r.done, HZ), 0);
	KUNIT_EXPECT_EQ(test, r.ret, -EIO);
	KUNIT_EXPECT_TRUE(test, reap_reader(t));
	/* the open file outlives the device: everything fails cleanly */
	KUNIT_EXPECT_EQ(test, r.f->f_op->poll(r.f), POLLERR);
	KUNIT_EXPECT_EQ(test, wr(r.f, 1, 4), -EINVAL);
	fput(r.f);
}

/* An mm of the test's own on this thread, for mmap. */
static struct mm_struct *use_test_mm(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();

	KUNIT_ASSERT_NOT_NULL(test, mm);
	kthread_use_mm(mm);
	return mm;
}

static long map_uio(struct mm_struct *mm, struct file *f, unsigned long len, unsigned long pgoff)
{
	long r;

	mmap_write_lock(mm);
	r = do_mmap(mm, f, 0, len, PROT_READ | PROT_WRITE, MAP_SHARED, pgoff);
	mmap_write_unlock(mm);
	return r;
}

/* mmap: map N at offset N pages, uncached; a missing map or a longer length is -EINVAL. */
static void uio_mmap_maps_map_n(struct kunit *test)
{
	struct file *f = open_uio(test, uio_find_minor(&test_parent), O_RDWR);
	struct mm_struct *mm = use_test_mm(test);
	u32 v = 0;
	long addr;

	addr = map_uio(mm, f, PAGE_SIZE, 0);
	KUNIT_ASSERT_GT(test, addr, 0);
	KUNIT_EXPECT_TRUE(test, user_pte_value(mm, addr) & _PAGE_PCD);
	KUNIT_EXPECT_EQ(test, get_user(v, (u32 __user *)addr), 0);
	KUNIT_EXPECT_EQ(test, v, PATTERN);
	KUNIT_EXPECT_EQ(test, put_user(0x1234U, (u32 __user *)(addr + 8)), 0);
	KUNIT_EXPECT_EQ(test, ((u32 *)page_address(test_page))[2], 0x1234);
	mmap_write_lock(mm);
	KUNIT_EXPECT_EQ(test, do_munmap(mm, addr, PAGE_SIZE), 0);
	mmap_write_unlock(mm);
	KUNIT_EXPECT_EQ(test, map_uio(mm, f, 2 * PAGE_SIZE, 0), -EINVAL);    /* longer than map0 */
	KUNIT_EXPECT_EQ(test, map_uio(mm, f, PAGE_SIZE, 1), -EINVAL);        /* no map1 */
	KUNIT_EXPECT_EQ(test, map_uio(mm, f, PAGE_SIZE, MAX_UIO_MAPS), -EINVAL);
	kthread_unuse_mm(mm);
	mmput(mm);
	fput(f);
}

/* /sys/class/uio/uioN: Linux's files, formats and links. */
static void uio_sysfs_files_are_linux(struct kunit *test)
{
	int minor = uio_find_minor(&test_parent);
	char dir[64], want[96], path[96];

	if (!test_parent.sysfs_dir) {
		uio_test_exit(test);
		kunit_skip(test, "no /sys (sysfs not built in)");
	}
	snprintf(dir, sizeof(dir), "/sys/class/uio/uio%d", minor);
	expect_sys(test, dir, "name", "uio_test\n");
	expect_sys(test, dir, "version", "0.1\n");
	expect_sys(test, dir, "event", "0\n");
	uio_event_notify(&test_info);
	expect_sys(test, dir, "event", "1\n");
	snprintf(want, sizeof(want), "%u:%d\n", uio_major(), minor);
	expect_sys(test, dir, "dev", want);
	snprintf(want, sizeof(want), "MAJOR=%u\nMINOR=%d\nDEVNAME=uio%d\n", uio_major(), minor, minor);
	expect_sys(test, dir, "uevent", want);
	snprintf(want, sizeof(want), "0x%016llx\n", (unsigned long long)page_to_phys(test_page));
	expect_sys(test, dir, "maps/map0/addr", want);
	expect_sys(test, dir, "maps/map0/size", "0x0000000000001000\n");
	expect_sys(test, dir, "maps/map0/offset", "0x0\n");
	expect_sys(test, dir, "maps/map0/name", "test-page\n");
	snprintf(want, sizeof(want), "../../devices/platform/uio-test/uio/uio%d", minor);
	expect_link(test, dir, want);
	snprintf(path, sizeof(path), "%s/device", dir);
	expect_link(test, path, "../../../uio-test");
	snprintf(path, sizeof(path), "%s/subsystem", dir);
	expect_link(test, path, "../../../../../class/uio");
	snprintf(path, sizeof(path), "%s/maps/map1", dir);
	KUNIT_EXPECT_EQ(test, read_sys(path, want, sizeof(want)), -ENOENT);
	uio_unregister_device(&test_info);
	KUNIT_EXPECT_EQ(test, exists(dir), -ENOENT);
	KUNIT_EXPECT_EQ(test, exists("/sys/devices/platform/uio-test/uio"), -ENOENT);
}

/* Wait up to a second for f to have an event: poll's POLLIN. */
static bool wait_pollin(struct file *f)
{
	for (int i = 0; i < HZ; i++) {
		if (f->f_op->poll(f) & POLLIN)
			return true;
		schedule_timeout_uninterruptible(1);
	}
	return false;
}

static u16 command(struct pci_dev *pdev)
{
	u16 cmd = 0;

	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	return cmd;
}

/* The files of edu's UIO device, when there is a /sys. */
static void edu_sysfs(struct kunit *test, struct pci_dev *pdev, int minor)
{
	char dir[64], want[128];

	if (!pdev->dev.sysfs_dir) {
		kunit_info(test, "no /sys: its files not checked");
		return;
	}
	snprintf(dir, sizeof(dir), "/sys/class/uio/uio%d", minor);
	expect_sys(test, dir, "name", "uio_pci_generic\n");
	expect_sys(test, dir, "version", "0.01.0\n");
	snprintf(want, sizeof(want), "0x%016llx\n", (unsigned long long)pci_resource_start(pdev, 0));
	expect_sys(test, dir, "maps/map0/addr", want);
	expect_sys(test, dir, "maps/map0/size", "0x0000000000100000\n");
	expect_sys(test, dir, "maps/map0/offset", "0x0\n");
	snprintf(want, sizeof(want), "%s\n", pci_name(pdev));
	expect_sys(test, dir, "maps/map0/name", want);
	snprintf(want, sizeof(want), "%s/device", dir);
	snprintf(dir, sizeof(dir), "../../../%s", pci_name(pdev));
	expect_link(test, want, dir);
	if (!pdev->bus->self) {         /* on the root bus, as 00:04.0 on q35 */
		snprintf(dir, sizeof(dir), "/sys/class/uio/uio%d", minor);
		snprintf(want, sizeof(want), "../../devices/pci0000:00/%s/uio/uio%d", pci_name(pdev),
			 minor);
		expect_link(test, dir, want);
	}
}

/*
 * One edu interrupt through uio_pci_generic: unmask by write(1), raise
 * (0x60), the handler masks INTx and counts; read gives 1; ack (0x64) and
 * write(1) unmask again.  EXPECTs only, so the caller always restores edu.
 */
static void edu_interrupt(struct kunit *test, struct pci_dev *pdev, int minor)
{
	struct file *f = open_uio(test, minor, O_RDWR | O_NONBLOCK);
	void __iomem *regs = ioremap(pci_resource_start(pdev, 0), PAGE_SIZE);
	unsigned long before = kstat_irqs(pdev->irq);
	s32 v = -1;

	if (!regs) {
		KUNIT_EXPECT_NOT_NULL(test, regs);
		fput(f);
		return;
	}
	KUNIT_EXPECT_EQ(test, readl(regs + EDU_ID), 0x010000ed);
	KUNIT_EXPECT_EQ(test, wr(f, 1, 4), 4);
	KUNIT_EXPECT_EQ(test, command(pdev) & PCI_COMMAND_INTX_DISABLE, 0);
	KUNIT_EXPECT_EQ(test, rd(f, &v, 4), -EAGAIN);
	writel(1, regs + EDU_IRQ_RAISE);
	KUNIT_EXPECT_TRUE(test, wait_pollin(f));
	KUNIT_EXPECT_EQ(test, rd(f, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, v, 1);
	KUNIT_EXPECT_EQ(test, command(pdev) & PCI_COMMAND_INTX_DISABLE, PCI_COMMAND_INTX_DISABLE);
	KUNIT_EXPECT_EQ(test, readl(regs + EDU_IRQ_STATUS), 1);
	KUNIT_EXPECT_GT(test, kstat_irqs(pdev->irq), before);
	writel(1, regs + EDU_IRQ_ACK);
	KUNIT_EXPECT_EQ(test, wr(f, 1, 4), 4);
	KUNIT_EXPECT_EQ(test, command(pdev) & PCI_COMMAND_INTX_DISABLE, 0);
	KUNIT_EXPECT_EQ(test, rd(f, &v, 4), -EAGAIN);  /* acked: no second event */
	KUNIT_EXPECT_EQ(test, readl(regs + EDU_IRQ_STATUS), 0);
	iounmap(regs);
	fput(f);
}

/*
 * edu handed to uio_pci_generic as a shell does (unbind, new_id), checked,
 * and given back to its driver.
 */
static void uio_pci_generic_drives_edu(struct kunit *test)
{
	struct pci_dev *pdev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);
	struct pci_driver *uio_drv = pci_find_driver("uio_pci_generic"), *old;
	char path[32];
	int minor;

	if (!pdev)
		kunit_skip(test, "no edu device (QEMU's -device edu)");
	if (!uio_drv)
		kunit_skip(test, "uio_pci_generic is not registered (no PCI driver core)");
	old = pdev->driver;
	if (old)
		pci_device_release_driver(pdev);
	KUNIT_EXPECT_EQ(test, pci_add_dynid(uio_drv, EDU_VENDOR, EDU_DEVICE, PCI_ANY_ID,
					    PCI_ANY_ID, 0, 0, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, pdev->driver, uio_drv);
	minor = uio_find_minor(&pdev->dev);
	KUNIT_EXPECT_GE(test, minor, 0);
	if (pdev->driver == uio_drv && minor >= 0) {
		KUNIT_EXPECT_NE(test, pdev->irq, 0);
		edu_sysfs(test, pdev, minor);
		if (pdev->irq)
			edu_interrupt(test, pdev, minor);
	}
	if (pdev->driver == uio_drv)
		pci_device_release_driver(pdev);
	KUNIT_EXPECT_EQ(test, pci_remove_dynid(uio_drv, EDU_VENDOR, EDU_DEVICE, PCI_ANY_ID,
					       PCI_ANY_ID), 0);
	KUNIT_EXPECT_EQ(test, uio_find_minor(&pdev->dev), -ENODEV);
	if (minor >= 0) {
		node_path(path, sizeof(path), minor);
		KUNIT_EXPECT_EQ(test, exists(path), -ENOENT);
	}
	if (old)
		KUNIT_EXPECT_EQ(test, pci_driver_attach(old, pdev), 0);
	KUNIT_EXPECT_PTR_EQ(test, pdev->driver, old);
}

static struct kunit_case uio_cases[] = {
	KUNIT_CASE(uio_register_makes_the_node),
	KUNIT_CASE(uio_read_returns_the_event_count),
	KUNIT_CASE(uio_write_calls_irqcontrol),
	KUNIT_CASE(uio_blocked_reader_wakes),
	KUNIT_CASE(uio_mmap_maps_map_n),
	KUNIT_CASE(uio_sysfs_files_are_linux),
	KUNIT_CASE(uio_pci_generic_drives_edu),
	{}
};

static struct kunit_suite uio_suite = {
	.name = "uio",
	.init = uio_test_init,
	.exit = uio_test_exit,
	.test_cases = uio_cases,
};
kunit_test_suite(uio_suite);
