// SPDX-License-Identifier: GPL-2.0-only
/*
 * Each method of the test server transforms its inputs in a way the tests can predict, so
 * that every field is seen to go there and back.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "rt_server.h"

static struct rt_fixture *rt_current;

/* Both endpoints share one implementation; self tells them apart. */
static struct rt_fixture *of(struct rt_Every *self, unsigned int *which)
{
	*which = self == &rt_current->again;
	return rt_current;
}

static nk_err_t do_scalars(struct rt_Every *self, struct rt_Every_Scalars_req *req,
			   const struct nk_arena *ra, struct rt_Every_Scalars_res *res,
			   struct nk_arena *sa)
{
	unsigned int w;

	of(self, &w)->calls[w]++;
	(void)ra;
	(void)sa;
	res->ra = req->a;
	res->rb = req->b;
	res->rc = req->c;
	res->rd = req->d;
	res->re = req->e;
	res->rf = req->f;
	res->rg = req->g;
	res->rh = req->h;
	res->ri = !req->i;
	res->rj = req->j;
	res->rk = req->k;
	return NK_EOK;
}

static nk_err_t do_texts(struct rt_Every *self, struct rt_Every_Texts_req *req,
			 const struct nk_arena *ra, struct rt_Every_Texts_res *res,
			 struct nk_arena *sa)
{
	unsigned int w;
	struct rt_fixture *fx = of(self, &w);
	const char *name = nk_arena_get_string(ra, &req->name);
	size_t n;
	const unsigned char *raw = nk_arena_get(ra, &req->raw, &n);
	char greeting[40];
	unsigned char rev[8];
	nk_err_t rc;

	fx->calls[w]++;
	if (!name)
		return NK_EINVAL;
	snprintf(greeting, sizeof(greeting), "hello, %s", name);
	greeting[32] = '\0';
	for (size_t i = 0; i < n; i++)
		rev[i] = raw[n - 1 - i];
	rc = nk_arena_store_string(sa, &res->greeting, greeting, 32);
	if (rc == NK_EOK && n)
		rc = nk_arena_store(sa, &res->reversed, rev, n);
	if (fx->corrupt_response)
		res->greeting.size += 100;
	return rc;
}

static nk_err_t do_arrays(struct rt_Every *self, struct rt_Every_Arrays_req *req,
			  const struct nk_arena *ra, struct rt_Every_Arrays_res *res,
			  struct nk_arena *sa)
{
	unsigned int w;

	of(self, &w)->calls[w]++;
	(void)ra;
	(void)sa;
	for (int i = 0; i < 3; i++) {
		res->flipped[i].x = req->tri[i].y;
		res->flipped[i].y = (nk_sint16_t)(req->tri[i].x + req->grid[i % 2][i / 2]);
	}
	return NK_EOK;
}

static nk_err_t do_seqs(struct rt_Every *self, struct rt_Every_Seqs_req *req,
			const struct nk_arena *ra, struct rt_Every_Seqs_res *res,
			struct nk_arena *sa)
{
	unsigned int w;
	size_t n, m;
	const nk_uint32_t *nums = nk_arena_get_array(ra, &req->nums, sizeof(nk_uint32_t), &n);
	const nk_ptr_t *names = nk_arena_get_array(ra, &req->names, sizeof(nk_ptr_t), &m);
	nk_uint32_t *out;

	of(self, &w)->calls[w]++;
	res->total = 0;
	if (n) {
		out = nk_arena_alloc(sa, &res->doubled, n * sizeof(*out));
		if (!out)
			return NK_ENOMEM;
		for (size_t i = 0; i < n; i++)
			out[i] = nums[i] * 2;
	}
	for (size_t i = 0; i < m; i++) {
		const char *s = nk_arena_get_string(ra, &names[i]);

		if (!s)
			return NK_EINVAL;
		res->total += (nk_uint32_t)strlen(s);
	}
	return NK_EOK;
}

