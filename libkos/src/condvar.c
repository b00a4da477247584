// SPDX-License-Identifier: GPL-2.0-only
/*
 * Condition variables: a waiter reads the sequence number, releases the mutex and sleeps while
 * the number is unchanged; a signal changes it first, so a signal between the release and the
 * sleep makes the sleep return at once instead of being lost.
 */
#include <kos/condvar.h>
#include <kos/thread.h>

#include "futex_internal.h"
#include "internal.h"

void KosCondvarInit(KosCondvar *condvar)
{
	condvar->seq = 0;
	condvar->waiters = 0;
}

void KosCondvarDeinit(KosCondvar *condvar)
{
	(void)condvar;
}

static Retcode wait(KosCondvar *cv, KosMutex *m, rtl_uint32_t timeout)
{
	rtl_uint32_t seq, count = m->count;
	Retcode rc;

	__atomic_add_fetch(&cv->waiters, 1, __ATOMIC_SEQ_CST);
	seq = __atomic_load_n(&cv->seq, __ATOMIC_SEQ_CST);
	/* A recursive mutex is released whole and taken back to the same depth. */
	m->count = 1;
	KosMutexUnlock(m);
	rc = futex_wait(&cv->seq, seq, timeout);
	__atomic_sub_fetch(&cv->waiters, 1, __ATOMIC_SEQ_CST);
	KosMutexLock(m);
	m->count = count;
	return rc == rcTimeout ? rcTimeout : rcOk;
}

Retcode KosCondvarWait(KosCondvar *condvar, KosMutex *mutex)
{
	return wait(condvar, mutex, INFINITE_TIMEOUT);
}

Retcode KosCondvarWaitTimeout(KosCondvar *condvar, KosMutex *mutex, rtl_uint32_t mdelay)
{
	return wait(condvar, mutex, mdelay);
}

static void wake(KosCondvar *cv, int n)
{
	__atomic_add_fetch(&cv->seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&cv->waiters, __ATOMIC_SEQ_CST))
		futex_wake(&cv->seq, n);
}

void KosCondvarSignal(KosCondvar *condvar)
{
	wake(condvar, 1);
}

void KosCondvarBroadcast(KosCondvar *condvar)
{
	wake(condvar, FUTEX_WAKE_ALL);
}
