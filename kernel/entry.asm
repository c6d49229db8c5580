; Exception entry and the fault catcher (Intel SDM vol 3A §6.12, §6.14).
;
; Each of the 32 exception vectors has a stub that makes the stack look the same
; for all of them (a dummy error code where the CPU pushes none, then the vector
; number), saves every general register, and calls do_exception(struct pt_regs *).
; The register save order is the reverse of struct pt_regs (include/asm/ptrace.h).
; On return the registers are restored, possibly changed by a fixup, and IRETQ
; resumes at regs->ip.
;
; From user mode (CPL 3 in the saved CS) the CPU has switched to the task's
; kernel stack (TSS.rsp0) but GS is still the user's: SWAPGS makes it this
; CPU's per-CPU base on the way in, and gives the user's back on the way out.

%include "asm/calling.inc"

section .text

extern do_exception

%macro EXC_NOERR 1
exc_%1:
	push 0
	push %1
	jmp exception_common
%endmacro

%macro EXC_ERR 1
exc_%1:
	push %1
	jmp exception_common
%endmacro

; vectors 8, 10-14, 17, 21, 29, 30 push an error code (SDM vol 3A table 6-1)
EXC_NOERR 0
EXC_NOERR 1
EXC_NOERR 2
EXC_NOERR 3
EXC_NOERR 4
EXC_NOERR 5
EXC_NOERR 6
EXC_NOERR 7
EXC_ERR   8
EXC_NOERR 9
EXC_ERR   10
EXC_ERR   11
EXC_ERR   12
EXC_ERR   13
EXC_ERR   14
EXC_NOERR 15
EXC_NOERR 16
EXC_ERR   17
EXC_NOERR 18
EXC_NOERR 19
EXC_NOERR 20
EXC_ERR   21
EXC_NOERR 22
EXC_NOERR 23
EXC_NOERR 24
EXC_NOERR 25
EXC_NOERR 26
EXC_NOERR 27
EXC_NOERR 28
EXC_ERR   29
EXC_ERR   30
EXC_NOERR 31

exception_common:
	test byte [rsp + 24], 3         ; CS of the interrupted code (above vector, error, ip)
	jz .from_kernel
	swapgs
.from_kernel:
	PUSH_PT_REGS rax
	cld
	mov rdi, rsp            ; struct pt_regs *
	; 22 quadwords are on the stack since the CPU aligned RSP to 16: still aligned
	call do_exception
global restore_regs_and_iret
restore_regs_and_iret:                  ; also the return to user of a new task and of a syscall
	POP_PT_REGS
	add rsp, 16             ; vector and error code
	test byte [rsp + 8], 3  ; back to user mode: the user's GS
	jz .to_kernel
	swapgs
.to_kernel:
	iretq

; Vectors 32..255 are interrupts (IRQs from the IOAPIC, the local APIC's own
; timer, error and spurious vectors).  They take the same path: do_exception()
; hands vectors >= 32 to do_irq().
%assign i 32
%rep 224
irq_%+i:
	push 0
	push i
	jmp exception_common
%assign i i+1
%endrep

section .rodata
global exception_stubs, irq_stubs
exception_stubs:
%assign i 0
%rep 32
	dq exc_%+i
%assign i i+1
%endrep
irq_stubs:
%assign i 32
%rep 224
	dq irq_%+i
%assign i i+1
%endrep

; long fault_catch_call(void (*fn)(void *), void *arg, struct fault_catcher *c)
;
; Calls fn(arg) after saving the callee-saved registers and the stack pointer
; in *c.  Returns 0 when fn returns.  If fn faults while c is the active
; catcher, do_exception restores those registers, sets RAX = -EFAULT and resumes
; at fault_catch_landing, so that this call returns -EFAULT instead.
section .text
global fault_catch_call, fault_catch_landing
fault_catch_call:
	mov [rdx + 0], rbx
	mov [rdx + 8], rbp
	mov [rdx + 16], r12
	mov [rdx + 24], r13
	mov [rdx + 32], r14
	mov [rdx + 40], r15
	mov [rdx + 48], rsp     ; points at our return address
	push rbp                ; a frame, so stack traces pass through here
	mov rbp, rsp
	mov rax, rdi
	mov rdi, rsi
	call rax
	pop rbp
	xor eax, eax
	ret
fault_catch_landing:
	ret

; void fault_catch_throw(struct fault_catcher *c): return -EINTR from c's
; fault_catch_call, as longjmp would.
EINTR equ 4
global fault_catch_throw
fault_catch_throw:
	mov rbx, [rdi + 0]
	mov rbp, [rdi + 8]
	mov r12, [rdi + 16]
	mov r13, [rdi + 24]
	mov r14, [rdi + 32]
	mov r15, [rdi + 40]
	mov rsp, [rdi + 48]
	mov rax, -EINTR
	ret
