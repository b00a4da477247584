// SPDX-License-Identifier: GPL-2.0-only
/*
 * coresrv/vmm/vmm_api.h in a partition: regions are page-aligned blocks of the heap (every
 * page of a partition is always backed, so reserving is committing). A small table remembers
 * them, so that commit, decommit and unmap can refuse addresses that are not regions.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <coresrv/vmm/vmm_api.h>
#include <kos/mutex.h>

#define MAX_REGIONS 64

struct region {
	char *base;
	rtl_size_t size;
};

static struct region regions[MAX_REGIONS];
static KosMutex regions_lock = KOS_MUTEX_INITIALIZER;

#define KNOWN_FLAGS                                                                                \
	(VMM_FLAG_RESERVE | VMM_FLAG_COMMIT | VMM_FLAG_LOCKED | VMM_FLAG_CACHE_MASK |              \
	 VMM_FLAG_RWX_MASK | VMM_FLAG_LOW_GUARD | VMM_FLAG_HIGH_GUARD | VMM_FLAG_GROW_DOWN)

void *KnVmAllocate(void *addr, rtl_size_t size, int flags)
{
	void *p;
	int i;

	(void)addr; /* a hint; the heap decides */
	if (!(flags & VMM_FLAG_RESERVE) || (flags & ~KNOWN_FLAGS) || !size || size % VMM_PAGE_SIZE)
		return NULL;
	KosMutexLock(&regions_lock);
	for (i = 0; i < MAX_REGIONS && regions[i].base; i++)
		;
	p = i < MAX_REGIONS ? memalign(VMM_PAGE_SIZE, size) : NULL;
	if (p) {
		memset(p, 0, size);
		regions[i] = (struct region){p, size};
	}
	KosMutexUnlock(&regions_lock);
	return p;
}

/* The region holding [addr, addr + size), all of it, or NULL. Caller holds regions_lock. */
static struct region *find(void *addr, rtl_size_t size)
{
	char *a = addr;

	if (((uintptr_t)a % VMM_PAGE_SIZE) || !size || size % VMM_PAGE_SIZE)
		return NULL;
	for (int i = 0; i < MAX_REGIONS; i++) {
		struct region *r = &regions[i];

		if (r->base && a >= r->base && size <= r->size &&
		    (rtl_size_t)(a - r->base) <= r->size - size)
			return r;
	}
	return NULL;
}

Retcode KnVmCommit(void *addr, rtl_size_t size, int flags)
{
	Retcode rc;

	(void)flags;
	KosMutexLock(&regions_lock);
	rc = find(addr, size) ? rcOk : rcInvalidArgument; /* backed already */
	KosMutexUnlock(&regions_lock);
	return rc;
}

Retcode KnVmDecommit(void *addr, rtl_size_t size)
{
	Retcode rc = rcInvalidArgument;

	KosMutexLock(&regions_lock);
	if (find(addr, size)) {
		/* The RAM stays the partition's; what was in it does not. */
		memset(addr, 0, size);
		rc = rcOk;
	}
	KosMutexUnlock(&regions_lock);
	return rc;
}

Retcode KnVmProtect(void *addr, rtl_size_t size, int newFlags)
{
	(void)addr;
	(void)size;
	(void)newFlags;
	return rcUnimplemented; /* 1 GiB stage-1 blocks: no page has protection of its own */
}

Retcode KnVmUnmap(void *addr, rtl_size_t size)
{
	struct region *r;
	Retcode rc = rcInvalidArgument;

	KosMutexLock(&regions_lock);
	r = find(addr, size);
	/* Only whole regions: the heap cannot give back part of a block. */
	if (r && r->base == addr && r->size == size) {
		free(r->base);
		r->base = NULL;
		rc = rcOk;
	}
	KosMutexUnlock(&regions_lock);
	return rc;
}
