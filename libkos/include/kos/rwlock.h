/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Read-write locks (KasperskyOS kos/rwlock.h). Readers share, a writer excludes everyone. A
 * waiting writer holds back new readers, so a stream of readers cannot starve it (and a
 * thread must not take a read lock it already holds while a writer may be waiting).
 */
#ifndef KOS_RWLOCK_H
#define KOS_RWLOCK_H

#include <rtl/retcode.h>
#include <rtl/types.h>

typedef struct KosRWLock {
	rtl_uint32_t state;	      /* futex word: readers holding it, or KOS_RWLOCK_WRITER */
	rtl_uint32_t writers_waiting; /* writers that want it: new readers wait */
	rtl_uint32_t waiters;	      /* threads asleep on state */
} KosRWLock;

#define KOS_RWLOCK_WRITER 0xffffffffu
#define KOS_RWLOCK_INITIALIZER                                                                     \
	{                                                                                          \
		0, 0, 0                                                                            \
	}

void KosRWLockInit(KosRWLock *rwlock);
void KosRWLockDeinit(KosRWLock *rwlock);
void KosRWLockRead(KosRWLock *rwlock);
void KosRWLockWrite(KosRWLock *rwlock);
Retcode KosRWLockTryRead(KosRWLock *rwlock);  /* rcOk or rcBusy */
Retcode KosRWLockTryWrite(KosRWLock *rwlock); /* rcOk or rcBusy */
void KosRWLockUnlock(KosRWLock *rwlock);      /* either mode */

#endif
