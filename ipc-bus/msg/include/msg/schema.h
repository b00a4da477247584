/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The message schema: what idlc knows about the layout of every message of a set of
 * interfaces, as a position-independent blob the security monitor can use without the
 * specifications: to check a message's structure before any rule runs (msg/validate.h) and
 * to find a named field in it (`message.a.b` in PSL).
 *
 * Layout: a header, then tables of fixed-size little-endian records, then a string area.
 * Every reference is an index into a table or an offset into the string area; the blob is
 * checked once (bh_schema_check) and then trusted by the functions that read it.
 * Types refer only to types with smaller indices, so the type graph has no cycles.
 */
#ifndef MSG_SCHEMA_H
#define MSG_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#define BH_SCHEMA_MAGIC 0x48435342u /* "BSCH" */
#define BH_SCHEMA_VERSION 2u    /* what idlc writes; version 1 (no `security`) is still read */
#define BH_SCHEMA_VERSION_1 1u
#define BH_SCHEMA_NONE 0xffffffffu /* "no type" (a method without an error response) */
#define BH_SCHEMA_MAX_DEPTH 32u	   /* nesting of types, checked by bh_schema_check */

enum bh_schema_kind {
	BH_SK_SINT8 = 1,
	BH_SK_SINT16,
	BH_SK_SINT32,
	BH_SK_SINT64,
	BH_SK_UINT8,
	BH_SK_UINT16,
	BH_SK_UINT32,
	BH_SK_UINT64,
	BH_SK_BOOLEAN,
	BH_SK_CHAR,
	BH_SK_HANDLE,	/* struct bh_handle_desc */
	BH_SK_STRING,	/* struct bh_arena_chunk: 1..bound+1 bytes ending in its first NUL */
	BH_SK_BYTES,	/* struct bh_arena_chunk: 0..bound bytes */
	BH_SK_SEQUENCE, /* struct bh_arena_chunk: 0..bound elements of type elem */
	BH_SK_ARRAY,	/* bound elements of elem, inline */
	BH_SK_STRUCT,	/* fields */
	BH_SK_UNION,	/* UInt32 tag at 0, then the member fields[tag] */
	BH_SK_MESSAGE,	/* a constant part: SMsgHdr, then fields (offsets from its start) */
	BH_SK_LAST = BH_SK_MESSAGE,
};

/* Type flags. */
#define BH_SF_CHECK 0x1u /* contains something validation must look at (chunks, Boolean, union) */

struct bh_schema_header {
	uint32_t magic, version;
	uint32_t size; /* of the whole blob */
	uint32_t ntypes, types_off;
	uint32_t nfields, fields_off;
	uint32_t nmethods, methods_off;
	uint32_t nifaces, ifaces_off;
	uint32_t nendpoints, endpoints_off;
	uint32_t strings_off, strings_size;
	uint32_t name; /* string: what the schema describes (class or package name) */
	/* Version 2 on (a version-1 header ends before these): */
	uint32_t security; /* the class's security interface (an ifaces index), or NONE */
	uint32_t reserved; /* 0 */
};

/* A version-1 header: everything before `security`. */
#define BH_SCHEMA_HEADER_V1_SIZE 64u
_Static_assert(sizeof(struct bh_schema_header) == BH_SCHEMA_HEADER_V1_SIZE + 8, "docs/idl.md");

struct bh_schema_type {
	uint32_t kind;	/* enum bh_schema_kind */
	uint32_t flags; /* BH_SF_* */
	uint32_t size, align;
	uint32_t bound;		       /* string, bytes, sequence, array */
	uint32_t elem;		       /* sequence, array: type index */
	uint32_t first_field, nfields; /* struct, union, message */
	uint32_t name;		       /* string offset; 0 = anonymous */
};

struct bh_schema_field {
	uint32_t name; /* string offset */
	uint32_t type;
	uint32_t offset; /* from the start of the enclosing struct / union / message */
};

struct bh_schema_method {
	uint32_t name;
	uint32_t request;  /* message type of the request */
	uint32_t response; /* message type of the response (out parameters) */
	uint32_t error;	   /* message type of an error response, or BH_SCHEMA_NONE */
};

struct bh_schema_iface {
	uint32_t name;
	uint32_t first_method, nmethods; /* methods in MID order */
};

struct bh_schema_endpoint {
	uint32_t name;	/* qualified endpoint name */
	uint32_t iface; /* its riid is its index in the table */
};

/* A checked blob. */
struct bh_schema {
	const uint8_t *blob;
	const struct bh_schema_header *hdr;
	const struct bh_schema_type *types;
	const struct bh_schema_field *fields;
	const struct bh_schema_method *methods;
	const struct bh_schema_iface *ifaces;
	const struct bh_schema_endpoint *endpoints;
	const char *strings;
	const struct bh_schema_iface *security; /* NULL: the class has no security interface */
};

/*
 * Checks that blob (len bytes, 4-byte aligned) is a well-formed schema and fills *s. Returns
 * 0, or -1 with *why naming the first problem.
 */
int bh_schema_check(struct bh_schema *s, const void *blob, size_t len, const char **why);

static inline const char *bh_schema_str(const struct bh_schema *s, uint32_t off)
{
	return s->strings + off;
}

/*
 * The interface messages with this riid belong to: the endpoint's, or the security
 * interface's for BH_MSG_RIID_SECURITY (uapi/bulkhead/msg.h); NULL if there is none.
 */
const struct bh_schema_iface *bh_schema_riid_iface(const struct bh_schema *s, uint32_t riid);

/* Interface by name; NULL if absent. */
const struct bh_schema_iface *bh_schema_iface_by_name(const struct bh_schema *s, const char *name);
/* The method `mid` of an interface; NULL if out of range. */
const struct bh_schema_method *bh_schema_method(const struct bh_schema *s,
						const struct bh_schema_iface *iface, uint32_t mid);

#endif
