/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The security monitor partition (docs/ipc.md §6): the policy engine deciding the events the
 * hypervisor's verdict table leaves to it. main.c runs the event loop, decode.c turns a staged
 * message into the engine's message value, audit.c carries audit records to the console.
 */
#ifndef MONITOR_H
#define MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include <msg/schema.h>
#include <psl/engine.h>
#include <uapi/bulkhead/monitor.h>

/* A field of a flat message: a scalar at offset, under its decoded key. */
struct monitor_flat_field {
	const struct bh_schema_type *type;
	uint32_t offset;
	const char *key;
};

/* Fields a flat message may have (more: the general decoder). */
#define MONITOR_FLAT_FIELDS 16

/*
 * The message type of the last event's (schema, endpoint, method, kind) (decode.c), and
 * whether it is flat: a structure of scalar fields of distinct names, each inside the
 * structure. A flat message decodes in one loop over those fields, to the same value.
 */
struct monitor_type_memo {
	uint32_t schema_sid, riid, mid, kind;
	const char *const *keys; /* the field keys of the schema then */
	uint32_t type; /* BH_SCHEMA_NONE: the schema has no message for it */
	uint32_t size; /* of the type */
	bool valid;
	bool flat;
	uint32_t n_flat;
	struct monitor_flat_field flat_fields[MONITOR_FLAT_FIELDS];
};

/* What the monitor knows of the solution: the window the hypervisor mapped, checked. */
struct monitor {
	const struct bh_monitor_info *info;
	struct psl_image img;
	struct psl_engine eng;
	struct bh_schema schemas[BH_MONITOR_MAX_PARTS];
	bool has_schema[BH_MONITOR_MAX_PARTS];
	struct psl_arena values; /* the decoded message of the current event */
	/*
	 * Per schema, the key of each field in decoded values (monitor_decode_share_names):
	 * the policy image's own string where the policy names that field, so that the engine
	 * finds it by pointer before comparing text; NULL: the schema's strings throughout.
	 */
	const char **field_keys[BH_MONITOR_MAX_PARTS];
	struct monitor_type_memo type_memo;
	/* every message through the general decoder (the fuzz target compares the two) */
	bool flat_off;
};

/*
 * The message of event ev (staged in the window) as the engine's value: a dictionary of the
 * parameters of its kind (request: in, response: out, error: error parameters). Returns false
 * when the event names no method of the schema or the value does not fit the arena.
 */
bool monitor_decode(struct monitor *m, const struct bh_monitor_event *ev,
		    const struct psl_value **out);

/* The distinct string ids of the policy's field accesses (x.name) into ids (n_nodes room). */
uint32_t monitor_policy_fields(const struct psl_image *img, uint32_t *ids);
/*
 * Fill keys (one per field of schema sid, hdr->nfields of them) and use them from now on:
 * for each field, the image's string of a field access of the policy (ids, from
 * monitor_policy_fields) with the same name, otherwise the schema's.
 */
void monitor_decode_share_names(struct monitor *m, uint32_t sid, const char **keys,
				const uint32_t *ids, uint32_t n_ids);

/* One record per decided event that is denied, or that the policy's audit profile asks for. */
struct audit_rec {
	uint32_t kind;
	uint32_t src_sid, dst_sid;
	uint32_t schema_sid, riid, mid;
	uint32_t status;  /* enum psl_status: PSL_OK when granted */
	uint32_t object;  /* the deciding (or denying) rule's object, PSL_NONE if none */
	uint32_t method;  /* its method (enum psl_method_id), PSL_NONE if none */
	uint32_t granted; /* the event's verdict */
	uint32_t state_from, state_to; /* Flow transitions, PSL_NONE otherwise */
};

/* Start the drain thread; it prints what audit_put queues, with names. */
bool audit_start(struct monitor *m);
/* Queue a record (never blocks: a full ring counts the loss, which is reported). */
void audit_put(const struct audit_rec *r);

#endif
