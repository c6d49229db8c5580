/*
 * Error numbers, with Linux's values (include/uapi/asm-generic/errno-base.h).
 * Functions that can fail return 0 or a negative one of these.
 */
#ifndef ATLAS_ERRNO_H
#define ATLAS_ERRNO_H

#define EPERM    1
#define ENOENT   2
#define EINTR    4
#define EIO      5
#define ENXIO    6
#define E2BIG    7
#define ENOEXEC  8
#define EFAULT  14
#define EAGAIN  11
#define EBUSY   16
#define EEXIST  17
#define ENODEV  19
#define EINVAL  22
#define ENOSPC  28
#define ERANGE  34
#define ENOMEM  12
#define ENOSYS  38
#define ETIMEDOUT 110
#define EOVERFLOW 75

#endif
