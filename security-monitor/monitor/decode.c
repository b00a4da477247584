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
	const char *const *keys; /* NULL: the schema's names */
	const uint8_t *msg, *arena;
	uint32_t msg_len, arena_len;
	struct psl_arena *a;
};

static bool inside(uint32_t off, uint32_t len, uint32_t limit)
{
	return off <= limit && len <= limit - off;
}

/* Messages are little-endian, as the partitions and the monitor (aarch64 and the host). */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "decode.c reads little-endian");

/*
 * An integer of size 1, 2, 4 or 8 (the schema's sizes of integer kinds) at p: one load when
 * p is aligned to its size (the layouts idlc makes), bytes otherwise. Partitions are built
 * with -mstrict-align (their memory may be Device memory, where an unaligned load faults),
 * so the aligned case is a load through a pointer of the right type, not a memcpy.
 */
static inline __attribute__((always_inline)) int64_t read_int(const uint8_t *p, uint32_t size,
							      bool sign)
{
	uint64_t u = 0;

	if (!((uintptr_t)p & (size - 1))) {
		switch (size) {
		case 8:
			return *(const int64_t *)(const void *)p;
		case 4:
			return sign ? (int64_t) * (const int32_t *)(const void *)p
				    : (int64_t) * (const uint32_t *)(const void *)p;
		case 2:
			return sign ? (int64_t) * (const int16_t *)(const void *)p
				    : (int64_t) * (const uint16_t *)(const void *)p;
		case 1:
			return sign ? (int64_t) * (const int8_t *)p : (int64_t)*p;
		}
	}
	for (uint32_t i = 0; i < size && i < 8; i++)
		u |= (uint64_t)p[i] << (8 * i);
	if (sign && size && size < 8 && (u >> (8 * size - 1)) & 1)
		u |= ~0ull << (8 * size);
	return (int64_t)u;
}

/*
 * A value of an integer or boolean kind at p (inside the buffer: the caller checked), or false
 * for any other kind. Inline: most fields of most messages are scalars, and decode_fields
 * takes them without a call of decode each.
 */
static inline __attribute__((always_inline)) bool
decode_scalar(const struct bh_schema_type *t, const uint8_t *p, struct psl_value *out)
{
	switch (t->kind) {
	case BH_SK_SINT8:
	case BH_SK_SINT16:
	case BH_SK_SINT32:
	case BH_SK_SINT64:
		*out = psl_int(read_int(p, t->size, true));
		return true;
	case BH_SK_UINT8:
	case BH_SK_UINT16:
	case BH_SK_UINT32:
	case BH_SK_UINT64:
	case BH_SK_CHAR:
		*out = psl_int(read_int(p, t->size, false));
		return true;
	case BH_SK_BOOLEAN:
		*out = psl_bool(*p != 0);
		return true;
	}
	return false;
}

static bool decode(const struct src *c, uint32_t type, const uint8_t *base, uint32_t base_len,
		   uint32_t off, unsigned int depth, struct psl_value *out);

static const char *key_of(const struct src *c, uint32_t field)
{
	return c->keys ? c->keys[field] : bh_schema_str(c->s, c->s->fields[field].name);
}

/*
 * A structure as a dictionary, each field decoded in place into its entry. A name given twice
 * (no schema idlc makes has one) keeps one entry with the last value, as psl_dict_put does.
 */
static bool decode_fields(const struct src *c, const struct bh_schema_type *t, const uint8_t *base,
			  uint32_t base_len, uint32_t off, unsigned int depth,
			  struct psl_value *out)
{
	struct psl_dict_entry *ent = NULL;
	uint32_t n = 0;

	if (t->nfields && !(ent = psl_arena_alloc(c->a, sizeof(*ent) * (size_t)t->nfields)))
		return false;
	for (uint32_t i = 0; i < t->nfields; i++) {
		const struct bh_schema_field *f = &c->s->fields[t->first_field + i];
		const char *key = key_of(c, t->first_field + i);
		uint32_t at = 0;

		const struct bh_schema_type *ft = &c->s->types[f->type];
		uint32_t at_off = off + f->offset;

		while (at < n && ent[at].key != key && strcmp(ent[at].key, key))
			at++;
		/* a scalar in place, after decode's own checks */
		if (depth + 1 <= BH_SCHEMA_MAX_DEPTH + 2 && inside(at_off, ft->size, base_len) &&
		    decode_scalar(ft, base + at_off, &ent[at].value)) {
			if (at == n)
				ent[n++].key = key;
			continue;
		}
		if (!decode(c, f->type, base, base_len, at_off, depth + 1, &ent[at].value))
			return false;
		if (at == n)
			ent[n++].key = key;
	}
	*out = (struct psl_value){.kind = PSL_V_DICT, .n = n, .entries = ent};
	return true;
}

