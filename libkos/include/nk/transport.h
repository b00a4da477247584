/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The transport the generated code talks through (KasperskyOS `nk/transport.h`): an object
 * with call (client), recv and reply (server), and optionally reply_recv (a server loop's reply
 * and next receive in one step). NkKosTransport (coresrv/nk/transport-kos.h) works over the
 * IPC hypercalls; host tests plug in a loopback transport.
 *
 * Messages are the generated request/response structs, seen through their SMsgHdr. Before
 * call, the proxy has set the request's size, riid and mid and the response's capacity; the
 * transport sets arena addresses and sizes from the arenas it is given.
 */
#ifndef NK_TRANSPORT_H
#define NK_TRANSPORT_H

#include <nk/arena.h>
#include <nk/types.h>

struct nk_transport;

struct nk_transport_ops {
	/* Sends req (+ req_arena, may be NULL) and waits for the response into res/res_arena. */
	nk_err_t (*call)(struct nk_transport *t, SMsgHdr *req, const struct nk_arena *req_arena,
			 SMsgHdr *res, struct nk_arena *res_arena);
	/* Waits for a request; req->capacity says how much the buffer holds. */
	nk_err_t (*recv)(struct nk_transport *t, SMsgHdr *req, struct nk_arena *req_arena);
	/* Sends the response to the request received last. */
	nk_err_t (*reply)(struct nk_transport *t, SMsgHdr *res, const struct nk_arena *res_arena);
	/*
	 * Optional (NULL: reply, then recv): reply with res, then wait for the next request into
	 * req whatever the reply's result. Returns the receive's result; the transport keeps the
	 * reply's where its user can read it (NkKosTransport.last_reply_rc).
	 */
	nk_err_t (*reply_recv)(struct nk_transport *t, SMsgHdr *res,
			       const struct nk_arena *res_arena, SMsgHdr *req,
			       struct nk_arena *req_arena);
};

struct nk_transport {
	const struct nk_transport_ops *ops;
};

static inline nk_err_t nk_transport_call(struct nk_transport *t, SMsgHdr *req,
					 const struct nk_arena *req_arena, SMsgHdr *res,
					 struct nk_arena *res_arena)
{
	return t->ops->call(t, req, req_arena, res, res_arena);
}

static inline nk_err_t nk_transport_recv(struct nk_transport *t, SMsgHdr *req,
					 struct nk_arena *req_arena)
{
	return t->ops->recv(t, req, req_arena);
}

static inline nk_err_t nk_transport_reply(struct nk_transport *t, SMsgHdr *res,
					  const struct nk_arena *res_arena)
{
	return t->ops->reply(t, res, res_arena);
}

/*
 * A server loop's step after the first nk_transport_recv: answer the request just dispatched
 * and wait for the next one. The reply's failure (its client went away, the policy refused it)
 * does not stop the loop: the result is the receive's.
 */
static inline nk_err_t nk_transport_reply_recv(struct nk_transport *t, SMsgHdr *res,
					       const struct nk_arena *res_arena, SMsgHdr *req,
					       struct nk_arena *req_arena)
{
	if (t->ops->reply_recv)
		return t->ops->reply_recv(t, res, res_arena, req, req_arena);
	(void)t->ops->reply(t, res, res_arena); /* the transport keeps its result, if it can */
	return t->ops->recv(t, req, req_arena);
}

/* Resets a message header before it is filled (what nk_req_reset does in KasperskyOS). */
static inline void nk_msg_init(SMsgHdr *h, nk_uint32_t size, nk_iid_t riid, nk_mid_t mid)
{
	*h = (SMsgHdr){.size = size, .capacity = size, .riid = riid, .mid = mid};
}

#endif
