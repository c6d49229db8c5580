/*
 * The real-mode trampoline where the APs start (Linux's asm/realmode.h):
 * pages below 1 MiB, taken from memblock at boot, holding the blob of
 * boot/trampoline.asm and its page tables.
 */
#ifndef ATLAS_ASM_REALMODE_H
#define ATLAS_ASM_REALMODE_H

#include <kernel/types.h>

#define TRAMPOLINE_PAGES 4      /* the blob, then its PML4, PDPT and PD */

/*
 * Take TRAMPOLINE_PAGES pages below 1 MiB from memblock (mm_init calls it
 * between adding RAM and reserving the first megabyte).  No room: SMP off,
 * with a message.
 */
void reserve_real_mode(void);

/*
 * Copy the blob there and build its page tables (the kernel's upper half,
 * and an identity map of the first 2 MiB).  Returns the blob's physical
 * address, the STARTUP IPI's vector being address >> 12, or 0 if there is none.
 */
phys_addr_t setup_real_mode(void);

/* The blob's physical address (0: none), for the tests. */
extern phys_addr_t real_mode_base;

#endif
