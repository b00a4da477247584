// SPDX-License-Identifier: GPL-2.0-only
/*
 * The validator walks a message along its (checked) schema. Every read is bounds-checked
 * against the buffer it is in; recursion is bounded by BH_SCHEMA_MAX_DEPTH and the number
 * of elements visited by the message's own size, so hostile chunks that all point at one
 * big sequence cannot make the monitor loop for long.
 */
#include <string.h>

#include <uapi/bulkhead/msg.h>
#include <msg/validate.h>

struct walk {
	const struct bh_schema *s;
	const uint8_t *arena;
	size_t arena_len;
	uint64_t budget; /* elements still allowed to be visited */
	struct bh_msg_fault *fault;
	const char *field;
};

static enum bh_msg_status fail(struct walk *w, enum bh_msg_status st)
{
	w->fault->status = st;
	w->fault->field = w->field;
	return st;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static enum bh_msg_status value(struct walk *w, uint32_t type, const uint8_t *p,
				unsigned int depth);

/* A chunk's bytes, checked: inside the arena, aligned for `align`. */
static enum bh_msg_status chunk(struct walk *w, const uint8_t *p, uint32_t align,
				const uint8_t **data, uint32_t *size)
{
	uint32_t off = rd32(p), len = rd32(p + 4);

	if (off > w->arena_len || len > w->arena_len - off || off % align)
		return fail(w, BH_MSG_EARENA);
	*data = w->arena + off;
	*size = len;
	return BH_MSG_OK;
}

static enum bh_msg_status elements(struct walk *w, uint32_t elem, const uint8_t *p, uint32_t count,
				   unsigned int depth)
{
	const struct bh_schema_type *e = &w->s->types[elem];
	enum bh_msg_status st;

	if (!(e->flags & BH_SF_CHECK))
		return BH_MSG_OK;
	if (count > w->budget)
		return fail(w, BH_MSG_ECOMPLEX);
	w->budget -= count;
	for (uint32_t i = 0; i < count; i++) {
		st = value(w, elem, p + (size_t)i * e->size, depth + 1);
		if (st)
			return st;
	}
	return BH_MSG_OK;
}

static enum bh_msg_status fields(struct walk *w, const struct bh_schema_type *t, const uint8_t *p,
				 unsigned int depth)
{
	for (uint32_t f = t->first_field; f < t->first_field + t->nfields; f++) {
		const struct bh_schema_field *fd = &w->s->fields[f];
		const char *outer = w->field;
		enum bh_msg_status st;

		if (!(w->s->types[fd->type].flags & BH_SF_CHECK))
			continue;
		/* Name the outermost field: that is the parameter a reader can look up. */
		if (!outer)
			w->field = bh_schema_str(w->s, fd->name);
		st = value(w, fd->type, p + fd->offset, depth + 1);
		w->field = outer;
		if (st) {
			if (!w->fault->field)
				w->fault->field = bh_schema_str(w->s, fd->name);
			return st;
		}
	}
	return BH_MSG_OK;
}

static enum bh_msg_status value(struct walk *w, uint32_t type, const uint8_t *p, unsigned int depth)
{
	const struct bh_schema_type *t = &w->s->types[type];
	const uint8_t *data;
	uint32_t size, tag;
	enum bh_msg_status st;

