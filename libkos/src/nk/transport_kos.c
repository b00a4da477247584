// SPDX-License-Identifier: GPL-2.0-only
/*
 * NkKosTransport: the generated code's transport over Call/Recv/Reply/ReplyRecv. It fills in
 * what the hypervisor reads from the headers: where each arena is and how much it holds. Its
 * call and reply_recv are inline in coresrv/nk/transport-kos.h (nk/transport.h runs them in
 * place); the ops table here runs the same code for a caller that goes through it.
 */
#include <string.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/syscalls.h>
#include <uapi/bulkhead/hypercall.h>

/* Out of line: the round trip's success path has nothing of the mapping in its registers. */
__attribute__((noinline, cold)) nk_err_t NkKosTransport_Error(Retcode rc)
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

static nk_err_t kos_call(struct nk_transport *t, SMsgHdr *req, const struct nk_arena *req_arena,
			 SMsgHdr *res, struct nk_arena *res_arena)
{
	return NkKosTransport_Call((NkKosTransport *)t, req, req_arena, res, res_arena);
}

static nk_err_t kos_recv(struct nk_transport *t, SMsgHdr *req, struct nk_arena *req_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;

	NkKosTransport_ArenaIn(req, req_arena);
	k->last_rc = RecvEx(k->handle, req, k->timeout_ms);
	if (k->last_rc != rcOk)
		return NkKosTransport_Error(k->last_rc);
	NkKosTransport_ArenaReceived(req_arena, req);
	return NK_EOK;
}

static nk_err_t kos_reply(struct nk_transport *t, SMsgHdr *res, const struct nk_arena *res_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;

	NkKosTransport_ArenaOut(res, res_arena);
	k->last_rc = Reply(k->handle, res);
	k->last_reply_rc = k->last_rc;
	return NkKosTransport_Error(k->last_rc);
}

/* Out of line and cold: the usual reply_recv keeps nothing of this in its registers. */
__attribute__((noinline, cold)) nk_err_t
NkKosTransport_ReplyFailed(NkKosTransport *t, Retcode rc, SMsgHdr *req, struct nk_arena *req_arena)
{
	t->last_reply_rc = rc;
	return kos_recv(&t->base, req, req_arena);
}

static nk_err_t kos_reply_recv(struct nk_transport *t, SMsgHdr *res,
			       const struct nk_arena *res_arena, SMsgHdr *req,
			       struct nk_arena *req_arena)
{
	return NkKosTransport_ReplyRecv((NkKosTransport *)t, res, res_arena, req, req_arena);
}

const struct nk_transport_ops NkKosTransport_ops = {
    .call = kos_call,
    .recv = kos_recv,
    .reply = kos_reply,
    .reply_recv = kos_reply_recv,
};

void NkKosTransport_Init(NkKosTransport *t, Handle handle, void *view, rtl_size_t size)
{
	(void)view;
	(void)size;
	t->base.ops = &NkKosTransport_ops;
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

	NkKosTransport_ArenaOut(req, req_arena);
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
