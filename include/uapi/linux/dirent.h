/* What getdents64 writes (Linux's struct linux_dirent64, include/linux/dirent.h). */
#ifndef ATLAS_UAPI_LINUX_DIRENT_H
#define ATLAS_UAPI_LINUX_DIRENT_H

#include <kernel/types.h>

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;                      /* the position of the next entry */
	unsigned short d_reclen;        /* this record, 8-byte aligned */
	unsigned char d_type;           /* DT_* */
	char d_name[];                  /* NUL-terminated */
};

#endif
