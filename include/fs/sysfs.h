/*
 * sysfs: the kernel's objects as a directory tree under /sys (Linux's
 * fs/sysfs and kernfs, reduced to what PCI and UIO need).  A directory per
 * device and driver, a small text file per attribute (read: show() prints
 * the value into a PAGE_SIZE buffer; write: store() gets the whole text
 * written at once), binary files (a PCI function's config space and BARs:
 * read/write at an offset, mmap) and relative symlinks ("driver ->
 * ../../../bus/pci/drivers/edu").
 *
 * Files are made and removed by the subsystems as objects come and go
 * (a driver binding adds its "driver" link); a file open while its entry
 * is removed keeps working until closed, and its show/store are no longer
 * called (reads return -ENODEV).
 */
#ifndef ATLAS_FS_SYSFS_H
#define ATLAS_FS_SYSFS_H

#include <fs/fs.h>
#include <kernel/types.h>

struct vm_area_struct;

/* A directory, file or link in /sys (Linux's kernfs_node); opaque. */
struct sysfs_dirent;

/* A text attribute: its show/store get the obj given to sysfs_create_file. */
struct sysfs_attr {
	const char *name;
	umode_t mode;                   /* 0444, 0644, 0200: the permission bits shown */
	/* Print the value into buf (PAGE_SIZE): bytes printed, or -errno. */
	long (*show)(void *obj, char *buf);
	/* Act on buf[count] (count < PAGE_SIZE, NUL-terminated): count, or -errno. */
	long (*store)(void *obj, const char *buf, size_t count);
};

/* A binary attribute: an array of size bytes (0: unknown) with offsets. */
struct sysfs_bin_attr {
	const char *name;
	umode_t mode;
	loff_t size;                    /* st_size; reads stop there when non-zero */
	long (*read)(void *obj, const struct sysfs_bin_attr *attr, char *buf, loff_t off,
		     size_t count);     /* buf is a kernel buffer */
	long (*write)(void *obj, const struct sysfs_bin_attr *attr, const char *buf, loff_t off,
		      size_t count);
	int (*mmap)(void *obj, const struct sysfs_bin_attr *attr, struct vm_area_struct *vma);
	void *private;                  /* the attribute's own (which BAR) */
};

/* Mount sysfs on /sys, with bus/, class/, devices/ (fs/namespace.c calls it). */
void sysfs_init(void);

/*
 * The directory at path under /sys ("bus/pci/drivers"), made with any
 * missing parents when create is true; NULL if absent (or no memory).
 */
struct sysfs_dirent *sysfs_dir(const char *path, bool create);

/* A new directory name in parent (NULL: /sys itself); NULL on -EEXIST or -ENOMEM. */
struct sysfs_dirent *sysfs_mkdir(struct sysfs_dirent *parent, const char *name);

/* Files and links in dir: 0, -EEXIST or -ENOMEM. */
int sysfs_create_file(struct sysfs_dirent *dir, const struct sysfs_attr *attr, void *obj);
int sysfs_create_bin_file(struct sysfs_dirent *dir, const struct sysfs_bin_attr *attr,
			  void *obj);
int sysfs_create_link(struct sysfs_dirent *dir, const char *name, const char *target);

/* Remove dir's entry name (a directory with all it holds): 0 or -ENOENT. */
int sysfs_remove_entry(struct sysfs_dirent *dir, const char *name);
/* Remove a directory and everything in it. */
void sysfs_remove_dir(struct sysfs_dirent *dir);

/* scnprintf into a show() buffer (PAGE_SIZE), as Linux's sysfs_emit. */
__printf(2, 3) int sysfs_emit(char *buf, const char *fmt, ...);

#endif
