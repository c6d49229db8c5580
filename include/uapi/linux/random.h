/* getrandom(2)'s flags (Linux's include/uapi/linux/random.h). */
#ifndef _UAPI_LINUX_RANDOM_H
#define _UAPI_LINUX_RANDOM_H

#define GRND_NONBLOCK   0x0001          /* do not wait for the pool (never waits here) */
#define GRND_RANDOM     0x0002          /* the "blocking" pool: the same source here */
#define GRND_INSECURE   0x0004          /* no crng-ready wait */

#endif
