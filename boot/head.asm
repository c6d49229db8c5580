; The boot path: from GRUB's 32-bit protected mode to start_kernel in the higher half.
;
; GRUB enters _start with paging off, EAX = the multiboot2 magic and EBX = the
; physical address of the boot information (multiboot2 spec §3.3).  We check both
; facts we depend on (the magic, and that the CPU has long mode), build early page
; tables, switch to long mode (Intel SDM vol 3A §9.8.5) and jump to the kernel's
; link address at __START_KERNEL_map.  Any failure is reported on COM1 in plain words.
;
; Early page tables (all 2 MiB pages, RW, executable; start_kernel and the
; memory-management code replace them):
;   PML4[0]   -> identity map of 0..4 GiB        (needed only until we reach the higher half)
;   PML4[273] -> the same, at PAGE_OFFSET 0xffff888000000000 (the direct map)
;   PML4[511] -> PDPT[510] -> 0..1 GiB at __START_KERNEL_map 0xffffffff80000000

%include "asm/boot.inc"

extern higher_half_entry

section .boot.text progbits alloc exec nowrite align=16
bits 32

global _start
_start:
	cli
	cld
	mov esp, boot_stack_top
	mov [boot_mb2_magic], eax
	mov [boot_mb2_info], ebx

	call early_serial_init

	cmp eax, MB2_BOOTLOADER_MAGIC
	jne no_multiboot2

	call check_cpuid
	call check_long_mode
	call setup_page_tables

	; PAE (CR4 bit 5) is required for long mode; PGE (bit 7) allows global pages.
	mov eax, cr4
	or eax, CR4_PAE | CR4_PGE
	mov cr4, eax

	mov eax, boot_pml4
	mov cr3, eax

	; EFER.LME turns on long mode at the next paging enable; EFER.NXE makes bit 63
	; of a page-table entry mean "no execute", and is set only if the CPU has NX:
	; without it bit 63 stays reserved, so these tables never set it and
	; paging_init takes _PAGE_NX out of __supported_pte_mask for the final ones.
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	cmp dword [boot_cpu_has_nx], 0
	je .no_nx
	or eax, EFER_NXE
.no_nx:
	wrmsr

	; Paging on (PG), and honour read-only pages in ring 0 too (WP).
	mov eax, cr0
	or eax, CR0_PG | CR0_WP
	mov cr0, eax

	lgdt [boot_gdt_ptr]
	jmp BOOT_CS:long_mode_entry

; EFLAGS.ID (bit 21) can be flipped only on a CPU with CPUID.
check_cpuid:
	pushfd
	pop eax
	mov ecx, eax
	xor eax, 1 << 21
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	cmp eax, ecx
	je .none
	ret
.none:
	mov esi, msg_no_cpuid
	jmp boot_fail

; CPUID 0x80000001 EDX bit 29 = long mode, bit 20 = NX (Intel SDM vol 2A, CPUID).
check_long_mode:
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .none
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .none
	xor eax, eax
	test edx, 1 << 20
	setnz al
	mov [boot_cpu_has_nx], eax
	ret
.none:
	mov esi, msg_no_long_mode
	jmp boot_fail

setup_page_tables:
	; GRUB zeroes .bss-like memory, but the tables must be clean whoever loaded us.
	mov edi, boot_page_tables
	mov ecx, BOOT_PT_BYTES / 4
	xor eax, eax
	rep stosd

	; 4 page directories of 512 2-MiB pages each map physical 0..4 GiB.
	mov edi, boot_pd
	mov eax, PTE_PRESENT | PTE_RW | PTE_PSE
	xor edx, edx
	mov ecx, 4 * 512
.fill_pd:
	mov [edi], eax
	mov [edi + 4], edx
	add eax, 0x200000
	adc edx, 0
	add edi, 8
	loop .fill_pd

	; the low PDPT points at the four page directories
	mov edi, boot_pdpt_low
	mov eax, boot_pd + (PTE_PRESENT | PTE_RW)
	mov ecx, 4
