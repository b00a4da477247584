// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checking a schema blob. The monitor gets schemas from a build artefact and then trusts
 * them while it looks at hostile messages, so everything the validator relies on is checked
 * here once: every index and offset in range, every string terminated, sizes and alignments
 * consistent with the kinds, types referring only to earlier types, and the BH_SF_CHECK
 * flag exactly what it must be (a missing flag would make the validator skip a check).
 *
 * Freestanding: no allocation, only <string.h>.
 */
#include <string.h>

#include <uapi/bulkhead/msg.h>
#include <msg/schema.h>

#define FAIL(msg)                                                                                  \
	do {                                                                                       \
		*why = (msg);                                                                      \
		return -1;                                                                         \
	} while (0)

static int table(const struct bh_schema_header *h, uint32_t off, uint32_t n, size_t rec)
{
	return off % 4 == 0 && off <= h->size && (uint64_t)n * rec <= (uint64_t)(h->size - off);
}

static int str_ok(const struct bh_schema_header *h, uint32_t off)
{
	return off < h->strings_size;
}

static int scalar_size(uint32_t kind)
{
	switch (kind) {
	case BH_SK_SINT8:
	case BH_SK_UINT8:
	case BH_SK_BOOLEAN:
	case BH_SK_CHAR:
		return 1;
	case BH_SK_SINT16:
	case BH_SK_UINT16:
		return 2;
	case BH_SK_SINT32:
	case BH_SK_UINT32:
		return 4;
	case BH_SK_SINT64:
	case BH_SK_UINT64:
		return 8;
	default:
		return 0;
	}
}

static int check_fields(const struct bh_schema *s, uint32_t i, const char **why)
{
	const struct bh_schema_type *t = &s->types[i];
	uint32_t min = t->kind == BH_SK_MESSAGE ? (uint32_t)sizeof(SMsgHdr)
		       : t->kind == BH_SK_UNION ? 4u
						: 0u;
	int check = t->kind == BH_SK_UNION;

	if ((uint64_t)t->first_field + t->nfields > s->hdr->nfields)
		FAIL("a type's fields are outside the field table");
	if (!t->nfields && t->kind != BH_SK_MESSAGE)
		FAIL("a struct or union without fields");
	for (uint32_t f = t->first_field; f < t->first_field + t->nfields; f++) {
		const struct bh_schema_field *fd = &s->fields[f];
		const struct bh_schema_type *ft;

		if (!str_ok(s->hdr, fd->name))
			FAIL("a field name is outside the string area");
		if (fd->type >= i)
			FAIL("a field refers to a type that is not declared before its struct");
		ft = &s->types[fd->type];
		if (ft->kind == BH_SK_MESSAGE)
			FAIL("a field of message type");
		if (fd->offset < min || fd->offset % ft->align ||
		    (uint64_t)fd->offset + ft->size > t->size)
			FAIL("a field lies outside its struct or is misaligned");
		if (ft->align > t->align && t->kind != BH_SK_MESSAGE)
			FAIL("a struct is less aligned than one of its fields");
		check |= (ft->flags & BH_SF_CHECK) != 0;
	}
	if (((t->flags & BH_SF_CHECK) != 0) != check)
		FAIL("a type's check flag does not match its contents");
	return 0;
}

static int check_type(const struct bh_schema *s, uint32_t i, const char **why)
{
	const struct bh_schema_type *t = &s->types[i];
	const struct bh_schema_type *e;
	int check;

	if (t->kind < BH_SK_SINT8 || t->kind > BH_SK_LAST)
		FAIL("a type of unknown kind");
	if (t->flags & ~BH_SF_CHECK)
		FAIL("a type with unknown flags");
	if (!str_ok(s->hdr, t->name))
		FAIL("a type name is outside the string area");
	if (t->align != 1 && t->align != 2 && t->align != 4 && t->align != 8)
		FAIL("a type's alignment is not 1, 2, 4 or 8");
	if (!t->size || t->size % t->align || t->size > BH_MSG_MAX_SIZE)
		FAIL("a type's size is 0, not a multiple of its alignment, or too large");
	if (scalar_size(t->kind)) {
		if (t->size != (uint32_t)scalar_size(t->kind) || t->align != t->size)
			FAIL("a scalar type with the wrong size");
		check = t->kind == BH_SK_BOOLEAN;
		goto flags;
	}
	switch (t->kind) {
	case BH_SK_HANDLE:
		if (t->size != sizeof(struct bh_handle_desc) || t->align != 4)
			FAIL("a Handle type with the wrong size");
		check = 0;
		goto flags;
	case BH_SK_STRING:
	case BH_SK_BYTES:
	case BH_SK_SEQUENCE:
		if (t->size != sizeof(struct bh_arena_chunk) || t->align != 4)
			FAIL("an arena chunk type with the wrong size");
		if (!t->bound || t->bound > BH_MSG_ARENA_MAX)
			FAIL("a string, bytes or sequence bound out of range");
		if (t->kind == BH_SK_SEQUENCE) {
			if (t->elem >= i)
				FAIL("a sequence of a type not declared before it");
			if (s->types[t->elem].kind == BH_SK_MESSAGE)
				FAIL("a sequence of messages");
		}
		check = 1;
		goto flags;
	case BH_SK_ARRAY:
		if (t->elem >= i)
			FAIL("an array of a type not declared before it");
		e = &s->types[t->elem];
		if (e->kind == BH_SK_MESSAGE || !t->bound ||
		    (uint64_t)e->size * t->bound != t->size || e->align != t->align)
			FAIL("an array whose size is not its length times its element size");
		check = (e->flags & BH_SF_CHECK) != 0;
		goto flags;
	case BH_SK_MESSAGE:
		if (t->size < sizeof(SMsgHdr) || t->align != 8)
			FAIL("a message type smaller than its header");
		/* fall through */
	case BH_SK_STRUCT:
	case BH_SK_UNION:
		return check_fields(s, i, why);
	}
	FAIL("a type of unknown kind");
flags:
	if (((t->flags & BH_SF_CHECK) != 0) != check)
		FAIL("a type's check flag does not match its contents");
	return 0;
}

