// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the generated proxy and dispatcher do with a message's header, whatever was in the
 * buffers before (nk_msg_init, nk_res_init, nk_res_check in nk/transport.h): the proxy sends
 * a header it wrote whole and refuses any response that is not its method's (riid, mid,
 * size), whatever the transport let through; the dispatcher's response carries nothing of an
 * earlier message. The transport here hands the proxy whatever response the test scripts.
 */
#include <string.h>

#include <criterion/criterion.h>

#include <rt/Server.edl.h>

#define RIID 3 /* any endpoint number: the proxy's to put in, the response's to match */

/* A transport that keeps the request it was given and answers with a scripted response. */
struct scripted {
	struct nk_transport base;
	union rt_Every_req sent;
	union rt_Every_res answer;
	nk_err_t rc; /* what call returns; the response is copied only for NK_EOK */
};

static nk_err_t sc_call(struct nk_transport *t, SMsgHdr *req, const struct nk_arena *req_arena,
			SMsgHdr *res, struct nk_arena *res_arena)
{
	struct scripted *s = (struct scripted *)t;
	size_t n = res->capacity < sizeof(s->answer) ? res->capacity : sizeof(s->answer);

	(void)req_arena, (void)res_arena;
	memcpy(&s->sent, req, req->size < sizeof(s->sent) ? req->size : sizeof(s->sent));
	if (s->rc != NK_EOK)
		return s->rc;
	memcpy(res, &s->answer, n);
	return NK_EOK;
}

static nk_err_t sc_recv(struct nk_transport *t, SMsgHdr *req, struct nk_arena *a)
{
	(void)t, (void)req, (void)a;
	return NK_ETRANSPORT;
}

static nk_err_t sc_reply(struct nk_transport *t, SMsgHdr *res, const struct nk_arena *a)
{
	(void)t, (void)res, (void)a;
	return NK_ETRANSPORT;
}

static const struct nk_transport_ops sc_ops = {.call = sc_call, .recv = sc_recv, .reply = sc_reply};

static struct scripted sc;
static struct rt_Every_proxy px;

static void setup(void)
{
	memset(&sc, 0, sizeof(sc));
	sc.base.ops = &sc_ops;
	rt_Every_proxy_init(&px, &sc.base, RIID);
}

/* The answer a correct server gives to Scalars: its response, with rh set. */
static void answer_scalars(void)
{
	memset(&sc.answer, 0, sizeof(sc.answer));
	nk_msg_init(&sc.answer.base, sizeof(struct rt_Every_Scalars_res), RIID, rt_Every_Scalars_mid);
	sc.answer.Scalars.rh = 0x1122334455667788ull;
}

static nk_err_t call_scalars(struct rt_Every_Scalars_res *res)
{
	struct rt_Every_Scalars_req req;

	memset(&req, 0, sizeof(req));
	return rt_Every_Scalars(&px.base, &req, NULL, res, NULL);
}

Test(idlc_proxy, the_request_header_is_written_whole, .init = setup)
{
	struct rt_Every_Nothing_req req;
	struct rt_Every_Nothing_res res;

	memset(&req, 0xa5, sizeof(req)); /* whatever the caller's buffer held */
	nk_msg_init(&sc.answer.base, sizeof(res), RIID, rt_Every_Nothing_mid);
	cr_assert_eq(rt_Every_Nothing(&px.base, &req, NULL, &res, NULL), NK_EOK);
	cr_expect_eq(sc.sent.base.size, sizeof(req));
	cr_expect_eq(sc.sent.base.capacity, sizeof(req));
	cr_expect_eq(sc.sent.base.riid, RIID);
	cr_expect_eq(sc.sent.base.mid, rt_Every_Nothing_mid);
	cr_expect_eq(sc.sent.base.flags, 0);
	cr_expect_eq(sc.sent.base.arena, 0);
	cr_expect_eq(sc.sent.base.arena_size, 0);
	cr_expect_eq(sc.sent.base.arena_capacity, 0);
	cr_expect_eq(sc.sent.base.handles, 0);
	cr_expect_eq(sc.sent.base.reserved, 0);
}

Test(idlc_proxy, the_methods_response_is_accepted, .init = setup)
{
	struct rt_Every_Scalars_res res;

	answer_scalars();
	cr_assert_eq(call_scalars(&res), NK_EOK);
	cr_expect_eq(res.rh, 0x1122334455667788ull);
}

