/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NkKosTransport (KasperskyOS coresrv/nk/transport-kos.h): the nk_transport of the generated
 * proxies and dispatchers over the Call/Recv/Reply/ReplyRecv hypercalls. last_rc keeps the
 * Retcode of the last call (of nk_transport_reply_recv: the receive's), so that a client can
 * tell a policy denial (rcSecurityDisallow) from other failures the proxy reports as NK_E*
 * codes; last_reply_rc keeps the result of the last reply, by reply or by reply_recv.
 *
 * Its call and reply_recv are inline here: in a partition, nk_transport_call, nk_proxy_call
 * and nk_transport_reply_recv (nk/transport.h) run them in place when the transport is this
 * one, so that a round trip's `hvc` is issued by the proxy and by the server loop themselves.
 * The ops (NkKosTransport_ops) run the same code for any other caller.
 */
/* First, outside the guard: nk/transport.h includes this header back once its types exist. */
#include <nk/transport.h>

#ifndef CORESRV_NK_TRANSPORT_KOS_H
#define CORESRV_NK_TRANSPORT_KOS_H

#include <coresrv/syscalls.h>
#include <rtl/retcode.h>
#include <rtl/types.h>

typedef struct NkKosTransport {
	struct nk_transport base;
	Handle handle;
	rtl_uint32_t timeout_ms; /* of Call and (Reply)Recv; INFINITE_TIMEOUT by default */
	Retcode last_rc;	 /* timeout_ms beside handle: one load gives both to the hvc */
	Retcode last_reply_rc;
} NkKosTransport;

/* The ops of every NkKosTransport: nk/transport.h knows one by them. */
extern const struct nk_transport_ops NkKosTransport_ops;

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
/* reply_recv's rare half: the reply failed (rc) and nothing was received; receive now. */
nk_err_t NkKosTransport_ReplyFailed(NkKosTransport *t, Retcode rc, SMsgHdr *req,
				    struct nk_arena *req_arena);

/*
 * A message's arena, in the header of what is sent (docs/ipc.md §2): where the arena is and how
 * much of it is used. arena_capacity is written too (the hypervisor gives the receiver its
 * own), so that without an arena (the usual case: most methods carry no variable-size data)
 * this is one paired store.
 */
static inline void NkKosTransport_ArenaOut(SMsgHdr *h, const struct nk_arena *a)
{
	if (__builtin_expect(a == NULL, 1)) {
		((nk_msg_word_t *)h)[2] = 0; /* arena */
		((nk_msg_word_t *)h)[3] = 0; /* arena_size, arena_capacity */
		return;
	}
	h->arena = (nk_uint64_t)(uintptr_t)a->start;
	h->arena_size = (nk_uint32_t)(a->current - a->start);
	h->arena_capacity = (nk_uint32_t)(a->end - a->start);
}

/* A receive buffer's arena: its address and capacity (the hypervisor sets arena_size to what
 * arrives). */
static inline void NkKosTransport_ArenaIn(SMsgHdr *h, const struct nk_arena *a)
{
	if (__builtin_expect(a == NULL, 1)) {
		((nk_msg_word_t *)h)[2] = 0;
		((nk_msg_word_t *)h)[3] = 0;
		return;
	}
	h->arena = (nk_uint64_t)(uintptr_t)a->start;
	h->arena_size = 0;
	h->arena_capacity = (nk_uint32_t)(a->end - a->start);
}

/* After a receive: the arena holds what arrived. */
static inline void NkKosTransport_ArenaReceived(struct nk_arena *a, const SMsgHdr *h)
{
	if (a)
		a->current = a->start + h->arena_size;
}

/* The transport's call (nk_transport_ops.call). */
static inline nk_err_t NkKosTransport_Call(NkKosTransport *k, SMsgHdr *req,
					   const struct nk_arena *req_arena, SMsgHdr *res,
					   struct nk_arena *res_arena)
{
	Retcode rc;

	NkKosTransport_ArenaOut(req, req_arena);
	NkKosTransport_ArenaIn(res, res_arena);
	rc = CallEx(k->handle, req, res, k->timeout_ms);
	k->last_rc = rc;
	if (__builtin_expect(rc != rcOk, 0))
		return NkKosTransport_Error(rc);
	NkKosTransport_ArenaReceived(res_arena, res);
	return NK_EOK;
}

/*
 * The call without arenas, its Retcode as it is (nk_proxy_call's usual case, which maps a
 * failure itself): the headers' arena fields 0, and nothing of an arena to keep across the
 * trap.
 */
static inline Retcode NkKosTransport_CallPlain(NkKosTransport *k, SMsgHdr *req, SMsgHdr *res)
{
	Retcode rc;

	((nk_msg_word_t *)req)[2] = 0; /* arena */
	((nk_msg_word_t *)req)[3] = 0; /* arena_size, arena_capacity */
	((nk_msg_word_t *)res)[2] = 0;
	((nk_msg_word_t *)res)[3] = 0;
	rc = CallEx(k->handle, req, res, k->timeout_ms);
	k->last_rc = rc;
	return rc;
}

/*
 * The transport's reply_recv: the hypercall itself rather than ReplyRecvEx, so that when the
 * reply fails, the receive that follows (ReplyRecvEx's rule, docs/ipc.md §4) reads its
 * arguments from the transport again instead of keeping them in registers across the trap.
 */
static inline nk_err_t NkKosTransport_ReplyRecv(NkKosTransport *k, SMsgHdr *res,
						const struct nk_arena *res_arena, SMsgHdr *req,
						struct nk_arena *req_arena)
{
	char *start = req_arena ? req_arena->start : NULL; /* kept: the trap clobbers memory */
	struct bh_hvc_result r;

	NkKosTransport_ArenaOut(res, res_arena);
	NkKosTransport_ArenaIn(req, req_arena);
	r = bh_hvc4(BH_HC_IPC_REPLY_RECV, k->handle, (uint64_t)res, (uint64_t)req, k->timeout_ms);
	if (__builtin_expect(r.r1 == BH_IPC_RR_REPLY, 0))
		return NkKosTransport_ReplyFailed(k, r.rc, req, req_arena);
	k->last_rc = r.rc;
	k->last_reply_rc = rcOk;
	if (__builtin_expect(r.rc != rcOk, 0))
		return NkKosTransport_Error(r.rc);
	if (req_arena)
		req_arena->current = start + req->arena_size;
	return NK_EOK;
}

#endif
