// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer: the monitor's decoder on every message the validator accepts.
 *   byte 0      method (mod the number of methods)
 *   byte 1      bit 0 response, bit 1 error flag, bits 2..7 endpoint (mod the endpoints)
 *   bytes 2..3  length of the constant part taken from the data (the rest is the arena)
 * A message the hypervisor would deliver to the monitor (bh_msg_validate says OK) must decode
 * without reading outside its buffers (ASan) into a dictionary, or fail cleanly when the
 * value does not fit the arena; with the field keys of monitor_decode_share_names (inputs of
 * odd length) or the schema's names. A flat message (monitor.h) decodes to the value the
 * general decoder gives, key for key.
 */
#include <stdlib.h>
#include <string.h>

#include <rt/Server.edl.h>

#include <msg/schema.h>
#include <msg/validate.h>

#include "monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Alignas(8) uint8_t msg[BH_MSG_MAX_SIZE];
static _Alignas(8) uint8_t arena[64 * 1024];
static _Alignas(8) uint8_t values[64 * 1024];
static _Alignas(8) uint8_t general_values[64 * 1024];

/* The same dictionary: the same keys (pointers) in the same order, equal values. */
static bool same_dict(const struct psl_value *a, const struct psl_value *b)
{
	if (a->kind != PSL_V_DICT || b->kind != PSL_V_DICT || a->n != b->n)
		return false;
	for (uint32_t i = 0; i < a->n; i++)
		if (a->entries[i].key != b->entries[i].key ||
		    !psl_value_equal(&a->entries[i].value, &b->entries[i].value))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bh_monitor_info info = {.nparts = 1};
	static struct monitor mon, general;
	static int ready;
	static const char **keys;
	const struct bh_schema_iface *iface;
	const struct bh_schema_method *m;
	const struct psl_value *v, *gv;
	bool ok;
	struct bh_monitor_event ev;
	SMsgHdr *h = (SMsgHdr *)msg;
	size_t len, split, alen;
	uint32_t mid, kind, riid;

	if (!ready) {
		const char *why;

		if (bh_schema_check(&mon.schemas[0], rt_Server_entity_schema,
				    sizeof(rt_Server_entity_schema), &why))
			__builtin_trap();
		mon.has_schema[0] = true;
		mon.info = &info;
		/* a policy that reads no field: every key is the schema's own string */
		keys = calloc(mon.schemas[0].hdr->nfields + 1, sizeof(*keys));
		if (!keys)
			__builtin_trap();
		monitor_decode_share_names(&mon, 0, keys, NULL, 0);
		psl_arena_init(&mon.values, values, sizeof(values));
		general = mon;
		general.flat_off = true;
		psl_arena_init(&general.values, general_values, sizeof(general_values));
		ready = 1;
	}
	if (size < 4)
		return 0;
	/* decode with the keys monitor_decode_share_names made, or with the schema's names */
	mon.field_keys[0] = size & 1 ? keys : NULL;
	general.field_keys[0] = mon.field_keys[0];
	riid = (uint32_t)(data[1] >> 2) % mon.schemas[0].hdr->nendpoints;
	iface = &mon.schemas[0].ifaces[mon.schemas[0].endpoints[riid].iface];
	if (!iface->nmethods)
		return 0;
	mid = data[0] % iface->nmethods;
	m = bh_schema_method(&mon.schemas[0], iface, mid);
	kind = (data[1] & 1) ? BH_SEC_RESPONSE : BH_SEC_REQUEST;
	if ((data[1] & 3) == 3) {
		if (m->error == BH_SCHEMA_NONE)
			return 0;
		kind = BH_SEC_ERROR;
	}
	split = (size_t)(data[2] | data[3] << 8);
	data += 4;
	size -= 4;
	if (split > size)
		split = size;
	len = mon.schemas[0]
		  .types[kind == BH_SEC_REQUEST ? m->request
			 : kind == BH_SEC_ERROR ? m->error
						: m->response]
		  .size;
	memset(msg, 0, len);
	memcpy(msg, data, split < len ? split : len);
	alen = size - split;
	if (alen > sizeof(arena))
		alen = sizeof(arena);
	memcpy(arena, data + split, alen);
	h->size = (uint32_t)len;
	h->mid = (uint16_t)mid;
	h->flags = kind == BH_SEC_ERROR ? BH_MSG_ERROR : 0;
	h->reserved = 0;
	h->arena_size = (uint32_t)alen;
	if (bh_msg_validate(&mon.schemas[0], iface,
			    kind == BH_SEC_REQUEST ? BH_MSG_REQUEST : BH_MSG_RESPONSE, msg, len,
			    arena, alen, NULL) != BH_MSG_OK)
		return 0;
	/* What the hypervisor would queue for the monitor, pointing at the staged copy. */
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.schema_sid = 0;
	ev.riid = riid;
	ev.mid = mid;
	ev.msg_ipa = (uint64_t)(uintptr_t)msg;
	ev.msg_size = (uint32_t)len;
	ev.arena_ipa = alen ? (uint64_t)(uintptr_t)arena : 0;
	ev.arena_size = (uint32_t)alen;
	ok = monitor_decode(&mon, &ev, &v);
	if (ok && (!v || v->kind != PSL_V_DICT))
		__builtin_trap();
	if (monitor_decode(&general, &ev, &gv) != ok || (ok && !same_dict(v, gv)))
		__builtin_trap();
	return 0;
}
