/*
 * What the user-memory code of mm/ needs from other subsystems, declared as
 * their owners declare them (include/fs/fs.h, include/kernel/signal.h), so
 * that mm/ builds before they land; mm/mm_stubs.c has weak stand-ins.
 */
#ifndef ATLAS_MM_INTERNAL_USER_H
#define ATLAS_MM_INTERNAL_USER_H

#include <fs/fs.h>
#include <kernel/types.h>

struct file *get_file(struct file *f);
void fput(struct file *f);
long kernel_read(struct file *f, void *buf, size_t count, loff_t *pos);
char *file_path(struct file *f, char *buf, int len);
struct file *fget(unsigned int fd);
void force_sig(int sig);

#define SIGSEGV 11

#endif
