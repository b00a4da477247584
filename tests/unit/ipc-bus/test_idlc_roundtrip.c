// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generated code end to end: a request marshalled by the generated proxy goes through the
 * loopback (staging copy, schema validation), the generated class and interface
 * dispatchers, the test implementation, and back; every field of every IDL type must
 * arrive unchanged (or changed exactly as the server says), arena data included, at its
 * limits.
 */
#include <limits.h>
#include <string.h>

#include <criterion/criterion.h>

#include "rt_server.h"

static struct rt_fixture fx;

static void setup(void)
{
	rt_fixture_init(&fx);
}

static void teardown(void)
{
	rt_fixture_fini(&fx);
}

TestSuite(idlc_roundtrip, .init = setup, .fini = teardown);

#define CALL(method, req, res)                                                                     \
	rt_Every_##method(&fx.proxy.base, (req), &fx.req_arena, (res), &fx.res_arena)

Test(idlc_roundtrip, scalars_at_their_limits)
{
	struct rt_Every_Scalars_req req = {
	    .a = INT8_MIN,
	    .b = INT16_MIN,
	    .c = INT32_MIN,
	    .d = INT64_MIN,
	    .e = UINT8_MAX,
	    .f = UINT16_MAX,
	    .g = UINT32_MAX,
	    .h = UINT64_MAX,
	    .i = 1,
	    .j = 'z',
	    .k = {.handle = 0xdeadbeef, .rights = 7},
	};
	struct rt_Every_Scalars_res res;

	cr_assert_eq(CALL(Scalars, &req, &res), NK_EOK);
	cr_expect_eq(res.ra, INT8_MIN);
	cr_expect_eq(res.rb, INT16_MIN);
	cr_expect_eq(res.rc, INT32_MIN);
	cr_expect_eq(res.rd, INT64_MIN);
	cr_expect_eq(res.re, UINT8_MAX);
	cr_expect_eq(res.rf, UINT16_MAX);
	cr_expect_eq(res.rg, UINT32_MAX);
	cr_expect_eq(res.rh, UINT64_MAX);
	cr_expect_eq(res.ri, 0);
	cr_expect_eq(res.rj, 'z');
	cr_expect_eq(res.rk.handle, 0xdeadbeef);
	cr_expect_eq(res.rk.rights, 7);
	cr_expect_eq(res.base.riid, rt_Server_every_riid);
	cr_expect_eq(res.base.mid, rt_Every_Scalars_mid);
	cr_expect_eq(fx.calls[0], 1);
	cr_expect_eq(fx.calls[1], 0);

	req.a = INT8_MAX;
	req.d = INT64_MAX;
	req.i = 0;
	cr_assert_eq(CALL(Scalars, &req, &res), NK_EOK);
	cr_expect_eq(res.ra, INT8_MAX);
	cr_expect_eq(res.rd, INT64_MAX);
	cr_expect_eq(res.ri, 1);
}

