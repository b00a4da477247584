// SPDX-License-Identifier: GPL-2.0-only
/* kos/alloc.h: the KasperskyOS heap calls are picolibc's malloc, so both share one heap. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <kos/alloc.h>

void *KosMemAlloc(rtl_size_t size)
{
	return malloc(size);
}

void *KosMemAllocEx(rtl_size_t size, rtl_size_t align, int zeroed)
{
	void *p;

	if (align & (align - 1))
		return NULL;
	p = align ? memalign(align, size) : malloc(size);
	if (p && zeroed)
		memset(p, 0, size);
	return p;
}

void *KosMemZalloc(rtl_size_t size)
{
	return calloc(1, size);
}

void KosMemFree(void *ptr)
{
	free(ptr);
}

rtl_size_t KosMemGetSize(void *ptr)
{
	return ptr ? malloc_usable_size(ptr) : 0;
}
