/* struct iovec for readv/writev (Linux's include/uapi/linux/uio.h). */
#ifndef ATLAS_UAPI_LINUX_UIO_H
#define ATLAS_UAPI_LINUX_UIO_H

#include <kernel/compiler.h>
#include <kernel/types.h>

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

#define UIO_MAXIOV 1024                 /* iovecs in one call, at most */

#endif
