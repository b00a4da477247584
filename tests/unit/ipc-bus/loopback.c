// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "loopback.h"

static const struct bh_schema_iface *iface_of(struct loopback *lb, uint32_t riid)
{
	if (riid >= lb->schema.hdr->nendpoints)
		return NULL;
	return &lb->schema.ifaces[lb->schema.endpoints[riid].iface];
}

static nk_err_t lb_call(struct nk_transport *t, SMsgHdr *req, const struct nk_arena *req_arena,
			SMsgHdr *res, struct nk_arena *res_arena)
{
	struct loopback *lb = (struct loopback *)t;
	size_t req_arena_len = nk_arena_used(req_arena), res_arena_len;
	const struct bh_schema_iface *iface;
	struct nk_arena sa, ra;
	SMsgHdr *sreq = (SMsgHdr *)lb->req, *sres = (SMsgHdr *)lb->res;
	nk_err_t rc;

	/* What a transport does (nk/transport.h): the header says how much arena travels. */
	req->arena_size = (nk_uint32_t)req_arena_len;
	/* What the hypervisor checks before it copies: the claimed sizes fit the buffers. */
	if (req->size < sizeof(SMsgHdr) || req->size > sizeof(lb->req) ||
	    req_arena_len > sizeof(lb->req_arena))
		return NK_EINVAL;
	memcpy(lb->req, req, req->size);
	if (req_arena_len)
		memcpy(lb->req_arena, req_arena->start, req_arena_len);
	sreq->arena = (uint64_t)(uintptr_t)lb->req_arena;
	if (lb->tamper_req)
		lb->tamper_req(lb->ctx, sreq, lb->req_arena, &req_arena_len);

	iface = iface_of(lb, sreq->riid);
	if (!iface)
		return NK_ENOENT;
	if (bh_msg_validate(&lb->schema, iface, BH_MSG_REQUEST, lb->req, sreq->size, lb->req_arena,
			    req_arena_len, &lb->req_fault))
		return NK_EINVAL;

	nk_arena_init(&sa, lb->req_arena, req_arena_len);
	sa.current = sa.end;
	nk_arena_init(&ra, lb->res_arena, sizeof(lb->res_arena));
	memset(sres, 0, sizeof(*sres));
	sres->capacity = sizeof(lb->res);
	lb->served++;
	rc = lb->serve(lb->ctx, sreq, &sa, sres, &ra);
	if (rc != NK_EOK)
		return rc;

	res_arena_len = nk_arena_used(&ra);
	if (lb->tamper_res)
		lb->tamper_res(lb->ctx, sres, lb->res_arena, &res_arena_len);
	if (sres->size > sizeof(lb->res) ||
	    bh_msg_validate(&lb->schema, iface, BH_MSG_RESPONSE, lb->res, sres->size, lb->res_arena,
			    res_arena_len, &lb->res_fault))
		return NK_EINVAL;
	if (sres->size > res->capacity || res_arena_len > nk_arena_capacity(res_arena))
		return NK_ENOMEM;
	memcpy(res, sres, sres->size);
	res->capacity = sres->size;
	if (res_arena) {
		if (res_arena_len)
			memcpy(res_arena->start, lb->res_arena, res_arena_len);
		res_arena->current = res_arena->start + res_arena_len;
		res->arena = (uint64_t)(uintptr_t)res_arena->start;
	}
	return NK_EOK;
}

static nk_err_t lb_recv(struct nk_transport *t, SMsgHdr *req, struct nk_arena *a)
{
	(void)t;
	(void)req;
	(void)a;
	return NK_ETRANSPORT; /* the loopback serves inside call() */
}

static nk_err_t lb_reply(struct nk_transport *t, SMsgHdr *res, const struct nk_arena *a)
{
	(void)t;
	(void)res;
	(void)a;
	return NK_ETRANSPORT;
}

/* No reply_recv: nk_transport_reply_recv falls back to reply, then recv. */
static const struct nk_transport_ops lb_ops = {.call = lb_call, .recv = lb_recv, .reply = lb_reply};

struct loopback *loopback_new(const void *schema, size_t len, loopback_serve_fn *serve, void *ctx)
{
	struct loopback *lb = calloc(1, sizeof(*lb));
	const char *why = NULL;

	cr_assert_not_null(lb);
	cr_assert_eq(bh_schema_check(&lb->schema, schema, len, &why), 0, "schema: %s", why);
	lb->base.ops = &lb_ops;
	lb->serve = serve;
	lb->ctx = ctx;
	return lb;
}

void loopback_free(struct loopback *lb)
{
	free(lb);
}
