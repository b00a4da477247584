/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The heap (KasperskyOS kos/alloc.h): the same heap as picolibc's malloc, over the
 * partition's RAM. Every page is always backed (a partition's RAM is allocated whole at boot).
 */
#ifndef KOS_ALLOC_H
#define KOS_ALLOC_H

#include <rtl/types.h>

void *KosMemAlloc(rtl_size_t size);
/* align: a power of two (0 = malloc's); zeroed != 0 clears it. NULL on failure. */
void *KosMemAllocEx(rtl_size_t size, rtl_size_t align, int zeroed);
void *KosMemZalloc(rtl_size_t size);
void KosMemFree(void *ptr);
rtl_size_t KosMemGetSize(void *ptr); /* usable size; 0 for NULL */

#endif
