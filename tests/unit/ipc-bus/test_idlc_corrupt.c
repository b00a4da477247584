// SPDX-License-Identifier: GPL-2.0-only
/*
 * Messages damaged after the proxy built them (as a hostile client would send them) are
 * rejected by schema validation before the server sees a byte: wrong sizes, chunks outside
 * the arena, unterminated or too long strings, sequences over their bound, bad Boolean
 * values and union tags, header fields out of range.
 */
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "rt_server.h"

static struct rt_fixture fx;

struct damage {
	const char *what;
	int method; /* 0 Texts, 1 Seqs, 2 Records, 3 Scalars */
	enum bh_msg_status want;
	const char *field;
};

static const struct damage damages[] = {
    {"constant part 8 bytes longer", 0, BH_MSG_ESIZE, NULL},
    {"constant part 8 bytes shorter", 0, BH_MSG_ESIZE, NULL},
    {"mid beyond the interface", 0, BH_MSG_EMETHOD, NULL},
    {"error flag on a request", 0, BH_MSG_EHEADER, NULL},
    {"reserved header field set", 0, BH_MSG_EHEADER, NULL},
    {"arena_size not the arena's length", 0, BH_MSG_EARENA, NULL},
    {"string chunk offset past the arena", 0, BH_MSG_EARENA, "name"},
    {"string chunk size past the arena", 0, BH_MSG_EARENA, "name"},
    {"string without its NUL", 0, BH_MSG_ESTRING, "name"},
    {"string longer than string<16>", 0, BH_MSG_ESTRING, "name"},
    {"empty string chunk", 0, BH_MSG_ESTRING, "name"},
    {"bytes longer than bytes<8>", 0, BH_MSG_EBOUND, "raw"},
    {"sequence over its bound", 1, BH_MSG_EBOUND, "nums"},
    {"sequence not whole elements", 1, BH_MSG_EBOUND, "nums"},
    {"sequence chunk misaligned", 1, BH_MSG_EARENA, "nums"},
    {"string inside a sequence outside the arena", 1, BH_MSG_EARENA, "names"},
    {"union tag naming no member", 2, BH_MSG_EVALUE, "val"},
    {"string in a union member unterminated", 2, BH_MSG_ESTRING, "rec"},
    {"Boolean 2", 3, BH_MSG_EVALUE, "i"},
    {"chunk offset wrapping around 32 bits", 0, BH_MSG_EARENA, "name"},
};

#define NDAMAGES (sizeof(damages) / sizeof(damages[0]))
static size_t current;

static void tamper(void *ctx, SMsgHdr *m, uint8_t *arena, size_t *arena_len)
{
	(void)ctx;
	struct rt_Every_Texts_req *t = (void *)m;
	struct rt_Every_Seqs_req *s = (void *)m;
	struct rt_Every_Records_req *r = (void *)m;
	struct rt_Every_Scalars_req *c = (void *)m;

	switch (current) {
	case 0:
		m->size += 8;
		break;
	case 1:
		m->size -= 8;
		break;
	case 2:
		m->mid = 200;
		break;
	case 3:
		m->flags = BH_MSG_ERROR;
		break;
	case 4:
		m->reserved = 1;
		break;
	case 5:
		m->arena_size += 8;
		break;
	case 6:
		t->name.offset = (nk_uint32_t)*arena_len + 8;
		break;
	case 7:
		t->name.size += (nk_uint32_t)*arena_len;
		break;
	case 8:
		arena[t->name.offset + t->name.size - 1] = 'x';
		break;
	case 9: /* a 20-character string, properly terminated, in fresh arena space */
		memcpy(arena + *arena_len, "01234567890123456789", 21);
		t->name = (nk_ptr_t){(nk_uint32_t)*arena_len, 21};
		*arena_len += 24;
		m->arena_size = (nk_uint32_t)*arena_len;
		break;
	case 10:
		t->name.size = 0;
		break;
	case 11:
		t->raw = (nk_ptr_t){0, 9};
		break;
	case 12:
		s->nums.size = 5 * 4;
		break;
	case 13:
		s->nums.size = 6;
		break;
	case 14:
		s->nums.offset += 2;
		break;
	case 15:
		((nk_ptr_t *)(arena + s->names.offset))[1].offset = 1u << 20;
		break;
	case 16:
		r->val.tag = 4;
		break;
	case 17:
		arena[r->rec.v.u.text.offset + r->rec.v.u.text.size - 1] = '!';
		break;
	case 18:
		c->i = 2;
		break;
	case 19:
		t->name.offset = 0xfffffff8u;
		t->name.size = 0x10;
		break;
	}
}

