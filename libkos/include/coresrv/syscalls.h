/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPC (KasperskyOS coresrv/syscalls.h): Call on a client handle, Recv and Reply on a server's
 * listener handle. Each message is an SMsgHdr-headed buffer; its header says where its arena
 * is and, on the receiving side, how much the buffers hold (docs/ipc.md).
 */
#ifndef CORESRV_SYSCALLS_H
#define CORESRV_SYSCALLS_H

#include <rtl/retcode.h>
#include <rtl/types.h>
#include <uapi/bulkhead/msg.h>

/* Send req and wait for the response in res (rendezvous): rcSecurityDisallow when the policy
 * refuses the request or the response, rcNotConnected when the server is not running. */
Retcode Call(Handle handle, const SMsgHdr *req, SMsgHdr *res);
/* Call, giving up after timeout_ms milliseconds (rcTimeout). */
Retcode CallEx(Handle handle, const SMsgHdr *req, SMsgHdr *res, rtl_uint32_t timeout_ms);
/* Wait for a request on any channel the listener serves. */
Retcode Recv(Handle handle, SMsgHdr *req);
Retcode RecvEx(Handle handle, SMsgHdr *req, rtl_uint32_t timeout_ms);
/* Answer the request this thread received last. */
Retcode Reply(Handle handle, const SMsgHdr *res);
/* Ask the security monitor about msg, a request of the caller's own security interface (EDL
 * `security`; riid BH_MSG_RIID_SECURITY): rcOk when the policy grants it, rcSecurityDisallow
 * when not, rcResourceNotFound when the caller's class has no security interface. Nothing is
 * delivered anywhere and no response comes back. Bulkhead's name: the reference names none. */
Retcode KnSecurityCall(const SMsgHdr *msg);

#endif
