/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPC (KasperskyOS coresrv/syscalls.h): Call on a client handle, Recv and Reply on a server's
 * listener handle. Each message is an SMsgHdr-headed buffer; its header says where its arena
 * is and, on the receiving side, how much the buffers hold (docs/ipc.md).
 *
 * The calls are inline: each is one hypercall, and a transport that calls them issues the
 * `hvc` itself instead of going through a wrapper (they are on every round trip).
 */
#ifndef CORESRV_SYSCALLS_H
#define CORESRV_SYSCALLS_H

#include <bulkhead/hvc.h>
#include <rtl/retcode.h>
#include <rtl/types.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/msg.h>

/* Call, giving up after timeout_ms milliseconds (rcTimeout). */
static inline Retcode CallEx(Handle handle, const SMsgHdr *req, SMsgHdr *res,
			     rtl_uint32_t timeout_ms)
{
	return bh_hvc4(BH_HC_IPC_CALL, handle, (uint64_t)req, (uint64_t)res, timeout_ms).rc;
}

/* Send req and wait for the response in res (rendezvous): rcSecurityDisallow when the policy
 * refuses the request or the response, rcNotConnected when the server is not running. */
static inline Retcode Call(Handle handle, const SMsgHdr *req, SMsgHdr *res)
{
	return CallEx(handle, req, res, BH_TIMEOUT_INFINITE);
}

/* Wait up to timeout_ms for a request on any channel the listener serves (rcTimeout). */
static inline Retcode RecvEx(Handle handle, SMsgHdr *req, rtl_uint32_t timeout_ms)
{
	return bh_hvc3(BH_HC_IPC_RECV, handle, (uint64_t)req, timeout_ms).rc;
}

static inline Retcode Recv(Handle handle, SMsgHdr *req)
{
	return RecvEx(handle, req, BH_TIMEOUT_INFINITE);
}

/* Answer the request this thread received last. */
static inline Retcode Reply(Handle handle, const SMsgHdr *res)
{
	return bh_hvc2(BH_HC_IPC_REPLY, handle, (uint64_t)res).rc;
}

/*
 * Reply with res to the request this thread holds, then wait up to timeout_ms for the next
 * request into req: a server loop's Reply and Recv in one hypercall. Returns the receive's
 * result; the reply's own goes to *reply_rc (reply_rc may be NULL). A reply that fails
 * (rcNotConnected: its client stopped waiting; rcInvalidArgument: res is malformed;
 * rcSecurityDisallow: the policy refused it) does not stop the loop: the request is still
 * received. Bulkhead's name (seL4's ReplyRecv): the reference has no such call.
 */
static inline Retcode ReplyRecvEx(Handle handle, const SMsgHdr *res, SMsgHdr *req,
				  rtl_uint32_t timeout_ms, Retcode *reply_rc)
{
	struct bh_hvc_result r =
	    bh_hvc4(BH_HC_IPC_REPLY_RECV, handle, (uint64_t)res, (uint64_t)req, timeout_ms);

	if (__builtin_expect(r.r1 == BH_IPC_RR_REPLY, 0)) {
		/* The reply failed and the hypervisor received nothing: receive now. */
		if (reply_rc)
			*reply_rc = r.rc;
		return RecvEx(handle, req, timeout_ms);
	}
	if (reply_rc)
		*reply_rc = rcOk;
	return r.rc;
}

static inline Retcode ReplyRecv(Handle handle, const SMsgHdr *res, SMsgHdr *req, Retcode *reply_rc)
{
	return ReplyRecvEx(handle, res, req, BH_TIMEOUT_INFINITE, reply_rc);
}

/* Ask the security monitor about msg, a request of the caller's own security interface (EDL
 * `security`; riid BH_MSG_RIID_SECURITY): rcOk when the policy grants it, rcSecurityDisallow
 * when not, rcResourceNotFound when the caller's class has no security interface. Nothing is
 * delivered anywhere and no response comes back. Bulkhead's name: the reference names none. */
Retcode KnSecurityCall(const SMsgHdr *msg);

#endif
