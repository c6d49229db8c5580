; The first 64-bit code at the kernel's link address (__START_KERNEL_map): switch
; to the kernel's stack and call start_kernel(magic, mbi).  boot/head.asm jumps
; here once long mode is on.  (A file of its own, so that NASM's line
; information covers it and gdb can show it in backtraces.)

extern boot_mb2_magic, boot_mb2_info
section .text.entry progbits alloc exec nowrite align=16
extern start_kernel
extern init_stack_top
global higher_half_entry
higher_half_entry:
	lea rsp, [rel init_stack_top]
	xor ebp, ebp                    ; ends the frame-pointer chain for stack traces
	mov edi, [boot_mb2_magic]       ; start_kernel(magic, mbi): SysV ABI, RDI and RSI
	mov esi, [boot_mb2_info]
	call start_kernel
.halt:
	cli
	hlt
	jmp .halt