static int is_message(const struct bh_schema *s, uint32_t t)
{
	return t < s->hdr->ntypes && s->types[t].kind == BH_SK_MESSAGE;
}

int bh_schema_check(struct bh_schema *s, const void *blob, size_t len, const char **why)
{
	const struct bh_schema_header *h = blob;
	const uint8_t *b = blob;

	if (!blob || (uintptr_t)blob % 4)
		FAIL("the schema is not 4-byte aligned");
	if (len < BH_SCHEMA_HEADER_V1_SIZE)
		FAIL("the schema is shorter than its header");
	if (h->magic != BH_SCHEMA_MAGIC)
		FAIL("not a schema (bad magic)");
	if (h->version != BH_SCHEMA_VERSION && h->version != BH_SCHEMA_VERSION_1)
		FAIL("unsupported schema version");
	if (h->version != BH_SCHEMA_VERSION_1 && len < sizeof(*h))
		FAIL("the schema is shorter than its header");
	if (h->size != len)
		FAIL("the schema's size field does not match its length");
	if (!table(h, h->types_off, h->ntypes, sizeof(struct bh_schema_type)) ||
	    !table(h, h->fields_off, h->nfields, sizeof(struct bh_schema_field)) ||
	    !table(h, h->methods_off, h->nmethods, sizeof(struct bh_schema_method)) ||
	    !table(h, h->ifaces_off, h->nifaces, sizeof(struct bh_schema_iface)) ||
	    !table(h, h->endpoints_off, h->nendpoints, sizeof(struct bh_schema_endpoint)))
		FAIL("a table of the schema lies outside it");
	if (h->strings_off > h->size || h->strings_size > h->size - h->strings_off ||
	    !h->strings_size || b[h->strings_off] || b[h->strings_off + h->strings_size - 1])
		FAIL("the string area is outside the schema or not terminated");
	if (!str_ok(h, h->name))
		FAIL("the schema name is outside the string area");
	s->blob = b;
	s->hdr = h;
	s->types = (const void *)(b + h->types_off);
	s->fields = (const void *)(b + h->fields_off);
	s->methods = (const void *)(b + h->methods_off);
	s->ifaces = (const void *)(b + h->ifaces_off);
	s->endpoints = (const void *)(b + h->endpoints_off);
	s->strings = (const char *)(b + h->strings_off);
	for (uint32_t i = 0; i < h->ntypes; i++)
		if (check_type(s, i, why))
			return -1;
	for (uint32_t i = 0; i < h->nmethods; i++) {
		const struct bh_schema_method *m = &s->methods[i];

		if (!str_ok(h, m->name) || !is_message(s, m->request) ||
		    !is_message(s, m->response) ||
		    (m->error != BH_SCHEMA_NONE && !is_message(s, m->error)))
			FAIL("a method with a bad name or message type");
	}
	for (uint32_t i = 0; i < h->nifaces; i++) {
		const struct bh_schema_iface *f = &s->ifaces[i];

		if (!str_ok(h, f->name) || (uint64_t)f->first_method + f->nmethods > h->nmethods)
			FAIL("an interface with a bad name or method range");
	}
	for (uint32_t i = 0; i < h->nendpoints; i++)
		if (!str_ok(h, s->endpoints[i].name) || s->endpoints[i].iface >= h->nifaces)
			FAIL("an endpoint with a bad name or interface");
	s->security = NULL;
	if (h->version != BH_SCHEMA_VERSION_1) {
		if (h->reserved)
			FAIL("the schema header's reserved field is not 0");
		if (h->security != BH_SCHEMA_NONE && h->security >= h->nifaces)
			FAIL("the security interface is not an interface of the schema");
		if (h->security != BH_SCHEMA_NONE)
			s->security = &s->ifaces[h->security];
	}
	return 0;
}

const struct bh_schema_iface *bh_schema_riid_iface(const struct bh_schema *s, uint32_t riid)
{
	if (riid == BH_MSG_RIID_SECURITY)
		return s->security;
	if (riid >= s->hdr->nendpoints)
		return NULL;
	return &s->ifaces[s->endpoints[riid].iface];
}

const struct bh_schema_iface *bh_schema_iface_by_name(const struct bh_schema *s, const char *name)
{
	for (uint32_t i = 0; i < s->hdr->nifaces; i++)
		if (!strcmp(bh_schema_str(s, s->ifaces[i].name), name))
			return &s->ifaces[i];
	return NULL;
}

const struct bh_schema_method *bh_schema_method(const struct bh_schema *s,
						const struct bh_schema_iface *iface, uint32_t mid)
{
	if (mid >= iface->nmethods)
		return NULL;
	return &s->methods[iface->first_method + mid];
}