	if (depth > BH_SCHEMA_MAX_DEPTH)
		return fail(w, BH_MSG_ECOMPLEX);
	switch (t->kind) {
	case BH_SK_BOOLEAN:
		return *p > 1 ? fail(w, BH_MSG_EVALUE) : BH_MSG_OK;
	case BH_SK_STRING:
		if ((st = chunk(w, p, 1, &data, &size)))
			return st;
		if (!size || size > t->bound + 1u || memchr(data, '\0', size) != data + size - 1)
			return fail(w, BH_MSG_ESTRING);
		return BH_MSG_OK;
	case BH_SK_BYTES:
		if ((st = chunk(w, p, 1, &data, &size)))
			return st;
		return size > t->bound ? fail(w, BH_MSG_EBOUND) : BH_MSG_OK;
	case BH_SK_SEQUENCE: {
		const struct bh_schema_type *e = &w->s->types[t->elem];

		if ((st = chunk(w, p, e->align, &data, &size)))
			return st;
		if (size % e->size || size / e->size > t->bound)
			return fail(w, BH_MSG_EBOUND);
		return elements(w, t->elem, data, size / e->size, depth);
	}
	case BH_SK_ARRAY:
		return elements(w, t->elem, p, t->bound, depth);
	case BH_SK_STRUCT:
	case BH_SK_MESSAGE:
		return fields(w, t, p, depth);
	case BH_SK_UNION: {
		const struct bh_schema_field *fd;

		tag = rd32(p);
		if (tag >= t->nfields)
			return fail(w, BH_MSG_EVALUE);
		fd = &w->s->fields[t->first_field + tag];
		return value(w, fd->type, p + fd->offset, depth + 1);
	}
	default:
		return BH_MSG_OK;
	}
}

enum bh_msg_status bh_msg_validate(const struct bh_schema *s, const struct bh_schema_iface *iface,
				   enum bh_msg_kind kind, const void *msg, size_t msg_len,
				   const void *arena, size_t arena_len, struct bh_msg_fault *fault)
{
	struct bh_msg_fault local;
	struct walk w = {.s = s, .arena = arena, .arena_len = arena_len};
	const SMsgHdr *h = msg;
	const struct bh_schema_method *m;
	uint32_t type;

	w.fault = fault ? fault : &local;
	w.fault->status = BH_MSG_OK;
	w.fault->field = NULL;
	if (!msg || msg_len < sizeof(SMsgHdr) || (uintptr_t)msg % 8 || h->reserved ||
	    (h->flags & ~BH_MSG_FLAGS_ALL) || (kind == BH_MSG_REQUEST && h->flags))
		return fail(&w, BH_MSG_EHEADER);
	m = bh_schema_method(s, iface, h->mid);
	if (!m)
		return fail(&w, BH_MSG_EMETHOD);
	type = kind == BH_MSG_REQUEST	   ? m->request
	       : (h->flags & BH_MSG_ERROR) ? m->error
					   : m->response;
	if (type == BH_SCHEMA_NONE)
		return fail(&w, BH_MSG_EMETHOD);
	if (h->size != msg_len || msg_len != s->types[type].size)
		return fail(&w, BH_MSG_ESIZE);
	if (h->arena_size != arena_len || arena_len > BH_MSG_ARENA_MAX ||
	    (arena_len && (!arena || (uintptr_t)arena % BH_MSG_ARENA_ALIGN)))
		return fail(&w, BH_MSG_EARENA);
	/* Only fixed-size values whose every bit pattern is valid (schema.c checked the flag):
	 * the size check above was all there is to check. */
	if (!(s->types[type].flags & BH_SF_CHECK))
		return BH_MSG_OK;
	/* A message without aliasing visits at most one element per byte it carries. */
	w.budget = (uint64_t)msg_len + arena_len + 1;
	return value(&w, type, msg, 0);
}

const char *bh_msg_status_text(enum bh_msg_status st)
{
	switch (st) {
	case BH_MSG_OK:
		return "valid";
	case BH_MSG_EHEADER:
		return "bad message header";
	case BH_MSG_EMETHOD:
		return "no such method, or no error response for it";
	case BH_MSG_ESIZE:
		return "constant part has the wrong size for its method";
	case BH_MSG_EARENA:
		return "arena size wrong or a chunk outside the arena";
	case BH_MSG_ESTRING:
		return "string not terminated or longer than its bound";
	case BH_MSG_EBOUND:
		return "bytes or sequence longer than its bound";
	case BH_MSG_EVALUE:
		return "Boolean not 0 or 1, or union tag out of range";
	case BH_MSG_ECOMPLEX:
		return "message too deeply nested or too many aliased chunks";
	}
	return "unknown status";
}

int bh_msg_field(const struct bh_schema *s, uint32_t type, const void *msg, size_t msg_len,
		 const char *path, uint32_t *field_type, const void **at)
{
	const uint8_t *base = msg;
	size_t off = 0;

	if (type >= s->hdr->ntypes || s->types[type].size > msg_len)
		return -1;
	while (*path) {
		const struct bh_schema_type *t = &s->types[type];
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		uint32_t f, end = t->first_field + t->nfields;

		if (t->kind != BH_SK_STRUCT && t->kind != BH_SK_MESSAGE && t->kind != BH_SK_UNION)
			return -1;
		for (f = t->first_field; f < end; f++) {
			const char *name = bh_schema_str(s, s->fields[f].name);

			if (!strncmp(name, path, n) && !name[n])
				break;
		}
		if (f == end)
			return -1;
		/* A union member is only there when the tag names it. */
		if (t->kind == BH_SK_UNION && rd32(base + off) != f - t->first_field)
			return -1;
		off += s->fields[f].offset;
		type = s->fields[f].type;
		path += n;
		if (*path)
			path++;
	}
	*field_type = type;
	*at = base + off;
	return 0;
}
