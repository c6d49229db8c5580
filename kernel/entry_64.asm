; The task switch, a new task's first steps, and the system call entry
; (Linux's arch/x86/entry/entry_64.S: __switch_to_asm, ret_from_fork,
; entry_SYSCALL_64; Intel SDM vol 2B SYSCALL/SYSRET, AMD APM vol 2 §6.1).
;
; A system call arrives with the user RIP in RCX, the user RFLAGS in R11, the
; user RSP untouched, interrupts off (MSR_SYSCALL_MASK) and GS still the
; user's.  entry_SYSCALL_64 swaps GS to this CPU's per-CPU area, moves to the
; task's kernel stack and saves a struct pt_regs laid out as the exception
; entry's (include/asm/ptrace.h), with the number in orig_ax and -ENOSYS in
; ax; do_syscall_64(regs, nr) runs the call and the exit-to-user work and says
; whether SYSRET may return (else the IRET path, which restores every
; register exactly: after exec, a signal frame, or a non-canonical RIP).

%include "asm/calling.inc"

section .text

extern restore_regs_and_iret, do_syscall_64, schedule_tail, ret_from_kernel_thread, syscall_exit_to_user_mode
extern cpu_current_top_of_stack, cpu_user_rsp

__USER_DS equ 0x2b
__USER_CS equ 0x33
ENOSYS    equ 38
PT_SP     equ 20 * 8                    ; offsetof(struct pt_regs, sp)

; struct task_struct *__switch_to_asm(unsigned long *prev_sp, unsigned long next_sp,
;                                     struct task_struct *prev)
; The callee-saved registers go on prev's stack, RSP into *prev_sp; next's are
; popped from next_sp.  RAX carries prev across, as the return value in next.
global __switch_to_asm
__switch_to_asm:
	mov rax, rdx
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi], rsp
	mov rsp, rsi
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

; A new task's stack (fork.c copy_thread) holds the six registers above, then
; the address of ret_from_fork, then its struct pt_regs at the top of the
; stack.  RBX = a kernel thread's function (0 for a user fork), R12 = its
; argument.  A kernel thread whose function returns goes to user mode with
; the registers kernel_execve set (Linux's ret_from_fork).
global ret_from_fork
ret_from_fork:
	mov rdi, rax                    ; prev
	call schedule_tail
	test rbx, rbx
	jz .to_user
	mov rdi, r12
	call rbx
	mov rdi, rax                    ; fn's return value
	mov rsi, rsp                    ; the task's pt_regs
	call ret_from_kernel_thread     ; do_exit unless an exec set user registers
.to_user:
	mov rdi, rsp
	call syscall_exit_to_user_mode
	jmp restore_regs_and_iret

global entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs
	mov [gs:rel cpu_user_rsp], rsp
	mov rsp, [gs:rel cpu_current_top_of_stack]
	push __USER_DS                  ; ss
	push qword [gs:rel cpu_user_rsp] ; sp
	push r11                        ; flags
	push __USER_CS                  ; cs
	push rcx                        ; ip
	push 0                          ; error_code
	push rax                        ; orig_ax: the number
	PUSH_PT_REGS -ENOSYS
	xor ebp, ebp                    ; stack traces end here, not in user memory
	mov rdi, rsp
	mov rsi, rax
	call do_syscall_64              ; interrupts off again when it returns
	test al, al
	jz restore_regs_and_iret
	POP_PT_REGS                     ; R11 = the user RFLAGS, RCX = its RIP (checked)
	mov rsp, [rsp + PT_SP - 15 * 8]
	swapgs
	o64 sysret
