/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The service locator (KasperskyOS coresrv/sl/sl_api.h), over the table of named IPC handles
 * the hypervisor puts in the boot info from the manifest's connections.
 */
#ifndef CORESRV_SL_SL_API_H
#define CORESRV_SL_SL_API_H

#include <nk/types.h>
#include <rtl/types.h>

#define INVALID_RIID ((nk_iid_t)0xffffffffu)

/* The client handle of connection `name` (init.yaml id), or INVALID_HANDLE. */
Handle ServiceLocatorConnect(const char *name);
/* The listener handle under which this partition serves connection `name`, or INVALID_HANDLE.
 * info and size are KasperskyOS's and unused; *iid (may be NULL) is set to 0. */
Handle ServiceLocatorRegister(const char *name, void *info, rtl_size_t size, rtl_uint32_t *iid);
/* The RIID of endpoint `endpoint` ("OpsComp.ping") of the server behind a client handle, or
 * INVALID_RIID. */
nk_iid_t ServiceLocatorGetRiid(Handle handle, const char *endpoint);

#endif
