/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The transport the generated code talks through (KasperskyOS `nk/transport.h`): an object
 * with call (client), recv and reply (server). The IPC transport over Call/Recv/Reply comes
 * with the IPC issue; host tests plug in a loopback transport.
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

/* Resets a message header before it is filled (what nk_req_reset does in KasperskyOS). */
static inline void nk_msg_init(SMsgHdr *h, nk_uint32_t size, nk_iid_t riid, nk_mid_t mid)
{
	*h = (SMsgHdr){.size = size, .capacity = size, .riid = riid, .mid = mid};
}

#endif
