/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Notification receivers (KasperskyOS coresrv/handle/notice_api.h). A receiver collects
 * events of the objects it is subscribed to; KnNoticeGetEvent waits for them.
 */
#ifndef CORESRV_HANDLE_NOTICE_API_H
#define CORESRV_HANDLE_NOTICE_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>
#include <uapi/bulkhead/handle.h>

typedef Handle Notice;

typedef struct {
	rtl_uintptr_t eventId;
	rtl_uint32_t eventMask;
	rtl_uint32_t reserved;
} EventDesc;

#define EVENT_OBJECT_DESTROYED BH_EVENT_OBJECT_DESTROYED
#define EVENT_TASK_COMPLETED BH_EVENT_TASK_COMPLETED
#define EVENT_BADGE_CLOSED BH_EVENT_BADGE_CLOSED
#define OBJECT_EVENT_USER(n) BH_EVENT_USER(n)
#define OBJECT_EVENT_SPEC(n) BH_EVENT_USER(n)

Retcode KnNoticeCreate(Notice *notice);
/* The object's handle needs OCAP_HANDLE_GET_EVENT. rcQuotaExceeded past 16 subscriptions. */
Retcode KnNoticeSubscribeToObject(Notice notice, Handle object, rtl_uint32_t evMask,
				  rtl_uintptr_t evId);
Retcode KnNoticeUnsubscribeFromEvent(Notice notice, rtl_uintptr_t evId);
/* Up to countMax events, waiting up to msec ms (INFINITE_TIMEOUT, or any value from it up,
 * waits for ever). rcTimeout with *count = 0 when nothing came. */
Retcode KnNoticeGetEvent(Notice notice, rtl_uint64_t msec, rtl_size_t countMax, EventDesc *events,
			 rtl_size_t *count);
/* User events (OBJECT_EVENT_USER bits) on a user object; needs OCAP_HANDLE_SET_EVENT. */
Retcode KnNoticeSetObjectEvent(Handle object, rtl_uint32_t evMask);

#endif
