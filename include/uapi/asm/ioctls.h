/*
 * Linux's terminal ioctl numbers for x86-64 (include/uapi/asm-generic/ioctls.h):
 * the old-style 0x54xx ('T') numbers, not _IOR-encoded.
 */
#ifndef ATLAS_UAPI_ASM_IOCTLS_H
#define ATLAS_UAPI_ASM_IOCTLS_H

#define TCGETS      0x5401      /* struct termios *: read the settings */
#define TCSETS      0x5402      /* set them now */
#define TCSETSW     0x5403      /* set them once output has drained */
#define TCSETSF     0x5404      /* drain output, drop pending input, set */
#define TCFLSH      0x540B      /* int: TCIFLUSH, TCOFLUSH, TCIOFLUSH */
#define TIOCSCTTY   0x540E      /* make this the caller's controlling terminal */
#define TIOCGPGRP   0x540F      /* pid_t *: the foreground process group */
#define TIOCSPGRP   0x5410      /* set it */
#define TIOCOUTQ    0x5411      /* int *: bytes not yet sent */
#define TIOCGWINSZ  0x5413      /* struct winsize * */
#define TIOCSWINSZ  0x5414
#define FIONREAD    0x541B      /* int *: bytes ready to read (TIOCINQ) */
#define TIOCINQ     FIONREAD
#define TIOCNOTTY   0x5422      /* give up the controlling terminal */
#define TIOCGSID    0x5429      /* pid_t *: the terminal's session */

#endif
