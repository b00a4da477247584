/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Handles (KasperskyOS coresrv/handle/handle_api.h). Handles name hypervisor objects; a copy
 * has at most its original's rights and revoking a handle closes every copy made of it.
 * Badges and subtree revocation belong to IPC handle transfer and come with IPC.
 */
#ifndef CORESRV_HANDLE_HANDLE_API_H
#define CORESRV_HANDLE_HANDLE_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>
#include <uapi/bulkhead/handle.h>

#define HANDLE_TYPE_USER_FIRST BH_HANDLE_TYPE_USER_FIRST
#define HANDLE_TYPE_USER_LAST BH_HANDLE_TYPE_USER_LAST
#define OCAP_HANDLE_TRANSFER BH_RIGHT_TRANSFER
#define OCAP_HANDLE_SET_EVENT BH_RIGHT_SET_EVENT
#define OCAP_HANDLE_GET_EVENT BH_RIGHT_GET_EVENT
#define OCAP_HANDLE_SPEC(n) BH_RIGHT_SPEC(n)
#define OCAP_HANDLE_FULL BH_RIGHTS_FULL

/* type in HANDLE_TYPE_USER_FIRST..LAST; context comes back from KnHandleGetInfo. */
Retcode KnHandleCreateUserObject(rtl_uint32_t type, rtl_uint32_t rights, void *context,
				 Handle *handle);
Retcode KnHandleClose(Handle handle);
/* Close handle and revoke every copy made of it (their holders get rcHandleRevoked). */
Retcode KnHandleRevoke(Handle handle);
/* Bulkhead: the kernel's "copy a handle" (needs OCAP_HANDLE_TRANSFER); rights are masked by
 * the original's. */
Retcode KnHandleCopy(Handle handle, rtl_uint32_t rights, Handle *copy);
/* Bulkhead: what a handle names (any output may be NULL). */
Retcode KnHandleGetInfo(Handle handle, rtl_uint32_t *type, rtl_uint32_t *rights, void **context);
/* IPC handle transfer is not there yet: rcUnimplemented. */
Retcode KnHandleCreateBadge(Handle notice, rtl_uintptr_t eventId, void *context, Handle *handle);
Retcode KnHandleRevokeSubtree(Handle handle, Handle badge);

#endif
