/* SPDX-License-Identifier: GPL-2.0-only */
/* Mutexes (KasperskyOS kos/mutex.h): a futex word, no hypercall unless contended. */
#ifndef KOS_MUTEX_H
#define KOS_MUTEX_H

#include <rtl/retcode.h>
#include <rtl/types.h>

typedef struct KosMutex {
	rtl_uint32_t state; /* 0 free, 1 locked, 2 locked with (possible) waiters */
	Tid owner;	    /* 0 when free */
	rtl_uint32_t count; /* recursion depth */
	int recursive;
} KosMutex;

#define KOS_MUTEX_INITIALIZER                                                                      \
	{                                                                                          \
		0, 0, 0, 0                                                                         \
	}
#define KOS_MUTEX_RECURSIVE_INITIALIZER                                                            \
	{                                                                                          \
		0, 0, 0, 1                                                                         \
	}

void KosMutexInit(KosMutex *mutex);
/* recursive != 0: the owner may lock again and must unlock as many times. */
void KosMutexInitEx(KosMutex *mutex, int recursive);
void KosMutexDeinit(KosMutex *mutex);
void KosMutexLock(KosMutex *mutex);
/* rcOk, or rcBusy when another thread (or, non-recursive, the caller) holds it. */
Retcode KosMutexTryLock(KosMutex *mutex);
/* rcOk or rcTimeout. */
Retcode KosMutexLockTimeout(KosMutex *mutex, rtl_uint32_t mdelay);
void KosMutexUnlock(KosMutex *mutex);

#endif
