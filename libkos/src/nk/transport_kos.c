// SPDX-License-Identifier: GPL-2.0-only
/*
 * NkKosTransport: the generated code's transport over Call/Recv/Reply/ReplyRecv. It fills in
 * what the hypervisor reads from the headers: where each arena is and how much it holds.
 */
#include <string.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/syscalls.h>
#include <uapi/bulkhead/hypercall.h>

nk_err_t NkKosTransport_Error(Retcode rc)
{
	switch (rc) {
	case rcOk:
		return NK_EOK;
	case rcSecurityDisallow:
		return NK_EPERM;
	case rcNotConnected:
		return NK_ENOTCONN;
	case rcInvalidArgument:
		return NK_EINVAL;
	case rcBufferTooSmall:
	case rcBufferTooLarge:
		return NK_ENOMEM;
	default:
		return NK_ETRANSPORT;
	}
}

static void arena_out(SMsgHdr *h, const struct nk_arena *a)
{
	h->arena = a ? (nk_uint64_t)(uintptr_t)a->start : 0;
	h->arena_size = a ? (nk_uint32_t)(a->current - a->start) : 0;
}

static void arena_in(SMsgHdr *h, const struct nk_arena *a)
{
	h->arena = a ? (nk_uint64_t)(uintptr_t)a->start : 0;
	h->arena_capacity = a ? (nk_uint32_t)(a->end - a->start) : 0;
}

static nk_err_t kos_call(struct nk_transport *t, SMsgHdr *req, const struct nk_arena *req_arena,
			 SMsgHdr *res, struct nk_arena *res_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;

	arena_out(req, req_arena);
	arena_in(res, res_arena);
	k->last_rc = CallEx(k->handle, req, res, k->timeout_ms);
	if (k->last_rc == rcOk && res_arena)
		res_arena->current = res_arena->start + res->arena_size;
	return NkKosTransport_Error(k->last_rc);
}

static nk_err_t kos_recv(struct nk_transport *t, SMsgHdr *req, struct nk_arena *req_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;

	arena_in(req, req_arena);
	k->last_rc = RecvEx(k->handle, req, k->timeout_ms);
	if (k->last_rc == rcOk && req_arena)
		req_arena->current = req_arena->start + req->arena_size;
	return NkKosTransport_Error(k->last_rc);
}

static nk_err_t kos_reply(struct nk_transport *t, SMsgHdr *res, const struct nk_arena *res_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;

	arena_out(res, res_arena);
	k->last_rc = Reply(k->handle, res);
	k->last_reply_rc = k->last_rc;
	return NkKosTransport_Error(k->last_rc);
}

static nk_err_t kos_reply_recv(struct nk_transport *t, SMsgHdr *res,
			       const struct nk_arena *res_arena, SMsgHdr *req,
			       struct nk_arena *req_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;

	arena_out(res, res_arena);
	arena_in(req, req_arena);
	k->last_rc = ReplyRecvEx(k->handle, res, req, k->timeout_ms, &k->last_reply_rc);
	if (k->last_rc == rcOk && req_arena)
		req_arena->current = req_arena->start + req->arena_size;
	return NkKosTransport_Error(k->last_rc);
}

static const struct nk_transport_ops kos_ops = {
    .call = kos_call,
    .recv = kos_recv,
    .reply = kos_reply,
    .reply_recv = kos_reply_recv,
};

void NkKosTransport_Init(NkKosTransport *t, Handle handle, void *view, rtl_size_t size)
{
	(void)view;
	(void)size;
	t->base.ops = &kos_ops;
	t->handle = handle;
	t->last_rc = rcOk;
	t->last_reply_rc = rcOk;
	t->timeout_ms = BH_TIMEOUT_INFINITE;
}

static nk_err_t security_call(struct nk_transport *t, SMsgHdr *req,
			      const struct nk_arena *req_arena, SMsgHdr *res,
			      struct nk_arena *res_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;
	nk_uint32_t capacity = res->capacity;

	arena_out(req, req_arena);
	k->last_rc = KnSecurityCall(req);
	if (k->last_rc != rcOk)
		return NkKosTransport_Error(k->last_rc);
	/* The answer of a grant: the method's response, with nothing in it. */
	memset(res, 0, capacity);
	nk_msg_init(res, capacity, req->riid, req->mid);
	if (res_arena)
		res_arena->current = res_arena->start;
	return NK_EOK;
}

static nk_err_t security_recv(struct nk_transport *t, SMsgHdr *req, struct nk_arena *req_arena)
{
	(void)t;
	(void)req;
	(void)req_arena;
	return NK_EINVAL; /* nobody sends to a security interface */
}

static nk_err_t security_reply(struct nk_transport *t, SMsgHdr *res,
			       const struct nk_arena *res_arena)
{
	(void)t;
	(void)res;
	(void)res_arena;
	return NK_EINVAL;
}

static const struct nk_transport_ops security_ops = {
    .call = security_call,
    .recv = security_recv,
    .reply = security_reply,
};

void NkKosSecurityTransport_Init(NkKosTransport *t)
{
	t->base.ops = &security_ops;
	t->handle = INVALID_HANDLE;
	t->last_rc = rcOk;
	t->last_reply_rc = rcOk;
	t->timeout_ms = BH_TIMEOUT_INFINITE;
}
