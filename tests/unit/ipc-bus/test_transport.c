// SPDX-License-Identifier: GPL-2.0-only
/*
 * nk_transport_reply_recv (nk/transport.h): a transport's own reply_recv is used when it has
 * one; without it, the response is sent with reply and the next request received with recv,
 * in that order, and a failed reply does not keep the request from being received.
 */
#include <string.h>

#include <criterion/criterion.h>

#include <nk/transport.h>

/* A transport that writes down what it was asked to do, and answers what it is told to. */
struct recorder {
	struct nk_transport base;
	char log[64];
	nk_err_t reply_result, recv_result;
	const SMsgHdr *replied;
	const struct nk_arena *reply_arena;
	SMsgHdr *received;
	struct nk_arena *recv_arena;
};

static void note(struct recorder *r, const char *what)
{
	strncat(r->log, what, sizeof(r->log) - strlen(r->log) - 1);
}

static nk_err_t rec_call(struct nk_transport *t, SMsgHdr *req, const struct nk_arena *req_arena,
			 SMsgHdr *res, struct nk_arena *res_arena)
{
	(void)req, (void)req_arena, (void)res, (void)res_arena;
	note((struct recorder *)t, "call ");
	return NK_ETRANSPORT;
}

static nk_err_t rec_recv(struct nk_transport *t, SMsgHdr *req, struct nk_arena *req_arena)
{
	struct recorder *r = (struct recorder *)t;

	note(r, "recv ");
	r->received = req;
	r->recv_arena = req_arena;
	if (r->recv_result == NK_EOK)
		req->mid = 7; /* a request arrived */
	return r->recv_result;
}

static nk_err_t rec_reply(struct nk_transport *t, SMsgHdr *res, const struct nk_arena *res_arena)
{
	struct recorder *r = (struct recorder *)t;

	note(r, "reply ");
	r->replied = res;
	r->reply_arena = res_arena;
	return r->reply_result;
}

static nk_err_t rec_reply_recv(struct nk_transport *t, SMsgHdr *res,
			       const struct nk_arena *res_arena, SMsgHdr *req,
			       struct nk_arena *req_arena)
{
	struct recorder *r = (struct recorder *)t;

	note(r, "reply_recv ");
	r->replied = res;
	r->reply_arena = res_arena;
	r->received = req;
	r->recv_arena = req_arena;
	return r->recv_result;
}

static const struct nk_transport_ops without_ops = {
    .call = rec_call, .recv = rec_recv, .reply = rec_reply};
static const struct nk_transport_ops with_ops = {
    .call = rec_call, .recv = rec_recv, .reply = rec_reply, .reply_recv = rec_reply_recv};

Test(nk_transport, reply_recv_falls_back_to_reply_then_recv)
{
	struct recorder r = {.base = {&without_ops}};
	_Alignas(8) char buf[16];
	struct nk_arena ra = NK_ARENA_INITIALIZER(buf, sizeof(buf)), sa = ra;
	SMsgHdr res = {.size = sizeof(res)}, req = {0};

	cr_expect_eq(nk_transport_reply_recv(&r.base, &res, &sa, &req, &ra), NK_EOK);
	cr_expect_str_eq(r.log, "reply recv ");
	cr_expect_eq(r.replied, &res);
	cr_expect_eq(r.reply_arena, &sa);
	cr_expect_eq(r.received, &req);
	cr_expect_eq(r.recv_arena, &ra);
	cr_expect_eq(req.mid, 7);
}

Test(nk_transport, fallback_receives_after_a_failed_reply)
{
	struct recorder r = {.base = {&without_ops}, .reply_result = NK_ENOTCONN};
	SMsgHdr res = {.size = sizeof(res)}, req = {0};

	/* The client went away: the server still gets the next request, and NK_EOK. */
	cr_expect_eq(nk_transport_reply_recv(&r.base, &res, NULL, &req, NULL), NK_EOK);
	cr_expect_str_eq(r.log, "reply recv ");
	cr_expect_eq(req.mid, 7);
	cr_expect_null(r.reply_arena);
	cr_expect_null(r.recv_arena);
}

Test(nk_transport, fallback_returns_the_receive_result)
{
	struct recorder r = {.base = {&without_ops}, .recv_result = NK_ETRANSPORT};
	SMsgHdr res = {.size = sizeof(res)}, req = {0};

	cr_expect_eq(nk_transport_reply_recv(&r.base, &res, NULL, &req, NULL), NK_ETRANSPORT);
	cr_expect_str_eq(r.log, "reply recv ");
	cr_expect_eq(req.mid, 0, "nothing was received");
}

Test(nk_transport, reply_recv_of_the_transport_is_used_alone)
{
	struct recorder r = {.base = {&with_ops}, .recv_result = NK_EPERM};
	_Alignas(8) char buf[16];
	struct nk_arena ra = NK_ARENA_INITIALIZER(buf, sizeof(buf));
	SMsgHdr res = {.size = sizeof(res)}, req = {0};

	cr_expect_eq(nk_transport_reply_recv(&r.base, &res, NULL, &req, &ra), NK_EPERM);
	cr_expect_str_eq(r.log, "reply_recv ");
	cr_expect_eq(r.replied, &res);
	cr_expect_null(r.reply_arena);
	cr_expect_eq(r.received, &req);
	cr_expect_eq(r.recv_arena, &ra);
}
