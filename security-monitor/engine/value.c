// SPDX-License-Identifier: GPL-2.0-only
/*
 * PSL values: constructors, the arena, builders, comparison and the canonical encoding that
 * model state stores values in.
 */
#include <string.h>

#include "psl/value.h"

void psl_arena_init(struct psl_arena *a, void *buf, size_t size)
{
	a->base = buf;
	a->size = size;
	a->used = 0;
}

struct psl_value psl_cstr(const char *s)
{
	return psl_text(s, (uint32_t)strlen(s));
}

bool psl_list_new(struct psl_arena *a, struct psl_builder *b, uint32_t cap)
{
	struct psl_value *v = psl_arena_alloc(a, sizeof(*v));
	struct psl_value *items = cap ? psl_arena_alloc(a, sizeof(*items) * (size_t)cap) : NULL;

	if (!v || (cap && !items))
		return false;
	v->kind = PSL_V_LIST;
	v->n = 0;
	v->items = items;
	b->value = v;
	b->cap = cap;
	return true;
}

bool psl_list_add(struct psl_builder *b, struct psl_value item)
{
	if (b->value->n >= b->cap)
		return false;
	((struct psl_value *)b->value->items)[b->value->n++] = item;
	return true;
}

bool psl_dict_new(struct psl_arena *a, struct psl_builder *b, uint32_t cap)
{
	struct psl_value *v = psl_arena_alloc(a, sizeof(*v));
	struct psl_dict_entry *e = cap ? psl_arena_alloc(a, sizeof(*e) * (size_t)cap) : NULL;

	if (!v || (cap && !e))
		return false;
	v->kind = PSL_V_DICT;
	v->n = 0;
	v->entries = e;
	b->value = v;
	b->cap = cap;
	return true;
}

bool psl_dict_put(struct psl_builder *b, const char *key, struct psl_value val)
{
	struct psl_dict_entry *e = (struct psl_dict_entry *)b->value->entries;

	for (uint32_t i = 0; i < b->value->n; i++) {
		if (!strcmp(e[i].key, key)) {
			e[i].value = val;
			return true;
		}
	}
	if (b->value->n >= b->cap)
		return false;
	e[b->value->n].key = key;
	e[b->value->n].value = val;
	b->value->n++;
	return true;
}

bool psl_value_equal(const struct psl_value *a, const struct psl_value *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case PSL_V_UNIT:
		return true;
	case PSL_V_BOOL:
		return a->b == b->b;
	case PSL_V_INT:
		return a->i == b->i;
	case PSL_V_SID:
		return a->sid == b->sid;
	case PSL_V_TEXT:
		return a->n == b->n && !memcmp(a->text, b->text, a->n);
	case PSL_V_LIST:
		if (a->n != b->n)
			return false;
		for (uint32_t i = 0; i < a->n; i++)
			if (!psl_value_equal(&a->items[i], &b->items[i]))
				return false;
		return true;
	case PSL_V_DICT:
		/* Records are equal when they have the same fields with equal values. */
		if (a->n != b->n)
			return false;
		for (uint32_t i = 0; i < a->n; i++) {
			const struct psl_value *o = psl_dict_get(b, a->entries[i].key);
			if (!o || !psl_value_equal(&a->entries[i].value, o))
				return false;
		}
		return true;
	}
	return false;
}

bool psl_value_compare(const struct psl_value *a, const struct psl_value *b, int *order)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case PSL_V_INT:
		*order = a->i < b->i ? -1 : a->i > b->i;
		return true;
	case PSL_V_SID:
		*order = a->sid < b->sid ? -1 : a->sid > b->sid;
		return true;
	case PSL_V_TEXT: {
		uint32_t n = a->n < b->n ? a->n : b->n;
		int c = memcmp(a->text, b->text, n);
		*order = c ? (c < 0 ? -1 : 1) : (a->n < b->n ? -1 : a->n > b->n);
		return true;
	}
	default:
		return false;
	}
}

/*
 * Encoding: one tag byte, then for INT 8 bytes, SID 4, BOOL 1, TEXT a 4-byte length and the
 * bytes, LIST a 4-byte count and the items, DICT a count and (key length, key, value) triples.
 */
struct enc {
	uint8_t *p;
	size_t len, cap;
	bool ok;
};

static void put(struct enc *e, const void *src, size_t n)
{
	if (!e->ok || n > e->cap - e->len) {
		e->ok = false;
		return;
	}
	memcpy(e->p + e->len, src, n);
	e->len += n;
}

