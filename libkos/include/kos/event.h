/* SPDX-License-Identifier: GPL-2.0-only */
/* Events (KasperskyOS kos/event.h): signalled or not; manual or automatic reset. */
#ifndef KOS_EVENT_H
#define KOS_EVENT_H

#include <rtl/retcode.h>
#include <rtl/types.h>

typedef struct KosEvent {
	rtl_uint32_t state; /* 1 signalled */
	rtl_uint32_t waiters;
} KosEvent;

#define KOS_EVENT_INITIALIZER                                                                      \
	{                                                                                          \
		0, 0                                                                               \
	}

void KosEventInit(KosEvent *event); /* not signalled */
void KosEventDeinit(KosEvent *event);
void KosEventSet(KosEvent *event); /* wakes every waiter */
void KosEventReset(KosEvent *event);
/* Wait until signalled; reset != 0 takes the signal (only one waiter then returns). */
void KosEventWait(KosEvent *event, rtl_bool reset);
Retcode KosEventWaitTimeout(KosEvent *event, rtl_bool reset, rtl_uint32_t msec);

#endif
