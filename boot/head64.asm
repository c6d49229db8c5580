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

; Where each AP arrives from boot/trampoline.asm: 64-bit mode, on the
; trampoline page tables, no stack, the trampoline's GDT (in low memory, gone
; once CR3 is the kernel's: nothing below loads a segment register).  Switch to
; the kernel's page tables, find this CPU's number from its APIC ID (CPUID:
; leaf 0xb's x2APIC ID where there is one, else leaf 1's initial APIC ID), take
; its stack and call start_secondary(cpu).  Every AP of a parallel bring-up
; runs this at once; an AP whose APIC ID is not in the table stops here.
NR_CPUS equ 64

extern smpboot_kernel_cr3, cpuid_to_apicid, smpboot_stack_top, start_secondary
global secondary_startup_64
secondary_startup_64:
	mov rax, [rel smpboot_kernel_cr3]
	mov cr3, rax
	xor eax, eax
	cpuid
	cmp eax, 0xb
	jb .leaf1
	mov eax, 0xb
	xor ecx, ecx
	cpuid
	test ebx, ebx                   ; leaf 0xb absent or empty: EBX = 0
	jz .leaf1
	mov r8d, edx
	jmp .search
.leaf1:
	mov eax, 1
	cpuid
	shr ebx, 24
	mov r8d, ebx
.search:
	lea rsi, [rel cpuid_to_apicid]
	xor ecx, ecx
.next:
	cmp [rsi + rcx * 4], r8d
	je .found
	inc ecx
	cmp ecx, NR_CPUS
	jb .next
	jmp .stop
.found:
	lea rsi, [rel smpboot_stack_top]
	mov rsp, [rsi + rcx * 8]
	test rsp, rsp
	jz .stop
	xor ebp, ebp
	mov edi, ecx
	call start_secondary            ; does not return
.stop:
	cli
	hlt
	jmp .stop
