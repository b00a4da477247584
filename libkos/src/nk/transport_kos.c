// SPDX-License-Identifier: GPL-2.0-only
/*
 * NkKosTransport: the generated code's transport over Call/Recv/Reply/ReplyRecv. It fills in
 * what the hypervisor reads from the headers: where each arena is and how much it holds.
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

/*
 * A message's arena, in the header of what is sent (docs/ipc.md §2): where the arena is and how
 * much of it is used. arena_capacity is written too (the hypervisor gives the receiver its
 * own), so that without an arena (the usual case: most methods carry no variable-size data)
 * this is one paired store.
 */
static inline void arena_out(SMsgHdr *h, const struct nk_arena *a)
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

/*
 * A receive buffer's arena: its address and capacity (the hypervisor sets arena_size to what
 * arrives).
 */
static inline void arena_in(SMsgHdr *h, const struct nk_arena *a)
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
static inline void arena_received(struct nk_arena *a, const SMsgHdr *h)
{
	if (a)
		a->current = a->start + h->arena_size;
}

static nk_err_t kos_call(struct nk_transport *t, SMsgHdr *req, const struct nk_arena *req_arena,
			 SMsgHdr *res, struct nk_arena *res_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;
	Retcode rc;

	arena_out(req, req_arena);
	arena_in(res, res_arena);
	rc = CallEx(k->handle, req, res, k->timeout_ms);
	k->last_rc = rc;
	if (__builtin_expect(rc != rcOk, 0))
		return NkKosTransport_Error(rc);
	arena_received(res_arena, res);
	return NK_EOK;
}

static nk_err_t kos_recv(struct nk_transport *t, SMsgHdr *req, struct nk_arena *req_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;

	arena_in(req, req_arena);
	k->last_rc = RecvEx(k->handle, req, k->timeout_ms);
	if (k->last_rc != rcOk)
		return NkKosTransport_Error(k->last_rc);
	arena_received(req_arena, req);
	return NK_EOK;
}

static nk_err_t kos_reply(struct nk_transport *t, SMsgHdr *res, const struct nk_arena *res_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;

	arena_out(res, res_arena);
	k->last_rc = Reply(k->handle, res);
	k->last_reply_rc = k->last_rc;
	return NkKosTransport_Error(k->last_rc);
}

/*
 * The hypercall itself rather than ReplyRecvEx: when the reply fails, the receive that follows
 * (ReplyRecvEx's rule, docs/ipc.md §4) reads its arguments from the transport again instead of
 * keeping them in registers across the trap.
 */
static nk_err_t kos_reply_recv(struct nk_transport *t, SMsgHdr *res,
			       const struct nk_arena *res_arena, SMsgHdr *req,
			       struct nk_arena *req_arena)
{
	NkKosTransport *k = (NkKosTransport *)t;
	struct bh_hvc_result r;

	arena_out(res, res_arena);
	arena_in(req, req_arena);
	r = bh_hvc4(BH_HC_IPC_REPLY_RECV, k->handle, (uint64_t)res, (uint64_t)req, k->timeout_ms);
	if (__builtin_expect(r.r1 == BH_IPC_RR_REPLY, 0)) {
		/* The reply failed and the hypervisor received nothing: receive now. */
		k->last_reply_rc = r.rc;
		return kos_recv(t, req, req_arena);
	}
	k->last_rc = r.rc;
	k->last_reply_rc = rcOk;
	if (__builtin_expect(r.rc != rcOk, 0))
		return NkKosTransport_Error(r.rc);
	arena_received(req_arena, req);
	return NK_EOK;
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