/* n elements of type elem from off on, as a list, each decoded in place. */
static bool decode_elems(const struct src *c, uint32_t elem, const uint8_t *base, uint32_t base_len,
			 uint32_t off, uint32_t n, unsigned int depth, struct psl_value *out)
{
	uint32_t size = c->s->types[elem].size;
	struct psl_value *items = NULL;

	if (n && !(items = psl_arena_alloc(c->a, sizeof(*items) * (size_t)n)))
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!decode(c, elem, base, base_len, off + i * size, depth + 1, &items[i]))
			return false;
	*out = (struct psl_value){.kind = PSL_V_LIST, .n = n, .items = items};
	return true;
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
	if (decode_scalar(t, base + off, out))
		return true;
	switch (t->kind) {
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
		ch.offset = (uint32_t)read_int(base + off, 4, false);
		ch.size = (uint32_t)read_int(base + off + 4, 4, false);
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
		    !psl_dict_put(&b, key_of(c, t->first_field + tag), v))
			return false;
		*out = *b.value;
		return true;
	}
	default:
		return false;
	}
}

/* The message type of ev's kind of riid.mid in schema s, or BH_SCHEMA_NONE. */
static uint32_t message_type(const struct bh_schema *s, const struct bh_monitor_event *ev)
{
	const struct bh_schema_iface *iface;
	const struct bh_schema_method *meth;

	/* an endpoint's interface, or for a security event the class's security interface */
	iface = bh_schema_riid_iface(s, ev->riid);
	if (!iface || (ev->riid == BH_MSG_RIID_SECURITY) != (ev->kind == BH_SEC_SECURITY))
		return BH_SCHEMA_NONE;
	meth = bh_schema_method(s, iface, ev->mid);
	if (!meth)
		return BH_SCHEMA_NONE;
	if (ev->kind == BH_SEC_REQUEST || ev->kind == BH_SEC_SECURITY)
		return meth->request;
	return ev->kind == BH_SEC_RESPONSE ? meth->response : meth->error;
}

/* Whether type is flat (monitor.h), and its fields if so. */
static void flat_fields(const struct src *c, uint32_t type, struct monitor_type_memo *memo)
{
	const struct bh_schema_type *t = &c->s->types[type];

	memo->flat = false;
	if ((t->kind != BH_SK_STRUCT && t->kind != BH_SK_MESSAGE) ||
	    t->nfields > MONITOR_FLAT_FIELDS)
		return;
	for (uint32_t i = 0; i < t->nfields; i++) {
		const struct bh_schema_field *f = &c->s->fields[t->first_field + i];
		const struct bh_schema_type *ft = &c->s->types[f->type];
		struct monitor_flat_field *ff = &memo->flat_fields[i];
		struct psl_value probe;
		static const uint8_t zeros[8] __attribute__((aligned(8)));

		/* decode_scalar is the one list of scalar kinds: ask it, on zeros */
		if (ft->size > 8 || !decode_scalar(ft, zeros, &probe) ||
		    !inside(f->offset, ft->size, t->size))
			return;
		ff->type = ft;
		ff->offset = f->offset;
		ff->key = key_of(c, t->first_field + i);
		for (uint32_t j = 0; j < i; j++)
			if (!strcmp(memo->flat_fields[j].key, ff->key))
				return; /* a name given twice: decode_fields merges them */
	}
	memo->n_flat = t->nfields;
	memo->flat = true;
}

/* decode of a flat message: its size checked once, then each scalar field in turn. */
static bool decode_flat(struct monitor *m, const struct monitor_type_memo *memo,
			const struct bh_monitor_event *ev, struct psl_value *out)
{
	const uint8_t *msg = (const uint8_t *)(uintptr_t)ev->msg_ipa;
	struct psl_dict_entry *ent = NULL;

	if (!inside(0, memo->size, ev->msg_size))
		return false;
	if (memo->n_flat &&
	    !(ent = psl_arena_alloc(&m->values, sizeof(*ent) * (size_t)memo->n_flat)))
		return false;
	for (uint32_t i = 0; i < memo->n_flat; i++) {
		const struct monitor_flat_field *ff = &memo->flat_fields[i];

		ent[i].key = ff->key;
		(void)decode_scalar(ff->type, msg + ff->offset, &ent[i].value);
	}
	*out = (struct psl_value){.kind = PSL_V_DICT, .n = memo->n_flat, .entries = ent};
	return true;
}

