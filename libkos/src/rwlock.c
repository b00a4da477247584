// SPDX-License-Identifier: GPL-2.0-only
/*
 * Read-write locks on one futex word (reader count, or WRITER). Every change of the word that
 * may let someone in wakes all sleepers, who retry: simple, and correct because a sleeper only
 * sleeps while the word still holds the value it saw.
 */
#include <kos/rwlock.h>

#include "futex_internal.h"

void KosRWLockInit(KosRWLock *rwlock)
{
	rwlock->state = 0;
	rwlock->writers_waiting = 0;
	rwlock->waiters = 0;
}

void KosRWLockDeinit(KosRWLock *rwlock)
{
	(void)rwlock;
}

static int try_read(KosRWLock *l, rtl_uint32_t *seen)
{
	rtl_uint32_t s = __atomic_load_n(&l->state, __ATOMIC_SEQ_CST);

	*seen = s;
	if (s >= KOS_RWLOCK_WRITER - 1 || __atomic_load_n(&l->writers_waiting, __ATOMIC_SEQ_CST))
		return 0;
	return __atomic_compare_exchange_n(&l->state, &s, s + 1, 0, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static int try_write(KosRWLock *l, rtl_uint32_t *seen)
{
	rtl_uint32_t s = 0;

	if (__atomic_compare_exchange_n(&l->state, &s, KOS_RWLOCK_WRITER, 0, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return 1;
	*seen = s;
	return 0;
}

static void sleep_on(KosRWLock *l, rtl_uint32_t seen)
{
	__atomic_add_fetch(&l->waiters, 1, __ATOMIC_SEQ_CST);
	/* Recheck after announcing ourselves: a release in between changed the word. */
	if (__atomic_load_n(&l->state, __ATOMIC_SEQ_CST) == seen)
		futex_wait(&l->state, seen, BH_TIMEOUT_INFINITE);
	__atomic_sub_fetch(&l->waiters, 1, __ATOMIC_SEQ_CST);
}

void KosRWLockRead(KosRWLock *rwlock)
{
	rtl_uint32_t seen;

	while (!try_read(rwlock, &seen))
		sleep_on(rwlock, seen);
}

void KosRWLockWrite(KosRWLock *rwlock)
{
	rtl_uint32_t seen;

	__atomic_add_fetch(&rwlock->writers_waiting, 1, __ATOMIC_SEQ_CST);
	while (!try_write(rwlock, &seen))
		if (seen != 0)
			sleep_on(rwlock, seen);
	__atomic_sub_fetch(&rwlock->writers_waiting, 1, __ATOMIC_SEQ_CST);
}

Retcode KosRWLockTryRead(KosRWLock *rwlock)
{
	rtl_uint32_t seen;

	return try_read(rwlock, &seen) ? rcOk : rcBusy;
}

Retcode KosRWLockTryWrite(KosRWLock *rwlock)
{
	rtl_uint32_t seen;

	return try_write(rwlock, &seen) ? rcOk : rcBusy;
}

void KosRWLockUnlock(KosRWLock *rwlock)
{
	if (__atomic_load_n(&rwlock->state, __ATOMIC_RELAXED) == KOS_RWLOCK_WRITER)
		__atomic_store_n(&rwlock->state, 0, __ATOMIC_SEQ_CST);
	else
		__atomic_sub_fetch(&rwlock->state, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&rwlock->waiters, __ATOMIC_SEQ_CST))
		futex_wake(&rwlock->state, FUTEX_WAKE_ALL);
}
