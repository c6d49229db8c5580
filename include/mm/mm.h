/* Memory management at boot, and the numbers meminfo shows. */
#ifndef ATLAS_MM_MM_H
#define ATLAS_MM_MM_H

#include <kernel/types.h>

/* memblock, the final page tables, zones and the buddy allocator, in order. */
void mm_init(void);

/* Set up the zones and hand every free memblock range to the buddy allocator. */
void mem_init(void);

/* Pages given to the buddy allocator, and of those, free now. */
unsigned long totalram_pages(void);
unsigned long nr_free_pages(void);

#endif