static struct src source_of(struct monitor *m, const struct bh_monitor_event *ev)
{
	return (struct src){
	    .s = &m->schemas[ev->schema_sid],
	    .keys = m->field_keys[ev->schema_sid],
	    .msg = (const uint8_t *)(uintptr_t)ev->msg_ipa,
	    .msg_len = ev->msg_size,
	    .arena = (const uint8_t *)(uintptr_t)ev->arena_ipa,
	    .arena_len = ev->arena_size,
	    .a = &m->values,
	};
}

/* The memo for ev's (schema, endpoint, method, kind), once per change of them. */
static __attribute__((noinline)) void remember_type(struct monitor *m,
						     const struct bh_monitor_event *ev)
{
	struct monitor_type_memo *memo = &m->type_memo;
	struct src c = source_of(m, ev);

	memo->schema_sid = ev->schema_sid;
	memo->keys = c.keys;
	memo->riid = ev->riid;
	memo->mid = ev->mid;
	memo->kind = ev->kind;
	memo->type = message_type(c.s, ev);
	memo->flat = false;
	if (memo->type != BH_SCHEMA_NONE) {
		memo->size = c.s->types[memo->type].size;
		flat_fields(&c, memo->type, memo);
	}
	memo->valid = true;
}

static __attribute__((noinline)) bool decode_general(struct monitor *m,
						      const struct bh_monitor_event *ev,
						      uint32_t type, struct psl_value *out)
{
	struct src c = source_of(m, ev);

	return decode(&c, type, c.msg, c.msg_len, 0, 0, out);
}

bool monitor_decode(struct monitor *m, const struct bh_monitor_event *ev,
		    const struct psl_value **out)
{
	const struct monitor_type_memo *memo = &m->type_memo;
	struct psl_value *v;

	*out = NULL;
	if (ev->kind == BH_SEC_EXECUTE)
		return true; /* no message: an empty dictionary */
	if (ev->schema_sid >= m->info->nparts || !m->has_schema[ev->schema_sid])
		return false;
	/* events of one method tend to come in runs: the last one's type first */
	if (!memo->valid || memo->schema_sid != ev->schema_sid || memo->riid != ev->riid ||
	    memo->mid != ev->mid || memo->kind != ev->kind ||
	    memo->keys != m->field_keys[ev->schema_sid])
		remember_type(m, ev);
	if (memo->type == BH_SCHEMA_NONE || ev->msg_size < sizeof(SMsgHdr))
		return false;
	psl_arena_reset(&m->values);
	v = psl_arena_alloc(&m->values, sizeof(*v));
	if (!v)
		return false;
	if (memo->flat && !m->flat_off ? !decode_flat(m, memo, ev, v)
				       : !decode_general(m, ev, memo->type, v))
		return false;
	*out = v;
	return true;
}

uint32_t monitor_policy_fields(const struct psl_image *img, uint32_t *ids)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < img->n_nodes; i++) {
		uint32_t id = img->nodes[i].b, j;

		if (img->nodes[i].op != PSL_N_FIELD)
			continue;
		for (j = 0; j < n && ids[j] != id; j++)
			;
		if (j == n)
			ids[n++] = id;
	}
	return n;
}

void monitor_decode_share_names(struct monitor *m, uint32_t sid, const char **keys,
				const uint32_t *ids, uint32_t n_ids)
{
	const struct bh_schema *s = &m->schemas[sid];

	for (uint32_t f = 0; f < s->hdr->nfields; f++) {
		const char *name = bh_schema_str(s, s->fields[f].name);

		keys[f] = name;
		for (uint32_t i = 0; i < n_ids; i++) {
			const char *field;

			if (ids[i] >= m->img.strings_size) /* psl_image_string's check */
				continue;
			field = m->img.strings + ids[i];
			if (!strcmp(field, name)) {
				keys[f] = field;
				break;
			}
		}
	}
	m->field_keys[sid] = keys;
}
