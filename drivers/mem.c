/*
 * The memory devices of major 1 (Linux's drivers/char/mem.c): /dev/mem
 * (1,1) is physical memory, /dev/port (1,4) the I/O ports, /dev/null (1,3)
 * reads nothing and swallows what is written, /dev/zero (1,5) reads zeros.
 * One open for the major picks the minor's operations, as Linux's
 * memory_open.
 *
 * /dev/mem follows Linux 6.1 built with CONFIG_STRICT_DEVMEM and
 * CONFIG_IO_STRICT_DEVMEM, on x86:
 *
 *   - devmem_is_allowed() decides for each page (the monitor's devmem
 *     command asks it too): RAM is the kernel's (refused; below 1 MiB it
 *     reads as zeros instead), and so is any range a driver holds busy
 *     (iomem_is_exclusive: "Local APIC", a BAR under pci_request_regions),
 *     except below 1 MiB.  Everything else -- device registers the
 *     platform only describes, like "HPET 0" -- is open to root.
 *   - read() and write() reach only below the end of RAM (x86's
 *     valid_phys_addr_range, __pa(high_memory)): -EFAULT past it, so the
 *     HPET is read with mmap(), as busybox devmem does.
 *   - mmap() checks that the offset fits, does not wrap and lies below the
 *     CPU's physical address width (-EINVAL), that every page is allowed
 *     (-EPERM, and one log line naming the program and the range), then
 *     maps the pages with remap_pfn_range: uncached unless the whole range
 *     is RAM and the file was not opened O_DSYNC/O_SYNC.
 *   - lseek() takes SEEK_SET and SEEK_CUR only (an address has no end).
 */
#include <asm/io.h>
#include <errno.h>
#include <fs/fs.h>
#include <kernel/init.h>
#include <kernel/ioport.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <mm/memblock.h>
#include <mm/mmap.h>
#include <mm/page.h>
#include <mm/pgtable.h>
#include <mm/slab.h>

#define DEVMEM_MINOR  1
#define NULL_MINOR    3
#define DEVPORT_MINOR 4
#define ZERO_MINOR    5

#define LOW_MEM_PAGES 256                       /* the first MiB (ISA_END_ADDRESS) */
#define IO_PORTS      65536
#ifndef MAX_ERRNO
#define MAX_ERRNO     4095
#endif

#ifndef O_DSYNC
#define O_DSYNC       00010000                  /* Linux's; O_SYNC includes it */
#endif

static const u8 zeros[PAGE_SIZE] __aligned(PAGE_SIZE);

/* ---- the rule (Linux's arch/x86/mm/init.c devmem_is_allowed) ---- */

