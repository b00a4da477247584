// SPDX-License-Identifier: GPL-2.0-only
/*
 * Events: a signalled flag. Set wakes every waiter; a waiter that asked for reset takes the
 * signal with a compare-and-swap, so exactly one of them returns and the others sleep again.
 */
#include <kos/event.h>
#include <kos/thread.h>

#include "futex_internal.h"
#include "internal.h"

void KosEventInit(KosEvent *event)
{
	event->state = 0;
	event->waiters = 0;
}

void KosEventDeinit(KosEvent *event)
{
	(void)event;
}

void KosEventSet(KosEvent *event)
{
	__atomic_store_n(&event->state, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&event->waiters, __ATOMIC_SEQ_CST))
		futex_wake(&event->state, FUTEX_WAKE_ALL);
}

void KosEventReset(KosEvent *event)
{
	__atomic_store_n(&event->state, 0, __ATOMIC_SEQ_CST);
}

static int take(KosEvent *e, rtl_bool reset)
{
	rtl_uint32_t one = 1;

	if (!reset)
		return __atomic_load_n(&e->state, __ATOMIC_ACQUIRE) == 1;
	return __atomic_compare_exchange_n(&e->state, &one, 0, 0, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

Retcode KosEventWaitTimeout(KosEvent *event, rtl_bool reset, rtl_uint32_t msec)
{
	uint64_t start = __kos_timeout_start();
	Retcode rc = rcOk;

	__atomic_add_fetch(&event->waiters, 1, __ATOMIC_SEQ_CST);
	while (!take(event, reset)) {
		rtl_uint32_t left = __kos_remaining_ms(start, msec);

		if (left == 0) {
			rc = rcTimeout;
			break;
		}
		futex_wait(&event->state, 0, left);
	}
	__atomic_sub_fetch(&event->waiters, 1, __ATOMIC_SEQ_CST);
	return rc;
}

void KosEventWait(KosEvent *event, rtl_bool reset)
{
	KosEventWaitTimeout(event, reset, INFINITE_TIMEOUT);
}
