// SPDX-License-Identifier: GPL-2.0-only
/*
 * The schema blobs idlc generates are well formed and describe the interfaces as the
 * specifications say; damaged blobs are refused by bh_schema_check or, where a change is
 * still a consistent schema, never make the validator misbehave; aliased chunks cannot make
 * validation explode.
 */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include <rt/Server.edl.h>

#include <msg/schema.h>
#include <msg/validate.h>

static struct bh_schema load(const nk_uint32_t *blob, size_t len)
{
	struct bh_schema s;
	const char *why = NULL;

	cr_assert_eq(bh_schema_check(&s, blob, len, &why), 0, "%s", why ? why : "");
	return s;
}

Test(msg_schema, generated_schemas_describe_the_specs)
{
	struct bh_schema s = load(rt_Server_entity_schema, sizeof(rt_Server_entity_schema));
	const struct bh_schema_iface *i;

	cr_expect_str_eq(bh_schema_str(&s, s.hdr->name), "rt.Server");
	cr_assert_eq(s.hdr->nendpoints, 2);
	cr_expect_str_eq(bh_schema_str(&s, s.endpoints[0].name), "every");
	cr_expect_str_eq(bh_schema_str(&s, s.endpoints[1].name), "sub.again");
	cr_expect_eq(s.endpoints[0].iface, s.endpoints[1].iface);
	cr_assert_eq(s.hdr->nifaces, 1);
	i = bh_schema_iface_by_name(&s, "rt.Every");
	cr_assert_not_null(i);
	cr_assert_eq(i->nmethods, 8);
	cr_expect_str_eq(bh_schema_str(&s, bh_schema_method(&s, i, rt_Every_Fail_mid)->name),
			 "Fail");
	cr_expect_null(bh_schema_method(&s, i, 8));
	const struct bh_schema_method *m = bh_schema_method(&s, i, rt_Every_Texts_mid);

	cr_expect_eq(s.types[m->request].size, sizeof(struct rt_Every_Texts_req));
	cr_expect_eq(s.types[m->response].size, sizeof(struct rt_Every_Texts_res));
	cr_expect_eq(m->error, BH_SCHEMA_NONE);
	m = bh_schema_method(&s, i, rt_Every_Fail_mid);
	cr_assert_neq(m->error, BH_SCHEMA_NONE);
	cr_expect_eq(s.types[m->error].nfields, 2);
	cr_expect_eq(s.fields[s.types[m->error].first_field].offset,
		     offsetof(struct rt_Every_Fail_res, reason));

	struct bh_schema p = load(rt_Every_schema, sizeof(rt_Every_schema));

	cr_expect_eq(p.hdr->nendpoints, 0);
	cr_expect_not_null(bh_schema_iface_by_name(&p, "rt.Every"));
}

static void good_texts(struct rt_Every_Texts_req *req, char *arena, size_t *len)
{
	memset(req, 0, sizeof(*req));
	nk_msg_init(&req->base, sizeof(*req), 0, rt_Every_Texts_mid);
	memcpy(arena, "abc", 4);
	req->name = (nk_ptr_t){0, 4};
	*len = 8;
	req->base.arena_size = 8;
}

Test(msg_schema, damaged_blobs_never_crash_the_validator)
{
	size_t len = sizeof(rt_Server_entity_schema);
	nk_uint32_t *copy = malloc(len);
	struct rt_Every_Texts_req req;
	_Alignas(8) char arena[16];
	size_t alen;
	unsigned int refused = 0, tried = 0;
	static const unsigned char masks[] = {0x01, 0x80, 0xff};

	cr_assert_not_null(copy);
	good_texts(&req, arena, &alen);
	for (size_t at = 0; at < len; at++) {
		for (size_t k = 0; k < sizeof(masks); k++) {
			struct bh_schema s;
			const char *why;

			memcpy(copy, rt_Server_entity_schema, len);
			((unsigned char *)copy)[at] ^= masks[k];
			tried++;
			if (bh_schema_check(&s, copy, len, &why)) {
				refused++;
				continue;
			}
			/* Still consistent: validation must still terminate sanely. */
			for (uint32_t e = 0; e < s.hdr->nendpoints; e++)
				bh_msg_validate(&s, &s.ifaces[s.endpoints[e].iface], BH_MSG_REQUEST,
						&req, sizeof(req), arena, alen, NULL);
		}
	}
	free(copy);
	cr_expect_gt(refused, tried / 2, "only %u of %u damaged blobs refused", refused, tried);
}

Test(msg_schema, header_damage_is_named)
{
	nk_uint32_t copy[sizeof(rt_Every_schema) / 4];
	struct bh_schema s;
	const char *why;

	memcpy(copy, rt_Every_schema, sizeof(copy));
	copy[0] ^= 1;
	cr_expect_eq(bh_schema_check(&s, copy, sizeof(copy), &why), -1);
	cr_expect_str_eq(why, "not a schema (bad magic)");
	memcpy(copy, rt_Every_schema, sizeof(copy));
	cr_expect_eq(bh_schema_check(&s, copy, sizeof(copy) - 4, &why), -1);
	cr_expect_str_eq(why, "the schema's size field does not match its length");
	cr_expect_eq(bh_schema_check(&s, copy, 8, &why), -1);
	cr_expect_eq(bh_schema_check(&s, (char *)copy + 1, sizeof(copy) - 4, &why), -1);
	cr_expect_str_eq(why, "the schema is not 4-byte aligned");
}

Test(msg_schema, aliased_chunks_cannot_multiply_the_work)
{
	struct bh_schema s = load(rt_Every_schema, sizeof(rt_Every_schema));
	const struct bh_schema_iface *i = &s.ifaces[0];
	struct rt_Every_Deep_req req;
	enum { INNER = 4096, OUTER = 8192 };
	size_t alen = INNER + OUTER * sizeof(nk_ptr_t);
	_Alignas(8) static char arena[INNER + OUTER * sizeof(nk_ptr_t)];
	nk_ptr_t *outer = (nk_ptr_t *)(arena + INNER);
	struct bh_msg_fault f;

	memset(arena, 0, INNER); /* INNER valid Booleans */
	for (int k = 0; k < OUTER; k++)
		outer[k] = (nk_ptr_t){0, INNER}; /* every row is the same row */
	memset(&req, 0, sizeof(req));
	nk_msg_init(&req.base, sizeof(req), 0, rt_Every_Deep_mid);
	req.base.arena_size = (nk_uint32_t)alen;
	req.grid = (nk_ptr_t){INNER, OUTER * sizeof(nk_ptr_t)};
	cr_expect_eq(bh_msg_validate(&s, i, BH_MSG_REQUEST, &req, sizeof(req), arena, alen, &f),
		     BH_MSG_ECOMPLEX);
	cr_expect_str_eq(f.field, "grid");

	/* The same shape without aliasing is fine. */
	req.grid = (nk_ptr_t){INNER, 2 * sizeof(nk_ptr_t)};
	outer[1] = (nk_ptr_t){0, INNER / 2};
	cr_expect_eq(bh_msg_validate(&s, i, BH_MSG_REQUEST, &req, sizeof(req), arena, alen, &f),
		     BH_MSG_OK);
	/* A Boolean that is not 0 or 1 deep inside. */
	arena[100] = 3;
	cr_expect_eq(bh_msg_validate(&s, i, BH_MSG_REQUEST, &req, sizeof(req), arena, alen, &f),
		     BH_MSG_EVALUE);
}

Test(msg_schema, response_kinds)
{
	struct bh_schema s = load(rt_Every_schema, sizeof(rt_Every_schema));
	const struct bh_schema_iface *i = &s.ifaces[0];
	struct rt_Every_Fail_res res;
	struct rt_Every_Nothing_res nres;
	_Alignas(8) char arena[8] = "why";

	memset(&res, 0, sizeof(res));
	nk_msg_init(&res.base, sizeof(res), 0, rt_Every_Fail_mid);
	/* A plain response carries only `never`; the error chunk is not looked at. */
	cr_expect_eq(bh_msg_validate(&s, i, BH_MSG_RESPONSE, &res, sizeof(res), NULL, 0, NULL),
		     BH_MSG_OK);
	res.base.flags = BH_MSG_ERROR;
	cr_expect_eq(bh_msg_validate(&s, i, BH_MSG_RESPONSE, &res, sizeof(res), NULL, 0, NULL),
		     BH_MSG_ESTRING); /* why = {0, 0} is not a string */
	res.why = (nk_ptr_t){0, 4};
	res.base.arena_size = 8;
	cr_expect_eq(bh_msg_validate(&s, i, BH_MSG_RESPONSE, &res, sizeof(res), arena, 8, NULL),
		     BH_MSG_OK);
	/* A method without error parameters cannot answer with an error response. */
	memset(&nres, 0, sizeof(nres));
	nk_msg_init(&nres.base, sizeof(nres), 0, rt_Every_Nothing_mid);
	nres.base.flags = BH_MSG_ERROR;
	cr_expect_eq(bh_msg_validate(&s, i, BH_MSG_RESPONSE, &nres, sizeof(nres), NULL, 0, NULL),
		     BH_MSG_EMETHOD);
	res.base.flags = 0x8000;
	cr_expect_eq(bh_msg_validate(&s, i, BH_MSG_RESPONSE, &res, sizeof(res), arena, 8, NULL),
		     BH_MSG_EHEADER);
	cr_expect_eq(bh_msg_validate(&s, i, BH_MSG_RESPONSE, &res, 16, arena, 8, NULL),
		     BH_MSG_EHEADER);
}