int devmem_is_allowed(unsigned long pagenr)
{
	if (region_intersects(PFN_PHYS(pagenr), PAGE_SIZE, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return pagenr < LOW_MEM_PAGES ? 2 : 0;
	/* after the RAM test: System RAM counts as busy here */
	if (iomem_is_exclusive(PFN_PHYS(pagenr)))
		return pagenr < LOW_MEM_PAGES ? 1 : 0;
	return 1;
}

/* Every page of [pfn, pfn + size) allowed (mmap's test; 2 counts as allowed). */
static bool range_is_allowed(unsigned long pfn, unsigned long size)
{
	u64 from = PFN_PHYS((u64)pfn), to = from + size;

	for (u64 cursor = from; cursor < to; cursor += PAGE_SIZE, pfn++)
		if (!devmem_is_allowed(pfn))
			return false;
	return true;
}

/*
 * x86's valid_phys_addr_range: read/write stay below the end of RAM
 * (__pa(high_memory)).  The same wrapping arithmetic as Linux's, so that a
 * read of 0 bytes at address 0 is -EFAULT there too.
 */
static bool valid_phys_addr_range(phys_addr_t addr, size_t count)
{
	return addr + count - 1 <= memblock_end_of_DRAM() - 1;
}

/* x86's valid_mmap_phys_addr_range: the last byte within MAXPHYADDR. */
static bool valid_mmap_phys_addr_range(unsigned long pfn, size_t size)
{
	u64 last = PFN_PHYS((u64)pfn) + size - 1;

	return !(last >> phys_addr_bits);
}

static size_t size_inside_page(phys_addr_t start, size_t size)
{
	return min(size, (size_t)(PAGE_SIZE - (start & (PAGE_SIZE - 1))));
}

/* ---- /dev/mem ---- */

/* Copy n bytes of device memory, with the widest aligned reads (HPET-like registers). */
static void devmem_copy_from(void *dst, const volatile void __iomem *src, size_t n)
{
	if (!((unsigned long)src & 3) && !(n & 3)) {
		for (size_t i = 0; i < n; i += 4)
			*(u32 *)((u8 *)dst + i) = readl((const volatile u8 __iomem *)src + i);
		return;
	}
	memcpy_fromio(dst, src, n);
}

static void devmem_copy_to(volatile void __iomem *dst, const void *src, size_t n)
{
	if (!((unsigned long)dst & 3) && !(n & 3)) {
		for (size_t i = 0; i < n; i += 4)
			writel(*(const u32 *)((const u8 *)src + i), (volatile u8 __iomem *)dst + i);
		return;
	}
	memcpy_toio(dst, src, n);
}

/*
 * Linux's read_mem: page by page through a bounce buffer; a page that is
 * refused ends the read with -EPERM (nothing of it is returned), RAM below
 * 1 MiB reads as zeros.  Pages allowed here are never RAM, so they are
 * reached through an uncached mapping of their own.
 */
static long read_mem(struct file *f, char *buf, size_t count, loff_t *ppos)
{
	phys_addr_t p = *ppos;
	long done = 0;
	u8 *bounce;
	int err = 0;

	if (!valid_phys_addr_range(p, count))
		return -EFAULT;
	bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	while (count > 0) {
		size_t sz = size_inside_page(p, count);
		int allowed = devmem_is_allowed(PHYS_PFN(p));
		const void *src = zeros;

		if (!allowed) {
			err = -EPERM;
			break;
		}
		if (allowed == 1) {
			void __iomem *io = ioremap(p, sz);

			if (!io) {
				err = -EFAULT;
				break;
			}
			devmem_copy_from(bounce, io, sz);
			iounmap(io);
			src = bounce;
		}
		if (fs_copy_to_buf(f, buf + done, src, sz)) {
			err = -EFAULT;
			break;
		}
		p += sz;
		count -= sz;
		done += sz;
		if (signal_pending(current))
			break;
	}
	kfree(bounce);
	if (err)
		return err;
	*ppos += done;
	return done;
}

/* Linux's write_mem: a refused page is -EPERM; RAM below 1 MiB is skipped. */
static long write_mem(struct file *f, const char *buf, size_t count, loff_t *ppos)
{
	phys_addr_t p = *ppos;
	long done = 0;
	u8 *bounce;

	if (!valid_phys_addr_range(p, count))
		return -EFAULT;
	bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	while (count > 0) {
		size_t sz = size_inside_page(p, count);
		int allowed = devmem_is_allowed(PHYS_PFN(p));

		if (!allowed) {
			kfree(bounce);
			return -EPERM;
		}
		if (allowed == 1) {
			void __iomem *io;

			if (fs_copy_from_buf(f, bounce, buf + done, sz)) {
				kfree(bounce);
				return done ? done : -EFAULT;
			}
			io = ioremap(p, sz);
			if (!io) {
				kfree(bounce);
				return done ? done : -EFAULT;
			}
			devmem_copy_to(io, bounce, sz);
			iounmap(io);
		}
		p += sz;
		count -= sz;
		done += sz;
		if (signal_pending(current))
			break;
	}
	kfree(bounce);
	*ppos += done;
	return done;
}

/*
 * Linux's memory_lseek: SEEK_SET and SEEK_CUR, any 64-bit position (an
 * address above 2^63 is a negative loff_t), except the last 4095 values,
 * which a caller would take for an error (-EOVERFLOW).
 */
static loff_t memory_lseek(struct file *f, loff_t offset, int whence)
{
	if (whence == SEEK_CUR)
		offset = (loff_t)((u64)offset + (u64)f->f_pos);
	else if (whence != SEEK_SET)
		return -EINVAL;
	if ((u64)offset >= (u64)-MAX_ERRNO)
		return -EOVERFLOW;
	f->f_pos = offset;
	return f->f_pos;
}

/* Linux's mmap_mem, with x86's checks, and the log line for a refusal. */
static int mmap_mem(struct file *f, struct vm_area_struct *vma)
{
	size_t size = vma->vm_end - vma->vm_start;
	u64 offset = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 prot = vm_get_page_prot(vma->vm_flags);

	if (offset >> PAGE_SHIFT != vma->vm_pgoff || offset + size - 1 < offset) {
		pr_info("mem: %s: mmap of /dev/mem at page offset %#lx (%#zx bytes) wraps the address space\n",
			current->comm, vma->vm_pgoff, size);
		return -EINVAL;
	}
	if (!valid_mmap_phys_addr_range(vma->vm_pgoff, size)) {
		pr_info("mem: %s: mmap of /dev/mem [mem %#010llx-%#010llx] is past the CPU's %u-bit physical addresses\n",
			current->comm, (unsigned long long)offset,
			(unsigned long long)(offset + size - 1), phys_addr_bits);
		return -EINVAL;
	}
	if (!range_is_allowed(vma->vm_pgoff, size)) {
		pr_info("Program %s tried to access /dev/mem between [mem %#010llx-%#010llx].\n",
			current->comm, (unsigned long long)offset,
			(unsigned long long)(offset + size - 1));
		return -EPERM;
	}
	if ((f->f_flags & O_DSYNC) ||
	    region_intersects(offset, size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) !=
	    REGION_INTERSECTS)
		prot = pgprot_noncached(prot);
	if (remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff, size, prot))
		return -EAGAIN;
	return 0;
}

static const struct file_operations mem_fops = {
	.llseek = memory_lseek,
	.read = read_mem,
	.write = write_mem,
	.mmap = mmap_mem,
};

/* ---- /dev/port (Linux's read_port, write_port) ---- */

#define PORT_CHUNK 256

static long read_port(struct file *f, char *buf, size_t count, loff_t *ppos)
{
	unsigned long i = *ppos;
	u8 bytes[PORT_CHUNK];
	long done = 0;

	while (count > 0 && i < IO_PORTS) {
		size_t n = min(min(count, (size_t)PORT_CHUNK), (size_t)(IO_PORTS - i));

		for (size_t k = 0; k < n; k++)
			bytes[k] = inb(i + k);
		if (fs_copy_to_buf(f, buf + done, bytes, n))
			return -EFAULT;
		i += n;
		count -= n;
		done += n;
	}
	*ppos = i;
	return done;
}

static long write_port(struct file *f, const char *buf, size_t count, loff_t *ppos)
{
	unsigned long i = *ppos;
	u8 bytes[PORT_CHUNK];
	long done = 0;

	while (count > 0 && i < IO_PORTS) {
		size_t n = min(min(count, (size_t)PORT_CHUNK), (size_t)(IO_PORTS - i));

		if (fs_copy_from_buf(f, bytes, buf + done, n)) {
			if (done)
				break;
			return -EFAULT;
		}
		for (size_t k = 0; k < n; k++)
			outb(bytes[k], i + k);
		i += n;
		count -= n;
		done += n;
	}
	*ppos = i;
	return done;
}

static const struct file_operations port_fops = {
	.llseek = memory_lseek,
	.read = read_port,
	.write = write_port,
};

/* ---- /dev/null, /dev/zero ---- */

static long read_null(struct file *f, char *buf, size_t count, loff_t *pos)
{
	return 0;
}

static long write_null(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	return count;
}

/* Linux's null_lseek: every position is 0. */
static loff_t null_lseek(struct file *f, loff_t offset, int whence)
{
	return f->f_pos = 0;
}

static long read_zero(struct file *f, char *buf, size_t count, loff_t *pos)
{
	size_t done = 0;

	while (done < count) {
		size_t n = min(count - done, (size_t)PAGE_SIZE);

		if (fs_copy_to_buf(f, buf + done, zeros, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

static const struct file_operations null_fops = {
	.llseek = null_lseek,
	.read = read_null,
	.write = write_null,
};

static const struct file_operations zero_fops = {
	.llseek = null_lseek,
	.read = read_zero,
	.write = write_null,
};

static int memory_open(struct inode *inode, struct file *f)
{
	switch (iminor(inode)) {
	case DEVMEM_MINOR:  f->f_op = &mem_fops; return 0;
	case NULL_MINOR:    f->f_op = &null_fops; return 0;
	case DEVPORT_MINOR: f->f_op = &port_fops; return 0;
	case ZERO_MINOR:    f->f_op = &zero_fops; return 0;
	default:            return -ENXIO;
	}
}

static const struct file_operations memory_fops = {
	.open = memory_open,
};

/* Register major 1 (Linux's chr_dev_init): 0 or -EBUSY. */
int chr_dev_init(void)
{
	return register_chrdev(MEM_MAJOR, "mem", &memory_fops);
}
