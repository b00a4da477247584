// SPDX-License-Identifier: GPL-2.0-only
/* Counting semaphores: the count is the futex word; waiters sleep while it is 0. */
#include <kos/semaphore.h>
#include <kos/thread.h>

#include "futex_internal.h"
#include "internal.h"

Retcode KosSemaphoreInit(KosSemaphore *semaphore, unsigned count)
{
	if (!semaphore)
		return rcInvalidArgument;
	if (count > KOS_SEMAPHORE_VALUE_MAX)
		return rcFail;
	semaphore->count = count;
	semaphore->waiters = 0;
	return rcOk;
}

Retcode KosSemaphoreDeinit(KosSemaphore *semaphore)
{
	if (!semaphore)
		return rcInvalidArgument;
	return __atomic_load_n(&semaphore->waiters, __ATOMIC_SEQ_CST) ? rcFail : rcOk;
}

Retcode KosSemaphoreSignal(KosSemaphore *semaphore)
{
	rtl_uint32_t c;

	if (!semaphore)
		return rcInvalidArgument;
	c = __atomic_load_n(&semaphore->count, __ATOMIC_RELAXED);
	do {
		if (c >= KOS_SEMAPHORE_VALUE_MAX)
			return rcFail;
	} while (!__atomic_compare_exchange_n(&semaphore->count, &c, c + 1, 0, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	if (__atomic_load_n(&semaphore->waiters, __ATOMIC_SEQ_CST))
		futex_wake(&semaphore->count, 1);
	return rcOk;
}

Retcode KosSemaphoreTryWait(KosSemaphore *semaphore)
{
	rtl_uint32_t c;

	if (!semaphore)
		return rcInvalidArgument;
	c = __atomic_load_n(&semaphore->count, __ATOMIC_RELAXED);
	while (c > 0)
		if (__atomic_compare_exchange_n(&semaphore->count, &c, c - 1, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return rcOk;
	return rcBusy;
}

Retcode KosSemaphoreWaitTimeout(KosSemaphore *semaphore, rtl_uint32_t mdelay)
{
	uint64_t start = __kos_timeout_start();
	Retcode rc;

	if (!semaphore)
		return rcInvalidArgument;
	if (KosSemaphoreTryWait(semaphore) == rcOk)
		return rcOk;
	__atomic_add_fetch(&semaphore->waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		rtl_uint32_t left;

		rc = KosSemaphoreTryWait(semaphore);
		if (rc == rcOk)
			break;
		left = __kos_remaining_ms(start, mdelay);
		if (left == 0) {
			rc = rcTimeout;
			break;
		}
		futex_wait(&semaphore->count, 0, left);
	}
	__atomic_sub_fetch(&semaphore->waiters, 1, __ATOMIC_SEQ_CST);
	return rc;
}

Retcode KosSemaphoreWait(KosSemaphore *semaphore)
{
	return KosSemaphoreWaitTimeout(semaphore, INFINITE_TIMEOUT);
}