static void setup(void)
{
	rt_fixture_init(&fx);
	fx.lb->tamper_req = tamper;
}

static void teardown(void)
{
	rt_fixture_fini(&fx);
}

static nk_err_t send(int method)
{
	union rt_Every_req req;
	union rt_Every_res res;
	nk_ptr_t *names;

	memset(&req, 0, sizeof(req));
	switch (method) {
	case 0:
		cr_assert_eq(nk_arena_store_string(&fx.req_arena, &req.Texts.name, "abc", 16), 0);
		cr_assert_eq(nk_arena_store(&fx.req_arena, &req.Texts.raw, "12345678", 8), 0);
		return rt_Every_Texts(&fx.proxy.base, &req.Texts, &fx.req_arena, &res.Texts,
				      &fx.res_arena);
	case 1:
		cr_assert_eq(nk_arena_store(&fx.req_arena, &req.Seqs.nums,
					    (nk_uint32_t[]){1, 2, 3, 4, 5, 6}, 16),
			     0);
		names = nk_arena_alloc(&fx.req_arena, &req.Seqs.names, 2 * sizeof(nk_ptr_t));
		cr_assert_not_null(names);
		cr_assert_eq(nk_arena_store_string(&fx.req_arena, &names[0], "x", 16), 0);
		cr_assert_eq(nk_arena_store_string(&fx.req_arena, &names[1], "y", 16), 0);
		return rt_Every_Seqs(&fx.proxy.base, &req.Seqs, &fx.req_arena, &res.Seqs,
				     &fx.res_arena);
	case 2:
		cr_assert_eq(nk_arena_store_string(&fx.req_arena, &req.Records.rec.name, "r", 16),
			     0);
		req.Records.rec.v.tag = rt_Every_Value_text_tag;
		cr_assert_eq(
		    nk_arena_store_string(&fx.req_arena, &req.Records.rec.v.u.text, "t", 16), 0);
		req.Records.val.tag = rt_Every_Value_number_tag;
		return rt_Every_Records(&fx.proxy.base, &req.Records, &fx.req_arena, &res.Records,
					&fx.res_arena);
	default:
		req.Scalars.i = 1;
		return rt_Every_Scalars(&fx.proxy.base, &req.Scalars, &fx.req_arena, &res.Scalars,
					&fx.res_arena);
	}
}

ParameterizedTestParameters(idlc_corrupt, rejected_before_the_server)
{
	static size_t index[NDAMAGES];

	for (size_t i = 0; i < NDAMAGES; i++)
		index[i] = i;
	return cr_make_param_array(size_t, index, NDAMAGES);
}

ParameterizedTest(size_t *i, idlc_corrupt, rejected_before_the_server, .init = setup,
		  .fini = teardown)
{
	const struct damage *d = &damages[*i];

	current = *i;
	cr_assert_eq(send(d->method), NK_EINVAL, "%s: accepted", d->what);
	cr_expect_eq(fx.lb->served, 0, "%s: reached the server", d->what);
	cr_expect_eq(fx.lb->req_fault.status, d->want, "%s: status %d (%s), want %d", d->what,
		     fx.lb->req_fault.status, bh_msg_status_text(fx.lb->req_fault.status), d->want);
	if (d->field)
		cr_expect(fx.lb->req_fault.field && !strcmp(fx.lb->req_fault.field, d->field),
			  "%s: field %s, want %s", d->what,
			  fx.lb->req_fault.field ? fx.lb->req_fault.field : "(none)", d->field);
}

Test(idlc_corrupt, undamaged_messages_pass, .init = setup, .fini = teardown)
{
	current = NDAMAGES; /* no damage */
	for (int m = 0; m < 4; m++)
		cr_expect_eq(send(m), NK_EOK, "method %d", m);
	cr_expect_eq(fx.lb->served, 4);
}
