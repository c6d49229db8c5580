/* Explaining a faulting address in words (mm/fault.c), for the page-fault oops. */
#ifndef ATLAS_MM_FAULT_H
#define ATLAS_MM_FAULT_H

#include <kernel/types.h>

/* Print "#PF: <addr> is ..." lines saying where addr lies. */
void explain_fault_address(unsigned long addr);

/* If pa lies in a device's iomem range, say so and how to reach it. */
void explain_physical(phys_addr_t pa);

#endif