Test(idlc_proxy, a_response_with_another_method_id_is_refused, .init = setup)
{
	struct rt_Every_Scalars_res res;

	answer_scalars();
	sc.answer.base.mid = rt_Every_Texts_mid;
	cr_expect_eq(call_scalars(&res), NK_EPROTO);
	sc.answer.base.mid = 0x8000 | rt_Every_Scalars_mid; /* a high bit: still another method */
	cr_expect_eq(call_scalars(&res), NK_EPROTO);
}

Test(idlc_proxy, a_response_of_another_endpoint_is_refused, .init = setup)
{
	struct rt_Every_Scalars_res res;

	answer_scalars();
	sc.answer.base.riid = RIID + 1;
	cr_expect_eq(call_scalars(&res), NK_EPROTO);
	sc.answer.base.riid = RIID | 0x80000000u;
	cr_expect_eq(call_scalars(&res), NK_EPROTO);
}

Test(idlc_proxy, a_response_of_another_size_is_refused, .init = setup)
{
	struct rt_Every_Scalars_res res;

	answer_scalars();
	sc.answer.base.size = sizeof(res) - 8;
	cr_expect_eq(call_scalars(&res), NK_EPROTO);
	sc.answer.base.size = sizeof(res) + 8;
	cr_expect_eq(call_scalars(&res), NK_EPROTO);
	sc.answer.base.size = 0;
	cr_expect_eq(call_scalars(&res), NK_EPROTO);
}

Test(idlc_proxy, an_error_response_is_reported_as_such, .init = setup)
{
	struct rt_Every_Fail_req req = {.code = 1};
	struct rt_Every_Fail_res res;

	nk_msg_init(&sc.answer.base, sizeof(res), RIID, rt_Every_Fail_mid);
	sc.answer.base.flags = BH_MSG_ERROR;
	cr_expect_eq(rt_Every_Fail(&px.base, &req, NULL, &res, NULL), NK_EERROR_REPLY);
	/* An error response of another method is not this call's. */
	sc.answer.base.mid = rt_Every_Scalars_mid;
	cr_expect_eq(rt_Every_Fail(&px.base, &req, NULL, &res, NULL), NK_EPROTO);
}

Test(idlc_proxy, flags_other_than_error_do_not_make_an_error_response, .init = setup)
{
	struct rt_Every_Scalars_res res;

	answer_scalars();
	sc.answer.base.flags = 0x0100;
	cr_expect_eq(call_scalars(&res), NK_EOK);
	sc.answer.base.flags = 0x0100 | BH_MSG_ERROR;
	cr_expect_eq(call_scalars(&res), NK_EERROR_REPLY);
}

Test(idlc_proxy, a_failed_call_returns_the_transports_error, .init = setup)
{
	struct rt_Every_Scalars_res res;

	answer_scalars();
	sc.rc = NK_EPERM;
	cr_expect_eq(call_scalars(&res), NK_EPERM);
	sc.rc = NK_ENOTCONN;
	cr_expect_eq(call_scalars(&res), NK_ENOTCONN);
}

/* ---- the dispatcher's response ---- */

static nk_err_t scalars_sets_nothing(struct rt_Every *self, struct rt_Every_Scalars_req *req,
				     const struct nk_arena *ra, struct rt_Every_Scalars_res *res,
				     struct nk_arena *sa)
{
	(void)self, (void)req, (void)ra, (void)res, (void)sa;
	return NK_EOK;
}

static nk_err_t nothing_ok(struct rt_Every *self, struct rt_Every_Nothing_req *req,
			   const struct nk_arena *ra, struct rt_Every_Nothing_res *res,
			   struct nk_arena *sa)
{
	(void)self, (void)req, (void)ra, (void)res, (void)sa;
	return NK_EOK;
}

static const struct rt_Every_ops lazy_ops = {.Scalars = scalars_sets_nothing,
					     .Nothing = nothing_ok};

