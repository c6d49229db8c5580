/*
 * The periodic tick.  Not started yet: the SMP work adds it.
 */
#include <kernel/tick.h>

void tick_setup_this_cpu(void)
{
}
