// SPDX-License-Identifier: GPL-2.0-only
/*
 * The thread calls beyond create/wait: callbacks, once, suspend, terminate, priorities.
 */
#include <bulkhead/hvc.h>
#include <kos/mutex.h>
#include <kos/thread.h>

#include "futex_internal.h"
#include "internal.h"

static KosThreadCallback *callbacks[KOS_THREAD_CALLBACKS_MAX];
static KosMutex callbacks_lock = KOS_MUTEX_INITIALIZER;

Retcode KosThreadCallbackRegister(KosThreadCallback *callback)
{
	Retcode rc = rcQuotaExceeded;

	if (!callback)
		return rcInvalidArgument;
	KosMutexLock(&callbacks_lock);
	for (int i = 0; i < KOS_THREAD_CALLBACKS_MAX; i++) {
		if (callbacks[i] == callback) {
			rc = rcAlreadyExists;
			break;
		}
	}
	for (int i = 0; rc == rcQuotaExceeded && i < KOS_THREAD_CALLBACKS_MAX; i++) {
		if (!callbacks[i]) {
			callbacks[i] = callback;
			rc = rcOk;
		}
	}
	KosMutexUnlock(&callbacks_lock);
	return rc;
}

Retcode KosThreadCallbackUnregister(KosThreadCallback *callback)
{
	Retcode rc = rcResourceNotFound;

	KosMutexLock(&callbacks_lock);
	for (int i = 0; i < KOS_THREAD_CALLBACKS_MAX; i++) {
		if (callback && callbacks[i] == callback) {
			callbacks[i] = NULL;
			rc = rcOk;
		}
	}
	KosMutexUnlock(&callbacks_lock);
	return rc;
}

void __kos_thread_callbacks(int reason)
{
	KosThreadCallback *now[KOS_THREAD_CALLBACKS_MAX];

	/* Run outside the lock: a callback may register or unregister callbacks. */
	KosMutexLock(&callbacks_lock);
	for (int i = 0; i < KOS_THREAD_CALLBACKS_MAX; i++)
		now[i] = callbacks[i];
	KosMutexUnlock(&callbacks_lock);
	for (int i = 0; i < KOS_THREAD_CALLBACKS_MAX; i++)
		if (now[i])
			now[i]((KosThreadCallbackReason)reason);
}

enum { ONCE_NEW = KOS_THREAD_ONCE_INIT, ONCE_RUNNING, ONCE_DONE };

Retcode KosThreadOnce(KosThreadOnceState *onceControl, void (*initRoutine)(void))
{
	rtl_uint32_t *state = (rtl_uint32_t *)onceControl;
	rtl_uint32_t expected = ONCE_NEW;

	if (!onceControl || !initRoutine)
		return rcInvalidArgument;
	if (__atomic_load_n(state, __ATOMIC_ACQUIRE) == ONCE_DONE)
		return rcOk;
	if (__atomic_compare_exchange_n(state, &expected, ONCE_RUNNING, 0, __ATOMIC_ACQUIRE,
					__ATOMIC_ACQUIRE)) {
		initRoutine();
		__atomic_store_n(state, ONCE_DONE, __ATOMIC_RELEASE);
		futex_wake(state, FUTEX_WAKE_ALL);
		return rcOk;
	}
	if (expected != ONCE_RUNNING && expected != ONCE_DONE)
		return rcInvalidArgument; /* not a once control: never initialised */
	while (__atomic_load_n(state, __ATOMIC_ACQUIRE) != ONCE_DONE)
		futex_wait(state, ONCE_RUNNING, INFINITE_TIMEOUT);
	return rcOk;
}

Retcode KosThreadSuspend(Tid tid)
{
	return bh_hvc1(BH_HC_THREAD_SUSPEND, tid).rc;
}

Retcode KosThreadTerminate(Tid tid, rtl_int32_t exitCode)
{
	return bh_hvc2(BH_HC_THREAD_TERMINATE, tid, (uint64_t)(int64_t)exitCode).rc;
}

Retcode KosThreadSetPriority(Tid tid, rtl_uint32_t priority)
{
	return bh_hvc2(BH_HC_THREAD_SET_PRIORITY, tid, priority).rc;
}

Retcode KosThreadGetPriority(Tid tid, rtl_uint32_t *priority)
{
	struct bh_hvc_result r;

	if (!priority)
		return rcInvalidArgument;
	r = bh_hvc1(BH_HC_THREAD_GET_PRIORITY, tid);
	if (r.rc == rcOk)
		*priority = (rtl_uint32_t)r.r1;
	return r.rc;
}