static nk_err_t do_records(struct rt_Every *self, struct rt_Every_Records_req *req,
			   const struct nk_arena *ra, struct rt_Every_Records_res *res,
			   struct nk_arena *sa)
{
	unsigned int w;
	const char *name = nk_arena_get_string(ra, &req->rec.name);
	size_t n;
	const rt_Base_Point *path =
	    nk_arena_get_array(ra, &req->rec.path, sizeof(rt_Base_Point), &n);
	nk_err_t rc;

	of(self, &w)->calls[w]++;
	if (!name)
		return NK_EINVAL;
	res->copy.tag = req->rec.tag;
	rc = nk_arena_store_string(sa, &res->copy.name, name, rt_Base_Len);
	if (rc == NK_EOK && n)
		rc = nk_arena_store(sa, &res->copy.path, path, n * sizeof(*path));
	res->copy.v = req->rec.v;
	if (req->rec.v.tag == rt_Every_Value_text_tag) {
		const char *t = nk_arena_get_string(ra, &req->rec.v.u.text);

		if (!t)
			return NK_EINVAL;
		rc = rc ? rc : nk_arena_store_string(sa, &res->copy.v.u.text, t, rt_Base_Len);
	}
	res->back = req->val;
	if (req->val.tag == rt_Every_Value_text_tag) {
		const char *t = nk_arena_get_string(ra, &req->val.u.text);

		if (!t)
			return NK_EINVAL;
		rc = rc ? rc : nk_arena_store_string(sa, &res->back.u.text, t, rt_Base_Len);
	}
	return rc;
}

static nk_err_t do_fail(struct rt_Every *self, struct rt_Every_Fail_req *req,
			const struct nk_arena *ra, struct rt_Every_Fail_res *res,
			struct nk_arena *sa)
{
	unsigned int w;

	of(self, &w)->calls[w]++;
	(void)ra;
	if (!req->code) {
		res->never = 7;
		return NK_EOK;
	}
	res->reason = (nk_uint16_t)req->code;
	if (nk_arena_store_string(sa, &res->why, "refused", rt_Base_Len))
		return NK_ENOMEM;
	return NK_EERROR_REPLY;
}

static nk_err_t do_nothing(struct rt_Every *self, struct rt_Every_Nothing_req *req,
			   const struct nk_arena *ra, struct rt_Every_Nothing_res *res,
			   struct nk_arena *sa)
{
	unsigned int w;

	of(self, &w)->calls[w]++;
	(void)req;
	(void)ra;
	(void)res;
	(void)sa;
	return NK_EOK;
}

static const struct rt_Every_ops impl_ops = {
    .Scalars = do_scalars,
    .Texts = do_texts,
    .Arrays = do_arrays,
    .Seqs = do_seqs,
    .Records = do_records,
    .Fail = do_fail,
    .Nothing = do_nothing,
};

static nk_err_t serve(void *ctx, SMsgHdr *req, const struct nk_arena *req_arena, SMsgHdr *res,
		      struct nk_arena *res_arena)
{
	struct rt_fixture *fx = ctx;

	return rt_Server_entity_dispatch(&fx->entity, req, req_arena, res, res_arena);
}

void rt_fixture_init(struct rt_fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	rt_current = fx;
	fx->every.ops = &impl_ops;
	fx->again.ops = &impl_ops;
	rt_Sub_component_init(&fx->sub, &fx->again);
	rt_Server_entity_init(&fx->entity, &fx->every, &fx->sub);
	fx->lb = loopback_new(rt_Server_entity_schema, sizeof(rt_Server_entity_schema), serve, fx);
	rt_Every_proxy_init(&fx->proxy, &fx->lb->base, rt_Server_every_riid);
	nk_arena_init(&fx->req_arena, fx->req_buf, sizeof(fx->req_buf));
	nk_arena_init(&fx->res_arena, fx->res_buf, sizeof(fx->res_buf));
}

void rt_fixture_fini(struct rt_fixture *fx)
{
	loopback_free(fx->lb);
	rt_current = NULL;
}