Test(idlc_roundtrip, strings_and_bytes_up_to_their_bounds)
{
	struct rt_Every_Texts_req req;
	struct rt_Every_Texts_res res;
	const char *sixteen = "0123456789abcdef"; /* string<Len>, Len = 16: the limit */
	const unsigned char raw[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	size_t n;

	cr_assert_eq(nk_arena_store_string(&fx.req_arena, &req.name, sixteen, rt_Base_Len), NK_EOK);
	cr_assert_eq(nk_arena_store(&fx.req_arena, &req.raw, raw, sizeof(raw)), NK_EOK);
	cr_assert_eq(CALL(Texts, &req, &res), NK_EOK);
	cr_expect_str_eq(nk_arena_get_string(&fx.res_arena, &res.greeting),
			 "hello, 0123456789abcdef");
	const unsigned char *rev = nk_arena_get(&fx.res_arena, &res.reversed, &n);

	cr_assert_eq(n, 8);
	for (int i = 0; i < 8; i++)
		cr_expect_eq(rev[i], 8 - i);

	/* One character more than string<16> holds: the arena helper refuses it. */
	nk_arena_reset(&fx.req_arena);
	cr_expect_eq(
	    nk_arena_store_string(&fx.req_arena, &req.name, "0123456789abcdefg", rt_Base_Len),
	    NK_ENOMEM);

	/* An empty string and no bytes are fine. */
	nk_arena_reset(&fx.req_arena);
	memset(&req, 0, sizeof(req));
	cr_assert_eq(nk_arena_store_string(&fx.req_arena, &req.name, "", rt_Base_Len), NK_EOK);
	cr_assert_eq(CALL(Texts, &req, &res), NK_EOK);
	cr_expect_str_eq(nk_arena_get_string(&fx.res_arena, &res.greeting), "hello, ");
	cr_expect_eq(res.reversed.size, 0);
}

Test(idlc_roundtrip, arrays_inline_and_nested)
{
	struct rt_Every_Arrays_req req = {
	    .tri = {{1, -1}, {2, -2}, {INT16_MAX, INT16_MIN}},
	    .grid = {{10, 20}, {30, 40}},
	};
	struct rt_Every_Arrays_res res;

	cr_assert_eq(CALL(Arrays, &req, &res), NK_EOK);
	for (int i = 0; i < 3; i++) {
		cr_expect_eq(res.flipped[i].x, req.tri[i].y);
		cr_expect_eq(res.flipped[i].y,
			     (nk_sint16_t)(req.tri[i].x + req.grid[i % 2][i / 2]));
	}
}

Test(idlc_roundtrip, sequences_up_to_their_bounds)
{
	struct rt_Every_Seqs_req req;
	struct rt_Every_Seqs_res res;
	const nk_uint32_t nums[4] = {1, 2, 3, UINT32_MAX / 2}; /* Max = 4 */
	const char *words[3] = {"a", "bb", "0123456789abcdef"};
	nk_ptr_t *names;
	size_t n;

	cr_assert_eq(nk_arena_store(&fx.req_arena, &req.nums, nums, sizeof(nums)), NK_EOK);
	names = nk_arena_alloc(&fx.req_arena, &req.names, 3 * sizeof(nk_ptr_t));
	cr_assert_not_null(names);
	for (int i = 0; i < 3; i++) {
		nk_ptr_t chunk;

		cr_assert_eq(nk_arena_store_string(&fx.req_arena, &chunk, words[i], rt_Base_Len),
			     NK_EOK);
		names[i] = chunk;
	}
	cr_assert_eq(CALL(Seqs, &req, &res), NK_EOK);
	const nk_uint32_t *doubled =
	    nk_arena_get_array(&fx.res_arena, &res.doubled, sizeof(nk_uint32_t), &n);

	cr_assert_eq(n, 4);
	for (int i = 0; i < 4; i++)
		cr_expect_eq(doubled[i], nums[i] * 2);
	cr_expect_eq(res.total, 1 + 2 + 16);

	/* Empty sequences. */
	nk_arena_reset(&fx.req_arena);
	memset(&req, 0, sizeof(req));
	cr_assert_eq(CALL(Seqs, &req, &res), NK_EOK);
	cr_expect_eq(res.doubled.size, 0);
	cr_expect_eq(res.total, 0);
}

Test(idlc_roundtrip, structs_with_arena_members_and_every_union_member)
{
	static const nk_uint32_t tags[] = {rt_Every_Value_number_tag, rt_Every_Value_text_tag,
					   rt_Every_Value_at_tag, rt_Every_Value_flag_tag};
	const rt_Base_Point path[4] = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};

	for (size_t t = 0; t < 4; t++) {
		struct rt_Every_Records_req req;
		struct rt_Every_Records_res res;
		size_t n;

		nk_arena_reset(&fx.req_arena);
		memset(&req, 0, sizeof(req));
		req.rec.tag = (nk_uint8_t)(40 + t);
		cr_assert_eq(
		    nk_arena_store_string(&fx.req_arena, &req.rec.name, "rec", rt_Base_Len),
		    NK_EOK);
		cr_assert_eq(nk_arena_store(&fx.req_arena, &req.rec.path, path, sizeof(path)),
			     NK_EOK);
		req.rec.v.tag = tags[t];
		req.val.tag = tags[3 - t];
		switch (tags[t]) {
		case rt_Every_Value_number_tag:
			req.rec.v.u.number = UINT64_MAX - 1;
			break;
		case rt_Every_Value_text_tag:
			cr_assert_eq(nk_arena_store_string(&fx.req_arena, &req.rec.v.u.text, "txt",
							   rt_Base_Len),
				     NK_EOK);
			break;
		case rt_Every_Value_at_tag:
			req.rec.v.u.at = (rt_Base_Point){-9, 9};
			break;
		default:
			req.rec.v.u.flag = 1;
		}
		switch (tags[3 - t]) {
		case rt_Every_Value_number_tag:
			req.val.u.number = 12345;
			break;
		case rt_Every_Value_text_tag:
			cr_assert_eq(nk_arena_store_string(&fx.req_arena, &req.val.u.text, "back",
							   rt_Base_Len),
				     NK_EOK);
			break;
		case rt_Every_Value_at_tag:
			req.val.u.at = (rt_Base_Point){4, -4};
			break;
		default:
			req.val.u.flag = 0;
		}
		cr_assert_eq(CALL(Records, &req, &res), NK_EOK, "tag %zu", t);
		cr_expect_eq(res.copy.tag, 40 + t);
		cr_expect_str_eq(nk_arena_get_string(&fx.res_arena, &res.copy.name), "rec");
		const rt_Base_Point *p =
		    nk_arena_get_array(&fx.res_arena, &res.copy.path, sizeof(*p), &n);

		cr_assert_eq(n, 4);
		cr_expect_eq(memcmp(p, path, sizeof(path)), 0);
		cr_expect_eq(res.copy.v.tag, tags[t]);
		cr_expect_eq(res.back.tag, tags[3 - t]);
		if (tags[t] == rt_Every_Value_number_tag)
			cr_expect_eq(res.copy.v.u.number, UINT64_MAX - 1);
		if (tags[t] == rt_Every_Value_text_tag)
			cr_expect_str_eq(nk_arena_get_string(&fx.res_arena, &res.copy.v.u.text),
					 "txt");
		if (tags[t] == rt_Every_Value_at_tag)
			cr_expect(res.copy.v.u.at.x == -9 && res.copy.v.u.at.y == 9);
		if (tags[t] == rt_Every_Value_flag_tag)
			cr_expect_eq(res.copy.v.u.flag, 1);
		if (tags[3 - t] == rt_Every_Value_text_tag)
			cr_expect_str_eq(nk_arena_get_string(&fx.res_arena, &res.back.u.text),
					 "back");
		if (tags[3 - t] == rt_Every_Value_number_tag)
			cr_expect_eq(res.back.u.number, 12345);
	}
}

Test(idlc_roundtrip, error_parameters_come_back_as_an_error_response)
{
	struct rt_Every_Fail_req req = {.code = 42};
	struct rt_Every_Fail_res res;

	cr_assert_eq(CALL(Fail, &req, &res), NK_EERROR_REPLY);
	cr_expect(res.base.flags & BH_MSG_ERROR);
	cr_expect_eq(res.reason, 42);
	cr_expect_str_eq(nk_arena_get_string(&fx.res_arena, &res.why), "refused");

	req.code = 0;
	cr_assert_eq(CALL(Fail, &req, &res), NK_EOK);
	cr_expect_not(res.base.flags & BH_MSG_ERROR);
	cr_expect_eq(res.never, 7);
}

Test(idlc_roundtrip, method_without_parameters)
{
	struct rt_Every_Nothing_req req;
	struct rt_Every_Nothing_res res;

	cr_assert_eq(CALL(Nothing, &req, &res), NK_EOK);
	cr_expect_eq(res.base.size, sizeof(res));
	cr_expect_eq(fx.calls[0], 1);
}

Test(idlc_roundtrip, class_dispatcher_routes_nested_endpoints_by_riid)
{
	struct rt_Every_proxy again;
	struct rt_Every_Nothing_req req;
	struct rt_Every_Nothing_res res;

	cr_expect_eq(rt_Server_sub_again_riid, 1);
	cr_expect_eq(rt_Server_entity_riid_count, 2);
	rt_Every_proxy_init(&again, &fx.lb->base, rt_Server_sub_again_riid);
	cr_assert_eq(rt_Every_Nothing(&again.base, &req, NULL, &res, NULL), NK_EOK);
	cr_expect_eq(fx.calls[1], 1);
	cr_expect_eq(fx.calls[0], 0);
	cr_expect_eq(res.base.riid, 1);

	/* A riid the class does not have. */
	rt_Every_proxy_init(&again, &fx.lb->base, 2);
	cr_expect_eq(rt_Every_Nothing(&again.base, &req, NULL, &res, NULL), NK_ENOENT);
	/* An endpoint nobody implements. */
	fx.sub.again = NULL;
	rt_Every_proxy_init(&again, &fx.lb->base, rt_Server_sub_again_riid);
	cr_expect_eq(rt_Every_Nothing(&again.base, &req, NULL, &res, NULL), NK_ENOENT);
}

Test(idlc_roundtrip, response_that_does_not_fit_the_caller)
{
	struct rt_Every_Texts_req req;
	struct rt_Every_Texts_res res;
	char tiny_buf[8];
	struct nk_arena tiny;

	nk_arena_init(&tiny, tiny_buf, sizeof(tiny_buf));
	cr_assert_eq(nk_arena_store_string(&fx.req_arena, &req.name, "someone", rt_Base_Len),
		     NK_EOK);
	req.raw = (nk_ptr_t){0, 0};
	cr_expect_eq(rt_Every_Texts(&fx.proxy.base, &req, &fx.req_arena, &res, &tiny), NK_ENOMEM);
}

Test(idlc_roundtrip, bad_response_from_the_server_is_rejected)
{
	struct rt_Every_Texts_req req;
	struct rt_Every_Texts_res res;

	fx.corrupt_response = 1;
	cr_assert_eq(nk_arena_store_string(&fx.req_arena, &req.name, "x", rt_Base_Len), NK_EOK);
	req.raw = (nk_ptr_t){0, 0};
	cr_expect_eq(CALL(Texts, &req, &res), NK_EINVAL);
	cr_expect_eq(fx.lb->res_fault.status, BH_MSG_EARENA);
	cr_expect_str_eq(fx.lb->res_fault.field, "greeting");
}
