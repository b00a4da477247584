// SPDX-License-Identifier: GPL-2.0-only
/*
 * Builds the schema blob (msg/schema.h) from the model: types in post order (children
 * first, as bh_schema_check requires), one request / response / error message type per
 * method, interfaces in first-use order and, for a class or component, its flattened
 * endpoints in RIID order. Typedefs are transparent: a schema type is what travels.
 */
#include <stdlib.h>
#include <string.h>

#include <uapi/bulkhead/msg.h>
#include <msg/schema.h>

#include "idlc.h"

struct vec {
	void *data;
	size_t n, cap, rec;
};

static void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *d = realloc(v->data, cap * v->rec);

		if (!d) {
			fputs("idlc: out of memory\n", stderr);
			exit(2);
		}
		v->data = d;
		v->cap = cap;
	}
	return memset((char *)v->data + v->n++ * v->rec, 0, v->rec);
}

struct builder {
	struct vec types, fields, methods, ifaces, endpoints, strings;
	struct vec memo; /* (spec_type *, index) */
	const struct spec_interface **seen;
	size_t nseen;
	char *err;
	size_t errlen;
};

struct memo {
	const struct spec_type *t;
	uint32_t index;
};

static uint32_t str(struct builder *b, const char *s)
{
	size_t n = strlen(s) + 1, at;

	/* Reuse an identical string: names repeat a lot (field names, type names). */
	for (at = 1; at + n <= b->strings.n; at++)
		if (!memcmp((char *)b->strings.data + at, s, n) &&
		    ((char *)b->strings.data)[at - 1] == '\0')
			return (uint32_t)at;
	at = b->strings.n;
	for (size_t i = 0; i < n; i++)
		*(char *)vec_push(&b->strings) = s[i];
	return (uint32_t)at;
}

static uint32_t kind_of(enum spec_type_kind k)
{
	static const uint32_t map[] = {
	    [SPEC_T_SINT8] = BH_SK_SINT8,	[SPEC_T_SINT16] = BH_SK_SINT16,
	    [SPEC_T_SINT32] = BH_SK_SINT32,	[SPEC_T_SINT64] = BH_SK_SINT64,
	    [SPEC_T_UINT8] = BH_SK_UINT8,	[SPEC_T_UINT16] = BH_SK_UINT16,
	    [SPEC_T_UINT32] = BH_SK_UINT32,	[SPEC_T_UINT64] = BH_SK_UINT64,
	    [SPEC_T_BOOLEAN] = BH_SK_BOOLEAN,	[SPEC_T_CHAR] = BH_SK_CHAR,
	    [SPEC_T_HANDLE] = BH_SK_HANDLE,	[SPEC_T_STRING] = BH_SK_STRING,
	    [SPEC_T_BYTES] = BH_SK_BYTES,	[SPEC_T_ARRAY] = BH_SK_ARRAY,
	    [SPEC_T_SEQUENCE] = BH_SK_SEQUENCE, [SPEC_T_STRUCT] = BH_SK_STRUCT,
	    [SPEC_T_UNION] = BH_SK_UNION,
	};
	return map[k];
}

static struct bh_schema_type *type_at(struct builder *b, uint32_t i)
{
	return (struct bh_schema_type *)b->types.data + i;
}

static bool add_type(struct builder *b, const struct spec_type *t, uint32_t *out);

/* Adds the fields of a struct or union; their types go first, then one run of fields. */
static bool add_fields(struct builder *b, const struct spec_type *t, uint64_t base, uint32_t *first,
		       uint32_t *check)
{
	uint32_t *types = calloc(t->nfields + 1, sizeof(*types));
	struct layout l, m = {0, 1};
	uint64_t off = 0;

	if (!types)
		return false;
	for (size_t i = 0; i < t->nfields; i++)
		if (!add_type(b, t->fields[i].type, &types[i])) {
			free(types);
			return false;
		}
	if (t->kind == SPEC_T_UNION) {
		for (size_t i = 0; i < t->nfields; i++) {
			layout_of(t->fields[i].type, &l, b->err, b->errlen);
			m.size = l.size > m.size ? l.size : m.size;
			m.align = l.align > m.align ? l.align : m.align;
		}
		base += union_member_offset(&m);
		*check = 1;
	}
	*first = (uint32_t)b->fields.n;
	for (size_t i = 0; i < t->nfields; i++) {
		struct bh_schema_field *f = vec_push(&b->fields);

		layout_of(t->fields[i].type, &l, b->err, b->errlen);
		if (t->kind == SPEC_T_STRUCT)
			off = (off + l.align - 1) & ~(l.align - 1);
		f->name = str(b, t->fields[i].name);
		f->type = types[i];
		f->offset = (uint32_t)(base + (t->kind == SPEC_T_STRUCT ? off : 0));
		if (t->kind == SPEC_T_STRUCT)
			off += l.size;
		*check |= type_at(b, types[i])->flags & BH_SF_CHECK;
	}
	free(types);
	return true;
}

