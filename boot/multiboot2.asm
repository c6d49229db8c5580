; The multiboot2 header: how GRUB recognises Atlas and what it should hand over.
; Multiboot2 specification §3.1 (header layout) and §3.1.4 (information request).
; It must lie 8-byte aligned within the first 32 KiB of the file; linker.ld puts
; the .multiboot2 section first.

MB2_HEADER_MAGIC equ 0xe85250d6     ; §3.1.2
MB2_ARCH_I386    equ 0              ; 32-bit protected mode entry

MB2_TAG_END      equ 0
MB2_TAG_INFO_REQ equ 1
MB2_TAG_OPTIONAL equ 1              ; flags bit 0: boot even if the loader lacks it

; boot information tag types we ask for (§3.6)
MBI_CMDLINE      equ 1
MBI_BOOTLOADER   equ 2
MBI_MMAP         equ 6
MBI_ELF_SECTIONS equ 9
MBI_ACPI_OLD     equ 14
MBI_ACPI_NEW     equ 15

section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_HEADER_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd 0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	; what Atlas cannot boot without
	align 8
.required:
	dw MB2_TAG_INFO_REQ, 0
	dd .required_end - .required
	dd MBI_CMDLINE, MBI_BOOTLOADER, MBI_MMAP
.required_end:

	; what it uses when present (ACPI may come as either RSDP version)
	align 8
.optional:
	dw MB2_TAG_INFO_REQ, MB2_TAG_OPTIONAL
	dd .optional_end - .optional
	dd MBI_ELF_SECTIONS, MBI_ACPI_OLD, MBI_ACPI_NEW
.optional_end:

	align 8
	dw MB2_TAG_END, 0
	dd 8
mb2_header_end:
