/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Structural validation of a message against its schema, before any policy rule sees it:
 * header fields, the exact constant-part size of the method, every arena chunk inside the
 * arena, strings NUL-terminated within their bound, bytes and sequences within theirs,
 * Boolean values 0 or 1, union tags naming a member. Freestanding, no allocation; the work
 * is bounded by the size of the message (chunks that alias each other cannot multiply it).
 */
#ifndef MSG_VALIDATE_H
#define MSG_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include <msg/schema.h>

enum bh_msg_kind { BH_MSG_REQUEST, BH_MSG_RESPONSE /* or error response, by its flag */ };

enum bh_msg_status {
	BH_MSG_OK = 0,
	BH_MSG_EHEADER,	 /* too short for a header, or a header field is wrong */
	BH_MSG_EMETHOD,	 /* mid out of range, or an error response the method cannot send */
	BH_MSG_ESIZE,	 /* constant part not the size of the method's message */
	BH_MSG_EARENA,	 /* arena size wrong, or a chunk outside the arena or misaligned */
	BH_MSG_ESTRING,	 /* a string not terminated, empty, or longer than its bound */
	BH_MSG_EBOUND,	 /* bytes or sequence longer than its bound, or not whole elements */
	BH_MSG_EVALUE,	 /* a Boolean other than 0/1, or a union tag naming no member */
	BH_MSG_ECOMPLEX, /* chunks refer to the same data so often the work would explode */
};

struct bh_msg_fault {
	enum bh_msg_status status;
	const char *field; /* name of the parameter or member at fault, or NULL */
};

/*
 * Validates a message of interface `iface` (from schema s): msg is the constant part
 * (msg_len bytes, 8-byte aligned), arena its arena (arena_len bytes, 8-byte aligned, may be
 * NULL when arena_len is 0). Returns BH_MSG_OK or the first problem, also stored in *fault
 * when fault is not NULL.
 */
enum bh_msg_status bh_msg_validate(const struct bh_schema *s, const struct bh_schema_iface *iface,
				   enum bh_msg_kind kind, const void *msg, size_t msg_len,
				   const void *arena, size_t arena_len, struct bh_msg_fault *fault);

/*
 * A named field of a validated message (`message.a.b` in PSL): path is dot-separated member
 * names from the message type `type` down (a union member is found only if the tag in the
 * message says it is present). On success *field_type is the field's schema type and *at
 * points at its bytes inside msg (for string, bytes and sequence: at its arena chunk).
 * Returns 0, or -1 if there is no such field, or the union holds another member.
 */
int bh_msg_field(const struct bh_schema *s, uint32_t type, const void *msg, size_t msg_len,
		 const char *path, uint32_t *field_type, const void **at);

/* A short English description of a status. */
const char *bh_msg_status_text(enum bh_msg_status st);

#endif