Test(idlc_dispatch, the_response_carries_nothing_of_the_last_message)
{
	struct rt_Every impl = {&lazy_ops};
	union rt_Every_req req;
	union rt_Every_res res, zero;

	memset(&req, 0, sizeof(req));
	nk_msg_init(&req.base, sizeof(req.Scalars), RIID, rt_Every_Scalars_mid);
	memset(&res, 0xa5, sizeof(res)); /* what an earlier answer left in the buffer */
	res.base.capacity = sizeof(res);
	cr_assert_eq(rt_Every_dispatch(&impl, &req.base, NULL, &res.base, NULL), NK_EOK);
	cr_expect_eq(res.base.size, sizeof(res.Scalars));
	cr_expect_eq(res.base.capacity, sizeof(res.Scalars));
	cr_expect_eq(res.base.riid, RIID);
	cr_expect_eq(res.base.mid, rt_Every_Scalars_mid);
	cr_expect_eq(res.base.flags, 0);
	cr_expect_eq(res.base.arena, 0);
	cr_expect_eq(res.base.arena_size, 0);
	cr_expect_eq(res.base.arena_capacity, 0);
	cr_expect_eq(res.base.handles, 0);
	cr_expect_eq(res.base.reserved, 0);
	/* The out parameters the implementation left alone, and the padding, are zero. */
	memset(&zero, 0, sizeof(zero));
	cr_expect_eq(memcmp((char *)&res + sizeof(SMsgHdr), (char *)&zero + sizeof(SMsgHdr),
			    sizeof(res.Scalars) - sizeof(SMsgHdr)),
		     0);
	/* Beyond the method's response nothing was touched (it is not sent). */
	cr_expect_eq(((unsigned char *)&res)[sizeof(res.Scalars)], 0xa5);
}

Test(idlc_dispatch, a_header_only_response_is_the_header)
{
	struct rt_Every impl = {&lazy_ops};
	union rt_Every_req req;
	union rt_Every_res res;

	nk_msg_init(&req.base, sizeof(req.Nothing), RIID, rt_Every_Nothing_mid);
	memset(&res, 0xa5, sizeof(res));
	res.base.capacity = sizeof(res);
	cr_assert_eq(rt_Every_dispatch(&impl, &req.base, NULL, &res.base, NULL), NK_EOK);
	cr_expect_eq(res.base.size, sizeof(SMsgHdr));
	cr_expect_eq(res.base.mid, rt_Every_Nothing_mid);
	cr_expect_eq(res.base.arena_size, 0);
	cr_expect_eq(res.base.handles, 0);
}

Test(idlc_dispatch, requests_the_method_cannot_take_are_refused)
{
	struct rt_Every impl = {&lazy_ops};
	union rt_Every_req req;
	union rt_Every_res res;

	nk_msg_init(&req.base, sizeof(req.Scalars) - 8, RIID, rt_Every_Scalars_mid);
	res.base.capacity = sizeof(res);
	cr_expect_eq(rt_Every_dispatch(&impl, &req.base, NULL, &res.base, NULL), NK_EINVAL);
	nk_msg_init(&req.base, sizeof(req.Scalars), RIID, rt_Every_Scalars_mid);
	res.base.capacity = sizeof(res.Scalars) - 8;
	cr_expect_eq(rt_Every_dispatch(&impl, &req.base, NULL, &res.base, NULL), NK_EINVAL);
	res.base.capacity = sizeof(res);
	nk_msg_init(&req.base, sizeof(req.Texts), RIID, rt_Every_Texts_mid); /* not implemented */
	cr_expect_eq(rt_Every_dispatch(&impl, &req.base, NULL, &res.base, NULL), NK_ENOENT);
	nk_msg_init(&req.base, sizeof(SMsgHdr), RIID, 99); /* no such method */
	cr_expect_eq(rt_Every_dispatch(&impl, &req.base, NULL, &res.base, NULL), NK_ENOENT);
}

Test(nk_msg, res_init_zeroes_exactly_the_response)
{
	unsigned char buf[64] __attribute__((aligned(8)));
	SMsgHdr *h = (SMsgHdr *)buf;

	memset(buf, 0xa5, sizeof(buf));
	nk_res_init(h, 44, RIID, 2); /* a size that is not a whole number of words */
	cr_expect_eq(h->size, 44);
	cr_expect_eq(h->capacity, 44);
	cr_expect_eq(h->riid, RIID);
	cr_expect_eq(h->mid, 2);
	cr_expect_eq(h->flags, 0);
	for (size_t i = sizeof(SMsgHdr); i < 44; i++)
		cr_expect_eq(buf[i], 0, "byte %zu", i);
	for (size_t i = 44; i < sizeof(buf); i++)
		cr_expect_eq(buf[i], 0xa5, "byte %zu", i);
}
