/*
 * Linux's struct winsize (include/uapi/asm-generic/termios.h), with the
 * settings and ioctl numbers it goes with.
 */
#ifndef ATLAS_UAPI_ASM_TERMIOS_H
#define ATLAS_UAPI_ASM_TERMIOS_H

#include <uapi/asm/ioctls.h>
#include <uapi/asm/termbits.h>

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

#endif
