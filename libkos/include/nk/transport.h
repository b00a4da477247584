/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The transport the generated code talks through (KasperskyOS `nk/transport.h`): an object
 * with call (client), recv and reply (server), and optionally reply_recv (a server loop's reply
 * and next receive in one step). NkKosTransport (coresrv/nk/transport-kos.h) works over the
 * IPC hypercalls; host tests plug in a loopback transport. A generated proxy calls
 * nk_proxy_call (call, then nk_res_check of the response), a server loop nk_transport_recv
 * and nk_transport_reply_recv.
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

/*
 * A header seen as its five 8-byte words (size and capacity; riid, mid and flags; arena;
 * arena_size and arena_capacity; handles and reserved), so that the code on every message
 * writes and compares it a word at a time. may_alias: the words alias the SMsgHdr fields.
 */
typedef nk_uint64_t nk_msg_word_t __attribute__((may_alias));

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "nk_msg_id: the header words are laid out little-endian"
#endif

/* The second header word of a message of riid and mid without flags. */
static inline nk_uint64_t nk_msg_id(nk_iid_t riid, nk_mid_t mid)
{
	return (nk_uint64_t)riid | (nk_uint64_t)mid << 32;
}

/* Resets a message header before it is filled (what nk_req_reset does in KasperskyOS):
 * size and capacity, riid and mid, everything else 0. */
static inline void nk_msg_init(SMsgHdr *h, nk_uint32_t size, nk_iid_t riid, nk_mid_t mid)
{
	nk_msg_word_t *w = (nk_msg_word_t *)h;

	w[0] = (nk_uint64_t)size | (nk_uint64_t)size << 32;
	w[1] = nk_msg_id(riid, mid);
	w[2] = 0;
	w[3] = 0;
	w[4] = 0;
}

/*
 * A dispatcher's start of a response of size bytes: the header as nk_msg_init, the parameters
 * zeroed, so that nothing of an earlier message in the buffer goes out with this one.
 */
static inline void nk_res_init(SMsgHdr *h, nk_uint32_t size, nk_iid_t riid, nk_mid_t mid)
{
	nk_msg_word_t *w = (nk_msg_word_t *)h;

	nk_msg_init(h, size, riid, mid);
	for (nk_uint32_t i = sizeof(SMsgHdr) / 8; i < size / 8; i++)
		w[i] = 0;
	__builtin_memset((char *)h + (size & ~7u), 0, size & 7u);
}

/*
 * A proxy's check of the response of method mid to a call on riid: NK_EPROTO unless it is a
 * response of that endpoint and method, of the method's size (what arrives is checked by the
 * receiver, whatever the sender and the hypervisor checked); NK_EERROR_REPLY for an error
 * response. The header's second word holds riid, mid and flags: the usual answer (right size,
 * riid and mid, no flags) is one compare of it, the others look at its parts.
 */
static inline nk_err_t nk_res_check(const SMsgHdr *h, nk_uint32_t size, nk_iid_t riid,
				    nk_mid_t mid)
{
	nk_uint64_t id = ((const nk_msg_word_t *)h)[1], want = nk_msg_id(riid, mid);

	if (__builtin_expect(h->size == size && id == want, 1))
		return NK_EOK;
	if (h->size != size || (id & 0xffffffffffffull) != want) /* riid and mid */
		return NK_EPROTO;
	return ((nk_uint16_t)(id >> 48) & BH_MSG_ERROR) ? NK_EERROR_REPLY : NK_EOK; /* flags */
}

/*
 * The calls the generated code makes. In a partition (BH_PARTITION, set by libkos's build)
 * the IPC transport is NkKosTransport (coresrv/nk/transport-kos.h): when t is one (one
 * compare of its ops), its call and reply_recv run in place, so that the proxy and the server
 * loop issue the `hvc` themselves, with no indirect call in between. Any other transport (the
 * security transport, the host tests' loopback) goes through its ops.
 */
#ifdef BH_PARTITION
#include <coresrv/nk/transport-kos.h>
#define nk_transport_is_kos(t) ((t)->ops == &NkKosTransport_ops)
#endif

static inline nk_err_t nk_transport_call(struct nk_transport *t, SMsgHdr *req,
					 const struct nk_arena *req_arena, SMsgHdr *res,
					 struct nk_arena *res_arena)
{
#ifdef BH_PARTITION
	if (__builtin_expect(nk_transport_is_kos(t), 1))
		return NkKosTransport_Call((NkKosTransport *)t, req, req_arena, res, res_arena);
#endif
	return t->ops->call(t, req, req_arena, res, res_arena);
}

/* nk_proxy_call's general case, out of line: any transport, any arenas. */
static __attribute__((noinline, unused)) nk_err_t
nk_proxy_call_any(struct nk_transport *t, SMsgHdr *req, const struct nk_arena *req_arena,
		  SMsgHdr *res, struct nk_arena *res_arena, nk_uint32_t res_size, nk_iid_t riid,
		  nk_mid_t mid)
{
	nk_err_t rc = nk_transport_call(t, req, req_arena, res, res_arena);

	if (rc != NK_EOK)
		return rc;
	return nk_res_check(res, res_size, riid, mid);
}

/*
 * A proxy's call of method mid on endpoint riid (docs/idl.md §4): nk_transport_call, then
 * nk_res_check of the response (res_size bytes). One step, so that the usual round trip (over
 * NkKosTransport, no arena either way) makes no function call and keeps nothing on the
 * stack: every other case, and a failure, leaves through a tail call.
 */
static inline nk_err_t nk_proxy_call(struct nk_transport *t, SMsgHdr *req,
				     const struct nk_arena *req_arena, SMsgHdr *res,
				     struct nk_arena *res_arena, nk_uint32_t res_size,
				     nk_iid_t riid, nk_mid_t mid)
{
#ifdef BH_PARTITION
	if (__builtin_expect(nk_transport_is_kos(t) && !req_arena && !res_arena, 1)) {
		Retcode rc = NkKosTransport_CallPlain((NkKosTransport *)t, req, res);

		if (__builtin_expect(rc != rcOk, 0))
			return NkKosTransport_Error(rc);
		return nk_res_check(res, res_size, riid, mid);
	}
#endif
	return nk_proxy_call_any(t, req, req_arena, res, res_arena, res_size, riid, mid);
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
#ifdef BH_PARTITION
	if (__builtin_expect(nk_transport_is_kos(t), 1))
		return NkKosTransport_ReplyRecv((NkKosTransport *)t, res, res_arena, req,
						req_arena);
#endif
	if (t->ops->reply_recv)
		return t->ops->reply_recv(t, res, res_arena, req, req_arena);
	(void)t->ops->reply(t, res, res_arena); /* the transport keeps its result, if it can */
	return t->ops->recv(t, req, req_arena);
}

#endif
