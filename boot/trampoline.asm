; The AP trampoline (Linux's arch/x86/realmode/rm/trampoline_64.S): where a
; secondary CPU starts after the STARTUP IPI, in real mode at CS:IP =
; (page << 8):0, and how it reaches 64-bit mode in the kernel's higher half.
;
; This is a blob, not code that runs where it is linked: kernel/smpboot.c's
; reserve_real_mode() takes pages below 1 MiB from memblock, copies the blob
; to the first one, and adds the page's physical address to the three
; absolute addresses in the header (the far jump targets and the GDT base).
; Every AP of a parallel bring-up runs this at once, so nothing here writes
; memory or uses a stack: all it needs is in the header, filled in before the
; first STARTUP IPI.
;
;   real mode --lgdt, CR0.PE--> 32-bit protected mode --CR4.PAE, CR3, EFER.LME
;   (|NXE), CR0.PG--> 64-bit mode, still in this page (identity-mapped by the
;   trampoline page tables) --jmp--> secondary_startup_64 (boot/head64.asm)
;
; The trampoline page tables (the three pages after the blob, built by C):
; PML4[0] -> PDPT -> PD[0]: physical 0..2 MiB at virtual 0, executable; PML4
; 256..511: the kernel's own entries, so the higher half is there too.

%include "asm/boot.inc"

TR_CS32 equ 0x08
TR_CS64 equ 0x10
TR_DS   equ 0x18

section .rodata
align 16
global trampoline_start, trampoline_end
trampoline_start:
	jmp short tr_real_mode
	align 8, db 0
; struct trampoline_header (kernel/smpboot.c), at offset 8
tr_header:
tr_pm_jump:     dd tr_protected_mode - trampoline_start, TR_CS32   ; m16:32 (+ base)
tr_lm_jump:     dd tr_long_mode - trampoline_start, TR_CS64        ; m16:32 (+ base)
tr_cr3:         dd 0            ; the trampoline PML4 (below 4 GiB)
tr_efer:        dd 0            ; bits to set in EFER: LME, and NXE if the BSP has NX
tr_entry64:     dq 0            ; secondary_startup_64's virtual address
tr_gdt_ptr:     dw tr_gdt_end - tr_gdt - 1
                dd tr_gdt - trampoline_start                        ; (+ base)
	align 8, db 0
tr_gdt:
	dq 0
	dq 0x00cf9a000000ffff   ; 0x08: 32-bit code
	dq 0x00af9a000000ffff   ; 0x10: 64-bit code, L=1
	dq 0x00cf92000000ffff   ; 0x18: data
tr_gdt_end:

bits 16
tr_real_mode:
	cli
	cld
	mov ax, cs
	mov ds, ax                      ; the header, addressed from the page's start
	movzx ebx, ax
	shl ebx, 4                      ; EBX = this page's physical address, for later
	lgdt [tr_gdt_ptr - trampoline_start]
	mov eax, cr0
	or eax, 1                       ; CR0.PE
	mov cr0, eax
	o32 jmp far [tr_pm_jump - trampoline_start]

bits 32
tr_protected_mode:
	mov ax, TR_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, CR4_PAE | CR4_PGE
	mov cr4, eax
	mov eax, [ebx + tr_cr3 - trampoline_start]
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, [ebx + tr_efer - trampoline_start]
	wrmsr
	mov eax, cr0
	or eax, CR0_PG | CR0_WP
	mov cr0, eax                    ; long mode is active: IA32_EFER.LMA = 1
	jmp far [ebx + tr_lm_jump - trampoline_start]

bits 64
tr_long_mode:
	mov ebx, ebx                    ; the upper halves are undefined after the switch
	mov rax, [rbx + tr_entry64 - trampoline_start]
	jmp rax                         ; to the kernel's higher half, on this CR3

trampoline_end:
