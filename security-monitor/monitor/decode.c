// SPDX-License-Identifier: GPL-2.0-only
/*
 * A staged message as the engine's value. The hypervisor validated the message against the
 * same schema before it queued the event (bh_msg_validate), so every chunk lies inside the
 * arena and every string is terminated; the decoder still checks each read against the
 * buffers, so that a wrong schema or a bug cannot make it read past them.
 */
#include <string.h>

#include <uapi/bulkhead/msg.h>

#include "monitor.h"

struct src {
	const struct bh_schema *s;
	const uint8_t *msg, *arena;
	uint32_t msg_len, arena_len;
	struct psl_arena *a;
};

static bool inside(uint32_t off, uint32_t len, uint32_t limit)
{
	return off <= limit && len <= limit - off;
}

static bool decode(const struct src *c, uint32_t type, const uint8_t *base, uint32_t base_len,
		   uint32_t off, unsigned int depth, struct psl_value *out);

static bool decode_fields(const struct src *c, const struct bh_schema_type *t, const uint8_t *base,
			  uint32_t base_len, uint32_t off, unsigned int depth,
			  struct psl_value *out)
{
	struct psl_builder b;

	if (!psl_dict_new(c->a, &b, t->nfields))
		return false;
	for (uint32_t i = 0; i < t->nfields; i++) {
		const struct bh_schema_field *f = &c->s->fields[t->first_field + i];
		struct psl_value v;

		if (!decode(c, f->type, base, base_len, off + f->offset, depth + 1, &v) ||
		    !psl_dict_put(&b, bh_schema_str(c->s, f->name), v))
			return false;
	}
	*out = *b.value;
	return true;
}

static bool decode_elems(const struct src *c, uint32_t elem, const uint8_t *base, uint32_t base_len,
			 uint32_t off, uint32_t n, unsigned int depth, struct psl_value *out)
{
	uint32_t size = c->s->types[elem].size;
	struct psl_builder b;

	if (!psl_list_new(c->a, &b, n))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		struct psl_value v;

		if (!decode(c, elem, base, base_len, off + i * size, depth + 1, &v) ||
		    !psl_list_add(&b, v))
			return false;
	}
	*out = *b.value;
	return true;
}

static int64_t read_int(const uint8_t *p, uint32_t size, bool sign)
{
	uint64_t u = 0;

	for (uint32_t i = 0; i < size; i++)
		u |= (uint64_t)p[i] << (8 * i);
	if (sign && size < 8 && (u >> (8 * size - 1)) & 1)
		u |= ~0ull << (8 * size);
	return (int64_t)u;
}

static bool decode(const struct src *c, uint32_t type, const uint8_t *base, uint32_t base_len,
		   uint32_t off, unsigned int depth, struct psl_value *out)
{
	const struct bh_schema_type *t = &c->s->types[type];
	struct bh_arena_chunk ch;
	const struct bh_handle_desc *hd;
	struct psl_builder b;

	if (depth > BH_SCHEMA_MAX_DEPTH + 2 || !inside(off, t->size, base_len))
		return false;
	switch (t->kind) {
	case BH_SK_SINT8:
	case BH_SK_SINT16:
	case BH_SK_SINT32:
	case BH_SK_SINT64:
		*out = psl_int(read_int(base + off, t->size, true));
		return true;
	case BH_SK_UINT8:
	case BH_SK_UINT16:
	case BH_SK_UINT32:
	case BH_SK_UINT64:
	case BH_SK_CHAR:
		*out = psl_int(read_int(base + off, t->size, false));
		return true;
	case BH_SK_BOOLEAN:
		*out = psl_bool(base[off] != 0);
		return true;
	case BH_SK_HANDLE:
		hd = (const struct bh_handle_desc *)(base + off);
		if (!psl_dict_new(c->a, &b, 2) ||
		    !psl_dict_put(&b, "handle", psl_int(hd->handle)) ||
		    !psl_dict_put(&b, "rights", psl_int(hd->rights)))
			return false;
		*out = *b.value;
		return true;
	case BH_SK_STRING:
	case BH_SK_BYTES:
	case BH_SK_SEQUENCE:
		memcpy(&ch, base + off, sizeof(ch));
		if (!inside(ch.offset, ch.size, c->arena_len))
			return false;
		if (t->kind == BH_SK_STRING) /* the text without its NUL */
			*out =
			    psl_text((const char *)c->arena + ch.offset, ch.size ? ch.size - 1 : 0);
		else if (t->kind == BH_SK_BYTES)
			*out = psl_text((const char *)c->arena + ch.offset, ch.size);
		else
			return c->s->types[t->elem].size &&
			       decode_elems(c, t->elem, c->arena, c->arena_len, ch.offset,
					    ch.size / c->s->types[t->elem].size, depth, out);
		return true;
	case BH_SK_ARRAY:
		return decode_elems(c, t->elem, base, base_len, off, t->bound, depth, out);
	case BH_SK_STRUCT:
	case BH_SK_MESSAGE:
		return decode_fields(c, t, base, base_len, off, depth, out);
	case BH_SK_UNION: {
		uint32_t tag = (uint32_t)read_int(base + off, 4, false);
		const struct bh_schema_field *f;
		struct psl_value v;

		if (tag >= t->nfields)
			return false;
		f = &c->s->fields[t->first_field + tag];
		if (!decode(c, f->type, base, base_len, off + f->offset, depth + 1, &v) ||
		    !psl_dict_new(c->a, &b, 1) ||
		    !psl_dict_put(&b, bh_schema_str(c->s, f->name), v))
			return false;
		*out = *b.value;
		return true;
	}
	default:
		return false;
	}
}

bool monitor_decode(struct monitor *m, const struct bh_monitor_event *ev,
		    const struct psl_value **out)
{
	const struct bh_schema *s;
	const struct bh_schema_iface *iface;
	const struct bh_schema_method *meth;
	struct psl_value *v;
	struct src c;
	uint32_t type;

	*out = NULL;
	if (ev->kind == BH_SEC_EXECUTE)
		return true; /* no message: an empty dictionary */
	if (ev->schema_sid >= m->info->nparts || !m->has_schema[ev->schema_sid])
		return false;
	s = &m->schemas[ev->schema_sid];
	if (ev->riid >= s->hdr->nendpoints)
		return false;
	iface = &s->ifaces[s->endpoints[ev->riid].iface];
	meth = bh_schema_method(s, iface, ev->mid);
	if (!meth)
		return false;
	type = ev->kind == BH_SEC_REQUEST    ? meth->request
	       : ev->kind == BH_SEC_RESPONSE ? meth->response
					     : meth->error;
	if (type == BH_SCHEMA_NONE || ev->msg_size < sizeof(SMsgHdr))
		return false;
	c = (struct src){
	    .s = s,
	    .msg = (const uint8_t *)(uintptr_t)ev->msg_ipa,
	    .msg_len = ev->msg_size,
	    .arena = (const uint8_t *)(uintptr_t)ev->arena_ipa,
	    .arena_len = ev->arena_size,
	    .a = &m->values,
	};
	psl_arena_reset(&m->values);
	v = psl_arena_alloc(&m->values, sizeof(*v));
	if (!v || !decode(&c, type, c.msg, c.msg_len, 0, 0, v))
		return false;
	*out = v;
	return true;
}