Test(msg_schema, named_fields_of_a_message)
{
	struct bh_schema s = load(rt_Every_schema, sizeof(rt_Every_schema));
	const struct bh_schema_method *m = bh_schema_method(&s, &s.ifaces[0], rt_Every_Records_mid);
	struct rt_Every_Records_req req;
	uint32_t t;
	const void *at;

	memset(&req, 0, sizeof(req));
	req.rec.tag = 9;
	req.val.tag = rt_Every_Value_at_tag;
	req.val.u.at.y = -3;
	cr_assert_eq(bh_msg_field(&s, m->request, &req, sizeof(req), "rec.tag", &t, &at), 0);
	cr_expect_eq(s.types[t].kind, BH_SK_UINT8);
	cr_expect_eq(at, &req.rec.tag);
	cr_assert_eq(bh_msg_field(&s, m->request, &req, sizeof(req), "val.at.y", &t, &at), 0);
	cr_expect_eq(s.types[t].kind, BH_SK_SINT16);
	cr_expect_eq(*(const nk_sint16_t *)at, -3);
	cr_assert_eq(bh_msg_field(&s, m->request, &req, sizeof(req), "rec.name", &t, &at), 0);
	cr_expect_eq(s.types[t].kind, BH_SK_STRING);
	cr_expect_eq(at, &req.rec.name);
	/* The union holds `at`, not `number`. */
	cr_expect_eq(bh_msg_field(&s, m->request, &req, sizeof(req), "val.number", &t, &at), -1);
	cr_expect_eq(bh_msg_field(&s, m->request, &req, sizeof(req), "rec.nothing", &t, &at), -1);
	cr_expect_eq(bh_msg_field(&s, m->request, &req, sizeof(req), "rec.tag.x", &t, &at), -1);
	cr_expect_eq(bh_msg_field(&s, m->request, &req, 16, "rec", &t, &at), -1);
}

/* Version 2 names the class's security interface (or none); version-1 blobs still load. */
Test(msg_schema, the_security_interface_field)
{
	size_t len = sizeof(rt_Server_entity_schema);
	nk_uint32_t *copy = malloc(len);
	struct bh_schema_header *h = (struct bh_schema_header *)copy;
	struct bh_schema s = load(rt_Server_entity_schema, len);
	const char *why;

	cr_assert_not_null(copy);
	cr_expect_eq(s.hdr->version, BH_SCHEMA_VERSION);
	cr_expect_eq(s.hdr->security, BH_SCHEMA_NONE);
	cr_expect_null(s.security);
	cr_expect_null(bh_schema_riid_iface(&s, BH_MSG_RIID_SECURITY));
	cr_expect_eq(bh_schema_riid_iface(&s, 1), &s.ifaces[s.endpoints[1].iface]);
	cr_expect_null(bh_schema_riid_iface(&s, 2), "no third endpoint");

	memcpy(copy, rt_Server_entity_schema, len);
	h->security = 0;
	cr_assert_eq(bh_schema_check(&s, copy, len, &why), 0, "%s", why);
	cr_expect_eq(s.security, &s.ifaces[0]);
	cr_expect_eq(bh_schema_riid_iface(&s, BH_MSG_RIID_SECURITY), &s.ifaces[0]);

	h->version = BH_SCHEMA_VERSION_1; /* the fields are not read: no security interface */
	cr_assert_eq(bh_schema_check(&s, copy, len, &why), 0, "%s", why);
	cr_expect_null(s.security);

	memcpy(copy, rt_Server_entity_schema, len);
	h->security = h->nifaces;
	cr_expect_eq(bh_schema_check(&s, copy, len, &why), -1);
	cr_expect_str_eq(why, "the security interface is not an interface of the schema");
	memcpy(copy, rt_Server_entity_schema, len);
	h->reserved = 1;
	cr_expect_eq(bh_schema_check(&s, copy, len, &why), -1);
	cr_expect_str_eq(why, "the schema header's reserved field is not 0");
	free(copy);
}