static bool add_type(struct builder *b, const struct spec_type *t, uint32_t *out)
{
	struct bh_schema_type st = {0};
	struct layout l;
	uint32_t elem = 0, check = 0;

	t = spec_type_resolve(t);
	for (size_t i = 0; i < b->memo.n; i++) {
		struct memo *m = (struct memo *)b->memo.data + i;

		if (m->t == t) {
			*out = m->index;
			return true;
		}
	}
	if (!layout_of(t, &l, b->err, b->errlen))
		return false;
	st.kind = kind_of(t->kind);
	st.size = (uint32_t)l.size;
	st.align = (uint32_t)l.align;
	switch (t->kind) {
	case SPEC_T_BOOLEAN:
		check = 1;
		break;
	case SPEC_T_STRING:
	case SPEC_T_BYTES:
		st.bound = (uint32_t)t->bound;
		check = 1;
		break;
	case SPEC_T_SEQUENCE:
	case SPEC_T_ARRAY:
		if (!add_type(b, t->elem, &elem))
			return false;
		st.elem = elem;
		st.bound = (uint32_t)t->bound;
		check = t->kind == SPEC_T_SEQUENCE || (type_at(b, elem)->flags & BH_SF_CHECK);
		break;
	case SPEC_T_STRUCT:
	case SPEC_T_UNION:
		if (!add_fields(b, t, 0, &st.first_field, &check))
			return false;
		st.nfields = (uint32_t)t->nfields;
		break;
	default:
		break;
	}
	if (t->name) {
		char *q = malloc(strlen(t->name) + (t->package ? strlen(t->package->name) : 0) + 2);

		if (!q)
			return false;
		if (t->package)
			sprintf(q, "%s.%s", t->package->name, t->name);
		else
			strcpy(q, t->name);
		st.name = str(b, q);
		free(q);
	}
	st.flags = check ? BH_SF_CHECK : 0;
	*out = (uint32_t)b->types.n;
	*(struct bh_schema_type *)vec_push(&b->types) = st;
	struct memo *m = vec_push(&b->memo);

	m->t = t;
	m->index = *out;
	return true;
}

/* A message type: SMsgHdr then the given fields (all, or only the error ones). */
static bool add_message(struct builder *b, const struct msg_layout *l, size_t from, size_t to,
			uint32_t *out)
{
	struct bh_schema_type st = {.kind = BH_SK_MESSAGE, .align = 8};
	uint32_t *types = calloc(to - from + 1, sizeof(*types));
	uint32_t check = 0;

	if (!types)
		return false;
	for (size_t i = from; i < to; i++)
		if (!add_type(b, l->fields[i].param->type, &types[i - from])) {
			free(types);
			return false;
		}
	st.size = (uint32_t)l->size;
	st.first_field = (uint32_t)b->fields.n;
	st.nfields = (uint32_t)(to - from);
	for (size_t i = from; i < to; i++) {
		struct bh_schema_field *f = vec_push(&b->fields);

		f->name = str(b, l->fields[i].param->name);
		f->type = types[i - from];
		f->offset = (uint32_t)l->fields[i].offset;
		check |= type_at(b, f->type)->flags & BH_SF_CHECK;
	}
	free(types);
	st.flags = check ? BH_SF_CHECK : 0;
	*out = (uint32_t)b->types.n;
	*(struct bh_schema_type *)vec_push(&b->types) = st;
	return true;
}

