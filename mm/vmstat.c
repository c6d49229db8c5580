/* The system-wide page counts of include/mm/vmstat.h (Linux's vm_node_stat). */
#include <mm/vmstat.h>

atomic_long_t vm_node_stat[NR_VM_NODE_STAT_ITEMS];
