/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * idlc: EDL/CDL/IDL -> C headers with the transport code of KasperskyOS's nk-gen-c (request
 * and response structs, unions that size buffers, ops tables, proxies, dispatchers, riid and
 * mid constants) plus the message schema (ipc-bus/msg/include/msg/schema.h) of the file.
 */
#ifndef IDLC_H
#define IDLC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <specs/specs.h>

/* ---- layout: sizes and offsets exactly as a C compiler lays the generated structs out ---- */

struct layout {
	uint64_t size, align;
};

/* Layout of a type; false (with a message) if it exceeds the message size limit. */
bool layout_of(const struct spec_type *t, struct layout *out, char *err, size_t errlen);
/* The largest arena a value of t can need (8-byte aligned chunks), saturating. */
uint64_t arena_max(const struct spec_type *t);
/* Offset of the union members after the tag. */
uint64_t union_member_offset(const struct layout *members);

/* The fields of one message: request (in) or response (out, then error). */
struct msg_field {
	const struct spec_param *param;
	uint64_t offset;
};

struct msg_layout {
	struct msg_field *fields; /* malloc'd */
	size_t nfields;
	size_t nerror; /* the last nerror fields are the error parameters (responses) */
	uint64_t size;
	uint64_t arena;
};

bool msg_layout(const struct spec_method *m, bool response, struct msg_layout *out, char *err,
		size_t errlen);
void msg_layout_free(struct msg_layout *l);

/* ---- outputs ---- */

/* C spelling of a dotted name: '.' becomes '_'. malloc'd. */
char *c_name(const char *dotted);
/* An identifier usable in C (a C keyword gets a trailing '_'). Static buffer per call site. */
const char *c_ident(const char *name, char *buf, size_t size);

/* The schema blob of a package's interface or of a unit's endpoints (malloc'd). */
bool schema_build(const struct spec_package *pkg, const struct spec_component *unit, uint8_t **blob,
		  size_t *len, char *err, size_t errlen);

/* Writes the header of a package or unit to f. */
bool gen_package(FILE *f, const struct spec_package *pkg, char *err, size_t errlen);
bool gen_unit(FILE *f, const struct spec_component *unit, char *err, size_t errlen);

#endif
