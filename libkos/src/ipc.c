// SPDX-License-Identifier: GPL-2.0-only
/*
 * coresrv/sl/sl_api.h over the boot info's channel table, and KnSecurityCall. Call, Recv, Reply
 * and ReplyRecv are inline in coresrv/syscalls.h.
 */
#include <string.h>

#include <bulkhead/hvc.h>
#include <coresrv/sl/sl_api.h>
#include <coresrv/syscalls.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/layout.h>

#include "internal.h"

static Handle lookup(const char *name, rtl_uint32_t role)
{
	const struct bh_boot_info *bi = __kos_boot_info;

	if (!name)
		return INVALID_HANDLE;
	for (rtl_uint32_t i = 0; i < bi->nchannels && i < BH_BOOT_MAX_CHANNELS; i++)
		if (bi->channels[i].role == role &&
		    !strncmp(bi->channels[i].name, name, sizeof(bi->channels[i].name)))
			return bi->channels[i].handle;
	return INVALID_HANDLE;
}

Handle ServiceLocatorConnect(const char *name)
{
	return lookup(name, BH_CHANNEL_CLIENT);
}

Handle ServiceLocatorRegister(const char *name, void *info, rtl_size_t size, rtl_uint32_t *iid)
{
	(void)info;
	(void)size;
	if (iid)
		*iid = 0;
	return lookup(name, BH_CHANNEL_SERVER);
}

nk_iid_t ServiceLocatorGetRiid(Handle handle, const char *endpoint)
{
	struct bh_hvc_result r;

	if (!endpoint)
		return INVALID_RIID;
	r = bh_hvc3(BH_HC_IPC_GET_RIID, handle, (uint64_t)endpoint, strlen(endpoint));
	return r.rc == rcOk ? (nk_iid_t)r.r1 : INVALID_RIID;
}

Retcode KnSecurityCall(const SMsgHdr *msg)
{
	return bh_hvc1(BH_HC_IPC_SECURITY, (uint64_t)msg).rc;
}
