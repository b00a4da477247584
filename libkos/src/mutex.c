// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mutexes: the classic three-state futex lock (0 free, 1 locked, 2 locked and maybe waited
 * for), so that an uncontended lock and unlock are one atomic each and no hypercall; an
 * unlock wakes someone only when the state says a thread may sleep.
 */
#include <kos/mutex.h>
#include <kos/thread.h>

#include "futex_internal.h"
#include "internal.h"

void KosMutexInit(KosMutex *mutex)
{
	KosMutexInitEx(mutex, 0);
}

void KosMutexInitEx(KosMutex *mutex, int recursive)
{
	mutex->state = 0;
	mutex->owner = 0;
	mutex->count = 0;
	mutex->recursive = recursive != 0;
}

void KosMutexDeinit(KosMutex *mutex)
{
	(void)mutex; /* nothing is held outside the structure */
}

static int cas(rtl_uint32_t *w, rtl_uint32_t old, rtl_uint32_t new)
{
	return __atomic_compare_exchange_n(w, &old, new, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void owned(KosMutex *m, Tid me)
{
	__atomic_store_n(&m->owner, me, __ATOMIC_RELAXED);
	m->count = 1;
}

/* timeout INFINITE_TIMEOUT: wait for ever. */
static Retcode lock(KosMutex *m, rtl_uint32_t timeout)
{
	Tid me = KosThreadCurrentId();
	uint64_t start;
	rtl_uint32_t c;

	if (m->recursive && __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == me) {
		m->count++;
		return rcOk;
	}
	if (cas(&m->state, 0, 1)) {
		owned(m, me);
		return rcOk;
	}
	start = __kos_timeout_start();
	/* Mark it contended; whoever holds it will wake us when it unlocks. */
	c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		rtl_uint32_t left = __kos_remaining_ms(start, timeout);

		if (left == 0)
			return rcTimeout;
		futex_wait(&m->state, 2, left);
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	}
	owned(m, me);
	return rcOk;
}

void KosMutexLock(KosMutex *mutex)
{
	lock(mutex, INFINITE_TIMEOUT);
}

Retcode KosMutexLockTimeout(KosMutex *mutex, rtl_uint32_t mdelay)
{
	return lock(mutex, mdelay);
}

Retcode KosMutexTryLock(KosMutex *mutex)
{
	Tid me = KosThreadCurrentId();

	if (mutex->recursive && __atomic_load_n(&mutex->owner, __ATOMIC_RELAXED) == me) {
		mutex->count++;
		return rcOk;
	}
	if (!cas(&mutex->state, 0, 1))
		return rcBusy;
	owned(mutex, me);
	return rcOk;
}

void KosMutexUnlock(KosMutex *mutex)
{
	if (mutex->recursive && --mutex->count > 0)
		return;
	__atomic_store_n(&mutex->owner, 0, __ATOMIC_RELAXED);
	if (__atomic_exchange_n(&mutex->state, 0, __ATOMIC_RELEASE) == 2)
		futex_wake(&mutex->state, 1);
}