.fill_pdpt:
	mov [edi], eax
	add eax, 4096
	add edi, 8
	loop .fill_pdpt

	; the kernel's PDPT: entry 510 is -2 GiB, mapping physical 0..1 GiB
	mov dword [boot_pdpt_high + 510 * 8], boot_pd + (PTE_PRESENT | PTE_RW)

	mov dword [boot_pml4 + 0 * 8], boot_pdpt_low + (PTE_PRESENT | PTE_RW)
	mov dword [boot_pml4 + PML4_PAGE_OFFSET * 8], boot_pdpt_low + (PTE_PRESENT | PTE_RW)
	mov dword [boot_pml4 + 511 * 8], boot_pdpt_high + (PTE_PRESENT | PTE_RW)
	ret

; COM1 at 115200 8N1, so that a failure here can be read (the C driver redoes this).
early_serial_init:
	push eax
	push edx
	mov dx, COM1 + 1
	xor al, al
	out dx, al              ; IER: no interrupts
	mov dx, COM1 + 3
	mov al, 0x80
	out dx, al              ; LCR: DLAB on, to reach the divisor latch
	mov dx, COM1 + 0
	mov al, 1
	out dx, al              ; divisor 1 = 115200 baud (1.8432 MHz / 16)
	mov dx, COM1 + 1
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 0x03
	out dx, al              ; LCR: 8 data bits, no parity, 1 stop bit, DLAB off
	pop edx
	pop eax
	ret

; print the NUL-terminated string at ESI
early_puts:
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20           ; LSR.THRE: transmit holding register empty
	jz .wait
	lodsb
	test al, al
	jz .done
	mov dx, COM1
	out dx, al
	jmp early_puts
.done:
	ret

; print EAX as 8 hex digits
early_puthex:
	mov ecx, 8
	mov ebx, eax
.digit:
	rol ebx, 4
	mov eax, ebx
	and eax, 0xf
	mov al, [hex_digits + eax]
	mov [hex_buf], al
	mov byte [hex_buf + 1], 0
	push ecx
	mov esi, hex_buf
	call early_puts
	pop ecx
	loop .digit
	ret

no_multiboot2:
	mov [boot_mb2_magic], eax
	mov esi, msg_no_mb2
	call early_puts
	mov eax, [boot_mb2_magic]
	call early_puthex
	mov esi, msg_no_mb2_tail
	; fall through

; print ESI and stop; tell QEMU's isa-debug-exit (if present) that boot failed
boot_fail:
	call early_puts
	mov esi, msg_halt
	call early_puts
	mov dx, DEBUG_EXIT_PORT
	mov al, DEBUG_EXIT_BOOT_FAILED
	out dx, al
.halt:
	cli
	hlt
	jmp .halt

bits 64
long_mode_entry:
	mov ax, BOOT_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rax, higher_half_entry
	jmp rax

section .boot.data progbits alloc noexec write align=16
boot_gdt:
	dq 0                        ; null descriptor
	dq 0x00cf9a000000ffff       ; 0x08: 32-bit code (Linux's GDT_ENTRY_KERNEL32_CS)
	dq 0x00af9a000000ffff       ; 0x10: 64-bit code, L=1 (__KERNEL_CS)
	dq 0x00cf92000000ffff       ; 0x18: data (__KERNEL_DS)
boot_gdt_ptr:
	dw boot_gdt_ptr - boot_gdt - 1
	dd boot_gdt

global boot_mb2_magic, boot_mb2_info, boot_cpu_has_nx
boot_mb2_magic:   dd 0
boot_mb2_info:    dd 0
boot_cpu_has_nx:  dd 0

hex_digits: db "0123456789abcdef"
hex_buf:    db 0, 0
msg_no_mb2:       db "Atlas: not started by a multiboot2 boot loader (EAX=0x", 0
msg_no_mb2_tail:  db ", expected 0x36d76289); boot Atlas through GRUB's multiboot2 command.", 0
msg_no_cpuid:     db "Atlas: this CPU has no CPUID instruction; Atlas needs an x86-64 CPU.", 0
msg_no_long_mode: db "Atlas: this CPU does not support long mode (64-bit); Atlas needs an x86-64 CPU.", 0
msg_halt:         db 13, 10, "Atlas: boot stopped.", 13, 10, 0

section .boot.bss nobits alloc noexec write align=4096
global boot_pml4
boot_page_tables:
boot_pml4:      resb 4096
boot_pdpt_low:  resb 4096
boot_pdpt_high: resb 4096
boot_pd:        resb 4 * 4096
BOOT_PT_BYTES equ $ - boot_page_tables
boot_stack:     resb 4096
boot_stack_top:
