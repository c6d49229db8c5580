/* arch_prctl(2)'s codes (Linux's arch/x86/include/uapi/asm/prctl.h). */
#ifndef _ASM_X86_PRCTL_H
#define _ASM_X86_PRCTL_H

#define ARCH_SET_GS     0x1001
#define ARCH_SET_FS     0x1002
#define ARCH_GET_FS     0x1003
#define ARCH_GET_GS     0x1004
#define ARCH_GET_CPUID  0x1011
#define ARCH_SET_CPUID  0x1012

#endif
