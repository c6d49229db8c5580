/*
 * The auxiliary vector's entry types (Linux's include/uapi/linux/auxvec.h and
 * arch/x86/include/uapi/asm/auxvec.h): what exec puts after envp on a new
 * program's stack.
 */
#ifndef ATLAS_UAPI_LINUX_AUXVEC_H
#define ATLAS_UAPI_LINUX_AUXVEC_H

#define AT_NULL         0       /* end of the vector */
#define AT_IGNORE       1       /* entry to be ignored */
#define AT_PHDR         3       /* the program headers, in memory */
#define AT_PHENT        4       /* size of one */
#define AT_PHNUM        5       /* how many */
#define AT_PAGESZ       6
#define AT_BASE         7       /* the interpreter's base (0: none) */
#define AT_FLAGS        8
#define AT_ENTRY        9       /* the program's entry point */
#define AT_UID          11
#define AT_EUID         12
#define AT_GID          13
#define AT_EGID         14
#define AT_PLATFORM     15      /* "x86_64" */
#define AT_HWCAP        16      /* CPUID.1:EDX */
#define AT_CLKTCK       17      /* times() ticks per second */
#define AT_SECURE       23
#define AT_RANDOM       25      /* 16 random bytes */
#define AT_HWCAP2       26
#define AT_EXECFN       31      /* the file name exec was given */
#define AT_SYSINFO_EHDR 33      /* the vDSO's ELF header */
#define AT_MINSIGSTKSZ  51      /* the smallest signal stack that fits a frame */

#endif
