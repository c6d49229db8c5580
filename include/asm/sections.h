/* Boundaries of the kernel image, defined in linker.ld (Linux's asm/sections.h). */
#ifndef ATLAS_ASM_SECTIONS_H
#define ATLAS_ASM_SECTIONS_H

extern char _text[], _etext[];
extern char __start_rodata[], __end_rodata[];
extern char _sdata[], _edata[];
extern char __bss_start[], __bss_stop[];
extern char __kallsyms_start[], __kallsyms_end[];
extern char _end[];
extern char __boot_start[], __boot_end[];

static inline int is_kernel_text(unsigned long addr)
{
	return addr >= (unsigned long)_text && addr < (unsigned long)_etext;
}

#endif