static bool add_iface(struct builder *b, const struct spec_interface *iface, uint32_t *out)
{
	struct bh_schema_iface *fi;
	struct bh_schema_method *ms;
	size_t first;

	for (size_t i = 0; i < b->nseen; i++)
		if (b->seen[i] == iface) {
			*out = (uint32_t)i;
			return true;
		}
	/* Methods of one interface are contiguous: reserve their records first. */
	first = b->methods.n;
	for (size_t i = 0; i < iface->nmethods; i++)
		vec_push(&b->methods);
	for (size_t i = 0; i < iface->nmethods; i++) {
		const struct spec_method *m = &iface->methods[i];
		struct msg_layout req, res;
		uint32_t rq, rs, er = BH_SCHEMA_NONE;
		bool ok;

		if (!msg_layout(m, false, &req, b->err, b->errlen))
			return false;
		if (!msg_layout(m, true, &res, b->err, b->errlen)) {
			msg_layout_free(&req);
			return false;
		}
		ok = add_message(b, &req, 0, req.nfields, &rq) &&
		     add_message(b, &res, 0, res.nfields - res.nerror, &rs) &&
		     (!res.nerror ||
		      add_message(b, &res, res.nfields - res.nerror, res.nfields, &er));
		msg_layout_free(&req);
		msg_layout_free(&res);
		if (!ok)
			return false;
		ms = (struct bh_schema_method *)b->methods.data + first + i;
		ms->name = str(b, m->name);
		ms->request = rq;
		ms->response = rs;
		ms->error = er;
	}
	fi = vec_push(&b->ifaces);
	fi->name = str(b, iface->name);
	fi->first_method = (uint32_t)first;
	fi->nmethods = (uint32_t)iface->nmethods;
	b->seen = realloc(b->seen, (b->nseen + 1) * sizeof(*b->seen));
	if (!b->seen)
		return false;
	b->seen[b->nseen] = iface;
	*out = (uint32_t)b->nseen++;
	return true;
}

static size_t place(size_t *at, const struct vec *v)
{
	size_t off = *at;

	*at += (v->n * v->rec + 3) & ~(size_t)3;
	return off;
}

bool schema_build(const struct spec_package *pkg, const struct spec_component *unit, uint8_t **blob,
		  size_t *len, char *err, size_t errlen)
{
	struct builder b = {
	    .types.rec = sizeof(struct bh_schema_type),
	    .fields.rec = sizeof(struct bh_schema_field),
	    .methods.rec = sizeof(struct bh_schema_method),
	    .ifaces.rec = sizeof(struct bh_schema_iface),
	    .endpoints.rec = sizeof(struct bh_schema_endpoint),
	    .strings.rec = 1,
	    .memo.rec = sizeof(struct memo),
	    .err = err,
	    .errlen = errlen,
	};
	struct bh_schema_header h = {.magic = BH_SCHEMA_MAGIC, .version = BH_SCHEMA_VERSION};
	uint32_t idx;
	bool ok = true;
	size_t at = sizeof(h);
	uint8_t *out;

	*(char *)vec_push(&b.strings) = '\0';
	h.name = str(&b, pkg ? pkg->name : unit->name);
	if (pkg && pkg->iface)
		ok = add_iface(&b, pkg->iface, &idx);
	for (size_t i = 0; ok && unit && i < unit->nflat; i++) {
		struct bh_schema_endpoint *e;

		ok = add_iface(&b, unit->flat[i].iface, &idx);
		if (!ok)
			break;
		e = vec_push(&b.endpoints);
		e->name = str(&b, unit->flat[i].qname);
		e->iface = idx;
	}
	h.security = BH_SCHEMA_NONE;
	if (ok && unit && spec_security_interface(unit)) {
		ok = add_iface(&b, spec_security_interface(unit), &idx);
		h.security = idx;
	}
	if (ok) {
		h.ntypes = (uint32_t)b.types.n;
		h.types_off = (uint32_t)place(&at, &b.types);
		h.nfields = (uint32_t)b.fields.n;
		h.fields_off = (uint32_t)place(&at, &b.fields);
		h.nmethods = (uint32_t)b.methods.n;
		h.methods_off = (uint32_t)place(&at, &b.methods);
		h.nifaces = (uint32_t)b.ifaces.n;
		h.ifaces_off = (uint32_t)place(&at, &b.ifaces);
		h.nendpoints = (uint32_t)b.endpoints.n;
		h.endpoints_off = (uint32_t)place(&at, &b.endpoints);
		h.strings_off = (uint32_t)at;
		h.strings_size = (uint32_t)b.strings.n;
		at += (b.strings.n + 3) & ~(size_t)3;
		h.size = (uint32_t)at;
		out = calloc(1, at);
		ok = out != NULL;
	}
	if (ok) {
		const struct vec *parts[] = {&b.types,	&b.fields,    &b.methods,
					     &b.ifaces, &b.endpoints, &b.strings};
		const uint32_t offs[] = {h.types_off,  h.fields_off,	h.methods_off,
					 h.ifaces_off, h.endpoints_off, h.strings_off};

		memcpy(out, &h, sizeof(h));
		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
			if (parts[i]->n)
				memcpy(out + offs[i], parts[i]->data, parts[i]->n * parts[i]->rec);
		*blob = out;
		*len = at;
	}
	free(b.types.data);
	free(b.fields.data);
	free(b.methods.data);
	free(b.ifaces.data);
	free(b.endpoints.data);
	free(b.strings.data);
	free(b.memo.data);
	free(b.seen);
	return ok;
}
