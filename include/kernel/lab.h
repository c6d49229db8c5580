/*
 * Coursework: the labs (labs/NN-name.md) cut their starter code from this
 * kernel.  A lab's solution stays in the tree between three marker lines,
 * with the starter version, which must compile, in the #else branch:
 *
 *     #ifndef LAB3_STARTER    /- LAB 3 BEGIN: merge a freed block with its buddy -/
 *             ...the solution...
 *     #else                   /- LAB 3 STARTER -/
 *             /- TODO (lab 3, exercise 4): ... -/
 *             lab_not_implemented(3, "merging a freed block with its buddy");
 *     #endif                  /- LAB 3 END -/
 *
 * (/- -/ stand for C comments here.)  `make lab LAB=3 DEST=dir` (scripts/mklab)
 * writes a tree with lab 3's starter branches and every other lab's solution
 * branches, the marker lines removed; `make STARTER=3` builds this tree with
 * lab 3's starter branches in place.
 *
 * Starter code reached at run time says so once, in one line that names the
 * lab, e.g. "buddy: merging a freed block with its buddy is not implemented
 * yet (lab 3)" (with the file's pr_fmt prefix), and then does the least
 * harmful thing: it fails the request, or degrades, or, where the kernel
 * cannot go on without the code, panics with that line.  Never a silent hang.
 */
#ifndef ATLAS_KERNEL_LAB_H
#define ATLAS_KERNEL_LAB_H

#include <kernel/panic.h>
#include <kernel/printk.h>

#define LAB_NOT_IMPLEMENTED_FMT "%s is not implemented yet (lab %d)\n"

/* The starter's one line, printed the first time this call site is reached. */
#define lab_not_implemented(lab, what) \
	printk_once(KERN_ERR pr_fmt(LAB_NOT_IMPLEMENTED_FMT), (what), (lab))

/* ...for code that cannot go on without the lab's work: the line, then panic. */
#define lab_panic_not_implemented(lab, what) \
	panic(pr_fmt(LAB_NOT_IMPLEMENTED_FMT), (what), (lab))

#endif