static void put_u32(struct enc *e, uint32_t v)
{
	uint8_t b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
	put(e, b, 4);
}

static void encode(struct enc *e, const struct psl_value *v, unsigned depth)
{
	uint8_t tag = v->kind;

	if (depth > 16) {
		e->ok = false;
		return;
	}
	put(e, &tag, 1);
	switch (v->kind) {
	case PSL_V_UNIT:
		break;
	case PSL_V_BOOL: {
		uint8_t b = v->b;
		put(e, &b, 1);
		break;
	}
	case PSL_V_INT:
		put_u32(e, (uint32_t)v->i);
		put_u32(e, (uint32_t)((uint64_t)v->i >> 32));
		break;
	case PSL_V_SID:
		put_u32(e, v->sid);
		break;
	case PSL_V_TEXT:
		put_u32(e, v->n);
		put(e, v->text, v->n);
		break;
	case PSL_V_LIST:
		put_u32(e, v->n);
		for (uint32_t i = 0; i < v->n; i++)
			encode(e, &v->items[i], depth + 1);
		break;
	case PSL_V_DICT:
		put_u32(e, v->n);
		for (uint32_t i = 0; i < v->n; i++) {
			uint32_t kl = (uint32_t)strlen(v->entries[i].key);
			put_u32(e, kl);
			put(e, v->entries[i].key, kl);
			encode(e, &v->entries[i].value, depth + 1);
		}
		break;
	default:
		e->ok = false;
	}
}

size_t psl_value_encode(const struct psl_value *v, uint8_t *out, size_t cap)
{
	struct enc e = {out, 0, cap, true};

	encode(&e, v, 0);
	return e.ok ? e.len : 0;
}

struct dec {
	const uint8_t *p;
	size_t pos, len;
	struct psl_arena *a;
};

static bool get_u32(struct dec *d, uint32_t *v)
{
	if (d->len - d->pos < 4)
		return false;
	*v = d->p[d->pos] | d->p[d->pos + 1] << 8 | d->p[d->pos + 2] << 16 |
	     (uint32_t)d->p[d->pos + 3] << 24;
	d->pos += 4;
	return true;
}

static bool decode(struct dec *d, struct psl_value *v, unsigned depth)
{
	uint32_t n, lo, hi;

	if (depth > 16 || d->pos >= d->len)
		return false;
	memset(v, 0, sizeof(*v));
	v->kind = d->p[d->pos++];
	switch (v->kind) {
	case PSL_V_UNIT:
		return true;
	case PSL_V_BOOL:
		if (d->pos >= d->len)
			return false;
		v->b = d->p[d->pos++] != 0;
		return true;
	case PSL_V_INT:
		if (!get_u32(d, &lo) || !get_u32(d, &hi))
			return false;
		v->i = (int64_t)((uint64_t)hi << 32 | lo);
		return true;
	case PSL_V_SID:
		return get_u32(d, &v->sid);
	case PSL_V_TEXT:
		if (!get_u32(d, &n) || d->len - d->pos < n)
			return false;
		v->n = n;
		v->text = (const char *)d->p + d->pos;
		d->pos += n;
		return true;
	case PSL_V_LIST: {
		struct psl_value *items;
		if (!get_u32(d, &n) || n > d->len)
			return false;
		items = psl_arena_alloc(d->a, sizeof(*items) * (size_t)(n ? n : 1));
		if (!items)
			return false;
		for (uint32_t i = 0; i < n; i++)
			if (!decode(d, &items[i], depth + 1))
				return false;
		v->n = n;
		v->items = items;
		return true;
	}
	case PSL_V_DICT: {
		struct psl_dict_entry *e;
		if (!get_u32(d, &n) || n > d->len)
			return false;
		e = psl_arena_alloc(d->a, sizeof(*e) * (size_t)(n ? n : 1));
		if (!e)
			return false;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t kl;
			char *key;
			if (!get_u32(d, &kl) || d->len - d->pos < kl)
				return false;
			key = psl_arena_alloc(d->a, kl + 1);
			if (!key)
				return false;
			memcpy(key, d->p + d->pos, kl);
			key[kl] = 0;
			d->pos += kl;
			e[i].key = key;
			if (!decode(d, &e[i].value, depth + 1))
				return false;
		}
		v->n = n;
		v->entries = e;
		return true;
	}
	}
	return false;
}

bool psl_value_decode(const uint8_t *in, size_t len, struct psl_arena *a, struct psl_value *v)
{
	struct dec d = {in, 0, len, a};

	return decode(&d, v, 0) && d.pos == len;
}
