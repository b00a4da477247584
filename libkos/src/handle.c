// SPDX-License-Identifier: GPL-2.0-only
/* coresrv/handle/handle_api.h and KnIoClose over the handle hypercalls. */
#include <bulkhead/hvc.h>
#include <coresrv/handle/handle_api.h>
#include <coresrv/io/io_api.h>

Retcode KnHandleCreateUserObject(rtl_uint32_t type, rtl_uint32_t rights, void *context,
				 Handle *handle)
{
	struct bh_hvc_result r;

	if (!handle)
		return rcInvalidArgument;
	r = bh_hvc3(BH_HC_USER_OBJECT_CREATE, type, rights, (uint64_t)context);
	if (r.rc == rcOk)
		*handle = (Handle)r.r1;
	return r.rc;
}

Retcode KnHandleClose(Handle handle)
{
	return bh_hvc1(BH_HC_HANDLE_CLOSE, handle).rc;
}

Retcode KnIoClose(Handle rid)
{
	return KnHandleClose(rid);
}

Retcode KnHandleRevoke(Handle handle)
{
	return bh_hvc1(BH_HC_HANDLE_REVOKE, handle).rc;
}

Retcode KnHandleCopy(Handle handle, rtl_uint32_t rights, Handle *copy)
{
	struct bh_hvc_result r;

	if (!copy)
		return rcInvalidArgument;
	r = bh_hvc2(BH_HC_HANDLE_COPY, handle, rights);
	if (r.rc == rcOk)
		*copy = (Handle)r.r1;
	return r.rc;
}

Retcode KnHandleGetInfo(Handle handle, rtl_uint32_t *type, rtl_uint32_t *rights, void **context)
{
	struct bh_hvc_results r = bh_hvc_r(BH_HC_HANDLE_INFO, handle, 0, 0, 0, 0);

	if (r.rc != rcOk)
		return r.rc;
	if (type)
		*type = (rtl_uint32_t)r.r1;
	if (rights)
		*rights = (rtl_uint32_t)r.r2;
	if (context)
		*context = (void *)r.r3;
	return rcOk;
}

Retcode KnHandleCreateBadge(Handle notice, rtl_uintptr_t eventId, void *context, Handle *handle)
{
	(void)notice;
	(void)eventId;
	(void)context;
	(void)handle;
	return rcUnimplemented; /* badges bind to IPC handle transfer */
}

Retcode KnHandleRevokeSubtree(Handle handle, Handle badge)
{
	(void)handle;
	(void)badge;
	return rcUnimplemented; /* subtrees are made by IPC handle transfer */
}
