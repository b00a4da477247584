/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NkKosTransport (KasperskyOS coresrv/nk/transport-kos.h): the nk_transport of the generated
 * proxies and dispatchers over the Call/Recv/Reply/ReplyRecv hypercalls. last_rc keeps the
 * Retcode of the last call (of nk_transport_reply_recv: the receive's), so that a client can
 * tell a policy denial (rcSecurityDisallow) from other failures the proxy reports as NK_E*
 * codes; last_reply_rc keeps the result of the last reply, by reply or by reply_recv.
 */
#ifndef CORESRV_NK_TRANSPORT_KOS_H
#define CORESRV_NK_TRANSPORT_KOS_H

#include <nk/transport.h>
#include <rtl/retcode.h>
#include <rtl/types.h>

typedef struct NkKosTransport {
	struct nk_transport base;
	Handle handle;
	Retcode last_rc;
	Retcode last_reply_rc;
	rtl_uint32_t timeout_ms; /* of Call and (Reply)Recv; INFINITE_TIMEOUT by default */
} NkKosTransport;

/* view and size are KasperskyOS's and unused. */
void NkKosTransport_Init(NkKosTransport *t, Handle handle, void *view, rtl_size_t size);
/*
 * The transport of a proxy to the caller's own security interface: its calls go to
 * KnSecurityCall (use the class's P_security_riid as the proxy's riid). A grant answers
 * NK_EOK with an empty response (a security method's out parameters are never sent: the
 * verdict is the whole answer, and they read as 0), a denial NK_EPERM; recv and reply fail.
 */
void NkKosSecurityTransport_Init(NkKosTransport *t);
/* What a Retcode of the IPC calls means to the generated code. */
nk_err_t NkKosTransport_Error(Retcode rc);

#endif
