// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wire layout of IDL types: the natural C layout of the generated structs on LP64 targets
 * (AArch64 and x86-64 agree), which the generated headers pin with _Static_assert:
 *   integers, Boolean, Char  their width, aligned to it
 *   Handle                   struct bh_handle_desc, 8 bytes, align 4
 *   string, bytes, sequence  struct bh_arena_chunk, 8 bytes, align 4 (the data is in the arena)
 *   array<T, N>              N * size(T), align(T)
 *   struct                   fields in order, each aligned, size rounded to the alignment
 *   union                    UInt32 tag, then the members at the same offset (aligned)
 *   message                  SMsgHdr (40 bytes, align 8), then the parameters like a struct
 */
#include <stdlib.h>
#include <string.h>

#include <uapi/bulkhead/msg.h>

#include "idlc.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static bool too_big(const struct spec_type *t, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s:%u:%u: type is larger than a message may be (%u bytes)",
		 t->loc.file ? t->loc.file : "?", t->loc.line, t->loc.column, BH_MSG_MAX_SIZE);
	return false;
}

uint64_t union_member_offset(const struct layout *members)
{
	return align_up(4, members->align);
}

bool layout_of(const struct spec_type *t, struct layout *out, char *err, size_t errlen)
{
	struct layout l = {0, 1}, e;

	switch (t->kind) {
	case SPEC_T_SINT8:
	case SPEC_T_UINT8:
	case SPEC_T_BOOLEAN:
	case SPEC_T_CHAR:
		l = (struct layout){1, 1};
		break;
	case SPEC_T_SINT16:
	case SPEC_T_UINT16:
		l = (struct layout){2, 2};
		break;
	case SPEC_T_SINT32:
	case SPEC_T_UINT32:
		l = (struct layout){4, 4};
		break;
	case SPEC_T_SINT64:
	case SPEC_T_UINT64:
		l = (struct layout){8, 8};
		break;
	case SPEC_T_HANDLE:
	case SPEC_T_STRING:
	case SPEC_T_BYTES:
	case SPEC_T_SEQUENCE:
		l = (struct layout){8, 4};
		break;
	case SPEC_T_ARRAY:
		if (!layout_of(t->elem, &e, err, errlen))
			return false;
		if (e.size * t->bound > BH_MSG_MAX_SIZE)
			return too_big(t, err, errlen);
		l = (struct layout){e.size * t->bound, e.align};
		break;
	case SPEC_T_TYPEDEF:
		return layout_of(t->elem, out, err, errlen);
	case SPEC_T_STRUCT:
		for (size_t i = 0; i < t->nfields; i++) {
			if (!layout_of(t->fields[i].type, &e, err, errlen))
				return false;
			l.size = align_up(l.size, e.align) + e.size;
			if (e.align > l.align)
				l.align = e.align;
			if (l.size > BH_MSG_MAX_SIZE)
				return too_big(t, err, errlen);
		}
		l.size = align_up(l.size, l.align);
		break;
	case SPEC_T_UNION: {
		struct layout m = {0, 1};

		for (size_t i = 0; i < t->nfields; i++) {
			if (!layout_of(t->fields[i].type, &e, err, errlen))
				return false;
			if (e.size > m.size)
				m.size = e.size;
			if (e.align > m.align)
				m.align = e.align;
		}
		m.size = align_up(m.size, m.align);
		l.align = m.align > 4 ? m.align : 4;
		l.size = align_up(union_member_offset(&m) + m.size, l.align);
		if (l.size > BH_MSG_MAX_SIZE)
			return too_big(t, err, errlen);
		break;
	}
	}
	*out = l;
	return true;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

uint64_t arena_max(const struct spec_type *t)
{
	struct layout e;
	char err[8];
	uint64_t n = 0;

	switch (t->kind) {
	case SPEC_T_STRING:
		return align_up(t->bound + 1, BH_MSG_ARENA_ALIGN);
	case SPEC_T_BYTES:
		return align_up(t->bound, BH_MSG_ARENA_ALIGN);
	case SPEC_T_SEQUENCE:
		if (!layout_of(t->elem, &e, err, sizeof(err)))
			return UINT64_MAX;
		return sat_add(align_up(sat_mul(e.size, t->bound), BH_MSG_ARENA_ALIGN),
			       sat_mul(arena_max(t->elem), t->bound));
	case SPEC_T_ARRAY:
		return sat_mul(arena_max(t->elem), t->bound);
	case SPEC_T_TYPEDEF:
		return arena_max(t->elem);
	case SPEC_T_STRUCT:
		for (size_t i = 0; i < t->nfields; i++)
			n = sat_add(n, arena_max(t->fields[i].type));
		return n;
	case SPEC_T_UNION:
		for (size_t i = 0; i < t->nfields; i++) {
			uint64_t m = arena_max(t->fields[i].type);

			n = m > n ? m : n;
		}
		return n;
	default:
		return 0;
	}
}

static bool add_field(struct msg_layout *l, const struct spec_param *p, uint64_t *size, char *err,
		      size_t errlen)
{
	struct layout e;

	if (!layout_of(p->type, &e, err, errlen))
		return false;
	*size = align_up(*size, e.align);
	l->fields[l->nfields].param = p;
	l->fields[l->nfields].offset = *size;
	l->nfields++;
	*size += e.size;
	l->arena = sat_add(l->arena, arena_max(p->type));
	return true;
}

bool msg_layout(const struct spec_method *m, bool response, struct msg_layout *out, char *err,
		size_t errlen)
{
	uint64_t size = sizeof(SMsgHdr);

	memset(out, 0, sizeof(*out));
	out->fields = calloc(m->nparams + 1, sizeof(*out->fields));
	if (!out->fields) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int pass = 0; pass < 2; pass++) {
		enum spec_dir want = !response ? SPEC_IN : pass == 0 ? SPEC_OUT : SPEC_ERROR;

		if (!response && pass)
			break;
		for (size_t i = 0; i < m->nparams; i++) {
			if (m->params[i].dir != want)
				continue;
			if (!add_field(out, &m->params[i], &size, err, errlen))
				goto fail;
			if (want == SPEC_ERROR)
				out->nerror++;
		}
	}
	out->size = align_up(size, 8);
	if (out->size > BH_MSG_MAX_SIZE) {
		snprintf(err, errlen,
			 "%s:%u:%u: the %s of method '%s' is %llu bytes, more than a message may "
			 "be (%u)",
			 m->loc.file, m->loc.line, m->loc.column, response ? "response" : "request",
			 m->name, (unsigned long long)out->size, BH_MSG_MAX_SIZE);
		goto fail;
	}
	if (out->arena > BH_MSG_ARENA_MAX)
		out->arena = BH_MSG_ARENA_MAX;
	return true;
fail:
	msg_layout_free(out);
	return false;
}

void msg_layout_free(struct msg_layout *l)
{
	free(l->fields);
	l->fields = NULL;
}
