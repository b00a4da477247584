// SPDX-License-Identifier: GPL-2.0-only
/* coresrv/handle/notice_api.h over the notification hypercalls. */
#include <bulkhead/hvc.h>
#include <coresrv/handle/notice_api.h>
#include <kos/thread.h>

_Static_assert(sizeof(EventDesc) == sizeof(struct bh_event_desc), "EventDesc is the ABI's");

Retcode KnNoticeCreate(Notice *notice)
{
	struct bh_hvc_result r;

	if (!notice)
		return rcInvalidArgument;
	r = bh_hvc0(BH_HC_NOTICE_CREATE);
	if (r.rc == rcOk)
		*notice = (Notice)r.r1;
	return r.rc;
}

Retcode KnNoticeSubscribeToObject(Notice notice, Handle object, rtl_uint32_t evMask,
				  rtl_uintptr_t evId)
{
	return bh_hvc(BH_HC_NOTICE_SUBSCRIBE, notice, object, evMask, evId, 0).rc;
}

Retcode KnNoticeUnsubscribeFromEvent(Notice notice, rtl_uintptr_t evId)
{
	return bh_hvc2(BH_HC_NOTICE_UNSUBSCRIBE, notice, evId).rc;
}

Retcode KnNoticeGetEvent(Notice notice, rtl_uint64_t msec, rtl_size_t countMax, EventDesc *events,
			 rtl_size_t *count)
{
	uint32_t ms = msec >= INFINITE_TIMEOUT ? INFINITE_TIMEOUT : (uint32_t)msec;
	struct bh_hvc_result r;

	if (!count)
		return rcInvalidArgument;
	*count = 0;
	if (!events || countMax == 0 || countMax > 0xffffffffu)
		return rcInvalidArgument;
	r = bh_hvc(BH_HC_NOTICE_GET_EVENTS, notice, ms, (uint64_t)events, countMax, 0);
	if (r.rc == rcOk)
		*count = (rtl_size_t)r.r1;
	return r.rc;
}

Retcode KnNoticeSetObjectEvent(Handle object, rtl_uint32_t evMask)
{
	return bh_hvc2(BH_HC_NOTICE_SET_EVENT, object, evMask).rc;
}
